"""The ILO/EC "Operational indicators of trafficking in human beings" (2009, WCMS_105023) as data
(BELGIUM.md §4; issue 6 §2): four lists — adults and children, labour and sexual exploitation — each
indicator with a stable id, its dimension, its strength and its text in French, Dutch, German and English.
Provenance and what remains to verify against the ILO publication: ``data/indicators/README.md``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "indicators"

LISTS = ("adult_labour", "adult_sexual", "child_labour", "child_sexual")
# The six dimensions, in the ILO's order; their names are a contract (the commands' JSON).
DIMENSIONS = (
    "deceptive_recruitment",
    "coercive_recruitment",
    "recruitment_abuse_of_vulnerability",
    "exploitative_conditions",
    "coercion_at_destination",
    "abuse_of_vulnerability_at_destination",
)
STRENGTHS = ("strong", "medium", "weak")
LANGUAGES = ("fr", "nl", "de", "en")


class UnknownListError(ValueError):
    pass


@dataclass(frozen=True)
class Indicator:
    id: str
    dimension: str
    strength: str
    text: dict[str, str]

    def in_language(self, language: str) -> str:
        return self.text.get((language or "en").split("-")[0], self.text["en"])

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "dimension": self.dimension,
            "strength": self.strength,
            "text": dict(self.text),
        }


@dataclass(frozen=True)
class IndicatorList:
    name: str
    title: dict[str, str]
    verified_against_ilo_pdf: bool
    indicators: tuple[Indicator, ...]

    @property
    def is_child(self) -> bool:
        return self.name.startswith("child_")

    def by_id(self) -> dict[str, Indicator]:
        return {indicator.id: indicator for indicator in self.indicators}


@cache
def indicator_list(name: str) -> IndicatorList:
    """One of ``LISTS``, read once per process; ``UnknownListError`` otherwise."""
    if name not in LISTS:
        raise UnknownListError(f"unknown list {name!r} (lists: {', '.join(LISTS)})")
    data = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    indicators = tuple(
        Indicator(
            id=item["id"], dimension=item["dimension"], strength=item["strength"], text=dict(item["text"])
        )
        for item in data["indicators"]
    )
    return IndicatorList(
        name=name,
        title=dict(data["title"]),
        verified_against_ilo_pdf=bool(data.get("verified_against_ilo_pdf", False)),
        indicators=indicators,
    )
