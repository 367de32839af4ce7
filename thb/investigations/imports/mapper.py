"""A table's rows become followthemoney entities through an import kind (kinds.py) and a column mapping.

Pure code, no database: the service (imports/service.py) stores what this returns, or nothing when it
reports errors — "row errors are reported precisely; nothing is half-imported" (issue 8 §1). Every error
names the spreadsheet row, the column and the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.util import make_entity_id

from ..normalise import NORMALISERS, ValueNotRecognised, address_key
from .kinds import ROW, EntitySpec, ImportKind

MAX_ERRORS = 200


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet's row number (the header is row 1); 0 for the mapping itself
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "mapping"
        return (
            f"{where}, column {self.column!r}: {self.message}" if self.column else f"{where}: {self.message}"
        )


@dataclass
class Mapped:
    entities: dict[str, EntityProxy] = field(default_factory=dict)
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    def error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(error)


def _folded(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", header.casefold()).strip("_")


def guess_columns(kind: ImportKind, headers: Iterable[str]) -> dict[str, str]:
    """The columns that fill a slot by their name alone (the slot's key or one of its aliases)."""
    by_folded = {_folded(header): header for header in headers}
    guessed: dict[str, str] = {}
    for slot in kind.slots:
        for name in (slot.key, *slot.aliases):
            if name in by_folded and by_folded[name] not in guessed.values():
                guessed[slot.key] = by_folded[name]
                break
    return guessed


def check_columns(kind: ImportKind, columns: Mapping[str, str], headers: Iterable[str]) -> list[RowError]:
    """Errors of the mapping itself: unknown slots, missing required slots, columns not in the file."""
    present = set(headers)
    errors = []
    for slot_key, column in columns.items():
        if slot_key not in kind.slot_by_key:
            errors.append(RowError(0, column, f"{slot_key!r} is not a field of {kind.key}"))
        elif column not in present:
            errors.append(RowError(0, column, "the file has no such column"))
    for slot in kind.slots:
        if slot.required and not columns.get(slot.key):
            errors.append(RowError(0, "", f"choose the column of {slot.label}"))
    if kind.one_of and not any(columns.get(key) for key in kind.one_of):
        labels = ", ".join(str(kind.slot_by_key[key].label) for key in kind.one_of)
        errors.append(RowError(0, "", f"choose a column for at least one of: {labels}"))
    return errors


def _values(kind: ImportKind, columns: Mapping[str, str], number: int, row: Mapping[str, str], out: Mapped):
    values: dict[str, str] = {}
    ok = True
    for slot in kind.slots:
        column = columns.get(slot.key)
        if not column:
            continue
        try:
            value = NORMALISERS[slot.kind](row.get(column, ""))
        except ValueNotRecognised as exc:
            out.error(RowError(number, column, str(exc)))
            ok = False
            continue
        if slot.required and not value:
            out.error(RowError(number, column, f"{slot.label} is empty"))
            ok = False
        values[slot.key] = value
        if value and slot.kind == "iban":
            values[f"{slot.key}__country"] = value[:2].lower()
        if value and slot.kind == "address":
            values[f"{slot.key}__key"] = address_key(value)
    if ok and kind.one_of and not any(values.get(key) for key in kind.one_of):
        labels = ", ".join(str(kind.slot_by_key[key].label) for key in kind.one_of)
        out.error(RowError(number, "", f"each row needs at least one of: {labels}"))
        ok = False
    return values if ok else None


def _entity(spec: EntitySpec, values: dict[str, str], ids: dict[str, str], *, prefix: str, row_key: str):
    key_values = []
    for key in spec.keys:
        value = row_key if key == ROW else values.get(key, "")
        if not value:
            return None
        key_values.append(value)
    key_values += [values.get(key, "") for key in spec.key_extras]
    # The id rests on the schema and the key values, not on the kind: one IBAN is one account in every file.
    entity = model.make_entity(spec.schema)
    entity.id = make_entity_id(prefix, spec.schema, *key_values)
    for prop, source in spec.properties.items():
        if source.startswith("@"):
            value = ids.get(source[1:], "")
        elif source.startswith("="):
            value = source[1:]
        else:
            value = values.get(source, "")
        if value:
            entity.add(prop, value, cleaned=True)
    return entity


def map_rows(
    kind: ImportKind,
    columns: Mapping[str, str],
    rows: Iterable[tuple[int, Mapping[str, str]]],
    *,
    prefix: str,
    row_prefix: str,
) -> Mapped:
    """The entities of every row, merged by id. ``prefix`` scopes ids to one investigation; ``row_prefix``
    (the import's id) keeps the events of two imports apart."""
    out = Mapped()
    for number, row in rows:
        out.rows += 1
        values = _values(kind, columns, number, row, out)
        if values is None:
            continue
        ids: dict[str, str] = {}
        for spec in kind.entities:
            entity = _entity(spec, values, ids, prefix=prefix, row_key=f"{row_prefix}:{number}")
            if entity is None or entity.id is None:
                continue
            ids[spec.name] = entity.id
            if entity.id in out.entities:
                out.entities[entity.id].merge(entity)
            else:
                out.entities[entity.id] = entity
    return out
