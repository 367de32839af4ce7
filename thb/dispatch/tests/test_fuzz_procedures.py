"""Property tests of procedure files and facts (issue 4, "done when": malformed YAML and unknown facts get
clear errors): whatever the input, the parser answers with located errors, never an exception."""

from __future__ import annotations

import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from thb.dispatch.facts import FACT_VALUES, Facts
from thb.dispatch.procedure import parse_procedure
from thb.dispatch.services.procedures import DEFAULT_PROCEDURE

SOURCE = DEFAULT_PROCEDURE.read_text(encoding="utf-8")
LINES = SOURCE.splitlines(keepends=True)

plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=25,
)


def _assert_located(text: str) -> None:
    result = parse_procedure(text)
    if result.ok:
        return
    assert result.errors
    for error in result.errors:
        assert error.message
        assert 0 <= error.line <= text.count("\n") + 2


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gets_errors_not_exceptions(text):
    _assert_located(text)


@settings(max_examples=150, deadline=None)
@given(plain)
def test_any_plain_yaml_structure_gets_errors_not_exceptions(data):
    _assert_located(yaml.safe_dump(data, allow_unicode=True))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["drop", "double", "garble", "indent"]),
            st.integers(min_value=0, max_value=len(LINES) - 1),
            st.text(min_size=1, max_size=3),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_a_damaged_default_procedure_gets_located_errors(edits):
    lines = list(LINES)
    for action, index, junk in edits:
        index = min(index, len(lines) - 1)
        if action == "drop":
            del lines[index]
        elif action == "double":
            lines.insert(index, lines[index])
        elif action == "garble":
            lines[index] = junk + lines[index][len(junk) :]
        else:
            lines[index] = " " + lines[index]
        if not lines:
            break
    _assert_located("".join(lines))


fact_names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=20).filter(
    lambda name: name not in FACT_VALUES and name not in {"any", "all", "not"}
)


@settings(max_examples=100, deadline=None)
@given(fact_names)
def test_an_unknown_fact_in_a_rule_is_named_in_the_error(name):
    text = SOURCE.replace("      immediate_danger: true\n    refer:", f"      {name}: true\n    refer:", 1)
    result = parse_procedure(text)
    assert not result.ok
    assert any(
        f"unknown fact {name!r}" in e.message and e.path == f"rules[1].when.{name}" for e in result.errors
    )


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=25), plain, max_size=6))
def test_facts_are_either_valid_or_refused_with_a_validation_error(data):
    try:
        facts = Facts.model_validate(data)
    except ValidationError as exc:
        assert exc.errors()
    else:
        assert set(facts.as_dict()) <= set(FACT_VALUES)
        json.dumps(facts.as_dict())
