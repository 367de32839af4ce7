"""Pages of the residence procedure (issue 7 §2): the procedures a user takes part in, opening one from a
case, the procedure (phase, document, validity, next actions with owners, history with the legal source
of each step, warnings) where each party records the events that are theirs, actions marked done, and the
owner's deadline calendar (iCalendar)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thb.core.exceptions import DomainError, NotFoundError
from thb.core.forms import add_domain_error
from thb.core.http import request_user
from thb.core.models import User
from thb.victims.selectors import access_case

from .forms import ActionDoneForm, EventForm, OpenProcedureForm
from .ical import calendar
from .labels import ACTIONS, EVENTS, OWNERS, PHASES, warning_text
from .models import ResidenceProcedure
from .parties import IMMIGRATION_OFFICE, MAGISTRATE, PARTY_EVENTS, owners_of
from .rules import load_rules
from .selectors import access_procedure, open_actions_for, procedures_visible_to
from .services import (
    action_done,
    event_record,
    identity_for_immigration_office,
    procedure_open,
    procedure_state,
)


def _procedure(user: User, procedure_uuid: str) -> tuple[ResidenceProcedure, str]:
    try:
        return access_procedure(user, procedure_uuid)
    except NotFoundError as exc:
        raise Http404() from exc


@login_required
def procedure_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not owners_of(user):
        raise Http404()
    procedures = (
        procedures_visible_to(user=user)
        .select_related("case", "magistrate_office")
        .defer("case__identity_name", "case__identity_details")
        .order_by("valid_until", "created_at")[:500]
    )
    return render(
        request,
        "residence/list.html",
        {"procedures": procedures, "phases": PHASES, "today": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def procedure_new(request: HttpRequest, case_uuid: str) -> HttpResponse:
    user = request_user(request)
    try:
        case = access_case(user, case_uuid)
    except NotFoundError as exc:
        raise Http404() from exc
    existing = ResidenceProcedure.objects.filter(case=case).first()
    if existing is not None:
        return redirect("residence:procedure", procedure_uuid=existing.uuid)
    form = OpenProcedureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            procedure = procedure_open(case=case, actor=user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The residence procedure is open: record its first event."))
            return redirect("residence:procedure", procedure_uuid=procedure.uuid)
    return render(
        request,
        "residence/open.html",
        {"case": case, "form": form},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def procedure_detail(request: HttpRequest, procedure_uuid: str) -> HttpResponse:
    user = request_user(request)
    procedure, party = _procedure(user, procedure_uuid)
    rules = load_rules()
    state = procedure_state(procedure)
    recordable = sorted(e for e in PARTY_EVENTS[party] if e in rules.allowed(procedure.path, state.phase))
    form = EventForm(request.POST if request.method == "POST" else None, events=recordable)
    identity = None
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "show_identity":
            try:
                identity = identity_for_immigration_office(procedure=procedure, reader=user)
            except DomainError as exc:
                raise Http404() from exc
        elif form.is_valid():
            data = (
                {"valid_until": form.cleaned_data["valid_until"]} if form.cleaned_data["valid_until"] else {}
            )
            try:
                event_record(
                    procedure=procedure,
                    actor=user,
                    type=form.cleaned_data["type"],
                    on=form.cleaned_data["on"],
                    data=data,
                )
            except DomainError as error:
                add_domain_error(form, error)
                status = 422
            else:
                messages.success(request, _("Recorded."))
                return redirect("residence:procedure", procedure_uuid=procedure.uuid)
        else:
            status = 422
    actions = procedure.actions.select_related("organisation", "done_by")
    if party == MAGISTRATE:
        actions = actions.filter(owner=MAGISTRATE)
    history = [
        {
            "step": step,
            "event": EVENTS.get(step.event, step.event),
            "phase": PHASES.get(step.phase, step.phase),
        }
        for step in state.history
    ]
    return render(
        request,
        "residence/procedure.html",
        {
            "procedure": procedure,
            "party": party,
            "case": procedure.case,
            "state": state,
            "warnings": [warning_text(w.code, w.params, w.message) for w in state.warnings],
            "phase_label": PHASES.get(state.phase, state.phase),
            "document_name": state.document.name.get(
                (request.LANGUAGE_CODE or "en")[:2], state.document.name["en"]
            )
            if state.document
            else None,
            "actions": actions,
            "action_labels": ACTIONS,
            "owner_labels": OWNERS,
            "history": history,
            "form": form,
            "identity": identity,
            "may_see_identity": party == IMMIGRATION_OFFICE,
            "today": timezone.localdate(),
            "done_form": ActionDoneForm(),
        },
        status=status,
    )


@login_required
@require_POST
def action_mark_done(request: HttpRequest, procedure_uuid: str, action_uuid: str) -> HttpResponse:
    user = request_user(request)
    procedure, _party = _procedure(user, procedure_uuid)
    action = procedure.actions.filter(uuid=action_uuid).first()
    if action is None:
        raise Http404()
    form = ActionDoneForm(request.POST)
    try:
        action_done(action=action, actor=user, note=form.data.get("note", "") if form.is_valid() else "")
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Marked as done."))
    return redirect("residence:procedure", procedure_uuid=procedure.uuid)


@login_required
def deadline_calendar(request: HttpRequest) -> HttpResponse:
    """The open actions of the user's organisation, for the owners the user acts for, as iCalendar."""
    user = request_user(request)
    if not owners_of(user) or user.organisation is None:
        raise Http404()
    actions = open_actions_for(user=user).select_related("procedure__case")
    body = calendar(actions, name=f"{_('Residence deadlines')} · {user.organisation.short_name}")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="residence-deadlines.ics"'
    response["Cache-Control"] = "no-store"
    return response
