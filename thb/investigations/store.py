"""Storing followthemoney entities as statements with provenance (issue 8 §1; DESIGN.md §1: "FtM
entities/statements stored in Django (JSON + statement table)").

Each incoming value becomes one ``Statement`` naming its origin; the ``Entity`` row holds the merge of
everything known (FtM's own merge), so the same account seen in two files is one entity with the values of
both and two provenances. Callers run this inside their transaction: it writes all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.db import connection
from django.utils import timezone
from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy

from thb.core.exceptions import ValidationFailedError
from thb.core.models import User

from .models import DataImport, Entity, Investigation, Statement

BATCH = 1000
MAX_CAPTION = 300


@dataclass(frozen=True)
class Stored:
    entities: int  # entities created or added to
    created: int  # of which new
    statements: int


def _batches(items: Iterable[EntityProxy]) -> Iterator[list[EntityProxy]]:
    iterator = iter(items)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def first_value(properties: dict, *names: str) -> str:
    """The first value of the first of ``names`` the entity's properties hold, or ""."""
    for name in names:
        values = properties.get(name) or []
        if values:
            return str(values[0])
    return ""


def proxy_of(entity: Entity) -> EntityProxy:
    return model.get_proxy(
        {"id": entity.entity_id, "schema": entity.schema, "properties": entity.properties}, cleaned=True
    )


def _row_values(proxy: EntityProxy) -> tuple[str, str, dict]:
    return proxy.schema.name, str(proxy.caption or "")[:MAX_CAPTION], proxy.to_dict()["properties"]


_COPY_COLUMNS = (
    "investigation_id",
    "entity_id",
    "prop",
    "value",
    "origin",
    "data_import_id",
    "victim_case_id",
    "document",
    "created_by_id",
    "created_at",
)


def _insert_statements(rows: list[Statement]) -> None:
    """PostgreSQL: COPY (an import of 100,000 rows writes over half a million statements; COPY is several
    times faster than INSERTs, inside the same transaction). Other databases: bulk INSERTs."""
    if connection.vendor != "postgresql":
        Statement.objects.bulk_create(rows, batch_size=BATCH)
        return
    now = timezone.now()
    table = Statement._meta.db_table
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(_COPY_COLUMNS)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(
                (
                    row.investigation_id,
                    row.entity_id,
                    row.prop,
                    row.value,
                    row.origin,
                    row.data_import_id,
                    row.victim_case_id,
                    row.document,
                    row.created_by_id,
                    now,
                )
            )


def store_entities(
    *,
    investigation: Investigation,
    entities: Iterable[EntityProxy],
    actor: User,
    origin: str,
    data_import: DataImport | None = None,
    victim_case=None,
    document: str = "",
) -> Stored:
    touched = created = statements = 0
    now = timezone.now()
    for batch in _batches(entities):
        existing = {
            row.entity_id: row
            for row in Entity.objects.filter(
                investigation=investigation, entity_id__in=[proxy.id for proxy in batch]
            )
        }
        new_rows, changed_rows = [], []
        for proxy in batch:
            row = existing.get(str(proxy.id))
            if row is None:
                schema, caption, properties = _row_values(proxy)
                new_rows.append(
                    Entity(
                        investigation=investigation,
                        entity_id=str(proxy.id),
                        schema=schema,
                        caption=caption,
                        properties=properties,
                    )
                )
            else:
                merged = proxy_of(row)
                try:
                    merged.merge(proxy)  # FtM picks the common schema (LegalEntity + Person → Person)
                except InvalidData as exc:
                    raise ValidationFailedError(
                        f"entity {proxy.id}: a {proxy.schema.name} cannot be merged into the {row.schema} "
                        "already recorded under that id"
                    ) from exc
                row.schema, row.caption, row.properties = _row_values(merged)
                row.updated_at = now
                changed_rows.append(row)
        Entity.objects.bulk_create(new_rows, batch_size=BATCH)
        Entity.objects.bulk_update(changed_rows, ["schema", "caption", "properties", "updated_at"])
        by_id = {row.entity_id: row for row in [*new_rows, *changed_rows]}
        if any(row.pk is None for row in new_rows):  # databases that do not return ids on bulk insert
            by_id.update(
                (row.entity_id, row)
                for row in Entity.objects.filter(investigation=investigation, entity_id__in=list(by_id))
            )
        rows = [
            Statement(
                investigation=investigation,
                entity=by_id[str(proxy.id)],
                prop=prop.name,
                value=value,
                origin=origin,
                data_import=data_import,
                victim_case=victim_case,
                document=document,
                created_by=actor,
            )
            for proxy in batch
            for prop, value in proxy.itervalues()
        ]
        _insert_statements(rows)
        touched += len(batch)
        created += len(new_rows)
        statements += len(rows)
    return Stored(entities=touched, created=created, statements=statements)
