"""Staff pages of campaigns (issue 9 §2): the list, a campaign with its short links and QR codes, its
materials per language, and what followed it (charts and tables of suppressed figures, CSV)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from thb.core.exceptions import DomainError
from thb.core.files import attachment_response
from thb.core.forms import add_domain_error
from thb.core.http import request_user, require_perm
from thb.core.models import User
from thb.core.roles import Perm, has_perm
from thb.statistics.charts import FORMATS as CHART_FORMATS
from thb.statistics.charts import bar_chart
from thb.statistics.suppression import shown

from .forms import CampaignForm, MaterialForm
from .links import QR_FORMATS, qr_code, short_link
from .models import Campaign, CampaignMaterial
from .selectors import (
    access_campaign,
    campaign_figures,
    campaigns_visible_to,
    label_function,
    may_see_campaigns,
)
from .services import campaign_save, material_add, material_remove

CHART_TITLES = {
    "week": gettext_lazy("Contacts by week"),
    "language": gettext_lazy("Contacts by language"),
    "signal_type": gettext_lazy("Contacts by type of signal"),
    "channel": gettext_lazy("Contacts by channel"),
    "referrals": gettext_lazy("Referrals that followed, by kind of partner"),
}


def _reader(request: HttpRequest) -> User:
    user = request_user(request)
    if not may_see_campaigns(user):
        raise Http404()
    return user


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    campaigns = campaigns_visible_to(user=user).prefetch_related("partners")
    return render(
        request,
        "campaigns/list.html",
        {"campaigns": campaigns, "may_manage": has_perm(user, Perm.MANAGE_CAMPAIGNS)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, campaign_uuid: str | None = None) -> HttpResponse:
    require_perm(request, Perm.MANAGE_CAMPAIGNS)
    user = request_user(request)
    campaign = access_campaign(user, campaign_uuid) if campaign_uuid else None
    form = CampaignForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = campaign_save(
                actor=user,
                data=form.service_data(),
                partners=list(form.cleaned_data["partners"]),
                campaign=campaign,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("campaigns:detail", campaign_uuid=campaign.uuid)
    return render(
        request,
        "campaigns/edit.html",
        {"form": form, "campaign": campaign},
        status=422 if form.is_bound and form.errors else 200,
    )


def _tables(campaign: Campaign) -> tuple[Any, list[dict[str, Any]]]:
    figures = campaign_figures(campaign)
    tables = []
    for dimension, breakdown in figures.breakdowns().items():
        label = label_function(dimension)
        tables.append(
            {
                "dimension": dimension,
                "title": CHART_TITLES[dimension],
                "rows": [(label(key), breakdown.shown(value)) for key, value in breakdown.cells],
                "total": breakdown.shown(breakdown.total),
            }
        )
    return figures, tables


@login_required
@require_http_methods(["GET", "POST"])
def campaign_detail(request: HttpRequest, campaign_uuid: str) -> HttpResponse:
    user = _reader(request)
    campaign = access_campaign(user, campaign_uuid)
    may_manage = has_perm(user, Perm.MANAGE_CAMPAIGNS)
    form = (
        MaterialForm(request.POST or None, request.FILES or None, campaign=campaign) if may_manage else None
    )
    if request.method == "POST":
        if form is None:
            raise Http404()
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                material_add(
                    actor=user,
                    campaign=campaign,
                    language=form.cleaned_data["language"],
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                    upload=upload,
                    filename=upload.name,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Material added."))
                return redirect("campaigns:detail", campaign_uuid=campaign.uuid)
    names = dict(settings.PUBLIC_LANGUAGES)
    figures, tables = _tables(campaign)
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "may_manage": may_manage,
            "links": [
                (code, names.get(code, code), short_link(campaign, code, request))
                for code in campaign.languages
            ],
            "materials": campaign.materials.defer("data").select_related("uploaded_by"),
            "form": form,
            "contacts_shown": shown(figures.contacts),
            "visits_shown": shown(figures.visits),
            "tables": tables,
            "threshold": settings.THB_SMALL_CELL_THRESHOLD,
            "limit": settings.THB_SMALL_CELL_THRESHOLD - 1,
        },
        status=422 if form is not None and form.is_bound and form.errors else 200,
    )


@login_required
def campaign_qr(request: HttpRequest, campaign_uuid: str, language: str, fmt: str) -> HttpResponse:
    campaign = access_campaign(_reader(request), campaign_uuid)
    if language not in campaign.languages or fmt not in QR_FORMATS:
        raise Http404()
    return attachment_response(
        qr_code(short_link(campaign, language, request), fmt),
        filename=f"campaign-{campaign.code}-{language}.{fmt}",
        content_type=QR_FORMATS[fmt],
    )


@login_required
def campaign_chart(request: HttpRequest, campaign_uuid: str, dimension: str, fmt: str) -> HttpResponse:
    """A chart image. Served inline (the detail page shows it) because the platform draws it itself from
    counts only; no uploaded content is ever served this way."""
    campaign = access_campaign(_reader(request), campaign_uuid)
    figures = campaign_figures(campaign)
    breakdowns = figures.breakdowns()
    if dimension not in breakdowns or fmt not in CHART_FORMATS:
        raise Http404()
    label = label_function(dimension)
    breakdown = breakdowns[dimension]
    image = bar_chart(
        breakdown,
        labels={key: label(key) for key, _value in breakdown.cells},
        title=str(CHART_TITLES[dimension]),
        fmt=fmt,
    )
    response = HttpResponse(image, content_type=CHART_FORMATS[fmt])
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def campaign_figures_csv(request: HttpRequest, campaign_uuid: str) -> HttpResponse:
    campaign = access_campaign(_reader(request), campaign_uuid)
    _figures, tables = _tables(campaign)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["campaign", "breakdown", "category", "count"])
    for table in tables:
        for category, count in table["rows"]:
            writer.writerow([campaign.code, table["dimension"], category, count])
        writer.writerow([campaign.code, table["dimension"], "total", table["total"]])
    return attachment_response(
        buffer.getvalue().encode("utf-8"),
        filename=f"campaign-{campaign.code}-figures.csv",
        content_type="text/csv; charset=utf-8",
    )


def _material(request: HttpRequest, campaign_uuid: str, material_uuid: str) -> CampaignMaterial:
    campaign = access_campaign(_reader(request), campaign_uuid)
    try:
        material = campaign.materials.filter(uuid=material_uuid).first()
    except (ValueError, TypeError):
        material = None
    if material is None:
        raise Http404()
    return material


@login_required
def material_download(request: HttpRequest, campaign_uuid: str, material_uuid: str) -> HttpResponse:
    material = _material(request, campaign_uuid, material_uuid)
    return attachment_response(
        bytes(material.data), filename=material.filename, content_type=material.content_type
    )


@login_required
@require_POST
def material_delete(request: HttpRequest, campaign_uuid: str, material_uuid: str) -> HttpResponse:
    require_perm(request, Perm.MANAGE_CAMPAIGNS)
    material = _material(request, campaign_uuid, material_uuid)
    material_remove(actor=request_user(request), material=material)
    messages.success(request, _("Material removed."))
    return redirect("campaigns:detail", campaign_uuid=campaign_uuid)
