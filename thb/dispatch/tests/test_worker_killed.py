"""The worker is killed while it delivers notifications (issue 11 §4, CI-sized; the full-scale run under load
is bench/dispatch_delivery.py). Real processes: a private ``redis-server`` as the broker, ``celery worker``
and a separate ``celery beat`` on the test database, an SMTP sink in this process. The sink kills the worker's
whole process group (SIGKILL) when the first e-mail arrives, before it answers — the send is cut between
"sent" and "marked delivered". The worker is started again; the periodic job delivers what is pending.

What must hold (thb/dispatch/outbox.py: at least once, never lost): every notification arrives; the one in
flight at the kill arrives a second time with the same event id (receivers deduplicate on it); no other
message arrives twice; every row ends delivered."""

from __future__ import annotations

import logging
import os
from collections import Counter

import pytest
from django.db import connection

from thb.core.tests.processes import (
    Celery,
    Redis,
    Sink,
    celery_broker,
    current_database_url,
    free_port,
    wait_for,
)
from thb.dispatch.models import OutboxChannel, OutboxMessage, OutboxStatus

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def background(tmp_path, settings):
    """The broker, the SMTP sink and the two Celery processes (started by the test), torn down afterwards."""
    from aiosmtpd.controller import Controller

    if connection.vendor != "postgresql":
        pytest.skip("the worker process shares the test database: PostgreSQL only; CI runs it there")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sink, smtp_port, redis = Sink(), free_port(), Redis(free_port(), tmp_path)
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)  # aiosmtpd: a killed sender is expected
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "DATABASE_URL", "EMAIL_"))},
        "THB_ENV": "test",
        "THB_VAR_DIR": str(settings.VAR_DIR),  # the same development secrets as this process
        "DATABASE_URL": current_database_url(),
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis.port}/0",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "THB_OUTBOX_SECONDS": "1",
        "LOG_LEVEL": "INFO",
    }
    worker = Celery(
        "worker",
        ["worker", "--concurrency=1", "--without-mingle", "--without-gossip", "--hostname", "k@%h"],
        env,
        tmp_path,
    )
    beat = Celery("beat", ["beat", "--schedule", str(tmp_path / "celerybeat-schedule")], env, tmp_path)
    controller.start()
    redis.start()
    try:
        with celery_broker(env["CELERY_BROKER_URL"]):
            yield sink, worker, beat
    finally:
        sink.on_next_message = None
        for process in (beat, worker):
            process.stop()
        redis.close()
        controller.stop()


def test_a_worker_killed_mid_send_loses_no_notification(antwerp_inspector, confirm_labour_calls, background):
    from config.celery import app

    sink, worker, beat = background
    confirm_labour_calls(("2000", "2018", "2060", "1000"))
    expected = set(
        OutboxMessage.objects.filter(channel=OutboxChannel.EMAIL)
        .exclude(recipient="")
        .values_list("event_id", flat=True)
    )
    expected = {str(event_id) for event_id in expected}
    assert len(expected) >= 4
    assert sink.count() == 0  # committed, waiting in the broker: no worker runs yet

    killed: list[str] = []

    def cut_mid_send() -> None:  # called by the sink when the first e-mail has arrived, before "250 OK"
        worker.kill()  # SIGKILL to the process group: the main process and its pool process
        killed.append(worker.log_path.name)

    sink.on_next_message = cut_mid_send
    worker.start()  # not waited for with a ping: it may be killed before it could answer one
    assert wait_for(lambda: bool(killed), 60), "the worker sent nothing:\n" + worker.tail()
    in_flight = sink.arrivals[0].event_id
    assert OutboxMessage.objects.get(event_id=in_flight).status == OutboxStatus.PENDING

    worker.start(ready=lambda: bool(app.control.ping(timeout=0.5)))
    beat.start(ready=lambda: "is starting" in beat.log_path.read_text(errors="replace"))
    pending = OutboxMessage.objects.filter(event_id__in=expected, status=OutboxStatus.PENDING)
    assert wait_for(lambda: not pending.exists(), 90, step=0.5), "still pending:\n" + worker.tail()

    arrivals = Counter(arrival.event_id for arrival in sink.arrivals)
    assert set(arrivals) == expected, "lost or foreign messages"
    assert arrivals[in_flight] == 2  # cut mid-send, so sent again with the same event id
    assert {event_id for event_id, count in arrivals.items() if count > 1} == {in_flight}
    assert all(arrival.message_id_ok for arrival in sink.arrivals)
    rows = OutboxMessage.objects.filter(event_id__in=expected)
    assert set(rows.values_list("status", flat=True)) == {OutboxStatus.DELIVERED}
    assert worker.starts == 2
