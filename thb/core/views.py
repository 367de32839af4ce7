"""Core pages: public landing, staff home per role, partner directory, audit trail, second factor, health."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .access import access_organisation
from .audit import record_change
from .audit_export import ACCESS_COLUMNS, EVENT_COLUMNS, csv_lines
from .exceptions import NotFoundError
from .forms import AuditSearchForm, OtpTokenForm
from .http import request_user, require_perm
from .models import OrganisationKind, WorkerHeartbeat
from .panels import home_panels
from .roles import Perm, permissions_of
from .selectors import (
    AuditFilters,
    audit_events_visible_to,
    identity_accesses_visible_to,
    organisation_list_visible_to,
)
from .staff_home import tiles_for


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.VIEW_STAFF_HOME)
    return render(
        request,
        "core/staff_home.html",
        {"tiles": tiles_for(permissions_of(request_user(request))), "panels": home_panels(request)},
    )


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.VIEW_DIRECTORY)
    kind = request.GET.get("kind") or None
    query = (request.GET.get("q") or "").strip()[:100] or None
    orgs = organisation_list_visible_to(user=request_user(request), kind=kind, query=query)
    page = Paginator(orgs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/organisation_list.html",
        {"page": page, "kinds": OrganisationKind.choices, "kind": kind or "", "q": query or ""},
    )


@login_required
def organisation_detail(request: HttpRequest, organisation_uuid: str) -> HttpResponse:
    require_perm(request, Perm.VIEW_DIRECTORY)
    try:
        org = access_organisation(request_user(request), organisation_uuid)
    except NotFoundError as exc:
        raise Http404() from exc
    return render(request, "core/organisation_detail.html", {"org": org})


def _audit_filters(form: AuditSearchForm) -> AuditFilters:
    data = form.cleaned_data if form.is_valid() else {}

    def day(value: dt.date | None, plus: int = 0) -> dt.datetime | None:
        if value is None:
            return None
        return timezone.make_aware(dt.datetime.combine(value + dt.timedelta(days=plus), dt.time.min))

    return AuditFilters(
        action=data.get("action", ""),
        actor=data.get("actor", ""),
        object_type=data.get("object_type", ""),
        object_uuid=data.get("object_uuid"),
        since=day(data.get("since")),
        until=day(data.get("until"), 1),
    )


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.VIEW_AUDIT)
    form = AuditSearchForm(request.GET or None)
    filters = _audit_filters(form)
    show = request.GET.get("show", "events")
    if show == "access":
        rows: Any = identity_accesses_visible_to(user=request_user(request), filters=filters)
    else:
        rows = audit_events_visible_to(user=request_user(request), filters=filters)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_list.html",
        {"form": form, "page": page, "show": show, "query": request.GET.urlencode()},
    )


@login_required
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    """CSV export of the audit trail; the export itself is audited (who took a copy, and of what)."""
    require_perm(request, Perm.EXPORT_AUDIT)
    form = AuditSearchForm(request.GET or None)
    filters = _audit_filters(form)
    show = request.GET.get("show", "events")
    record_change(
        actor=request_user(request),
        action="audit.export",
        reason=f"show={show}; {request.GET.urlencode()}"[:500],
    )
    user = request_user(request)
    if show == "access":
        lines = csv_lines(identity_accesses_visible_to(user=user, filters=filters).iterator(), ACCESS_COLUMNS)
    else:
        lines = csv_lines(audit_events_visible_to(user=user, filters=filters).iterator(), EVENT_COLUMNS)
    stamp = timezone.now().strftime("%Y%m%dT%H%M")
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="thb-audit-{show}-{stamp}.csv"'
    return response


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    from django.urls import reverse

    return reverse("core:staff-home")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrolment of a TOTP authenticator: a QR code (rendered on the server, no JavaScript) and a check."""
    import segno
    from django_otp import login as otp_login
    from django_otp import user_has_device
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if user_has_device(request_user(request)):
        return redirect("core:otp-verify")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request_user(request), confirmed=False, defaults={"name": "authenticator"}
    )
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            record_change(actor=request_user(request), action="auth.otp_enrolled", obj=request_user(request))
            return redirect(_safe_next(request))
        form.add_error("token", _("This code is not valid. Check the time on your phone and try again."))
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=5)
    return render(
        request,
        "registration/otp_setup.html",
        {"form": form, "qr": qr, "secret": device.key, "next": _safe_next(request)},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    from django_otp import devices_for_user, match_token
    from django_otp import login as otp_login

    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request_user(request), form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("token", _("This code is not valid. Check the time on your phone and try again."))
    if not any(True for _d in devices_for_user(request_user(request))):
        return redirect("core:otp-setup")
    return render(request, "registration/otp_verify.html", {"form": form, "next": _safe_next(request)})


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 ``{"status": "ok", "database": "ok"}``; 503 when the database does not answer (issue 2 §8)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@never_cache
def healthz_worker(request: HttpRequest) -> JsonResponse:
    """The background worker's last heartbeat: 200 when a beat ran in the last three minutes, else 503."""
    try:
        beat = WorkerHeartbeat.objects.filter(name="beat").first()
    except DatabaseError:
        return JsonResponse({"status": "error", "worker": "unknown"}, status=503)
    if beat is None:
        return JsonResponse({"status": "error", "worker": "never_seen"}, status=503)
    age = (timezone.now() - beat.last_beat_at).total_seconds()
    ok = age < 180
    return JsonResponse(
        {
            "status": "ok" if ok else "error",
            "worker": "ok" if ok else "stale",
            "last_beat_seconds_ago": int(age),
            "runs": beat.runs,
        },
        status=200 if ok else 503,
    )
