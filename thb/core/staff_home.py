"""The staff home page shows each user the work their role allows. Apps add their tiles to ``TILES``."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .roles import Perm


@dataclass(frozen=True)
class Tile:
    perm: Perm
    title: str | Promise
    description: str | Promise
    url_name: str


TILES: list[Tile] = [
    Tile(
        Perm.VIEW_DIRECTORY,
        _("Partner directory"),
        _("Organisations, the districts they cover, their languages and how to reach them."),
        "core:organisation-list",
    ),
    Tile(
        Perm.VIEW_AUDIT,
        _("Audit trail"),
        _("Every change, and every read of a victim's identity, with who and when."),
        "core:audit-list",
    ),
    Tile(
        Perm.MANAGE_REFERENCE_DATA,
        _("Reference data"),
        _("Regions, provinces, judicial districts, postcodes, organisations and users."),
        "admin:index",
    ),
    Tile(
        Perm.USE_API_TOKENS,
        _("API documentation"),
        _("The platform's interface for other systems, with its OpenAPI description."),
        "api-v1:openapi-view",
    ),
]


@dataclass(frozen=True)
class ResolvedTile:
    title: str | Promise
    description: str | Promise
    url: str


def tiles_for(perms: frozenset[Perm]) -> list[ResolvedTile]:
    """The tiles of the user's permissions; a page offered to several permissions appears once."""
    tiles, seen = [], set()
    for tile in TILES:
        if tile.perm not in perms or tile.url_name in seen:
            continue
        try:
            url = reverse(tile.url_name)
        except NoReverseMatch:
            continue
        seen.add(tile.url_name)
        tiles.append(ResolvedTile(tile.title, tile.description, url))
    return tiles
