"""Faults during notification delivery, CI-sized (issue 11 §4: "stop the broker (outbox catches up)"; the
full-scale runs are bench/dispatch_delivery.py). The broker is unreachable when referrals are sent: the
referrals and their notifications are committed all the same, the failed wake-up is logged, and the
periodic job delivers every message once the broker is forgotten — none lost, none twice."""

from __future__ import annotations

import logging
import threading

import pytest
from django.core import mail

from thb.core.tests.processes import celery_broker, free_port
from thb.dispatch import outbox
from thb.dispatch.models import OutboxMessage, OutboxStatus, Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(settings):
    """Celery's broker points at a closed port while the test runs (thb.core.tests.processes)."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with celery_broker(f"redis://127.0.0.1:{free_port()}/0"):  # closed again: nothing listens there
        yield


def test_with_the_broker_down_every_notification_is_committed_then_delivered_once(
    antwerp_inspector, confirm_labour_calls, broker_down, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.WARNING, logger="thb.dispatch.outbox")
    confirm_labour_calls(
        ("2000", "2018", "2060"), around=lambda: django_capture_on_commit_callbacks(execute=True)
    )
    for thread in [t for t in threading.enumerate() if t.name == "outbox-wake-up"]:
        thread.join(timeout=30)

    pending = OutboxMessage.objects.filter(status=OutboxStatus.PENDING)
    assert Referral.objects.filter(status="sent").count() >= 3
    assert pending.count() >= 3
    assert any("could not wake the worker" in record.getMessage() for record in caplog.records)
    assert mail.outbox == []

    report = outbox.deliver_due()

    assert report.delivered == pending.model.objects.count()
    assert not OutboxMessage.objects.exclude(status=OutboxStatus.DELIVERED).exists()
    event_ids = [message.extra_headers["X-THB-Event-Id"] for message in mail.outbox]
    assert len(event_ids) == len(set(event_ids)) == report.delivered
    assert outbox.deliver_due().delivered == 0  # nothing twice
