"""What the public side of blocking keeps (issue 5 §3): visits of the stop page counted per day and nothing
else — no IP address, no user agent, no time of visit, nothing per visitor — and site owners' appeals."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thb.core.encryption import EncryptedTextField
from thb.core.models import BaseModel

from .entries import BlockEntry


class StopPageDay(models.Model):
    day = models.DateField(_("day"), unique=True)
    visits = models.PositiveIntegerField(_("visits"), default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("stop page visits (per day)")
        verbose_name_plural = _("stop page visits (per day)")

    def __str__(self) -> str:
        return f"{self.day}: {self.visits}"


class AppealStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("appeal status", "Received")
    PROPOSED = "proposed", _("Decision proposed (first officer)")
    KEPT = "kept", _("Kept on the list")
    REMOVED = "removed", _("Removed from the list")


class Appeal(BaseModel):
    """A site owner's complaint against a block. Two officers review it: the first proposes, a second one
    decides; the appellant receives the decision and its reason by e-mail."""

    entry = models.ForeignKey(BlockEntry, on_delete=models.PROTECT, related_name="appeals")
    domain = models.CharField(_("domain"), max_length=253)
    statement = EncryptedTextField(_("statement"))
    email = EncryptedTextField(_("e-mail address of the appellant"))
    language = models.CharField(_("language"), max_length=15)
    status = models.CharField(
        _("status"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.RECEIVED
    )
    proposed_keep = models.BooleanField(_("proposal: keep on the list"), null=True, blank=True)
    proposed_reason = models.TextField(_("reason proposed"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason sent to the appellant"), blank=True)
    notified_at = models.DateTimeField(_("appellant told"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True) | ~models.Q(decided_by=models.F("proposed_by")),
                name="appeal_two_officers",
            )
        ]

    def __str__(self) -> str:
        return f"{self.domain} ({self.status})"
