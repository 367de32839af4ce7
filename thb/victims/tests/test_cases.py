"""Victim cases (services.py, views.py): opened from a referral, seen only by the organisations taking part,
identity shown on request and every read audited, assessments scored and kept, shares with a legal basis."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thb.core.models import AuditEvent, IdentityAccess, Organisation
from thb.core.roles import Perm, Role
from thb.core.tests.access_matrix import assert_access_matrix, roles_with
from thb.core.tests.factories import UserFactory
from thb.dispatch.models import Referral
from thb.dispatch.selectors import dispatch_proposal_for
from thb.dispatch.services.procedures import procedure_install_default
from thb.dispatch.services.referrals import referrals_confirm
from thb.hotline.services.console import contact_log_call
from thb.victims.indicators import indicator_list
from thb.victims.models import Assessment, VictimCase
from thb.victims.services import case_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(demo_directory):
    """A minor's situation in Brussels, referred by the hotline; the Child Focus referral is returned."""
    assert procedure_install_default()[1] == "activated"
    operator = UserFactory(organisation=Organisation.objects.get(slug="hotline"), role=Role.OPERATOR)
    contact = contact_log_call(actor=operator, signal_type="tip", minor_involved=True, postcode="1000")
    proposal = dispatch_proposal_for(user=operator, contact=contact)
    referrals_confirm(
        contact=contact,
        actor=operator,
        decision=proposal.decision,
        procedure=proposal.procedure,
        version=proposal.version,
    )
    return Referral.objects.get(organisation__slug="child-focus")


@pytest.fixture
def caseworker(referral):
    return UserFactory(organisation=referral.organisation, role=Role.CASEWORKER, username="cf-worker")


def test_a_case_opened_from_a_referral_links_the_contact_and_keeps_it(signed_in, referral, caseworker):
    client = signed_in(caseworker)
    page = client.get(f"/en/staff/cases/new/?referral={referral.uuid}").content.decode()
    assert referral.contact.reference in page
    response = client.post(
        "/en/staff/cases/new/",
        {
            "referral": str(referral.uuid),
            "opened_via": "hotline",
            "gender": "female",
            "age_band": "12_15",
            "nationalities": "ro",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    case = VictimCase.objects.get()
    assert list(case.contacts.all()) == [referral.contact] and case.nationalities == ["RO"]
    referral.contact.refresh_from_db()
    assert referral.contact.retain_until is None
    participant = case.participants.get()
    assert participant.referral == referral and participant.legal_basis == "minor"
    assert [e.kind for e in case.events.all()] == ["contact_linked", "opened"]


def test_a_case_is_seen_only_by_the_organisations_taking_part(referral, caseworker):
    case = case_open(actor=caseworker, opened_via="hotline", referral=referral)
    assert_access_matrix(
        f"/en/staff/cases/{case.uuid}/",
        allowed_roles=set(roles_with(Perm.MANAGE_CASES)) | set(roles_with(Perm.RECEIVE_REFERRALS)),
        owner=referral.organisation,
    )


def test_the_identity_is_shown_on_request_and_every_read_is_recorded(signed_in, referral, caseworker):
    case = case_open(actor=caseworker, opened_via="hotline", referral=referral)
    client = signed_in(caseworker)
    base = f"/en/staff/cases/{case.uuid}/"
    client.post(base, {"action": "identity", "name": "Elena Marin", "details": "Passport RO 123"})
    assert "Elena Marin" not in client.get(base).content.decode()
    shown = client.post(base, {"action": "show_identity"}).content.decode()
    assert "Elena Marin" in shown and "Passport RO 123" in shown
    access = IdentityAccess.objects.get(object_uuid=case.uuid)
    assert access.actor == caseworker and set(access.fields) == {"identity_name", "identity_details"}


def test_an_assessment_is_scored_and_kept(signed_in, referral, caseworker):
    case = case_open(actor=caseworker, opened_via="hotline", referral=referral)
    client = signed_in(caseworker)
    items = indicator_list("child_labour").indicators
    pick = [i.id for i in items if (i.dimension, i.strength) == ("deceptive_recruitment", "strong")][:1]
    pick += [i.id for i in items if (i.dimension, i.strength) == ("deceptive_recruitment", "medium")][:1]
    pick += [i.id for i in items if (i.dimension, i.strength) == ("exploitative_conditions", "strong")][:1]
    pick += [i.id for i in items if (i.dimension, i.strength) == ("exploitative_conditions", "medium")][:1]
    form = client.get(f"/en/staff/cases/{case.uuid}/assess/?list=child_labour").content.decode()
    assert pick[0] in form
    data = {
        "list": "child_labour",
        **{f"i-{i}": "1" for i in pick},
        f"n-{pick[0]}": "Told a job in a restaurant",
    }
    assert client.post(f"/en/staff/cases/{case.uuid}/assess/", data).status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.victim_signal is True and assessment.ticked == sorted(pick)
    assert assessment.result["dimensions"]["deceptive_recruitment"]["present"] is True
    page = client.get(f"/en/staff/cases/{case.uuid}/assessments/{assessment.uuid}/").content.decode()
    assert "Told a job in a restaurant" in page and "not a legal decision" in page
    assert IdentityAccess.objects.filter(
        object_uuid=case.uuid, fields__contains=["assessment_notes"]
    ).exists()


def test_sharing_needs_a_legal_basis_and_a_reason(signed_in, referral, caseworker):
    case = case_open(actor=caseworker, opened_via="hotline", referral=referral)
    police = Organisation.objects.get(slug="fjp-thb-brussels")
    client = signed_in(caseworker)
    client.post(
        f"/en/staff/cases/{case.uuid}/",
        {"action": "share", "organisation": police.pk, "legal_basis": "minor", "reason": ""},
    )
    assert case.participants.count() == 1
    client.post(
        f"/en/staff/cases/{case.uuid}/",
        {
            "action": "share",
            "organisation": police.pk,
            "legal_basis": "minor",
            "reason": "Investigation opened",
        },
    )
    assert case.participants.filter(organisation=police, legal_basis="minor").exists()
    investigator = UserFactory(organisation=police, role=Role.INVESTIGATOR)
    assert signed_in(investigator).get(f"/en/staff/cases/{case.uuid}/").status_code == 200


def test_a_case_cannot_be_opened_from_another_organisations_referral(referral):
    from thb.core.exceptions import PermissionDeniedError

    stranger = UserFactory(organisation=Organisation.objects.get(slug="payoke"), role=Role.CASEWORKER)
    with pytest.raises(PermissionDeniedError):
        case_open(actor=stranger, opened_via="hotline", referral=referral)


def test_the_facts_and_the_accompanying_centre_are_corrected_with_an_audit_and_a_timeline_line(
    signed_in, caseworker
):
    case = case_open(actor=caseworker, opened_via="partner", legal_basis="consent")
    client = signed_in(caseworker)
    url = reverse("victims:case", kwargs={"case_uuid": case.uuid})
    surya = Organisation.objects.get(slug="surya")
    bad = client.post(url, {"action": "facts", "countries": "Romania", "accompanying_centre": surya.pk})
    assert bad.status_code == 200 and "two-letter country codes" in bad.content.decode()
    response = client.post(
        url,
        {
            "action": "facts",
            "countries": "ro bg",
            "sector": "construction",
            "exploitation": ["labour"],
            "accompanying_centre": surya.pk,
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (
        case.countries == ["BG", "RO"] and case.accompanying_centre == surya and case.sector == "construction"
    )
    audit = AuditEvent.objects.get(action="victims.case.facts", object_uuid=case.uuid)
    assert audit.changes["accompanying_centre"] == {"old": None, "new": "surya"}
    assert case.events.filter(kind="facts").exists()
    hotline = Organisation.objects.get(slug="hotline")
    refused = client.post(url, {"action": "facts", "accompanying_centre": hotline.pk})
    assert refused.status_code == 200  # not a specialised centre: not a choice
    case.refresh_from_db()
    assert case.accompanying_centre == surya
