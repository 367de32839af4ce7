"""What the platform already knows, per section of a case file (issue 6 §4: "each section is filled from
the platform where data exists"). Read at the time of reading or export — never copied — so the file
follows the cases, hearings and assessments as they change.

Only what the case file's readers may see goes in: facts of the victim cases the file links (the police
service takes part in them), never the victim's identity or a hearing's answers (the hearing record, file
version, is an evidence item to consult). For another investigation holding the same victim, only its
reference and its owner are named, as for matches across investigations (DESIGN.md §4 need-to-know).

Later modules (residence, investigations) add their lines by appending a function to ``PROVIDERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from thb.victims.indicators import indicator_list
from thb.victims.labels import DIMENSION_LABELS
from thb.victims.models import Assessment, Hearing, HearingStatus, VictimCase

from .models import CaseFile

RECRUITMENT = ("deceptive_recruitment", "coercive_recruitment", "recruitment_abuse_of_vulnerability")
CONTROL = ("coercion_at_destination", "abuse_of_vulnerability_at_destination")


@dataclass(frozen=True)
class AutoEvidence:
    """An evidence item the platform holds (a completed hearing's record)."""

    label: str
    date: str
    reference: str


@dataclass
class PlatformFacts:
    lines: dict[str, list[str]] = field(default_factory=dict)
    evidence: list[AutoEvidence] = field(default_factory=list)
    # per victim case: what completeness.py checks
    victims: list[VictimCase] = field(default_factory=list)
    assessed: set[int] = field(default_factory=set)
    heard: set[int] = field(default_factory=set)

    def add(self, section: str, line: str) -> None:
        self.lines.setdefault(section, []).append(line)


Provider = Callable[[CaseFile, PlatformFacts], None]
PROVIDERS: list[Provider] = []


def _date(value: object) -> str:
    if value is None:
        return "—"
    return formats.date_format(timezone.localtime(value), "SHORT_DATE_FORMAT")  # type: ignore[arg-type]


def _latest_assessments(cases: list[VictimCase]) -> dict[int, Assessment]:
    latest: dict[int, Assessment] = {}
    for assessment in Assessment.objects.filter(case__in=cases).order_by("created_at"):
        latest[assessment.case_id] = assessment
    return latest


def _indicator_texts(assessment: Assessment, dimensions: tuple[str, ...], language: str) -> list[str]:
    indicators = indicator_list(assessment.list_name).by_id()
    return [
        indicators[i].in_language(language)
        for i in assessment.ticked
        if i in indicators and indicators[i].dimension in dimensions
    ]


def _origin(case_file: CaseFile, cases: list[VictimCase], facts: PlatformFacts) -> None:
    for case in cases:
        facts.add(
            "origin",
            _("Victim case %(ref)s opened on %(date)s: %(via)s.")
            % {"ref": case.reference, "date": _date(case.created_at), "via": case.get_opened_via_display()},
        )
        for contact in case.contacts.all():
            facts.add(
                "origin",
                _("Hotline contact %(ref)s received on %(date)s (%(channel)s, %(type)s).")
                % {
                    "ref": contact.reference,
                    "date": _date(contact.received_at),
                    "channel": contact.get_channel_display(),
                    "type": contact.get_signal_type_display() if contact.signal_type else "—",
                },
            )
            for referral in contact.referrals.filter(organisation=case_file.organisation):
                facts.add(
                    "origin",
                    _("Referred to this service on %(date)s under rule %(rule)s (legal basis: %(basis)s).")
                    % {
                        "date": _date(referral.sent_at),
                        "rule": referral.rule or "—",
                        "basis": referral.get_legal_basis_display(),
                    },
                )


def _victims(cases: list[VictimCase], latest: dict[int, Assessment], facts: PlatformFacts) -> None:
    for case in cases:
        parts = [
            f"{case.pseudonym} ({case.reference})",
            case.get_gender_display(),
            case.get_age_band_display(),
            ", ".join(case.nationalities) or "—",
            _("languages: %(l)s") % {"l": ", ".join(case.languages) or "—"},
            _("exploitation: %(e)s") % {"e": ", ".join(case.exploitation) or "—"},
            _("status: %(s)s") % {"s": case.get_status_display()},
        ]
        if case.accompanying_centre:
            parts.append(_("accompanied by %(c)s") % {"c": case.accompanying_centre.short_name})
        facts.add("victims", " · ".join(str(p) for p in parts))
        assessment = latest.get(case.pk)
        if assessment is not None:
            facts.assessed.add(case.pk)
            present = [
                str(DIMENSION_LABELS.get(d, d))
                for d, r in assessment.result.get("dimensions", {}).items()
                if r.get("present")
            ]
            facts.add(
                "victims",
                _("%(p)s — identification (%(list)s, %(date)s): %(signal)s; dimensions present: %(dims)s.")
                % {
                    "p": case.pseudonym,
                    "list": assessment.list_name,
                    "date": _date(assessment.created_at),
                    "signal": _("signal of trafficking") if assessment.victim_signal else _("no signal"),
                    "dims": ", ".join(present) or "—",
                },
            )
        for hearing in (
            Hearing.objects.filter(case=case)
            .select_related("guide")
            .defer("answers", "notes", "interpreter_identity")
        ):
            done = hearing.status == HearingStatus.COMPLETED
            if done:
                facts.heard.add(case.pk)
                facts.evidence.append(
                    AutoEvidence(
                        _("Hearing record of %(p)s (%(guide)s, %(lang)s%(filmed)s)")
                        % {
                            "p": case.pseudonym,
                            "guide": hearing.guide.slug,
                            "lang": hearing.language,
                            "filmed": ", " + _("filmed") if hearing.filmed else "",
                        },
                        _date(hearing.started_at),
                        hearing.recording_reference or "—",
                    )
                )
            facts.add(
                "victims",
                _("%(p)s — hearing of %(date)s: %(status)s.")
                % {
                    "p": case.pseudonym,
                    "date": _date(hearing.started_at),
                    "status": hearing.get_status_display(),
                },
            )


def _modus_operandi(cases: list[VictimCase], latest: dict[int, Assessment], facts: PlatformFacts) -> None:
    language = (get_language() or "en").split("-")[0]
    for case in cases:
        if case.sector or case.places:
            facts.add(
                "modus_operandi",
                _("%(p)s — sector: %(sector)s; places: %(places)s.")
                % {"p": case.pseudonym, "sector": case.sector or "—", "places": case.places or "—"},
            )
        assessment = latest.get(case.pk)
        if assessment is None:
            continue
        for label, dimensions in (
            (_("recruitment"), RECRUITMENT),
            (_("exploitation"), ("exploitative_conditions",)),
            (_("control"), CONTROL),
        ):
            texts = _indicator_texts(assessment, dimensions, language)
            if texts:
                facts.add(
                    "modus_operandi",
                    _("%(p)s — indicators of %(what)s: %(list)s.")
                    % {"p": case.pseudonym, "what": label, "list": "; ".join(texts)},
                )


def _links(case_file: CaseFile, cases: list[VictimCase], facts: PlatformFacts) -> None:
    countries = sorted({c for case in cases for c in case.countries})
    if countries:
        facts.add("links", _("Countries named in the victim cases: %(c)s.") % {"c": ", ".join(countries)})
    others = (
        CaseFile.objects.filter(victim_cases__in=cases)
        .exclude(pk=case_file.pk)
        .select_related("organisation")
        .distinct()
    )
    for other in others:
        facts.add(
            "links",
            _("Another case file holds the same victim: %(ref)s — contact %(org)s.")
            % {"ref": other.reference, "org": other.organisation.short_name or other.organisation.slug},
        )


def platform_facts(case_file: CaseFile) -> PlatformFacts:
    """The lines of each section the platform fills, in the active language."""
    facts = PlatformFacts()
    cases = list(
        case_file.victim_cases.select_related("accompanying_centre")
        .prefetch_related("contacts")
        .defer("identity_name", "identity_details")
        .order_by("created_at")
    )
    facts.victims = cases
    latest = _latest_assessments(cases)
    _origin(case_file, cases, facts)
    _victims(cases, latest, facts)
    _modus_operandi(cases, latest, facts)
    _links(case_file, cases, facts)
    for provider in PROVIDERS:
        provider(case_file, facts)
    return facts
