"""The public site's information pages (issue 3 §1): no login, no JavaScript needed, phones first.

Everything a reader needs is computed on the server: whether the line is open now is worked out from the
opening hours (``opening_hours.py``) at the time of the request, so the page needs no script and shows the
right answer on any phone. Fixed strings go through gettext; the texts of the line and the information pages
come from the database, per language, with the English/French fallback of ``selectors.language_chain``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import phonenumbers
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from thb.core.exceptions import ValidationFailedError

from .campaign_codes import normalise_campaign_code
from .models import HotlineLine
from .opening_hours import BRUSSELS, DayHours, opening_status, public_holiday_name, weekly_table
from .selectors import active_hotline_line, info_page_text, info_pages_for

logger = logging.getLogger(__name__)


def current_time() -> datetime:
    """The time the pages compute "open now" for; a function so that tests can freeze it."""
    return timezone.now()


@dataclass(frozen=True)
class LineView:
    """What the home page shows of the hotline line. ``hours_known`` is False when the stored opening hours
    are not valid: the page then shows the number without hours rather than failing."""

    number: str  # as written for people: "0800 00 000"
    tel_uri: str  # "tel:+3280000000"
    spoken: str  # digit by digit for screen readers: "0 8 0 0, 0 0, 0 0 0"
    toll_free: bool
    hours_known: bool = False
    status_text: str = ""  # "Open now, until 20:00." / "Closed now. Opens tomorrow at 08:00."
    is_open: bool = False
    holiday_text: str = ""
    table: tuple[DayHours, ...] = ()
    closed_on_public_holidays: bool = True


def tel_uri(number: str) -> str:
    """A ``tel:`` URI (RFC 3966) in international form, so that it also dials from a foreign SIM card."""
    try:
        parsed = phonenumbers.parse(number, "BE")
    except phonenumbers.NumberParseException:
        return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")
    return "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def spoken_number(number: str) -> str:
    """The number digit by digit, groups separated by a pause, so that screen readers do not read
    "0800" as "eight hundred"."""
    groups = ["".join(ch for ch in group if ch.isdigit() or ch == "+") for group in number.split()]
    return ", ".join(" ".join(group) for group in groups if group)


def _hhmm(moment: datetime) -> str:
    return f"{moment.astimezone(BRUSSELS):%H:%M}"


def status_text(
    *, is_open: bool, closes_at: datetime | None, next_opening: datetime | None, now: datetime
) -> str:
    """The sentence of "open now" / "closed now, opens …" in the active language."""
    if is_open:
        if closes_at is None:
            return _("Open now, 24 hours a day.")
        today = now.astimezone(BRUSSELS).date()
        closing_day = closes_at.astimezone(BRUSSELS).date()
        # "until 06:00" is clear for a night shift; a longer opening names the day it ends.
        if closing_day == today or (closing_day == today + timedelta(days=1) and closes_at.hour < 12):
            return _("Open now, until %(time)s.") % {"time": _hhmm(closes_at)}
        return _("Open now, until %(weekday)s at %(time)s.") % {
            "time": _hhmm(closes_at),
            "weekday": date_format(closing_day, "l"),
        }
    if next_opening is None:
        return _("The telephone line is closed for now. You can write to us with the form.")
    today = now.astimezone(BRUSSELS).date()
    day = next_opening.astimezone(BRUSSELS).date()
    values = {"time": _hhmm(next_opening)}
    if day == today:
        return _("Closed now. Opens today at %(time)s.") % values
    if day == today + timedelta(days=1):
        return _("Closed now. Opens tomorrow at %(time)s.") % values
    if day < today + timedelta(days=7):
        return _("Closed now. Opens on %(weekday)s at %(time)s.") % {
            **values,
            "weekday": date_format(day, "l"),
        }
    # The weekday and the localised day and month ("lundi 6 avril", "Montag 6. April").
    when = f"{date_format(day, 'l')} {date_format(day, 'MONTH_DAY_FORMAT')}"
    return _("Closed now. Opens on %(date)s at %(time)s.") % {**values, "date": when}


def line_view(line: HotlineLine, *, now: datetime, language: str) -> LineView:
    """The line as the home page shows it: number, whether it is open at ``now``, the week's hours."""
    number = LineView(
        number=line.phone_number,
        tel_uri=tel_uri(line.phone_number),
        spoken=spoken_number(line.phone_number),
        toll_free=line.toll_free,
    )
    try:
        status = opening_status(
            line.opening_hours, closed_on_public_holidays=line.closed_on_public_holidays, at=now
        )
        table = weekly_table(line.opening_hours)
    except ValidationFailedError as exc:
        logger.warning("Hotline line %s has invalid opening hours: %s", line.uuid, exc.message)
        return number
    holiday_text = ""
    if status.public_holiday_today:
        name = public_holiday_name(status.at.date(), language) or ""
        holiday_text = _("Today is a public holiday (%(name)s): the telephone line is closed.") % {
            "name": name
        }
    return replace(
        number,
        hours_known=True,
        status_text=status_text(
            is_open=status.is_open, closes_at=status.closes_at, next_opening=status.next_opening, now=now
        ),
        is_open=status.is_open,
        holiday_text=holiday_text,
        table=tuple(table),
        closed_on_public_holidays=line.closed_on_public_holidays,
    )


def home(request: HttpRequest) -> HttpResponse:
    language = get_language() or "en"
    line = active_hotline_line()
    context = {
        "line": line_view(line, now=current_time(), language=language) if line else None,
        "pages": info_pages_for(language),
        # a campaign's short link lands here with its code (issue 9 §2); the report link passes it on
        "campaign": normalise_campaign_code(request.GET.get("c")) or "",
    }
    return render(request, "public/home.html", context)


def info_index(request: HttpRequest) -> HttpResponse:
    language = get_language() or "en"
    return render(request, "public/info_index.html", {"pages": info_pages_for(language)})


def info_page(request: HttpRequest, slug: str) -> HttpResponse:
    language = get_language() or "en"
    text = info_page_text(slug, language)
    if text is None:
        raise Http404()
    line = active_hotline_line()
    number = (
        LineView(
            line.phone_number, tel_uri(line.phone_number), spoken_number(line.phone_number), line.toll_free
        )
        if line
        else None
    )
    names = dict(settings.PUBLIC_LANGUAGES)
    other_languages = [
        (code, names[code]) for code in text.available_languages if code in names and code != text.language
    ]
    return render(
        request, "public/info_page.html", {"text": text, "line": number, "other_languages": other_languages}
    )
