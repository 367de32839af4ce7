"""The residence procedure on the case page and the owners' deadlines on their home page (issue 7 §2:
"overdue items appear on each owner's home page"). Registered in apps.py."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone

from thb.core.http import request_user
from thb.core.panels import Panel
from thb.core.roles import Perm, has_perm
from thb.victims.models import VictimCase

from .labels import ACTIONS, PHASES
from .models import ResidenceProcedure
from .selectors import open_actions_for


def case_panel(request: HttpRequest, case: VictimCase) -> Panel | None:
    user = request_user(request)
    if not has_perm(user, Perm.MANAGE_CASES):
        return None
    procedure = ResidenceProcedure.objects.filter(case=case).first()
    return Panel(
        "residence/_case_panel.html",
        {
            "case": case,
            "procedure": procedure,
            "phase": PHASES.get(procedure.phase, procedure.phase) if procedure else None,
            "today": timezone.localdate(),
        },
    )


def home_panel(request: HttpRequest) -> Panel | None:
    """The user's open residence actions due within three weeks; overdue ones first and marked."""
    user = request_user(request)
    today = timezone.localdate()
    actions = list(open_actions_for(user=user, until=today + timedelta(days=21)).order_by("due")[:50])
    if not actions:
        return None
    return Panel(
        "residence/_home_panel.html",
        {
            "rows": [(a, ACTIONS.get(a.action, a.action)) for a in actions],
            "overdue": sum(1 for a in actions if a.due < today),
            "today": today,
        },
    )
