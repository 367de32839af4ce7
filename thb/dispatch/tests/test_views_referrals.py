"""Referral pages (views_referrals.py): the operator reviews and sends, the partner works its inbox and sees
only its profile's fields; the access matrix for every kind of partner and for one without a referral."""

from __future__ import annotations

import pytest

from thb.core.models import Organisation
from thb.core.roles import Perm, Role
from thb.core.tests.access_matrix import assert_access_matrix, roles_with
from thb.core.tests.factories import UserFactory
from thb.dispatch.models import Referral, ReferralStatus
from thb.hotline.services.console import contact_log_call

pytestmark = pytest.mark.django_db


def _minor_call(operator):
    return contact_log_call(
        actor=operator,
        signal_type="tip",
        exploitation=["sexual"],
        minor_involved=True,
        unaccompanied_minor=True,
        postcode="1000",
        caller_name="Ana Marin",
        narrative="A girl of fifteen is made to work in a massage parlour.",
    )


def _send_all(client, contact):
    page = client.get(f"/en/staff/dispatch/contacts/{contact.uuid}/").content.decode()
    keys = [chunk.split('"')[0] for chunk in page.split('name="keep-')[1:]]
    return client.post(f"/en/staff/dispatch/contacts/{contact.uuid}/", {f"keep-{k}": "1" for k in keys}), keys


def test_the_contact_page_shows_the_proposals_and_the_operator_sends_them(operator, signed_in):
    contact = _minor_call(operator)
    client = signed_in(operator)
    page = client.get(f"/en/staff/hotline/contacts/{contact.uuid}/").content.decode()
    assert "The procedure proposes 4 referrals." in page
    review = client.get(f"/en/staff/dispatch/contacts/{contact.uuid}/").content.decode()
    assert "guardianship-service" in review and "rule unaccompanied-minor matched" in review
    response, keys = _send_all(client, contact)
    assert response.status_code == 302 and len(keys) == 4
    assert Referral.objects.filter(status=ReferralStatus.SENT).count() == 4
    page = client.get(f"/en/staff/hotline/contacts/{contact.uuid}/").content.decode()
    assert "Tutelles/Voogdij" in page and "Child Focus" in page
    assert "The procedure proposes no (further) referral" in page


def test_unticking_without_a_reason_is_refused_and_nothing_is_sent(operator, signed_in):
    contact = _minor_call(operator)
    client = signed_in(operator)
    page = client.get(f"/en/staff/dispatch/contacts/{contact.uuid}/").content.decode()
    keys = [chunk.split('"')[0] for chunk in page.split('name="keep-')[1:]]
    kept = {f"keep-{k}": "1" for k in keys[1:]}  # the first one unticked, no reason
    response = client.post(f"/en/staff/dispatch/contacts/{contact.uuid}/", kept)
    assert response.status_code == 422 and "Say why." in response.content.decode()
    assert not Referral.objects.exists()
    kept[f"reason-{keys[0]}"] = "The guardian is already appointed."
    assert client.post(f"/en/staff/dispatch/contacts/{contact.uuid}/", kept).status_code == 302
    assert Referral.objects.filter(status=ReferralStatus.SENT).count() == 3
    assert (
        Referral.objects.get(status=ReferralStatus.CANCELLED).operator_reason
        == "The guardian is already appointed."
    )


def test_the_dispatch_page_is_for_the_hotlines_operators_only(operator):
    contact = _minor_call(operator)
    assert_access_matrix(
        f"/en/staff/dispatch/contacts/{contact.uuid}/",
        allowed_roles=roles_with(Perm.HANDLE_CONTACTS),
        owner=operator.organisation,
    )


@pytest.mark.parametrize(
    ("slug", "sees_identity"),
    [
        ("child-focus", True),
        ("guardianship-service", True),
        ("fjp-thb-brussels", True),
        ("prosecutor-brussels", True),
    ],
)
def test_each_partner_of_the_minor_case_sees_its_referral(operator, signed_in, slug, sees_identity):
    contact = _minor_call(operator)
    _send_all(signed_in(operator), contact)
    referral = Referral.objects.get(organisation__slug=slug)
    assert_access_matrix(
        f"/en/staff/dispatch/referrals/{referral.uuid}/",
        allowed_roles=roles_with(Perm.RECEIVE_REFERRALS),
        owner=referral.organisation,
    )
    partner = UserFactory(organisation=referral.organisation, role=Role.CASEWORKER)
    page = signed_in(partner).get(f"/en/staff/dispatch/referrals/{referral.uuid}/").content.decode()
    assert contact.reference in page
    assert ("Ana Marin" in page) is sees_identity


def test_a_partner_without_a_referral_sees_neither_inbox_rows_nor_the_page(operator, signed_in):
    contact = _minor_call(operator)
    _send_all(signed_in(operator), contact)
    for slug in ("payoke", "surya", "minteh", "ecosoc-brussels", "fjp-thb-antwerpen"):
        stranger = UserFactory(organisation=Organisation.objects.get(slug=slug), role=Role.CASEWORKER)
        client = signed_in(stranger)
        assert contact.reference not in client.get("/en/staff/dispatch/inbox/").content.decode()
        for referral in Referral.objects.all():
            assert client.get(f"/en/staff/dispatch/referrals/{referral.uuid}/").status_code == 404


def test_a_partner_without_identity_in_its_profile_never_sees_it(operator, signed_in):
    contact = contact_log_call(
        actor=operator,
        signal_type="tip",
        exploitation=["labour"],
        postcode="9000",
        caller_name="Petar Ivanov",
        narrative="Petar says the boss keeps the passports.",
    )
    _send_all(signed_in(operator), contact)
    referral = Referral.objects.get(organisation__slug="ecosoc-oost-vlaanderen")
    inspector = UserFactory(organisation=referral.organisation, role=Role.INVESTIGATOR)
    page = signed_in(inspector).get(f"/en/staff/dispatch/referrals/{referral.uuid}/").content.decode()
    assert "Petar" not in page and "passports" not in page
    assert "Labour exploitation" in page


def test_the_partner_acknowledges_accepts_and_reports_and_the_hotline_sees_it(operator, signed_in):
    contact = _minor_call(operator)
    _send_all(signed_in(operator), contact)
    referral = Referral.objects.get(organisation__slug="child-focus")
    client = signed_in(UserFactory(organisation=referral.organisation, role=Role.CASEWORKER))
    inbox = client.get("/en/staff/dispatch/inbox/").content.decode()
    assert contact.reference in inbox
    base = f"/en/staff/dispatch/referrals/{referral.uuid}"
    client.post(f"{base}/acknowledge/")
    client.post(f"{base}/accept/")
    client.post(f"{base}/outcome/", {"outcome": "assistance_provided", "note": "Placed in a safe house."})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.OUTCOME_REPORTED
    page = signed_in(operator).get(f"/en/staff/hotline/contacts/{contact.uuid}/").content.decode()
    assert "Assistance or shelter provided" in page and "Placed in a safe house." in page
    bad = client.post(f"{base}/outcome/", {"outcome": "vanished"}, follow=True)
    assert "Choose an outcome." in bad.content.decode()


def test_the_inbox_is_for_roles_that_receive_referrals():
    assert_access_matrix(
        "/en/staff/dispatch/inbox/",
        allowed_roles=roles_with(Perm.RECEIVE_REFERRALS),
        cross_organisation=False,
    )
