"""Writes of victim cases (issue 6 §1, §2): open (from a referral of a hotline contact, by a partner, by
the police), record identity (encrypted; audited as changed, never its text), status with reasons, share
with another organisation (explicit, with its legal basis), identification assessments. Every step is an
audit event and a line of the case's timeline (DESIGN.md §3.1)."""

from __future__ import annotations

import json
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from thb.core.audit import record_change, record_identity_access
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import AccessPurpose, Organisation, OrganisationKind, User
from thb.core.references import new_reference, random_code
from thb.core.roles import Perm, has_perm
from thb.dispatch.models import LegalBasis, Referral

from .indicators import indicator_list
from .models import Assessment, CaseEvent, CaseParticipant, CaseStatus, OpenedVia, VictimCase
from .scoring import assess

_code = random_code


def _new_reference() -> str:
    return new_reference("V", VictimCase)


def case_event(case: VictimCase, kind: str, summary: str, actor: User | None) -> None:
    """A line of the case's timeline, written by any module (issue 6 §1: "one timeline of everything that
    happened across modules"); a summary without personal content."""
    CaseEvent.objects.create(
        case=case,
        kind=kind,
        summary=summary[:300],
        actor=actor,
        organisation=actor.organisation if actor else None,
    )


FACT_FIELDS = frozenset(
    {"nationalities", "gender", "age_band", "languages", "exploitation", "sector", "places", "countries"}
)


def _caseworker(actor: User) -> Organisation:
    if not has_perm(actor, Perm.MANAGE_CASES) or actor.organisation is None:
        raise PermissionDeniedError()
    return actor.organisation


def case_open(
    *,
    actor: User,
    opened_via: str,
    referral: Referral | None = None,
    legal_basis: str = "",
    reason: str = "",
    **facts: Any,
) -> VictimCase:
    """Open a case. From a referral, the referral's contact is linked (it then stays beyond the hotline's
    retention period) and the referral's legal basis is the organisation's ground to take part."""
    organisation = _caseworker(actor)
    if opened_via not in OpenedVia.values:
        raise ValidationFailedError(_("Not an allowed value."), field="opened_via")
    if referral is not None:
        if referral.organisation_id != organisation.pk:
            raise PermissionDeniedError()
        if referral.contact_id is None:
            raise ValidationFailedError(
                _("This referral is about a victim case: accept it to take part in the case."),
                code="referral_of_case",
            )
        legal_basis = referral.legal_basis
    if legal_basis not in LegalBasis.values:
        raise ValidationFailedError(_("Choose the legal basis."), field="legal_basis")
    unknown = set(facts) - FACT_FIELDS
    if unknown:
        raise ValidationFailedError(_("Unknown field."), field=sorted(unknown)[0])
    with transaction.atomic():
        case = VictimCase.objects.create(
            organisation=organisation,
            reference=_new_reference(),
            pseudonym=f"P-{_code(5)}",
            opened_via=opened_via,
            opened_by=actor,
            **{k: v for k, v in facts.items() if v not in (None,)},
        )
        CaseParticipant.objects.create(
            case=case,
            organisation=organisation,
            referral=referral,
            legal_basis=legal_basis,
            reason=reason,
            added_by=actor,
        )
        contact = referral.contact if referral is not None else None
        if contact is not None:
            case.contacts.add(contact)
            type(contact).objects.filter(pk=contact.pk).update(retain_until=None)
            case_event(case, "contact_linked", f"hotline contact {contact.reference} (referral)", actor)
        case_event(case, "opened", str(OpenedVia(opened_via).label), actor)
        record_change(
            actor=actor,
            action="victims.case.open",
            obj=case,
            changes={"via": {"old": None, "new": opened_via}},
        )
    return case


def participant_organisation(case: VictimCase, actor: User) -> Organisation:
    """The actor's organisation, when it takes part in the case and the actor works on cases."""
    organisation = actor.organisation
    if (
        organisation is None
        or not has_perm(actor, Perm.MANAGE_CASES)
        or not case.participants.filter(organisation=organisation).exists()
    ):
        raise PermissionDeniedError()
    return organisation


def case_record_identity(*, case: VictimCase, actor: User, name: str, details: str) -> VictimCase:
    participant_organisation(case, actor)
    if not has_perm(actor, Perm.VIEW_VICTIM_IDENTITY):
        raise PermissionDeniedError()
    with transaction.atomic():
        locked = VictimCase.objects.select_for_update().get(pk=case.pk)
        locked.identity_name, locked.identity_details = name.strip()[:500], details.strip()[:5000]
        locked.save(update_fields=["identity_name", "identity_details", "updated_at"])
        record_change(
            actor=actor,
            action="victims.case.identity",
            obj=locked,
            changes={"identity": {"old": "[secret]", "new": "[secret]"}},
        )
        case_event(locked, "identity", "identity recorded or corrected", actor)
    return locked


def case_identity(*, case: VictimCase, reader: User) -> tuple[str, str]:
    """The real identity — for roles that need it, every read audited (DESIGN.md §4)."""
    participant_organisation(case, reader)
    if not has_perm(reader, Perm.VIEW_VICTIM_IDENTITY):
        raise PermissionDeniedError()
    record_identity_access(
        actor=reader, obj=case, fields=["identity_name", "identity_details"], purpose=AccessPurpose.CASEWORK
    )
    return case.identity_name, case.identity_details


def case_update_facts(*, case: VictimCase, actor: User, **facts: Any) -> VictimCase:
    """Correct what is known of the person and the exploitation, and the specialised centre accompanying
    the person (issue 6 §1). Audited field by field; the timeline says which fields changed."""
    participant_organisation(case, actor)
    unknown = set(facts) - FACT_FIELDS - {"accompanying_centre"}
    if unknown:
        raise ValidationFailedError(_("Unknown field."), field=sorted(unknown)[0])
    centre = facts.get("accompanying_centre")
    if centre is not None and centre.kind != OrganisationKind.SPECIALISED_CENTRE:
        raise ValidationFailedError(_("Choose a specialised centre."), field="accompanying_centre")
    with transaction.atomic():
        locked = VictimCase.objects.select_for_update().get(pk=case.pk)
        changes: dict[str, Any] = {}
        for name, value in facts.items():
            if value is None and name != "accompanying_centre":
                value = ""
            before = getattr(locked, name)
            if before != value:
                changes[name] = {
                    "old": getattr(before, "slug", before),
                    "new": getattr(value, "slug", value),
                }
                setattr(locked, name, value)
        if changes:
            locked.save()
            record_change(actor=actor, action="victims.case.facts", obj=locked, changes=changes)
            case_event(locked, "facts", "facts corrected: " + ", ".join(sorted(changes)), actor)
    return locked


def case_set_status(*, case: VictimCase, actor: User, status: str, reason: str) -> VictimCase:
    participant_organisation(case, actor)
    if status not in CaseStatus.values:
        raise ValidationFailedError(_("Not an allowed value."), field="status")
    if not reason.strip():
        raise ValidationFailedError(_("Say why."), field="reason")
    with transaction.atomic():
        locked = VictimCase.objects.select_for_update().get(pk=case.pk)
        before = locked.status
        locked.status, locked.status_reason = status, reason.strip()[:2000]
        locked.save(update_fields=["status", "status_reason", "updated_at"])
        record_change(
            actor=actor,
            action="victims.case.status",
            obj=locked,
            changes={"status": {"old": before, "new": status}},
            reason=reason,
        )
        case_event(locked, "status", f"{CaseStatus(before).label} → {CaseStatus(status).label}", actor)
    return locked


def case_share(
    *, case: VictimCase, actor: User, organisation: Organisation, legal_basis: str, reason: str
) -> CaseParticipant:
    """An explicit share: another organisation takes part, on a recorded legal basis, for a reason."""
    participant_organisation(case, actor)
    if legal_basis not in LegalBasis.values:
        raise ValidationFailedError(_("Choose the legal basis."), field="legal_basis")
    if not reason.strip():
        raise ValidationFailedError(_("Say why."), field="reason")
    try:
        with transaction.atomic():
            participant = CaseParticipant.objects.create(
                case=case,
                organisation=organisation,
                legal_basis=legal_basis,
                reason=reason.strip(),
                added_by=actor,
            )
            record_change(
                actor=actor,
                action="victims.case.share",
                obj=case,
                changes={
                    "participant": {"old": None, "new": organisation.slug},
                    "legal_basis": {"old": None, "new": legal_basis},
                },
                reason=reason,
            )
            case_event(
                case,
                "shared",
                f"shared with {organisation.short_name or organisation.slug} ({legal_basis})",
                actor,
            )
    except IntegrityError as exc:
        raise ValidationFailedError(_("This organisation already takes part."), field="organisation") from exc
    return participant


def assessment_record(
    *, case: VictimCase, actor: User, list_name: str, ticked: list[str], notes: dict[str, str] | None = None
) -> Assessment:
    """Score and keep an identification assessment (every one, over time); a signal is a signal for the
    professionals, never a legal decision (scoring.py)."""
    organisation = participant_organisation(case, actor)
    result = assess(indicator_list(list_name), ticked)
    known = set(indicator_list(list_name).by_id())
    clean_notes = {
        k: str(v).strip()[:2000] for k, v in (notes or {}).items() if k in known and str(v).strip()
    }
    with transaction.atomic():
        assessment = Assessment.objects.create(
            case=case,
            list_name=list_name,
            ticked=sorted(set(ticked)),
            notes=json.dumps(clean_notes, ensure_ascii=False) if clean_notes else "",
            victim_signal=result.victim,
            result=result.as_json(),
            assessed_by=actor,
            organisation=organisation,
        )
        record_change(
            actor=actor,
            action="victims.assessment",
            obj=case,
            changes={"list": {"old": None, "new": list_name}, "signal": {"old": None, "new": result.victim}},
        )
        case_event(
            case,
            "assessment",
            f"{list_name}: {'signal of trafficking' if result.victim else 'no signal'}",
            actor,
        )
    return assessment
