"""Dispatch API (issue 4: "works in the browser, the API and the commands"), at /api/v1/dispatch/.

The same services, selectors and access functions as the pages: operators see and send their hotline's
contacts' referrals; a partner sees the referrals addressed to its organisation, each with only the fields
of its disclosure profile (reading identity fields is audited); nobody else sees anything (404).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, ValidationError

from thb.api.auth import STAFF_AUTH
from thb.api.schemas import ErrorOut
from thb.core.exceptions import NotFoundError, PermissionDeniedError, ValidationFailedError
from thb.core.http import request_user
from thb.core.models import Organisation, User
from thb.core.roles import Perm, has_perm
from thb.hotline.access import access_contact

from .access import access_referral
from .directory import Directory
from .disclosure import disclosed_view
from .engine import Decision, ProposedReferral, decide
from .facts import Facts
from .models import DeclineReason, LegalBasis, Referral, ReferralOutcome, ReferralStatus
from .procedure import PRIORITIES, parse_procedure
from .selectors import active_procedure, dispatch_proposal_for, referral_inbox_for, referrals_of_contact
from .services.referrals import (
    AddedReferral,
    proposal_key,
    referral_accept,
    referral_acknowledge,
    referral_close,
    referral_decline,
    referral_reassign,
    referral_report_outcome,
    referrals_confirm,
)

router = Router(auth=STAFF_AUTH, tags=["dispatch"])

LegalBasisCode = Literal[tuple(LegalBasis.values)]  # type: ignore[valid-type]
PriorityCode = Literal[PRIORITIES]  # type: ignore[valid-type]
DeclineCode = Literal[tuple(DeclineReason.values)]  # type: ignore[valid-type]
OutcomeCode = Literal[tuple(ReferralOutcome.values)]  # type: ignore[valid-type]
StatusCode = Literal[tuple(ReferralStatus.values)]  # type: ignore[valid-type]


class SimulatedReferralOut(Schema):
    partner_kind: str
    organisation: str | None
    rule: str
    legal_basis: str
    disclosure: str
    ack_within_hours: int
    priority: str


class SimulationOut(Schema):
    referrals: list[SimulatedReferralOut]
    explanation: list[str]


class SimulateIn(Schema):
    model_config = ConfigDict(extra="forbid")
    facts: dict[str, Any] = Field(..., description="the facts vocabulary of docs/dispatch.md")
    procedure: str | None = Field(
        None, max_length=1_000_000, description="a procedure's YAML instead of the active one"
    )


class ProposalOut(SimulatedReferralOut):
    key: str = Field(..., description="names this proposal when confirming: partner_kind:organisation")
    fields: list[str]


class ProposalsOut(Schema):
    procedure: str
    referrals: list[ProposalOut]
    already_referred: list[str]
    guidance: list[str]
    explanation: list[str]


class AddIn(Schema):
    model_config = ConfigDict(extra="forbid")
    organisation: UUID
    legal_basis: LegalBasisCode  # type: ignore[valid-type]
    disclosure: str = Field(..., max_length=80)
    reason: str = Field(..., min_length=1, max_length=2000)
    ack_within_hours: int = Field(72, ge=1, le=720)
    priority: PriorityCode = "normal"


class ConfirmIn(Schema):
    model_config = ConfigDict(extra="forbid")
    remove: dict[str, str] = Field(default_factory=dict, description="proposal key → reason")
    add: list[AddIn] = Field(default_factory=list, max_length=20)


class EventOut(Schema):
    at: datetime
    action: str
    organisation: str | None
    note: str

    @staticmethod
    def resolve_organisation(event: Any) -> str | None:
        return event.organisation.slug if event.organisation else None


class ReferralOut(Schema):
    uuid: UUID
    contact_reference: str  # the hotline contact referred ("" when the subject is a victim case)
    case_reference: str  # the victim case referred ("" when the subject is a hotline contact)
    organisation: str
    partner_kind: str
    status: str
    rule: str
    procedure: str | None
    legal_basis: str
    disclosure: str
    priority: str
    ack_within_hours: int
    sent_at: datetime | None
    ack_due_at: datetime | None
    acknowledged_at: datetime | None
    decline_reason: str
    outcome: str
    outcome_note: str
    operator_reason: str

    @staticmethod
    def resolve_contact_reference(referral: Referral) -> str:
        return referral.contact.reference if referral.contact is not None else ""

    @staticmethod
    def resolve_case_reference(referral: Referral) -> str:
        return referral.case.reference if referral.case is not None else ""

    @staticmethod
    def resolve_organisation(referral: Referral) -> str:
        return referral.organisation.slug

    @staticmethod
    def resolve_procedure(referral: Referral) -> str | None:
        return str(referral.procedure_version) if referral.procedure_version else None

    @staticmethod
    def resolve_disclosure(referral: Referral) -> str:
        return referral.disclosure_profile


class ReferralWithEventsOut(ReferralOut):
    events: list[EventOut]

    @staticmethod
    def resolve_events(referral: Referral) -> list[Any]:
        return list(referral.events.all())


class PartnerReferralOut(ReferralWithEventsOut):
    fields: dict[str, str] = Field(..., description="only the fields of the referral's disclosure profile")


class SentOut(Schema):
    sent: list[ReferralOut]
    removed: list[ReferralOut]


class DeclineIn(Schema):
    model_config = ConfigDict(extra="forbid")
    reason: DeclineCode  # type: ignore[valid-type]
    note: str = Field("", max_length=2000)


class OutcomeIn(Schema):
    model_config = ConfigDict(extra="forbid")
    outcome: OutcomeCode  # type: ignore[valid-type]
    note: str = Field("", max_length=2000)


class ReassignIn(Schema):
    model_config = ConfigDict(extra="forbid")
    organisation: UUID
    reason: str = Field(..., min_length=1, max_length=2000)


def _operator(request: HttpRequest) -> User:
    user = request_user(request)
    if not has_perm(user, Perm.HANDLE_CONTACTS):
        raise PermissionDeniedError()
    return user


def _partner(request: HttpRequest) -> User:
    user = request_user(request)
    if not has_perm(user, Perm.RECEIVE_REFERRALS):
        raise PermissionDeniedError()
    return user


def _proposal_out(p: ProposedReferral) -> dict[str, Any]:
    return {**p.as_json(), "key": proposal_key(p), "fields": list(p.fields)}


def _guidance(decision: Decision, language: str) -> list[str]:
    return [texts.in_language(language) for texts in decision.guidance]


@router.post(
    "/simulate",
    response={200: SimulationOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="The referrals a procedure proposes for some facts (as thb dispatch simulate)",
)
def simulate(request: HttpRequest, payload: SimulateIn) -> dict[str, Any]:
    user = request_user(request)
    if not (has_perm(user, Perm.MANAGE_PROCEDURES) or has_perm(user, Perm.HANDLE_CONTACTS)):
        raise PermissionDeniedError()
    try:
        facts = Facts.model_validate(payload.facts)
    except ValidationError as exc:
        problem = exc.errors()[0]
        name = ".".join(str(part) for part in problem["loc"])
        message = "unknown fact" if problem["type"] == "extra_forbidden" else problem["msg"]
        raise ValidationFailedError(f"{name}: {message}", field=f"facts.{name}") from exc
    if payload.procedure is not None:
        parsed = parse_procedure(payload.procedure)
        if parsed.procedure is None:
            raise ValidationFailedError(str(parsed.errors[0]), field="procedure", code="procedure_invalid")
        procedure = parsed.procedure
    else:
        active = active_procedure()
        if active is None:
            raise NotFoundError(_("No dispatch procedure is active: ask a coordinator."))
        procedure = active[1]
    return decide(procedure, facts, Directory.from_database()).as_json()


@router.get(
    "/contacts/{contact_uuid}/proposals",
    response={200: ProposalsOut, 403: ErrorOut, 404: ErrorOut},
    summary="What the active procedure proposes for a contact",
)
def proposals(request: HttpRequest, contact_uuid: UUID) -> dict[str, Any]:
    user = _operator(request)
    contact = access_contact(user, contact_uuid)
    proposal = dispatch_proposal_for(user=user, contact=contact)
    if proposal is None:
        raise NotFoundError(_("No dispatch procedure is active: ask a coordinator."))
    return {
        "procedure": str(proposal.version),
        "referrals": [_proposal_out(p) for p in proposal.decision.referrals],
        "already_referred": [p.organisation or "" for p in proposal.already_referred],
        "guidance": _guidance(proposal.decision, getattr(request, "LANGUAGE_CODE", "en") or "en"),
        "explanation": proposal.decision.explanation,
    }


@router.post(
    "/contacts/{contact_uuid}/referrals",
    response={201: SentOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Send the proposals, minus those removed (with reasons), plus those added (with reasons)",
)
def confirm(request: HttpRequest, contact_uuid: UUID, payload: ConfirmIn) -> Status:
    user = _operator(request)
    contact = access_contact(user, contact_uuid)
    proposal = dispatch_proposal_for(user=user, contact=contact)
    if proposal is None:
        raise NotFoundError(_("No dispatch procedure is active: ask a coordinator."))
    added = []
    for i, extra in enumerate(payload.add):
        organisation = Organisation.objects.filter(uuid=extra.organisation).first()
        if organisation is None:
            raise ValidationFailedError(
                _("This organisation does not take referrals."), field=f"add.{i}.organisation"
            )
        added.append(
            AddedReferral(
                organisation=organisation,
                legal_basis=extra.legal_basis,
                disclosure=extra.disclosure,
                reason=extra.reason,
                ack_within_hours=extra.ack_within_hours,
                priority=extra.priority,
            )
        )
    result = referrals_confirm(
        contact=contact,
        actor=user,
        decision=proposal.decision,
        procedure=proposal.procedure,
        version=proposal.version,
        removed=payload.remove,
        added=added,
    )
    return Status(201, {"sent": result.sent, "removed": result.removed})


@router.get(
    "/contacts/{contact_uuid}/referrals",
    response={200: list[ReferralWithEventsOut], 403: ErrorOut, 404: ErrorOut},
    summary="A contact's referrals with the partners' feedback (the hotline's view)",
)
def contact_referrals(request: HttpRequest, contact_uuid: UUID) -> list[Referral]:
    user = _operator(request)
    return list(referrals_of_contact(user=user, contact=access_contact(user, contact_uuid)))


@router.get("/inbox", response={200: list[ReferralOut], 403: ErrorOut}, summary="Referrals received")
def inbox(
    request: HttpRequest,
    status: StatusCode | None = None,  # type: ignore[valid-type]
    limit: int = Query(100, ge=1, le=500),
) -> list[Referral]:
    return list(referral_inbox_for(user=_partner(request), status=status or "")[:limit])


def _partner_view(user: User, referral: Referral) -> Referral:
    """The referral, carrying the disclosed fields for ``PartnerReferralOut.fields``."""
    referral.fields = {f.name: f.value for f in disclosed_view(referral, reader=user)}  # type: ignore[attr-defined]
    return referral


@router.get(
    "/referrals/{referral_uuid}",
    response={200: PartnerReferralOut, 403: ErrorOut, 404: ErrorOut},
    summary="A referral as the partner sees it: only its disclosure profile's fields",
)
def referral(request: HttpRequest, referral_uuid: UUID) -> Referral:
    user = _partner(request)
    return _partner_view(user, access_referral(user, referral_uuid))


def _act(request: HttpRequest, referral_uuid: UUID, act: Any, **kwargs: Any) -> Referral:
    user = _partner(request)
    result = act(referral=access_referral(user, referral_uuid), actor=user, **kwargs)
    return _partner_view(user, access_referral(user, result.uuid))


_ACTION_RESPONSES = {200: PartnerReferralOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.post("/referrals/{referral_uuid}/acknowledge", response=_ACTION_RESPONSES, summary="Acknowledge")
def acknowledge(request: HttpRequest, referral_uuid: UUID) -> Referral:
    return _act(request, referral_uuid, referral_acknowledge)


@router.post("/referrals/{referral_uuid}/accept", response=_ACTION_RESPONSES, summary="Accept")
def accept(request: HttpRequest, referral_uuid: UUID) -> Referral:
    return _act(request, referral_uuid, referral_accept)


@router.post(
    "/referrals/{referral_uuid}/decline", response=_ACTION_RESPONSES, summary="Decline with a reason"
)
def decline(request: HttpRequest, referral_uuid: UUID, payload: DeclineIn) -> Referral:
    return _act(request, referral_uuid, referral_decline, reason=payload.reason, note=payload.note)


@router.post("/referrals/{referral_uuid}/outcome", response=_ACTION_RESPONSES, summary="Report the outcome")
def outcome(request: HttpRequest, referral_uuid: UUID, payload: OutcomeIn) -> Referral:
    return _act(request, referral_uuid, referral_report_outcome, outcome=payload.outcome, note=payload.note)


@router.post("/referrals/{referral_uuid}/close", response=_ACTION_RESPONSES, summary="Close")
def close(request: HttpRequest, referral_uuid: UUID) -> Referral:
    return _act(request, referral_uuid, referral_close)


@router.post(
    "/referrals/{referral_uuid}/reassign",
    response={201: ReferralOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Pass it to the competent organisation (a new referral; this one is closed)",
)
def reassign(request: HttpRequest, referral_uuid: UUID, payload: ReassignIn) -> Status:
    user = _partner(request)
    organisation = Organisation.objects.filter(uuid=payload.organisation).first()
    if organisation is None:
        raise ValidationFailedError(_("This organisation does not take referrals."), field="organisation")
    successor = referral_reassign(
        referral=access_referral(user, referral_uuid),
        actor=user,
        organisation=organisation,
        reason=payload.reason,
    )
    return Status(201, successor)
