"""The case's dispatch page (issue 6 §2): after an assessment with a signal, the caseworker answers the few
facts the case does not hold (the person wants assistance, agrees to the police being told, immediate
danger, the postcode), sees what the active procedure proposes and why, and confirms — as the hotline
does for a contact (dispatch/confirm_form.py)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from thb.core.exceptions import DomainError, NotFoundError, ValidationFailedError
from thb.core.http import request_user, require_perm
from thb.core.roles import Perm
from thb.dispatch.confirm_form import confirmation_context, confirmation_from_post, send_and_report
from thb.dispatch.forms import AddReferralForm
from thb.dispatch.selectors import referrals_visible_from_case

from .dispatching import (
    CASEWORKER_FACTS,
    case_dispatch_proposal,
    case_referrals_confirm,
    facts_from_case,
    has_positive_signal,
)
from .selectors import access_case


class CaseFactsForm(forms.Form):
    signal_type = forms.ChoiceField(
        label=gettext_lazy("What it is"),
        choices=[
            ("tip", gettext_lazy("A situation of trafficking to act on")),
            ("service_request", gettext_lazy("The person asks for help")),
            ("crisis", gettext_lazy("A crisis")),
        ],
    )
    victim_wants_assistance = forms.NullBooleanField(
        label=gettext_lazy("The person wants assistance from a specialised centre"), required=False
    )
    consent_to_police = forms.NullBooleanField(
        label=gettext_lazy("The person agrees that the police are told"), required=False
    )
    immediate_danger = forms.NullBooleanField(label=gettext_lazy("Immediate danger"), required=False)
    unaccompanied_minor = forms.NullBooleanField(
        label=gettext_lazy("An unaccompanied foreign minor"), required=False
    )
    diplomatic_household = forms.NullBooleanField(
        label=gettext_lazy("Domestic worker of a diplomatic household"), required=False
    )
    postcode = forms.CharField(label=gettext_lazy("Postcode of the place"), required=False, max_length=4)


@login_required
@require_http_methods(["GET", "POST"])
def case_dispatch(request: HttpRequest, case_uuid: str) -> HttpResponse:
    require_perm(request, Perm.MANAGE_CASES)
    user = request_user(request)
    try:
        case = access_case(user, case_uuid)
    except NotFoundError as exc:
        raise Http404() from exc
    if not has_positive_signal(case):
        messages.error(
            request, _("The latest identification assessment gives no signal: nothing to dispatch.")
        )
        return redirect("victims:case", case_uuid=case.uuid)
    facts_form = CaseFactsForm(request.POST if request.method == "POST" else (request.GET or None))
    given = facts_form.cleaned_data if facts_form.is_valid() else {}
    errors: dict[str, str] = {}
    proposal = None
    try:
        facts = facts_from_case(case, given)
        proposal = case_dispatch_proposal(case=case, actor=user, facts=facts)
    except ValidationFailedError as error:
        facts_form.add_error("postcode" if error.field == "postcode" else None, error.message)
    except DomainError as exc:
        raise Http404() from exc
    if proposal is None and not facts_form.errors:
        messages.error(request, _("No dispatch procedure is active: ask a coordinator."))
        return redirect("victims:case", case_uuid=case.uuid)
    add_form = AddReferralForm(
        request.POST if request.method == "POST" else None,
        profiles=list(proposal.procedure.doc.disclosure_profiles) if proposal else [],
    )
    if request.method == "POST" and proposal is not None and not facts_form.errors:
        removed, added = confirmation_from_post(request, proposal, add_form)
        sent = send_and_report(
            request,
            lambda: case_referrals_confirm(
                case=case, actor=user, proposal=proposal, removed=removed, added=added
            ),
            errors,
        )
        if sent:
            return redirect("victims:case", case_uuid=case.uuid)
    hidden = [(name, request.POST.get(name, "") or request.GET.get(name, "")) for name in CASEWORKER_FACTS]
    context = {"case": case, "facts_form": facts_form, "hidden_facts": hidden}
    if proposal is not None:
        context.update(confirmation_context(request, proposal, add_form, errors))
    context["sent"] = referrals_visible_from_case(user=user, case=case)
    return render(
        request,
        "victims/case_dispatch.html",
        context,
        status=422 if errors or facts_form.errors else 200,
    )
