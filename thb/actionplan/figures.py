"""Live figures from the platform for each action point (issue 9 §1: "including live figures from the
platform (e.g. P10 → hotline contacts per month; P5 → domains blocked, ISPs compliant)").

Each figure is a function returning ``[(label, value), …]`` computed when read. Counts of people (contacts,
procedures, case files) go into the report for the Council of Ministers, so they leave the platform: a
count from 1 to the threshold - 1 shows as ``<5`` (DESIGN.md §4; thb/statistics/suppression.py). Counts of
the platform's own work (domains, releases, investigations) are shown as they are."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from thb.statistics.suppression import shown, suppress_value

Figure = list[tuple[str, str]]


def _people(count: int) -> str:
    """A count of people or of what is about people, small-cell suppressed."""
    return shown(suppress_value(count))


def hotline() -> Figure:
    from thb.hotline.models import Contact

    since = (timezone.now() - timedelta(days=365)).replace(day=1)
    rows = (
        Contact.objects.filter(received_at__gte=since)
        .annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    lines = [
        (_("Hotline contacts in %(month)s") % {"month": f"{row['month']:%Y-%m}"}, _people(row["n"]))
        for row in rows
    ]
    return lines or [(_("Hotline contacts in the last twelve months"), "0")]


def blocking() -> Figure:
    from thb.blocking.models import BlockEntry, Release, ReleaseAck
    from thb.core.models import Organisation

    blocked = BlockEntry.objects.filter(status__in=["published", "review_due"]).count()
    latest = Release.objects.order_by("-serial").first()
    isps = Organisation.objects.filter(kind="isp", is_active=True).count()
    compliant = ReleaseAck.objects.filter(release=latest).count() if latest else 0
    return [
        (_("Domains blocked"), str(blocked)),
        (_("ISPs that deployed the latest release"), f"{compliant} / {isps}"),
    ]


def _residence(path: str | None) -> Figure:
    from thb.residence.models import ResidenceProcedure

    procedures = ResidenceProcedure.objects.all()
    if path:
        procedures = procedures.filter(path=path)
    return [(_("Residence procedures"), _people(procedures.count()))]


def case_files() -> Figure:
    from thb.casefiles.models import CaseFile

    rows = CaseFile.objects.values("status").annotate(n=Count("id")).order_by("status")
    return [
        (_("Police case files (%(status)s)") % {"status": row["status"]}, _people(row["n"])) for row in rows
    ] or [(_("Police case files"), "0")]


def investigations() -> Figure:
    from thb.investigations.models import Investigation

    return [(_("Investigations of perpetrator networks"), str(Investigation.objects.count()))]


def assets() -> Figure:
    from thb.investigations.models import Asset

    seized = Asset.objects.filter(seizure_status="seized").aggregate(total=Sum("estimated_value_eur"))[
        "total"
    ]
    return [
        (_("Assets in the registers"), str(Asset.objects.count())),
        (_("Estimated value seized (EUR)"), f"{seized or 0:,.2f}"),
    ]


def action_points() -> Figure:
    from .models import ActionPoint, PointStatus

    rows = ActionPoint.objects.values("status").annotate(n=Count("id")).order_by("status")
    return [(str(PointStatus(row["status"]).label), str(row["n"])) for row in rows]


def campaigns() -> Figure:
    """P1: campaigns run, running now, and the hotline contacts they brought (by their codes)."""
    from thb.campaigns.models import Campaign
    from thb.hotline.models import Contact

    today = timezone.localdate()
    codes = Campaign.objects.values("code")
    return [
        (_("Awareness campaigns"), str(Campaign.objects.count())),
        (_("Running today"), str(Campaign.objects.filter(starts_on__lte=today, ends_on__gte=today).count())),
        (
            _("Hotline contacts that came through a campaign"),
            _people(Contact.objects.filter(campaign_code__in=codes).count()),
        ),
    ]


def child_travel() -> Figure:
    """P4: travel-document events of minors recorded by civil registries, and the alerts they raised."""
    from thb.childprotection.models import AlertStatus, TravelAlert, TravelDocumentEvent

    return [
        (_("Children's travel-document events recorded"), _people(TravelDocumentEvent.objects.count())),
        (
            _("Alerts sent to child protection and the police"),
            _people(TravelAlert.objects.filter(status=AlertStatus.SENT).count()),
        ),
    ]


FIGURES: dict[str, Callable[[], Figure]] = {
    "child_travel": child_travel,
    "campaigns": campaigns,
    "hotline": hotline,
    "blocking": blocking,
    "residence": lambda: _residence(None),
    "residence_minor": lambda: _residence("minor"),
    "residence_diplomatic": lambda: _residence("diplomatic_domestic"),
    "case_files": case_files,
    "investigations": investigations,
    "assets": assets,
    "action_points": action_points,
}


def figure_of(key: str) -> Figure:
    """The live figure of a point; none for a key the platform cannot measure (yet)."""
    function = FIGURES.get(key)
    return function() if function else []
