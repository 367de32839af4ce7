"""The library's items beside the rest of the platform (issue 10: "the hearing framework, the
identification form and the investigation pages show the library's relevant items in the user's
language"), and the case page's button to draft a case study from a closed case."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import get_language

from thb.core.http import request_user
from thb.core.panels import Panel
from thb.core.roles import Perm, has_perm
from thb.victims.models import CaseStatus, VictimCase

from .models import Theme
from .selectors import related_items

# topic of a page → the library's themes it shows
TOPICS = {
    "hearings": (Theme.HEARINGS,),
    "identification": (Theme.IDENTIFICATION,),
    "investigations": (Theme.NETWORKS, Theme.FINANCIAL),
}


def reading_panel(request: HttpRequest, topic: str) -> Panel | None:
    user = request_user(request)
    if topic not in TOPICS or not has_perm(user, Perm.READ_EXPERTISE):
        return None
    language = (get_language() or "fr")[:2]
    seen: set[int] = set()
    items = []
    for theme in TOPICS[topic]:
        for item in related_items(user=user, theme=theme, language=language):
            if item.pk not in seen:
                seen.add(item.pk)
                items.append(item)
    return Panel("expertise/_related.html", {"items": items[:6], "theme": TOPICS[topic][0]})


def case_panel(request: HttpRequest, case: VictimCase) -> Panel | None:
    user = request_user(request)
    if case.status != CaseStatus.CLOSED or not has_perm(user, Perm.CONTRIBUTE_EXPERTISE):
        return None
    return Panel("expertise/_case_study_button.html", {"case": case})


def home_panel(request: HttpRequest) -> Panel | None:
    """The follow-up actions the user owns (issue 10: "appear on the owners' home pages"), and, for those
    who chair or coordinate, the districts that have held no meeting for six months."""
    from thb.core.models import OrganisationKind

    from .meetings import districts_overdue, open_actions_of

    user = request_user(request)
    actions = list(open_actions_of(user)[:20])
    overdue = []
    organisation = user.organisation
    if has_perm(user, Perm.CHAIR_DISTRICT_MEETINGS) and organisation is not None:
        mine = set(organisation.judicial_districts.values_list("pk", flat=True))
        overdue = [(district, last) for district, last in districts_overdue() if district.pk in mine]
    elif organisation is not None and organisation.kind == OrganisationKind.COORDINATION_CELL:
        overdue = districts_overdue()
    if not actions and not overdue:
        return None
    return Panel("expertise/meetings/_home_panel.html", {"actions": actions, "overdue": overdue})
