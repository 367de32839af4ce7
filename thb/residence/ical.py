"""The deadline calendar of an owner as iCalendar (RFC 5545; issue 7 §2: "deadline calendar export
(iCalendar) per owner"). One all-day event per open action, with the case's reference (a pseudonymous
code) and a link — never the person's name (DESIGN.md §4) — and an alarm the day before."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .labels import ACTIONS, OWNERS
from .models import ResidenceAction


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continuations starting with a space (RFC 5545 §3.1)."""
    out: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def calendar(actions: Iterable[ResidenceAction], *, name: str, now: datetime | None = None) -> str:
    stamp = (now or timezone.now()).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    base = settings.THB_BASE_URL.rstrip("/")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//THB Platform//Residence deadlines//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for action in actions:
        link = base + reverse("residence:procedure", kwargs={"procedure_uuid": action.procedure.uuid})
        summary = f"{ACTIONS.get(action.action, action.action)} · {action.procedure.case.reference}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{action.uuid}@thb-platform",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{action.due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{action.due + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(str(OWNERS.get(action.owner, action.owner)) + ' · ' + link)}",
            f"URL:{link}",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "TRIGGER:-P1D",
            f"DESCRIPTION:{_escape(str(ACTIONS.get(action.action, action.action)))}",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
