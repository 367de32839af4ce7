"""Escalation of missed acknowledgement deadlines (issue 4 §3), run by the periodic job every minute.

Level 1 (the deadline passed): the partner organisation's managers and the hotline's supervisors are told.
Level 2 (``THB_ESCALATION_SECOND_LEVEL_HOURS`` later, still not acknowledged): the coordination cell.
Each escalation is an event on the referral, an audit row and outbox notifications, in one transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from thb.core.audit import record_change
from thb.core.models import Organisation, OrganisationKind, User
from thb.core.roles import Perm, Role, has_perm

from .deadlines import escalation_level_due
from .models import Referral, ReferralEvent, ReferralStatus
from .outbox import notify


def _addresses(users: list[User]) -> list[str]:
    return sorted({u.email for u in users if u.email})


def _partner_managers(organisation: Organisation) -> list[str]:
    users = User.objects.filter(organisation=organisation, is_active=True)
    return _addresses([u for u in users if has_perm(u, Perm.MANAGE_USERS)])


def _hotline_supervisors(organisation: Organisation) -> list[str]:
    users = User.objects.filter(organisation=organisation, is_active=True)
    return _addresses([u for u in users if has_perm(u, Perm.SUPERVISE_HOTLINE)])


def _coordination_cell() -> list[tuple[Organisation, list[str]]]:
    cells = Organisation.objects.filter(kind=OrganisationKind.COORDINATION_CELL, is_active=True)
    return [
        (
            cell,
            _addresses(list(User.objects.filter(organisation=cell, is_active=True, role=Role.COORDINATOR))),
        )
        for cell in cells
    ]


def escalate_overdue(*, now: datetime | None = None, limit: int = 500) -> int:
    """Raise the escalation level of every referral whose acknowledgement is overdue; returns how many."""
    now = now or timezone.now()
    second = timedelta(hours=settings.THB_ESCALATION_SECOND_LEVEL_HOURS)
    escalated = 0
    candidates = Referral.objects.filter(
        status=ReferralStatus.SENT, ack_due_at__lt=now, escalation_level__lt=2
    )
    for pk in candidates.order_by("ack_due_at").values_list("pk", flat=True)[:limit]:
        with transaction.atomic():
            referral = (
                Referral.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("organisation", "source_organisation", "contact", "case")
                .filter(pk=pk, status=ReferralStatus.SENT)
                .first()
            )
            if referral is None:
                continue
            level = escalation_level_due(ack_due_at=referral.ack_due_at, now=now, second_level_after=second)
            if level <= referral.escalation_level:
                continue
            _escalate(referral, level, now)
            escalated += 1
    return escalated


def _escalate(referral: Referral, level: int, now: datetime) -> None:
    before = referral.escalation_level
    referral.escalation_level, referral.escalated_at = level, now
    referral.save(update_fields=["escalation_level", "escalated_at", "updated_at"])
    ReferralEvent.objects.create(referral=referral, action=f"escalated_{level}", note="")
    record_change(
        actor=None,
        action="referral.escalate",
        obj=referral,
        changes={"escalation_level": {"old": before, "new": level}},
        reason="acknowledgement deadline missed",
    )
    data = {
        "referral": str(referral.uuid),
        "level": level,
        "partner": referral.organisation.short_name or referral.organisation.slug,
        "ack_due_at": referral.ack_due_at.isoformat() if referral.ack_due_at else None,
        "priority": referral.priority,
    }
    overdue_path = reverse("dispatch:overdue")
    if level == 1:
        notify(
            topic="referral.escalated",
            organisation=referral.organisation,
            data={**data, "path": reverse("dispatch:referral-detail", args=[referral.uuid])},
            emails=_partner_managers(referral.organisation) or None,
        )
        notify(
            topic="referral.escalated",
            organisation=referral.source_organisation,
            data={**data, "path": overdue_path},
            emails=_hotline_supervisors(referral.source_organisation),
            webhooks=False,
        )
    else:
        for cell, addresses in _coordination_cell():
            notify(
                topic="referral.escalated",
                organisation=cell,
                data={**data, "path": overdue_path},
                emails=addresses,
                webhooks=False,
            )
