"""Hearing pages (issue 6 §3): start a hearing from a case (guide, languages, interpreter, consent),
conduct it (the guide's questions by section with their guidance, answers kept with their times, breaks,
free notes), finish it, and download the record as a PDF — the full record or the version for the file.
Reading the answers (the page, the PDFs) is an audited identity access."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thb.core.audit import record_identity_access
from thb.core.exceptions import DomainError, NotFoundError
from thb.core.forms import add_domain_error
from thb.core.http import request_user, require_perm
from thb.core.models import AccessPurpose, Organisation, OrganisationKind
from thb.core.roles import Perm

from .hearing_pdf import hearing_pdf
from .hearings import hearing_break, hearing_finish, hearing_save, hearing_start, question_ids
from .models import Hearing, HearingGuide
from .selectors import access_case


class HearingStartForm(forms.Form):
    guide = forms.ModelChoiceField(
        label=gettext_lazy("Guide"), queryset=HearingGuide.objects.filter(is_active=True)
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the hearing"),
        choices=[("fr", "Français"), ("nl", "Nederlands"), ("de", "Deutsch"), ("en", "English")],
    )
    person_language = forms.CharField(
        label=gettext_lazy("Language of the person (code)"), max_length=15, required=False
    )
    interpreter_service = forms.ModelChoiceField(
        label=gettext_lazy("Interpreter service"),
        required=False,
        queryset=Organisation.objects.filter(kind=OrganisationKind.INTERPRETER_SERVICE, is_active=True),
    )
    interpreter_identity = forms.CharField(
        label=gettext_lazy("Interpreter (name)"), max_length=300, required=False
    )
    recording_reference = forms.CharField(
        label=gettext_lazy("Recording reference"), max_length=100, required=False
    )
    consent = forms.BooleanField(label=gettext_lazy("The person agrees to the hearing"), required=False)


def _hearing(request: HttpRequest, case_uuid: str, hearing_uuid: str) -> Hearing:
    require_perm(request, Perm.MANAGE_CASES)
    try:
        case = access_case(request_user(request), case_uuid)
    except NotFoundError as exc:
        raise Http404() from exc
    hearing = (
        Hearing.objects.select_related("guide", "case", "interpreter_service", "conducted_by")
        .filter(case=case, uuid=hearing_uuid)
        .first()
    )
    if hearing is None:
        raise Http404()
    return hearing


@login_required
@require_http_methods(["GET", "POST"])
def hearing_new(request: HttpRequest, case_uuid: str) -> HttpResponse:
    require_perm(request, Perm.MANAGE_CASES)
    user = request_user(request)
    try:
        case = access_case(user, case_uuid)
    except NotFoundError as exc:
        raise Http404() from exc
    form = HearingStartForm(request.POST or None, initial={"language": (get_language() or "fr")[:2]})
    if request.method == "POST" and form.is_valid():
        try:
            hearing = hearing_start(case=case, actor=user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("victims:hearing", case_uuid=case.uuid, hearing_uuid=hearing.uuid)
    return render(
        request,
        "victims/hearing_new.html",
        {"case": case, "form": form},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def hearing_conduct(request: HttpRequest, case_uuid: str, hearing_uuid: str) -> HttpResponse:
    hearing = _hearing(request, case_uuid, hearing_uuid)
    user = request_user(request)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        answers = {
            qid: request.POST.get(f"q-{qid}", "")
            for qid in question_ids(hearing.guide)
            if f"q-{qid}" in request.POST
        }
        try:
            hearing = hearing_save(
                hearing=hearing, actor=user, answers=answers, notes=request.POST.get("notes")
            )
            if action == "break":
                hearing_break(hearing=hearing, actor=user)
            elif action == "finish":
                hearing_finish(hearing=hearing, actor=user)
                messages.success(request, _("The hearing is completed."))
            else:
                messages.success(request, _("Saved."))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("victims:hearing", case_uuid=hearing.case.uuid, hearing_uuid=hearing.uuid)
    record_identity_access(
        actor=user, obj=hearing.case, fields=["hearing_answers"], purpose=AccessPurpose.CASEWORK
    )
    language = hearing.language
    answers = json.loads(hearing.answers) if hearing.answers else {}
    sections: list[dict[str, Any]] = [
        {
            "title": hearing.guide.text(section.get("title", {}), language),
            "guidance": hearing.guide.text(section.get("guidance", {}), language)
            if section.get("guidance")
            else "",
            "questions": [
                (q["id"], hearing.guide.text(q["text"], language), answers.get(q["id"], {}))
                for q in section.get("questions", [])
            ],
        }
        for section in hearing.guide.data.get("sections", [])
    ]
    guidance = [hearing.guide.text(item, language) for item in hearing.guide.data.get("guidance", [])]
    on_break = bool(hearing.breaks) and hearing.breaks[-1].get("end") is None
    return render(
        request,
        "victims/hearing_conduct.html",
        {"hearing": hearing, "sections": sections, "guidance": guidance, "on_break": on_break},
    )


@login_required
def hearing_record(request: HttpRequest, case_uuid: str, hearing_uuid: str) -> HttpResponse:
    """The PDF: ``?version=file`` for the case file (pseudonymised), else the full record."""
    hearing = _hearing(request, case_uuid, hearing_uuid)
    version = "file" if request.GET.get("version") == "file" else "record"
    record_identity_access(
        actor=request_user(request),
        obj=hearing.case,
        fields=[f"hearing_{version}_pdf"],
        purpose=AccessPurpose.CASEWORK,
    )
    response = HttpResponse(hearing_pdf(hearing, version=version), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="hearing-{hearing.case.reference}-{version}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
