"""Importing a file into an investigation (issue 8 §1): a table of a known kind through a column mapping
(saved for the next file of the same source), or FtM JSON lines from Aleph.

The whole file is read, normalised and checked first; any row error refuses the file — the analyst gets
every error with its row and column (the first 200, and the count) and **nothing is written** but one audit
line saying the import was refused. An accepted file is stored in one transaction: its entities, every value
as a statement whose provenance is this import, and the import's own record. The same file twice in one
investigation is refused (its SHA-256 is kept).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thb.core.audit import record_change
from thb.core.encryption import decrypt_bytes, encrypt_bytes
from thb.core.exceptions import DomainError, ValidationFailedError
from thb.core.models import User

from ..models import DataImport, ImportDraft, ImportMapping, Investigation, StatementOrigin
from ..services import require_investigator, require_owner
from ..store import store_entities
from .ftm_lines import map_lines
from .kinds import KINDS
from .mapper import Mapped, RowError, check_columns, map_rows
from .reader import TableError, read_table

MAX_BYTES = 50 * 1024 * 1024
FTM_KIND = "ftm"


class ImportRefusedError(DomainError):
    """The file was not imported; ``errors`` say where and why (row, column, reason)."""

    code = "import_refused"
    status = 422

    def __init__(self, errors: list[RowError], error_count: int | None = None) -> None:
        self.errors = errors
        self.error_count = error_count if error_count is not None else len(errors)
        super().__init__(
            _("The file was not imported: %(n)s problem(s) to correct.") % {"n": self.error_count}
        )


def _clean_columns(columns: Mapping[str, str]) -> dict[str, str]:
    return {str(slot): str(column) for slot, column in columns.items() if slot and column}


def mapping_save(*, actor: User, kind: str, name: str, columns: Mapping[str, str]) -> ImportMapping:
    """Save (or replace) a named column mapping of the actor's organisation."""
    organisation = require_investigator(actor)
    if kind not in KINDS:
        raise ValidationFailedError(_("Choose a kind of file."), field="kind")
    name = " ".join(str(name or "").split())
    if not name or len(name) > 80:
        raise ValidationFailedError(
            _("Give the mapping a name (at most 80 characters)."), field="mapping_name"
        )
    columns = _clean_columns(columns)
    unknown = set(columns) - set(KINDS[kind].slot_by_key)
    if unknown:
        raise ValidationFailedError(_("Unknown field."), field=sorted(unknown)[0])
    with transaction.atomic():
        mapping, created = ImportMapping.objects.update_or_create(
            organisation=organisation,
            name=name,
            defaults={"kind": kind, "columns": columns, "created_by": actor},
        )
        record_change(
            actor=actor,
            action="investigations.mapping_save",
            obj=mapping,
            changes={"kind": kind, "columns": columns, "created": created},
        )
    return mapping


def _refuse(actor: User, investigation: Investigation, filename: str, mapped_or_errors) -> ImportRefusedError:
    errors, count = (
        (mapped_or_errors.errors, mapped_or_errors.error_count)
        if isinstance(mapped_or_errors, Mapped)
        else (mapped_or_errors, len(mapped_or_errors))
    )
    record_change(
        actor=actor,
        action="investigations.import_refused",
        obj=investigation,
        changes={"file": filename, "errors": count},
    )
    return ImportRefusedError(errors, count)


def _store(
    *,
    investigation: Investigation,
    actor: User,
    kind: str,
    filename: str,
    digest: str,
    mapped: Mapped,
    columns: dict[str, str],
    mapping: ImportMapping | None,
) -> DataImport:
    try:
        with transaction.atomic():
            data_import = DataImport.objects.create(
                investigation=investigation,
                kind=kind,
                mapping=mapping,
                columns=columns,
                filename=filename[:255],
                sha256=digest,
                rows=mapped.rows,
                entity_count=0,
                statement_count=0,
                created_by=actor,
            )
            stored = store_entities(
                investigation=investigation,
                entities=mapped.entities.values(),
                actor=actor,
                origin=StatementOrigin.IMPORT,
                data_import=data_import,
            )
            data_import.entity_count, data_import.statement_count = stored.entities, stored.statements
            data_import.save(update_fields=["entity_count", "statement_count"])
            record_change(
                actor=actor,
                action="investigations.import",
                obj=investigation,
                changes={
                    "file": data_import.filename,
                    "kind": kind,
                    "rows": mapped.rows,
                    "entities": stored.entities,
                    "new_entities": stored.created,
                    "statements": stored.statements,
                },
            )
    except IntegrityError as exc:
        raise ValidationFailedError(_("This file was already imported into this investigation.")) from exc
    return data_import


def _checked_content(investigation: Investigation, content: bytes) -> str:
    if not content:
        raise ValidationFailedError(_("The file is empty."), field="file")
    if len(content) > MAX_BYTES:
        raise ValidationFailedError(_("The file is larger than 50 MB; split it."), field="file")
    digest = hashlib.sha256(content).hexdigest()
    if investigation.imports.filter(sha256=digest).exists():
        raise ValidationFailedError(
            _("This file was already imported into this investigation."), field="file"
        )
    return digest


def import_table(
    *,
    investigation: Investigation,
    actor: User,
    kind: str,
    content: bytes,
    filename: str,
    columns: Mapping[str, str],
    mapping: ImportMapping | None = None,
) -> DataImport:
    """Import a CSV/XLSX file of a known kind, whole or not at all."""
    require_owner(actor, investigation)
    if kind not in KINDS:
        raise ValidationFailedError(_("Choose a kind of file."), field="kind")
    if mapping is not None and mapping.organisation_id != investigation.organisation_id:
        raise ValidationFailedError(_("Choose a mapping of your service."), field="mapping")
    digest = _checked_content(investigation, content)
    columns = _clean_columns(columns)
    try:
        table = read_table(content, filename)
    except TableError as exc:
        raise _refuse(actor, investigation, filename, [RowError(0, "", str(exc))]) from exc
    problems = check_columns(KINDS[kind], columns, table.headers)
    if problems:
        raise _refuse(actor, investigation, filename, problems)
    mapped = map_rows(
        KINDS[kind], columns, table.rows, prefix=str(investigation.uuid), row_prefix=digest[:16]
    )
    if mapped.error_count:
        raise _refuse(actor, investigation, filename, mapped)
    if not mapped.entities:
        raise _refuse(actor, investigation, filename, [RowError(0, "", "the file holds no row to import")])
    return _store(
        investigation=investigation,
        actor=actor,
        kind=kind,
        filename=filename,
        digest=digest,
        mapped=mapped,
        columns=columns,
        mapping=mapping,
    )


def import_ftm(*, investigation: Investigation, actor: User, content: bytes, filename: str) -> DataImport:
    """Import FtM JSON lines (from Aleph), whole or not at all."""
    require_owner(actor, investigation)
    digest = _checked_content(investigation, content)
    mapped = map_lines(content)
    if mapped.error_count:
        raise _refuse(actor, investigation, filename, mapped)
    return _store(
        investigation=investigation,
        actor=actor,
        kind=FTM_KIND,
        filename=filename,
        digest=digest,
        mapped=mapped,
        columns={},
        mapping=None,
    )


DRAFT_LIFETIME = timedelta(days=1)


def draft_create(
    *, investigation: Investigation, actor: User, kind: str, content: bytes, filename: str
) -> ImportDraft:
    """Keep an uploaded table (encrypted) while its columns are mapped; refuse at once a file that is not a
    readable table, a kind that does not exist, or a file already imported."""
    require_owner(actor, investigation)
    if kind not in KINDS:
        raise ValidationFailedError(_("Choose a kind of file."), field="kind")
    _checked_content(investigation, content)
    try:
        read_table(content, filename)
    except TableError as exc:
        raise ValidationFailedError(str(exc), field="file") from exc
    with transaction.atomic():
        return ImportDraft.objects.create(
            investigation=investigation,
            kind=kind,
            filename=filename[:255],
            content=encrypt_bytes(content),
            created_by=actor,
        )


def draft_content(draft: ImportDraft) -> bytes:
    return decrypt_bytes(bytes(draft.content))


def import_draft(
    *,
    draft: ImportDraft,
    actor: User,
    columns: Mapping[str, str],
    mapping: ImportMapping | None = None,
    save_as: str = "",
) -> DataImport:
    """Import a drafted file with the columns chosen; save them as a named mapping when asked. The draft is
    deleted after the import; a refused import keeps it, to correct the mapping."""
    if save_as.strip():
        mapping = mapping_save(actor=actor, kind=draft.kind, name=save_as, columns=columns)
    # Not one outer transaction: a refusal's audit line must survive the refusal.
    data_import = import_table(
        investigation=draft.investigation,
        actor=actor,
        kind=draft.kind,
        content=draft_content(draft),
        filename=draft.filename,
        columns=columns,
        mapping=mapping,
    )
    draft.delete()  # if this failed, the daily purge would remove it; the file cannot be imported twice
    return data_import


def drafts_purge(*, now: datetime | None = None) -> int:
    """Delete drafts older than a day (periodic job)."""
    cutoff = (now or timezone.now()) - DRAFT_LIFETIME
    deleted, _counts = ImportDraft.objects.filter(created_at__lt=cutoff).delete()
    return deleted
