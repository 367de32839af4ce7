"""The shipped indicator lists (data/indicators/*.json) and the commands of issue 6 §2 (contracts)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from thb.victims.indicators import DIMENSIONS, LANGUAGES, LISTS, STRENGTHS, indicator_list


@pytest.mark.parametrize("name", LISTS)
def test_each_list_is_complete_data_in_four_languages(name):
    found = indicator_list(name)
    assert found.indicators and set(found.title) >= set(LANGUAGES)
    ids = [i.id for i in found.indicators]
    assert len(ids) == len(set(ids))
    for indicator in found.indicators:
        assert indicator.dimension in DIMENSIONS and indicator.strength in STRENGTHS
        assert all(indicator.text.get(language, "").strip() for language in LANGUAGES), indicator.id
    # Every dimension has indicators, and the recruitment and exploitation rules can be met.
    assert {i.dimension for i in found.indicators} == set(DIMENSIONS)


def test_the_labour_lists_have_the_sizes_of_the_ilo_publication():
    assert len(indicator_list("adult_labour").indicators) == 67  # 10 + 10 + 16 + 9 + 15 + 7
    assert len(indicator_list("child_labour").indicators) == 65
    per_dimension = [
        sum(1 for i in indicator_list("adult_labour").indicators if i.dimension == d) for d in DIMENSIONS
    ]
    assert per_dimension == [10, 10, 16, 9, 15, 7]


def test_ids_are_unique_across_lists():
    ids = [i.id for name in LISTS for i in indicator_list(name).indicators]
    assert len(ids) == len(set(ids))


def _run(*args, stdin=None, monkeypatch=None):
    out = StringIO()
    call_command("identification", *args, stdout=out)
    return out.getvalue()


def test_the_indicators_command_prints_the_contract_shape():
    printed = json.loads(_run("indicators", "--list", "child_sexual"))
    assert printed and set(printed[0]) == {"id", "dimension", "strength", "text"}
    assert set(printed[0]["text"]) == {"fr", "nl", "de", "en"}


def test_unknown_lists_and_ids_exit_with_code_2(tmp_path):
    with pytest.raises(CommandError) as error:
        _run("indicators", "--list", "adult_forced_begging")
    assert error.value.returncode == 2 and "unknown list" in str(error.value)
    path = tmp_path / "in.json"
    for content, message in (
        ({"list": "adult_labour", "indicators": ["AL-DR-01", "nope"]}, "unknown indicator ids"),
        ({"list": "adults", "indicators": []}, "unknown list"),
        ({"list": "adult_labour", "indicators": "AL-DR-01"}, "must be a list"),
        ({"list": "adult_labour", "indicators": [], "extra": 1}, "nothing else"),
    ):
        path.write_text(json.dumps(content))
        with pytest.raises(CommandError) as error:
            _run("assess", "--input", str(path))
        assert error.value.returncode == 2 and message in str(error.value), content
    path.write_text("{not json")
    with pytest.raises(CommandError) as error:
        _run("assess", "--input", str(path))
    assert error.value.returncode == 2


def _pick(name, dimension, strength, count=1):
    found = [
        i.id for i in indicator_list(name).indicators if i.dimension == dimension and i.strength == strength
    ]
    assert len(found) >= count, (name, dimension, strength)
    return found[:count]


def test_assess_scores_a_worked_example_on_the_shipped_adult_labour_list(tmp_path):
    ticked = (
        _pick("adult_labour", "deceptive_recruitment", "strong")
        + _pick("adult_labour", "deceptive_recruitment", "medium")
        + _pick("adult_labour", "exploitative_conditions", "strong")
        + _pick("adult_labour", "exploitative_conditions", "medium")
        + _pick("adult_labour", "coercion_at_destination", "strong", 2)
    )
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"list": "adult_labour", "indicators": ticked}))
    result = json.loads(_run("assess", "--input", str(path)))
    assert result["victim"] is True and set(result) == {"victim", "dimensions", "reasons"}
    assert result["dimensions"]["coercion_at_destination"] == {
        "present": True,
        "strong": 2,
        "medium": 0,
        "weak": 0,
    }
    assert set(result["dimensions"]) == set(DIMENSIONS)
    path.write_text(json.dumps({"list": "adult_labour", "indicators": ticked[:4]}))
    assert json.loads(_run("assess", "--input", str(path)))["victim"] is False
