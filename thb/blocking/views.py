"""Pages of the blocking list (issue 5): officers report, assess, verify and confirm; magistrates approve
with their order's reference; officers publish releases (a mass change waits for a second person); the
ISPs' deployment is watched. No page ever shows content: names and references only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from thb.core.exceptions import DomainError, ValidationFailedError
from thb.core.forms import add_domain_error
from thb.core.http import request_user
from thb.core.models import User
from thb.core.roles import Perm, has_perm

from . import rpz
from .forms import ApproveForm, ReasonForm, ReportForm, ReviewForm, TakedownForm, VerifyForm
from .models import (
    Appeal,
    BlockEntry,
    EntryStatus,
    ProtectedDomain,
    Release,
    ReleaseAck,
    ReleaseRequest,
    SharedPlatform,
)
from .selectors import (
    entries_visible_to,
    entry_search,
    isp_deployments,
    proposed_for_removal,
    release_requests_for,
    releases_visible_to,
    work_queues_for,
)
from .services import entries as entry_services
from .services.public import appeal_decide, appeal_propose
from .services.releases import (
    Candidate,
    public_key_pem,
    release_acknowledge,
    release_candidate,
    release_publish,
    release_request_decide,
)
from .services.safeguards import protected_domain_add, protected_domain_remove, shared_platform_add


def _staff(request: HttpRequest) -> User:
    user = request_user(request)
    if not (has_perm(user, Perm.EDIT_BLOCKLIST) or has_perm(user, Perm.APPROVE_BLOCKS)):
        raise Http404()
    return user


@login_required
@require_http_methods(["GET", "POST"])
def entries_home(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
            try:
                entry = entry_services.entry_report(actor=user, **data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("%(name)s is reported.") % {"name": entry.domain_unicode})
                return redirect("blocking:entry", entry_uuid=entry.uuid)
        status = 422
    query = request.GET.get("q", "")
    now = timezone.now()
    queues = work_queues_for(user=user, now=now)
    return render(
        request,
        "blocking/entries.html",
        {
            "form": form if has_perm(user, Perm.EDIT_BLOCKLIST) else None,
            "queues": queues,
            "removal_proposed": {e.pk for e in queues["review"] if proposed_for_removal(e, now)},
            "q": query,
            "results": entry_search(entries_visible_to(user=user), query)[:200] if query else None,
        },
        status=status,
    )


def _entry(user: User, entry_uuid: str) -> BlockEntry:
    entry = entries_visible_to(user=user).filter(uuid=entry_uuid).first()
    if entry is None:
        raise Http404()
    return entry


# The way out of the list from each state, with its button (a reason is always asked).
END_ACTIONS: dict[str, tuple[str, Any]] = {
    EntryStatus.REPORTED: ("reject", _lazy("Reject")),
    EntryStatus.ASSESSING: ("reject", _lazy("Reject")),
    EntryStatus.VERIFIED: ("reject", _lazy("Reject")),
    EntryStatus.CONFIRMED: ("reject", _lazy("Reject")),
    EntryStatus.APPROVED: ("suspend", _lazy("Emergency pull (suspend)")),
    EntryStatus.PUBLISHED: ("suspend", _lazy("Emergency pull (suspend)")),
    EntryStatus.REVIEW_DUE: ("suspend", _lazy("Emergency pull (suspend)")),
    EntryStatus.SUSPENDED: ("remove", _lazy("Remove from the list")),
    EntryStatus.TAKEDOWN: ("remove", _lazy("Remove from the list")),
    EntryStatus.APPEALED: ("remove", _lazy("Remove from the list")),
}


@login_required
def entry_detail(request: HttpRequest, entry_uuid: str) -> HttpResponse:
    user = _staff(request)
    entry = _entry(user, entry_uuid)
    return render(
        request,
        "blocking/entry.html",
        {
            "entry": entry,
            "transitions": entry.transitions.select_related("actor"),
            "is_officer": has_perm(user, Perm.EDIT_BLOCKLIST),
            "is_magistrate": has_perm(user, Perm.APPROVE_BLOCKS),
            "verify_form": VerifyForm(
                initial={"verified_online_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
            ),
            "approve_form": ApproveForm(),
            "reason_form": ReasonForm(),
            "review_form": ReviewForm(),
            "takedown_form": TakedownForm(initial={"takedown_status": entry.takedown_status}),
            "proposed_for_removal": proposed_for_removal(entry, timezone.now()),
            "end_action": END_ACTIONS.get(entry.status),
            "appeals": Appeal.objects.filter(entry=entry)
            .select_related("proposed_by", "decided_by")
            .defer("email"),
        },
    )


def _valid(form: Any, field: str) -> dict[str, Any]:
    if not form.is_valid():
        errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
        raise ValidationFailedError(errors or _("The data are not valid."), field=field)
    return dict(form.cleaned_data)


@login_required
@require_POST
def entry_action(request: HttpRequest, entry_uuid: str, action: str) -> HttpResponse:
    user = _staff(request)
    entry = _entry(user, entry_uuid)
    post = request.POST
    try:
        if action == "assess":
            entry_services.entry_start_assessment(entry=entry, actor=user)
        elif action == "takedown":
            data = _valid(TakedownForm(post), "takedown_status")
            entry_services.entry_set_takedown(entry=entry, actor=user, status=data["takedown_status"])
        elif action == "verify":
            entry_services.entry_verify(
                entry=entry, actor=user, **_valid(VerifyForm(post), "verified_online_at")
            )
        elif action == "confirm":
            entry_services.entry_confirm(entry=entry, actor=user)
        elif action == "approve":
            data = _valid(ApproveForm(post), "order_reference")
            entry_services.entry_approve(entry=entry, actor=user, order_reference=data["order_reference"])
        elif action in {"reject", "suspend", "remove"}:
            reason = _valid(ReasonForm(post), "reason")["reason"]
            service = getattr(entry_services, f"entry_{action}")
            service(entry=entry, actor=user, reason=reason)
        elif action == "review":
            data = _valid(ReviewForm(post), "still_online")
            entry_services.entry_review(entry=entry, actor=user, still_online=data["still_online"])
        else:
            raise Http404()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("blocking:entry", entry_uuid=entry.uuid)


@login_required
@require_http_methods(["GET", "POST"])
def releases(request: HttpRequest) -> HttpResponse:
    """The next release (what it adds and removes), requests awaiting a second approval, the releases
    published, and each ISP's deployment."""
    user = _staff(request)
    organisation = user.organisation
    candidate: Candidate | None = None
    if has_perm(user, Perm.EDIT_BLOCKLIST) and organisation is not None:
        candidate = release_candidate(organisation=organisation)
    if request.method == "POST":
        if candidate is None or organisation is None:
            raise Http404()
        try:
            outcome = release_publish(actor=user, organisation=organisation)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if isinstance(outcome, ReleaseRequest):
                messages.warning(
                    request,
                    _("This release changes %(n)d entries: another person must approve it first.")
                    % {"n": len(outcome.added) + len(outcome.removed)},
                )
            else:
                messages.success(request, _("Release %(serial)s is published.") % {"serial": outcome.serial})
        return redirect("blocking:releases")
    return render(
        request,
        "blocking/releases.html",
        {
            "candidate": candidate,
            "requests": release_requests_for(user=user),
            "releases": releases_visible_to(user=user)[:50],
            "deployments": isp_deployments(user=user),
        },
    )


@login_required
@require_POST
def release_request_action(request: HttpRequest, request_uuid: str, action: str) -> HttpResponse:
    user = _staff(request)
    item = release_requests_for(user=user).filter(uuid=request_uuid).first()
    if item is None or action not in {"approve", "reject"}:
        raise Http404()
    try:
        release_request_decide(
            request=item, actor=user, approve=action == "approve", reason=request.POST.get("reason", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if action == "approve":
            messages.success(request, _("Approved: the release can now be published."))
    return redirect("blocking:releases")


@login_required
@require_POST
def appeal_action(request: HttpRequest, appeal_uuid: str, action: str) -> HttpResponse:
    """Two officers review an appeal: the first proposes (keep or remove, with the reason the appellant
    will read), a second agrees — or sends it back."""
    user = _staff(request)
    appeal = Appeal.objects.filter(uuid=appeal_uuid, entry__in=entries_visible_to(user=user)).first()
    if appeal is None:
        raise Http404()
    try:
        if action == "propose":
            keep = request.POST.get("keep")
            if keep not in {"true", "false"}:
                raise ValidationFailedError(_("Choose: keep or remove."), field="keep")
            appeal_propose(
                appeal=appeal, actor=user, keep=keep == "true", reason=request.POST.get("reason", "")
            )
        elif action in {"agree", "send-back"}:
            appeal_decide(appeal=appeal, actor=user, agree=action == "agree")
        else:
            raise Http404()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("blocking:entry", entry_uuid=appeal.entry.uuid)


def _by_uuid(model: Any, value: str) -> Any:
    try:
        return model.objects.filter(uuid=value).first()
    except DjangoValidationError:  # not a UUID
        return None


@login_required
@require_http_methods(["GET", "POST"])
def safeguards(request: HttpRequest) -> HttpResponse:
    """The protected domains and the shared platforms: what the list refuses, and what goes to takedown."""
    user = _staff(request)
    if request.method == "POST":
        form = request.POST.get("form")
        try:
            if form == "protect":
                protected_domain_add(
                    actor=user, domain=request.POST.get("domain", ""), reason=request.POST.get("reason", "")
                )
            elif form == "unprotect":
                protected = _by_uuid(ProtectedDomain, request.POST.get("uuid", ""))
                if protected is None:
                    raise Http404()
                protected_domain_remove(
                    actor=user, protected=protected, reason=request.POST.get("reason", "")
                )
            elif form == "platform":
                shared_platform_add(actor=user, domain=request.POST.get("domain", ""))
            else:
                raise Http404()
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Saved."))
        return redirect("blocking:safeguards")
    return render(
        request,
        "blocking/safeguards.html",
        {
            "protected": ProtectedDomain.objects.all(),
            "platforms": SharedPlatform.objects.all(),
            "may_unprotect": has_perm(user, Perm.APPROVE_BLOCKS),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def isp(request: HttpRequest) -> HttpResponse:
    """The ISP engineer's page: the releases to download (the same files as the API), the public key and
    its fingerprint, and the confirmation of deployment."""
    user = request_user(request)
    if not has_perm(user, Perm.DOWNLOAD_BLOCKLIST):
        raise Http404()
    if request.method == "POST":
        release = Release.objects.filter(serial=request.POST.get("serial") or 0).first()
        if release is None:
            raise Http404()
        try:
            release_acknowledge(release=release, actor=user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Deployment of release %(serial)s confirmed.") % {"serial": release.serial}
            )
        return redirect("blocking:isp")
    acked = set(
        ReleaseAck.objects.filter(organisation_id=user.organisation_id or 0).values_list(
            "release__serial", flat=True
        )
    )
    pem = public_key_pem()
    return render(
        request,
        "blocking/isp.html",
        {
            "releases": releases_visible_to(user=user)[:20],
            "acked": acked,
            "fingerprint": rpz.fingerprint(pem),
        },
    )
