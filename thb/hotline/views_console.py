"""The operator console (issue 3 §2): the queue, a contact with its thread, logging a call, supervision.

Pages read through selectors and write through services; reading a contact's narrative or thread is an
audited read (DESIGN.md §4), recorded by ``record_identity_access``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thb.core.audit import record_identity_access
from thb.core.exceptions import DomainError, NotFoundError, ValidationFailedError
from thb.core.http import request_user, require_perm
from thb.core.models import AccessPurpose
from thb.core.roles import Perm

from .access import access_contact
from .forms_console import CloseForm, ContactEditForm, LogCallForm, NonDataForm, ReplyForm
from .models import CannedReply, Contact, ContactStatus, NonDataKind, Sector, SignalType
from .panels import panels_for
from .selectors import (
    contact_list_visible_to,
    contact_queue_for,
    contact_queue_length,
    contact_search,
    hotline_supervision,
    interpreter_services_for,
    knowledge_articles_for,
)
from .services.console import (
    contact_claim,
    contact_close,
    contact_link,
    contact_log_call,
    contact_release,
    contact_reply,
    contact_update,
)

# The queue page shows the most urgent, longest-waiting contacts first; its caption counts them all.
QUEUE_PAGE_SIZE = 100


def _contact(request: HttpRequest, contact_uuid: str) -> Contact:
    require_perm(request, Perm.HANDLE_CONTACTS)
    try:
        return access_contact(request_user(request), contact_uuid)
    except NotFoundError as exc:
        raise Http404() from exc


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.HANDLE_CONTACTS)
    user = request_user(request)
    query = (request.GET.get("q") or "").strip()
    status = request.GET.get("status") or ""
    searching = bool(query or status)
    return render(
        request,
        "hotline/queue.html",
        {
            # A search shows its results only: the queue is one click away, and not computed twice.
            "items": None if searching else contact_queue_for(user=user, limit=QUEUE_PAGE_SIZE),
            "page_size": QUEUE_PAGE_SIZE,
            "queue_length": None if searching else contact_queue_length(user=user),
            "results": contact_search(user=user, query=query, status=status) if searching else None,
            "q": query,
            "status": status,
            "statuses": ContactStatus.choices,
        },
    )


@login_required
def contact_detail(request: HttpRequest, contact_uuid: str) -> HttpResponse:
    contact = _contact(request, contact_uuid)
    user = request_user(request)
    thread = list(contact.messages.select_related("author_user"))
    record_identity_access(
        actor=user,
        obj=contact,
        fields=["narrative", "caller_name", "caller_phone", "messages"],
        purpose=AccessPurpose.CASEWORK,
    )
    language = (contact.language or "en").split("-")[0]
    canned = CannedReply.objects.filter(
        organisation_id=contact.organisation_id, language__in=[language, "en"]
    )
    return render(
        request,
        "hotline/contact_detail.html",
        {
            "contact": contact,
            "thread": thread,
            "reply": ReplyForm(),
            "close": CloseForm(),
            "canned": canned,
            "linked": contact.linked_contacts.all(),
            "panels": panels_for(request, contact),
        },
    )


def _act(request: HttpRequest, contact_uuid: str, action: str) -> HttpResponse:
    contact = _contact(request, contact_uuid)
    user = request_user(request)
    try:
        if action == "claim":
            contact_claim(contact=contact, actor=user, take_over=request.POST.get("take_over") == "1")
            messages.success(request, _("You are handling this contact."))
        elif action == "release":
            contact_release(contact=contact, actor=user)
            messages.success(request, _("The contact is back in the queue."))
        elif action == "reply":
            form = ReplyForm(request.POST)
            if not form.is_valid():
                raise ValidationFailedError(
                    " ".join(str(e) for e in form.errors.get("text", [])) or None, field="text"
                )
            contact_reply(contact=contact, actor=user, text=form.cleaned_data["text"])
            messages.success(request, _("Your answer is in the reporter's thread."))
        elif action == "close":
            close = CloseForm(request.POST)
            if not close.is_valid():
                raise ValidationFailedError(_("Choose an outcome."), field="outcome")
            contact_close(contact=contact, actor=user, outcome=close.cleaned_data["outcome"])
            messages.success(request, _("The contact is closed."))
        elif action == "link":
            reference = (request.POST.get("reference") or "").strip().upper()
            other = contact_list_visible_to(user=user).filter(reference=reference).first()
            if other is None:
                raise ValidationFailedError(
                    _("No contact of your hotline has this reference."), field="reference"
                )
            contact_link(contact=contact, other=other, actor=user)
            messages.success(request, _("The contacts are linked."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("hotline-console:contact-detail", contact_uuid=contact.uuid)


@login_required
@require_POST
def contact_action(request: HttpRequest, contact_uuid: str, action: str) -> HttpResponse:
    if action not in {"claim", "release", "reply", "close", "link"}:
        raise Http404()
    return _act(request, contact_uuid, action)


@login_required
@require_http_methods(["GET", "POST"])
def log_call(request: HttpRequest) -> HttpResponse:
    """Log a call fast: one page, keyboard first. A non-data call (silent, hang-up, wrong number, test) is a
    single button: Tab to it and press Enter."""
    require_perm(request, Perm.HANDLE_CONTACTS)
    user = request_user(request)
    form = LogCallForm(request.POST or None) if request.POST.get("form") != "non_data" else LogCallForm()
    if request.method == "POST" and request.POST.get("form") == "non_data":
        quick = NonDataForm(request.POST)
        if quick.is_valid():
            contact = contact_log_call(
                actor=user, signal_type=SignalType.NON_DATA, non_data_kind=quick.cleaned_data["non_data_kind"]
            )
            messages.success(
                request, _("Non-data call %(reference)s logged.") % {"reference": contact.reference}
            )
            return redirect("hotline-console:log-call")
    elif request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", [])}
        channel = data.pop("channel")
        try:
            contact = contact_log_call(actor=user, channel=channel, **data)
        except ValidationFailedError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Contact %(reference)s logged.") % {"reference": contact.reference})
            return redirect("hotline-console:contact-detail", contact_uuid=contact.uuid)
    return render(
        request,
        "hotline/log_call.html",
        {"form": form, "non_data_kinds": NonDataKind.choices},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
def supervision(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.SUPERVISE_HOTLINE)
    return render(request, "hotline/supervision.html", hotline_supervision(user=request_user(request)))


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, contact_uuid: str) -> HttpResponse:
    """Complete or correct what was recorded; every change is audited (the narrative as changed only)."""
    contact = _contact(request, contact_uuid)
    user = request_user(request)
    initial = {name: getattr(contact, name) for name in ContactEditForm.base_fields}
    form = ContactEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            contact_update(contact=contact, actor=user, **changed)
        except ValidationFailedError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The contact is saved."))
            return redirect("hotline-console:contact-detail", contact_uuid=contact.uuid)
    record_identity_access(actor=user, obj=contact, fields=["narrative", "caller_name", "caller_phone"])
    return render(
        request,
        "hotline/contact_edit.html",
        {"contact": contact, "form": form},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
def knowledge_base(request: HttpRequest) -> HttpResponse:
    """Articles and call scripts for operators, in the operator's language (issue 3 §2)."""
    require_perm(request, Perm.HANDLE_CONTACTS)
    user = request_user(request)
    language = request.GET.get("language") or get_language() or "en"
    sector = request.GET.get("sector") or ""
    articles = knowledge_articles_for(user=user, language=language, sector=sector)
    chosen = request.GET.get("article")
    article = next((a for a in articles if a.slug == chosen), None)
    return render(
        request,
        "hotline/knowledge_base.html",
        {
            "articles": articles,
            "article": article,
            "sector": sector,
            "sectors": Sector.choices,
            "language": language,
            "languages": settings.PUBLIC_LANGUAGES,
        },
    )


@login_required
def interpreters(request: HttpRequest) -> HttpResponse:
    """The interpreter services of the partner directory, by language (language routing)."""
    require_perm(request, Perm.HANDLE_CONTACTS)
    language = (request.GET.get("language") or "").strip()[:15]
    services = interpreter_services_for(user=request_user(request), language=language)
    return render(
        request,
        "hotline/interpreters.html",
        {
            "services": services,
            "language": language,
            "languages": settings.PUBLIC_LANGUAGES,
        },
    )
