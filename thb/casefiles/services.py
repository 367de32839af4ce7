"""Writes of police case files (issue 6 §4): open a file for an investigation, link the victim cases the
service takes part in, write the sections, keep the lists (suspects, assets, measures, evidence), submit
to the magistrate. Every write is atomic and audited; texts and names are audited as changed, never their
content (DESIGN.md §3.1, §4)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thb.core.audit import record_change
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import Organisation, User
from thb.core.references import new_reference
from thb.core.roles import Perm, has_perm
from thb.dispatch.outbox import notify
from thb.victims.models import VictimCase
from thb.victims.selectors import cases_visible_to
from thb.victims.services import case_event

from .models import MAGISTRATE_OFFICE_KINDS, CaseFile, CaseFileEntry, CaseFileStatus, EntryKind
from .sections import CATEGORIES, ENTRY_FIELDS, PART_KEYS

MAX_TEXT = 50_000
MAX_PROCEEDS = Decimal("999999999999.99")


def _new_reference() -> str:
    return new_reference("D", CaseFile)


def _writer(actor: User, case_file: CaseFile | None = None) -> Organisation:
    if not has_perm(actor, Perm.WRITE_CASE_FILES) or actor.organisation is None:
        raise PermissionDeniedError()
    if case_file is not None and case_file.organisation_id != actor.organisation_id:
        raise PermissionDeniedError()
    return actor.organisation


def _clean(text: Any, *, field: str, limit: int) -> str:
    value = str(text or "").replace("\x00", "").strip()
    if len(value) > limit:
        raise ValidationFailedError(_("Keep this under %(n)s characters.") % {"n": f"{limit:,}"}, field=field)
    return value


def _office(organisation: Organisation | None) -> Organisation:
    if organisation is None or organisation.kind not in MAGISTRATE_OFFICE_KINDS:
        raise ValidationFailedError(
            _("Choose a prosecutor's or labour auditor's office."), field="magistrate_office"
        )
    return organisation


def _proceeds(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationFailedError(_("Enter an amount in euros."), field="estimated_proceeds_eur") from exc
    if amount < 0 or amount > MAX_PROCEEDS:
        raise ValidationFailedError(_("Enter an amount in euros."), field="estimated_proceeds_eur")
    return amount


def case_file_open(
    *,
    actor: User,
    title: str,
    magistrate_office: Organisation | None,
    police_reference: str = "",
    magistrate_reference: str = "",
) -> CaseFile:
    organisation = _writer(actor)
    title = _clean(title, field="title", limit=120)
    if not title:
        raise ValidationFailedError(_("Give the investigation a name."), field="title")
    with transaction.atomic():
        case_file = CaseFile.objects.create(
            organisation=organisation,
            reference=_new_reference(),
            title=title,
            magistrate_office=_office(magistrate_office),
            police_reference=_clean(police_reference, field="police_reference", limit=60),
            magistrate_reference=_clean(magistrate_reference, field="magistrate_reference", limit=60),
            created_by=actor,
        )
        record_change(
            actor=actor,
            action="casefiles.open",
            obj=case_file,
            changes={"magistrate_office": {"old": None, "new": case_file.magistrate_office.slug}},
        )
    return case_file


def case_file_update(
    *,
    case_file: CaseFile,
    actor: User,
    texts: dict[str, str] | None = None,
    **fields: Any,
) -> CaseFile:
    """Change the header fields and/or the texts of parts (only the parts given change)."""
    _writer(actor, case_file)
    allowed = {
        "title",
        "police_reference",
        "magistrate_reference",
        "magistrate_office",
        "estimated_proceeds_eur",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationFailedError(_("Unknown field."), field=sorted(unknown)[0])
    unknown_parts = set(texts or {}) - PART_KEYS
    if unknown_parts:
        raise ValidationFailedError(_("Unknown field."), field=sorted(unknown_parts)[0])
    clean: dict[str, Any] = {}
    if "title" in fields:
        clean["title"] = _clean(fields["title"], field="title", limit=120)
        if not clean["title"]:
            raise ValidationFailedError(_("Give the investigation a name."), field="title")
    for name in ("police_reference", "magistrate_reference"):
        if name in fields:
            clean[name] = _clean(fields[name], field=name, limit=60)
    if "magistrate_office" in fields:
        clean["magistrate_office"] = _office(fields["magistrate_office"])
    if "estimated_proceeds_eur" in fields:
        clean["estimated_proceeds_eur"] = _proceeds(fields["estimated_proceeds_eur"])
    new_texts = {key: _clean(value, field=key, limit=MAX_TEXT) for key, value in (texts or {}).items()}
    with transaction.atomic():
        locked = CaseFile.objects.select_for_update().get(pk=case_file.pk)
        changes: dict[str, Any] = {}
        for name, value in clean.items():
            before = getattr(locked, name)
            if before != value:
                changes[name] = {
                    "old": getattr(
                        before, "slug", before if not isinstance(before, Decimal) else str(before)
                    ),
                    "new": getattr(value, "slug", value if not isinstance(value, Decimal) else str(value)),
                }
                setattr(locked, name, value)
        if new_texts:
            stored = json.loads(locked.texts) if locked.texts else {}
            for key, value in new_texts.items():
                if stored.get(key, "") != value:
                    changes[f"text:{key}"] = {"old": "[secret]", "new": "[secret]"}
                    if value:
                        stored[key] = value
                    else:
                        stored.pop(key, None)
            locked.texts = json.dumps(stored, ensure_ascii=False) if stored else ""
        if changes:
            locked.save()
            record_change(actor=actor, action="casefiles.update", obj=locked, changes=changes)
    return locked


def case_file_texts(case_file: CaseFile) -> dict[str, str]:
    return json.loads(case_file.texts) if case_file.texts else {}


def case_file_link_case(*, case_file: CaseFile, actor: User, case: VictimCase) -> None:
    """Link a victim case the service takes part in (the file only ever shows cases its writers may
    see)."""
    _writer(actor, case_file)
    if not cases_visible_to(user=actor).filter(pk=case.pk).exists():
        raise PermissionDeniedError()
    with transaction.atomic():
        case_file.victim_cases.add(case)
        record_change(
            actor=actor,
            action="casefiles.link_case",
            obj=case_file,
            changes={"victim_case": {"old": None, "new": case.reference}},
        )
        case_event(case, "case_file", f"linked to police case file {case_file.reference}", actor)


def case_file_unlink_case(*, case_file: CaseFile, actor: User, case: VictimCase) -> None:
    _writer(actor, case_file)
    with transaction.atomic():
        case_file.victim_cases.remove(case)
        record_change(
            actor=actor,
            action="casefiles.unlink_case",
            obj=case_file,
            changes={"victim_case": {"old": case.reference, "new": None}},
        )


def _entry_values(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    fields = ENTRY_FIELDS[kind]
    unknown = set(data) - set(fields)
    if unknown:
        raise ValidationFailedError(_("Unknown field."), field=sorted(unknown)[0])
    values: dict[str, Any] = {}
    category = str(data.get("category") or "")
    if category not in dict(CATEGORIES[kind]):
        raise ValidationFailedError(_("Choose the type."), field="category")
    values["category"] = category
    if "name" in fields:
        values["name"] = _clean(data.get("name"), field="name", limit=300)
    if "description" in fields:
        values["description"] = _clean(data.get("description"), field="description", limit=5000)
    if "reference" in fields:
        values["reference"] = _clean(data.get("reference"), field="reference", limit=120)
    if "custody" in fields:
        values["custody"] = _clean(data.get("custody"), field="custody", limit=200)
    if "flag" in fields:
        values["flag"] = bool(data.get("flag"))
    if "date" in fields:
        value = data.get("date")
        if value in (None, ""):
            values["date"] = None
        elif isinstance(value, date):
            values["date"] = value
        else:
            try:
                values["date"] = date.fromisoformat(str(value))
            except ValueError as exc:
                raise ValidationFailedError(_("Enter a date (YYYY-MM-DD)."), field="date") from exc
    if "amount_eur" in fields:
        try:
            values["amount_eur"] = _proceeds(data.get("amount_eur"))
        except ValidationFailedError as exc:
            raise ValidationFailedError(exc.message, field="amount_eur") from exc
    return values


def entry_add(*, case_file: CaseFile, actor: User, kind: str, **data: Any) -> CaseFileEntry:
    _writer(actor, case_file)
    if kind not in EntryKind.values:
        raise ValidationFailedError(_("Not an allowed value."), field="kind")
    values = _entry_values(kind, data)
    with transaction.atomic():
        CaseFile.objects.select_for_update().get(pk=case_file.pk)  # numbers are given one at a time
        last = case_file.entries.filter(kind=kind).aggregate(n=Max("number"))["n"] or 0
        entry = CaseFileEntry.objects.create(
            case_file=case_file, kind=kind, number=last + 1, created_by=actor, **values
        )
        record_change(
            actor=actor,
            action="casefiles.entry_add",
            obj=case_file,
            changes={"entry": {"old": None, "new": f"{kind} {entry.number} ({entry.category})"}},
        )
    return entry


def entry_update(*, entry: CaseFileEntry, actor: User, **data: Any) -> CaseFileEntry:
    _writer(actor, entry.case_file)
    values = _entry_values(entry.kind, data)
    with transaction.atomic():
        locked = CaseFileEntry.objects.select_for_update().get(pk=entry.pk)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save()
        record_change(
            actor=actor,
            action="casefiles.entry_update",
            obj=entry.case_file,
            changes={"entry": {"old": f"{entry.kind} {entry.number}", "new": f"{entry.kind} {entry.number}"}},
        )
    return locked


def entry_remove(*, entry: CaseFileEntry, actor: User, reason: str) -> None:
    _writer(actor, entry.case_file)
    reason = _clean(reason, field="reason", limit=2000)
    if not reason:
        raise ValidationFailedError(_("Say why."), field="reason")
    with transaction.atomic():
        record_change(
            actor=actor,
            action="casefiles.entry_remove",
            obj=entry.case_file,
            changes={"entry": {"old": f"{entry.kind} {entry.number} ({entry.category})", "new": None}},
            reason=reason,
        )
        entry.delete()


def case_file_set_status(*, case_file: CaseFile, actor: User, status: str) -> CaseFile:
    """Submit to the magistrate (the file stays writable: an investigation goes on), re-open, close."""
    _writer(actor, case_file)
    if status not in CaseFileStatus.values:
        raise ValidationFailedError(_("Not an allowed value."), field="status")
    with transaction.atomic():
        locked = CaseFile.objects.select_for_update().get(pk=case_file.pk)
        before = locked.status
        locked.status = status
        if status == CaseFileStatus.SUBMITTED:
            locked.submitted_at = timezone.now()
        locked.save(update_fields=["status", "submitted_at", "updated_at"])
        record_change(
            actor=actor,
            action="casefiles.status",
            obj=locked,
            changes={"status": {"old": before, "new": status}},
        )
        if status == CaseFileStatus.SUBMITTED:
            # The magistrate's office is told in the same transaction (outbox; no content in the message).
            notify(
                topic="casefile.submitted",
                organisation=locked.magistrate_office,
                data={
                    "reference": locked.reference,
                    "path": reverse("casefiles:detail", kwargs={"file_uuid": locked.uuid}),
                },
                webhooks=False,
            )
    return locked
