"""Versions of dispatch procedures (issue 4 §1): the YAML source as written, its examples' last result, and
the four-eyes trail — written by one coordinator, approved by another, then activated. The previous active
version is retired but stays readable; every referral records the version and rule that produced it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thb.core.models import BaseModel


class ProcedureStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")
    REJECTED = "rejected", _("Rejected")


class ProcedureVersion(BaseModel):
    slug = models.SlugField(_("procedure"), max_length=80)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=300)
    source = models.TextField(_("YAML source"))
    status = models.CharField(
        _("status"), max_length=10, choices=ProcedureStatus.choices, default=ProcedureStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    change_note = models.TextField(_("what changed and why"), blank=True)
    examples_passed = models.BooleanField(_("all examples pass"), default=False)
    examples_report = models.JSONField(_("examples' result"), default=list, blank=True)
    examples_checked_at = models.DateTimeField(_("examples run"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    rejected_reason = models.TextField(_("why it was rejected"), blank=True)

    class Meta:
        ordering = ["slug", "-version"]
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="procedure_version_unique"),
            # One procedure decides at a time: the hotline must never have two answers to the same facts.
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="active"), name="procedure_one_active"
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["approved", "active"])
                | (models.Q(approved_by__isnull=False) | models.Q(created_by__isnull=True)),
                name="procedure_approved_has_approver",
            ),
            # Four eyes: the approver is never the author.
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True) | ~models.Q(approved_by=models.F("created_by")),
                name="procedure_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slug} v{self.version}"
