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
