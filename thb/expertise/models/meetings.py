"""District coordination meetings (issue 10): in each judicial district the reference magistrate chairs, at
least twice a year, a meeting with the police, the social inspection and the specialised centres
(BELGIUM.md §5: reference magistrates for THB in every judicial district). The platform keeps the agenda
with the district's figures attached (small-cell suppressed), the participants by organisation, the
minutes, the decisions and the follow-up actions with their owners and due dates; it reminds the district
when six months pass without a meeting."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thb.core.models import BaseModel, JudicialDistrict, Organisation


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")


class DistrictMeeting(BaseModel):
    """Owned by the chairing magistrate's office (DESIGN.md §3.5)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="district_meetings")
    district = models.ForeignKey(
        JudicialDistrict, on_delete=models.PROTECT, related_name="coordination_meetings"
    )
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=300)
    agenda = models.TextField(_("agenda (Markdown)"), max_length=20_000)
    minutes = models.TextField(_("minutes (Markdown)"), max_length=100_000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    # the district's figures when the agenda was prepared: [{"key", "title", "rows": [[label, n]], "total"}]
    figures = models.JSONField(_("the district's figures"), default=list)
    figures_period = models.CharField(max_length=30, blank=True)
    participants = models.ManyToManyField(Organisation, related_name="district_meetings_attended", blank=True)

    class Meta:
        ordering = ["-held_on"]
        indexes = [
            models.Index(fields=["organisation", "held_on"]),
            models.Index(fields=["district", "held_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.district} {self.held_on}"


class Decision(BaseModel):
    meeting = models.ForeignKey(DistrictMeeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"), max_length=2000)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class FollowUpAction(BaseModel):
    """A follow-up action: on its owner's home page until done."""

    meeting = models.ForeignKey(DistrictMeeting, on_delete=models.CASCADE, related_name="actions")
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    text = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="follow_up_actions"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")  # the owner's
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=6, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_note = models.CharField(_("what was done"), max_length=500, blank=True)

    class Meta:
        ordering = ["due_on"]
        indexes = [
            models.Index(fields=["organisation", "status", "due_on"]),
            models.Index(fields=["owner", "status"]),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class DistrictReminder(models.Model):
    """That a district was reminded (by the periodic job) that it has had no meeting for six months."""

    district = models.ForeignKey(JudicialDistrict, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    last_meeting_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(fields=["district", "sent_on"], name="district_reminder_once_a_day"),
            models.CheckConstraint(condition=Q(sent_on__isnull=False), name="district_reminder_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.district_id} {self.sent_on}"
