"""The hearing framework ("trame d'audition", issue 6 §3): structured guides per form of exploitation and
for minors, kept as versioned data that coordinators edit, and hearings conducted in the browser — answers
per question with their times, breaks, the interpreter, consent, recording references — from which the
hearing record is produced as a PDF in the hearing's language."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thb.core.encryption import EncryptedTextField
from thb.core.models import BaseModel, Organisation

from .cases import VictimCase


class HearingGuide(BaseModel):
    """One version of a guide; the active version of a slug is used for new hearings, a hearing keeps the
    version it was conducted with."""

    slug = models.SlugField(_("guide"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    title = models.JSONField(_("title"), default=dict)
    for_minors = models.BooleanField(_("for minors"), default=False)
    filmed = models.BooleanField(_("filmed hearing"), default=False)
    data = models.JSONField(
        _("guide"), default=dict
    )  # guidance and sections with their questions, 4 languages
    is_active = models.BooleanField(_("active"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["slug", "-version"]
        verbose_name = _("hearing guide")
        verbose_name_plural = _("hearing guides")
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="hearing_guide_version_unique"),
            models.UniqueConstraint(
                fields=["slug"], condition=models.Q(is_active=True), name="hearing_guide_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slug} v{self.version}"

    def text(self, texts: dict[str, str], language: str) -> str:
        return texts.get((language or "en").split("-")[0]) or texts.get("en", "")


class HearingStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class Hearing(BaseModel):
    case = models.ForeignKey(VictimCase, on_delete=models.PROTECT, related_name="hearings")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    guide = models.ForeignKey(HearingGuide, on_delete=models.PROTECT, related_name="hearings")
    language = models.CharField(_("language of the hearing"), max_length=5)
    person_language = models.CharField(_("language of the person"), max_length=15, blank=True)
    interpreter_service = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("interpreter service"),
    )
    interpreter_identity = EncryptedTextField(_("interpreter"), blank=True)
    consent = models.BooleanField(_("the person agrees to the hearing"), default=False)
    filmed = models.BooleanField(_("filmed (audiovisual hearing)"), default=False)
    recording_reference = models.CharField(_("recording reference"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=HearingStatus.choices, default=HearingStatus.IN_PROGRESS
    )
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    breaks = models.JSONField(_("breaks"), default=list, blank=True)  # [{"start": iso, "end": iso | null}]
    answers = EncryptedTextField(_("answers (JSON)"), blank=True)  # {question id: {"text", "at"}}
    notes = EncryptedTextField(_("free notes"), blank=True)
    conducted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        indexes = [models.Index(fields=["case", "started_at"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.started_at:%Y-%m-%d}"
