"""The blocking pages (views.py): officers and magistrates run the whole cycle in the browser; nobody else
reaches the list."""

from __future__ import annotations

import pytest
from django.test import override_settings

from thb.blocking.models import BlockEntry, EntryStatus, Release, ReleaseRequest
from thb.core.roles import Perm
from thb.core.tests.access_matrix import assert_access_matrix, roles_with

pytestmark = pytest.mark.django_db


def _cycle(people, signed_in, domain="cycle-demo.example"):
    a, b, magistrate = signed_in(people.officer_a), signed_in(people.officer_b), signed_in(people.magistrate)
    response = a.post("/en/staff/blocking/", {"domain": f"https://{domain}/some/path", "scope": "subdomains"})
    assert response.status_code == 302, response.content.decode()[:500]
    entry = BlockEntry.objects.get(domain=domain)
    base = f"/en/staff/blocking/entries/{entry.uuid}"
    a.post(f"{base}/assess/")
    a.post(
        f"{base}/verify/",
        {"verified_online_at": "2026-11-28T08:00", "apparent_age_under_13": "true", "severity": "severe"},
    )
    page = a.get(f"{base}/").content.decode()
    assert "another officer must confirm it" in page
    b.post(f"{base}/confirm/")
    magistrate.post(f"{base}/approve/", {"order_reference": "ORD-77"})
    entry.refresh_from_db()
    return entry, a


def test_officers_and_a_magistrate_take_a_domain_to_a_published_release(people, signed_in):
    entry, officer = _cycle(people, signed_in)
    assert entry.status == EntryStatus.APPROVED and entry.magistrate_order_reference == "ORD-77"
    page = officer.get("/en/staff/blocking/releases/").content.decode()
    assert "cycle-demo.example" in page
    officer.post("/en/staff/blocking/releases/")
    release = Release.objects.get()
    assert "cycle-demo.example IN A" in release.rpz
    page = officer.get("/en/staff/blocking/releases/").content.decode()
    assert str(release.serial) in page


def test_the_report_form_refuses_bad_and_protected_names_with_their_reason(people, signed_in):
    client = signed_in(people.officer_a)
    for typed, message in (
        ("com", "top-level domain alone"),
        ("www.google.com", "protected domain"),
        ("192.0.2.1", "IP address"),
    ):
        response = client.post("/en/staff/blocking/", {"domain": typed, "scope": "subdomains"})
        assert response.status_code == 422 and message in response.content.decode(), typed
    assert not BlockEntry.objects.exists()


@override_settings(THB_BLOCKING_MASS_CHANGE_LIMIT=0)
def test_a_mass_change_is_approved_by_another_person_in_the_browser(people, signed_in):
    _entry, officer = _cycle(people, signed_in)
    officer.post("/en/staff/blocking/releases/")
    request = ReleaseRequest.objects.get()
    assert (
        "Approve"
        not in officer.get("/en/staff/blocking/releases/")
        .content.decode()
        .split("Waiting for a second approval")[1][:400]
    )
    other = signed_in(people.officer_b)
    other.post(f"/en/staff/blocking/releases/requests/{request.uuid}/approve/")
    officer.post("/en/staff/blocking/releases/")
    assert Release.objects.count() == 1


def test_the_list_is_for_officers_and_magistrates_only(people, approve):
    entry = approve(people, "matrix-demo.example")
    allowed = set(roles_with(Perm.EDIT_BLOCKLIST)) | set(roles_with(Perm.APPROVE_BLOCKS))
    assert_access_matrix("/en/staff/blocking/", allowed_roles=allowed, cross_organisation=False)
    # An entry: the officers of the FCCU that owns it, and magistrates (who order blocks); nobody else.
    from thb.core.roles import Role
    from thb.core.tests.access_matrix import client_with_second_factor
    from thb.core.tests.factories import UserFactory

    for role in Role.values:
        user = UserFactory(organisation=people.fccu, role=role)
        status = client_with_second_factor(user).get(f"/en/staff/blocking/entries/{entry.uuid}/").status_code
        assert status == (200 if role in allowed else 404), (role, status)


def test_officers_of_another_police_unit_do_not_see_the_fccus_entries(people, approve, signed_in):
    from thb.core.models import OrganisationKind
    from thb.core.roles import Role
    from thb.core.tests.factories import OrganisationFactory, UserFactory

    entry = approve(people, "own-list.example")
    stranger = UserFactory(
        organisation=OrganisationFactory(kind=OrganisationKind.POLICE_FCCU), role=Role.BLOCKLIST_OFFICER
    )
    client = signed_in(stranger)
    assert client.get(f"/en/staff/blocking/entries/{entry.uuid}/").status_code == 404
    assert "own-list.example" not in client.get("/en/staff/blocking/?q=own-list").content.decode()


def test_officers_protect_domains_and_only_a_magistrate_removes_a_protection(people, signed_in):
    from thb.blocking.models import ProtectedDomain
    from thb.blocking.services.entries import entry_report
    from thb.core.exceptions import ValidationFailedError

    officer = signed_in(people.officer_a)
    officer.post(
        "/en/staff/blocking/safeguards/", {"form": "protect", "domain": "Bakery.example", "reason": "Client"}
    )
    protected = ProtectedDomain.objects.get(domain="bakery.example")
    with pytest.raises(ValidationFailedError):
        entry_report(actor=people.officer_a, domain="shop.bakery.example")
    officer.post(
        "/en/staff/blocking/safeguards/", {"form": "unprotect", "uuid": str(protected.uuid), "reason": "x"}
    )
    assert ProtectedDomain.objects.filter(pk=protected.pk).exists()  # an officer cannot
    signed_in(people.magistrate).post(
        "/en/staff/blocking/safeguards/", {"form": "unprotect", "uuid": str(protected.uuid), "reason": "Sold"}
    )
    assert not ProtectedDomain.objects.filter(pk=protected.pk).exists()


def test_an_isp_engineer_downloads_verifies_and_confirms_in_the_browser(people, approve, signed_in):
    from thb.blocking import rpz
    from thb.blocking.models import ReleaseAck
    from thb.blocking.services.releases import release_publish

    approve(people, "browser-demo.example")
    release = release_publish(actor=people.officer_a, organisation=people.fccu)
    client = signed_in(people.engineer)
    page = client.get("/en/staff/blocking/isp/").content.decode()
    assert str(release.serial) in page and "Confirm deployment" in page
    zone = client.get(f"/api/v1/blocklist/releases/{release.serial}/rpz").content
    signature = client.get(f"/api/v1/blocklist/releases/{release.serial}/signature").content.decode()
    assert rpz.verify(zone, signature, client.get("/api/v1/blocklist/public-key").content.decode())
    client.post("/en/staff/blocking/isp/", {"serial": release.serial})
    assert ReleaseAck.objects.filter(organisation=people.isp, release=release).exists()
    assert "Confirm deployment" not in client.get("/en/staff/blocking/isp/").content.decode()
    assert signed_in(people.officer_a).get("/en/staff/blocking/isp/").status_code == 404
