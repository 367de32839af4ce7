"""What investigations add to the police case file (issue 8 §4: "a financial-investigation report (PDF)
that feeds the case-file scenario"; issue 6 §4's ``PROVIDERS``): for each investigation linked to the file,
the assets of the register, the latest proceeds estimate with its method, the structuring alerts and round
trips in the "Financial investigation" section; the network's supra-local and international links in
"Links to other cases and abroad"; and the financial report as an evidence item.

Read at the time the file is read or exported, never copied (the file follows the investigation)."""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from thb.casefiles.autofill import AutoEvidence, PlatformFacts
from thb.casefiles.models import CaseFile
from thb.core.models import JudicialDistrict

from .models import Investigation
from .money import money_facts
from .network.geography import DistrictIndex, places_of
from .network.graph import build_graph, simple_undirected
from .report import euros


def _financial(investigation, facts: PlatformFacts) -> None:
    entities = list(investigation.entities.all())
    for asset in investigation.assets.select_related("suspect"):
        facts.add(
            "financial",
            _(
                "%(ref)s — %(suspect)s: %(kind)s, %(description)s; value %(value)s; %(seizure)s; "
                "%(confiscation)s; %(legal)s"
            )
            % {
                "ref": investigation.reference,
                "suspect": asset.suspect.caption,
                "kind": asset.get_kind_display(),
                "description": asset.description,
                "value": euros(asset.estimated_value_eur),
                "seizure": asset.get_seizure_status_display(),
                "confiscation": asset.get_confiscation_status_display(),
                "legal": asset.legal_reference or "—",
            },
        )
    latest = investigation.estimates.first()
    if latest is not None:
        facts.add(
            "financial",
            _("%(ref)s — estimated proceeds %(amount)s: %(how)s")
            % {"ref": investigation.reference, "amount": euros(latest.amount_eur), "how": latest.explanation},
        )
    money = money_facts(entities)
    if money.structuring or money.round_trips:
        facts.add(
            "financial",
            _("%(ref)s — %(s)s structuring alert(s), %(r)s round trip(s) in the money flows.")
            % {"ref": investigation.reference, "s": len(money.structuring), "r": len(money.round_trips)},
        )
    if money.payments or investigation.assets.exists():
        facts.evidence.append(
            AutoEvidence(
                label=_("Financial-investigation report"),
                date=formats.date_format(timezone.localtime(), "SHORT_DATE_FORMAT"),
                reference=f"{investigation.reference}-financial.pdf",
            )
        )
    graph = simple_undirected(build_graph(entities))
    places = places_of(graph, graph.nodes, DistrictIndex())  # the groups, facilitators… are not needed here
    districts = {d.code: d.name for d in JudicialDistrict.objects.filter(code__in=places.districts)}
    if places.supra_local:
        facts.add(
            "links",
            _("%(ref)s — supra-local network: judicial districts %(districts)s.")
            % {"ref": investigation.reference, "districts": ", ".join(sorted(districts.values()))},
        )
    if places.international:
        facts.add(
            "links",
            _("%(ref)s — international links: %(countries)s.")
            % {
                "ref": investigation.reference,
                "countries": ", ".join(sorted(c.upper() for c in places.countries)),
            },
        )


def investigations_for_case_file(case_file: CaseFile, facts: PlatformFacts) -> None:
    for investigation in Investigation.objects.filter(case_file=case_file):
        _financial(investigation, facts)
