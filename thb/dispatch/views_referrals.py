"""Referral pages (issue 4 §2): the operator's dispatch of a contact (the procedure's proposals, with the
reasons, to confirm, remove or complete), the partner's inbox and a referral as the partner sees it — only
the fields of its disclosure profile."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thb.core.exceptions import DomainError, NotFoundError, ValidationFailedError
from thb.core.http import request_user, require_perm
from thb.core.models import User
from thb.core.roles import Perm, has_perm
from thb.hotline.access import access_contact
from thb.hotline.models import Contact
from thb.hotline.panels import Panel

from .access import access_referral
from .confirm_form import confirmation_context, confirmation_from_post, send_and_report
from .disclosure import disclosed_view
from .forms import AddReferralForm, DeclineForm, OutcomeForm, ReassignForm
from .models import Referral, ReferralStatus
from .outbox import outbox_retry
from .selectors import (
    acknowledgement_statistics,
    dispatch_proposal_for,
    outbox_problems_for,
    referral_inbox_for,
    referrals_of_contact,
    referrals_overdue_for,
)
from .services.referrals import (
    referral_accept,
    referral_acknowledge,
    referral_close,
    referral_decline,
    referral_reassign,
    referral_report_outcome,
    referrals_confirm,
)


def contact_panel(request: HttpRequest, contact: Contact) -> Panel | None:
    """The referrals panel of the operator's contact page (registered in apps.py)."""
    user = request_user(request)
    if not has_perm(user, Perm.HANDLE_CONTACTS):
        return None
    proposal = dispatch_proposal_for(user=user, contact=contact)
    return Panel(
        "dispatch/_contact_panel.html",
        {
            "contact": contact,
            "referrals": referrals_of_contact(user=user, contact=contact),
            "proposal": proposal,
            "now": timezone.now(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_dispatch(request: HttpRequest, contact_uuid: str) -> HttpResponse:
    """Review the proposed referrals of a contact and send them: untick one to remove it (with a reason),
    add one the procedure did not propose (with a reason, a legal basis and a disclosure profile)."""
    require_perm(request, Perm.HANDLE_CONTACTS)
    user = request_user(request)
    try:
        contact = access_contact(user, contact_uuid)
    except NotFoundError as exc:
        raise Http404() from exc
    proposal = dispatch_proposal_for(user=user, contact=contact)
    if proposal is None:
        messages.error(request, _("No dispatch procedure is active: ask a coordinator."))
        return redirect("hotline-console:contact-detail", contact_uuid=contact.uuid)
    profiles = list(proposal.procedure.doc.disclosure_profiles)
    add_form = AddReferralForm(request.POST or None, profiles=profiles)
    errors: dict[str, str] = {}
    if request.method == "POST":
        removed, added = confirmation_from_post(request, proposal, add_form)
        sent = send_and_report(
            request,
            lambda: referrals_confirm(
                contact=contact,
                actor=user,
                decision=proposal.decision,
                procedure=proposal.procedure,
                version=proposal.version,
                removed=removed,
                added=added,
            ),
            errors,
        )
        if sent:
            return redirect("hotline-console:contact-detail", contact_uuid=contact.uuid)
    return render(
        request,
        "dispatch/contact_dispatch.html",
        {"contact": contact, **confirmation_context(request, proposal, add_form, errors)},
        status=422 if errors else 200,
    )


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.RECEIVE_REFERRALS)
    status = request.GET.get("status") or ""
    if status and status not in ReferralStatus.values:
        status = ""
    return render(
        request,
        "dispatch/inbox.html",
        {
            "referrals": referral_inbox_for(user=request_user(request), status=status)[:500],
            "status": status,
            "statuses": [c for c in ReferralStatus.choices if c[0] not in {"proposed", "cancelled"}],
            "now": timezone.now(),
        },
    )


def _referral(request: HttpRequest, referral_uuid: str) -> tuple[User, Referral]:
    require_perm(request, Perm.RECEIVE_REFERRALS)
    user = request_user(request)
    try:
        return user, access_referral(user, referral_uuid)
    except NotFoundError as exc:
        raise Http404() from exc


def _forms(data: Any = None) -> dict[str, Any]:
    return {
        "decline_form": DeclineForm(data),
        "outcome_form": OutcomeForm(data),
        "reassign_form": ReassignForm(data),
    }


@login_required
def referral_detail(request: HttpRequest, referral_uuid: str) -> HttpResponse:
    user, referral = _referral(request, referral_uuid)
    return render(
        request,
        "dispatch/referral_detail.html",
        {
            "referral": referral,
            "fields": disclosed_view(referral, reader=user),
            "events": referral.events.select_related("actor", "organisation"),
            "now": timezone.now(),
            **_forms(),
        },
    )


@login_required
@require_POST
def referral_action(request: HttpRequest, referral_uuid: str, action: str) -> HttpResponse:
    user, referral = _referral(request, referral_uuid)
    forms = _forms(request.POST)
    try:
        if action == "acknowledge":
            referral_acknowledge(referral=referral, actor=user)
        elif action == "accept":
            referral_accept(referral=referral, actor=user)
        elif action == "decline":
            form = forms["decline_form"]
            if not form.is_valid():
                raise ValidationFailedError(_("Choose a reason."), field="reason")
            referral_decline(
                referral=referral,
                actor=user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        elif action == "outcome":
            form = forms["outcome_form"]
            if not form.is_valid():
                raise ValidationFailedError(_("Choose an outcome."), field="outcome")
            referral_report_outcome(
                referral=referral,
                actor=user,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        elif action == "close":
            referral_close(referral=referral, actor=user)
        elif action == "reassign":
            form = forms["reassign_form"]
            if not form.is_valid():
                raise ValidationFailedError(_("Choose the organisation and say why."), field="organisation")
            referral_reassign(
                referral=referral,
                actor=user,
                organisation=form.cleaned_data["organisation"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("The referral is passed on."))
            return redirect("dispatch:inbox")
        else:
            raise Http404()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("dispatch:referral-detail", referral_uuid=referral.uuid)


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    """What is overdue, and time to acknowledge per partner kind (hotline supervisors, coordinators)."""
    user = request_user(request)
    if not (has_perm(user, Perm.SUPERVISE_HOTLINE) or has_perm(user, Perm.MANAGE_PROCEDURES)):
        raise Http404()
    return render(
        request,
        "dispatch/overdue.html",
        {
            "overdue": referrals_overdue_for(user=user)[:500],
            "statistics": acknowledgement_statistics(user=user),
            "problems": outbox_problems_for(user=user)[:200],
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def outbox_retry_view(request: HttpRequest, event_id: str) -> HttpResponse:
    user = request_user(request)
    message = outbox_problems_for(user=user).filter(event_id=event_id).first()
    if message is None:
        raise Http404()
    outbox_retry(message=message, actor=user)
    messages.success(request, _("The notification will be sent again."))
    return redirect("dispatch:overdue")
