"""Faults during notification delivery, CI-sized (issue 11 §4: "stop the broker (outbox catches up)"; the
full-scale runs are bench/dispatch_delivery.py). The broker is unreachable when referrals are sent: the
referrals and their notifications are committed all the same, the failed wake-up is logged, and the
periodic job delivers every message once the broker is forgotten — none lost, none twice."""

from __future__ import annotations

import logging
import socket
import threading

import pytest
from django.core import mail

from config.celery import app as celery_app
from thb.core.models import Organisation
from thb.core.roles import Role
from thb.core.tests.factories import UserFactory
from thb.dispatch import outbox
from thb.dispatch.models import OutboxMessage, OutboxStatus, Referral
from thb.dispatch.selectors import dispatch_proposal_for
from thb.dispatch.services.procedures import procedure_install_default
from thb.dispatch.services.referrals import referrals_confirm
from thb.hotline.services.console import contact_log_call

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends: nothing listens there


@pytest.fixture
def broker_down(settings):
    """Celery's broker points at a closed port while the test runs; the app's connection and producer
    pools are set aside (not closed: later tests of this process keep using them) and restored afterwards."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    conf = celery_app.conf
    before = (conf.broker_url, conf.broker_connection_retry, conf.broker_connection_max_retries)
    pool, producers = celery_app._pool, celery_app.amqp._producer_pool
    conf.broker_url = f"redis://127.0.0.1:{_closed_port()}/0"
    conf.broker_connection_retry = False
    conf.broker_connection_max_retries = 0
    celery_app._pool = celery_app.amqp._producer_pool = None  # fresh pools, on the dead broker
    yield
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool, celery_app.amqp._producer_pool = pool, producers
    conf.broker_url, conf.broker_connection_retry, conf.broker_connection_max_retries = before


def test_with_the_broker_down_every_notification_is_committed_then_delivered_once(
    demo_directory, broker_down, caplog, django_capture_on_commit_callbacks
):
    procedure_install_default()
    operator = UserFactory(organisation=Organisation.objects.get(slug="hotline"), role=Role.OPERATOR)
    inspection = Organisation.objects.get(slug="ecosoc-antwerpen")
    UserFactory(organisation=inspection, role=Role.INVESTIGATOR, email="inspector@ecosoc.example")
    caplog.set_level(logging.WARNING, logger="thb.dispatch.outbox")
    for postcode in ("2000", "2018", "2060"):
        contact = contact_log_call(
            actor=operator, signal_type="tip", exploitation=["labour"], postcode=postcode
        )
        proposal = dispatch_proposal_for(user=operator, contact=contact)
        with django_capture_on_commit_callbacks(execute=True):
            referrals_confirm(
                contact=contact,
                actor=operator,
                decision=proposal.decision,
                procedure=proposal.procedure,
                version=proposal.version,
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
