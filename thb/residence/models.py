"""The residence procedure of a victim case (issue 7 §2): its path, the events recorded by the centre, the
Immigration Office and the magistrate, and the actions the engine derives from them — each with its due
date and its owner organisation, followed by periodic reminders and escalation.

The state (phase, document, validity) is the engine's output, kept here only so that lists and periodic
jobs can query it; it is recomputed from the events at every write (services.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thb.core.models import BaseModel, Organisation


class Path(models.TextChoices):
    ADULT = "adult", _("Adult")
    MINOR = "minor", _("Unaccompanied minor")
    DIPLOMATIC_DOMESTIC = "diplomatic_domestic", _("Domestic worker of a diplomatic household")


class ResidenceProcedure(BaseModel):
    case = models.OneToOneField("victims.VictimCase", on_delete=models.PROTECT, related_name="residence")
    path = models.CharField(_("path"), max_length=20, choices=Path.choices)
    magistrate_office = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residence_procedures",
        verbose_name=_("prosecutor's or labour auditor's office"),
    )
    phase = models.CharField(_("phase"), max_length=20, default="start")
    document = models.CharField(_("document"), max_length=60, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["valid_until", "created_at"]
        verbose_name = _("residence procedure")
        verbose_name_plural = _("residence procedures")
        indexes = [models.Index(fields=["phase", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.path} {self.phase}"


class ResidenceEvent(BaseModel):
    procedure = models.ForeignKey(ResidenceProcedure, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(_("event"), max_length=40)
    date = models.DateField(_("date"))
    data = models.JSONField(_("details"), default=dict, blank=True)  # document code, valid_until; no names
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["date", "created_at"]
        indexes = [models.Index(fields=["procedure", "date"])]

    def __str__(self) -> str:
        return f"{self.type} {self.date}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    SUPERSEDED = "superseded", _("No longer needed")


class ResidenceAction(BaseModel):
    """A next action of the procedure: who must do what by when. Kept as a row so that reminders and
    escalations run once each, and the owner's home page and calendar list it."""

    procedure = models.ForeignKey(ResidenceProcedure, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(_("action"), max_length=40)
    owner = models.CharField(_("owner"), max_length=30)  # centre, immigration_office, magistrate, …
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="residence_actions"
    )
    due = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)

    class Meta:
        ordering = ["due", "created_at"]
        indexes = [
            models.Index(fields=["organisation", "status", "due"]),
            models.Index(fields=["status", "due"]),
        ]

    def __str__(self) -> str:
        return f"{self.action} by {self.owner} on {self.due}"
