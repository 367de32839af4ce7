"""The dispatch engine: facts + procedure + partner directory → proposed referrals, with the reasons
(issue 4 §1). Pure: no database, no clock; the same input always gives the same output.

How a decision is made (docs/dispatch.md, "How the engine reads a procedure"):

1. Rules are read in the order written. Each rule whose condition holds *matches*; its ``refer`` actions
   propose referrals. A rule with ``stop: true`` ends the reading when it matches.
2. Each proposed partner kind is resolved to an organisation (directory.py). Two proposals for the same
   organisation become one referral: the first rule's legal basis and disclosure profile stay (rules are
   ordered from the most to the least specific), the shortest acknowledgement deadline and the highest
   priority win.
3. Firewalls whose condition holds remove every referral to the partner kinds they name — whatever rule
   proposed it. This is how "a labour complaint never discloses residence status to the Immigration
   Office" holds even if a later edit adds a rule that would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .conditions import facts_mentioned
from .directory import Directory
from .facts import Facts
from .procedure import PRIORITY_RANK, ExpectedReferral, Procedure, Texts


@dataclass(frozen=True)
class ProposedReferral:
    partner_kind: str
    organisation: str | None  # the organisation's code (slug); None when nobody could be found
    rule: str
    legal_basis: str
    disclosure: str
    fields: tuple[str, ...]
    ack_within_hours: int
    priority: str

    def as_json(self) -> dict[str, Any]:
        """The shape of ``thb dispatch simulate`` (a contract: keep the names)."""
        return {
            "partner_kind": self.partner_kind,
            "organisation": self.organisation,
            "rule": self.rule,
            "legal_basis": self.legal_basis,
            "disclosure": self.disclosure,
            "ack_within_hours": self.ack_within_hours,
            "priority": self.priority,
        }


@dataclass
class Decision:
    referrals: list[ProposedReferral] = field(default_factory=list)
    explanation: list[str] = field(default_factory=list)
    matched_rules: list[str] = field(default_factory=list)
    guidance: list[Texts] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"referrals": [r.as_json() for r in self.referrals], "explanation": list(self.explanation)}


def _describe(facts: dict[str, Any], names: set[str]) -> str:
    shown = []
    for name in sorted(names):
        value = facts.get(name)
        if value in (None, ()):
            shown.append(f"{name}=unknown")
        elif isinstance(value, bool):
            shown.append(f"{name}={'true' if value else 'false'}")
        elif isinstance(value, tuple):
            shown.append(f"{name}=[{', '.join(value)}]")
        else:
            shown.append(f"{name}={value}")
    return ", ".join(shown)


def decide(procedure: Procedure, facts: Facts, directory: Directory) -> Decision:
    """Propose the referrals ``procedure`` prescribes for ``facts``."""
    decision = Decision()
    values = facts.model_dump()
    by_organisation: dict[tuple[str, str | None], ProposedReferral] = {}
    for rule in procedure.rules:
        if not rule.applies(values):
            continue
        doc = rule.doc
        decision.matched_rules.append(doc.id)
        if doc.guidance:
            decision.guidance.append(doc.guidance)
        reasons = _describe(values, facts_mentioned(doc.when)) or "always"
        decision.explanation.append(f"rule {doc.id} matched ({reasons}): {doc.description.en}")
        for action in doc.refer:
            partner, how = directory.resolve(action.partner_kind, action.resolve, facts, action.fallback)
            slug = partner.slug if partner else None
            proposal = ProposedReferral(
                partner_kind=action.partner_kind,
                organisation=slug,
                rule=doc.id,
                legal_basis=action.legal_basis,
                disclosure=action.disclosure,
                fields=procedure.profile_fields(action.disclosure),
                ack_within_hours=action.ack_within_hours,
                priority=action.priority,
            )
            key = (action.partner_kind, slug)
            earlier = by_organisation.get(key)
            if earlier is None:
                by_organisation[key] = proposal
                found = f"{slug} ({how})" if slug else f"nobody ({how}): the operator must choose"
                decision.explanation.append(
                    f"  → {action.partner_kind}: {found}; legal basis {action.legal_basis}; "
                    f"disclosure {action.disclosure}; acknowledge within {action.ack_within_hours} h"
                )
            else:
                by_organisation[key] = _merge(earlier, proposal)
                decision.explanation.append(
                    f"  → {action.partner_kind} {slug or ''} already proposed by rule {earlier.rule}: once"
                )
        if doc.stop:
            decision.explanation.append(f"rule {doc.id} stops the procedure")
            break
    referrals = list(by_organisation.values())
    for wall in procedure.firewalls:
        if not wall.applies(values):
            continue
        blocked = [r for r in referrals if r.partner_kind in wall.doc.never_refer]
        if blocked:
            referrals = [r for r in referrals if r.partner_kind not in wall.doc.never_refer]
            kinds = ", ".join(sorted({r.partner_kind for r in blocked}))
            decision.explanation.append(f"firewall {wall.doc.id} removed the referral to {kinds}")
    if not decision.matched_rules:
        decision.explanation.append("no rule matched: no referral")
    decision.referrals = sorted(referrals, key=lambda r: (PRIORITY_RANK[r.priority], r.ack_within_hours))
    return decision


def _merge(earlier: ProposedReferral, later: ProposedReferral) -> ProposedReferral:
    return ProposedReferral(
        partner_kind=earlier.partner_kind,
        organisation=earlier.organisation,
        rule=earlier.rule,
        legal_basis=earlier.legal_basis,
        disclosure=earlier.disclosure,
        fields=earlier.fields,
        ack_within_hours=min(earlier.ack_within_hours, later.ack_within_hours),
        priority=min(earlier.priority, later.priority, key=PRIORITY_RANK.__getitem__),
    )


@dataclass(frozen=True)
class ExampleResult:
    name: str
    passed: bool
    problems: tuple[str, ...]
    decision: Decision


def _compare(expected: tuple[ExpectedReferral, ...], actual: list[ProposedReferral]) -> list[str]:
    """Every expected referral must be proposed (matching each attribute the example states), and nothing
    else: the example states the complete outcome."""
    problems = []
    remaining = list(actual)
    for want in expected:
        stated = {k: v for k, v in want.model_dump().items() if v is not None}
        match = next((r for r in remaining if all(getattr(r, k) == v for k, v in stated.items())), None)
        if match is None:
            got = [r.as_json() for r in actual if r.partner_kind == want.partner_kind]
            problems.append(f"expected {stated}, got {got or 'no referral to ' + want.partner_kind}")
        else:
            remaining.remove(match)
    for extra in remaining:
        problems.append(f"unexpected referral {extra.as_json()}")
    return problems


def run_examples(procedure: Procedure, directory: Directory) -> list[ExampleResult]:
    """Run the procedure's examples (a version can be activated only when all pass)."""
    results = []
    for example in procedure.examples:
        decision = decide(procedure, example.facts, directory)
        problems = _compare(example.doc.expect, decision.referrals)
        results.append(ExampleResult(example.doc.name, not problems, tuple(problems), decision))
    return results
