"""Money and assets of an investigation (issue 8 §4): the flows (by party, account, country and month, with
a chart), structuring alerts and round trips, the proceeds estimates with their method, the asset register
per suspect, and the financial-investigation report (PDF)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thb.core.audit import record_change
from thb.core.exceptions import DomainError
from thb.core.forms import add_domain_error

from .assets import ASSET_FIELDS, asset_add, asset_update, estimate_record, suggestions
from .forms import LEGAL_REFERENCE_SUGGESTIONS, AssetForm, EstimateForm
from .models import Asset, Investigation
from .money import MoneyFacts, money_facts
from .proceeds import METHODS
from .report import financial_report_pdf
from .selectors import may_write
from .views import investigation_of, require_reader


def _facts(investigation: Investigation) -> MoneyFacts:
    return money_facts(list(investigation.entities.all()))


def month_chart(by_month: list[tuple[str, Decimal, int]], *, width: int = 640, height: int = 220) -> str:
    """Euros paid per month as an SVG bar chart (no script, no inline style: CSP)."""
    if not by_month:
        return ""
    top = max(total for _m, total, _n in by_month) or Decimal(1)
    bar = max(8, min(60, (width - 60) // len(by_month) - 6))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="month-chart-title">'
        f'<title id="month-chart-title">{_("Euros paid per month")}</title>'
    ]
    for index, (month, total, count) in enumerate(by_month):
        h = int((height - 50) * float(total / top))
        x = 50 + index * (bar + 6)
        parts.append(
            f'<rect x="{x}" y="{height - 30 - h}" width="{bar}" height="{h}" fill="#1f77b4"><title>{month}: '
            f"€ {total:,.0f} ({count})</title></rect>"
            f'<text x="{x}" y="{height - 12}" font-size="11">{month}</text>'
            f'<text x="{x}" y="{height - 34 - h}" font-size="10">{total:,.0f}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _parties(investigation: Investigation) -> list[tuple[str, str]]:
    rows = investigation.entities.filter(
        schema__in=("Person", "Company", "LegalEntity", "BankAccount")
    ).order_by("caption")
    return [(e.entity_id, f"{e.caption} ({e.schema})") for e in rows]


@login_required
@require_http_methods(["GET", "POST"])
def money_page(request: HttpRequest, investigation_uuid: str) -> HttpResponse:
    user = require_reader(request)
    investigation = investigation_of(user, investigation_uuid)
    facts = _facts(investigation)
    methods = [(key, str(label)) for key, (label, _function) in METHODS.items()]
    form = EstimateForm(request.POST or None, methods=methods, parties=_parties(investigation))
    if request.method == "POST":
        if not may_write(user, investigation):
            raise Http404()
        if form.is_valid():
            try:
                estimate_record(
                    investigation=investigation,
                    actor=user,
                    method=form.cleaned_data["method"],
                    inputs=form.inputs(),
                    facts=facts,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Estimate saved."))
                return redirect("investigations:money", investigation_uuid=investigation.uuid)
    label = facts.labels.get
    return render(
        request,
        "investigations/money.html",
        {
            "investigation": investigation,
            "writable": may_write(user, investigation),
            "facts": facts,
            "other_currencies": sorted(facts.other_currencies.items()),
            "by_party": [
                (label(f.source, f.source), label(f.target, f.target), f) for f in facts.by_party[:25]
            ],
            "by_account": [
                (label(f.source, f.source), label(f.target, f.target), f) for f in facts.by_account[:25]
            ],
            "by_country": facts.by_country,
            "chart": month_chart(facts.by_month),
            "structuring": [
                (label(a.payer, a.payer), label(a.beneficiary, a.beneficiary), a) for a in facts.structuring
            ],
            "round_trips": [([label(n, n) for n in t.nodes], t) for t in facts.round_trips],
            "form": form,
            "estimates": investigation.estimates.select_related("created_by"),
            "method_labels": dict(methods),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def assets_page(request: HttpRequest, investigation_uuid: str) -> HttpResponse:
    user = require_reader(request)
    investigation = investigation_of(user, investigation_uuid)
    writable = may_write(user, investigation)
    initial = {}
    if request.GET.get("suspect") and request.GET.get("entity"):
        entity = investigation.entities.filter(entity_id=request.GET["entity"]).first()
        initial = {
            "suspect": request.GET["suspect"],
            "entity": request.GET["entity"],
            "kind": request.GET.get("kind", "other"),
            "description": f"{entity.caption}" if entity else "",
        }
    form = AssetForm(request.POST or None, investigation=investigation, initial=initial)
    if request.method == "POST":
        if not writable:
            raise Http404()
        if form.is_valid():
            try:
                asset_add(investigation=investigation, actor=user, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("investigations:assets", investigation_uuid=investigation.uuid)
    register = defaultdict(list)
    for asset in investigation.assets.select_related("suspect", "entity"):
        register[asset.suspect].append(asset)
    totals = {
        "estimated": sum((a.estimated_value_eur or 0 for a in investigation.assets.all()), Decimal(0)),
        "seized": sum(
            (a.estimated_value_eur or 0 for a in investigation.assets.filter(seizure_status="seized")),
            Decimal(0),
        ),
    }
    return render(
        request,
        "investigations/assets.html",
        {
            "investigation": investigation,
            "writable": writable,
            "register": sorted(register.items(), key=lambda item: item[0].caption),
            "totals": totals,
            "form": form,
            "suggestions": suggestions(investigation) if writable else [],
            "legal_references": LEGAL_REFERENCE_SUGGESTIONS,
        },
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def asset_edit(request: HttpRequest, investigation_uuid: str, asset_uuid: str) -> HttpResponse:
    user = require_reader(request)
    investigation = investigation_of(user, investigation_uuid, write=True)
    asset = (
        Asset.objects.filter(investigation=investigation, uuid=asset_uuid)
        .select_related("suspect", "entity")
        .first()
    )
    if asset is None:
        raise Http404()
    initial = {
        "suspect": asset.suspect.entity_id,
        "entity": asset.entity.entity_id if asset.entity else "",
        **{name: getattr(asset, name) for name in ASSET_FIELDS},
    }
    form = AssetForm(request.POST or None, investigation=investigation, initial=initial)
    form.fields["suspect"].disabled = True
    form.fields["entity"].disabled = True
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k not in ("suspect", "entity")}
        try:
            asset_update(asset=asset, actor=user, **values)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("investigations:assets", investigation_uuid=investigation.uuid)
    return render(
        request,
        "investigations/asset_edit.html",
        {
            "investigation": investigation,
            "asset": asset,
            "form": form,
            "legal_references": LEGAL_REFERENCE_SUGGESTIONS,
        },
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
def financial_report(request: HttpRequest, investigation_uuid: str) -> HttpResponse:
    user = require_reader(request)
    investigation = investigation_of(user, investigation_uuid)
    body = financial_report_pdf(investigation, _facts(investigation))
    record_change(
        actor=user, action="investigations.financial_report", obj=investigation, changes={"format": "pdf"}
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{investigation.reference}-financial.pdf"'
    return response
