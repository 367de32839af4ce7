"""Region, province and judicial district of a Belgian postcode, in pure functions without the database.

The dispatch engine derives the region and the judicial district of a contact from the postcode the caller
gives (BELGIUM.md §5: the reference magistrates, FJP sections and specialised centres are per district or
region). It must do so inside rule evaluation and in tests without a query per call, so these functions read
``data/belgium.json`` once (cached) and agree, range for range, with ``selectors.postcode_lookup`` on the
loaded database (``test_reference`` checks every range boundary).

Accepted input: an ``int`` 1000-9999, or text of four digits with optional surrounding blanks and the
country prefixes people still write ("B-1000", "BE-1000"; bpost asks not to write them, but they are
common). Anything else, and a postcode outside every range, gives ``None``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from . import POSTCODE_MAX, POSTCODE_MIN, read_belgium

_POSTCODE_TEXT = re.compile(r"(?:BE?-)?([1-9][0-9]{3})", re.IGNORECASE)


@dataclass(frozen=True)
class PostcodeArea:
    """The range that holds a postcode, with its province (ISO 3166-2:BE), region and judicial district."""

    first: int
    last: int
    label: str
    province: str
    region: str
    judicial_district: str


def parse_postcode(value: int | str | None) -> int | None:
    """The postcode as an ``int`` 1000-9999, or ``None`` when ``value`` is not a Belgian postcode."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if POSTCODE_MIN <= value <= POSTCODE_MAX else None
    if not isinstance(value, str):
        return None
    match = _POSTCODE_TEXT.fullmatch(value.strip())
    return int(match.group(1)) if match else None


@cache
def _index() -> tuple[list[int], tuple[PostcodeArea, ...]]:
    data = read_belgium()
    region_of = {p.code: p.region for p in data.provinces}
    areas = tuple(
        PostcodeArea(
            first=r.first,
            last=r.last,
            label=r.label,
            province=r.province,
            region=region_of[r.province],
            judicial_district=r.judicial_district,
        )
        for r in data.postcode_ranges  # sorted by first and non-overlapping (validated)
    )
    return [a.first for a in areas], areas


def area_for_postcode(postcode: int | str | None) -> PostcodeArea | None:
    """The reference range holding ``postcode`` (binary search over the sorted, non-overlapping ranges)."""
    number = parse_postcode(postcode)
    if number is None:
        return None
    firsts, areas = _index()
    position = bisect.bisect_right(firsts, number) - 1
    if position < 0 or number > areas[position].last:
        return None
    return areas[position]


def region_for_postcode(postcode: int | str | None) -> str | None:
    """``"flanders"``, ``"brussels"`` or ``"wallonia"`` (the region of the postcode's province)."""
    area = area_for_postcode(postcode)
    return area.region if area else None


def province_for_postcode(postcode: int | str | None) -> str | None:
    """The ISO 3166-2:BE code of the province (``"BE-BRU"`` for the Brussels-Capital Region)."""
    area = area_for_postcode(postcode)
    return area.province if area else None


def district_for_postcode(postcode: int | str | None) -> str | None:
    """The code of the judicial district (since the 2014 reform), e.g. ``"brussels"`` for Halle (1500)."""
    area = area_for_postcode(postcode)
    return area.judicial_district if area else None


def clear_cache() -> None:
    """Forget the cached file (tests that swap the data file; a running process reads it once)."""
    _index.cache_clear()
