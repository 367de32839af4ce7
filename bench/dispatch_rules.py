"""Rule evaluation speed of the default dispatch procedure (issue 4 §4: ≥ 5,000 contacts/s on one core).

Builds ``--contacts`` random but plausible sets of facts (signal types, forms of exploitation, minors,
consent, postcodes all over Belgium, languages), then times ``engine.decide`` with the shipped Belgian
procedure and the demo partner directory, in one process (one core), after a warm-up. Facts are validated
beforehand (as a contact's facts are once, when it is dispatched) and, separately, the cost of building
``Facts`` from raw dicts is reported too.

    .venv/bin/python bench/dispatch_rules.py --contacts 50000

Needs no database: the directory is built from the demo data file. Prints figures; never fails on timing.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("THB_ENV", "test")


def _directory():
    from thb.dispatch.directory import Directory, Partner

    data = __import__("json").loads((ROOT / "thb/core/reference/data/demo.json").read_text())
    partners = []
    for org in data["organisations"]:
        if not org.get("takes_referrals"):
            continue
        districts = frozenset(org.get("districts", ()))
        partners.append(
            Partner(
                slug=org["slug"],
                kind=org["kind"],
                name=org.get("short_name", org["slug"]),
                districts=districts,
                regions=frozenset(org.get("regions", ())),
                languages=frozenset(code.split("-")[0].lower() for code in org.get("languages", ())),
                national=bool(org.get("national")),
            )
        )
    return Directory(partners)


def _random_facts(rng: random.Random) -> dict:
    from thb.dispatch.facts import EXPLOITATION, SIGNAL_TYPES

    facts: dict = {"signal_type": rng.choices(SIGNAL_TYPES, weights=[3, 30, 15, 25, 2, 25])[0]}
    if rng.random() < 0.6:
        facts["exploitation"] = rng.sample(EXPLOITATION, k=rng.choice([1, 1, 1, 2]))
    for name, p in (
        ("minor_involved", 0.15),
        ("unaccompanied_minor", 0.03),
        ("immediate_danger", 0.05),
        ("victim_wants_assistance", 0.2),
        ("consent_to_police", 0.3),
        ("diplomatic_household", 0.01),
        ("online_csam", 0.02),
    ):
        roll = rng.random()
        if roll < p:
            facts[name] = True
        elif roll < p + 0.3:
            facts[name] = False
    if rng.random() < 0.8:
        facts["postcode"] = str(rng.randint(1000, 9992))
    facts["language"] = rng.choice(["fr", "nl", "de", "en", "ro", "ar", "bg", "vi", "pt", "uk"])
    return facts


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contacts", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    import django

    django.setup()
    from pydantic import ValidationError

    from thb.dispatch.engine import decide
    from thb.dispatch.facts import Facts
    from thb.dispatch.procedure import parse_procedure
    from thb.dispatch.services.procedures import DEFAULT_PROCEDURE

    procedure = parse_procedure(DEFAULT_PROCEDURE.read_text(encoding="utf-8")).procedure
    assert procedure is not None
    directory = _directory()
    rng = random.Random(args.seed)
    raw = [_random_facts(rng) for _ in range(args.contacts)]

    started = time.perf_counter()
    facts = []
    for item in raw:
        try:
            facts.append(Facts.model_validate(item))
        except ValidationError:  # a random postcode outside the reference ranges
            item.pop("postcode", None)
            facts.append(Facts.model_validate(item))
    validate_seconds = time.perf_counter() - started

    for item in facts[:2000]:  # warm-up
        decide(procedure, item, directory)
    runs = []
    referrals = 0
    for _ in range(3):
        started = time.perf_counter()
        for item in facts:
            referrals += len(decide(procedure, item, directory).referrals)
        runs.append(time.perf_counter() - started)
    best = min(runs)
    print(
        f"contacts: {len(facts):,}; procedure {procedure.slug} v{procedure.version}: "
        f"{len(procedure.rules)} rules"
    )
    print(f"facts validation: {len(facts) / validate_seconds:,.0f} contacts/s")
    print(
        f"decide (best of 3): {len(facts) / best:,.0f} contacts/s, "
        f"{best / len(facts) * 1e6:.1f} µs per contact "
        f"(median run {len(facts) / statistics.median(runs):,.0f}/s)"
    )
    print(f"referrals proposed per contact: {referrals / (3 * len(facts)):.2f}")
    print(f"aim ≥ 5,000 contacts/s on one core: ratio {len(facts) / best / 5000:.1f} times")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
