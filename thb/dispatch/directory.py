"""From a partner *kind* to the concrete organisation (issue 4 §1): by the judicial district of the place,
its region, the person's language or national competence, in the order a rule asks, then a fallback.

The engine works on a snapshot of the partner directory (``Directory``), read once, so that deciding for a
contact needs no database query (≥ 5,000 contacts/s, bench/dispatch_rules.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from thb.core.models import Organisation

from .facts import Facts

RESOLUTION_METHODS = ("judicial_district", "region", "language", "national")


@dataclass(frozen=True)
class Partner:
    slug: str
    kind: str
    name: str
    districts: frozenset[str]
    regions: frozenset[str]
    languages: frozenset[str]  # primary subtags: "zh", not "zh-Hans"
    national: bool


class Directory:
    """The organisations that take referrals, indexed by kind."""

    def __init__(self, partners: Iterable[Partner]) -> None:
        self.by_slug = {p.slug: p for p in partners}
        self.by_kind: dict[str, list[Partner]] = {}
        for partner in sorted(self.by_slug.values(), key=lambda p: p.slug):
            self.by_kind.setdefault(partner.kind, []).append(partner)

    @classmethod
    def from_database(cls) -> Directory:
        organisations = (
            Organisation.objects.filter(is_active=True, takes_referrals=True)
            .prefetch_related("judicial_districts", "regions")
            .order_by("slug")
        )
        return cls(
            Partner(
                slug=o.slug,
                kind=o.kind,
                name=o.short_name or o.slug,
                districts=frozenset(d.code for d in o.judicial_districts.all()),
                regions=frozenset(r.code for r in o.regions.all()),
                languages=frozenset(str(code).split("-")[0].lower() for code in o.languages or ()),
                national=o.national,
            )
            for o in organisations
        )

    def resolve(
        self, kind: str, methods: tuple[str, ...], facts: Facts, fallback: str | None
    ) -> tuple[Partner | None, str]:
        """The organisation of ``kind`` for these facts, and how it was found (for the explanation).

        Where several organisations match, the most specific wins (fewest districts, then regions), then
        the first by code, so that the same facts always give the same organisation."""
        candidates = self.by_kind.get(kind, [])
        for method in methods:
            if method == "judicial_district":
                district = facts.judicial_district
                found = [p for p in candidates if district and district in p.districts]
                how = f"judicial district {district}"
            elif method == "region":
                found = [p for p in candidates if facts.region and facts.region in p.regions]
                how = f"region {facts.region}"
            elif method == "language":
                language = facts.primary_language
                found = [p for p in candidates if language and language in p.languages]
                how = f"language {language}"
            else:
                found = [p for p in candidates if p.national]
                how = "national competence"
            if found:
                best = min(found, key=lambda p: (len(p.districts) or 99, len(p.regions) or 99, p.slug))
                return best, how
        if fallback:
            partner = self.by_slug.get(fallback)
            if partner is not None:
                return partner, "fallback"
            return None, f"fallback {fallback} is not in the directory"
        return None, "no organisation of this kind matches"
