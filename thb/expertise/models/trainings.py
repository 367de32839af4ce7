"""Training sessions of the expertise network (issue 10; action point P2: "future trainings … will exchange
good practice"): a catalogue of courses, their sessions (date, place or online, language, trainers,
capacity), registration by staff of partner organisations with a waiting list, attendance, materials, a
feedback form whose results are shown as charts, and a certificate per attendee."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from thb.core.i18n import localised
from thb.core.models import BaseModel, Organisation

from .library import StoredFile, split_codes


class TrainingCourse(BaseModel):
    """A course of the catalogue, organised by one organisation (DESIGN.md §3.5). Title and description in
    each staff language (DESIGN.md §5)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="training_courses")
    title = models.JSONField(_("title"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    themes = models.CharField(_("themes"), max_length=300)  # ",hearings,identification," as library items
    audience = models.CharField(_("for"), max_length=1000, blank=True)  # organisation kinds; empty: all
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "created_at"])]
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0), name="course_has_hours")]

    def __str__(self) -> str:
        return self.title_text

    @property
    def title_text(self) -> str:
        return localised(self.title)

    @property
    def description_text(self) -> str:
        return localised(self.description) if self.description else ""

    @property
    def audience_list(self) -> list[str]:
        return split_codes(self.audience)


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CANCELLED = "cancelled", _("Cancelled")


class TrainingSession(BaseModel):
    course = models.ForeignKey(TrainingCourse, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    language = models.CharField(_("language"), max_length=2)
    trainers = models.CharField(_("trainers"), max_length=500)
    capacity = models.PositiveIntegerField(_("places"))
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_has_places"),
            models.CheckConstraint(condition=~Q(place="") | ~Q(online_link=""), name="session_has_a_place"),
        ]

    def __str__(self) -> str:
        return f"{self.course} {self.starts_at:%Y-%m-%d}"


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(BaseModel):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_registrations"
    )
    # the participant's organisation when they registered (DESIGN.md §3.5; kept if they move)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=RegistrationStatus.choices)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    certificate_code = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["organisation", "created_at"])]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="registration_once_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.session_id} {self.user_id} {self.status}"


class Feedback(models.Model):
    """What an attendee thought of a session: three ratings from 1 to 5 and a comment. Kept apart from the
    registration's identity in the results (shown only in aggregate, from a few answers)."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="feedback")
    relevance = models.PositiveSmallIntegerField(_("relevant to my work"))
    quality = models.PositiveSmallIntegerField(_("quality of the training"))
    applicability = models.PositiveSmallIntegerField(_("I will apply what I learnt"))
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(relevance__range=(1, 5), quality__range=(1, 5), applicability__range=(1, 5)),
                name="feedback_ratings_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}"


class SessionMaterial(StoredFile):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="materials")

    class Meta(StoredFile.Meta):
        pass
