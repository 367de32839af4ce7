"""When the hotline answers: "open now, until 20:00" or "closed now, opens Monday at 08:00" (issue 3 §1).

Pure functions without the database (DESIGN.md §3.8), so that the rule can be tested for every instant.

The opening hours are a ``HotlineLine.opening_hours`` dict: ISO weekday ("1" = Monday … "7" = Sunday) → list
of ``["HH:MM", "HH:MM"]`` intervals, in **Europe/Brussels wall-clock time** (what a caller reads on the
page). ``"24:00"`` may end an interval; a night shift that crosses midnight is written as two intervals
(``"5": [["22:00", "24:00"]], "6": [["00:00", "06:00"]]``) and is treated as one continuous opening.

Why wall-clock time, and how daylight saving time is handled: the line opens "at 08:00" whatever the UTC
offset. Each interval is turned into two instants with ``zoneinfo``; on the day clocks go back (last Sunday
of October) an ambiguous time means its first occurrence (so 02:00-03:00 lasts two hours); on the day clocks
go forward (last Sunday of March) a time that does not exist (02:00-02:59) means the instant the clocks jump
to 03:00. Instants are compared in UTC (aware datetimes with the same ``tzinfo`` are compared on their wall
time by Python, which is wrong across a transition).

Public holidays: Belgium's ten legal public holidays (New Year's Day, Easter Monday, 1 May, Ascension Day,
Whit Monday, 21 July, 15 August, 1 November, 11 November, 25 December), as set by the Royal Decree of
18 April 1974 (art. 1) implementing the Act of 4 January 1974 on public holidays, taken from the
``holidays`` package (``holidays.Belgium``; https://github.com/vacanza/holidays, module
``holidays/countries/belgium.py``), which also lists Easter Sunday and Whit Sunday (already Sundays).
When ``closed_on_public_holidays`` is true the line has no opening on those dates (Belgian calendar
dates, in Brussels time).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import holidays
from django.utils.translation import gettext as _

from thb.core.exceptions import ValidationFailedError

BRUSSELS = ZoneInfo("Europe/Brussels")
FIELD = "opening_hours"
MINUTES_PER_DAY = 24 * 60
# How far ahead to look for the next opening or the closing time: a line open on one weekday only whose
# next such day is a public holiday opens two weeks later; a year covers every calendar.
HORIZON_DAYS = 400
_TIME = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")

# A validated week: ISO weekday 1..7 → sorted, non-overlapping (start, end) minutes after local midnight.
Week = dict[int, list[tuple[int, int]]]


def _day_name(weekday: int) -> str:
    from django.utils.dates import WEEKDAYS

    return str(WEEKDAYS[weekday - 1])


def _error(message: str) -> ValidationFailedError:
    return ValidationFailedError(message, field=FIELD)


def _minutes(value: Any, *, day: str, end: bool) -> int:
    if isinstance(value, str) and (_TIME.match(value) or (end and value == "24:00")):
        hours, minutes = value.split(":")
        return int(hours) * 60 + int(minutes)
    raise _error(
        _("%(day)s: “%(value)s” is not a time; write HH:MM, from 00:00 to 24:00.")
        % {"day": day, "value": value}
    )


def format_minutes(minutes: int) -> str:
    """``480`` → ``"08:00"``; ``1440`` → ``"24:00"`` (the end of a day)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def validate_opening_hours(value: Any) -> Week:
    """Check an ``opening_hours`` dict and return it as minutes per ISO weekday, sorted.

    Refused, with a ``ValidationFailedError`` on the field ``opening_hours`` that says what is wrong: a value
    that is not a dict of lists, a key other than "1".."7", an interval that is not a pair of "HH:MM" times,
    a start of 24:00, an interval that ends before or when it starts, and overlapping intervals of one day.
    Intervals that touch (12:00-14:00 and 14:00-18:00) are allowed and count as one opening. A missing day
    is closed.
    """
    if not isinstance(value, Mapping):
        raise _error(_("Opening hours must map the weekdays 1 (Monday) to 7 (Sunday) to lists of intervals."))
    week: Week = {day: [] for day in range(1, 8)}
    for key, intervals in value.items():
        if not (isinstance(key, str) and key in {"1", "2", "3", "4", "5", "6", "7"}):
            raise _error(_("Unknown weekday “%(key)s”: use 1 (Monday) to 7 (Sunday).") % {"key": key})
        day = _day_name(int(key))
        if not isinstance(intervals, list):
            raise _error(
                _('%(day)s: give a list of intervals, for example [["08:00", "20:00"]].') % {"day": day}
            )
        parsed = []
        for interval in intervals:
            if not (isinstance(interval, (list, tuple)) and len(interval) == 2):
                raise _error(
                    _('%(day)s: each interval is a pair of times, for example ["08:00", "20:00"].')
                    % {"day": day}
                )
            start = _minutes(interval[0], day=day, end=False)
            end = _minutes(interval[1], day=day, end=True)
            if end <= start:
                raise _error(
                    _("%(day)s: the interval %(start)s-%(end)s ends before it starts.")
                    % {"day": day, "start": interval[0], "end": interval[1]}
                )
            parsed.append((start, end))
        parsed.sort()
        for (first_start, first_end), (second_start, second_end) in pairwise(parsed):
            if second_start < first_end:
                raise _error(
                    _("%(day)s: the intervals %(first)s and %(second)s overlap.")
                    % {
                        "day": day,
                        "first": f"{format_minutes(first_start)}-{format_minutes(first_end)}",
                        "second": f"{format_minutes(second_start)}-{format_minutes(second_end)}",
                    }
                )
        week[int(key)] = parsed
    return week


@lru_cache(maxsize=16)
def _belgian_holidays(first_year: int, last_year: int) -> holidays.HolidayBase:
    return holidays.Belgium(years=range(first_year, last_year + 1))


def is_public_holiday(day: date) -> bool:
    """Whether ``day`` is a Belgian public holiday (see the module docstring for the source)."""
    return day in _belgian_holidays(day.year, day.year)


def public_holiday_name(day: date, language: str) -> str | None:
    """The holiday's name in ``language`` when the package has it (fr, nl, de, en), else in English."""
    code = {"fr": "fr", "nl": "nl", "de": "de"}.get(language.split("-")[0], "en_US")
    names = holidays.Belgium(years=day.year, language=code)
    return names.get(day)


def _instant(day: date, minutes: int) -> datetime:
    """The UTC instant of the Brussels wall time ``minutes`` after midnight of ``day`` (see the module
    docstring: ambiguous → first occurrence; non-existent → the instant the clocks jump to)."""
    naive = datetime.combine(day, time()) + timedelta(minutes=minutes)
    for shift in range(0, 181):  # a DST gap is one hour; look a little further for odd zones
        candidate = naive + timedelta(minutes=shift)
        aware = candidate.replace(tzinfo=BRUSSELS, fold=0)
        if aware.astimezone(UTC).astimezone(BRUSSELS).replace(tzinfo=None) == candidate:
            return aware.astimezone(UTC)
    return naive.replace(tzinfo=BRUSSELS).astimezone(UTC)  # pragma: no cover - no zone has such a gap


def _openings(
    week: Week, *, closed_on_public_holidays: bool, first_day: date
) -> Iterator[tuple[datetime, datetime]]:
    """The line's openings as UTC instants, in order, from ``first_day`` on, with openings that touch
    (a night shift written as 22:00-24:00 + 00:00-06:00) merged into one."""
    if not any(week.values()):
        return
    pending: tuple[datetime, datetime] | None = None
    for offset in range(HORIZON_DAYS + 1):
        day = first_day + timedelta(days=offset)
        if closed_on_public_holidays and is_public_holiday(day):
            continue
        for start_minutes, end_minutes in week[day.isoweekday()]:
            start, end = _instant(day, start_minutes), _instant(day, end_minutes)
            if end <= start:  # wholly inside the spring-forward gap
                continue
            if pending is not None and start <= pending[1]:
                pending = (pending[0], max(pending[1], end))
                continue
            if pending is not None:
                yield pending
            pending = (start, end)
    if pending is not None:
        yield pending


@dataclass(frozen=True)
class OpeningStatus:
    """Whether the line answers at ``at``; times are aware datetimes in Europe/Brussels (for arithmetic,
    convert to UTC first: Python adds and subtracts wall-clock time on datetimes that share a tzinfo).

    ``closes_at`` is set when open (None: no closing within the horizon, i.e. open around the clock);
    ``next_opening`` when closed (None: the line has no opening hours at all). ``public_holiday_today`` says
    that today is a Belgian public holiday on which the line is closed.
    """

    at: datetime
    is_open: bool
    closes_at: datetime | None
    next_opening: datetime | None
    public_holiday_today: bool


def opening_status(
    opening_hours: Mapping[str, Any], *, closed_on_public_holidays: bool, at: datetime
) -> OpeningStatus:
    """Open now and until when, or closed and the next opening (module docstring: DST and holidays).

    ``at`` must be timezone-aware; the opening hours are validated first (``ValidationFailedError``).
    """
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("opening_status needs an aware datetime")
    week = validate_opening_hours(opening_hours)
    now = at.astimezone(UTC)
    today = now.astimezone(BRUSSELS).date()
    holiday_today = closed_on_public_holidays and is_public_holiday(today)
    # Start the day before: yesterday's night shift may still be running.
    for start, end in _openings(
        week, closed_on_public_holidays=closed_on_public_holidays, first_day=today - timedelta(days=1)
    ):
        if end <= now:
            continue
        local = at.astimezone(BRUSSELS)
        if start <= now:
            horizon_end = _instant(today + timedelta(days=HORIZON_DAYS), 0)
            closes_at = None if end >= horizon_end else end.astimezone(BRUSSELS)
            return OpeningStatus(local, True, closes_at, None, holiday_today)
        return OpeningStatus(local, False, None, start.astimezone(BRUSSELS), holiday_today)
    return OpeningStatus(at.astimezone(BRUSSELS), False, None, None, holiday_today)


@dataclass(frozen=True)
class DayHours:
    weekday: int  # ISO: 1 = Monday
    name: str  # in the active language
    intervals: tuple[tuple[str, str], ...]  # ("08:00", "20:00"); empty when closed


def weekly_table(opening_hours: Mapping[str, Any]) -> list[DayHours]:
    """The week from Monday to Sunday for the opening-hours table of the public page."""
    week = validate_opening_hours(opening_hours)
    return [
        DayHours(
            weekday=day,
            name=_day_name(day),
            intervals=tuple((format_minutes(start), format_minutes(end)) for start, end in week[day]),
        )
        for day in range(1, 8)
    ]
