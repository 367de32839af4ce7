"""The platform's anonymised statistics (issue 9 §4): what the coordination cell, Myria (the national
rapporteur, which "receives anonymised statistics only", BELGIUM.md §5) and the EU ask for — contacts,
referrals, victims, residence procedures and the blocking list — each figure a suppressed breakdown
(thb/statistics/suppression.py), so that pages, charts and exports can only show what may leave.

Counts are of one population by one dimension over a period. Contacts count by the day they were received,
referrals by the day they were sent, victim cases by the day they were opened; residence procedures and
the blocking list are the state of today.
"""

from __future__ import annotations

import datetime
import statistics as pystatistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .suppression import Breakdown, shown, suppress, suppress_value, threshold

NOT_KNOWN = ""


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.start, datetime.time.min, zone)
        end = datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, zone)
        return start, end

    def __str__(self) -> str:
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


@dataclass(frozen=True)
class Figure:
    """One breakdown with its key (stable, for exports), title and category labels."""

    key: str
    title: str
    breakdown: Breakdown[str]
    labels: dict[str, str]
    note: str = ""
    partition: bool = True  # False: overlapping counts (no total published)

    def rows(self) -> list[tuple[str, str, str]]:
        """``(category key, label, shown count)`` in order."""
        return [
            (key, self.labels.get(key, key), self.breakdown.shown(value))
            for key, value in self.breakdown.cells
        ]

    @property
    def total_shown(self) -> str:
        return self.breakdown.shown(self.breakdown.total) if self.partition else "—"


@dataclass(frozen=True)
class Measure:
    """A table of values per category that are not counts (e.g. median hours to acknowledge), hidden where
    they rest on fewer cases than the threshold."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)


def _labels(choices: Iterable[tuple[Any, Any]]) -> dict[str, str]:
    return {str(key): str(label) for key, label in choices}


def _counts(queryset: QuerySet, field_name: str, order: Iterable[str] = ()) -> list[tuple[str, int]]:
    counted = {
        str(row[field_name] or NOT_KNOWN): row["n"]
        for row in queryset.values(field_name).annotate(n=Count("id"))
    }
    ordered = [key for key in order if key in counted]
    rest = sorted(
        (key for key in counted if key not in ordered and key != NOT_KNOWN), key=lambda key: -counted[key]
    )
    keys = ordered + rest + ([NOT_KNOWN] if NOT_KNOWN in counted and NOT_KNOWN not in ordered else [])
    return [(key, counted[key]) for key in keys]


def _figure(
    key: str, title: str, counts: list[tuple[str, int]], labels: dict[str, str], **kwargs: Any
) -> Figure:
    labels = {NOT_KNOWN: str(_("Not known")), **labels}
    prefer = kwargs.pop("prefer", (NOT_KNOWN,))
    return Figure(key, title, suppress(counts, prefer=prefer), labels, **kwargs)


# --- contacts (hotline) -------------------------------------------------------------------------------------


def contacts_section(period: Period) -> Section:
    from thb.campaigns.models import Campaign
    from thb.core.models import RegionCode
    from thb.hotline.models import Channel, Contact, Sector, SignalType

    start, end = period.bounds()
    contacts = Contact.objects.filter(received_at__gte=start, received_at__lt=end).exclude(
        channel=Channel.CIVIL_REGISTRY
    )
    campaigns = {campaign.code: campaign.name_text for campaign in Campaign.objects.all()}
    by_campaign = [
        (code if code in campaigns else NOT_KNOWN, count)
        for code, count in _counts(contacts, "campaign_code")
    ]
    merged: Counter[str] = Counter()
    for code, count in by_campaign:
        merged[code] += count
    section = Section("contacts", str(_("Hotline contacts")))
    languages = [(code, name) for code, name in settings.PUBLIC_LANGUAGES]
    dimensions: list[tuple[str, Any, list[tuple[Any, Any]]]] = [
        ("channel", _("By channel"), Channel.choices),
        ("language", _("By language"), languages),
        ("signal_type", _("By type of signal"), SignalType.choices),
        ("sector", _("By sector"), Sector.choices),
        ("region", _("By region"), RegionCode.choices),
    ]
    section.figures = [
        _figure(
            f"contacts_by_{field_name}",
            str(title),
            _counts(contacts, field_name, [str(key) for key, _label in choices]),
            _labels(choices),
        )
        for field_name, title, choices in dimensions
    ]
    section.figures += [
        _figure(
            "contacts_by_campaign",
            str(_("By campaign")),
            sorted(merged.items(), key=lambda item: (item[0] == NOT_KNOWN, -item[1])),
            {NOT_KNOWN: str(_("No campaign")), **campaigns},
            note=str(
                _("“No campaign” takes the secondary suppression: campaign pages show their own totals.")
            ),
        ),
    ]
    return section


# --- referrals (dispatch) -----------------------------------------------------------------------------------


def _median_hours(durations: list[float]) -> str:
    return f"{pystatistics.median(durations):.1f}"


def referrals_section(period: Period) -> Section:
    from thb.core.models import OrganisationKind
    from thb.dispatch.models import Referral

    start, end = period.bounds()
    referrals = Referral.objects.filter(sent_at__gte=start, sent_at__lt=end)
    labels = _labels(OrganisationKind.choices)
    section = Section("referrals", str(_("Referrals to partners")))
    section.figures = [
        _figure(
            "referrals_by_partner_kind",
            str(_("By kind of partner")),
            _counts(referrals, "partner_kind"),
            labels,
        )
    ]
    by_kind: dict[str, list[tuple[float, bool]]] = {}
    for kind, sent_at, acknowledged_at, due in referrals.filter(acknowledged_at__isnull=False).values_list(
        "partner_kind", "sent_at", "acknowledged_at", "ack_due_at"
    ):
        if acknowledged_at is None or sent_at is None:  # filtered above; sent_at is set by sending
            continue
        hours = (acknowledged_at - sent_at).total_seconds() / 3600
        by_kind.setdefault(kind, []).append((hours, due is None or acknowledged_at <= due))
    rows = []
    for kind, values in sorted(by_kind.items()):
        count = len(values)
        if suppress_value(count) is None:
            rows.append((labels.get(kind, kind), (shown(None), "—", "—")))
            continue
        within = sum(1 for _hours, in_time in values if in_time)
        rows.append(
            (
                labels.get(kind, kind),
                (
                    str(count),
                    _median_hours([hours for hours, _in_time in values]),
                    f"{100 * within / count:.0f} %",
                ),
            )
        )
    section.measures = [
        Measure(
            "time_to_acknowledge",
            str(_("Time to acknowledge, by kind of partner")),
            (str(_("Acknowledged referrals")), str(_("Median hours")), str(_("Within the deadline"))),
            tuple(rows),
        )
    ]
    return section


# --- victims ------------------------------------------------------------------------------------------------


def victims_section(period: Period) -> Section:
    from thb.hotline.models import Exploitation
    from thb.victims.models import AgeBand, Gender, VictimCase

    start, end = period.bounds()
    cases = VictimCase.objects.filter(created_at__gte=start, created_at__lt=end)
    nationality: Counter[str] = Counter()
    exploitation: Counter[str] = Counter()
    for nationalities, forms in cases.values_list("nationalities", "exploitation"):
        nationality[(nationalities or [NOT_KNOWN])[0]] += 1
        for form in forms or []:
            exploitation[form] += 1
    countries = country_names([code for code in nationality if code])
    section = Section("victims", str(_("Victims (cases opened)")))
    section.figures = [
        Figure(
            "victims_by_exploitation",
            str(_("By form of exploitation")),
            # A case may have several forms: the counts are not a partition of the total, so no count can
            # be derived by subtraction; each is suppressed on its own.
            suppress_independent([(value, exploitation[value]) for value in Exploitation.values]),
            _labels(Exploitation.choices),
            note=str(
                _("A case may have several forms of exploitation: the counts do not add up to the total.")
            ),
            partition=False,
        ),
        _figure(
            "victims_by_nationality",
            str(_("By nationality (first nationality)")),
            sorted(nationality.items(), key=lambda item: (item[0] == NOT_KNOWN, -item[1], item[0])),
            countries,
        ),
        _figure(
            "victims_by_gender",
            str(_("By gender")),
            _counts(cases, "gender", Gender.values),
            _labels(Gender.choices),
        ),
        _figure(
            "victims_by_age",
            str(_("By age")),
            _counts(cases, "age_band", AgeBand.values),
            _labels(AgeBand.choices),
        ),
    ]
    return section


def country_names(codes: Iterable[str]) -> dict[str, str]:
    """ISO 3166-1 codes as country names in the reader's language (CLDR data through Babel)."""
    from babel import Locale, UnknownLocaleError

    try:
        territories = Locale.parse((get_language() or "en")[:2]).territories
    except (UnknownLocaleError, ValueError):
        territories = Locale.parse("en").territories
    return {code: territories.get(code.upper(), code) for code in codes}


def suppress_independent(counts: list[tuple[str, int]]) -> Breakdown[str]:
    """Counts that overlap (not a partition): small ones hidden one by one, and the total is the number of
    distinct cases, which the section's other breakdowns publish."""
    limit = threshold()
    return Breakdown(
        cells=tuple((key, suppress_value(value, limit=limit)) for key, value in counts),
        total=None,
        threshold=limit,
    )


# --- residence procedures and blocking ----------------------------------------------------------------------


def residence_section() -> Section:
    from thb.residence.labels import PHASES
    from thb.residence.models import Path, ResidenceProcedure

    procedures = ResidenceProcedure.objects.all()
    section = Section("residence", str(_("Residence procedures (today)")))
    section.figures = [
        _figure(
            "residence_by_phase",
            str(_("By phase")),
            _counts(procedures, "phase", list(PHASES)),
            {k: str(v) for k, v in PHASES.items()},
        ),
        _figure(
            "residence_by_path",
            str(_("By path")),
            _counts(procedures, "path", Path.values),
            _labels(Path.choices),
        ),
    ]
    return section


def blocking_section() -> Section:
    """Domains and ISPs are not people: shown as they are."""
    from thb.blocking.models import BlockEntry, Release, ReleaseAck
    from thb.core.models import Organisation

    published = BlockEntry.objects.filter(status__in=["published", "review_due"]).count()
    latest = Release.objects.order_by("-serial").first()
    isps = Organisation.objects.filter(kind="isp", is_active=True).count()
    compliant = ReleaseAck.objects.filter(release=latest).count() if latest else 0
    section = Section("blocking", str(_("Blocking list (today)")))
    section.measures = [
        Measure(
            "blocking",
            str(_("Blocking list and ISP compliance")),
            (str(_("Value")),),
            (
                (str(_("Domains blocked")), (str(published),)),
                (str(_("Latest release")), (str(latest.serial) if latest else "—",)),
                (str(_("ISPs that deployed the latest release")), (f"{compliant} / {isps}",)),
            ),
        )
    ]
    return section


SECTIONS: dict[str, Callable[[Period], Section]] = {
    "contacts": contacts_section,
    "referrals": referrals_section,
    "victims": victims_section,
    "residence": lambda _period: residence_section(),
    "blocking": lambda _period: blocking_section(),
}


def all_sections(period: Period) -> list[Section]:
    return [build(period) for build in SECTIONS.values()]


def figure_by_key(period: Period, key: str) -> Figure | None:
    """One figure, computing only its section (keys are ``<section>_by_<dimension>``)."""
    build = SECTIONS.get(key.split("_by_", 1)[0])
    if build is None:
        return None
    return next((figure for figure in build(period).figures if figure.key == key), None)
