"""The residence engine (engine.py) on scenarios written from the law: every path and every ending, each
test citing its source. Durations are read from the rules data, never typed twice."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from thb.residence.engine import (
    Event,
    EventNotAllowedError,
    ResidenceInputError,
    add_months,
    parse_input,
    simulate,
)
from thb.residence.rules import load_rules

RULES = load_rules()
NOW = RULES.version_on(date(2024, 1, 1))


def ev(kind: str, day: str, **data) -> Event:
    return Event(kind, date.fromisoformat(day), data)


def months(key: str) -> int:
    return NOW.documents[key].months


def test_adult_reflection_complaint_status_and_conviction_gives_unlimited_stay():
    """Aliens Act art. 61/2 (45-day reflection), 61/3 §1 (three months after a complaint), 61/4 (a limited
    residence while the case goes on, unlimited after a conviction)."""
    state = simulate(
        "adult",
        [
            ev("reflection_requested", "2024-01-10"),
            ev("complaint_filed", "2024-02-01"),
            ev("prosecutor_confirms_victim", "2024-04-15"),
            ev("cire_renewed", "2024-10-01"),
            ev("conviction", "2025-03-03"),
        ],
    )
    phases = [(s.event, s.phase, s.document) for s in state.history]
    assert phases == [
        ("reflection_requested", "reflection", "annex_15"),
        ("complaint_filed", "complaint", "attestation_immatriculation"),
        ("prosecutor_confirms_victim", "victim_status", "cire_a"),
        ("cire_renewed", "victim_status", "cire_a"),
        ("conviction", "permanent", "cire_unlimited"),
    ]
    reflection = state.history[0]
    assert reflection.valid_until == date(2024, 1, 10) + timedelta(
        days=NOW.documents["reflection_document"].days - 1
    )
    cire = state.history[2]
    assert cire.valid_until == add_months(date(2024, 4, 15), months("cire")) - timedelta(days=1)
    renewed = state.history[3]
    assert renewed.valid_until == add_months(
        cire.valid_until + timedelta(days=1), months("cire")
    ) - timedelta(days=1)
    assert state.phase == "permanent" and state.valid_until is None
    assert [a.action for a in state.next_actions] == ["issue_document"]
    assert "61/4" in state.history[-1].source


def test_adult_charge_retained_also_gives_unlimited_stay():
    """Aliens Act art. 61/4 §2 [verify]: the prosecutor retained the trafficking charge (requisitions)."""
    state = simulate(
        "adult",
        [
            ev("complaint_filed", "2024-01-01"),
            ev("prosecutor_confirms_victim", "2024-03-01"),
            ev("charge_retained", "2024-08-01"),
        ],
    )
    assert state.phase == "permanent"


@pytest.mark.parametrize(
    "ending",
    [
        "contact_with_exploiters",
        "fraud_established",
        "public_order_danger",
        "case_closed",
        "cooperation_stopped",
    ],
)
def test_adult_stay_ends(ending):
    """Aliens Act art. 61/5: the stay can be ended when the victim renews contact with the presumed
    perpetrators, stops cooperating, committed fraud, is a danger to public order, or the case is closed."""
    state = simulate(
        "adult",
        [
            ev("complaint_filed", "2024-01-01"),
            ev("prosecutor_confirms_victim", "2024-03-01"),
            ev(ending, "2024-05-02"),
        ],
    )
    assert state.phase == "ended" and state.document is None
    assert {(a.action, a.by) for a in state.next_actions} == {
        ("notify_end_of_stay", "immigration_office"),
        ("inform_the_person", "centre"),
    }
    assert "61/5" in state.history[-1].source


def test_adult_voluntary_return_is_an_ending():
    """Circular of 23 December 2016: the person may choose to return; the procedure ends."""
    state = simulate(
        "adult", [ev("reflection_requested", "2024-01-01"), ev("voluntary_return", "2024-01-20")]
    )
    assert state.phase == "returned" and state.next_actions == []


def test_the_certificate_is_extended_once_for_an_adult():
    """Aliens Act art. 61/3; BELGIUM.md §3: the attestation d'immatriculation is extendable once [verify]."""
    events = [ev("complaint_filed", "2024-01-01"), ev("ai_extended", "2024-03-20")]
    state = simulate("adult", events)
    assert state.valid_until == add_months(date(2024, 4, 1), months("ai")) - timedelta(days=1)
    with pytest.raises(EventNotAllowedError) as error:
        simulate("adult", [*events, ev("ai_extended", "2024-06-20")])
    assert error.value.phase == "complaint" and "ai_extended" not in error.value.allowed
    assert "prosecutor_confirms_victim" in error.value.allowed


def test_an_event_not_allowed_names_the_phase_and_the_allowed_events():
    """Issue 7 §1: never a silent accept."""
    with pytest.raises(EventNotAllowedError) as error:
        simulate("adult", [ev("reflection_requested", "2024-01-01"), ev("cire_renewed", "2024-01-05")])
    message = str(error.value)
    assert "phase 'reflection'" in message and "complaint_filed" in message
    with pytest.raises(EventNotAllowedError) as ended:
        simulate(
            "adult",
            [
                ev("reflection_requested", "2024-01-01"),
                ev("voluntary_return", "2024-01-02"),
                ev("complaint_filed", "2024-01-03"),
            ],
        )
    assert ended.value.allowed == [] and "has ended" in str(ended.value)


def test_the_rules_in_force_on_the_events_date_apply():
    """Royal Decree of 30 March 2017: from 20 May 2017 the annex 15 document replaces the 45-day order to
    leave; the circular of 26 September 2008 applies before."""
    before = simulate("adult", [ev("reflection_requested", "2017-05-19")])
    after = simulate("adult", [ev("reflection_requested", "2017-05-20")])
    assert before.document.code == "order_to_leave_45" and after.document.code == "annex_15"
    assert before.history[0].rules_version == "2017-03" and after.history[0].rules_version == "2017-05"
    old = simulate("adult", [ev("reflection_requested", "2010-06-01")])
    assert old.history[0].rules_version == "2008-10"


def test_the_document_runs_from_the_day_it_is_issued():
    """Royal Decree of 8 October 1981 art. 110bis: the Immigration Office issues the document on the
    centre's request; its validity starts with it."""
    state = simulate("adult", [ev("reflection_requested", "2024-01-10"), ev("document_issued", "2024-01-15")])
    assert state.valid_until == date(2024, 1, 15) + timedelta(days=44)
    assert "issue_document" not in [a.action for a in state.next_actions]
    with pytest.raises(ResidenceInputError):
        simulate(
            "adult",
            [
                ev("reflection_requested", "2024-01-10"),
                ev("document_issued", "2024-01-15", document="cire_a"),
            ],
        )


def test_next_actions_for_a_renewal_have_due_dates_and_owners():
    """Circular of 23 December 2016: the centre asks for the next document; before each new document the
    Immigration Office asks the prosecutor or labour auditor about the state of the case."""
    state = simulate("adult", [ev("complaint_filed", "2024-01-01"), ev("document_issued", "2024-01-03")])
    expiry = state.valid_until
    params = NOW.params
    assert {(a.action, a.by, a.due) for a in state.next_actions} == {
        (
            "request_next_document",
            "centre",
            expiry - timedelta(days=params["renewal_request_days_before_expiry"]),
        ),
        (
            "ask_state_of_case",
            "immigration_office",
            expiry - timedelta(days=params["state_request_days_before_expiry"]),
        ),
        (
            "answer_state_of_case",
            "magistrate",
            expiry - timedelta(days=params["magistrate_answer_days_before_expiry"]),
        ),
    }


def test_late_complaint_and_expired_reflection_are_warned():
    """Aliens Act art. 61/2 §2, 61/3 §1: the complaint is made within the reflection period."""
    quiet = simulate("adult", [ev("reflection_requested", "2024-01-01")], as_of=date(2024, 3, 1))
    assert any("reflection period ended" in w.message for w in quiet.warnings)
    late = simulate("adult", [ev("reflection_requested", "2024-01-01"), ev("complaint_filed", "2024-03-01")])
    assert late.phase == "complaint" and [w.code for w in late.warnings] == ["late_after_reflection"]


def test_minor_gets_three_months_at_once_and_a_guardian():
    """Action plan P6 and BELGIUM.md §3: no reflection phase for an unaccompanied minor; a three-month
    document (attestation d'immatriculation model A, annex 4) at once; a guardian is appointed."""
    with pytest.raises(EventNotAllowedError) as error:
        simulate("minor", [ev("reflection_requested", "2024-01-01")])
    assert "document_issued" in error.value.allowed
    state = simulate("minor", [ev("document_issued", "2024-01-01")])
    assert state.phase == "complaint" and state.document.code == "attestation_immatriculation_model_a"
    assert state.valid_until == add_months(date(2024, 1, 1), months("ai_minor")) - timedelta(days=1)
    assert ("appoint_guardian", "guardianship_service") in {(a.action, a.by) for a in state.next_actions}
    assert [w.code for w in state.warnings] == ["no_guardian"]
    with_guardian = simulate(
        "minor", [ev("document_issued", "2024-01-01"), ev("guardian_appointed", "2024-01-03")]
    )
    assert with_guardian.warnings == [] and "appoint_guardian" not in [
        a.action for a in with_guardian.next_actions
    ]


def test_minor_cooperation_is_waived_and_case_closure_does_not_end_the_stay():
    """Action plan P6: a residence permit for unaccompanied minor victims even without cooperation."""
    state = simulate(
        "minor",
        [
            ev("complaint_filed", "2024-01-01"),
            ev("guardian_appointed", "2024-01-02"),
            ev("ai_extended", "2024-03-25"),
            ev("ai_extended", "2024-06-25"),
            ev("cooperation_stopped", "2024-07-01"),
            ev("case_closed", "2024-08-01"),
        ],
    )
    assert state.phase == "complaint" and state.extensions == 2
    assert {w.code for w in state.warnings} == {"cooperation_waived", "minor_case_closed"}
    assert ("decide_durable_solution", "immigration_office") in {(a.action, a.by) for a in state.next_actions}


@pytest.mark.parametrize("ending", ["contact_with_exploiters", "fraud_established", "public_order_danger"])
def test_minor_stay_ends_only_for_the_grounds_of_art_61_5_that_do_not_rest_on_cooperation(ending):
    """Aliens Act art. 61/5 with action plan P6: ties with the exploiters, fraud or public order end it."""
    state = simulate("minor", [ev("document_issued", "2024-01-01"), ev(ending, "2024-02-01")])
    assert state.phase == "ended"


def test_minor_victim_status_and_unlimited_stay():
    """Aliens Act art. 61/4 applies to minors as to adults once the prosecutor regards them as victims."""
    state = simulate(
        "minor",
        [
            ev("document_issued", "2024-01-01"),
            ev("guardian_appointed", "2024-01-02"),
            ev("prosecutor_confirms_victim", "2024-03-01"),
            ev("cire_renewed", "2024-08-20"),
            ev("conviction", "2025-01-10"),
        ],
    )
    assert state.phase == "permanent"


def test_diplomatic_domestic_worker_goes_through_the_labour_procedure():
    """Action plan P8: residence for exploited domestic staff of diplomats linked to a labour-law procedure
    instead of a criminal complaint (diplomatic immunity blocks prosecution)."""
    with pytest.raises(EventNotAllowedError) as error:
        simulate(
            "diplomatic_domestic",
            [ev("reflection_requested", "2024-01-01"), ev("complaint_filed", "2024-01-10")],
        )
    assert "labour_procedure_started" in error.value.allowed
    state = simulate(
        "diplomatic_domestic",
        [
            ev("reflection_requested", "2024-01-01"),
            ev("labour_procedure_started", "2024-01-20"),
            ev("prosecutor_confirms_victim", "2024-04-01"),
            ev("conviction", "2024-12-01"),
        ],
    )
    assert [s.phase for s in state.history] == ["reflection", "complaint", "victim_status", "permanent"]
    assert "P8" in state.history[1].source


@pytest.mark.parametrize(
    "ending", ["case_closed", "cooperation_stopped", "contact_with_exploiters", "voluntary_return"]
)
def test_diplomatic_domestic_endings(ending):
    """Aliens Act art. 61/5 and the circular: the same endings when the labour procedure fails."""
    state = simulate(
        "diplomatic_domestic", [ev("labour_procedure_started", "2024-01-01"), ev(ending, "2024-02-01")]
    )
    assert state.phase in ("ended", "returned")


def test_a_renewal_after_expiry_runs_from_the_renewal():
    """Aliens Act art. 61/4: the CIRE is renewed; a late renewal cannot backdate the stay."""
    state = simulate(
        "adult",
        [
            ev("complaint_filed", "2024-01-01"),
            ev("prosecutor_confirms_victim", "2024-02-01"),
            ev("cire_renewed", "2024-09-01"),
        ],
    )
    assert state.valid_until == add_months(date(2024, 9, 1), months("cire")) - timedelta(days=1)
    assert [w.code for w in state.warnings] == ["renewed_after_expiry"]


def test_bad_input_is_a_clear_error():
    with pytest.raises(ResidenceInputError, match="unknown path"):
        parse_input({"path": "child", "events": []})
    with pytest.raises(ResidenceInputError, match="unknown type"):
        parse_input({"path": "adult", "events": [{"type": "asylum", "date": "2024-01-01"}]})
    with pytest.raises(ResidenceInputError, match="YYYY-MM-DD"):
        parse_input({"path": "adult", "events": [{"type": "complaint_filed", "date": "01/02/2024"}]})
    with pytest.raises(ResidenceInputError, match="dated before"):
        parse_input(
            {
                "path": "adult",
                "events": [
                    {"type": "complaint_filed", "date": "2024-02-01"},
                    {"type": "ai_extended", "date": "2024-01-01"},
                ],
            }
        )
