"""What a partner sees of a contact: only the fields of its referral's disclosure profile (DESIGN.md §4
need-to-know; issue 4 §2). The profile's field list was copied onto the referral when it was sent, so a
later change of the procedure never widens what an existing referral shows.

Reading identity or narrative fields this way is an audited identity access (purpose: referral).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from thb.core.audit import record_identity_access
from thb.core.models import AccessPurpose, ContactChannel, User

from .models import Referral

SENSITIVE = frozenset({"narrative", "caller_name", "caller_phone"})

LABELS = {
    "reference": _("Hotline reference"),
    "received_at": _("Received"),
    "channel": _("Channel"),
    "signal_type": _("Type of signal"),
    "language": _("Language"),
    "interpreter": _("Interpreter service used"),
    "reporter_role": _("Caller"),
    "sector": _("Sector"),
    "exploitation": _("Forms of exploitation"),
    "indicators": _("Signs heard (short checklist)"),
    "place": _("Place"),
    "country": _("Country abroad"),
    "victims": _("Potential victims"),
    "minors": _("Minors"),
    "nationalities": _("Nationalities"),
    "urgency": _("Urgency"),
    "narrative": _("What was said"),
    "caller_name": _("Caller's name"),
    "caller_phone": _("Caller's phone number"),
    "hotline_contact": _("Who to call at the hotline"),
}


@dataclass(frozen=True)
class DisclosedField:
    name: str
    label: str
    value: str


def _yes_no(value: bool | None) -> str:
    return "—" if value is None else str(_("yes") if value else _("no"))


def _case_value(referral: Referral, name: str) -> str:
    """The same profile's fields, read from a victim case (issue 6 §2: a positive identification signal
    dispatched). A case holds no caller and no narrative: those fields show "—". The identity is not
    passed on: the partner reads the case once it takes part (accepted referral)."""
    case = referral.case
    if case is None:
        raise KeyError(name)
    latest = case.assessments.order_by("-created_at").first()
    values = {
        "reference": f"{case.reference} · {case.pseudonym}",
        "received_at": case.created_at.isoformat(timespec="minutes"),
        "channel": str(case.get_opened_via_display()),
        "language": ", ".join(case.languages) or "—",
        "sector": case.sector or "—",
        "exploitation": ", ".join(case.exploitation) or "—",
        "indicators": (
            "; ".join(d for d, r in latest.result.get("dimensions", {}).items() if r.get("present"))
            if latest
            else "—"
        ),
        "place": case.places or "—",
        "country": ", ".join(case.countries) or "—",
        "victims": "1",
        "minors": str(case.get_age_band_display()) if case.age_band else "—",
        "nationalities": ", ".join(case.nationalities) or "—",
    }
    if name == "hotline_contact":
        return _value_of_source(referral)
    return values.get(name, "—")


def _value_of_source(referral: Referral) -> str:
    phones = ContactChannel.objects.filter(organisation=referral.source_organisation, kind="phone")
    return " · ".join([referral.source_organisation.short_name, *[c.value for c in phones[:2]]])


def _value(referral: Referral, name: str) -> str:
    contact = referral.contact
    if contact is None:
        return _case_value(referral, name)
    if name == "reference":
        return contact.reference
    if name == "received_at":
        return contact.received_at.isoformat(timespec="minutes")
    if name == "channel":
        return str(contact.get_channel_display())
    if name == "signal_type":
        return str(contact.get_signal_type_display()) if contact.signal_type else "—"
    if name == "language":
        return contact.language or "—"
    if name == "interpreter":
        return contact.interpreter_service.short_name if contact.interpreter_service else "—"
    if name == "reporter_role":
        return str(contact.get_reporter_role_display()) if contact.reporter_role else "—"
    if name == "sector":
        return contact.sector_label or "—"
    if name == "exploitation":
        return ", ".join(contact.exploitation_labels) or "—"
    if name == "indicators":
        return "; ".join(contact.indicator_labels) or "—"
    if name == "place":
        district = contact.judicial_district.name if contact.judicial_district else ""
        return " ".join(part for part in (contact.postcode, district, contact.region) if part) or "—"
    if name == "country":
        return contact.country or "—"
    if name == "victims":
        return "—" if contact.victims_count is None else str(contact.victims_count)
    if name == "minors":
        count = "" if contact.minors_count is None else f" ({contact.minors_count})"
        unaccompanied = _("unaccompanied") if contact.unaccompanied_minor else ""
        return f"{_yes_no(contact.minor_involved)}{count} {unaccompanied}".strip()
    if name == "nationalities":
        return ", ".join(contact.nationalities) or "—"
    if name == "urgency":
        return (
            str(_("immediate danger"))
            if contact.immediate_danger
            else (str(_("urgent")) if contact.urgent else "—")
        )
    if name == "narrative":
        return contact.narrative or "—"
    if name == "caller_name":
        return contact.caller_name or "—"
    if name == "caller_phone":
        return contact.caller_phone or "—"
    if name == "hotline_contact":
        return _value_of_source(referral)
    raise KeyError(name)


def disclosed_view(referral: Referral, *, reader: User) -> list[DisclosedField]:
    """The referral's fields, in the profile's order; records the identity access when it shows any."""
    names = [name for name in referral.disclosed_fields if name in LABELS]
    shown = [DisclosedField(name, str(LABELS[name]), _value(referral, name)) for name in names]
    sensitive = SENSITIVE & set(names)
    if sensitive and referral.contact is not None:
        record_identity_access(
            actor=reader, obj=referral.contact, fields=sensitive, purpose=AccessPurpose.REFERRAL
        )
    return shown
