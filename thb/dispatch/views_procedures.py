"""Pages for coordinators to write, review, approve and activate dispatch procedures (issue 4 §1): the YAML
editor reports each problem on its line; a version's page shows its examples, its source and what changed
against the active version; approval by a second coordinator and activation are buttons."""

from __future__ import annotations

import difflib

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from thb.core.exceptions import DomainError
from thb.core.http import request_user, require_perm
from thb.core.roles import Perm

from .models import ProcedureStatus, ProcedureVersion
from .selectors import procedure_versions_visible_to
from .services.procedures import (
    ProcedureInvalidError,
    procedure_version_activate,
    procedure_version_approve,
    procedure_version_create,
    procedure_version_reject,
)
from .yamlsource import SourceError


class VersionForm(forms.Form):
    source = forms.CharField(
        label=gettext_lazy("Procedure (YAML)"),
        max_length=1_000_000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false", "class": "code"}),
    )
    change_note = forms.CharField(
        label=gettext_lazy("What changed and why"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _version(request: HttpRequest, version_uuid: str) -> ProcedureVersion:
    version = procedure_versions_visible_to(user=request_user(request)).filter(uuid=version_uuid).first()
    if version is None:
        raise Http404()
    return version


@login_required
def procedure_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.MANAGE_PROCEDURES)
    return render(
        request,
        "dispatch/procedure_list.html",
        {"versions": procedure_versions_visible_to(user=request_user(request))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def procedure_new(request: HttpRequest) -> HttpResponse:
    """A new version, starting from the active one's text (or the version named in ``?from=``)."""
    require_perm(request, Perm.MANAGE_PROCEDURES)
    user = request_user(request)
    visible = procedure_versions_visible_to(user=user)
    start = None
    try:
        start = visible.filter(uuid=request.GET.get("from", "")).first() if request.GET.get("from") else None
    except ValidationError:  # not a UUID: start from the active version
        start = None
    start = start or visible.filter(status=ProcedureStatus.ACTIVE).first()
    form = VersionForm(request.POST or None, initial={"source": start.source if start else ""})
    problems: list[SourceError] = []
    if request.method == "POST" and form.is_valid():
        try:
            version = procedure_version_create(
                source=form.cleaned_data["source"], actor=user, change_note=form.cleaned_data["change_note"]
            )
        except ProcedureInvalidError as error:
            problems = error.errors
        except DomainError as error:
            form.add_error("source", error.message)
        else:
            messages.success(request, _("The version is saved as a draft. Another coordinator approves it."))
            return redirect("dispatch:procedure-detail", version_uuid=version.uuid)
    return render(
        request,
        "dispatch/procedure_new.html",
        {"form": form, "problems": problems},
        status=422 if problems or form.errors else 200,
    )


@login_required
def procedure_detail(request: HttpRequest, version_uuid: str) -> HttpResponse:
    require_perm(request, Perm.MANAGE_PROCEDURES)
    version = _version(request, version_uuid)
    active = (
        procedure_versions_visible_to(user=request_user(request))
        .filter(status=ProcedureStatus.ACTIVE)
        .first()
    )
    diff = None
    if active is not None and active.pk != version.pk:
        diff = "".join(
            difflib.unified_diff(
                active.source.splitlines(keepends=True),
                version.source.splitlines(keepends=True),
                fromfile=str(active),
                tofile=str(version),
            )
        )
    return render(
        request,
        "dispatch/procedure_detail.html",
        {
            "version": version,
            "active": active,
            "diff": diff,
            "source_lines": version.source.splitlines(),
            "may_approve": version.status == ProcedureStatus.DRAFT
            and version.created_by_id != request.user.pk,
        },
    )


@login_required
@require_POST
def procedure_action(request: HttpRequest, version_uuid: str, action: str) -> HttpResponse:
    require_perm(request, Perm.MANAGE_PROCEDURES)
    version = _version(request, version_uuid)
    user = request_user(request)
    try:
        if action == "approve":
            procedure_version_approve(version=version, actor=user)
            messages.success(request, _("The version is approved. It can now be activated."))
        elif action == "activate":
            procedure_version_activate(version=version, actor=user)
            messages.success(request, _("The version is active: it decides every new dispatch."))
        elif action == "reject":
            procedure_version_reject(version=version, actor=user, reason=request.POST.get("reason", ""))
            messages.success(request, _("The version is rejected."))
        else:
            raise Http404()
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("dispatch:procedure-detail", version_uuid=version.uuid)


@login_required
def procedure_source(request: HttpRequest, version_uuid: str) -> HttpResponse:
    """The YAML as written, to download and edit elsewhere (the same text as ``thb procedures export``)."""
    require_perm(request, Perm.MANAGE_PROCEDURES)
    version = _version(request, version_uuid)
    response = HttpResponse(version.source, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{version.slug}-v{version.version}.yaml"'
    return response
