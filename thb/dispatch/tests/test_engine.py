"""The engine with the shipped Belgian procedure and the demo directory (BELGIUM.md §5): each behaviour
issue 4 §1 asks of the default procedure, stated as a test."""

from __future__ import annotations

import pytest

from thb.dispatch.directory import Directory, Partner
from thb.dispatch.engine import decide, run_examples
from thb.dispatch.facts import Facts
from thb.dispatch.procedure import parse_procedure

pytestmark = pytest.mark.django_db


def _referrals(procedure, directory, **facts):
    decision = decide(procedure, Facts(**facts), directory)
    return {r.partner_kind: r for r in decision.referrals}, decision


def test_every_example_of_the_default_procedure_passes_against_the_demo_directory(
    default_procedure, demo_directory
):
    results = run_examples(default_procedure, demo_directory)
    assert [r.name for r in results if not r.passed] == []


def test_immediate_danger_is_an_emergency_for_the_district_police_within_one_hour(
    default_procedure, demo_directory
):
    referrals, decision = _referrals(
        default_procedure, demo_directory, signal_type="crisis", immediate_danger=True, postcode="4000"
    )
    police = referrals["police_federal_thb"]
    assert (police.organisation, police.ack_within_hours, police.priority, police.legal_basis) == (
        "fjp-thb-liege",
        1,
        "emergency",
        "vital_interest",
    )
    assert any("112" in g.en for g in decision.guidance)


def test_a_minor_goes_to_police_and_magistrate_even_when_consent_is_refused(
    default_procedure, demo_directory
):
    referrals, _ = _referrals(
        default_procedure,
        demo_directory,
        exploitation=["labour"],
        minor_involved=True,
        consent_to_police=False,
        postcode="1000",
    )
    assert {"child_protection", "police_federal_thb", "prosecutor_reference"} <= set(referrals)
    assert referrals["police_federal_thb"].legal_basis == "minor"
    assert "guardianship_service" not in referrals


def test_an_adult_sexual_exploitation_victim_without_consent_is_not_reported_to_the_police(
    default_procedure, demo_directory
):
    for consent in (False, None):
        referrals, _ = _referrals(
            default_procedure,
            demo_directory,
            exploitation=["sexual"],
            consent_to_police=consent,
            postcode="2000",
        )
        assert set(referrals) == {"specialised_centre"}
        assert "caller_name" not in referrals["specialised_centre"].fields


def test_a_labour_complaint_never_reaches_the_immigration_office_even_if_a_rule_says_so(
    default_source, demo_directory
):
    """The firewall holds against a later edit that would refer labour cases to the Immigration Office."""
    edited = default_source.replace(
        "  - id: labour\n",
        """  - id: careless-edit
    description: {fr: X, nl: X, en: X}
    when: {exploitation: labour}
    refer:
      - partner_kind: immigration_office
        resolve: [national]
        disclosure: full
        legal_basis: legal_obligation
        ack_within_hours: 24
  - id: labour
""",
        1,
    )
    parsed = parse_procedure(edited)
    assert parsed.procedure is not None, parsed.errors
    referrals, decision = _referrals(
        parsed.procedure, demo_directory, exploitation=["labour"], postcode="9000"
    )
    assert "immigration_office" not in referrals
    assert any(
        "firewall labour-firewall removed the referral to immigration_office" in line
        for line in decision.explanation
    )
    # Without the firewall, the careless rule would have reached the Immigration Office.
    start, end = edited.index("firewalls:"), edited.index("rules:")
    unguarded = parse_procedure(edited[:start] + edited[end:]).procedure
    assert unguarded is not None
    referrals, _ = _referrals(unguarded, demo_directory, exploitation=["labour"], postcode="9000")
    assert referrals["immigration_office"].organisation == "minteh"


def test_labour_exploitation_discloses_identity_only_with_consent(default_procedure, demo_directory):
    without, _ = _referrals(default_procedure, demo_directory, exploitation=["labour"], postcode="9000")
    with_consent, _ = _referrals(
        default_procedure, demo_directory, exploitation=["labour"], consent_to_police=True, postcode="9000"
    )
    for kind in ("social_inspection", "labour_auditor_reference"):
        assert "caller_name" not in without[kind].fields and "narrative" not in without[kind].fields
        assert "caller_name" in with_consent[kind].fields and with_consent[kind].legal_basis == "consent"


@pytest.mark.parametrize(
    ("postcode", "centre"),
    [
        ("2000", "payoke"),
        ("3500", "payoke"),
        ("1030", "pag-asa"),
        ("5000", "surya"),
        ("4700", "surya"),
        (None, "pag-asa"),
    ],
)
def test_assistance_goes_to_the_centre_of_the_region_with_a_fallback(
    default_procedure, demo_directory, postcode, centre
):
    referrals, _ = _referrals(
        default_procedure, demo_directory, victim_wants_assistance=True, postcode=postcode
    )
    assert referrals["specialised_centre"].organisation == centre


def test_online_abuse_material_goes_to_the_fccu_only(default_procedure, demo_directory):
    referrals, decision = _referrals(
        default_procedure,
        demo_directory,
        online_csam=True,
        minor_involved=True,
        exploitation=["sexual"],
        victim_wants_assistance=True,
    )
    assert set(referrals) == {"police_fccu"}
    assert "rule online-csam stops the procedure" in decision.explanation


def test_diplomatic_household_goes_to_protocol_inspection_and_a_centre(default_procedure, demo_directory):
    referrals, _ = _referrals(default_procedure, demo_directory, diplomatic_household=True, postcode="1050")
    assert set(referrals) == {"foreign_affairs_protocol", "social_inspection", "specialised_centre"}


@pytest.mark.parametrize("signal", ["information", "training", "non_data"])
def test_requests_and_non_data_signals_get_no_referral(default_procedure, demo_directory, signal):
    referrals, _ = _referrals(
        default_procedure, demo_directory, signal_type=signal, exploitation=["labour"], minor_involved=True
    )
    assert referrals == {}


def test_an_organisation_proposed_by_two_rules_is_referred_once_with_the_first_rules_basis(
    default_procedure, demo_directory
):
    referrals, decision = _referrals(
        default_procedure, demo_directory, exploitation=["begging"], minor_involved=True, postcode="1000"
    )
    police = referrals["police_federal_thb"]
    assert police.rule == "minor" and police.legal_basis == "minor" and police.ack_within_hours == 24
    assert sum(1 for r in decision.referrals if r.partner_kind == "police_federal_thb") == 1


def test_unknown_is_not_no():
    """`consent_to_police: false` matches a recorded refusal only; `{not: true}` matches the unknown too."""
    from thb.dispatch.conditions import compile_condition

    refused = compile_condition({"consent_to_police": False}, ())
    not_given = compile_condition({"consent_to_police": {"not": True}}, ())
    unknown = compile_condition({"consent_to_police": {"known": False}}, ())
    assert refused({"consent_to_police": False}) and not refused({"consent_to_police": None})
    assert not_given({"consent_to_police": None}) and not_given({"consent_to_police": False})
    assert unknown({}) and not unknown({"consent_to_police": False})


def test_resolution_prefers_the_district_then_the_most_specific_region_then_the_fallback():
    directory = Directory(
        [
            Partner(
                "pol-wide",
                "police_federal_thb",
                "Wide",
                frozenset({"brussels"}),
                frozenset({"brussels", "flanders"}),
                frozenset(),
                False,
            ),
            Partner(
                "pol-flanders",
                "police_federal_thb",
                "Flanders",
                frozenset({"antwerpen"}),
                frozenset({"flanders"}),
                frozenset(),
                False,
            ),
            Partner(
                "pol-national", "police_federal_thb", "National", frozenset(), frozenset(), frozenset(), True
            ),
        ]
    )
    methods = ("judicial_district", "region", "national")
    assert (
        directory.resolve("police_federal_thb", methods, Facts(postcode="1000"), None)[0].slug == "pol-wide"
    )
    assert (
        directory.resolve("police_federal_thb", methods, Facts(postcode="3000"), None)[0].slug
        == "pol-flanders"
    )
    assert (
        directory.resolve("police_federal_thb", methods, Facts(postcode="5000"), None)[0].slug
        == "pol-national"
    )
    partner, how = directory.resolve("police_federal_thb", ("region",), Facts(postcode="5000"), "nowhere")
    assert partner is None and "not in the directory" in how


def test_facts_derive_the_region_and_refuse_unknown_facts():
    from pydantic import ValidationError

    assert Facts(postcode="4700").region == "wallonia"
    assert Facts(postcode="1000").judicial_district == "brussels"
    assert Facts(unaccompanied_minor=True).minor_involved is True
    with pytest.raises(ValidationError):
        Facts.model_validate({"victim_age": 12})
    with pytest.raises(ValidationError):
        Facts(postcode="12345")
