"""The ISPs' API (api.py; contracts): per-ISP tokens, the release files, the signature, the public key,
the deployment acknowledgement."""

from __future__ import annotations

import pytest
from django.test import Client

from thb.blocking import rpz
from thb.blocking.models import ReleaseAck
from thb.blocking.services.releases import release_publish
from thb.core.roles import Perm
from thb.core.tests.access_matrix import assert_access_matrix, roles_with
from thb.core.tokens import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def release(people, approve):
    approve(people, "api-demo.example")
    return release_publish(actor=people.officer_a, organisation=people.fccu)


def _isp_client(people) -> Client:
    token = api_token_create(user=people.engineer, name="resolver sync", actor=people.engineer).secret
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_an_isp_fetches_the_latest_release_and_verifies_it(people, release):
    isp = _isp_client(people)
    meta = isp.get("/api/v1/blocklist/releases/latest").json()
    assert meta["serial"] == release.serial and meta["domain_count"] == 1
    zone = isp.get(meta["files"]["rpz"])
    assert zone.status_code == 200 and zone["Content-Type"].startswith("text/dns")
    signature = isp.get(meta["files"]["signature"]).content.decode().strip()
    public_key = Client().get("/api/v1/blocklist/public-key").content.decode()  # no login needed
    assert rpz.verify(zone.content, signature, public_key)
    assert rpz.sha256(zone.content.decode()) == meta["sha256"]["rpz"]
    assert isp.get(meta["files"]["domains"]).content.decode().split() == [
        "api-demo.example",
        "*.api-demo.example",
    ]
    assert "+ api-demo.example" in isp.get(meta["files"]["diff"]).content.decode()


def test_an_isp_acknowledges_deployment(people, release):
    isp = _isp_client(people)
    response = isp.post(f"/api/v1/blocklist/releases/{release.serial}/ack")
    assert response.status_code == 201 and response.json()["organisation"] == "isp-alpha"
    assert isp.post(f"/api/v1/blocklist/releases/{release.serial}/ack").status_code == 201
    assert ReleaseAck.objects.count() == 1
    assert isp.post("/api/v1/blocklist/releases/1999010101/ack").status_code == 404


def test_release_files_are_for_isps_and_the_blocking_staff_only(release):
    allowed = (
        set(roles_with(Perm.DOWNLOAD_BLOCKLIST))
        | set(roles_with(Perm.EDIT_BLOCKLIST))
        | set(roles_with(Perm.APPROVE_BLOCKS))
    )
    assert_access_matrix(
        f"/api/v1/blocklist/releases/{release.serial}/rpz",
        allowed_roles=allowed,
        api=True,
        cross_organisation=False,
    )


def test_the_demo_data_holds_a_published_release_of_example_domains(reference_data, capsys):
    from django.core.management import call_command

    call_command("load-demo")
    call_command("load-demo")  # idempotent
    out = capsys.readouterr().out
    assert "demo release" in out and "a release exists already" in out
    from thb.blocking.models import Release

    release = Release.objects.get()
    assert (
        "blocked-demo.example IN A" in release.rpz
        and ".test" not in release.rpz
        and ".invalid" not in release.rpz
    )
