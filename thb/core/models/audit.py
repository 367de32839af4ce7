"""The audit trail: one append-only record of every change, and of every read of a victim's identity.

DESIGN.md §4: "Every read of a victim's identity is audited; audit rows are append-only." Issue 2 §5: who,
organisation, action, object (type + UUID), fields changed (never secret values), when, request id.

Append-only is enforced three times: the model refuses ``save()`` on an existing row and ``delete()``; the
queryset refuses ``update()`` and ``delete()``; and database triggers (migration 0002) refuse UPDATE and
DELETE even for raw SQL.
"""

from __future__ import annotations

import uuid
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..exceptions import AuditImmutableError


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditImmutableError()

    def delete(self) -> NoReturn:
        raise AuditImmutableError()

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditImmutableError()


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditImmutableError()
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditImmutableError()


class AuditEvent(AppendOnlyModel):
    """One change made through a service (DESIGN.md §3.1: written in the same transaction as the change)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_username = models.CharField(_("user name"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_uuid = models.UUIDField(_("object"), null=True, blank=True)
    changes = models.JSONField(_("fields changed"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["organisation", "occurred_at"]),
            models.Index(fields=["object_type", "object_uuid"]),
            models.Index(fields=["actor", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"


class AccessPurpose(models.TextChoices):
    CASEWORK = "casework", _("Casework")
    REFERRAL = "referral", _("Referral")
    INVESTIGATION = "investigation", _("Investigation")
    AUDIT = "audit", _("Audit")
    EXPORT = "export", _("Export")


class IdentityAccess(AppendOnlyModel):
    """One read of a victim's identity or narrative (DESIGN.md §4), kept apart from the change trail."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_username = models.CharField(_("user name"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    object_type = models.CharField(_("object type"), max_length=80)
    object_uuid = models.UUIDField(_("object"))
    fields = models.JSONField(_("fields read"), default=list)
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=AccessPurpose.choices, default=AccessPurpose.CASEWORK
    )
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("identity access")
        verbose_name_plural = _("identity accesses")
        indexes = [
            models.Index(fields=["organisation", "occurred_at"]),
            models.Index(fields=["object_type", "object_uuid"]),
            models.Index(fields=["actor", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_username} read {self.object_type}"
