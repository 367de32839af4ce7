"""Notifications through the outbox (issue 4 §3).

``notify`` writes the messages inside the caller's transaction (the referral and its notification commit
together or not at all) and asks the worker to deliver once the transaction has committed. ``deliver_due``
(the worker, and a periodic job every ``THB_OUTBOX_SECONDS`` for whatever a lost wake-up left behind) sends
each pending message while holding its row lock, then marks it delivered: if the worker dies in between,
the row is still pending and is sent again — at least once, with the same ``event_id``. Failures are kept
on the message (``last_error``) and retried with exponential back-off until ``THB_OUTBOX_MAX_ATTEMPTS``.

E-mails carry no personal data (DESIGN.md §4): a sentence, a deadline and a link to the platform, where the
reader signs in. Webhooks are JSON signed with HMAC-SHA256 over ``"<timestamp>.<body>"``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from thb.core.models import ChannelKind, ContactChannel, Organisation, User
from thb.core.roles import Perm, has_perm

from .models import OutboxChannel, OutboxMessage, OutboxStatus, WebhookEndpoint

logger = logging.getLogger(__name__)


NO_RECIPIENT = (
    "no recipient: no user of this organisation receives referrals with an e-mail address, "
    "and it has no e-mail channel in the directory"
)


def referral_recipients(organisation: Organisation) -> list[str]:
    """Who is told of a referral: the organisation's active users who receive referrals, or its e-mail
    channel when none of them has an address."""
    users = User.objects.filter(organisation=organisation, is_active=True).exclude(email="")
    addresses = sorted({u.email for u in users if has_perm(u, Perm.RECEIVE_REFERRALS)})
    return addresses or channel_addresses(organisation)


def channel_addresses(organisation: Organisation) -> list[str]:
    return sorted(
        ContactChannel.objects.filter(organisation=organisation, kind=ChannelKind.EMAIL).values_list(
            "value", flat=True
        )
    )


def notify(
    *,
    topic: str,
    organisation: Organisation,
    data: dict[str, Any],
    emails: Iterable[str] | None = None,
    webhooks: bool = True,
) -> list[OutboxMessage]:
    """Queue ``topic`` for ``organisation``: one e-mail per address (by default ``referral_recipients``) and
    one call per active webhook endpoint. Call inside the transaction of the change it announces."""
    addresses = sorted(set(referral_recipients(organisation) if emails is None else emails))
    if emails is None and not addresses:
        # Nobody to tell by e-mail: a visible failure on the overdue dashboard, not a silent nothing.
        logger.warning("outbox: %s of %s has no e-mail recipient", topic, organisation.slug)
        OutboxMessage.objects.create(
            topic=topic,
            organisation=organisation,
            channel=OutboxChannel.EMAIL,
            recipient="",
            payload=data,
            status=OutboxStatus.FAILED,
            last_error=NO_RECIPIENT,
        )
    messages = [
        OutboxMessage(
            topic=topic, organisation=organisation, channel=OutboxChannel.EMAIL, recipient=a, payload=data
        )
        for a in addresses
    ]
    if webhooks:
        for endpoint in WebhookEndpoint.objects.filter(organisation=organisation, is_active=True):
            messages.append(
                OutboxMessage(
                    topic=topic,
                    organisation=organisation,
                    channel=OutboxChannel.WEBHOOK,
                    recipient=str(endpoint.uuid),
                    payload=data,
                )
            )
    created = OutboxMessage.objects.bulk_create(messages)
    if created and not _wake_registered():
        transaction.on_commit(_wake_worker)
    return created


def _wake_registered() -> bool:
    """Whether this transaction already asks to wake the worker once it commits (one wake-up is enough for
    all its messages; each is a round trip to the broker)."""
    connection = transaction.get_connection()
    return any(callback is _wake_worker for _sids, callback, *_rest in connection.run_on_commit)


def _wake_worker() -> None:
    """Ask the worker to deliver now. Off the request's thread: a broker that is down or frozen must never
    hold the web request (the fault bench measured 6 to 10 s otherwise) — the messages are committed and the
    periodic job delivers them anyway. In eager mode (tests) the task runs inline."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        _publish_wake_up()
        return
    threading.Thread(target=_publish_wake_up, name="outbox-wake-up", daemon=True).start()


def _publish_wake_up() -> None:
    from .tasks import deliver_outbox_task

    try:
        deliver_outbox_task.apply_async(retry=False)
    except Exception:
        logger.warning("could not wake the worker; the periodic job will deliver the outbox")


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, … capped at one hour."""
    return timedelta(seconds=min(3600, 30 * 2 ** max(0, attempts - 1)))


@dataclass
class DeliveryReport:
    delivered: int = 0
    retried: int = 0
    failed: int = 0


def deliver_due(*, now: datetime | None = None, limit: int = 200) -> DeliveryReport:
    """Deliver pending messages whose time has come, one row lock at a time (workers share the work)."""
    report = DeliveryReport()
    for _attempt in range(limit):
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now or timezone.now())
                .order_by("next_attempt_at", "pk")
                .first()
            )
            if message is None:
                break
            message.attempts += 1
            try:
                _deliver(message)
            except Exception as exc:
                message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                if message.attempts >= settings.THB_OUTBOX_MAX_ATTEMPTS:
                    message.status = OutboxStatus.FAILED
                    report.failed += 1
                    logger.error(
                        "outbox %s %s failed for good: %s",
                        message.topic,
                        message.event_id,
                        message.last_error,
                    )
                else:
                    message.next_attempt_at = timezone.now() + backoff(message.attempts)
                    report.retried += 1
            else:
                message.status, message.delivered_at, message.last_error = (
                    OutboxStatus.DELIVERED,
                    timezone.now(),
                    "",
                )
                report.delivered += 1
            message.save(
                update_fields=["attempts", "status", "delivered_at", "last_error", "next_attempt_at"]
            )
    return report


def _deliver(message: OutboxMessage) -> None:
    if message.channel == OutboxChannel.EMAIL:
        _send_email(message)
    else:
        _post_webhook(message)


_LANGUAGE_PREFIX = re.compile(r"^/[a-z]{2}(-[a-z]+)?/")


def _local(value: object) -> str:
    parsed = parse_datetime(str(value)) if value else None
    if parsed is None:
        return "—"
    return formats.date_format(timezone.localtime(parsed), "SHORT_DATETIME_FORMAT")


def _link(path: str) -> str:
    return f"{settings.THB_BASE_URL.rstrip('/')}{path}"


def _send_email(message: OutboxMessage) -> None:
    if not message.recipient:
        raise RuntimeError(NO_RECIPIENT)
    user = User.objects.filter(email=message.recipient, is_active=True).only("preferred_language").first()
    language = user.preferred_language if user else "fr"
    data = message.payload
    with translation.override(language):
        # Links open the platform in the reader's language; times are Belgian local time.
        path = _LANGUAGE_PREFIX.sub(f"/{language}/", str(data.get("path", "/")), count=1)
        deadline = _local(data.get("ack_due_at"))
        if message.topic == "referral.sent":
            subject = _("A referral from the hotline awaits your organisation")
            lines = [
                _("A referral awaits your organisation's acknowledgement by %(deadline)s (%(priority)s).")
                % {"deadline": deadline, "priority": data.get("priority", "—")},
            ]
        elif message.topic == "referral.escalated":
            subject = _("Overdue referral (escalation level %(level)s)") % {"level": data.get("level")}
            lines = [
                _("A referral to %(partner)s was not acknowledged by its deadline (%(deadline)s).")
                % {"partner": data.get("partner", "—"), "deadline": deadline}
            ]
        elif message.topic in ("residence.action_due", "residence.action_overdue"):
            subject = (
                _("A residence deadline is overdue")
                if message.topic.endswith("overdue")
                else _("A residence deadline is coming")
            )
            lines = [
                _("An action of a victim's residence procedure is due on %(due)s.")
                % {"due": data.get("due", "—")}
            ]
        elif message.topic == "casefile.submitted":
            subject = _("A police case file awaits your reading")
            lines = [
                _("The police case file %(reference)s was submitted to your office.")
                % {"reference": data.get("reference", "—")}
            ]
        elif message.topic == "expertise.meeting_overdue":
            subject = _("No district coordination meeting for six months")
            last = data.get("last_meeting")
            last_date = parse_date(str(last)) if last else None
            lines = [
                _("The judicial district %(district)s has held no coordination meeting since %(last)s.")
                % {
                    "district": data.get("district", "—"),
                    "last": formats.date_format(last_date, "SHORT_DATE_FORMAT"),
                }
                if last_date
                else _("The judicial district %(district)s has not held a coordination meeting yet.")
                % {"district": data.get("district", "—")}
            ]
        else:
            subject = _("News about a referral")
            lines = [_("A referral changed: %(status)s.") % {"status": data.get("status", "—")}]
        lines += ["", _("Sign in to read it:"), _link(path), "", _("This message contains no personal data.")]
    email = EmailMessage(
        subject=str(subject),
        body="\n".join(str(line) for line in lines),
        to=[message.recipient],
        headers={"Message-ID": f"<{message.event_id}@thb-platform>", "X-THB-Event-Id": str(message.event_id)},
    )
    email.send(fail_silently=False)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` of HMAC-SHA256 over ``timestamp.body``: receivers recompute it to trust the sender
    and reject replays older than a few minutes."""
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def _post_webhook(message: OutboxMessage) -> None:
    endpoint = WebhookEndpoint.objects.filter(uuid=message.recipient).first()
    if endpoint is None or not endpoint.is_active:
        raise RuntimeError("the webhook endpoint was removed or deactivated")
    body = json.dumps(
        {
            "event_id": str(message.event_id),
            "topic": message.topic,
            "occurred_at": message.created_at.isoformat(),
            "organisation": message.organisation.slug,
            "data": message.payload,
        },
        sort_keys=True,
    ).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(  # noqa: S310 - the URL is an administrator's http(s) endpoint
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-THB-Event-Id": str(message.event_id),
            "X-THB-Timestamp": timestamp,
            "X-THB-Signature": signature(endpoint.secret, timestamp, body),
        },
    )
    if not endpoint.url.startswith(("http://", "https://")):
        raise RuntimeError("only http and https endpoints are called")
    with urllib.request.urlopen(request, timeout=settings.THB_WEBHOOK_TIMEOUT) as response:  # noqa: S310
        if not 200 <= response.status < 300:
            raise RuntimeError(f"HTTP {response.status}")


def outbox_retry(*, message: OutboxMessage, actor: User) -> OutboxMessage:
    """Send a failed notification again now (after the receiver was fixed), with the same event id."""
    from thb.core.audit import record_change

    with transaction.atomic():
        locked = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        if locked.status == OutboxStatus.DELIVERED:
            return locked
        locked.status, locked.attempts, locked.next_attempt_at = OutboxStatus.PENDING, 0, timezone.now()
        locked.save(update_fields=["status", "attempts", "next_attempt_at"])
        record_change(
            actor=actor,
            action="outbox.retry",
            object_type="dispatch.outboxmessage",
            object_uuid=locked.event_id,
            changes={"status": {"old": message.status, "new": OutboxStatus.PENDING}},
        )
        transaction.on_commit(_wake_worker)
    return locked
