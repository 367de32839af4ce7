"""The officers' and magistrates' API (api_staff.py): the whole cycle, with the same rules as the pages."""

from __future__ import annotations

import pytest

from thb.blocking.models import BlockEntry, EntryStatus, Release
from thb.core.roles import Perm
from thb.core.tests.access_matrix import assert_access_matrix, roles_with

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_the_whole_cycle_through_the_api(people, signed_in):
    a, b, magistrate = signed_in(people.officer_a), signed_in(people.officer_b), signed_in(people.magistrate)
    created = a.post(
        "/api/v1/blocklist/entries", {"domain": "API-Demo.example.", "scope": "subdomains"}, content_type=JSON
    )
    assert created.status_code == 201, created.content
    base = f"/api/v1/blocklist/entries/{created.json()['uuid']}"
    assert a.post(f"{base}/assess", {}, content_type=JSON).json()["status"] == "assessing"
    missing = a.post(f"{base}/verify", {"severity": "severe"}, content_type=JSON)
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"][-1] == "verified_online_at"
    verified = a.post(
        f"{base}/verify",
        {
            "verified_online_at": "2026-11-28T08:00:00+01:00",
            "apparent_age_under_13": True,
            "severity": "severe",
        },
        content_type=JSON,
    )
    assert verified.json()["status"] == "verified"
    assert a.post(f"{base}/confirm", {}, content_type=JSON).status_code == 403  # four eyes
    assert b.post(f"{base}/confirm", {}, content_type=JSON).json()["status"] == "confirmed"
    assert b.post(f"{base}/approve", {"order_reference": "X"}, content_type=JSON).status_code == 403
    approved = magistrate.post(f"{base}/approve", {"order_reference": "ORD-API-1"}, content_type=JSON).json()
    assert (
        approved["status"] == "approved"
        and [t["to_status"] for t in approved["transitions"]][-1] == "approved"
    )
    published = a.post("/api/v1/blocklist/releases", {}, content_type=JSON)
    assert published.status_code == 201 and published.json()["domain_count"] == 1
    assert BlockEntry.objects.get().status == EntryStatus.PUBLISHED and Release.objects.count() == 1
    listed = a.get("/api/v1/blocklist/entries", {"status": "published"}).json()
    assert [e["domain"] for e in listed] == ["api-demo.example"]


def test_bad_and_protected_names_are_refused_by_the_api(people, signed_in):
    client = signed_in(people.officer_a)
    for domain, code in (("com", "invalid_domain"), ("mail.google.com", "protected_domain")):
        response = client.post("/api/v1/blocklist/entries", {"domain": domain}, content_type=JSON)
        assert response.status_code == 422 and response.json()["error"] == code
    assert not BlockEntry.objects.exists()


def test_entries_by_api_are_for_officers_and_magistrates_only():
    allowed = set(roles_with(Perm.EDIT_BLOCKLIST)) | set(roles_with(Perm.APPROVE_BLOCKS))
    assert_access_matrix(
        "/api/v1/blocklist/entries", allowed_roles=allowed, api=True, cross_organisation=False
    )
