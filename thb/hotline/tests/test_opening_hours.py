"""Opening hours of the hotline line: open now / next opening, Belgian public holidays, DST, validation."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import holidays
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from thb.core.exceptions import ValidationFailedError
from thb.hotline.opening_hours import (
    BRUSSELS,
    is_public_holiday,
    opening_status,
    public_holiday_name,
    validate_opening_hours,
    weekly_table,
)

# The seed line's hours (data/public_content.json): Monday-Friday 08:00-20:00, Saturday 10:00-16:00.
SEED = {str(day): [["08:00", "20:00"]] for day in range(1, 6)} | {"6": [["10:00", "16:00"]]}


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)  # type: ignore[misc]


def status(at: datetime, hours: dict | None = None, *, holidays_closed: bool = True):
    return opening_status(SEED if hours is None else hours, closed_on_public_holidays=holidays_closed, at=at)


# -- the seed week -------------------------------------------------------------------------------------------


def test_a_weekday_noon_is_open_until_eight_in_the_evening():
    result = status(local(2026, 3, 9, 12, 0))  # Monday
    assert result.is_open
    assert result.closes_at == local(2026, 3, 9, 20, 0)
    assert result.next_opening is None


def test_opening_time_is_inclusive_and_closing_time_exclusive():
    assert status(local(2026, 3, 9, 8, 0)).is_open
    assert not status(local(2026, 3, 9, 7, 59)).is_open
    closed = status(local(2026, 3, 9, 20, 0))
    assert not closed.is_open
    assert closed.next_opening == local(2026, 3, 10, 8, 0)


def test_a_weekday_evening_is_closed_until_the_next_morning():
    result = status(local(2026, 3, 9, 21, 30))
    assert not result.is_open
    assert result.closes_at is None
    assert result.next_opening == local(2026, 3, 10, 8, 0)


def test_friday_evening_opens_on_saturday_at_ten():
    assert status(local(2026, 3, 13, 20, 30)).next_opening == local(2026, 3, 14, 10, 0)


def test_saturday_is_open_from_ten_to_four():
    assert status(local(2026, 3, 14, 11, 0)).closes_at == local(2026, 3, 14, 16, 0)
    assert status(local(2026, 3, 14, 9, 0)).next_opening == local(2026, 3, 14, 10, 0)
    assert status(local(2026, 3, 14, 17, 0)).next_opening == local(2026, 3, 16, 8, 0)


def test_sunday_is_closed_and_opens_on_monday_morning():
    result = status(local(2026, 3, 15, 12, 0))
    assert not result.is_open
    assert result.next_opening == local(2026, 3, 16, 8, 0)


def test_intervals_may_be_listed_in_any_order():
    hours = {"1": [["14:00", "18:00"], ["08:00", "12:00"]]}
    assert status(local(2026, 3, 9, 13, 0), hours).next_opening == local(2026, 3, 9, 14, 0)
    assert status(local(2026, 3, 9, 9, 0), hours).closes_at == local(2026, 3, 9, 12, 0)


def test_touching_intervals_count_as_one_opening():
    hours = {"1": [["08:00", "12:00"], ["12:00", "18:00"]]}
    assert status(local(2026, 3, 9, 9, 0), hours).closes_at == local(2026, 3, 9, 18, 0)


# -- Belgian public holidays ---------------------------------------------------------------------------------


def test_christmas_day_is_closed_and_opens_the_next_day():
    result = status(local(2026, 12, 25, 10, 0))  # a Friday
    assert not result.is_open
    assert result.public_holiday_today
    assert result.next_opening == local(2026, 12, 26, 10, 0)  # Saturday hours


def test_national_day_is_closed():
    result = status(local(2026, 7, 21, 10, 0))  # a Tuesday
    assert not result.is_open
    assert result.public_holiday_today
    assert result.next_opening == local(2026, 7, 22, 8, 0)


def test_the_evening_before_a_holiday_skips_the_holiday():
    assert status(local(2026, 12, 24, 21, 0)).next_opening == local(2026, 12, 26, 10, 0)


@pytest.mark.parametrize(
    "day",
    ["2026-01-01", "2026-04-06", "2026-05-01", "2026-05-14", "2026-05-25", "2026-08-15", "2026-11-11"],
)
def test_belgian_public_holidays_are_known(day):
    assert is_public_holiday(datetime.fromisoformat(day).date())


def test_the_special_days_of_the_property_tests_include_the_dst_sundays():
    assert {date(2026, 3, 29), date(2026, 10, 25), date(2026, 12, 25)} <= set(SPECIAL_DAYS)


def test_an_ordinary_day_is_not_a_holiday():
    assert not is_public_holiday(datetime(2026, 3, 9).date())


def test_a_line_open_on_holidays_is_open_on_christmas_day():
    result = status(local(2026, 12, 25, 10, 0), holidays_closed=False)
    assert result.is_open
    assert not result.public_holiday_today


def test_a_line_open_one_weekday_whose_next_one_is_a_holiday_opens_a_week_later():
    hours = {"2": [["09:00", "12:00"]]}  # Tuesdays only; 21 July 2026 is a Tuesday
    assert status(local(2026, 7, 15, 10, 0), hours).next_opening == local(2026, 7, 28, 9, 0)


def test_holiday_names_follow_the_page_language():
    christmas = datetime(2026, 12, 25).date()
    assert public_holiday_name(christmas, "fr") == "Noël"
    assert public_holiday_name(christmas, "nl") == "Kerstmis"
    assert public_holiday_name(christmas, "en") == "Christmas Day"
    assert public_holiday_name(christmas, "ro") == "Christmas Day"  # not in the package: English


# -- daylight saving time (Europe/Brussels: last Sunday of March and of October) -----------------------------


def test_the_week_after_spring_forward_opens_at_eight_local_time():
    saturday = local(2026, 3, 28, 17, 0)  # UTC+1
    result = status(saturday)
    assert result.next_opening == local(2026, 3, 30, 8, 0)
    assert result.next_opening.utcoffset() == timedelta(hours=2)
    assert result.next_opening.astimezone(UTC) - saturday.astimezone(UTC) == timedelta(
        hours=38
    )  # 39 h on the clock, one hour skipped


def test_the_week_after_fall_back_opens_at_eight_local_time():
    saturday = local(2026, 10, 24, 17, 0)  # UTC+2
    result = status(saturday)
    assert result.next_opening == local(2026, 10, 26, 8, 0)
    assert result.next_opening.utcoffset() == timedelta(hours=1)
    assert result.next_opening.astimezone(UTC) - saturday.astimezone(UTC) == timedelta(
        hours=40
    )  # 39 h on the clock, one hour repeated


def test_an_interval_across_the_spring_gap_lasts_one_hour_less():
    hours = {"7": [["01:00", "04:00"]]}
    assert status(local(2026, 3, 29, 0, 30), hours).next_opening == local(2026, 3, 29, 1, 0)
    open_ = status(datetime(2026, 3, 29, 0, 30, tzinfo=UTC), hours)  # 01:30 UTC+1
    assert open_.is_open
    assert open_.closes_at.astimezone(UTC) == datetime(2026, 3, 29, 2, 0, tzinfo=UTC)  # 04:00 UTC+2


def test_an_opening_inside_the_spring_gap_starts_when_the_clocks_jump():
    hours = {"7": [["02:30", "04:00"]]}
    result = status(local(2026, 3, 28, 23, 0), hours)
    assert result.next_opening.astimezone(UTC) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # 03:00 UTC+2


def test_an_interval_in_the_repeated_autumn_hour_covers_both_occurrences():
    hours = {"7": [["02:00", "03:00"]]}
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 UTC+2
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 UTC+1
    assert status(first, hours).is_open
    assert status(second, hours).is_open
    assert status(second, hours).closes_at.astimezone(UTC) == datetime(2026, 10, 25, 2, 0, tzinfo=UTC)


# -- night shifts, always open, never open -------------------------------------------------------------


def test_a_night_shift_written_as_two_intervals_is_one_opening():
    hours = {"5": [["22:00", "24:00"]], "6": [["00:00", "06:00"]]}
    result = status(local(2026, 3, 13, 23, 0), hours, holidays_closed=False)
    assert result.is_open
    assert result.closes_at == local(2026, 3, 14, 6, 0)
    assert status(local(2026, 3, 14, 3, 0), hours, holidays_closed=False).closes_at == local(
        2026, 3, 14, 6, 0
    )


def test_a_line_open_around_the_clock_has_no_closing_time():
    hours = {str(day): [["00:00", "24:00"]] for day in range(1, 8)}
    result = status(local(2026, 3, 9, 3, 0), hours, holidays_closed=False)
    assert result.is_open
    assert result.closes_at is None


def test_a_line_open_around_the_clock_closes_for_the_next_holiday():
    hours = {str(day): [["00:00", "24:00"]] for day in range(1, 8)}
    assert status(local(2026, 12, 20, 3, 0), hours).closes_at == local(2026, 12, 25, 0, 0)


def test_a_line_without_hours_is_closed_with_no_next_opening():
    result = status(local(2026, 3, 9, 12, 0), {})
    assert not result.is_open
    assert result.next_opening is None
    assert result.closes_at is None


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="aware"):
        opening_status(SEED, closed_on_public_holidays=True, at=datetime(2026, 3, 9, 12, 0))


# -- validation ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "says"),
    [
        ([["08:00", "20:00"]], "weekdays 1 (Monday) to 7 (Sunday)"),
        ({"8": [["08:00", "20:00"]]}, "Unknown weekday"),
        ({"0": []}, "Unknown weekday"),
        ({1: [["08:00", "20:00"]]}, "Unknown weekday"),
        ({"1": "08:00-20:00"}, "give a list of intervals"),
        ({"1": [["08:00"]]}, "pair of times"),
        ({"1": [["8:00", "20:00"]]}, "is not a time"),
        ({"1": [["08:00", "25:00"]]}, "is not a time"),
        ({"1": [["08:60", "20:00"]]}, "is not a time"),
        ({"1": [["24:00", "24:00"]]}, "is not a time"),
        ({"1": [[8, 20]]}, "is not a time"),
        ({"1": [["20:00", "08:00"]]}, "ends before it starts"),
        ({"1": [["08:00", "08:00"]]}, "ends before it starts"),
        ({"1": [["08:00", "12:00"], ["11:00", "14:00"]]}, "overlap"),
        ({"1": [["08:00", "20:00"], ["09:00", "10:00"]]}, "overlap"),
    ],
)
def test_bad_opening_hours_are_refused_with_a_clear_message(hours, says):
    with pytest.raises(ValidationFailedError) as caught:
        validate_opening_hours(hours)
    assert caught.value.field == "opening_hours"
    assert says in caught.value.message


def test_the_error_names_the_day():
    with pytest.raises(ValidationFailedError, match="Tuesday"):
        validate_opening_hours({"2": [["08:00", "12:00"], ["11:00", "14:00"]]})


def test_the_end_of_the_day_is_written_24_00():
    assert validate_opening_hours({"7": [["22:00", "24:00"]]})[7] == [(22 * 60, 24 * 60)]


def test_the_weekly_table_lists_seven_days_from_monday():
    table = weekly_table(SEED)
    assert [day.name for day in table][:2] == ["Monday", "Tuesday"]
    assert table[0].intervals == (("08:00", "20:00"),)
    assert table[5].intervals == (("10:00", "16:00"),)
    assert table[6].intervals == ()


# -- properties ---------------------------------------------------------------------------------------


@st.composite
def weeks(draw) -> dict[str, list[list[str]]]:
    """Random valid weeks: per day, up to three intervals on a 15-minute grid, listed in any order."""
    hours: dict[str, list[list[str]]] = {}
    for day in range(1, 8):
        marks = sorted(draw(st.lists(st.integers(0, 96), unique=True, max_size=6)))
        intervals = [
            [
                f"{marks[i] * 15 // 60:02d}:{marks[i] * 15 % 60:02d}",
                f"{marks[i + 1] * 15 // 60:02d}:{marks[i + 1] * 15 % 60:02d}",
            ]
            for i in range(0, len(marks) - 1, 2)
        ]
        if draw(st.booleans()):
            intervals.reverse()
        if intervals or draw(st.booleans()):
            hours[str(day)] = intervals
    return hours


def _last_sunday(year: int, month: int) -> date:
    last = date(year, month, 31)
    return last - timedelta(days=(last.weekday() + 1) % 7)


# Public holidays and the days the clocks change are where the rules bite: drawn often, not 3 % of the time.
SPECIAL_DAYS = sorted(
    set(holidays.Belgium(years=range(2024, 2031)))
    | {_last_sunday(year, month) for year in range(2024, 2031) for month in (3, 10)}
)
any_instant = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)
special_instant = st.builds(
    lambda day, seconds: (
        datetime.combine(day, time(), tzinfo=BRUSSELS).astimezone(UTC) + timedelta(seconds=seconds)
    ),
    st.sampled_from(SPECIAL_DAYS),
    st.integers(-3600, 26 * 3600),
)
instants = st.one_of(any_instant, special_instant)


def _wall(moment: datetime) -> tuple[int, int, bool]:
    """(ISO weekday, minutes after midnight, ambiguous) of ``moment`` on the Brussels clock."""
    here = moment.astimezone(BRUSSELS)
    naive = here.replace(tzinfo=None)
    ambiguous = (
        naive.replace(tzinfo=BRUSSELS, fold=0).utcoffset()
        != naive.replace(tzinfo=BRUSSELS, fold=1).utcoffset()
    )
    return here.isoweekday(), here.hour * 60 + here.minute, ambiguous


def _inside(hours: dict, weekday: int, minutes: int) -> bool:
    week = validate_opening_hours(hours)
    return any(start <= minutes < end for start, end in week[weekday])


PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(hours=weeks(), at=instants, holidays_closed=st.booleans())
def test_open_exactly_when_the_clock_is_inside_an_interval_on_a_working_day(hours, at, holidays_closed):
    """On the Brussels clock (outside the repeated autumn hour, where "first occurrence" is the rule)."""
    weekday, minutes, ambiguous = _wall(at)
    assume(not ambiguous)
    holiday = holidays_closed and is_public_holiday(at.astimezone(BRUSSELS).date())
    result = opening_status(hours, closed_on_public_holidays=holidays_closed, at=at)
    assert result.is_open == (_inside(hours, weekday, minutes) and not holiday)
    assert result.public_holiday_today == holiday


@PROPERTY_SETTINGS
@given(hours=weeks(), at=instants, holidays_closed=st.booleans())
def test_the_next_opening_is_open_after_a_closed_stretch(hours, at, holidays_closed):
    result = opening_status(hours, closed_on_public_holidays=holidays_closed, at=at)
    if result.is_open:  # move to the closing time rather than filter: closed there (tested below)
        assume(result.closes_at is not None)
        at = result.closes_at.astimezone(UTC)
        result = opening_status(hours, closed_on_public_holidays=holidays_closed, at=at)
    assert not result.is_open
    if not any(hours.values()):
        assert result.next_opening is None
        return
    assert result.next_opening is not None
    assert result.next_opening > at
    if not holidays_closed:
        assert result.next_opening - at <= timedelta(days=7, hours=1)  # one DST hour at most
    assert opening_status(hours, closed_on_public_holidays=holidays_closed, at=result.next_opening).is_open
    # Arithmetic in UTC: on aware datetimes sharing a tzinfo, Python adds and subtracts wall-clock time.
    just_before = result.next_opening.astimezone(UTC) - timedelta(seconds=1)
    if just_before >= at:
        assert not opening_status(hours, closed_on_public_holidays=holidays_closed, at=just_before).is_open


@PROPERTY_SETTINGS
@given(hours=weeks(), at=instants, holidays_closed=st.booleans())
def test_an_open_line_closes_later_and_is_closed_then(hours, at, holidays_closed):
    result = opening_status(hours, closed_on_public_holidays=holidays_closed, at=at)
    if not result.is_open:  # move to the next opening rather than filter: open there (tested above)
        assume(result.next_opening is not None)
        at = result.next_opening.astimezone(UTC)
        result = opening_status(hours, closed_on_public_holidays=holidays_closed, at=at)
    assert result.is_open
    assert result.next_opening is None
    if result.closes_at is None:  # open around the clock for the whole horizon
        return
    assert result.closes_at > at
    assert not opening_status(hours, closed_on_public_holidays=holidays_closed, at=result.closes_at).is_open
    assert opening_status(
        hours,
        closed_on_public_holidays=holidays_closed,
        at=result.closes_at.astimezone(UTC) - timedelta(seconds=1),
    ).is_open
