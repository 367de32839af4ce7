"""Panels that apps add to pages of apps below them, without those importing them (DESIGN.md §2: apps
depend downward only): the staff home page (HOME_PANELS), the victim case page (victims.panels), and the
"related reading" of a topic (RELATED_READING: the expertise library beside the hearing framework, the
identification form and the investigation pages, issue 10)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any]


# Each callable returns the panel to show on the signed-in user's home page, or None.
HOME_PANELS: list[Callable[[HttpRequest], Panel | None]] = []


def home_panels(request: HttpRequest) -> list[Panel]:
    return [panel for build in HOME_PANELS if (panel := build(request)) is not None]


# Each callable returns the panel of reading on ``topic`` for the signed-in user, or None.
RELATED_READING: list[Callable[[HttpRequest, str], Panel | None]] = []


def related_reading(request: HttpRequest, topic: str) -> list[Panel]:
    return [panel for build in RELATED_READING if (panel := build(request, topic)) is not None]
