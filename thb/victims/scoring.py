"""Scoring an identification assessment (issue 6 §2) by the rule of the ILO/EC operational indicators
(2009; BELGIUM.md §4). Pure: no database.

- A **dimension is present** when its ticked indicators include: 2 strong; or 1 strong + 1 medium or
  weak; or 3 medium; or 2 medium + 1 weak.
- An **adult** is signalled as a victim when (deceptive recruitment or coercive recruitment or
  recruitment by abuse of vulnerability) and exploitative conditions and (coercion at destination or abuse
  of vulnerability at destination) are present.
- A **child** when (one of the three recruitment dimensions) and exploitative conditions are present: no
  means element is needed for children.

The result is a signal with its reasons for professionals, never an automatic legal decision: the
identification as a victim belongs to the magistrate and the referral mechanism (circular of 23 Dec 2016).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .indicators import DIMENSIONS, IndicatorList

RECRUITMENT = DIMENSIONS[:3]
EXPLOITATION = DIMENSIONS[3]
MEANS = DIMENSIONS[4:]


class UnknownIndicatorError(ValueError):
    def __init__(self, unknown: list[str], list_name: str) -> None:
        self.unknown = unknown
        super().__init__(f"unknown indicator ids for {list_name}: {', '.join(unknown)}")


@dataclass(frozen=True)
class DimensionResult:
    present: bool
    strong: int
    medium: int
    weak: int

    def as_json(self) -> dict[str, object]:
        return {"present": self.present, "strong": self.strong, "medium": self.medium, "weak": self.weak}


@dataclass(frozen=True)
class Assessment:
    list_name: str
    victim: bool
    dimensions: dict[str, DimensionResult]
    reasons: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        """The contract of ``thb identification assess``."""
        return {
            "victim": self.victim,
            "dimensions": {name: result.as_json() for name, result in self.dimensions.items()},
            "reasons": list(self.reasons),
        }


def dimension_present(strong: int, medium: int, weak: int) -> bool:
    return strong >= 2 or (strong >= 1 and medium + weak >= 1) or medium >= 3 or (medium >= 2 and weak >= 1)


def _why(name: str, result: DimensionResult) -> str:
    counts = f"{result.strong} strong, {result.medium} medium, {result.weak} weak"
    if result.present:
        return f"{name}: present ({counts})"
    return (
        f"{name}: not present ({counts}; needs 2 strong, or 1 strong + 1 medium or weak, or 3 medium, "
        "or 2 medium + 1 weak)"
    )


def assess(indicators: IndicatorList, ticked: Iterable[str]) -> Assessment:
    """Score the ticked indicator ids of ``indicators``; unknown ids raise ``UnknownIndicatorError``."""
    chosen = list(dict.fromkeys(ticked))
    known = indicators.by_id()
    unknown = [item for item in chosen if item not in known]
    if unknown:
        raise UnknownIndicatorError(unknown, indicators.name)
    counts = {name: {"strong": 0, "medium": 0, "weak": 0} for name in DIMENSIONS}
    for item in chosen:
        indicator = known[item]
        counts[indicator.dimension][indicator.strength] += 1
    results = {
        name: DimensionResult(dimension_present(**tally), tally["strong"], tally["medium"], tally["weak"])
        for name, tally in counts.items()
    }
    reasons = [_why(name, results[name]) for name in DIMENSIONS]
    recruitment = any(results[name].present for name in RECRUITMENT)
    exploitation = results[EXPLOITATION].present
    means = any(results[name].present for name in MEANS)
    if indicators.is_child:
        victim = recruitment and exploitation
        rule = "child: (recruitment by deception, coercion or abuse of vulnerability) and exploitation"
        verdict = [("recruitment", recruitment), ("exploitation", exploitation)]
    else:
        victim = recruitment and exploitation and means
        rule = (
            "adult: (recruitment by deception, coercion or abuse of vulnerability) and exploitation "
            "and (coercion or abuse of vulnerability at destination)"
        )
        verdict = [
            ("recruitment", recruitment),
            ("exploitation", exploitation),
            ("coercion or abuse at destination", means),
        ]
    missing = [label for label, ok in verdict if not ok]
    outcome = (
        "all present — a signal of trafficking" if victim else f"missing {', '.join(missing)} — no signal"
    )
    reasons.append(f"{rule}: {outcome}")
    reasons.append("This is a signal for professionals, not a legal decision.")
    return Assessment(indicators.name, victim, results, reasons)
