"""The ILO scoring rule (scoring.py), tested against hand-worked examples — on a small list built here, so
that each case shows the rule, not the data — and on the shipped lists."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thb.victims.indicators import DIMENSIONS, Indicator, IndicatorList
from thb.victims.scoring import UnknownIndicatorError, assess, dimension_present

CODES = {
    "deceptive_recruitment": "DR",
    "coercive_recruitment": "CR",
    "recruitment_abuse_of_vulnerability": "RV",
    "exploitative_conditions": "EC",
    "coercion_at_destination": "CD",
    "abuse_of_vulnerability_at_destination": "VD",
}


def _list(name: str) -> IndicatorList:
    """Each dimension gets 2 strong (S1, S2), 3 medium (M1 to M3), 2 weak (W1, W2): ids like ``DR-S1``."""
    items = []
    for dimension in DIMENSIONS:
        for strength, letter, count in (("strong", "S", 2), ("medium", "M", 3), ("weak", "W", 2)):
            for n in range(1, count + 1):
                code = f"{CODES[dimension]}-{letter}{n}"
                items.append(
                    Indicator(code, dimension, strength, {"en": code, "fr": code, "nl": code, "de": code})
                )
    return IndicatorList(name, {"en": name}, False, tuple(items))


ADULT, CHILD = _list("adult_labour"), _list("child_labour")


@pytest.mark.parametrize(
    ("strong", "medium", "weak", "present"),
    [
        (2, 0, 0, True),  # 2 strong
        (1, 1, 0, True),  # 1 strong + 1 medium
        (1, 0, 1, True),  # 1 strong + 1 weak
        (0, 3, 0, True),  # 3 medium
        (0, 2, 1, True),  # 2 medium + 1 weak
        (1, 0, 0, False),  # a strong alone
        (0, 2, 0, False),
        (0, 1, 2, False),  # 1 medium + 2 weak
        (0, 0, 2, False),  # weak ones never suffice
        (0, 0, 0, False),
    ],
)
def test_a_dimension_is_present_by_the_ilo_combinations(strong, medium, weak, present):
    assert dimension_present(strong, medium, weak) is present


def test_worked_example_adult_with_all_three_elements_is_a_signal():
    # Deceived about the job (strong) + about wages (medium); excessive hours (strong) + low pay (medium);
    # documents confiscated (strong) + debt bondage (strong).
    result = assess(ADULT, ["DR-S1", "DR-M1", "EC-S1", "EC-M1", "CD-S1", "CD-S2"])
    assert result.victim is True
    assert [n for n, r in result.dimensions.items() if r.present] == [
        "deceptive_recruitment",
        "exploitative_conditions",
        "coercion_at_destination",
    ]
    assert result.reasons[-1] == "This is a signal for professionals, not a legal decision."


def test_worked_example_adult_without_the_means_element_is_no_signal():
    result = assess(ADULT, ["DR-S1", "DR-M1", "EC-S1", "EC-M1", "CD-M1", "VD-M1"])
    assert result.victim is False
    assert "missing coercion or abuse at destination" in result.reasons[-2]


def test_worked_example_the_same_facts_for_a_child_are_a_signal():
    """No means element is needed for children."""
    assert assess(CHILD, ["DR-S1", "DR-M1", "EC-S1", "EC-M1", "CD-M1", "VD-M1"]).victim is True


def test_worked_example_recruitment_by_two_medium_and_a_weak_in_another_dimension_is_not_enough():
    # 2 medium in deceptive recruitment + 1 weak in coercive recruitment: the weak one counts in its own
    # dimension only, so no recruitment dimension is present.
    result = assess(CHILD, ["DR-M1", "DR-M2", "CR-W1", "EC-S1", "EC-S2"])
    assert result.victim is False
    assert result.dimensions["deceptive_recruitment"].present is False
    assert result.dimensions["deceptive_recruitment"].medium == 2


def test_exploitation_is_always_required():
    result = assess(CHILD, ["DR-S1", "DR-S2", "CR-S1", "CR-M1", "EC-M1", "EC-W1"])
    assert result.victim is False and result.dimensions["exploitative_conditions"].present is False


def test_a_ticked_id_counts_once_and_unknown_ids_are_refused():
    assert assess(ADULT, ["DR-S1", "DR-S1"]).dimensions["deceptive_recruitment"].strong == 1
    with pytest.raises(UnknownIndicatorError) as error:
        assess(ADULT, ["DR-S1", "XX-99"])
    assert error.value.unknown == ["XX-99"]


@given(st.lists(st.sampled_from([i.id for i in ADULT.indicators]), max_size=30))
def test_the_signal_follows_the_rule_for_any_selection(ticked):
    adult, child = assess(ADULT, ticked), assess(CHILD, ticked)
    present = {n: r.present for n, r in adult.dimensions.items()}
    recruitment = (
        present["deceptive_recruitment"]
        or present["coercive_recruitment"]
        or present["recruitment_abuse_of_vulnerability"]
    )
    assert child.victim == (recruitment and present["exploitative_conditions"])
    assert adult.victim == (
        child.victim
        and (present["coercion_at_destination"] or present["abuse_of_vulnerability_at_destination"])
    )
    assert adult.victim <= child.victim  # whoever is signalled as an adult is signalled as a child
