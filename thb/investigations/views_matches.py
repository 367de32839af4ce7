"""The review queue of matches (issue 8 §2): pairs the user may judge, side by side with why the model
thinks they are the same (each comparison's level and weight); the decision is kept by later runs. Matches
with another organisation's investigation show only whom to contact."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thb.core.exceptions import DomainError

from .matches import candidate_decide
from .models import MatchRun, MatchStatus
from .selectors import matches_of, may_write
from .tasks import match_run_task
from .views import investigation_of, require_reader, schema_label

SHOWN_PROPERTIES = (
    "name",
    "birthDate",
    "nationality",
    "country",
    "phone",
    "email",
    "idNumber",
    "registrationNumber",
    "address",
    "iban",
)


def _side(entity) -> dict:
    return {
        "entity": entity,
        "schema": schema_label(entity.schema),
        "facts": [
            (prop, ", ".join(entity.properties[prop]))
            for prop in SHOWN_PROPERTIES
            if entity.properties.get(prop)
        ],
    }


@login_required
@require_http_methods(["GET", "POST"])
def match_queue(request: HttpRequest, investigation_uuid: str) -> HttpResponse:
    user = require_reader(request)
    investigation = investigation_of(user, investigation_uuid)
    if request.method == "POST":
        if not may_write(user, investigation):
            raise Http404()
        if request.POST.get("action") == "run":
            match_run_task.delay(user.pk)
            messages.success(request, _("Matching was started; its results appear here when it is done."))
            return redirect("investigations:matches", investigation_uuid=investigation.uuid)
        reviewable, _elsewhere = matches_of(user=user, investigation=investigation)
        try:
            chosen = UUID(request.POST.get("candidate", ""))
        except ValueError as exc:
            raise Http404() from exc
        candidate = next((c for c in reviewable if c.uuid == chosen), None)
        if candidate is None:
            raise Http404()
        try:
            candidate_decide(
                candidate=candidate,
                actor=user,
                decision=request.POST.get("decision", ""),
                note=request.POST.get("note", ""),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Decision saved."))
        return redirect("investigations:matches", investigation_uuid=investigation.uuid)
    reviewable, elsewhere = matches_of(user=user, investigation=investigation)
    return render(
        request,
        "investigations/matches.html",
        {
            "investigation": investigation,
            "writable": may_write(user, investigation),
            "pending": [
                (c, _side(c.left), _side(c.right)) for c in reviewable if c.status == MatchStatus.PENDING
            ],
            "decided": [c for c in reviewable if c.status != MatchStatus.PENDING],
            "elsewhere": elsewhere,
            "decisions": [
                (MatchStatus.MATCH, MatchStatus.MATCH.label),
                (MatchStatus.NO_MATCH, MatchStatus.NO_MATCH.label),
                (MatchStatus.UNSURE, MatchStatus.UNSURE.label),
            ],
            "last_run": MatchRun.objects.filter(finished_at__isnull=False).first(),
        },
    )
