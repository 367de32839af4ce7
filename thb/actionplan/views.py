"""Pages of action plans (issue 9 §1): the coordination cell's dashboard (every point with its pillar,
responsible departments, deadline, status, last progress and live figure), a point with its history and the
form to report progress, and the progress report for the Council of Ministers (PDF and CSV)."""

from __future__ import annotations

import csv
import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from thb.core.audit import record_change
from thb.core.exceptions import DomainError
from thb.core.forms import add_domain_error
from thb.core.http import request_user, require_perm
from thb.core.roles import Perm

from .figures import figure_of
from .models import ActionPlan, ActionPoint, PointStatus
from .report import progress_report_pdf
from .services import progress_add


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=PointStatus.choices)
    note = forms.CharField(
        label=gettext_lazy("What was done"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = forms.CharField(
        label=gettext_lazy("Evidence"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("A law, a circular, a report, a decision: its reference or address."),
    )


def _plan(slug: str) -> ActionPlan:
    plan = ActionPlan.objects.filter(slug=slug).first()
    if plan is None:
        raise Http404()
    return plan


def _rows(plan: ActionPlan) -> list[dict]:
    today = timezone.localdate()
    rows = []
    for point in plan.points.prefetch_related("updates"):
        latest = point.updates.first()
        rows.append(
            {
                "point": point,
                "latest": latest,
                "figure": figure_of(point.figure),
                "overdue": point.deadline < today
                and point.status not in (PointStatus.DONE, PointStatus.DROPPED),
            }
        )
    return rows


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.MANAGE_ACTION_PLAN)
    plans = [(plan, _rows(plan)) for plan in ActionPlan.objects.all()]
    return render(request, "actionplan/dashboard.html", {"plans": plans})


@login_required
@require_http_methods(["GET", "POST"])
def point_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    require_perm(request, Perm.MANAGE_ACTION_PLAN)
    point = ActionPoint.objects.filter(plan__slug=slug, code=code).select_related("plan").first()
    if point is None:
        raise Http404()
    form = ProgressForm(request.POST or None, initial={"status": point.status})
    if request.method == "POST" and form.is_valid():
        try:
            progress_add(point=point, actor=request_user(request), **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Progress recorded."))
            return redirect("actionplan:point", slug=slug, code=code)
    return render(
        request,
        "actionplan/point.html",
        {
            "point": point,
            "figure": figure_of(point.figure),
            "updates": point.updates.select_related("author"),
            "form": form,
        },
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
def report(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    require_perm(request, Perm.MANAGE_ACTION_PLAN)
    plan = _plan(slug)
    rows = _rows(plan)
    record_change(actor=request_user(request), action="actionplan.report", obj=plan, changes={"format": fmt})
    if fmt == "pdf":
        response = HttpResponse(progress_report_pdf(plan, rows), content_type="application/pdf")
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(
            [
                "code",
                "pillar",
                "title",
                "responsible",
                "deadline",
                "status",
                "overdue",
                "last_update",
                "last_note",
                "evidence",
                "figures",
                "indicators",
            ]
        )
        for row in rows:
            point, latest = row["point"], row["latest"]
            writer.writerow(
                [
                    point.code,
                    point.pillar,
                    point.title_text,
                    "; ".join(point.responsible_labels),
                    point.deadline.isoformat(),
                    point.status,
                    "yes" if row["overdue"] else "no",
                    latest.created_at.date().isoformat() if latest else "",
                    latest.note if latest else "",
                    latest.evidence if latest else "",
                    "; ".join(f"{label}: {value}" for label, value in row["figure"]),
                    "; ".join(point.indicator_texts),
                ]
            )
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        raise Http404()
    response["Content-Disposition"] = (
        f'attachment; filename="{plan.slug}-progress-{timezone.localdate():%Y-%m-%d}.{fmt}"'
    )
    return response
