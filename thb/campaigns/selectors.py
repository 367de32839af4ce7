"""Reads of campaigns (issue 9 §2): who sees them, and what followed each one — contacts by week, language,
signal type and channel, and the referrals made on those contacts by kind of partner — always as
suppressed breakdowns (thb/statistics/suppression.py), since these figures go into reports and charts.

Campaigns are not personal data: the coordination cell (``MANAGE_CAMPAIGNS``) and those who read the
platform's statistics (``VIEW_STATISTICS``: hotline supervisors, analysts) see all of them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone

from thb.core.models import User
from thb.core.roles import Perm, has_perm
from thb.dispatch.models import Referral, ReferralStatus
from thb.hotline.models import Channel, Contact, SignalType
from thb.statistics.suppression import Breakdown, suppress, suppress_value

from .models import Campaign, CampaignVisit


def may_see_campaigns(user: User) -> bool:
    return has_perm(user, Perm.MANAGE_CAMPAIGNS) or has_perm(user, Perm.VIEW_STATISTICS)


def campaigns_visible_to(*, user: User) -> QuerySet[Campaign]:
    if not may_see_campaigns(user):
        return Campaign.objects.none()
    return Campaign.objects.all()


def access_campaign(user: User, campaign_uuid: Any) -> Campaign:
    """The same 404 for a missing campaign and one the user may not see (DESIGN.md §3.3)."""
    try:
        campaign = campaigns_visible_to(user=user).filter(uuid=campaign_uuid).first()
    except (ValueError, TypeError):
        campaign = None
    if campaign is None:
        raise Http404()
    return campaign


def campaign_contacts(campaign: Campaign) -> QuerySet[Contact]:
    """Contacts that carry the campaign's code: reports sent from its link, calls that quoted it."""
    return Contact.objects.filter(campaign_code=campaign.code)


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _weeks(campaign: Campaign, days: list[datetime.date]) -> list[datetime.date]:
    first = week_start(min([campaign.starts_on, *days]))
    last = week_start(max([min(campaign.ends_on, timezone.localdate()), *days]))
    weeks = []
    while first <= last:
        weeks.append(first)
        first += datetime.timedelta(days=7)
    return weeks


def _by(queryset: QuerySet, field: str, order: list[str], *, always: bool = False) -> list[tuple[str, int]]:
    """Counts per value of ``field``, in ``order`` then the rest; ``always``: every value of ``order``, even
    at zero (the campaign's languages)."""
    counts = {row[field] or "": row["n"] for row in queryset.values(field).annotate(n=Count("id"))}
    if always:
        counts = {**dict.fromkeys(order, 0), **counts}
    keys = [key for key in order if key in counts] + sorted(key for key in counts if key not in order)
    return [(key, counts[key]) for key in keys]


@dataclass(frozen=True)
class CampaignFigures:
    contacts: int | None
    visits: int | None
    by_week: Breakdown[datetime.date]
    by_language: Breakdown[str]
    by_signal_type: Breakdown[str]
    by_channel: Breakdown[str]
    referrals_by_partner_kind: Breakdown[str]

    def breakdowns(self) -> dict[str, Breakdown[Any]]:
        return {
            "week": self.by_week,
            "language": self.by_language,
            "signal_type": self.by_signal_type,
            "channel": self.by_channel,
            "referrals": self.referrals_by_partner_kind,
        }


def campaign_figures(campaign: Campaign) -> CampaignFigures:
    contacts = campaign_contacts(campaign)
    by_day = {
        row["day"]: row["n"]
        for row in contacts.annotate(day=TruncDate("received_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("id"))
    }
    per_week: dict[datetime.date, int] = dict.fromkeys(_weeks(campaign, list(by_day)), 0)
    for day, count in by_day.items():
        per_week[week_start(day)] += count
    # referrals made: not those only proposed to the operator, nor those cancelled before sending
    referrals = Referral.objects.filter(contact__campaign_code=campaign.code).exclude(
        status__in=[ReferralStatus.PROPOSED, ReferralStatus.CANCELLED]
    )
    visits = CampaignVisit.objects.filter(campaign=campaign).aggregate(n=Sum("count"))["n"] or 0
    return CampaignFigures(
        contacts=suppress_value(contacts.count()),
        visits=suppress_value(visits),
        by_week=suppress(sorted(per_week.items())),
        by_language=suppress(_by(contacts, "language", campaign.languages, always=True)),
        by_signal_type=suppress(_by(contacts, "signal_type", SignalType.values)),
        by_channel=suppress(_by(contacts, "channel", Channel.values)),
        referrals_by_partner_kind=suppress(_by(referrals, "partner_kind", [])),
    )


def label_function(dimension: str) -> Callable[[Any], str]:
    """How the keys of a breakdown read (a week as its Monday; codes as their translated labels)."""
    from django.conf import settings

    from thb.core.models import OrganisationKind

    tables: dict[str, dict[str, str]] = {
        "language": dict(settings.PUBLIC_LANGUAGES),
        "signal_type": {key: str(label) for key, label in SignalType.choices},
        "channel": {key: str(label) for key, label in Channel.choices},
        "referrals": {key: str(label) for key, label in OrganisationKind.choices},
    }
    if dimension == "week":
        return lambda key: key.isoformat()
    table = tables[dimension]
    return lambda key: table.get(key) or (key if key else "—")
