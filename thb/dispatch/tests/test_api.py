"""Dispatch API (api.py): simulate, proposals, confirmation, the hotline's view, the partner's inbox and
actions — with the same access rules as the pages, by bearer token."""

from __future__ import annotations

import pytest

from thb.core.models import IdentityAccess, Organisation
from thb.core.roles import Perm, Role
from thb.core.tests.access_matrix import assert_access_matrix, roles_with
from thb.core.tests.factories import UserFactory
from thb.dispatch.models import Referral, ReferralStatus
from thb.dispatch.services.procedures import DEFAULT_PROCEDURE
from thb.hotline.services.console import contact_log_call

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _call(operator, **facts):
    return contact_log_call(actor=operator, signal_type="tip", caller_name="Mira Stan", **facts)


def test_simulate_answers_in_the_command_shape_and_refuses_unknown_facts(operator, signed_in):
    client = signed_in(operator)
    response = client.post("/api/v1/dispatch/simulate", {"facts": {"online_csam": True}}, content_type=JSON)
    assert response.status_code == 200, response.content
    assert [r["organisation"] for r in response.json()["referrals"]] == ["fccu"]
    bad = client.post("/api/v1/dispatch/simulate", {"facts": {"victim_age": 9}}, content_type=JSON)
    assert bad.status_code == 422 and "unknown fact" in bad.json()["message"]
    broken = DEFAULT_PROCEDURE.read_text().replace("legal_basis: vital_interest", "legal_basis: x", 1)
    bad = client.post("/api/v1/dispatch/simulate", {"facts": {}, "procedure": broken}, content_type=JSON)
    assert (
        bad.status_code == 422
        and bad.json()["error"] == "procedure_invalid"
        and "line" in bad.json()["message"]
    )


def test_the_operator_reads_proposals_and_sends_them_with_a_removal_and_an_addition(operator, signed_in):
    contact = _call(operator, exploitation=["labour"], postcode="2000")
    client = signed_in(operator)
    proposals = client.get(f"/api/v1/dispatch/contacts/{contact.uuid}/proposals").json()
    keys = {p["key"] for p in proposals["referrals"]}
    assert keys == {"social_inspection:ecosoc-antwerpen", "labour_auditor_reference:labour-auditor-antwerpen"}
    payoke = Organisation.objects.get(slug="payoke")
    body = {
        "remove": {"labour_auditor_reference:labour-auditor-antwerpen": "Known to the auditor already."},
        "add": [
            {
                "organisation": str(payoke.uuid),
                "legal_basis": "consent",
                "disclosure": "full",
                "reason": "Wants shelter.",
            }
        ],
    }
    response = client.post(f"/api/v1/dispatch/contacts/{contact.uuid}/referrals", body, content_type=JSON)
    assert response.status_code == 201, response.content
    assert sorted(r["organisation"] for r in response.json()["sent"]) == ["ecosoc-antwerpen", "payoke"]
    assert [r["status"] for r in response.json()["removed"]] == ["cancelled"]
    again = client.post(f"/api/v1/dispatch/contacts/{contact.uuid}/referrals", {}, content_type=JSON)
    assert again.status_code == 201 and again.json()["sent"] == []  # nothing left to propose
    seen = client.get(f"/api/v1/dispatch/contacts/{contact.uuid}/referrals").json()
    assert {r["organisation"]: r["status"] for r in seen} == {
        "ecosoc-antwerpen": "sent",
        "labour-auditor-antwerpen": "cancelled",
        "payoke": "sent",
    }


def test_a_removal_without_reason_is_a_422_and_sends_nothing(operator, signed_in):
    contact = _call(operator, exploitation=["labour"], postcode="2000")
    body = {"remove": {"social_inspection:ecosoc-antwerpen": " "}}
    response = signed_in(operator).post(
        f"/api/v1/dispatch/contacts/{contact.uuid}/referrals", body, content_type=JSON
    )
    assert (
        response.status_code == 422
        and response.json()["detail"][0]["loc"][-1] == "remove-social_inspection:ecosoc-antwerpen"
    )
    assert not Referral.objects.exists()


def test_proposals_are_for_the_hotlines_operators_only(operator):
    contact = _call(operator, exploitation=["labour"], postcode="2000")
    assert_access_matrix(
        f"/api/v1/dispatch/contacts/{contact.uuid}/proposals",
        allowed_roles=roles_with(Perm.HANDLE_CONTACTS),
        owner=operator.organisation,
        api=True,
    )


def test_the_partner_works_a_referral_through_the_api_and_sees_only_its_fields(operator, signed_in):
    contact = _call(operator, exploitation=["labour"], postcode="2000", narrative="They sleep on the site.")
    signed_in(operator).post(f"/api/v1/dispatch/contacts/{contact.uuid}/referrals", {}, content_type=JSON)
    referral = Referral.objects.get(organisation__slug="ecosoc-antwerpen")
    inspector = signed_in(UserFactory(organisation=referral.organisation, role=Role.INVESTIGATOR))
    inbox = inspector.get("/api/v1/dispatch/inbox").json()
    assert [r["uuid"] for r in inbox] == [str(referral.uuid)]
    view = inspector.get(f"/api/v1/dispatch/referrals/{referral.uuid}").json()
    assert view["fields"]["reference"] == contact.reference
    assert "caller_name" not in view["fields"] and "narrative" not in view["fields"]
    assert "Mira" not in str(view) and "sleep" not in str(view)
    base = f"/api/v1/dispatch/referrals/{referral.uuid}"
    assert inspector.post(f"{base}/acknowledge").json()["status"] == "acknowledged"
    assert inspector.post(f"{base}/accept").json()["status"] == "accepted"
    wrong = inspector.post(f"{base}/decline", {"reason": "no_capacity"}, content_type=JSON)
    assert wrong.status_code == 422 and wrong.json()["error"] == "wrong_state"
    done = inspector.post(
        f"{base}/outcome", {"outcome": "inspection_carried_out", "note": "Visited."}, content_type=JSON
    )
    assert (
        done.json()["status"] == "outcome_reported"
        and [e["action"] for e in done.json()["events"]][-1] == "report_outcome"
    )
    assert not IdentityAccess.objects.filter(object_uuid=contact.uuid).exists()


def test_a_partner_with_identity_in_its_profile_reads_it_and_the_read_is_audited(operator, signed_in):
    contact = _call(
        operator, minor_involved=True, postcode="1000", narrative="A boy of 14 sells flowers at night."
    )
    signed_in(operator).post(f"/api/v1/dispatch/contacts/{contact.uuid}/referrals", {}, content_type=JSON)
    referral = Referral.objects.get(organisation__slug="child-focus")
    worker = UserFactory(organisation=referral.organisation, role=Role.CASEWORKER)
    view = signed_in(worker).get(f"/api/v1/dispatch/referrals/{referral.uuid}").json()
    assert view["fields"]["caller_name"] == "Mira Stan" and "flowers" in view["fields"]["narrative"]
    assert IdentityAccess.objects.get(object_uuid=contact.uuid, actor=worker).purpose == "referral"


def test_a_referral_by_api_is_for_its_recipient_only(operator, signed_in):
    contact = _call(operator, exploitation=["labour"], postcode="2000")
    signed_in(operator).post(f"/api/v1/dispatch/contacts/{contact.uuid}/referrals", {}, content_type=JSON)
    referral = Referral.objects.get(organisation__slug="ecosoc-antwerpen")
    assert_access_matrix(
        f"/api/v1/dispatch/referrals/{referral.uuid}",
        allowed_roles=roles_with(Perm.RECEIVE_REFERRALS),
        owner=referral.organisation,
        api=True,
    )


def test_reassign_by_api_creates_the_successor(operator, signed_in):
    contact = _call(operator, exploitation=["labour"], postcode="2000")
    signed_in(operator).post(f"/api/v1/dispatch/contacts/{contact.uuid}/referrals", {}, content_type=JSON)
    referral = Referral.objects.get(organisation__slug="ecosoc-antwerpen")
    inspector = signed_in(UserFactory(organisation=referral.organisation, role=Role.INVESTIGATOR))
    ghent = Organisation.objects.get(slug="ecosoc-oost-vlaanderen")
    response = inspector.post(
        f"/api/v1/dispatch/referrals/{referral.uuid}/reassign",
        {"organisation": str(ghent.uuid), "reason": "The site is in Ghent."},
        content_type=JSON,
    )
    assert response.status_code == 201 and response.json()["organisation"] == "ecosoc-oost-vlaanderen"
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED
