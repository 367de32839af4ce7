"""Reads of child protection: a civil registry sees its own events and alerts (DESIGN.md §3.2, §3.5).
The coordination cell, which sets the rules, sees how many alerts each rule raised per month — not the
alerts (need-to-know, DESIGN.md §4). Partners see an alert only through the referral they received (the
dispatch inbox)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from thb.core.models import User
from thb.core.roles import Perm, has_perm

from .models import TravelAlert, TravelDocumentEvent


def events_visible_to(*, user: User) -> QuerySet[TravelDocumentEvent]:
    if not has_perm(user, Perm.RECORD_TRAVEL_DOCUMENTS) or user.organisation_id is None:
        return TravelDocumentEvent.objects.none()
    return TravelDocumentEvent.objects.filter(organisation_id=user.organisation_id)


def alerts_visible_to(*, user: User) -> QuerySet[TravelAlert]:
    if has_perm(user, Perm.RECORD_TRAVEL_DOCUMENTS) and user.organisation_id is not None:
        return TravelAlert.objects.filter(organisation_id=user.organisation_id)
    return TravelAlert.objects.none()


def access_alert(user: User, alert_uuid: Any) -> TravelAlert:
    """The same 404 for a missing alert and another registry's (DESIGN.md §3.3)."""
    try:
        alert = alerts_visible_to(user=user).filter(uuid=alert_uuid).select_related("contact").first()
    except (ValueError, TypeError):
        alert = None
    if alert is None:
        raise Http404()
    return alert


def alert_counts(*, user: User) -> list[dict[str, Any]]:
    """Alerts per rule and month over the last year, for the coordination cell's rules page."""
    if not has_perm(user, Perm.CONFIGURE_TRAVEL_RULES):
        return []
    since = timezone.now() - datetime.timedelta(days=366)
    rows = (
        TravelAlert.objects.filter(created_at__gte=since)
        .annotate(month=TruncMonth("created_at"))
        .values("rule", "month")
        .annotate(n=Count("id"))
        .order_by("month", "rule")
    )
    return list(rows)
