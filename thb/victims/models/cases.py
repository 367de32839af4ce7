"""Victim cases (issue 6 §1): one (presumed) victim, pseudonymised — the identity is encrypted and every
read of it audited (DESIGN.md §4) — the organisations that take part (each through a referral or an
explicit share with its legal basis), the status and one timeline of what happened across modules."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thb.core.encryption import EncryptedTextField
from thb.core.models import BaseModel, Organisation


class CaseStatus(models.TextChoices):
    PRESUMED = "presumed", _("Presumed victim")
    IDENTIFIED = "identified", _("Identified")
    PROTECTION = "protection", _("In the protection procedure")
    CLOSED = "closed", pgettext_lazy("case status", "Closed")


class OpenedVia(models.TextChoices):
    HOTLINE = "hotline", _("From a hotline contact")
    PARTNER = "partner", _("By a partner")
    POLICE = "police", _("By the police")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "", _("Not known")


class AgeBand(models.TextChoices):
    UNDER_12 = "under_12", _("Under 12")
    AGE_12_15 = "12_15", _("12 to 15")
    AGE_16_17 = "16_17", _("16 or 17")
    AGE_18_24 = "18_24", _("18 to 24")
    AGE_25_34 = "25_34", _("25 to 34")
    AGE_35_49 = "35_49", _("35 to 49")
    AGE_50_PLUS = "50_plus", _("50 or older")
    UNKNOWN = "", _("Not known")


class VictimCase(BaseModel):
    # The organisation that opened the case owns it (DESIGN.md §3.5); others take part as participants.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="victim_cases")
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    pseudonym = models.CharField(_("pseudonym"), max_length=40)
    # identity: encrypted, shown only to those who may, every read audited
    identity_name = EncryptedTextField(_("name"), blank=True)
    identity_details = EncryptedTextField(
        _("identity details (documents, date of birth, addresses)"), blank=True
    )
    nationalities = models.JSONField(_("nationalities"), default=list, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    age_band = models.CharField(_("age"), max_length=10, choices=AgeBand.choices, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    exploitation = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    sector = models.CharField(_("sector"), max_length=30, blank=True)
    places = models.TextField(_("places"), blank=True)
    countries = models.JSONField(_("countries"), default=list, blank=True)
    accompanying_centre = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accompanied_cases",
        verbose_name=_("specialised centre accompanying the person"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.PRESUMED
    )
    status_reason = models.TextField(_("reason of the status"), blank=True)
    opened_via = models.CharField(_("opened"), max_length=10, choices=OpenedVia.choices)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    contacts = models.ManyToManyField("hotline.Contact", blank=True, related_name="victim_cases")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("victim case")
        verbose_name_plural = _("victim cases")
        indexes = [models.Index(fields=["organisation", "status", "created_at"])]

    def __str__(self) -> str:
        return self.reference


class CaseParticipant(BaseModel):
    """An organisation taking part in a case, through a referral or an explicit share with its legal
    basis (DESIGN.md §4 need-to-know)."""

    case = models.ForeignKey(VictimCase, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="case_participations"
    )
    referral = models.ForeignKey(
        "dispatch.Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    legal_basis = models.CharField(_("legal basis"), max_length=20)
    reason = models.TextField(_("why"), blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["organisation", "case"])]
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="case_participant_once"),
            models.CheckConstraint(
                condition=models.Q(
                    legal_basis__in=["consent", "minor", "vital_interest", "legal_obligation"]
                ),
                name="case_participant_legal_basis",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} in {self.case_id}"


class CaseEvent(models.Model):
    """One line of the case's timeline: what happened, in any module (contact linked, assessment, status,
    participant, hearing, residence step…). Never personal content: a summary a participant may read."""

    case = models.ForeignKey(VictimCase, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    kind = models.CharField(_("what"), max_length=40)
    summary = models.CharField(_("summary"), max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at:%Y-%m-%d %H:%M}"


class Assessment(BaseModel):
    """An identification assessment with the ILO/EC indicators: what was ticked, the notes (encrypted:
    they describe the person's situation) and the scored result, kept as it was on that day."""

    case = models.ForeignKey(VictimCase, on_delete=models.CASCADE, related_name="assessments")
    list_name = models.CharField(_("list"), max_length=20)
    ticked = models.JSONField(_("indicators ticked"), default=list)
    notes = EncryptedTextField(_("notes per indicator (JSON)"), blank=True)
    victim_signal = models.BooleanField(_("signal of trafficking"))
    result = models.JSONField(_("result"), default=dict)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["case", "created_at"])]

    def __str__(self) -> str:
        return f"{self.list_name} {self.created_at:%Y-%m-%d}"
