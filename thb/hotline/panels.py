"""Panels that other apps add to the operator's contact page, without the hotline importing them (DESIGN.md
§2: apps depend downward only). Dispatch registers its referrals panel here in its ``AppConfig.ready``."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

from thb.core.panels import Panel

from .models import Contact

__all__ = ["CONTACT_PANELS", "Panel", "panels_for"]


# Each callable returns the panel to show for this contact and reader, or None.
CONTACT_PANELS: list[Callable[[HttpRequest, Contact], Panel | None]] = []


def panels_for(request: HttpRequest, contact: Contact) -> list[Panel]:
    return [panel for build in CONTACT_PANELS if (panel := build(request, contact)) is not None]
