"""Statistics pages (issue 9 §4): the dashboards by section for a period, each figure as a chart drawn on
the server and as a table, and the exports — CSV, XLSX, the annual report (PDF) and the anonymised
HTCDS/CTDC records for Myria and IOM. Everything shown is suppressed; every export is audited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thb.core.audit import record_change
from thb.core.files import attachment_response
from thb.core.forms import DateInput
from thb.core.http import request_user, require_perm
from thb.core.roles import Perm

from .charts import FORMATS as CHART_FORMATS
from .charts import bar_chart
from .exports import annual_report_pdf, statistics_csv, statistics_xlsx
from .figures import Period, all_sections, figure_by_key
from .htcds import htcds_export
from .suppression import threshold

EXPORTS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("Until"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end cannot be before the start."))
        if data.get("start") and data.get("end") and (data["end"] - data["start"]).days > 366 * 10:
            self.add_error("start", _("Choose a period of at most ten years."))
        return data


def _period(request: HttpRequest) -> tuple[Period, PeriodForm]:
    """The period of the query string; the current year by default; a bad one is shown and replaced."""
    this_year = Period.year(timezone.localdate().year)
    year = request.GET.get("year", "")
    if year.isdigit() and 2000 <= int(year) <= 2100:
        period = Period.year(int(year))
        return period, PeriodForm(initial={"start": period.start, "end": period.end})
    if "start" in request.GET or "end" in request.GET:
        form = PeriodForm(request.GET)
        if form.is_valid():
            return Period(form.cleaned_data["start"], form.cleaned_data["end"]), form
        return this_year, form
    return this_year, PeriodForm(initial={"start": this_year.start, "end": this_year.end})


def _query(period: Period) -> str:
    return f"start={period.start.isoformat()}&end={period.end.isoformat()}"


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.VIEW_STATISTICS)
    period, form = _period(request)
    today = timezone.localdate()
    return render(
        request,
        "statistics/dashboard.html",
        {
            "period": period,
            "form": form,
            "query": _query(period),
            "sections": all_sections(period),
            "years": list(range(today.year, today.year - 6, -1)),
            "threshold": threshold(),
            "limit": threshold() - 1,
        },
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
def chart(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    """A chart drawn by the platform from suppressed counts (served inline: no uploaded content)."""
    require_perm(request, Perm.VIEW_STATISTICS)
    period, _form = _period(request)
    figure = figure_by_key(period, key)
    if figure is None or fmt not in CHART_FORMATS:
        raise Http404()
    image = bar_chart(figure.breakdown, labels=figure.labels, title=figure.title, fmt=fmt)
    response = HttpResponse(image, content_type=CHART_FORMATS[fmt])
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    require_perm(request, Perm.VIEW_STATISTICS)
    if fmt not in EXPORTS:
        raise Http404()
    period, _form = _period(request)
    sections = all_sections(period)
    build = {"csv": statistics_csv, "xlsx": statistics_xlsx, "pdf": annual_report_pdf}[fmt]
    record_change(
        actor=request_user(request),
        action="statistics.export",
        object_type="statistics",
        changes={"format": fmt, "period": str(period)},
    )
    stamp = f"{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    return attachment_response(
        build(period, sections), filename=f"thb-statistics-{stamp}.{fmt}", content_type=EXPORTS[fmt]
    )


@login_required
def htcds(request: HttpRequest) -> HttpResponse:
    """The anonymised case records in CTDC's layout (HTCDS 2.0), k-anonymous (thb/statistics/htcds.py)."""
    require_perm(request, Perm.VIEW_STATISTICS)
    period, _form = _period(request)
    result = htcds_export(period)
    record_change(
        actor=request_user(request),
        action="statistics.htcds_export",
        object_type="statistics",
        changes={"period": str(period), "rows": len(result.rows), "left_out": result.left_out, "k": result.k},
    )
    response = attachment_response(
        result.csv().encode("utf-8"),
        filename=f"thb-htcds-{period.start:%Y%m%d}-{period.end:%Y%m%d}.csv",
        content_type="text/csv; charset=utf-8",
    )
    response["X-THB-Rows-Left-Out"] = str(result.left_out)
    return response
