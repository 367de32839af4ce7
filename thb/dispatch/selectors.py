"""Reads of the dispatch app; those that show data take the user (DESIGN.md §3.2)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from thb.core.models import User
from thb.core.roles import Perm, has_perm
from thb.hotline.models import Contact
from thb.victims.models import VictimCase

from .deadlines import hours_between, percentile
from .directory import Directory
from .engine import Decision, ProposedReferral, decide
from .facts import facts_from_contact
from .models import OutboxMessage, OutboxStatus, ProcedureStatus, ProcedureVersion, Referral, ReferralStatus
from .procedure import Procedure, parse_procedure

_compiled: dict[int, tuple[object, Procedure]] = {}
_lock = threading.Lock()


def active_procedure() -> tuple[ProcedureVersion, Procedure] | None:
    """The active version and its compiled rules. Compiling is cached per version and its last change, so a
    decision costs one small query, and an activation is seen by every process at once."""
    version = ProcedureVersion.objects.filter(status=ProcedureStatus.ACTIVE).defer("examples_report").first()
    if version is None:
        return None
    with _lock:
        cached = _compiled.get(version.pk)
        if cached is None or cached[0] != version.updated_at:
            parsed = parse_procedure(version.source)
            if parsed.procedure is None:  # stored versions were checked on the way in
                raise RuntimeError(f"stored procedure {version} no longer parses: {parsed.errors[:3]}")
            cached = (version.updated_at, parsed.procedure)
            _compiled[version.pk] = cached
    return version, cached[1]


def procedure_versions_visible_to(*, user: User) -> QuerySet[ProcedureVersion]:
    """Every version, for coordinators; the operators and partners see the rules through their effects."""
    if not has_perm(user, Perm.MANAGE_PROCEDURES):
        return ProcedureVersion.objects.none()
    return ProcedureVersion.objects.select_related("created_by", "approved_by", "activated_by").order_by(
        "slug", "-version"
    )


# --- referrals ---------------------------------------------------------------------------------------------


def dispatch_proposal_for(*, user: User, contact: Contact) -> DispatchProposal | None:
    """What the active procedure proposes for a contact, minus the organisations that already had a referral
    of it — live, declined, closed, or removed by the operator with a reason: a decision once taken is not
    proposed again (the operator can still add a referral by hand, with a reason). None when no procedure
    is active."""
    if not has_perm(user, Perm.HANDLE_CONTACTS) or contact.organisation_id != user.organisation_id:
        return None
    active = active_procedure()
    if active is None:
        return None
    version, procedure = active
    decision = decide(procedure, facts_from_contact(contact), Directory.from_database())
    live = set(Referral.objects.filter(contact=contact).values_list("organisation__slug", flat=True))
    already = [p for p in decision.referrals if p.organisation in live]
    decision.referrals = [p for p in decision.referrals if p.organisation not in live]
    return DispatchProposal(version=version, procedure=procedure, decision=decision, already_referred=already)


@dataclass
class DispatchProposal:
    version: ProcedureVersion
    procedure: Procedure
    decision: Decision
    already_referred: list[ProposedReferral]


def referrals_of_contact(*, user: User, contact: Contact) -> QuerySet[Referral]:
    """The hotline sees every referral of its contacts, with the partners' feedback."""
    if not has_perm(user, Perm.HANDLE_CONTACTS) or contact.organisation_id != user.organisation_id:
        return Referral.objects.none()
    return (
        Referral.objects.filter(contact=contact)
        .select_related("organisation", "procedure_version")
        .prefetch_related("events__actor")
        .order_by("created_at")
    )


def referrals_visible_from_case(*, user: User, case: VictimCase) -> QuerySet[Referral]:
    """The referrals of a victim case that the user's organisation sent, with the partners' answers."""
    if user.organisation_id is None:
        return Referral.objects.none()
    return (
        Referral.objects.filter(case=case, source_organisation_id=user.organisation_id)
        .select_related("organisation", "procedure_version")
        .order_by("created_at")
    )


def referral_inbox_for(*, user: User, status: str = "") -> QuerySet[Referral]:
    """A partner's inbox: the referrals addressed to the user's organisation, never a proposal or a
    cancelled one (those never reached it). Contact fields are not loaded here: the page shows the
    disclosure profile's fields only, one referral at a time."""
    if not has_perm(user, Perm.RECEIVE_REFERRALS) or user.organisation_id is None:
        return Referral.objects.none()
    referrals = Referral.objects.filter(organisation_id=user.organisation_id).exclude(
        status__in=[ReferralStatus.PROPOSED, ReferralStatus.CANCELLED]
    )
    if status:
        referrals = referrals.filter(status=status)
    return (
        referrals.select_related("contact__organisation", "case")
        .defer("contact__narrative", "contact__caller_name", "contact__caller_phone")
        .order_by("ack_due_at", "-created_at")
    )


def _referrals_supervised_by(user: User) -> QuerySet[Referral]:
    """Coordinators oversee every referral; a hotline's supervisors those their hotline sent."""
    if has_perm(user, Perm.MANAGE_PROCEDURES):
        return Referral.objects.all()
    if has_perm(user, Perm.SUPERVISE_HOTLINE) and user.organisation_id is not None:
        return Referral.objects.filter(source_organisation_id=user.organisation_id)
    return Referral.objects.none()


def referrals_overdue_for(*, user: User, now: datetime | None = None) -> QuerySet[Referral]:
    """Sent and not acknowledged past the deadline, the most overdue first."""
    now = now or timezone.now()
    return (
        _referrals_supervised_by(user)
        .filter(status=ReferralStatus.SENT, ack_due_at__lt=now)
        .select_related("organisation", "contact", "case")
        .defer("contact__narrative", "contact__caller_name", "contact__caller_phone")
        .order_by("ack_due_at")
    )


@dataclass(frozen=True)
class AckStatistics:
    partner_kind: str
    sent: int
    acknowledged: int
    on_time: int
    median_hours: float | None
    p90_hours: float | None
    waiting_overdue: int


def acknowledgement_statistics(
    *, user: User, days: int = 90, now: datetime | None = None
) -> list[AckStatistics]:
    """Time to acknowledge per partner kind over the last ``days``: how many were sent, acknowledged, on
    time, the median and 90th percentile in hours, and how many still wait past their deadline."""
    now = now or timezone.now()
    rows = (
        _referrals_supervised_by(user)
        .filter(sent_at__gte=now - timedelta(days=days))
        .values_list("partner_kind", "sent_at", "ack_due_at", "acknowledged_at", "status")
    )
    by_kind: dict[str, list[tuple[datetime, datetime | None, datetime | None, str]]] = {}
    for kind, sent_at, due, acknowledged_at, status in rows:
        if sent_at is not None:
            by_kind.setdefault(kind, []).append((sent_at, due, acknowledged_at, status))
    stats = []
    for kind, items in sorted(by_kind.items()):
        hours = [hours_between(s, a) for s, _d, a, _st in items if a is not None]
        stats.append(
            AckStatistics(
                partner_kind=kind,
                sent=len(items),
                acknowledged=len(hours),
                on_time=sum(1 for _s, d, a, _st in items if a is not None and d is not None and a <= d),
                median_hours=percentile(hours, 0.5),
                p90_hours=percentile(hours, 0.9),
                waiting_overdue=sum(
                    1 for _s, d, a, st in items if a is None and st == "sent" and d and d < now
                ),
            )
        )
    return stats


def outbox_problems_for(*, user: User) -> QuerySet[OutboxMessage]:
    """Notifications that failed for good or are being retried: all of them for coordinators, those of
    the user's own organisation for a hotline's supervisors (issue 4 §3: failures are visible)."""
    problems = OutboxMessage.objects.filter(
        Q(status=OutboxStatus.FAILED) | Q(status=OutboxStatus.PENDING, attempts__gt=0)
    ).select_related("organisation")
    if has_perm(user, Perm.MANAGE_PROCEDURES):
        return problems.order_by("-created_at")
    if has_perm(user, Perm.SUPERVISE_HOTLINE) and user.organisation_id is not None:
        return problems.filter(organisation_id=user.organisation_id).order_by("-created_at")
    return OutboxMessage.objects.none()
