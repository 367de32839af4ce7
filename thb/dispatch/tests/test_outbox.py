"""The notification outbox (outbox.py): written with the referral, delivered at least once by e-mail
(without personal data) and signed webhook, retried with back-off, duplicates with the same event id."""

from __future__ import annotations

import http.server
import json
import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from thb.core.models import Organisation
from thb.core.roles import Role
from thb.core.tests.factories import UserFactory
from thb.dispatch import outbox
from thb.dispatch.models import OutboxMessage, OutboxStatus, WebhookEndpoint
from thb.dispatch.selectors import dispatch_proposal_for
from thb.dispatch.services.procedures import procedure_install_default
from thb.dispatch.services.referrals import referrals_confirm
from thb.hotline.services.console import contact_log_call

pytestmark = pytest.mark.django_db


class _Receiver(http.server.BaseHTTPRequestHandler):
    statuses: list[int] = []
    received: list[tuple[dict, dict]] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append(({k.lower(): v for k, v in self.headers.items()}, {"body": body}))
        self.send_response(type(self).statuses.pop(0) if type(self).statuses else 200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    _Receiver.statuses, _Receiver.received = [], []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, _Receiver
    server.shutdown()


@pytest.fixture
def sent(demo_directory):
    """A labour call in Antwerp sent to the inspection and the labour auditor; an inspector with e-mail."""
    assert procedure_install_default()[1] == "activated"
    hotline = Organisation.objects.get(slug="hotline")
    operator = UserFactory(organisation=hotline, role=Role.OPERATOR)
    inspection = Organisation.objects.get(slug="ecosoc-antwerpen")
    UserFactory(
        organisation=inspection,
        role=Role.INVESTIGATOR,
        email="inspector@ecosoc.example",
        preferred_language="nl",
    )
    UserFactory(organisation=inspection, role=Role.ANALYST, email="analyst@ecosoc.example")  # no referrals
    contact = contact_log_call(
        actor=operator,
        signal_type="tip",
        exploitation=["labour"],
        postcode="2000",
        caller_name="Radu Dinu",
        narrative="Radu works 16 hours a day at the car wash.",
    )
    proposal = dispatch_proposal_for(user=operator, contact=contact)
    referrals_confirm(
        contact=contact,
        actor=operator,
        decision=proposal.decision,
        procedure=proposal.procedure,
        version=proposal.version,
    )
    return contact, inspection


def test_sending_writes_one_message_per_recipient_in_the_same_transaction(sent):
    _contact, inspection = sent
    messages = OutboxMessage.objects.filter(organisation=inspection, topic="referral.sent")
    assert [m.recipient for m in messages] == [
        "inspector@ecosoc.example"
    ]  # the analyst receives no referrals
    # The labour auditor has no user with an address: its organisation's e-mail channel is used.
    auditor = OutboxMessage.objects.get(organisation__slug="labour-auditor-antwerpen")
    assert auditor.recipient == "labour-auditor-antwerpen@example.invalid"


def test_the_email_has_a_link_and_no_personal_data(sent):
    contact, _ = sent
    report = outbox.deliver_due()
    assert report.delivered == 2 and report.retried == 0
    email = next(m for m in mail.outbox if m.to == ["inspector@ecosoc.example"])
    text = email.subject + email.body
    assert "http://127.0.0.1:8000/nl/staff/dispatch/referrals/" in email.body  # in the reader's language
    for personal in ("Radu", "Dinu", "car wash", contact.reference):
        assert personal not in text
    assert "doorverwijzing" in email.subject.lower()
    message = OutboxMessage.objects.get(recipient="inspector@ecosoc.example")
    assert message.status == OutboxStatus.DELIVERED and email.extra_headers["X-THB-Event-Id"] == str(
        message.event_id
    )


def test_a_webhook_is_signed_retried_with_backoff_and_delivered_once_it_answers(sent, receiver):
    server, handler = receiver
    _contact, inspection = sent
    endpoint = WebhookEndpoint.objects.create(
        organisation=inspection, url=f"http://127.0.0.1:{server.server_port}/hook", secret="s3cret"
    )
    message = outbox.notify(
        topic="referral.sent", organisation=inspection, data={"referral": "x"}, emails=[]
    )[0]
    assert message.recipient == str(endpoint.uuid)
    handler.statuses = [500]
    OutboxMessage.objects.exclude(pk=message.pk).update(status=OutboxStatus.DELIVERED)
    first = outbox.deliver_due()
    message.refresh_from_db()
    assert first.retried == 1 and message.status == OutboxStatus.PENDING and "500" in message.last_error
    assert message.next_attempt_at > timezone.now() + timedelta(seconds=20)
    assert outbox.deliver_due().delivered == 0  # not yet due
    second = outbox.deliver_due(now=timezone.now() + timedelta(minutes=2))
    message.refresh_from_db()
    assert second.delivered == 1 and message.status == OutboxStatus.DELIVERED and message.attempts == 2
    (h1, _b1), (h2, b2) = handler.received
    assert h1["x-thb-event-id"] == h2["x-thb-event-id"] == str(message.event_id)
    payload = b2["body"]
    assert h2["x-thb-signature"] == outbox.signature("s3cret", h2["x-thb-timestamp"], payload)
    assert json.loads(payload)["topic"] == "referral.sent"


def test_a_crash_after_sending_redelivers_with_the_same_event_id(sent, receiver):
    """At least once: the worker dies after the webhook answered but before the row is marked delivered."""
    server, handler = receiver
    _contact, inspection = sent
    OutboxMessage.objects.update(status=OutboxStatus.DELIVERED)
    WebhookEndpoint.objects.create(
        organisation=inspection, url=f"http://127.0.0.1:{server.server_port}/", secret="k"
    )
    message = outbox.notify(topic="referral.sent", organisation=inspection, data={}, emails=[])[0]
    original_save = OutboxMessage.save

    def crash(self, *args, **kwargs):
        raise SystemExit("worker killed")

    with mock.patch.object(OutboxMessage, "save", crash), pytest.raises(SystemExit):
        outbox.deliver_due()
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING and message.attempts == 0
    with mock.patch.object(OutboxMessage, "save", original_save):
        assert outbox.deliver_due().delivered == 1
    ids = [headers["x-thb-event-id"] for headers, _ in handler.received]
    assert ids == [str(message.event_id)] * 2


def test_retries_end_in_a_visible_failure(sent, settings):
    _contact, inspection = sent
    OutboxMessage.objects.update(status=OutboxStatus.DELIVERED)
    settings.THB_OUTBOX_MAX_ATTEMPTS = 3
    WebhookEndpoint.objects.create(
        organisation=inspection, url="http://127.0.0.1:9/", secret="k"
    )  # nobody there
    message = outbox.notify(topic="referral.sent", organisation=inspection, data={}, emails=[])[0]
    later = timezone.now()
    for _ in range(3):
        later += timedelta(hours=2)
        outbox.deliver_due(now=later)
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and message.attempts == 3 and message.last_error


def test_backoff_doubles_and_is_capped():
    assert [outbox.backoff(n).total_seconds() for n in (1, 2, 3, 8, 20)] == [30, 60, 120, 3600, 3600]


def test_failed_notifications_are_visible_to_coordinators_and_can_be_sent_again(sent, signed_in, settings):
    _contact, inspection = sent
    OutboxMessage.objects.update(status=OutboxStatus.DELIVERED)
    settings.THB_OUTBOX_MAX_ATTEMPTS = 1
    WebhookEndpoint.objects.create(organisation=inspection, url="http://127.0.0.1:9/", secret="k")
    message = outbox.notify(topic="referral.sent", organisation=inspection, data={}, emails=[])[0]
    outbox.deliver_due()
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED
    coordinator = UserFactory(
        organisation=Organisation.objects.get(slug="coordination-cell"), role=Role.COORDINATOR
    )
    client = signed_in(coordinator)
    page = client.get("/en/staff/dispatch/overdue/").content.decode()
    assert "Failed: retries exhausted" in page and str(message.event_id) in page
    hotline_supervisor = UserFactory(
        organisation=Organisation.objects.get(slug="hotline"), role=Role.SUPERVISOR
    )
    assert (
        str(message.event_id)
        not in signed_in(hotline_supervisor).get("/en/staff/dispatch/overdue/").content.decode()
    )
    assert (
        signed_in(hotline_supervisor)
        .post(f"/en/staff/dispatch/notifications/{message.event_id}/retry/")
        .status_code
        == 404
    )
    client.post(f"/en/staff/dispatch/notifications/{message.event_id}/retry/")
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING and message.attempts == 0


def test_one_wake_up_per_transaction(sent):
    """The fixture's confirmation (two referrals, two messages) and three more notifications, all in the
    test's one transaction, ask for a single wake-up of the worker."""
    from django.db import transaction

    _contact, inspection = sent
    for topic in ("referral.sent", "referral.sent", "referral.escalated"):
        outbox.notify(topic=topic, organisation=inspection, data={})
    callbacks = [callback for _sids, callback, *_rest in transaction.get_connection().run_on_commit]
    assert callbacks.count(outbox._wake_worker) == 1
    assert OutboxMessage.objects.count() >= 5


def test_an_organisation_nobody_can_be_told_about_is_a_visible_failure(sent):
    silent = Organisation.objects.get(slug="child-focus")
    silent.channels.all().delete()
    outbox.notify(topic="referral.sent", organisation=silent, data={})
    failure = OutboxMessage.objects.get(organisation=silent)
    assert failure.status == OutboxStatus.FAILED and "no recipient" in failure.last_error


def test_the_wake_up_is_published_off_the_requests_thread(settings):
    """A frozen broker must not hold the web request: outside eager mode the publication runs in its own
    thread (the periodic job delivers anyway)."""
    import threading

    settings.CELERY_TASK_ALWAYS_EAGER = False
    seen: list[str] = []
    done = threading.Event()

    def publish():
        seen.append(threading.current_thread().name)
        done.set()

    with mock.patch.object(outbox, "_publish_wake_up", publish):
        outbox._wake_worker()
        assert done.wait(5)
    assert seen == ["outbox-wake-up"] and seen[0] != threading.current_thread().name
