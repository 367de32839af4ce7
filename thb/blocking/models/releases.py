"""Releases of the blocking list for ISPs (issue 5 §2). A published release is immutable (model-level
append-only, like the audit trail): its RPZ zone, domain list, diff, SHA-256 sums and Ed25519 signature
never change once ISPs may have loaded them. A change that adds or removes more entries than
``THB_BLOCKING_MASS_CHANGE_LIMIT`` first waits, as a ``ReleaseRequest``, for a second approval; what is
published must be exactly what was approved.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thb.core.models import BaseModel, Organisation
from thb.core.models.audit import AppendOnlyModel


class RequestStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting", _("Waiting for a second approval")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    STALE = "stale", _("Outdated: the list changed since")


class ReleaseRequest(BaseModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="release_requests")
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices)
    added = models.JSONField(_("domains added"), default=list)
    removed = models.JSONField(_("domains removed"), default=list)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("why"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True)
                | ~models.Q(approved_by=models.F("requested_by")),
                name="release_request_four_eyes",
            )
        ]

    def __str__(self) -> str:
        return f"+{len(self.added)} -{len(self.removed)} ({self.status})"


class Release(AppendOnlyModel):
    serial = models.BigIntegerField(_("serial"), unique=True)  # SOA serial YYYYMMDDnn
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="releases")
    created_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(
        ReleaseRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    previous_serial = models.BigIntegerField(_("previous serial"), null=True, blank=True)
    domain_count = models.PositiveIntegerField(_("domains"))
    added_count = models.PositiveIntegerField(_("added"))
    removed_count = models.PositiveIntegerField(_("removed"))
    rpz = models.TextField(_("RPZ zone"))
    domains_txt = models.TextField(_("domain list"))
    diff_txt = models.TextField(_("diff"))
    rpz_sha256 = models.CharField(max_length=64)
    domains_sha256 = models.CharField(max_length=64)
    diff_sha256 = models.CharField(max_length=64)
    signature = models.TextField(_("Ed25519 signature of the RPZ zone (base64)"))
    public_key_fingerprint = models.CharField(_("signing key (SHA-256 of the public key)"), max_length=64)
    validation = models.JSONField(_("validation"), default=dict)

    class Meta:
        ordering = ["-serial"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")

    def __str__(self) -> str:
        return str(self.serial)


class ReleaseAck(AppendOnlyModel):
    """An ISP confirms it deployed a release (Italy: within 6 hours)."""

    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="acks")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="release_acks")
    acknowledged_at = models.DateTimeField(_("deployed"), default=timezone.now)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-acknowledged_at"]
        indexes = [models.Index(fields=["organisation", "acknowledged_at"])]
        constraints = [
            models.UniqueConstraint(fields=["release", "organisation"], name="release_ack_once_per_isp")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.release_id}"
