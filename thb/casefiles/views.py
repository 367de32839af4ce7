"""Pages of police case files (issue 6 §4): the list, opening a file, the file section by section (what the
platform knows, the hand-written parts, the lists, what is missing), editing a section or a list entry,
linking victim cases, submitting to the magistrate, and the PDF/DOCX exports.

Investigators of the owning service write; magistrates of the directing office read. Showing or
exporting the file reads its encrypted texts and the suspects' names: each is a recorded access."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thb.core.audit import record_identity_access
from thb.core.exceptions import DomainError, NotFoundError
from thb.core.forms import add_domain_error
from thb.core.http import request_user, require_perm
from thb.core.models import AccessPurpose, User
from thb.core.roles import Perm, has_perm
from thb.victims.models import VictimCase
from thb.victims.selectors import cases_visible_to

from .document import build_document
from .export_docx import case_file_docx
from .export_pdf import case_file_pdf
from .forms import HeaderForm, OpenCaseFileForm, RemoveEntryForm, entry_form, texts_form
from .models import CaseFile, CaseFileStatus, EntryKind
from .sections import SECTION_BY_KEY, SECTIONS
from .selectors import access_case_file, case_files_visible_to, may_write
from .services import (
    case_file_link_case,
    case_file_open,
    case_file_set_status,
    case_file_texts,
    case_file_unlink_case,
    case_file_update,
    entry_add,
    entry_remove,
    entry_update,
)

_SENSITIVE = ["texts", "suspect_names", "entry_descriptions"]


def _file(user: User, file_uuid: str, *, write: bool = False) -> CaseFile:
    try:
        return access_case_file(user, file_uuid, write=write)
    except NotFoundError as exc:
        raise Http404() from exc


def _record_read(user: User, case_file: CaseFile, purpose: str = AccessPurpose.INVESTIGATION) -> None:
    if case_file.texts or case_file.entries.exists():
        record_identity_access(actor=user, obj=case_file, fields=_SENSITIVE, purpose=purpose)


def _posted_case(cases: QuerySet[VictimCase], request: HttpRequest) -> VictimCase | None:
    try:
        case_uuid = UUID(request.POST.get("case", ""))
    except ValueError:
        return None
    return cases.defer("identity_name", "identity_details").filter(uuid=case_uuid).first()


@login_required
def case_file_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.READ_CASE_FILES)
    user = request_user(request)
    files = case_files_visible_to(user=user).select_related("organisation", "magistrate_office")
    return render(
        request,
        "casefiles/list.html",
        {
            "files": files[:500],
            "may_open": user.organisation_id is not None and has_perm(user, Perm.WRITE_CASE_FILES),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_file_new(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.WRITE_CASE_FILES)
    user = request_user(request)
    form = OpenCaseFileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case_file = case_file_open(actor=user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("Case file %(reference)s is open.") % {"reference": case_file.reference}
            )
            return redirect("casefiles:detail", file_uuid=case_file.uuid)
    return render(
        request, "casefiles/new.html", {"form": form}, status=422 if form.is_bound and form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_file_detail(request: HttpRequest, file_uuid: str) -> HttpResponse:
    require_perm(request, Perm.READ_CASE_FILES)
    user = request_user(request)
    case_file = _file(user, file_uuid)
    writable = may_write(user, case_file)
    if request.method == "POST":
        if not writable:
            raise Http404()
        action = request.POST.get("action")
        try:
            if action == "link":
                case = _posted_case(cases_visible_to(user=user), request)
                if case is None:
                    messages.error(request, _("Choose a victim case your service takes part in."))
                else:
                    case_file_link_case(case_file=case_file, actor=user, case=case)
                    messages.success(request, _("Saved."))
            elif action == "unlink":
                case = _posted_case(case_file.victim_cases.all(), request)
                if case is None:
                    raise Http404()
                case_file_unlink_case(case_file=case_file, actor=user, case=case)
                messages.success(request, _("Saved."))
            elif action in CaseFileStatus.values:
                case_file_set_status(case_file=case_file, actor=user, status=action)
                messages.success(request, _("Saved."))
            else:
                raise Http404()
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("casefiles:detail", file_uuid=case_file.uuid)
    document = build_document(case_file)
    _record_read(user, case_file)
    linkable = []
    if writable:
        linkable = list(
            cases_visible_to(user=user)
            .exclude(pk__in=case_file.victim_cases.values("pk"))
            .defer("identity_name", "identity_details")[:200]
        )
    return render(
        request,
        "casefiles/detail.html",
        {
            "case_file": case_file,
            "document": document,
            "writable": writable,
            "linked": case_file.victim_cases.defer("identity_name", "identity_details"),
            "linkable": linkable,
            "statuses": CaseFileStatus.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_file_edit(request: HttpRequest, file_uuid: str) -> HttpResponse:
    require_perm(request, Perm.WRITE_CASE_FILES)
    user = request_user(request)
    case_file = _file(user, file_uuid, write=True)
    initial = {
        "title": case_file.title,
        "magistrate_office": case_file.magistrate_office,
        "police_reference": case_file.police_reference,
        "magistrate_reference": case_file.magistrate_reference,
        "estimated_proceeds_eur": case_file.estimated_proceeds_eur,
    }
    form = HeaderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case_file_update(case_file=case_file, actor=user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("casefiles:detail", file_uuid=case_file.uuid)
    return render(
        request,
        "casefiles/edit.html",
        {"case_file": case_file, "form": form, "heading": _("Edit the file's details")},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, file_uuid: str, section: str) -> HttpResponse:
    require_perm(request, Perm.WRITE_CASE_FILES)
    user = request_user(request)
    case_file = _file(user, file_uuid, write=True)
    definition = SECTION_BY_KEY.get(section)
    if definition is None:
        raise Http404()
    record_identity_access(actor=user, obj=case_file, fields=["texts"], purpose=AccessPurpose.INVESTIGATION)
    form = texts_form(
        definition, case_file_texts(case_file), request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            case_file_update(case_file=case_file, actor=user, texts=form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{case_file_url(case_file)}#section-{section}")
    return render(
        request,
        "casefiles/edit.html",
        {"case_file": case_file, "form": form, "heading": definition.title},
        status=422 if form.is_bound and form.errors else 200,
    )


def case_file_url(case_file: CaseFile) -> str:
    return reverse("casefiles:detail", kwargs={"file_uuid": case_file.uuid})


_KIND_SECTION = {s.entry_kind: s.key for s in SECTIONS if s.entry_kind}


@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest, file_uuid: str, kind: str) -> HttpResponse:
    require_perm(request, Perm.WRITE_CASE_FILES)
    user = request_user(request)
    case_file = _file(user, file_uuid, write=True)
    if kind not in EntryKind.values:
        raise Http404()
    form = entry_form(kind, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            entry_add(case_file=case_file, actor=user, kind=kind, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{case_file_url(case_file)}#section-{_KIND_SECTION[kind]}")
    return render(
        request,
        "casefiles/edit.html",
        {"case_file": case_file, "form": form, "heading": EntryKind(kind).label},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, file_uuid: str, entry_uuid: str) -> HttpResponse:
    require_perm(request, Perm.WRITE_CASE_FILES)
    user = request_user(request)
    case_file = _file(user, file_uuid, write=True)
    entry = case_file.entries.filter(uuid=entry_uuid).first()
    if entry is None:
        raise Http404()
    record_identity_access(actor=user, obj=case_file, fields=["entry"], purpose=AccessPurpose.INVESTIGATION)
    initial = {name: getattr(entry, name) for name in entry_form(entry.kind).fields}
    posted = request.POST if request.method == "POST" else None
    remove_form = RemoveEntryForm(posted if posted and posted.get("action") == "remove" else None)
    form = entry_form(entry.kind, posted if posted and posted.get("action") != "remove" else None, initial)
    back = f"{case_file_url(case_file)}#section-{_KIND_SECTION[entry.kind]}"
    if request.method == "POST":
        try:
            if posted and posted.get("action") == "remove":
                if remove_form.is_valid():
                    entry_remove(entry=entry, actor=user, reason=remove_form.cleaned_data["reason"])
                    messages.success(request, _("Removed."))
                    return redirect(back)
            elif form.is_valid():
                entry_update(entry=entry, actor=user, **form.cleaned_data)
                messages.success(request, _("Saved."))
                return redirect(back)
        except DomainError as error:
            add_domain_error(form, error)
    return render(
        request,
        "casefiles/edit.html",
        {
            "case_file": case_file,
            "form": form,
            "remove_form": remove_form,
            "heading": f"{EntryKind(entry.kind).label} {entry.number}",
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def case_file_export(request: HttpRequest, file_uuid: str, fmt: str) -> HttpResponse:
    """The file in the reader's language: ``export.pdf`` or ``export.docx``; a recorded export."""
    require_perm(request, Perm.READ_CASE_FILES)
    user = request_user(request)
    case_file = _file(user, file_uuid)
    if fmt not in ("pdf", "docx"):
        raise Http404()
    document = build_document(case_file)
    record_identity_access(actor=user, obj=case_file, fields=_SENSITIVE, purpose=AccessPurpose.EXPORT)
    if fmt == "pdf":
        content, mime = case_file_pdf(document), "application/pdf"
    else:
        content = case_file_docx(document)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(content, content_type=mime)
    language = (get_language() or "en").split("-")[0]
    response["Content-Disposition"] = f'attachment; filename="{case_file.reference}-{language}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
