"""Releases (services/releases.py, rpz.py): built from approved entries, validated, signed, immutable,
numbered; the mass-change gate; the contract commands."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from thb.blocking import rpz
from thb.blocking.models import BlockEntry, EntryStatus, Release, ReleaseRequest, RequestStatus
from thb.blocking.services.entries import entry_suspend
from thb.blocking.services.releases import (
    NothingToPublishError,
    next_serial,
    public_key_pem,
    release_acknowledge,
    release_publish,
    release_request_decide,
)
from thb.core.exceptions import AuditImmutableError, PermissionDeniedError

pytestmark = pytest.mark.django_db


def test_a_release_holds_the_approved_entries_as_rpz_list_diff_sums_and_a_signature(people, approve):
    approve(people, "blocked.example")
    approve(people, "only-this.example.com", scope="exact")
    release = release_publish(actor=people.officer_a, organisation=people.fccu)
    assert isinstance(release, Release)
    assert (
        "blocked.example IN A 192.0.2.80" in release.rpz
        and "*.blocked.example IN AAAA 2001:db8::80" in release.rpz
    )
    assert "only-this.example.com IN A" in release.rpz and "*.only-this.example.com" not in release.rpz
    assert "@ IN NS localhost." in release.rpz and f" {release.serial} " in release.rpz
    assert release.domains_txt.split() == ["blocked.example", "*.blocked.example", "only-this.example.com"]
    assert "+ blocked.example" in release.diff_txt and release.added_count == 2 and release.removed_count == 0
    assert release.rpz_sha256 == rpz.sha256(release.rpz)
    assert rpz.verify(release.rpz.encode(), release.signature, public_key_pem())
    assert release.validation["records"] == 8 and release.validation["resolver"]["ok"] in (True, None)
    assert set(BlockEntry.objects.values_list("status", flat=True)) == {EntryStatus.PUBLISHED}


def test_the_next_release_carries_the_diff_and_a_higher_serial(people, approve):
    first_entry = approve(people, "first.example")
    first = release_publish(actor=people.officer_a, organisation=people.fccu)
    approve(people, "second.example")
    entry_suspend(
        entry=BlockEntry.objects.get(pk=first_entry.pk), actor=people.officer_b, reason="Taken down"
    )
    second = release_publish(actor=people.officer_b, organisation=people.fccu)
    assert second.serial > first.serial and second.previous_serial == first.serial
    assert "- first.example" in second.diff_txt and "+ second.example" in second.diff_txt
    assert "first.example" not in second.rpz
    with pytest.raises(NothingToPublishError):
        release_publish(actor=people.officer_a, organisation=people.fccu)


def test_a_published_release_cannot_be_changed_or_deleted(people, approve):
    approve(people, "fixed.example")
    release = release_publish(actor=people.officer_a, organisation=people.fccu)
    release.rpz = "tampered"
    with pytest.raises(AuditImmutableError):
        release.save()
    with pytest.raises(AuditImmutableError):
        Release.objects.filter(pk=release.pk).update(rpz="x")
    with pytest.raises(AuditImmutableError):
        release.delete()


@override_settings(THB_BLOCKING_MASS_CHANGE_LIMIT=2)
def test_a_mass_change_waits_for_a_second_person_and_publishes_exactly_what_was_approved(people, approve):
    for name in ("a.example", "b.example", "c.example"):
        approve(people, name)
    request = release_publish(actor=people.officer_a, organisation=people.fccu)
    assert isinstance(request, ReleaseRequest) and request.status == RequestStatus.AWAITING_APPROVAL
    assert not Release.objects.exists()
    with pytest.raises(PermissionDeniedError):
        release_request_decide(request=request, actor=people.officer_a, approve=True)
    release_request_decide(request=request, actor=people.magistrate, approve=True)
    approve(people, "d.example")  # the list moved on after the approval
    again = release_publish(actor=people.officer_a, organisation=people.fccu)
    assert isinstance(again, ReleaseRequest) and again.pk != request.pk
    request.refresh_from_db()
    assert request.status == RequestStatus.STALE
    release_request_decide(request=again, actor=people.officer_b, approve=True)
    release = release_publish(actor=people.officer_a, organisation=people.fccu)
    assert isinstance(release, Release) and release.added_count == 4 and release.request_id == again.pk


def test_serials_are_dated_and_always_increase():
    now = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
    assert next_serial(None, now) == 2026112901
    assert next_serial(2026112901, now) == 2026112902
    assert next_serial(2026112999, now) == 2026113000  # past 99 in a day it still increases
    assert next_serial(2026120105, now) == 2026120106  # a clock set back never lowers the serial
    assert next_serial(2026112805, now) == 2026112901


def test_an_isp_acknowledges_once(people, approve):
    approve(people, "acked.example")
    release = release_publish(actor=people.officer_a, organisation=people.fccu)
    first = release_acknowledge(release=release, actor=people.engineer)
    assert release_acknowledge(release=release, actor=people.engineer).pk == first.pk
    with pytest.raises(PermissionDeniedError):
        release_acknowledge(release=release, actor=people.officer_a)


def test_export_and_verify_commands(people, approve, tmp_path):
    approve(people, "exported.example")
    release = release_publish(actor=people.officer_a, organisation=people.fccu)
    zone, sig, key = tmp_path / "rpz.zone", tmp_path / "rpz.sig", tmp_path / "key.pem"
    call_command("blocking", "export-rpz", "--output", str(zone), stdout=StringIO())
    assert zone.read_text() == release.rpz
    sig.write_text(release.signature)
    key.write_text(public_key_pem())

    def verify() -> int:
        try:
            call_command(
                "blocking",
                "verify-release",
                "--zone",
                str(zone),
                "--signature",
                str(sig),
                "--public-key",
                str(key),
                stdout=StringIO(),
                stderr=StringIO(),
            )
        except SystemExit as exit_:
            return int(exit_.code or 0)
        return 0

    assert verify() == 0
    zone.write_text(release.rpz.replace("exported.example", "exported.example.evil", 1))
    assert verify() == 1
    zone.write_text(release.rpz)
    other = rpz.generate_key()
    key.write_text(rpz.public_key_pem(other))
    assert verify() == 1
    sig.write_text(base64.b64encode(b"not a signature").decode())
    assert verify() == 1


def test_lookups_answer_like_the_resolver(people, approve):
    from thb.blocking.lookup import BlockedNames

    approve(people, "tree.example")
    approve(people, "leaf.example.com", scope="exact")
    release = release_publish(actor=people.officer_a, organisation=people.fccu)
    names = BlockedNames(release.domains_txt.splitlines())
    assert names.blocks("tree.example") == "tree.example"
    assert names.blocks("a.b.tree.example") == "tree.example"
    assert names.blocks("LEAF.example.com.") == "leaf.example.com"
    assert names.blocks("sub.leaf.example.com") is None
    assert names.blocks("nottree.example") is None and len(names) == 2


def test_a_change_of_scope_is_a_change_of_the_release(people, approve):
    from thb.blocking.services.entries import entry_remove
    from thb.blocking.services.releases import release_candidate

    first = approve(people, "scope-demo.example")  # with its subdomains
    release_publish(actor=people.officer_a, organisation=people.fccu)
    entry_remove(entry=BlockEntry.objects.get(pk=first.pk), actor=people.officer_b, reason="Scope too wide")
    approve(people, "scope-demo.example", scope="exact")
    candidate = release_candidate(organisation=people.fccu)
    assert candidate.added == ["scope-demo.example"] and candidate.removed == ["scope-demo.example"]
    second = release_publish(actor=people.officer_a, organisation=people.fccu)
    assert "*.scope-demo.example" not in second.rpz and "scope-demo.example IN A" in second.rpz
    assert "- *.scope-demo.example" in second.diff_txt


def test_the_release_reads_back_strictly_and_parses_as_dns(people, approve):
    approve(people, "strict-demo.example")
    release = release_publish(actor=people.officer_a, organisation=people.fccu)
    zone = "rpz.thb.example"
    assert rpz.parse_back(release.rpz, zone=zone, expected_names=2) == rpz.parse_with_dnspython(
        release.rpz, zone=zone
    )
    broken = [
        release.rpz + "evil name IN A 192.0.2.1\n",
        release.rpz + "x.example IN AAAA 192.0.2.1\n",
        release.rpz + "x.example IN A 999.1.1.1\n",
        release.rpz.replace("@ IN NS localhost.", "@ IN NS ns.attacker.example."),
        release.rpz + "x.example IN CNAME stop.example.\n",
    ]
    for text in broken:
        with pytest.raises(ValueError):
            rpz.parse_back(text, zone=zone, expected_names=2)
    with pytest.raises(ValueError):
        rpz.parse_back(release.rpz, zone=zone, expected_names=3)
