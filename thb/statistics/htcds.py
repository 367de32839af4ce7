"""The anonymised record-level export for Myria and IOM (issue 9 §4): one row per victim case opened in
the period, in the column layout of the Counter Trafficking Data Collaborative's global dataset (CTDC,
IOM), which follows the Human Trafficking Case Data Standard (HTCDS 2.0) — ``-99`` for "not known".

Anonymised by construction: no name, reference, date finer than the year, place finer than the country.
And **k-anonymous** with k = the small-cell threshold: every combination of the quasi-identifiers
(year, gender, age band, majority status, citizenship, country of exploitation) appears at least k times.
Rare combinations are generalised step by step — the country of exploitation and the citizenship to
``-99``, then the age band, then gender — and a row still rarer than k after that is left out (and counted
in the export's summary). Rows are sorted by their values, so their order says nothing about the cases'.
This is how CTDC itself protects its public dataset (k-anonymisation of the quasi-identifiers before
publication).

Our age bands do not all nest in CTDC's (``under_12`` spans 0-8 and 9-17): ``ageBroad`` is given where it
nests and ``-99`` otherwise; ``majorityStatus`` is always given when the band is known.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .figures import Period
from .suppression import threshold

UNKNOWN = "-99"

COLUMNS = (
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "CountryOfExploitation",
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isSexAndLabour",
    "isOrganRemoval",
    "typeOfExploitConcatenated",
    "typeOfLabourAgriculture",
    "typeOfLabourBegging",
    "typeOfLabourConstruction",
    "typeOfLabourDomesticWork",
    "typeOfLabourHospitality",
    "typeOfLabourIllicitActivities",
    "typeOfLabourTransportation",
    "typeOfLabourOther",
    "typeOfSexProstitution",
)
QUASI_IDENTIFIERS = (
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "CountryOfExploitation",
)
GENERALISE_IN_ORDER = ("CountryOfExploitation", "citizenship", "ageBroad", "gender")

_GENDER = {"female": "Female", "male": "Male"}  # "other" is too rare to publish: -99
_AGE_BROAD = {"12_15": "9--17", "16_17": "9--17"}
_MINOR_BANDS = {"under_12", "12_15", "16_17"}
_LABOUR_FORMS = {"labour", "domestic_servitude", "begging", "forced_crime"}
_EXPLOIT_NAME = {
    "labour": "Forced labour",
    "domestic_servitude": "Forced labour",
    "begging": "Forced labour",
    "forced_crime": "Forced labour",
    "sexual": "Sexual exploitation",
    "organ_removal": "Organ removal",
}
_SECTOR_COLUMN = {
    "agriculture": "typeOfLabourAgriculture",
    "begging": "typeOfLabourBegging",
    "construction": "typeOfLabourConstruction",
    "domestic_work": "typeOfLabourDomesticWork",
    "hospitality": "typeOfLabourHospitality",
    "transport": "typeOfLabourTransportation",
}


@dataclass(frozen=True)
class Export:
    rows: list[dict[str, str]]
    left_out: int
    generalised: int
    k: int

    def csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows)
        return buffer.getvalue()


def _flag(value: bool) -> str:
    return "1" if value else "0"


def case_row(
    *,
    year: int,
    gender: str,
    age_band: str,
    nationalities: list[str],
    countries: list[str],
    exploitation: list[str],
    sector: str,
) -> dict[str, str]:
    """One case in CTDC's columns (pure: the tests feed it directly)."""
    forms = set(exploitation or [])
    labour = bool(forms & _LABOUR_FORMS)
    sexual = "sexual" in forms
    row = dict.fromkeys(COLUMNS, UNKNOWN)
    row.update(
        {
            "yearOfRegistration": str(year),
            "Datasource": "Case Management",
            "gender": _GENDER.get(gender, UNKNOWN),
            "ageBroad": _AGE_BROAD.get(age_band, UNKNOWN),
            "majorityStatus": ("Minor" if age_band in _MINOR_BANDS else "Adult") if age_band else UNKNOWN,
            "citizenship": (nationalities or [UNKNOWN])[0].upper() if nationalities else UNKNOWN,
            "CountryOfExploitation": (countries or ["BE"])[0].upper(),
            "isForcedLabour": _flag(labour),
            "isSexualExploit": _flag(sexual),
            "isOtherExploit": _flag(bool(forms - _LABOUR_FORMS - {"sexual", "organ_removal"})),
            "isSexAndLabour": _flag(labour and sexual),
            "isOrganRemoval": _flag("organ_removal" in forms),
            "typeOfExploitConcatenated": ";".join(
                sorted({_EXPLOIT_NAME[f] for f in forms if f in _EXPLOIT_NAME})
            )
            or UNKNOWN,
        }
    )
    for column in [c for c in COLUMNS if c.startswith("typeOfLabour")]:
        row[column] = _flag(labour and _SECTOR_COLUMN.get(sector) == column) if labour else UNKNOWN
    if labour:
        row["typeOfLabourIllicitActivities"] = _flag("forced_crime" in forms)
        row["typeOfLabourOther"] = _flag(sector not in _SECTOR_COLUMN and "forced_crime" not in forms)
    row["typeOfSexProstitution"] = _flag(sector == "prostitution") if sexual else UNKNOWN
    return row


def k_anonymise(rows: Iterable[dict[str, str]], k: int) -> Export:
    """Generalise the quasi-identifiers of rare combinations, then leave out rows still rarer than ``k``."""
    rows = [dict(row) for row in rows]
    generalised = 0

    def key(row: dict[str, str]) -> tuple[str, ...]:
        return tuple(row[column] for column in QUASI_IDENTIFIERS)

    for column in GENERALISE_IN_ORDER:
        counts = Counter(key(row) for row in rows)
        for row in rows:
            if counts[key(row)] < k and row[column] != UNKNOWN:
                row[column] = UNKNOWN
                generalised += 1
    counts = Counter(key(row) for row in rows)
    kept = [row for row in rows if counts[key(row)] >= k]
    kept.sort(key=lambda row: tuple(row[column] for column in COLUMNS))  # no trace of the cases' order
    return Export(rows=kept, left_out=len(rows) - len(kept), generalised=generalised, k=k)


def htcds_export(period: Period) -> Export:
    from thb.victims.models import VictimCase

    start, end = period.bounds()
    cases = VictimCase.objects.filter(created_at__gte=start, created_at__lt=end).order_by("created_at")
    rows = [
        case_row(
            year=created.year,
            gender=gender,
            age_band=age_band,
            nationalities=nationalities,
            countries=countries,
            exploitation=exploitation,
            sector=sector,
        )
        for created, gender, age_band, nationalities, countries, exploitation, sector in cases.values_list(
            "created_at", "gender", "age_band", "nationalities", "countries", "exploitation", "sector"
        )
    ]
    return k_anonymise(rows, threshold())
