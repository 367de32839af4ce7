"""Reminders and escalation of residence deadlines (issue 7 §2: "reminders and escalations run as
periodic jobs"). A reminder goes to the owner organisation some days before the due date; a missed due
date is escalated once to the owner and to the specialised centre accompanying the person. Messages carry
a link and the due date, never a name (DESIGN.md §4); each is sent once (reminded_at, escalated_at).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from thb.core.models import Organisation, User
from thb.core.roles import has_perm
from thb.dispatch.outbox import notify

from .models import ActionStatus, ResidenceAction
from .parties import CENTRE, OWNER_PERMS
from .services import owner_organisation


def recipients(organisation: Organisation, owner: str) -> list[str]:
    """The e-mail addresses of the organisation's users who act for this owner."""
    perm = OWNER_PERMS[owner]
    users = User.objects.filter(organisation=organisation, is_active=True).exclude(email="")
    return sorted({u.email for u in users if has_perm(u, perm)})


def _tell(action: ResidenceAction, topic: str, organisation: Organisation, owner: str) -> None:
    notify(
        topic=topic,
        organisation=organisation,
        data={
            "action": action.action,
            "due": action.due.isoformat(),
            "path": reverse("residence:procedure", kwargs={"procedure_uuid": action.procedure.uuid}),
        },
        emails=recipients(organisation, owner) or None,
        webhooks=False,
    )


def remind_and_escalate(*, today: date | None = None) -> tuple[int, int]:
    """(reminders sent, escalations sent)."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.THB_RESIDENCE_REMINDER_DAYS)
    reminded = escalated = 0
    for pk in ResidenceAction.objects.filter(
        status=ActionStatus.OPEN, reminded_at__isnull=True, due__lte=horizon, organisation__isnull=False
    ).values_list("pk", flat=True):
        with transaction.atomic():
            action = (
                ResidenceAction.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("procedure", "organisation")
                .filter(pk=pk, reminded_at__isnull=True)
                .first()
            )
            if action is None or action.organisation is None:
                continue
            _tell(action, "residence.action_due", action.organisation, action.owner)
            action.reminded_at = timezone.now()
            action.save(update_fields=["reminded_at", "updated_at"])
            reminded += 1
    for pk in ResidenceAction.objects.filter(
        status=ActionStatus.OPEN, escalated_at__isnull=True, due__lt=today
    ).values_list("pk", flat=True):
        with transaction.atomic():
            action = (
                ResidenceAction.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("procedure__case", "organisation")
                .filter(pk=pk, escalated_at__isnull=True)
                .first()
            )
            if action is None:
                continue
            if action.organisation is not None:
                _tell(action, "residence.action_overdue", action.organisation, action.owner)
            centre = owner_organisation(action.procedure, CENTRE)
            if centre is not None and centre != action.organisation:
                _tell(action, "residence.action_overdue", centre, CENTRE)
            action.escalated_at = timezone.now()
            action.save(update_fields=["escalated_at", "updated_at"])
            escalated += 1
    return reminded, escalated
