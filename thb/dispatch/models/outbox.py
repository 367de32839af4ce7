"""The notification outbox (issue 4 §3): a message is written in the same transaction as the change it
announces, so a notification exists exactly when the change was committed; the worker delivers it at
least once — by e-mail (never personal data: a link to the platform) or as a signed webhook — and retries
with back-off. A duplicate delivery carries the same ``event_id``, for the receiver to recognise it.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thb.core.encryption import EncryptedTextField
from thb.core.models import BaseModel, Organisation


class OutboxChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WEBHOOK = "webhook", _("Webhook")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be delivered")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed: retries exhausted")


class WebhookEndpoint(BaseModel):
    """Where an organisation's own system receives notifications (HMAC-SHA256 signed)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="webhook_endpoints")
    url = models.URLField(_("address"), max_length=500)
    secret = EncryptedTextField(_("signing secret"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["organisation", "url"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        indexes = [models.Index(fields=["organisation", "is_active"])]

    def __str__(self) -> str:
        return self.url


class OutboxMessage(models.Model):
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    topic = models.CharField(_("topic"), max_length=60)  # referral.sent, referral.escalated, …
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="outbox_messages")
    channel = models.CharField(_("channel"), max_length=10, choices=OutboxChannel.choices)
    recipient = models.CharField(_("recipient"), max_length=500)  # an e-mail address or a webhook's UUID
    payload = models.JSONField(_("content"), default=dict)  # identifiers and links only, never personal data
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["organisation", "status", "created_at"]),
            models.Index(
                fields=["next_attempt_at"], name="outbox_pending_idx", condition=models.Q(status="pending")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} → {self.recipient} ({self.status})"
