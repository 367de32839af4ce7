"""Staff API of the hotline (issue 3 §2, "works in the browser and through the API"): the queue, search,
log a call, read and complete a contact, claim and release, answer the anonymous reporter, link and close.

The same services and selectors as the console pages, so the same rules: only roles that handle contacts,
only their own hotline's contacts (the same 404 for "missing" and "not yours", DESIGN.md §3.3), every
read of a contact's narrative, caller or thread audited as an identity access (DESIGN.md §4).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from thb.api.auth import STAFF_AUTH
from thb.api.schemas import ErrorOut
from thb.core.audit import record_identity_access
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.http import request_user
from thb.core.models import AccessPurpose, Organisation, OrganisationKind, User
from thb.core.roles import Perm, has_perm

from .access import access_contact
from .models import (
    OPERATOR_CHANNELS,
    Channel,
    Contact,
    ContactStatus,
    Exploitation,
    NonDataKind,
    Outcome,
    ReporterRole,
    ScreeningIndicator,
    Sector,
    SignalType,
)
from .selectors import contact_list_visible_to, contact_queue_for, contact_search
from .services.console import (
    contact_claim,
    contact_close,
    contact_link,
    contact_log_call,
    contact_release,
    contact_reply,
    contact_update,
)
from .services.public_reports import BCP47_PATTERN, LANGUAGE_MAX

router = Router(auth=STAFF_AUTH, tags=["hotline"])

SignalCode = Literal[tuple(SignalType.values)]  # type: ignore[valid-type]
LoggedChannel = Literal[OPERATOR_CHANNELS]  # type: ignore[valid-type]
NonDataCode = Literal[tuple(NonDataKind.values)]  # type: ignore[valid-type]
RoleCode = Literal[tuple(ReporterRole.values)]  # type: ignore[valid-type]
SectorCode = Literal[tuple(Sector.values)]  # type: ignore[valid-type]
ExploitationCode = Literal[tuple(Exploitation.values)]  # type: ignore[valid-type]
IndicatorCode = Literal[tuple(ScreeningIndicator.values)]  # type: ignore[valid-type]
OutcomeCode = Literal[tuple(v for v in Outcome.values if v)]  # type: ignore[valid-type]
StatusCode = Literal[tuple(ContactStatus.values)]  # type: ignore[valid-type]


class ContactSummaryOut(Schema):
    uuid: UUID
    reference: str
    channel: str
    signal_type: str
    status: str
    received_at: datetime
    language: str
    urgent: bool
    immediate_danger: bool
    sector: str
    postcode: str
    region: str
    judicial_district: str | None
    claimed_by: str | None
    awaiting_hotline_since: datetime | None
    callback_due_at: datetime | None
    outcome: str

    @staticmethod
    def resolve_judicial_district(contact: Contact) -> str | None:
        return contact.judicial_district.code if contact.judicial_district else None

    @staticmethod
    def resolve_claimed_by(contact: Contact) -> str | None:
        return contact.claimed_by.username if contact.claimed_by else None


class StaffMessageOut(Schema):
    from_: str = Field(..., alias="from")
    text: str
    at: datetime
    by: str | None


class ContactOut(ContactSummaryOut):
    non_data_kind: str
    language_detected: bool
    interpreter_service: UUID | None
    reporter_role: str
    exploitation: list[str]
    indicators: list[str]
    country: str
    victims_count: int | None
    minors_count: int | None
    minor_involved: bool | None
    nationalities: list[str]
    unaccompanied_minor: bool | None
    victim_wants_assistance: bool | None
    consent_to_police: bool | None
    diplomatic_household: bool | None
    online_csam: bool | None
    heard_from: str
    campaign_code: str
    caller_name: str
    caller_phone: str
    narrative: str
    closed_at: datetime | None
    anonymous_thread: bool
    linked_contacts: list[str]
    messages: list[StaffMessageOut]

    @staticmethod
    def resolve_interpreter_service(contact: Contact) -> UUID | None:
        return contact.interpreter_service.uuid if contact.interpreter_service else None

    @staticmethod
    def resolve_anonymous_thread(contact: Contact) -> bool:
        return contact.receipt_digest is not None

    @staticmethod
    def resolve_linked_contacts(contact: Contact) -> list[str]:
        return sorted(contact.linked_contacts.values_list("reference", flat=True))

    @staticmethod
    def resolve_messages(contact: Contact) -> list[dict[str, Any]]:
        return [
            {
                "from": m.author,
                "text": m.text,
                "at": m.created_at,
                "by": m.author_user.username if m.author_user else None,
            }
            for m in contact.messages.select_related("author_user")
        ]


class QueueItemOut(Schema):
    contact: ContactSummaryOut
    reason: str = Field(..., description="new_report | reporter_message | callback_due")
    waiting_since: datetime
    waiting_minutes: int
    speakers_on_duty: list[str] = Field(..., description="operators on shift who speak its language")


class ContactFieldsIn(Schema):
    """What an operator records about a contact; every field optional (a PATCH changes what it names)."""

    model_config = ConfigDict(extra="forbid")

    signal_type: SignalCode | None = None  # type: ignore[valid-type]
    non_data_kind: NonDataCode | None = None  # type: ignore[valid-type]
    language: str | None = Field(None, max_length=LANGUAGE_MAX, pattern=BCP47_PATTERN)
    interpreter_service: UUID | None = None
    reporter_role: RoleCode | None = None  # type: ignore[valid-type]
    sector: SectorCode | None = None  # type: ignore[valid-type]
    exploitation: list[ExploitationCode] | None = None  # type: ignore[valid-type]
    indicators: list[IndicatorCode] | None = None  # type: ignore[valid-type]
    postcode: str | None = Field(None, max_length=10)
    country: str | None = Field(None, max_length=2)
    victims_count: int | None = Field(None, ge=0, le=100000)
    minors_count: int | None = Field(None, ge=0, le=100000)
    minor_involved: bool | None = None
    nationalities: list[str] | None = Field(None, max_length=30)
    unaccompanied_minor: bool | None = None
    victim_wants_assistance: bool | None = None
    consent_to_police: bool | None = None
    diplomatic_household: bool | None = None
    online_csam: bool | None = None
    immediate_danger: bool | None = None
    heard_from: str | None = Field(None, max_length=100)
    campaign_code: str | None = Field(None, max_length=40)
    caller_name: str | None = Field(None, max_length=200)
    caller_phone: str | None = Field(None, max_length=40)
    narrative: str | None = Field(None, max_length=20000)
    callback_due_at: datetime | None = None


class LogCallIn(ContactFieldsIn):
    channel: LoggedChannel = Channel.PHONE
    signal_type: SignalCode  # type: ignore[valid-type]


class ClaimIn(Schema):
    model_config = ConfigDict(extra="forbid")
    take_over: bool = Field(False, description="a supervisor takes a contact another operator holds")


class ReplyIn(Schema):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(..., min_length=1, max_length=20000)


class CloseIn(Schema):
    model_config = ConfigDict(extra="forbid")
    outcome: OutcomeCode  # type: ignore[valid-type]


class LinkIn(Schema):
    model_config = ConfigDict(extra="forbid")
    reference: str = Field(..., max_length=20, description="reference of a contact about the same situation")


def _operator(request: HttpRequest) -> User:
    user = request_user(request)
    if not has_perm(user, Perm.HANDLE_CONTACTS):
        raise PermissionDeniedError()
    return user


def _fields(payload: Schema, *, unset: bool) -> dict[str, Any]:
    """The payload as service keyword arguments: a PATCH passes only what it names; the interpreter service
    is looked up by its UUID (an unknown one is refused on its field)."""
    data = payload.model_dump(exclude_unset=unset, exclude_none=not unset)
    data.pop("channel", None)
    if data.get("interpreter_service") is not None:
        service = Organisation.objects.filter(
            uuid=data["interpreter_service"], kind=OrganisationKind.INTERPRETER_SERVICE, is_active=True
        ).first()
        if service is None:
            raise ValidationFailedError(_("Choose an interpreter service."), field="interpreter_service")
        data["interpreter_service"] = service
    for name in ("language", "heard_from", "campaign_code", "caller_name", "caller_phone", "narrative"):
        if name in data and data[name] is None:
            data[name] = ""
    for name in ("exploitation", "indicators", "nationalities"):
        if name in data and data[name] is None:
            data[name] = []
    return data


def _read(user: User, contact_uuid: UUID) -> Contact:
    """A contact with its narrative, caller and thread: an audited read (DESIGN.md §4)."""
    contact = access_contact(user, contact_uuid)
    record_identity_access(
        actor=user,
        obj=contact,
        fields=["narrative", "caller_name", "caller_phone", "messages"],
        purpose=AccessPurpose.CASEWORK,
    )
    return contact


@router.get("/queue", response={200: list[QueueItemOut], 403: ErrorOut}, summary="The operator's queue")
def queue(request: HttpRequest, limit: int = Query(100, ge=1, le=500)) -> list[dict[str, Any]]:
    items = contact_queue_for(user=_operator(request), limit=limit)
    return [
        {
            "contact": item.contact,
            "reason": item.reason,
            "waiting_since": item.waiting_since,
            "waiting_minutes": item.waiting_minutes,
            "speakers_on_duty": list(item.speakers_on_duty),
        }
        for item in items
    ]


@router.get("/contacts", response={200: list[ContactSummaryOut], 403: ErrorOut}, summary="Search contacts")
def contacts(
    request: HttpRequest,
    q: str = Query("", max_length=100, description="reference, postcode, phone number, name or words"),
    status: StatusCode | None = None,  # type: ignore[valid-type]
    limit: int = Query(100, ge=1, le=500),
) -> list[Contact]:
    return contact_search(user=_operator(request), query=q, status=status or "", limit=limit)


@router.post(
    "/contacts", response={201: ContactOut, 403: ErrorOut, 422: ErrorOut}, summary="Log a call or contact"
)
def log_contact(request: HttpRequest, payload: LogCallIn) -> Status:
    user = _operator(request)
    contact = contact_log_call(actor=user, channel=payload.channel, **_fields(payload, unset=False))
    return Status(201, _read(user, contact.uuid))


@router.get(
    "/contacts/{contact_uuid}",
    response={200: ContactOut, 403: ErrorOut, 404: ErrorOut},
    summary="One contact",
    by_alias=True,
)
def contact(request: HttpRequest, contact_uuid: UUID) -> Contact:
    return _read(_operator(request), contact_uuid)


@router.patch(
    "/contacts/{contact_uuid}",
    response={200: ContactOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Complete or correct a contact (audited)",
    by_alias=True,
)
def update_contact(request: HttpRequest, contact_uuid: UUID, payload: ContactFieldsIn) -> Contact:
    user = _operator(request)
    contact_update(contact=access_contact(user, contact_uuid), actor=user, **_fields(payload, unset=True))
    return _read(user, contact_uuid)


@router.post(
    "/contacts/{contact_uuid}/claim",
    response={200: ContactSummaryOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Handle a contact",
)
def claim(request: HttpRequest, contact_uuid: UUID, payload: ClaimIn) -> Contact:
    user = _operator(request)
    contact_claim(contact=access_contact(user, contact_uuid), actor=user, take_over=payload.take_over)
    return access_contact(user, contact_uuid)


@router.post(
    "/contacts/{contact_uuid}/release",
    response={200: ContactSummaryOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Put a contact back in the queue",
)
def release(request: HttpRequest, contact_uuid: UUID) -> Contact:
    user = _operator(request)
    contact_release(contact=access_contact(user, contact_uuid), actor=user)
    return access_contact(user, contact_uuid)


@router.post(
    "/contacts/{contact_uuid}/replies",
    response={201: StaffMessageOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Answer the anonymous reporter",
    by_alias=True,
)
def reply(request: HttpRequest, contact_uuid: UUID, payload: ReplyIn) -> Status:
    user = _operator(request)
    message = contact_reply(contact=access_contact(user, contact_uuid), actor=user, text=payload.text)
    return Status(
        201, {"from": message.author, "text": message.text, "at": message.created_at, "by": user.username}
    )


@router.post(
    "/contacts/{contact_uuid}/links",
    response={200: ContactSummaryOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Link a contact about the same situation",
)
def link(request: HttpRequest, contact_uuid: UUID, payload: LinkIn) -> Contact:
    user = _operator(request)
    contact = access_contact(user, contact_uuid)
    other = contact_list_visible_to(user=user).filter(reference=payload.reference.strip().upper()).first()
    if other is None:
        raise ValidationFailedError(_("No contact of your hotline has this reference."), field="reference")
    contact_link(contact=contact, other=other, actor=user)
    return contact


@router.post(
    "/contacts/{contact_uuid}/close",
    response={200: ContactSummaryOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Close a contact with its outcome",
)
def close(request: HttpRequest, contact_uuid: UUID, payload: CloseIn) -> Contact:
    user = _operator(request)
    contact_close(contact=access_contact(user, contact_uuid), actor=user, outcome=payload.outcome)
    return access_contact(user, contact_uuid)
