"""The entries' lifecycle and safety gates (services/entries.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from thb.blocking.models import BlockEntry, EntryStatus, EntryTransition, TakedownStatus
from thb.blocking.services.entries import (
    entries_mark_review_due,
    entry_approve,
    entry_confirm,
    entry_reject,
    entry_report,
    entry_review,
    entry_set_takedown,
    entry_start_assessment,
    entry_suspend,
    entry_verify,
)
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_whole_path_to_approval_records_who_when_why_and_the_order(people, approve):
    entry = approve(people, "bad-site.example")
    assert entry.status == EntryStatus.APPROVED
    assert (entry.verified_by, entry.confirmed_by, entry.approved_by) == (
        people.officer_a,
        people.officer_b,
        people.magistrate,
    )
    assert entry.magistrate_order_reference == "ORD-2026-0042"
    assert entry.next_review_due is not None and entry.next_review_due - entry.last_verified_at == timedelta(
        days=90
    )
    steps = list(EntryTransition.objects.filter(entry=entry).values_list("to_status", flat=True))
    assert steps == ["reported", "assessing", "verified", "confirmed", "approved"]
    assert EntryTransition.objects.get(entry=entry, to_status="approved").legal_reference == "ORD-2026-0042"
    assert AuditEvent.objects.filter(object_uuid=entry.uuid).count() == 5


def test_the_same_officer_cannot_verify_and_confirm(people):
    entry = entry_start_assessment(
        entry=entry_report(actor=people.officer_a, domain="x.example"), actor=people.officer_a
    )
    entry = entry_verify(
        entry=entry,
        actor=people.officer_a,
        verified_online_at=timezone.now(),
        apparent_age_under_13=True,
        severity="severe",
    )
    with pytest.raises(PermissionDeniedError):
        entry_confirm(entry=entry, actor=people.officer_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        BlockEntry.objects.filter(pk=entry.pk).update(confirmed_by=people.officer_a)


def test_only_a_magistrate_approves_and_only_with_an_order_reference(people):
    entry = entry_start_assessment(
        entry=entry_report(actor=people.officer_a, domain="y.example"), actor=people.officer_a
    )
    entry = entry_verify(
        entry=entry,
        actor=people.officer_a,
        verified_online_at=timezone.now(),
        apparent_age_under_13=True,
        severity="severe",
    )
    entry = entry_confirm(entry=entry, actor=people.officer_b)
    with pytest.raises(PermissionDeniedError):
        entry_approve(entry=entry, actor=people.officer_b, order_reference="ORD-1")
    with pytest.raises(ValidationFailedError):
        entry_approve(entry=entry, actor=people.magistrate, order_reference="  ")
    with pytest.raises(IntegrityError), transaction.atomic():
        BlockEntry.objects.filter(pk=entry.pk).update(status="approved")


@pytest.mark.parametrize("domain", ["google.com", "mail.google.com", "www.belgium.be", "europol.europa.eu"])
def test_a_protected_domain_or_a_name_below_it_is_refused(people, domain):
    with pytest.raises(ValidationFailedError) as error:
        entry_report(actor=people.officer_a, domain=domain)
    assert error.value.code == "protected_domain"
    assert not BlockEntry.objects.exists()


def test_blocking_a_parent_of_a_protected_domain_with_its_subdomains_is_refused(people):
    with pytest.raises(ValidationFailedError) as error:
        entry_report(actor=people.officer_a, domain="europa.eu", scope="subdomains")
    assert "europol.europa.eu" in str(error.value.message) or "europa.eu" in str(error.value.message)


def test_a_site_on_a_shared_platform_goes_to_takedown_instead(people):
    entry = entry_report(actor=people.officer_a, domain="someone.github.io")
    assert entry.status == EntryStatus.TAKEDOWN and entry.takedown_status == TakedownStatus.PLATFORM
    wordpress = entry_report(actor=people.officer_a, domain="abuser.wordpress.com")
    assert wordpress.status == EntryStatus.TAKEDOWN


def test_belgian_hosting_needs_the_takedown_notice_before_verification(people):
    entry = entry_report(actor=people.officer_a, domain="hosted-here.example", hosting_country="be")
    entry = entry_start_assessment(entry=entry, actor=people.officer_a)
    with pytest.raises(ValidationFailedError) as error:
        entry_verify(
            entry=entry,
            actor=people.officer_a,
            verified_online_at=timezone.now(),
            apparent_age_under_13=True,
            severity="severe",
        )
    assert error.value.code == "takedown_first"
    entry_set_takedown(entry=entry, actor=people.officer_a, status=TakedownStatus.NOTICE_SENT)
    verified = entry_verify(
        entry=entry,
        actor=people.officer_a,
        verified_online_at=timezone.now(),
        apparent_age_under_13=True,
        severity="severe",
    )
    assert verified.status == EntryStatus.VERIFIED


def test_a_name_already_listed_is_refused_until_it_is_removed_or_rejected(people):
    first = entry_report(actor=people.officer_a, domain="twice.example")
    with pytest.raises(ValidationFailedError) as error:
        entry_report(actor=people.officer_b, domain="TWICE.example.")
    assert error.value.code == "duplicate"
    entry_reject(entry=first, actor=people.officer_b, reason="Not CSAM")
    assert entry_report(actor=people.officer_b, domain="twice.example").status == EntryStatus.REPORTED


def test_ninety_days_after_verification_the_entry_is_due_for_review_then_kept_or_removed(people, approve):
    entry = approve(people, "old.example")
    BlockEntry.objects.filter(pk=entry.pk).update(status=EntryStatus.PUBLISHED)
    assert entries_mark_review_due(now=entry.next_review_due - timedelta(minutes=1)) == 0
    assert entries_mark_review_due(now=entry.next_review_due + timedelta(minutes=1)) == 1
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REVIEW_DUE
    kept = entry_review(entry=entry, actor=people.officer_b, still_online=True)
    assert kept.status == EntryStatus.PUBLISHED and kept.next_review_due > timezone.now() + timedelta(days=89)
    BlockEntry.objects.filter(pk=entry.pk).update(status=EntryStatus.REVIEW_DUE)
    gone = entry_review(entry=entry, actor=people.officer_b, still_online=False)
    assert gone.status == EntryStatus.REMOVED


def test_an_emergency_pull_needs_a_reason(people, approve):
    entry = approve(people, "mistake.example")
    with pytest.raises(ValidationFailedError):
        entry_suspend(entry=entry, actor=people.officer_a, reason="")
    assert (
        entry_suspend(entry=entry, actor=people.magistrate, reason="Wrong domain").status
        == EntryStatus.SUSPENDED
    )


def test_others_cannot_report(people):
    with pytest.raises(PermissionDeniedError):
        entry_report(actor=people.engineer, domain="z.example")
