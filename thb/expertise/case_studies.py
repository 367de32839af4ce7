"""Anonymised case studies drafted from a closed case (issue 10: "identities removed by construction, a
second person approves before publication").

*By construction*: the draft is written from a whitelist of facts that describe the situation, not the
person — forms of exploitation, sector, age band, how the case was opened, how many identification
indicators were ticked, the kinds of partner that received referrals and how fast they acknowledged, the
residence path and its phase. The builder never reads the identity, the pseudonym, the reference, the
places, the countries, the nationality, the languages, narratives or dates finer than the year: they cannot
leak because they are not there. What the author then writes is checked by a second person
(thb/expertise/services.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from thb.core.exceptions import ValidationFailedError
from thb.core.models import OrganisationKind, User
from thb.hotline.models import Exploitation, Sector
from thb.victims.models import AgeBand, CaseStatus, VictimCase
from thb.victims.selectors import access_case

from .models import ItemKind, LibraryItem, Theme
from .services import item_create

# The only fields of a case the draft is made from (tests check that nothing else can appear).
CASE_FIELDS = ("status", "exploitation", "sector", "age_band", "opened_via", "created_at")


@dataclass(frozen=True)
class CaseFacts:
    year: int
    exploitation: list[str]
    sector: str
    age_band: str
    opened_via: str
    indicators_ticked: int | None
    referrals: list[tuple[str, float | None]]  # (partner kind, hours to acknowledge)
    residence: tuple[str, str] | None  # (path, phase)


def case_facts(case: VictimCase) -> CaseFacts:
    row = VictimCase.objects.filter(pk=case.pk).values(*CASE_FIELDS).get()
    if row["status"] != CaseStatus.CLOSED:
        raise ValidationFailedError(_("Only a closed case can become a case study."), code="case_not_closed")
    latest = case.assessments.order_by("-created_at").values("ticked").first()
    referrals = []
    for kind, sent, acknowledged in case.referrals.filter(sent_at__isnull=False).values_list(
        "partner_kind", "sent_at", "acknowledged_at"
    ):
        hours = (acknowledged - sent).total_seconds() / 3600 if acknowledged and sent else None
        referrals.append((kind, hours))
    residence = getattr(case, "residence", None)
    return CaseFacts(
        year=row["created_at"].year,
        exploitation=list(row["exploitation"] or []),
        sector=row["sector"],
        age_band=row["age_band"],
        opened_via=row["opened_via"],
        indicators_ticked=len(latest["ticked"]) if latest else None,
        referrals=referrals,
        residence=(residence.path, residence.phase) if residence else None,
    )


def draft_markdown(facts: CaseFacts) -> tuple[str, str]:
    """The title and the Markdown body of the draft, in the author's language."""
    forms = ", ".join(
        str(Exploitation(value).label).lower() for value in facts.exploitation if value in Exploitation.values
    )
    sector = str(Sector(facts.sector).label).lower() if facts.sector in Sector.values else ""
    title = _("Case study: %(forms)s") % {"forms": forms or _("exploitation")}
    if sector:
        title = _("Case study: %(forms)s in %(sector)s") % {
            "forms": forms or _("exploitation"),
            "sector": sector,
        }
    age = str(AgeBand(facts.age_band).label) if facts.age_band in AgeBand.values else _("not known")
    kinds = dict(OrganisationKind.choices)
    lines = [
        f"## {_('The situation')}",
        _("A case opened in %(year)s. Forms of exploitation: %(forms)s. Sector: %(sector)s. Age: %(age)s.")
        % {"year": facts.year, "forms": forms or "—", "sector": sector or "—", "age": age},
        "",
        f"## {_('How the person was identified')}",
        _("Indicators ticked in the latest assessment: %(count)s.")
        % {"count": facts.indicators_ticked if facts.indicators_ticked is not None else "—"},
        "",
        f"## {_('Who took part')}",
    ]
    for kind, hours in facts.referrals:
        acknowledged = (
            _("acknowledged after %(hours)s hours") % {"hours": f"{hours:.0f}"}
            if hours is not None
            else _("not acknowledged")
        )
        lines.append(f"- {kinds.get(kind, kind)}: {acknowledged}")
    if not facts.referrals:
        lines.append(_("No referral through the platform."))
    if facts.residence:
        lines += [
            "",
            f"## {_('Residence procedure')}",
            _("Path: %(path)s; last phase: %(phase)s.")
            % {"path": facts.residence[0], "phase": facts.residence[1]},
        ]
    lines += [
        "",
        f"## {_('What worked, what did not')}",
        _(
            "(To be written by the author. Do not give names, places, dates or details that could identify "
            "anyone.)"
        ),
        "",
        f"## {_('Lessons for practice')}",
        _("(To be written by the author.)"),
    ]
    return str(title), "\n".join(str(line) for line in lines)


def _themes(facts: CaseFacts) -> list[str]:
    themes: list[str] = [Theme.IDENTIFICATION.value]
    if facts.age_band in ("under_12", "12_15", "16_17"):
        themes.append(Theme.CHILDREN.value)
    return themes


def case_study_draft(*, actor: User, case_uuid: Any, language: str) -> LibraryItem:
    """A draft case study from a closed case the actor's organisation takes part in."""
    case = access_case(actor, case_uuid)
    facts = case_facts(case)
    title, body = draft_markdown(facts)
    return item_create(
        actor=actor,
        kind=ItemKind.CASE_STUDY,
        language=language,
        data={
            "title": title,
            "summary": "",
            "body": body,
            "themes": _themes(facts),
            "exploitation": facts.exploitation,
            "sectors": [facts.sector] if facts.sector else [],
            "audience": [],
        },
    )
