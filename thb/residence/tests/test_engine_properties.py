"""Property tests of the residence engine (issue 7, "property tests show no event sequence crashes it"):
any sequence either gives a consistent state or is refused with EventNotAllowedError / ResidenceInputError;
a sequence built only from the events the rules allow is always accepted (except a second extension where
the rules forbid it)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from thb.residence.engine import Event, EventNotAllowedError, ResidenceInputError, parse_input, simulate
from thb.residence.rules import EVENTS, PATHS, load_rules

RULES = load_rules()
PHASES = set(RULES.phases)

days = st.integers(min_value=0, max_value=12_000)


@st.composite
def any_input(draw):
    path = draw(st.sampled_from([*PATHS, "unknown"]))
    offsets = sorted(draw(st.lists(days, max_size=12)))
    events = [
        {
            "type": draw(st.sampled_from([*EVENTS, "nonsense"])),
            "date": (date(2006, 1, 1) + timedelta(days=o)).isoformat(),
            **(
                {"document": draw(st.sampled_from(["annex_15", "cire_a", "x"]))}
                if draw(st.booleans())
                else {}
            ),
        }
        for o in offsets
    ]
    if draw(st.booleans()):
        draw(st.randoms()).shuffle(events)
    return {"path": path, "events": events}


def _consistent(state, n_events):
    assert state.phase in PHASES
    assert len(state.history) == n_events
    if state.document is not None and not state.document.unlimited:
        assert state.valid_until is not None and state.valid_until >= state.period_start
    if state.ended:
        assert state.document is None
    for action in state.next_actions:
        assert action.by in {"centre", "immigration_office", "magistrate", "guardianship_service"}
    assert state.as_json()["phase"] == state.phase


@settings(max_examples=400, deadline=None)
@given(any_input())
def test_no_sequence_crashes_the_engine(raw):
    try:
        path, events, as_of = parse_input(raw)
        state = simulate(path, events, as_of=as_of)
    except (EventNotAllowedError, ResidenceInputError) as error:
        assert str(error)
        return
    _consistent(state, len(raw["events"]))


@st.composite
def allowed_walk(draw):
    path = draw(st.sampled_from(PATHS))
    day = date(2018, 1, 1) + timedelta(days=draw(st.integers(0, 2000)))
    events = []
    for _ in range(draw(st.integers(1, 10))):
        state = simulate(path, list(events))
        allowed = sorted(RULES.allowed(path, state.phase))
        if not allowed:
            break
        kind = draw(st.sampled_from(allowed))
        day += timedelta(days=draw(st.integers(0, 200)))
        candidate = [*events, Event(kind, day, {})]
        try:
            simulate(path, candidate)
        except EventNotAllowedError:
            assert kind == "ai_extended"  # the only refusal of an allowed event: the extension limit
            continue
        events = candidate
    return path, events


@settings(max_examples=300, deadline=None)
@given(allowed_walk())
def test_walks_through_allowed_events_stay_consistent(walk):
    path, events = walk
    state = simulate(path, events, as_of=date(2030, 1, 1))
    _consistent(state, len(events))
