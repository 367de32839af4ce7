"""The operator's writes (issue 3 §2): log a call, claim and release, reply to an anonymous reporter,
update, link and close contacts. Each is atomic and audited; the narrative is recorded as changed, never
its text (DESIGN.md §3.1, §4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thb.core.audit import diff, record_change, snapshot
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import JudicialDistrict, Organisation, OrganisationKind, User
from thb.core.reference.postcodes import area_for_postcode, parse_postcode
from thb.core.roles import Perm, has_perm

from ..campaign_codes import normalise_campaign_code
from ..models import (
    OPERATOR_CHANNELS,
    Channel,
    Contact,
    ContactMessage,
    ContactStatus,
    Exploitation,
    MessageAuthor,
    NonDataKind,
    Outcome,
    ReporterRole,
    ScreeningIndicator,
    Sector,
    SignalType,
)
from ..search import normalise_phone, reindex_contact
from .common import new_reference, retention_deadline
from .public_reports import clean_language, clean_text

EDITABLE_FIELDS = (
    "caller_name",
    "caller_phone",
    "signal_type",
    "non_data_kind",
    "language",
    "interpreter_service",
    "reporter_role",
    "sector",
    "exploitation",
    "postcode",
    "judicial_district",
    "region",
    "country",
    "victims_count",
    "minors_count",
    "minor_involved",
    "nationalities",
    "unaccompanied_minor",
    "victim_wants_assistance",
    "consent_to_police",
    "diplomatic_household",
    "online_csam",
    "immediate_danger",
    "urgent",
    "heard_from",
    "campaign_code",
    "indicators",
    "narrative",
    "outcome",
    "callback_due_at",
)
SECRET_FIELDS = ("narrative", "caller_name", "caller_phone")


def _require_operator(actor: User, contact: Contact | None = None) -> None:
    if not has_perm(actor, Perm.HANDLE_CONTACTS):
        raise PermissionDeniedError()
    if contact is not None and contact.organisation_id != actor.organisation_id:
        raise PermissionDeniedError()


def _validated(fields: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise operator input; the first problem raises with the field's name."""
    out = dict(fields)
    choice_fields = {
        "signal_type": SignalType.values,
        "non_data_kind": NonDataKind.values,
        "reporter_role": ReporterRole.values,
        "sector": Sector.values,
        "outcome": Outcome.values,
    }
    for name, allowed in choice_fields.items():
        if out.get(name) and out[name] not in allowed:
            raise ValidationFailedError(_("Not an allowed value."), field=name)
    for name, vocabulary in (
        ("exploitation", Exploitation.values),
        ("indicators", ScreeningIndicator.values),
    ):
        if name not in out:
            continue
        values = out[name] or []
        if not isinstance(values, list | tuple) or any(v not in vocabulary for v in values):
            raise ValidationFailedError(_("Not an allowed value."), field=name)
        out[name] = sorted(set(values))
    if "language" in out:
        out["language"] = clean_language(out["language"]) or ""
    for name in ("nationalities",):
        codes = [str(c).upper() for c in out.get(name) or []]
        if any(len(c) != 2 or not c.isalpha() for c in codes):
            raise ValidationFailedError(_("Use two-letter country codes (ISO 3166-1)."), field=name)
        out[name] = sorted(set(codes))
    if out.get("country") and (len(out["country"]) != 2 or not out["country"].isalpha()):
        raise ValidationFailedError(_("Use a two-letter country code (ISO 3166-1)."), field="country")
    if "country" in out:
        out["country"] = (out["country"] or "").upper()
    if out.get("postcode"):
        area = area_for_postcode(parse_postcode(out["postcode"]))
        if area is None:
            raise ValidationFailedError(_("Not a Belgian postcode."), field="postcode")
        out["postcode"] = str(parse_postcode(out["postcode"]))
        out["judicial_district"] = JudicialDistrict.objects.filter(code=area.judicial_district).first()
        out["region"] = area.region
    victims, minors = out.get("victims_count"), out.get("minors_count")
    if victims is not None and minors is not None and minors > victims:
        raise ValidationFailedError(
            _("There cannot be more minors than potential victims."), field="minors_count"
        )
    service = out.get("interpreter_service")
    if service is not None and (
        not isinstance(service, Organisation) or service.kind != OrganisationKind.INTERPRETER_SERVICE
    ):
        raise ValidationFailedError(_("Choose an interpreter service."), field="interpreter_service")
    if out.get("signal_type") == SignalType.NON_DATA and not out.get("non_data_kind"):
        raise ValidationFailedError(_("Say what kind of non-data contact it was."), field="non_data_kind")
    if out.get("immediate_danger"):
        out["urgent"] = True
    if out.get("unaccompanied_minor"):
        out["minor_involved"] = True
    if out.get("callback_due_at") is not None:
        due = out["callback_due_at"]
        now = timezone.now()
        offset = due.utcoffset() if due.tzinfo else None
        if (
            offset is None
            or abs(offset) > timedelta(hours=14)
            or not (now - timedelta(days=1) <= due <= now + timedelta(days=366))
        ):
            raise ValidationFailedError(
                _("Give a call-back time within the coming year, with its time zone."),
                field="callback_due_at",
            )
        out["callback_due_at"] = due.astimezone(UTC)
    if "campaign_code" in out:
        code = normalise_campaign_code(out["campaign_code"])
        if code is None:
            raise ValidationFailedError(
                _("A campaign code has 4 to 12 letters and digits, as printed on the campaign."),
                field="campaign_code",
            )
        out["campaign_code"] = code
    for name in ("narrative", "caller_name"):
        if name in out:
            out[name] = (out[name] or "").replace("\x00", "").strip()
    if out.get("caller_phone"):
        e164 = normalise_phone(out["caller_phone"])
        if e164 is None:
            raise ValidationFailedError(_("Not a phone number."), field="caller_phone")
        out["caller_phone"] = e164
    unknown = set(out) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailedError(_("Unknown field."), field=sorted(unknown)[0])
    return out


def contact_log_call(*, actor: User, channel: str = Channel.PHONE, **fields: Any) -> Contact:
    """A contact the operator takes now (a call, a walk-in, an e-mail typed in): claimed by them at once.
    A non-data call needs only ``signal_type="non_data"`` and its kind, and is closed at once."""
    _require_operator(actor)
    if channel not in OPERATOR_CHANNELS:
        raise ValidationFailedError(_("Not a channel an operator logs."), field="channel")
    data = _validated(fields)
    if not data.get("signal_type"):
        raise ValidationFailedError(_("Choose the type of signal."), field="signal_type")
    now = timezone.now()
    organisation = actor.organisation
    assert organisation is not None  # _require_operator: no permission without an organisation
    non_data = data["signal_type"] == SignalType.NON_DATA
    with transaction.atomic():
        contact = Contact.objects.create(
            organisation=organisation,
            reference=new_reference(),
            channel=channel,
            received_at=now,
            status=ContactStatus.CLOSED if non_data else ContactStatus.OPEN,
            claimed_by=actor,
            claimed_at=now,
            closed_at=now if non_data else None,
            retain_until=retention_deadline(),
            **data,
        )
        reindex_contact(contact, new=True)
        record_change(
            actor=actor,
            action="contact.log",
            obj=contact,
            changes=diff(
                {}, snapshot(contact, [f for f in EDITABLE_FIELDS if f in data]), secret_fields=SECRET_FIELDS
            ),
        )
    return contact


def contact_update(*, contact: Contact, actor: User, **fields: Any) -> Contact:
    _require_operator(actor, contact)
    data = _validated(fields)
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        before = snapshot(contact, list(data))
        for name, value in data.items():
            setattr(contact, name, value)
        contact.save()
        if {"caller_name", "caller_phone", "narrative"} & set(data):
            reindex_contact(contact)
        changes = diff(before, snapshot(contact, list(data)), secret_fields=SECRET_FIELDS)
        if changes:
            record_change(actor=actor, action="contact.update", obj=contact, changes=changes)
    return contact


def contact_claim(*, contact: Contact, actor: User, take_over: bool = False) -> Contact:
    """Take a contact from the queue. Claimed by someone else: refused, unless a supervisor takes over."""
    _require_operator(actor, contact)
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        taken = contact.claimed_by_id not in (None, actor.pk)
        if taken and not (take_over and has_perm(actor, Perm.SUPERVISE_HOTLINE)):
            raise ValidationFailedError(_("Another operator is handling this contact."), code="claimed")
        previous = contact.claimed_by.username if contact.claimed_by else None
        contact.claimed_by, contact.claimed_at = actor, timezone.now()
        if contact.status == ContactStatus.NEW:
            contact.status = ContactStatus.OPEN
        contact.save(update_fields=["claimed_by", "claimed_at", "status", "updated_at"])
        record_change(
            actor=actor,
            action="contact.claim",
            obj=contact,
            changes={"claimed_by": {"old": previous, "new": actor.username}},
        )
    return contact


def contact_release(*, contact: Contact, actor: User) -> Contact:
    _require_operator(actor, contact)
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        if contact.claimed_by_id != actor.pk and not has_perm(actor, Perm.SUPERVISE_HOTLINE):
            raise ValidationFailedError(
                _("Only the operator handling the contact can release it."), code="claimed"
            )
        previous = contact.claimed_by.username if contact.claimed_by else None
        contact.claimed_by, contact.claimed_at = None, None
        contact.save(update_fields=["claimed_by", "claimed_at", "updated_at"])
        record_change(
            actor=actor,
            action="contact.release",
            obj=contact,
            changes={"claimed_by": {"old": previous, "new": None}},
        )
    return contact


def contact_reply(*, contact: Contact, actor: User, text: str) -> ContactMessage:
    """Answer an anonymous reporter; they read it with their receipt. Web reports only."""
    _require_operator(actor, contact)
    if contact.receipt_digest is None:
        raise ValidationFailedError(_("Only web reports have an anonymous thread."), code="no_thread")
    text = clean_text(text, minimum=1, maximum=20000)
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        message = ContactMessage.objects.create(
            contact=contact, author=MessageAuthor.HOTLINE, author_user=actor, text=text
        )
        contact.awaiting_hotline_since = None
        contact.status = ContactStatus.WAITING
        if contact.claimed_by_id is None:
            contact.claimed_by, contact.claimed_at = actor, timezone.now()
        contact.save(
            update_fields=["awaiting_hotline_since", "status", "claimed_by", "claimed_at", "updated_at"]
        )
        record_change(actor=actor, action="contact.reply", obj=contact)
    return message


def contact_link(*, contact: Contact, other: Contact, actor: User) -> None:
    """Two contacts about the same situation (a call and a web report, say)."""
    _require_operator(actor, contact)
    _require_operator(actor, other)
    if contact.pk == other.pk:
        raise ValidationFailedError(_("A contact cannot be linked to itself."), field="other")
    with transaction.atomic():
        contact.linked_contacts.add(other)
        record_change(
            actor=actor,
            action="contact.link",
            obj=contact,
            changes={"linked_contacts": {"old": None, "new": str(other.uuid)}},
        )


def contact_close(*, contact: Contact, actor: User, outcome: str, now: datetime | None = None) -> Contact:
    _require_operator(actor, contact)
    if outcome not in Outcome.values or not outcome:
        raise ValidationFailedError(_("Choose an outcome."), field="outcome")
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        contact.status, contact.outcome = ContactStatus.CLOSED, outcome
        contact.closed_at = now or timezone.now()
        contact.awaiting_hotline_since = None
        contact.save(update_fields=["status", "outcome", "closed_at", "awaiting_hotline_since", "updated_at"])
        record_change(
            actor=actor,
            action="contact.close",
            obj=contact,
            changes={"outcome": {"old": None, "new": outcome}},
        )
    return contact
