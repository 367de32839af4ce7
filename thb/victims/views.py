"""Pages of victim cases (issue 6 §1, §2): the list, opening a case (from a referral too), the case with
its identity (shown on request, every read audited), status, participants, timeline and assessments, and
the assessment form with the ILO/EC indicators in the reader's language."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thb.core.audit import record_identity_access
from thb.core.exceptions import DomainError, NotFoundError
from thb.core.forms import add_domain_error
from thb.core.http import request_user, require_perm
from thb.core.models import AccessPurpose, User
from thb.core.roles import Perm, has_perm
from thb.dispatch.access import access_referral
from thb.dispatch.selectors import referrals_visible_from_case

from .dispatching import has_positive_signal
from .forms import LIST_CHOICES, EditFactsForm, IdentityForm, OpenCaseForm, ShareForm, StatusForm
from .indicators import DIMENSIONS, LISTS, indicator_list
from .labels import DIMENSION_LABELS, STRENGTH_LABELS
from .models import Hearing, VictimCase
from .panels import panels_for
from .selectors import access_case, cases_visible_to
from .services import (
    assessment_record,
    case_identity,
    case_open,
    case_record_identity,
    case_set_status,
    case_share,
    case_update_facts,
)


def _reader(request: HttpRequest) -> User:
    user = request_user(request)
    if not (has_perm(user, Perm.MANAGE_CASES) or has_perm(user, Perm.RECEIVE_REFERRALS)):
        raise Http404()
    return user


def _case(user: User, case_uuid: str) -> VictimCase:
    try:
        return access_case(user, case_uuid)
    except NotFoundError as exc:
        raise Http404() from exc


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    return render(
        request,
        "victims/case_list.html",
        {
            "cases": cases_visible_to(user=user).defer("identity_name", "identity_details")[:500],
            "may_open": has_perm(user, Perm.MANAGE_CASES),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    """Open a case; ``?referral=<uuid>`` opens it from a referral of a hotline contact."""
    require_perm(request, Perm.MANAGE_CASES)
    user = request_user(request)
    referral = None
    referral_uuid = request.GET.get("referral") or request.POST.get("referral")
    if referral_uuid:
        try:
            referral = access_referral(user, referral_uuid)
        except NotFoundError as exc:
            raise Http404() from exc
    initial = {"opened_via": "hotline" if referral else "partner"}
    form = OpenCaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", [])}
        try:
            case = case_open(
                actor=user,
                opened_via=data.pop("opened_via"),
                referral=referral,
                legal_basis=data.pop("legal_basis", ""),
                **data,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Case %(reference)s is open.") % {"reference": case.reference})
            return redirect("victims:case", case_uuid=case.uuid)
    return render(
        request,
        "victims/case_new.html",
        {"form": form, "referral": referral},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_detail(request: HttpRequest, case_uuid: str) -> HttpResponse:
    user = _reader(request)
    case = _case(user, case_uuid)
    identity = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "show_identity":
                identity = case_identity(case=case, reader=user)
            elif action == "identity":
                form = IdentityForm(request.POST)
                if form.is_valid():
                    case_record_identity(case=case, actor=user, **form.cleaned_data)
                    messages.success(request, _("Saved."))
                    return redirect("victims:case", case_uuid=case.uuid)
            elif action == "facts":
                facts_form = EditFactsForm(request.POST)
                if facts_form.is_valid():
                    case_update_facts(case=case, actor=user, **facts_form.cleaned_data)
                    messages.success(request, _("Saved."))
                    return redirect("victims:case", case_uuid=case.uuid)
                messages.error(
                    request, " ".join(str(e) for errors in facts_form.errors.values() for e in errors)
                )
            elif action == "status":
                status_form = StatusForm(request.POST)
                if status_form.is_valid():
                    case_set_status(case=case, actor=user, **status_form.cleaned_data)
                    messages.success(request, _("Saved."))
                    return redirect("victims:case", case_uuid=case.uuid)
                messages.error(request, _("Choose the status and say why."))
            elif action == "share":
                share_form = ShareForm(request.POST)
                if share_form.is_valid():
                    case_share(case=case, actor=user, **share_form.cleaned_data)
                    messages.success(request, _("Saved."))
                    return redirect("victims:case", case_uuid=case.uuid)
                messages.error(request, _("Choose the organisation and the legal basis, and say why."))
            else:
                raise Http404()
        except DomainError as error:
            messages.error(request, error.message)
    return render(
        request,
        "victims/case_detail.html",
        {
            "case": case,
            "identity": identity,
            "may_edit": has_perm(user, Perm.MANAGE_CASES),
            "may_see_identity": has_perm(user, Perm.VIEW_VICTIM_IDENTITY)
            and has_perm(user, Perm.MANAGE_CASES),
            "participants": case.participants.select_related("organisation"),
            "events": case.events.select_related("actor", "organisation"),
            "assessments": case.assessments.defer("notes").select_related("assessed_by"),
            "hearings": Hearing.objects.filter(case=case)
            .defer("answers", "notes", "interpreter_identity")
            .select_related("guide"),
            "lists": LIST_CHOICES,
            "positive_signal": has_positive_signal(case),
            "panels": panels_for(request, case),
            "referrals": referrals_visible_from_case(user=user, case=case),
            "identity_form": IdentityForm(),
            "status_form": StatusForm(initial={"status": case.status}),
            "facts_form": EditFactsForm(
                initial={
                    "gender": case.gender,
                    "age_band": case.age_band,
                    "exploitation": case.exploitation,
                    "sector": case.sector,
                    "nationalities": " ".join(case.nationalities),
                    "languages": " ".join(case.languages),
                    "places": case.places,
                    "countries": " ".join(case.countries),
                    "accompanying_centre": case.accompanying_centre_id,
                }
            ),
            "share_form": ShareForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_new(request: HttpRequest, case_uuid: str) -> HttpResponse:
    """One checkbox and a note per indicator, by dimension, in the reader's language."""
    require_perm(request, Perm.MANAGE_CASES)
    user = request_user(request)
    case = _case(user, case_uuid)
    list_name = request.GET.get("list") or request.POST.get("list") or "adult_labour"
    if list_name not in LISTS:
        raise Http404()
    indicators = indicator_list(list_name)
    if request.method == "POST":
        ticked = [i.id for i in indicators.indicators if request.POST.get(f"i-{i.id}") == "1"]
        notes = {i.id: request.POST.get(f"n-{i.id}", "") for i in indicators.indicators}
        try:
            assessment = assessment_record(
                case=case, actor=user, list_name=list_name, ticked=ticked, notes=notes
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Assessment saved: signal of trafficking.")
                if assessment.victim_signal
                else _("Assessment saved: no signal."),
            )
            return redirect("victims:case", case_uuid=case.uuid)
    language = get_language() or "en"
    groups = [
        (
            DIMENSION_LABELS[dimension],
            [
                (i, i.in_language(language), STRENGTH_LABELS[i.strength])
                for i in indicators.indicators
                if i.dimension == dimension
            ],
        )
        for dimension in DIMENSIONS
    ]
    return render(
        request,
        "victims/assessment_form.html",
        {
            "case": case,
            "list_name": list_name,
            "list_title": indicators.title.get(language.split("-")[0], indicators.title["en"]),
            "groups": groups,
            "verified": indicators.verified_against_ilo_pdf,
            "lists": LIST_CHOICES,
        },
    )


@login_required
def assessment_detail(request: HttpRequest, case_uuid: str, assessment_uuid: str) -> HttpResponse:
    user = _reader(request)
    case = _case(user, case_uuid)
    assessment = case.assessments.filter(uuid=assessment_uuid).first()
    if assessment is None:
        raise Http404()
    language = get_language() or "en"
    texts = {i.id: i.in_language(language) for i in indicator_list(assessment.list_name).indicators}
    notes = json.loads(assessment.notes) if assessment.notes else {}
    if notes:
        record_identity_access(
            actor=user, obj=case, fields=["assessment_notes"], purpose=AccessPurpose.CASEWORK
        )
    return render(
        request,
        "victims/assessment_detail.html",
        {
            "case": case,
            "assessment": assessment,
            "ticked": [(t, texts.get(t, t), notes.get(t, "")) for t in assessment.ticked],
            "dimensions": [
                (DIMENSION_LABELS.get(code, code), result)
                for code, result in assessment.result.get("dimensions", {}).items()
            ],
        },
    )
