"""The officers' and magistrates' API of the blocking list (issue 5: "the whole cycle in the browser and
the API"), at /api/v1/blocklist/entries and /api/v1/blocklist/releases: the same services, selectors and
rules as the pages — four eyes, the magistrate's order, the safeguards, the mass-change gate.

    GET  /entries?status=&q=          entries visible to the user
    POST /entries                     report a domain
    GET  /entries/{uuid}              one entry with its history
    POST /entries/{uuid}/{action}     assess | verify | confirm | approve | reject | suspend | review |
                                      remove | takedown
    POST /releases                    publish the next release (201) — or, for a mass change, the request
                                      for a second approval (202)
    POST /releases/requests/{uuid}/approve | reject
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
from thb.core.exceptions import NotFoundError, PermissionDeniedError, ValidationFailedError
from thb.core.http import request_user
from thb.core.models import User
from thb.core.roles import Perm, has_perm

from .api import release_out
from .models import BlockEntry, EntryStatus, Release, ReleaseRequest, Scope, Severity, TakedownStatus
from .selectors import entries_visible_to, entry_search, release_requests_for
from .services import entries as entry_services
from .services.releases import release_publish, release_request_decide

router = Router(auth=STAFF_AUTH, tags=["blocklist"])

ScopeCode = Literal[tuple(Scope.values)]  # type: ignore[valid-type]
SeverityCode = Literal[tuple(Severity.values)]  # type: ignore[valid-type]
TakedownCode = Literal[tuple(TakedownStatus.values)]  # type: ignore[valid-type]
StatusCode = Literal[tuple(EntryStatus.values)]  # type: ignore[valid-type]
Action = Literal[
    "assess", "verify", "confirm", "approve", "reject", "suspend", "review", "remove", "takedown"
]


class TransitionOut(Schema):
    at: datetime
    actor: str | None
    from_status: str
    to_status: str
    reason: str
    legal_reference: str

    @staticmethod
    def resolve_actor(transition: Any) -> str | None:
        return transition.actor.username if transition.actor else None


class EntryOut(Schema):
    uuid: UUID
    domain: str
    domain_unicode: str
    scope: str
    status: str
    report_reference: str
    evidence_reference: str
    case_reference: str
    apparent_age_under_13: bool | None
    severity: str
    hosting_ip: str | None
    hosting_network: str
    hosting_country: str
    registrar: str
    takedown_status: str
    first_seen_at: datetime | None
    last_verified_at: datetime | None
    next_review_due: datetime | None
    magistrate_order_reference: str


class EntryDetailOut(EntryOut):
    transitions: list[TransitionOut]

    @staticmethod
    def resolve_transitions(entry: BlockEntry) -> list[Any]:
        return list(entry.transitions.select_related("actor"))


class DomainReportIn(Schema):
    model_config = ConfigDict(extra="forbid")
    domain: str = Field(..., max_length=2000)
    scope: ScopeCode = Scope.SUBDOMAINS  # type: ignore[valid-type]
    report_reference: str = Field("", max_length=100)
    evidence_reference: str = Field("", max_length=100)
    case_reference: str = Field("", max_length=100)
    hosting_ip: str | None = Field(None, max_length=45)
    hosting_network: str = Field("", max_length=100)
    hosting_country: str = Field("", max_length=2)
    registrar: str = Field("", max_length=200)


class ActionIn(Schema):
    """What an action needs: ``verify`` the verification time and criteria, ``approve`` the order's
    reference, ``reject``/``suspend``/``remove`` a reason, ``review`` whether the material is still online,
    ``takedown`` its status."""

    model_config = ConfigDict(extra="forbid")
    verified_online_at: datetime | None = None
    apparent_age_under_13: bool | None = None
    severity: SeverityCode | None = None  # type: ignore[valid-type]
    order_reference: str | None = Field(None, max_length=100)
    reason: str | None = Field(None, max_length=2000)
    still_online: bool | None = None
    takedown_status: TakedownCode | None = None  # type: ignore[valid-type]


class RequestOut(Schema):
    uuid: UUID
    status: str
    added: list[str]
    removed: list[str]
    requested_by: str

    @staticmethod
    def resolve_requested_by(request: ReleaseRequest) -> str:
        return request.requested_by.username


class DecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field("", max_length=2000)


def _staff(request: HttpRequest) -> User:
    user = request_user(request)
    if not (has_perm(user, Perm.EDIT_BLOCKLIST) or has_perm(user, Perm.APPROVE_BLOCKS)):
        raise PermissionDeniedError()
    return user


def _entry(user: User, entry_uuid: UUID) -> BlockEntry:
    entry = entries_visible_to(user=user).filter(uuid=entry_uuid).first()
    if entry is None:
        raise NotFoundError()
    return entry


def _required(value: Any, field: str) -> Any:
    if value is None or value == "":
        raise ValidationFailedError(_("This field is required for this action."), field=field)
    return value


@router.get("/entries", response={200: list[EntryOut], 403: ErrorOut}, summary="Entries of the blocking list")
def entries(
    request: HttpRequest,
    status: StatusCode | None = None,  # type: ignore[valid-type]
    q: str = Query("", max_length=253),
    limit: int = Query(200, ge=1, le=1000),
) -> list[BlockEntry]:
    visible = entry_search(entries_visible_to(user=_staff(request)), q)
    if status:
        visible = visible.filter(status=status)
    return list(visible.order_by("domain")[:limit])


@router.post(
    "/entries", response={201: EntryDetailOut, 403: ErrorOut, 422: ErrorOut}, summary="Report a domain"
)
def report(request: HttpRequest, payload: DomainReportIn) -> Status:
    user = _staff(request)
    entry = entry_services.entry_report(actor=user, **payload.model_dump())
    return Status(201, entry)


@router.get(
    "/entries/{entry_uuid}", response={200: EntryDetailOut, 403: ErrorOut, 404: ErrorOut}, summary="An entry"
)
def entry(request: HttpRequest, entry_uuid: UUID) -> BlockEntry:
    return _entry(_staff(request), entry_uuid)


@router.post(
    "/entries/{entry_uuid}/{action}",
    response={200: EntryDetailOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="A step of the entry's lifecycle",
)
def act(request: HttpRequest, entry_uuid: UUID, action: Action, payload: ActionIn) -> BlockEntry:
    user = _staff(request)
    item = _entry(user, entry_uuid)
    if action == "assess":
        entry_services.entry_start_assessment(entry=item, actor=user)
    elif action == "verify":
        entry_services.entry_verify(
            entry=item,
            actor=user,
            verified_online_at=_required(payload.verified_online_at, "verified_online_at"),
            apparent_age_under_13=_required(payload.apparent_age_under_13, "apparent_age_under_13"),
            severity=_required(payload.severity, "severity"),
            reason=payload.reason or "",
        )
    elif action == "confirm":
        entry_services.entry_confirm(entry=item, actor=user, reason=payload.reason or "")
    elif action == "approve":
        entry_services.entry_approve(
            entry=item, actor=user, order_reference=_required(payload.order_reference, "order_reference")
        )
    elif action in {"reject", "suspend", "remove"}:
        service = getattr(entry_services, f"entry_{action}")
        service(entry=item, actor=user, reason=_required(payload.reason, "reason"))
    elif action == "review":
        entry_services.entry_review(
            entry=item, actor=user, still_online=_required(payload.still_online, "still_online")
        )
    else:
        entry_services.entry_set_takedown(
            entry=item, actor=user, status=_required(payload.takedown_status, "takedown_status")
        )
    return _entry(user, entry_uuid)


@router.post(
    "/releases",
    response={201: dict, 202: RequestOut, 403: ErrorOut, 409: ErrorOut},
    summary="Publish the next release (a mass change first waits for a second approval: 202)",
)
def publish(request: HttpRequest) -> Status:
    user = _staff(request)
    if user.organisation is None or not has_perm(user, Perm.EDIT_BLOCKLIST):
        raise PermissionDeniedError()
    outcome = release_publish(actor=user, organisation=user.organisation)
    if isinstance(outcome, Release):
        return Status(201, release_out(outcome))
    return Status(202, outcome)


@router.post(
    "/releases/requests/{request_uuid}/{decision}",
    response={200: RequestOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Approve or reject a mass change (another person than the one who asked)",
)
def decide(
    request: HttpRequest, request_uuid: UUID, decision: Literal["approve", "reject"], payload: DecisionIn
) -> ReleaseRequest:
    user = _staff(request)
    item = release_requests_for(user=user).filter(uuid=request_uuid).first()
    if item is None:
        raise NotFoundError()
    return release_request_decide(
        request=item, actor=user, approve=decision == "approve", reason=payload.reason
    )
