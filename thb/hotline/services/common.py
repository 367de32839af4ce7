"""Pieces shared by the hotline's services."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from thb.core.exceptions import ConfigurationError
from thb.core.models import Organisation, OrganisationKind
from thb.core.references import new_reference as core_new_reference

from ..models import Contact


def new_reference() -> str:
    """A short reference to say on the phone (``C26-7KQ4-M2XD``)."""
    return core_new_reference("C", Contact)


def hotline_organisation() -> Organisation:
    """The organisation that receives public reports: ``THB_HOTLINE_ORGANISATION`` or the only hotline."""
    slug = settings.THB_HOTLINE_ORGANISATION
    hotlines = Organisation.objects.filter(kind=OrganisationKind.HOTLINE, is_active=True)
    if slug:
        hotlines = hotlines.filter(slug=slug)
    found = list(hotlines[:2])
    if len(found) != 1:
        raise ConfigurationError(
            "No single hotline organisation receives public reports: set THB_HOTLINE_ORGANISATION."
        )
    return found[0]


_HOTLINE_CACHE_SECONDS = 60.0
_hotline_cache: tuple[float, str, int] | None = None


def hotline_organisation_id() -> int:
    """``hotline_organisation().pk``, remembered for a minute per process: public intake asks it for every
    report, and the answer changes only when an administrator changes the configuration."""
    global _hotline_cache
    now = time.monotonic()
    slug = settings.THB_HOTLINE_ORGANISATION
    if (
        _hotline_cache is None
        or _hotline_cache[1] != slug
        or now - _hotline_cache[0] > _HOTLINE_CACHE_SECONDS
    ):
        _hotline_cache = (now, slug, hotline_organisation().pk)
    return _hotline_cache[2]


def forget_hotline_organisation() -> None:
    global _hotline_cache
    _hotline_cache = None


def retention_deadline() -> datetime:
    return timezone.now() + timedelta(days=settings.THB_CONTACT_RETENTION_DAYS)
