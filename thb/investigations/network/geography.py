"""Where a network is active (issue 8 §3): **supra-local links** — the judicial districts of its Belgian
addresses (a network in several districts needs the federal prosecutor's or several offices'
coordination) — and **international links** — the countries of its people (nationality, country), addresses,
accounts (the IBAN's country), phones (the number's country) and online accounts.

Districts come from the platform's reference data (postcode ranges → judicial district, BELGIUM.md §2).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx
import phonenumbers

from thb.core.models import PostcodeRange

POSTCODE = re.compile(r"\b([1-9]\d{3})\b")
COUNTRY_PROPS = ("nationality", "country", "jurisdiction", "citizenship")


@dataclass
class Places:
    districts: set[str] = field(default_factory=set)  # judicial district codes
    countries: set[str] = field(default_factory=set)  # ISO 3166 alpha-2, lower case

    @property
    def supra_local(self) -> bool:
        return len(self.districts) >= 2

    @property
    def international(self) -> bool:
        return bool(self.countries - {"be"})


class DistrictIndex:
    """Belgian postcode → judicial district code, from the reference ranges (loaded once per analysis)."""

    def __init__(self) -> None:
        rows = list(PostcodeRange.objects.select_related("judicial_district").order_by("first"))
        self.firsts = [row.first for row in rows]
        self.rows = rows

    def district(self, postcode: int) -> str:
        position = bisect_right(self.firsts, postcode) - 1
        if position < 0:
            return ""
        row = self.rows[position]
        return row.judicial_district.code if row.first <= postcode <= row.last else ""


def _postcodes(data: dict) -> list[int]:
    properties = data.get("properties") or {}
    countries = set(properties.get("country", []))
    if countries and "be" not in countries:
        return []
    texts = [*properties.get("postalCode", []), *properties.get("full", []), *properties.get("address", [])]
    if data.get("kind") == "address":
        texts.append(data.get("label", ""))
    return [int(match) for text in texts for match in POSTCODE.findall(str(text))]


def _countries(data: dict) -> set[str]:
    properties = data.get("properties") or {}
    found = {str(value).lower() for prop in COUNTRY_PROPS for value in properties.get(prop, [])}
    if data.get("kind") == "phone":
        try:
            region = phonenumbers.region_code_for_number(phonenumbers.parse(data.get("label", ""), None))
        except phonenumbers.NumberParseException:
            region = None
        if region:
            found.add(region.lower())
    return {country for country in found if len(country) == 2}


def places_of(graph: nx.Graph, nodes: Iterable[str], index: DistrictIndex) -> Places:
    places = Places()
    for node in nodes:
        data = graph.nodes[node]
        places.countries |= _countries(data)
        for postcode in _postcodes(data):
            district = index.district(postcode)
            if district:
                places.districts.add(district)
    return places
