"""Anonymous web reports and their two-way follow-up (issue 3 §1).

One service serves the HTML form and the API. Nothing identifies the reporter: no IP address, user agent or
fingerprint is stored (DESIGN.md §4); the receipt is kept only as a slow, peppered digest (receipts.py).
An accepted report is committed before its receipt is shown: a 201 means the report is in the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thb.core.audit import record_change
from thb.core.exceptions import NotFoundError, ValidationFailedError
from thb.core.models import JudicialDistrict
from thb.core.reference.postcodes import area_for_postcode, parse_postcode

from ..campaign_codes import normalise_campaign_code
from ..language import detect_language
from ..models import Channel, Contact, ContactMessage, ContactStatus, MessageAuthor, ReporterRole, Sector
from ..receipts import generate_receipt, receipt_digest
from ..search import reindex_contact
from .common import hotline_organisation_id, new_reference, retention_deadline

TEXT_MIN, TEXT_MAX = 10, 20000
MESSAGE_MAX = 20000
LANGUAGE_MAX = 15  # Contact.language
BCP47_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$"  # also the API schemas' pattern (one rule)
_BCP47 = re.compile(BCP47_PATTERN)


@dataclass(frozen=True)
class SubmittedReport:
    contact: Contact
    receipt: str  # shown once to the reporter, never stored
    language: str


@dataclass(frozen=True)
class PublicMessage:
    author: str
    text: str
    at: datetime


@dataclass(frozen=True)
class PublicThread:
    status: str
    messages: list[PublicMessage]


class ReportNotFoundError(NotFoundError):
    """The same answer for every receipt that does not open a report, however it is wrong."""

    code = "not_found"
    default_message = _("No report matches this receipt.")


def clean_text(text: str, *, minimum: int = TEXT_MIN, maximum: int = TEXT_MAX, field: str = "text") -> str:
    cleaned = (text or "").replace("\x00", "").strip()
    if not minimum <= len(cleaned) <= maximum:
        raise ValidationFailedError(
            _("Write between %(min)d and %(max)d characters.") % {"min": minimum, "max": maximum}, field=field
        )
    return cleaned


def clean_language(language: str | None) -> str | None:
    if not language:
        return None
    if len(language) > LANGUAGE_MAX or not _BCP47.match(language):
        raise ValidationFailedError(_("Not a language code (BCP 47, e.g. ro or ar-MA)."), field="language")
    primary, *rest = language.split("-")
    return "-".join([primary.lower(), *[part.lower() if len(part) != 2 else part.upper() for part in rest]])


def public_report_submit(
    *,
    text: str,
    language: str | None = None,
    reporter_role: str | None = None,
    sector: str | None = None,
    postcode: str | None = None,
    minor_involved: bool | None = None,
    immediate_danger: bool | None = None,
    campaign_code: str = "",
) -> SubmittedReport:
    """Record an anonymous web report and return its receipt (shown once)."""
    text = clean_text(text)
    given_language = clean_language(language)
    if reporter_role and reporter_role not in ReporterRole.values:
        raise ValidationFailedError(_("Unknown reporter role."), field="reporter_role")
    if sector and sector not in Sector.values:
        raise ValidationFailedError(_("Unknown sector."), field="sector")
    area = None
    if postcode:
        parsed = parse_postcode(postcode)
        area = area_for_postcode(parsed) if parsed is not None else None
        if area is None:
            raise ValidationFailedError(_("Not a Belgian postcode."), field="postcode")
    detected = None if given_language else detect_language(text)
    now = timezone.now()
    receipt = generate_receipt()
    with transaction.atomic():
        contact = Contact.objects.create(
            organisation_id=hotline_organisation_id(),
            reference=new_reference(),
            channel=Channel.WEB,
            status=ContactStatus.NEW,
            received_at=now,
            language=given_language or detected or "",
            language_detected=detected is not None,
            reporter_role=reporter_role or "",
            sector=sector or "",
            postcode=str(parse_postcode(postcode)) if area else "",
            judicial_district=JudicialDistrict.objects.filter(code=area.judicial_district).first()
            if area
            else None,
            region=area.region if area else "",
            minor_involved=minor_involved,
            immediate_danger=bool(immediate_danger),
            urgent=bool(immediate_danger),
            campaign_code=normalise_campaign_code(campaign_code) or "",
            narrative=text,
            awaiting_hotline_since=now,
            receipt_digest=receipt_digest(receipt),
            retain_until=retention_deadline(),
        )
        ContactMessage.objects.create(contact=contact, author=MessageAuthor.REPORTER, text=text)
        reindex_contact(contact, new=True)
        record_change(
            actor=None,
            action="contact.public_report",
            obj=contact,
            changes={
                "channel": {"old": None, "new": Channel.WEB},
                "language": {"old": None, "new": contact.language},
                "urgent": {"old": None, "new": contact.urgent},
            },
        )
    return SubmittedReport(contact=contact, receipt=receipt, language=contact.language)


def _contact_for_receipt(receipt: str, *, lock: bool = False) -> Contact:
    digest = receipt_digest(receipt)  # computed for every receipt, well-formed or not: same time
    contacts = Contact.objects.select_for_update() if lock else Contact.objects
    contact = contacts.filter(receipt_digest=digest).first()
    if contact is None:
        raise ReportNotFoundError()
    return contact


def public_status(contact: Contact) -> str:
    if contact.status == ContactStatus.CLOSED:
        return "closed"
    if contact.status == ContactStatus.NEW:
        return "received"
    return "in_progress"


def public_thread(*, receipt: str) -> PublicThread:
    """What the reporter may see: the status and the messages, nothing of the hotline's internal notes."""
    contact = _contact_for_receipt(receipt)
    messages = [PublicMessage(author=m.author, text=m.text, at=m.created_at) for m in contact.messages.all()]
    return PublicThread(status=public_status(contact), messages=messages)


def public_message_add(*, receipt: str, text: str) -> ContactMessage:
    """The reporter writes again; the contact goes back to the operators' queue."""
    text = clean_text(text, minimum=1, maximum=MESSAGE_MAX)
    with transaction.atomic():
        contact = _contact_for_receipt(receipt, lock=True)
        message = ContactMessage.objects.create(contact=contact, author=MessageAuthor.REPORTER, text=text)
        contact.awaiting_hotline_since = contact.awaiting_hotline_since or message.created_at
        if contact.status in {ContactStatus.CLOSED, ContactStatus.WAITING}:
            contact.status = ContactStatus.OPEN
        contact.save(update_fields=["awaiting_hotline_since", "status", "updated_at"])
        record_change(actor=None, action="contact.reporter_message", obj=contact)
    return message
