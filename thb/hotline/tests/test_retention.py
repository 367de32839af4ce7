"""Retention of contacts that never became a case (DESIGN.md §4; issue 3 §2)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from thb.core.models import AuditEvent, OrganisationKind
from thb.core.tests.factories import OrganisationFactory
from thb.hotline.models import Contact, ContactMessage, IdempotentSubmission
from thb.hotline.services.public_reports import public_report_submit
from thb.hotline.tasks import purge_expired_contacts_task

pytestmark = pytest.mark.django_db

TEXT = "Someone keeps the passports of the workers at the farm near Tienen."


@pytest.fixture
def hotline(db):
    return OrganisationFactory(slug="hotline", kind=OrganisationKind.HOTLINE)


def test_contacts_past_their_retention_are_purged_with_their_messages_and_audited(hotline, settings):
    settings.THB_CONTACT_RETENTION_DAYS = 30
    old = public_report_submit(text=TEXT).contact
    Contact.objects.filter(pk=old.pk).update(retain_until=timezone.now() - dt.timedelta(days=1))
    kept = public_report_submit(text=TEXT + " Another report.").contact

    purged = purge_expired_contacts_task.delay().get()

    assert purged == 1
    assert list(Contact.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not ContactMessage.objects.filter(contact_id=old.pk).exists()
    event = AuditEvent.objects.get(action="contact.purge")
    assert event.changes["references"]["old"] == [old.reference]
    assert TEXT not in json.dumps(event.changes)


def test_contacts_without_retention_date_are_kept(hotline):
    contact = public_report_submit(text=TEXT).contact
    Contact.objects.filter(pk=contact.pk).update(retain_until=None)
    assert purge_expired_contacts_task.delay().get() == 0
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_expired_idempotency_answers_are_deleted(hotline, settings):
    IdempotentSubmission.objects.create(
        key_digest="a" * 64, endpoint="x", request_digest="b" * 64, response="{}", status_code=201
    )
    IdempotentSubmission.objects.update(created_at=timezone.now() - dt.timedelta(hours=48))
    purge_expired_contacts_task.delay()
    assert IdempotentSubmission.objects.count() == 0


def test_the_purge_is_scheduled(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "thb.hotline.tasks.purge_expired_contacts" in tasks
