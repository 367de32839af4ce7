"""Pages of child protection (issue 9 §3): the civil registry's events and alerts, an alert with its
explanation and the referrals it led to, the rules (coordination cell), and the directive."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thb.core.exceptions import DomainError
from thb.core.forms import add_domain_error
from thb.core.http import request_user, require_perm
from thb.core.roles import Perm, has_perm

from .forms import RuleForm, TravelEventForm
from .models import AlertStatus, RuleKey
from .selectors import access_alert, alert_counts, alerts_visible_to, events_visible_to
from .services import alert_send, alert_text, rule_settings, rule_update, travel_event_record

DIRECTIVE_LANGUAGES = ("fr", "nl", "de", "en")


def _may_use(request: HttpRequest) -> None:
    user = request_user(request)
    if not (has_perm(user, Perm.RECORD_TRAVEL_DOCUMENTS) or has_perm(user, Perm.CONFIGURE_TRAVEL_RULES)):
        raise Http404()


@login_required
def home(request: HttpRequest) -> HttpResponse:
    _may_use(request)
    user = request_user(request)
    alerts = list(alerts_visible_to(user=user).select_related("organisation")[:100])
    return render(
        request,
        "childprotection/home.html",
        {
            "events": events_visible_to(user=user)[:50],
            "alerts": [(alert, alert_text(alert)) for alert in alerts],
            "may_record": has_perm(user, Perm.RECORD_TRAVEL_DOCUMENTS),
            "may_configure": has_perm(user, Perm.CONFIGURE_TRAVEL_RULES),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.RECORD_TRAVEL_DOCUMENTS)
    form = TravelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recorded = travel_event_record(actor=request_user(request), data=form.service_data())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if not recorded.alerts:
                messages.success(request, _("Event recorded. No rule alerts."))
                return redirect("childprotection:home")
            messages.warning(
                request,
                ngettext(
                    "Event recorded. It completes a pattern of the directive: see the alert.",
                    "Event recorded. It completes %(count)s patterns of the directive: see the alerts.",
                    len(recorded.alerts),
                )
                % {"count": len(recorded.alerts)},
            )
            return redirect("childprotection:alert", alert_uuid=recorded.alerts[0].uuid)
    return render(
        request,
        "childprotection/event_form.html",
        {"form": form},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def alert_detail(request: HttpRequest, alert_uuid: str) -> HttpResponse:
    require_perm(request, Perm.RECORD_TRAVEL_DOCUMENTS)
    user = request_user(request)
    alert = access_alert(user, alert_uuid)
    if request.method == "POST":
        try:
            alert = alert_send(alert=alert, actor=user)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Alert sent through the dispatch procedure."))
        return redirect("childprotection:alert", alert_uuid=alert.uuid)
    referrals = alert.contact.referrals.select_related("organisation") if alert.contact else []
    return render(
        request,
        "childprotection/alert.html",
        {
            "alert": alert,
            "text": alert_text(alert),
            "events": alert.events.order_by("occurred_on"),
            "referrals": referrals,
            "may_send": alert.status == AlertStatus.NOT_SENT,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.CONFIGURE_TRAVEL_RULES)
    current = rule_settings()
    forms_by_key = {
        key: RuleForm(
            request.POST if request.method == "POST" and request.POST.get("key") == key else None,
            initial={
                "enabled": setting.enabled,
                "window_days": setting.window_days,
                "threshold": setting.threshold,
            },
            prefix=key,
        )
        for key, setting in current.items()
    }
    status = 200
    if request.method == "POST":
        key = request.POST.get("key", "")
        form = forms_by_key.get(key)
        if form is None:
            raise Http404()
        if form.is_valid():
            try:
                rule_update(actor=request_user(request), key=key, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Rule saved."))
                return redirect("childprotection:rules")
        status = 422
    return render(
        request,
        "childprotection/rules.html",
        {
            "rows": [(key, RuleKey(key).label, forms_by_key[key]) for key in current],
            "counts": [
                (row["month"], RuleKey(row["rule"]).label, row["n"])
                for row in alert_counts(user=request_user(request))
            ],
        },
        status=status,
    )


@login_required
def directive(request: HttpRequest) -> HttpResponse:
    """The directive for civil-registry staff in the reader's language (FR, NL, DE; EN for the others),
    with the rules' current parameters."""
    require_perm(request, Perm.VIEW_STAFF_HOME)
    language = (get_language() or "fr")[:2]
    language = language if language in DIRECTIVE_LANGUAGES else "en"
    return render(
        request,
        f"childprotection/directive/{language}.html",
        {
            "rules": rule_settings(),
            "may_record": has_perm(request_user(request), Perm.RECORD_TRAVEL_DOCUMENTS),
        },
    )
