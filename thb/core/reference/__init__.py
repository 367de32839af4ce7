"""Belgium's reference data as a file: regions, provinces, judicial districts and postcode ranges.

BELGIUM.md §5 asks to "keep districts and communes as reference data": the facts live in
``data/belgium.json`` (with their sources), never in code. This module reads and validates that file without
the database, so that two readers share one definition of "valid":

* ``loader.load_reference()`` writes it to the database (``thb load-reference``);
* ``postcodes`` answers region / province / district questions in pure functions (the dispatch engine).

Sources (also in the file's ``sources``): ISO 3166-2:BE for regions and provinces; the law of 1 December
2013 reforming the judicial districts (in force 1 April 2014: 12 districts instead of 27) and the annex of
the Judicial Code for their territory; bpost's postcode numbering for the postcode blocks.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..exceptions import ConfigurationError

DATA_DIR = Path(__file__).resolve().parent / "data"
BELGIUM_JSON = DATA_DIR / "belgium.json"
LANGUAGES = ("fr", "nl", "de", "en")  # the staff languages; every name is required in each (DESIGN.md §5)
POSTCODE_MIN, POSTCODE_MAX = 1000, 9999  # bpost: four digits, the first not zero

# Stable lower-case ASCII codes, e.g. "oost-vlaanderen"; provinces keep their ISO 3166-2:BE code.
_DISTRICT_CODE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_REGION_CODE = _DISTRICT_CODE
_PROVINCE_CODE = re.compile(r"^BE-[A-Z]{3}$")


class ReferenceDataError(ConfigurationError):
    """The reference file is not valid; the message names the offending entry. Nothing is written."""

    code = "reference_data"


@dataclass(frozen=True)
class RegionEntry:
    code: str
    names: Mapping[str, str]


@dataclass(frozen=True)
class ProvinceEntry:
    code: str
    region: str
    names: Mapping[str, str]


@dataclass(frozen=True)
class DistrictEntry:
    code: str
    regions: tuple[str, ...]
    names: Mapping[str, str]


@dataclass(frozen=True)
class PostcodeRangeEntry:
    first: int
    last: int
    province: str
    judicial_district: str
    label: str


@dataclass(frozen=True)
class BelgiumData:
    regions: tuple[RegionEntry, ...]
    provinces: tuple[ProvinceEntry, ...]
    districts: tuple[DistrictEntry, ...]
    postcode_ranges: tuple[PostcodeRangeEntry, ...]  # sorted by ``first``, non-overlapping
    sha256: str = ""  # of the file's bytes: recorded in the audit row of each load that changed something


def read_belgium(path: Path | None = None) -> BelgiumData:
    """Read and validate ``path`` (default: the shipped ``belgium.json``); raise ``ReferenceDataError``."""
    path = path or BELGIUM_JSON
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReferenceDataError(f"Cannot read the reference file {path}: {exc}") from exc
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReferenceDataError(f"{path.name}: not valid JSON: {exc}") from exc
    data = parse_belgium(document, source=path.name)
    return BelgiumData(
        regions=data.regions,
        provinces=data.provinces,
        districts=data.districts,
        postcode_ranges=data.postcode_ranges,
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def parse_belgium(document: Any, *, source: str = "belgium.json") -> BelgiumData:
    """Validate the parsed JSON; every error names the entry, e.g. ``postcode_ranges[9] (4700-4701)``.

    Checked: required keys and no unknown ones (a misspelt key must not be ignored silently), a name in each
    of fr/nl/de/en, unique codes, every reference to a region / province / district known, postcodes whole
    numbers within 1000-9999 with first <= last, ranges not overlapping, and each range's region among the
    regions its district covers (e.g. a Halle postcode: province Flemish Brabant, region Flanders, district
    Brussels, which covers Brussels and Flanders).
    """
    if not isinstance(document, dict):
        raise ReferenceDataError(f"{source}: the top level must be an object")
    _keys(
        document,
        f"{source}",
        required={"regions", "provinces", "judicial_districts", "postcode_ranges"},
        optional={"about", "sources"},
    )

    regions = tuple(
        RegionEntry(code=_code(e, where, _REGION_CODE), names=_names(e, where))
        for where, e in _entries(document, "regions", required={"code", "names"}, optional={"iso", "note"})
    )
    _unique([r.code for r in regions], "regions")
    region_codes = {r.code for r in regions}

    provinces: list[ProvinceEntry] = []
    for where, e in _entries(
        document, "provinces", required={"code", "region", "names"}, optional={"iso", "note"}
    ):
        region = _known(e, "region", where, region_codes, "region")
        provinces.append(
            ProvinceEntry(code=_code(e, where, _PROVINCE_CODE), region=region, names=_names(e, where))
        )
    _unique([p.code for p in provinces], "provinces")
    province_region = {p.code: p.region for p in provinces}

    districts: list[DistrictEntry] = []
    for where, e in _entries(
        document, "judicial_districts", required={"code", "regions", "names"}, optional={"note"}
    ):
        covered = e["regions"]
        if not isinstance(covered, list) or not covered:
            raise ReferenceDataError(f"{where}: 'regions' must be a non-empty list of region codes")
        for code in covered:
            if not isinstance(code, str) or code not in region_codes:
                raise ReferenceDataError(f"{where}: unknown region {code!r}")
        districts.append(
            DistrictEntry(
                code=_code(e, where, _DISTRICT_CODE), regions=tuple(covered), names=_names(e, where)
            )
        )
    _unique([d.code for d in districts], "judicial_districts")
    district_regions = {d.code: set(d.regions) for d in districts}

    ranges: list[tuple[str, PostcodeRangeEntry]] = []
    for where, e in _entries(
        document,
        "postcode_ranges",
        required={"first", "last", "province", "judicial_district"},
        optional={"label", "note"},
    ):
        first, last = e["first"], e["last"]
        where = f"{where} ({first}-{last})"
        for value in (first, last):
            if not isinstance(value, int) or isinstance(value, bool):
                raise ReferenceDataError(f"{where}: postcodes must be whole numbers")
        if not POSTCODE_MIN <= first <= last <= POSTCODE_MAX:
            raise ReferenceDataError(f"{where}: needs {POSTCODE_MIN} <= first <= last <= {POSTCODE_MAX}")
        province = _known(e, "province", where, set(province_region), "province")
        district = _known(e, "judicial_district", where, set(district_regions), "judicial district")
        if province_region[province] not in district_regions[district]:
            raise ReferenceDataError(
                f"{where}: province {province} lies in region {province_region[province]!r}, which judicial "
                f"district {district!r} does not cover"
            )
        label = e.get("label", "")
        if not isinstance(label, str) or len(label) > 300:
            raise ReferenceDataError(f"{where}: 'label' must be text of at most 300 characters")
        ranges.append((where, PostcodeRangeEntry(first, last, province, district, label)))

    ranges.sort(key=lambda item: item[1].first)
    for (where_a, a), (where_b, b) in itertools.pairwise(ranges):
        if b.first <= a.last:
            raise ReferenceDataError(f"{where_b} overlaps {where_a}")

    return BelgiumData(
        regions=regions,
        provinces=tuple(provinces),
        districts=tuple(districts),
        postcode_ranges=tuple(r for _, r in ranges),
    )


def _entries(
    document: dict, key: str, *, required: set[str], optional: set[str]
) -> list[tuple[str, dict[str, Any]]]:
    items = document[key]
    if not isinstance(items, list):
        raise ReferenceDataError(f"{key}: must be a list")
    found = []
    for index, item in enumerate(items):
        where = f"{key}[{index}]"
        if not isinstance(item, dict):
            raise ReferenceDataError(f"{where}: must be an object")
        if isinstance(item.get("code"), str):
            where = f"{where} {item['code']!r}"
        _keys(item, where, required=required, optional=optional)
        found.append((where, item))
    return found


def _keys(item: dict, where: str, *, required: set[str], optional: set[str]) -> None:
    missing = required - set(item)
    if missing:
        raise ReferenceDataError(f"{where}: missing {', '.join(sorted(missing))}")
    unknown = set(item) - required - optional
    if unknown:
        raise ReferenceDataError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")


def _code(item: dict, where: str, pattern: re.Pattern[str]) -> str:
    code = item["code"]
    if not isinstance(code, str) or not pattern.match(code):
        raise ReferenceDataError(f"{where}: code {code!r} does not match {pattern.pattern}")
    return code


def _names(item: dict, where: str) -> dict[str, str]:
    names = item["names"]
    if not isinstance(names, dict):
        raise ReferenceDataError(f"{where}: 'names' must be an object with {', '.join(LANGUAGES)}")
    for lang in LANGUAGES:
        value = names.get(lang)
        if not isinstance(value, str) or not value.strip() or len(value) > 200:
            raise ReferenceDataError(f"{where}: needs a name in {lang!r} (1-200 characters)")
    unknown = set(names) - set(LANGUAGES)
    if unknown:
        raise ReferenceDataError(f"{where}: names in unexpected language(s) {', '.join(sorted(unknown))}")
    return {lang: names[lang] for lang in LANGUAGES}


def _known(item: dict, key: str, where: str, known: set[str], what: str) -> str:
    value = item[key]
    if not isinstance(value, str) or value not in known:
        raise ReferenceDataError(f"{where}: unknown {what} {value!r}")
    return str(value)


def _unique(codes: list[str], key: str) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise ReferenceDataError(f"{key}: code {code!r} appears twice")
        seen.add(code)
