"""Pages of investigations (issue 8 §1): the list, opening one, the investigation (entities by type, the
files imported, who it is shared with), an entity with the provenance of every value and its links,
recording an entity by hand, and the magistrate's sharing decisions. Imports: views_imports.py.

Investigators and analysts of the owning service write; shared organisations and the directing
magistrates read. Everything else answers 404 (DESIGN.md §3.3)."""

from __future__ import annotations

from collections import defaultdict
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from followthemoney import model

from thb.core.exceptions import DomainError, NotFoundError
from thb.core.forms import add_domain_error
from thb.core.http import request_user
from thb.core.models import User
from thb.core.roles import Perm, has_perm
from thb.victims.models import VictimCase
from thb.victims.selectors import cases_visible_to

from .forms import LinkForm, OpenInvestigationForm, RecordEntityForm, ShareForm
from .models import Investigation, InvestigationStatus
from .selectors import (
    access_entity,
    access_investigation,
    entities_of,
    investigations_visible_to,
    links_of,
    may_share,
    may_write,
    same_as,
    schema_counts,
)
from .services import (
    MANUAL_SCHEMAS,
    case_person_add,
    entity_record,
    investigation_open,
    investigation_set_status,
    link_record,
    share_authorise,
    share_revoke,
)

PAGE = 100


def require_reader(request: HttpRequest) -> User:
    user = request_user(request)
    if not (has_perm(user, Perm.INVESTIGATE) or has_perm(user, Perm.AUTHORISE_SHARING)):
        raise Http404()
    return user


def investigation_of(user: User, investigation_uuid: str, *, write: bool = False) -> Investigation:
    try:
        return access_investigation(user, investigation_uuid, write=write)
    except NotFoundError as exc:
        raise Http404() from exc


VALUE_LABELS = {
    "phone": gettext_lazy("Phone number"),
    "email": gettext_lazy("E-mail address"),
    "address": gettext_lazy("Address (as written)"),
}


def schema_label(name: str) -> str:
    """The FtM schema's label in the reader's language, or the label of a value node of the network."""
    if name in VALUE_LABELS:
        return str(VALUE_LABELS[name])
    schema = model.get(name)
    return str(schema.label) if schema else name


@login_required
def investigation_list(request: HttpRequest) -> HttpResponse:
    user = require_reader(request)
    investigations = investigations_visible_to(user=user).select_related("organisation", "magistrate_office")
    return render(
        request,
        "investigations/list.html",
        {"investigations": investigations[:500], "may_open": has_perm(user, Perm.INVESTIGATE)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def investigation_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not has_perm(user, Perm.INVESTIGATE):
        raise Http404()
    form = OpenInvestigationForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            investigation = investigation_open(actor=user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("Investigation %(reference)s is open.") % {"reference": investigation.reference}
            )
            return redirect("investigations:detail", investigation_uuid=investigation.uuid)
    return render(
        request,
        "investigations/new.html",
        {"form": form},
        status=422 if form.is_bound and form.errors else 200,
    )


def _post_detail(request: HttpRequest, user: User, investigation: Investigation) -> None:
    action = request.POST.get("action", "")
    if action in InvestigationStatus.values and may_write(user, investigation):
        investigation_set_status(investigation=investigation, actor=user, status=action)
    elif action == "case_person" and may_write(user, investigation):
        try:
            case = cases_visible_to(user=user).get(uuid=UUID(request.POST.get("case", "")))
        except (ValueError, VictimCase.DoesNotExist) as exc:
            raise Http404() from exc
        case_person_add(investigation=investigation, actor=user, case=case)
    elif action == "share" and may_share(user, investigation):
        form = ShareForm(request.POST)
        if not form.is_valid():
            raise DomainError(" ".join(str(e) for errors in form.errors.values() for e in errors))
        share_authorise(investigation=investigation, actor=user, **form.cleaned_data)
    elif action == "revoke" and may_share(user, investigation):
        try:
            share_uuid = UUID(request.POST.get("share", ""))
        except ValueError as exc:
            raise Http404() from exc
        share = investigation.shares.filter(uuid=share_uuid, revoked_at__isnull=True).first()
        if share is None:
            raise Http404()
        share_revoke(share=share, actor=user, reason=request.POST.get("reason", ""))
    else:
        raise Http404()


@login_required
@require_http_methods(["GET", "POST"])
def investigation_detail(request: HttpRequest, investigation_uuid: str) -> HttpResponse:
    user = require_reader(request)
    investigation = investigation_of(user, investigation_uuid)
    if request.method == "POST":
        try:
            _post_detail(request, user, investigation)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Saved."))
        return redirect("investigations:detail", investigation_uuid=investigation.uuid)
    schema = request.GET.get("schema", "")
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(entities_of(investigation, schema=schema, query=query), PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "investigations/detail.html",
        {
            "investigation": investigation,
            "writable": may_write(user, investigation),
            "sharer": may_share(user, investigation),
            "counts": [(name, schema_label(name), n) for name, n in schema_counts(investigation)],
            "schema": schema,
            "query": query,
            "page": page,
            "labels": {name: schema_label(name) for name in {entity.schema for entity in page}},
            "imports": investigation.imports.select_related("created_by")[:50],
            "shares": investigation.shares.select_related("organisation", "authorised_by"),
            "share_form": ShareForm() if may_share(user, investigation) else None,
            "manual_schemas": [(name, schema_label(name)) for name in MANUAL_SCHEMAS],
            "cases": cases_visible_to(user=user).defer("identity_name", "identity_details")[:200]
            if may_write(user, investigation)
            else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entity_detail(request: HttpRequest, investigation_uuid: str, entity_id: str) -> HttpResponse:
    user = require_reader(request)
    investigation = investigation_of(user, investigation_uuid)
    try:
        entity = access_entity(investigation, entity_id)
    except NotFoundError as exc:
        raise Http404() from exc
    writable = may_write(user, investigation)
    link_form = (
        LinkForm(request.POST or None, investigation=investigation, source=entity) if writable else None
    )
    if request.method == "POST":
        if link_form is None:
            raise Http404()
        if link_form.is_valid():
            try:
                link_record(
                    investigation=investigation,
                    actor=user,
                    source=entity,
                    **link_form.cleaned_data,
                )
            except DomainError as error:
                add_domain_error(link_form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(
                    "investigations:entity", investigation_uuid=investigation.uuid, entity_id=entity.entity_id
                )
    schema = model.get(entity.schema)
    statements = defaultdict(list)
    for statement in entity.statements.select_related("data_import", "victim_case", "created_by"):
        statements[statement.prop].append(statement)
    rows = []
    for prop_name, values in entity.properties.items():
        prop = schema.get(prop_name) if schema else None
        if prop is None or prop.type.name == "entity":
            continue
        rows.append((str(prop.label), values, statements.get(prop_name, [])))
    outgoing, incoming = links_of(entity)
    return render(
        request,
        "investigations/entity.html",
        {
            "investigation": investigation,
            "entity": entity,
            "schema_label": schema_label(entity.schema),
            "rows": sorted(rows, key=lambda row: row[0]),
            "outgoing": outgoing,
            "incoming": incoming,
            "same": same_as(entity, user=user),
            "link_form": link_form,
            "labels": {
                link.entity.schema: schema_label(link.entity.schema) for link in [*outgoing, *incoming]
            },
        },
        status=422 if link_form is not None and link_form.is_bound and link_form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def entity_new(request: HttpRequest, investigation_uuid: str) -> HttpResponse:
    user = require_reader(request)
    investigation = investigation_of(user, investigation_uuid, write=True)
    schema = request.GET.get("schema") or request.POST.get("schema") or "Person"
    if schema not in MANUAL_SCHEMAS:
        raise Http404()
    form = RecordEntityForm(request.POST or None, schema=schema)
    if request.method == "POST" and form.is_valid():
        try:
            entity = entity_record(
                investigation=investigation,
                actor=user,
                schema=schema,
                values=form.values(),
                document=form.cleaned_data["document"],
            )
        except DomainError as error:
            add_domain_error(form, error, prefix="p_")
        else:
            messages.success(request, _("Saved."))
            return redirect(
                "investigations:entity", investigation_uuid=investigation.uuid, entity_id=entity.id
            )
    return render(
        request,
        "investigations/entity_new.html",
        {
            "investigation": investigation,
            "form": form,
            "schema": schema,
            "schema_label": schema_label(schema),
        },
        status=422 if form.is_bound and form.errors else 200,
    )
