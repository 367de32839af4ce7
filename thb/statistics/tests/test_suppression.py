"""Small-cell suppression (issue 9 §4): no published breakdown shows a count from 1 to the threshold - 1,
directly or by subtracting the shown counts from the total."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from thb.statistics.suppression import suppress, suppress_value


def test_small_counts_are_hidden_and_one_more_so_that_the_total_does_not_give_them_away():
    published = suppress({"fr": 12, "nl": 3, "de": 0, "en": 7, "ro": 40}, limit=5)

    assert dict(published.cells) == {"fr": 12, "nl": None, "de": 0, "en": None, "ro": 40}
    assert published.total == 62
    assert published.shown(published.value("nl")) == "<5"


def test_two_hidden_ones_are_not_enough_when_they_sum_below_the_threshold():
    # 1 + 1 = 62 - 60: both would be known to be exactly 1
    published = suppress({"a": 1, "b": 1, "c": 20, "d": 40}, limit=5)

    assert dict(published.cells) == {"a": None, "b": None, "c": None, "d": 40}


def test_counts_of_one_that_sum_to_the_total_hide_the_total():
    # 1+1+1+1+1 = 5 with the total shown: each would be known to be exactly 1
    published = suppress({"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "f": 0}, limit=5)

    assert published.total is None
    assert dict(published.cells) == {"a": None, "b": None, "c": None, "d": None, "e": None, "f": 0}


def test_a_small_total_hides_everything_but_zeros():
    published = suppress({"a": 3, "b": 0, "c": 1}, limit=5)

    assert published.total is None
    assert dict(published.cells) == {"a": None, "b": 0, "c": None}


def test_nothing_is_hidden_when_nothing_is_small():
    published = suppress([("a", 5), ("b", 0), ("c", 9)], limit=5)

    assert published.cells == (("a", 5), ("b", 0), ("c", 9))
    assert published.hidden_count == 0


def test_a_preferred_category_takes_the_secondary_suppression():
    published = suppress({"none": 300, "X1": 3, "X2": 8}, limit=5, prefer=["none"])

    assert dict(published.cells) == {"none": None, "X1": None, "X2": 8}


def test_the_threshold_comes_from_the_settings(settings):
    settings.THB_SMALL_CELL_THRESHOLD = 10
    assert suppress({"a": 7, "b": 30, "c": 12}).value("a") is None
    assert suppress_value(9) is None
    assert suppress_value(0) == 0
    assert suppress_value(10) == 10


def _interval_of_each_hidden_cell(cells, total, limit):
    """What someone who knows the rules can learn: each hidden count lies in [low, high]."""
    hidden = [key for key, value in cells if value is None]
    if total is None or not hidden:
        return {}
    rest = total - sum(value for _key, value in cells if value is not None)
    # every hidden count is at least 1 (zeros are shown) and the others are at least 1 too
    return {key: (1, rest - (len(hidden) - 1)) for key in hidden}


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=12),
    st.integers(min_value=2, max_value=10),
)
def test_no_small_count_can_be_read_or_derived(values, limit):
    counts = [(f"k{index}", value) for index, value in enumerate(values)]
    published = suppress(counts, limit=limit)
    truth = dict(counts)

    for key, value in published.cells:
        assert value is None or value == truth[key]
        assert value is None or not 0 < value < limit, "a small count is shown"
    assert published.total is None or published.total == sum(values)
    assert published.total is None or published.total >= limit or published.total == 0
    for key, (low, high) in _interval_of_each_hidden_cell(published.cells, published.total, limit).items():
        if 0 < truth[key] < limit:
            assert low < high, f"{key} = {truth[key]} can be derived from the total"
