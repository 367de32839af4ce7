"""Pages of the good-practice library (issue 10): search and browse, an item with its versions and files,
writing and revising, publication, a second person's approval of case studies, drafting a case study from
a closed case."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thb.core.exceptions import DomainError
from thb.core.files import attachment_response
from thb.core.forms import add_domain_error
from thb.core.http import request_user, require_perm
from thb.core.models import User
from thb.core.roles import Perm, has_perm

from .case_studies import case_study_draft
from .forms import AttachmentForm, ItemForm, WithdrawForm
from .markdown import render_markdown
from .models import ItemStatus, LibraryAttachment, LibraryItem, Theme
from .search import search_items
from .selectors import access_item, items_visible_to, may_approve, may_edit, published_visible_to
from .services import (
    attachment_add,
    attachment_remove,
    item_approve,
    item_create,
    item_publish,
    item_revise,
    item_withdraw,
)


def _reader(request: HttpRequest) -> User:
    require_perm(request, Perm.READ_EXPERTISE)
    return request_user(request)


@login_required
def library(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    query = request.GET.get("q", "").strip()
    theme = request.GET.get("theme", "")
    language = request.GET.get("language", "")
    items = published_visible_to(user=user)
    if theme in Theme.values:
        items = items.filter(themes__contains=f",{theme},")
    if language in ("fr", "nl", "de", "en"):
        items = items.filter(language=language)
    results = search_items(items, query) if query else list(items.select_related("published_version")[:100])
    own = (
        items_visible_to(user=user)
        .filter(organisation=user.organisation)
        .exclude(status=ItemStatus.PUBLISHED)
        if has_perm(user, Perm.CONTRIBUTE_EXPERTISE)
        else LibraryItem.objects.none()
    )
    to_approve = [
        item
        for item in items_visible_to(user=user).filter(status=ItemStatus.AWAITING_APPROVAL)
        if may_approve(user, item)
    ]
    return render(
        request,
        "expertise/library.html",
        {
            "results": results,
            "query": query,
            "theme": theme,
            "language": language,
            "themes": Theme.choices,
            "own": own.prefetch_related("versions"),
            "to_approve": to_approve,
            "may_contribute": has_perm(user, Perm.CONTRIBUTE_EXPERTISE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_new(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.CONTRIBUTE_EXPERTISE)
    form = ItemForm(request.POST or None, new=True, initial={"language": (get_language() or "fr")[:2]})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            item = item_create(
                actor=request_user(request), kind=data.pop("kind"), language=data.pop("language"), data=data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Saved as a draft: publish it when it is ready."))
            return redirect("expertise:item", item_uuid=item.uuid)
    return render(
        request, "expertise/edit.html", {"form": form}, status=422 if form.is_bound and form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, item_uuid: str) -> HttpResponse:
    user = _reader(request)
    item = access_item(user, item_uuid)
    if not may_edit(user, item):
        raise Http404()
    form = ItemForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            item_revise(actor=user, item=item, data=data, note=data.pop("note", ""))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("New version saved."))
            return redirect("expertise:item", item_uuid=item.uuid)
    return render(
        request,
        "expertise/edit.html",
        {"form": form, "item": item},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_detail(request: HttpRequest, item_uuid: str) -> HttpResponse:
    user = _reader(request)
    item = access_item(user, item_uuid)
    editor = may_edit(user, item)
    attachment_form = AttachmentForm(request.POST or None, request.FILES or None) if editor else None
    if request.method == "POST":
        if attachment_form is None:
            raise Http404()
        if attachment_form.is_valid():
            upload = attachment_form.cleaned_data["file"]
            try:
                attachment_add(actor=user, item=item, upload=upload, filename=upload.name)
            except DomainError as error:
                add_domain_error(attachment_form, error)
            else:
                messages.success(request, _("File added."))
                return redirect("expertise:item", item_uuid=item.uuid)
    shown = (
        item.published_version
        if not editor and item.published_version
        else item.versions.order_by("-number").first()
    )
    return render(
        request,
        "expertise/item.html",
        {
            "item": item,
            "version": shown,
            "html": render_markdown(shown.body if shown else ""),
            "versions": item.versions.select_related("author").order_by("-number") if editor else [],
            "attachments": item.attachments.defer("data"),
            "may_edit": editor,
            "may_approve": may_approve(user, item),
            "attachment_form": attachment_form,
            "withdraw_form": WithdrawForm() if editor else None,
            "max_mb": settings.THB_LIBRARY_ATTACHMENT_MAX_MB,
        },
        status=422
        if attachment_form is not None and attachment_form.is_bound and attachment_form.errors
        else 200,
    )


@login_required
@require_POST
def item_action(request: HttpRequest, item_uuid: str, action: str) -> HttpResponse:
    user = _reader(request)
    item = access_item(user, item_uuid)
    try:
        if action == "publish":
            item = item_publish(actor=user, item=item)
            messages.success(
                request,
                _("Published.")
                if item.status == ItemStatus.PUBLISHED
                else _("Sent to a second person for approval."),
            )
        elif action == "approve":
            item_approve(actor=user, item=item)
            messages.success(request, _("Approved and published."))
        elif action == "withdraw":
            item_withdraw(actor=user, item=item, reason=request.POST.get("reason", ""))
            messages.success(request, _("Withdrawn."))
        else:
            raise Http404()
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("expertise:item", item_uuid=item.uuid)


def _attachment(
    request: HttpRequest, item_uuid: str, attachment_uuid: str
) -> tuple[User, LibraryItem, LibraryAttachment]:
    user = _reader(request)
    item = access_item(user, item_uuid)
    try:
        attachment = item.attachments.filter(uuid=attachment_uuid).first()
    except (ValueError, TypeError):
        attachment = None
    if attachment is None:
        raise Http404()
    return user, item, attachment


@login_required
def attachment_download(request: HttpRequest, item_uuid: str, attachment_uuid: str) -> HttpResponse:
    _user, _item, attachment = _attachment(request, item_uuid, attachment_uuid)
    return attachment_response(
        bytes(attachment.data),
        filename=attachment.filename,
        content_type=attachment.content_type,
    )


@login_required
@require_POST
def attachment_delete(request: HttpRequest, item_uuid: str, attachment_uuid: str) -> HttpResponse:
    user, item, attachment = _attachment(request, item_uuid, attachment_uuid)
    try:
        attachment_remove(actor=user, attachment=attachment)
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("expertise:item", item_uuid=item.uuid)


@login_required
@require_POST
def case_study_new(request: HttpRequest, case_uuid: str) -> HttpResponse:
    require_perm(request, Perm.CONTRIBUTE_EXPERTISE)
    user = request_user(request)
    try:
        item = case_study_draft(actor=user, case_uuid=case_uuid, language=(get_language() or "fr")[:2])
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("victims:case", case_uuid=case_uuid)
    messages.success(
        request, _("Draft case study written from the case's facts: complete it, then send it for approval.")
    )
    return redirect("expertise:edit", item_uuid=item.uuid)
