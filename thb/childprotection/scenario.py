"""Generated civil-registry data for tests, the demo and the benchmark (issue 9 §3: "tested on generated
data, including the cases that must not alert"): valid Belgian national register numbers, families with
brothers and sisters, grandparents travelling with their grandchildren, declared school trips — and three
planted patterns, one per rule.

Everything is fictitious: numbers are generated with valid check digits for invented birth dates.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Any


def national_number(birth: datetime.date, counter: int) -> str:
    """A valid national register number (NN): YYMMDD, a 3-digit counter, 2 check digits (modulo 97; births
    from 2000 on prefix a 2 before the modulo)."""
    body = f"{birth:%y%m%d}{counter % 998 + 1:03d}"
    base = int(("2" if birth.year >= 2000 else "") + body)
    return f"{body}{97 - base % 97:02d}"


@dataclass
class Person:
    number: str
    birth: datetime.date


@dataclass
class Family:
    parents: list[Person]
    children: list[Person]
    street: str
    house_number: str
    postcode: str


@dataclass
class Scenario:
    events: list[dict[str, Any]] = field(default_factory=list)
    # what must alert: (rule, description)
    expected: list[tuple[str, str]] = field(default_factory=list)


class _Numbers:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.counter = 0

    def person(self, *, age_on: datetime.date, age: int) -> Person:
        self.counter += 1
        birth = age_on - datetime.timedelta(days=365 * age + self.rng.randint(10, 300))
        return Person(national_number(birth, self.counter), birth)


STREETS = (
    "Rue Haute",
    "Chaussée de Gand",
    "Avenue Louise",
    "Rue Blaes",
    "Boulevard Anspach",
    "Rue de Flandre",
)


def _event(
    family: Family,
    child: Person,
    *,
    kind: str,
    day: datetime.date,
    adult: Person | None = None,
    relation: str = "",
    purpose: str = "not_said",
    reference: str = "",
    destination: str = "",
) -> dict[str, Any]:
    return {
        "kind": kind,
        "occurred_on": day,
        "postcode": family.postcode,
        "child_number": child.number,
        "parent_numbers": [parent.number for parent in family.parents],
        "street": family.street,
        "house_number": family.house_number,
        "box": "",
        "address_postcode": family.postcode,
        "adult_number": adult.number if adult else "",
        "adult_relation": relation,
        "purpose": purpose,
        "purpose_reference": reference,
        "destination": destination,
    }


def generate(*, families: int = 40, today: datetime.date | None = None, seed: int = 7) -> Scenario:
    """``families`` ordinary families (nothing must alert for them) and three planted patterns."""
    rng = random.Random(seed)  # noqa: S311  (fictitious test data, not a secret)
    today = today or datetime.date.today()
    numbers = _Numbers(rng)
    scenario = Scenario()
    made: list[Family] = []
    for index in range(families):
        parents = [numbers.person(age_on=today, age=rng.randint(28, 48)) for _ in range(rng.choice((1, 2)))]
        children = [numbers.person(age_on=today, age=rng.randint(0, 16)) for _ in range(rng.randint(1, 4))]
        family = Family(parents, children, STREETS[index % len(STREETS)], str(10 + index), "1000")
        made.append(family)
        for child in children:
            # documents before the holidays, with a parent
            day = today - datetime.timedelta(days=rng.randint(1, 80))
            scenario.events.append(
                _event(
                    family,
                    child,
                    kind=rng.choice(("child_id", "passport")),
                    day=day,
                    adult=parents[0],
                    relation="parent",
                )
            )
        if len(children) >= 2 and index % 3 == 0:
            # siblings travelling with their grandmother: one family, not a pattern
            grandmother = numbers.person(age_on=today, age=66)
            for child in children:
                scenario.events.append(
                    _event(
                        family,
                        child,
                        kind="travel_authorisation",
                        day=today - datetime.timedelta(days=5),
                        adult=grandmother,
                        relation="relative",
                        purpose="family",
                        destination="ES",
                    )
                )
    # a school trip: one teacher, pupils of many families, declared by the school with its reference
    teacher = numbers.person(age_on=today, age=41)
    for family in made[:12]:
        scenario.events.append(
            _event(
                family,
                family.children[0],
                kind="travel_authorisation",
                day=today - datetime.timedelta(days=3),
                adult=teacher,
                relation="other",
                purpose="school_trip",
                reference="Athénée Royal, classes de neige 2026, déclaration 2026/114",
                destination="FR",
            )
        )
    # one lost Kids-ID in an ordinary family: once is not repeated
    scenario.events.append(
        _event(made[1], made[1].children[0], kind="loss_declaration", day=today - datetime.timedelta(days=20))
    )

    # planted 1: one adult, minors of three families, within a month, no declared purpose
    stranger = numbers.person(age_on=today, age=35)
    for offset, family in zip((30, 18, 4), made[20:23], strict=True):
        scenario.events.append(
            _event(
                family,
                family.children[-1],
                kind="travel_authorisation",
                day=today - datetime.timedelta(days=offset),
                adult=stranger,
                relation="other",
                destination="GB",
            )
        )
    scenario.expected.append(("same_adult_unrelated_minors", "one adult, minors of three families"))
    # planted 2: a child whose passport is declared lost twice in four months
    lost = made[25]
    for offset in (120, 10):
        scenario.events.append(
            _event(
                lost, lost.children[0], kind="loss_declaration", day=today - datetime.timedelta(days=offset)
            )
        )
    scenario.expected.append(("repeated_loss", "two losses for one child"))
    # planted 3: four families' children registered at one flat, documents within three months
    flat = ("Rue du Trône", "77", "1050")
    for offset, family in zip((80, 60, 30, 2), made[30:34], strict=True):
        moved = Family(family.parents, family.children, *flat)
        scenario.events.append(
            _event(moved, family.children[0], kind="passport", day=today - datetime.timedelta(days=offset))
        )
    scenario.expected.append(("many_minors_one_address", "four families at one address"))
    scenario.events.sort(key=lambda event: event["occurred_on"])
    return scenario
