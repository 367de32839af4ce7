"""Panels that later modules (residence, …) add to the victim case page, without victims importing them
(DESIGN.md §2). Each callable returns the panel for this case and reader, or None."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

from thb.core.panels import Panel

from .models import VictimCase

CASE_PANELS: list[Callable[[HttpRequest, VictimCase], Panel | None]] = []


def panels_for(request: HttpRequest, case: VictimCase) -> list[Panel]:
    return [panel for build in CASE_PANELS if (panel := build(request, case)) is not None]
