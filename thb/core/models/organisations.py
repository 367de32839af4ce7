"""Organisations: the hotline and the partners it dispatches to (BELGIUM.md §5, issue 2 §3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import BaseModel, MultilingualNameMixin
from .reference import JudicialDistrict, Region


class OrganisationKind(models.TextChoices):
    HOTLINE = "hotline", _("Hotline")
    POLICE_LOCAL = "police_local", _("Local police")
    POLICE_FEDERAL_THB = "police_federal_thb", _("Federal judicial police, THB section")
    POLICE_FCCU = "police_fccu", _("Federal Computer Crime Unit")
    PROSECUTOR_REFERENCE = "prosecutor_reference", _("Reference magistrate, prosecutor's office")
    LABOUR_AUDITOR_REFERENCE = "labour_auditor_reference", _("Reference magistrate, labour auditor's office")
    FEDERAL_PROSECUTOR = "federal_prosecutor", _("Federal prosecutor's office")
    SOCIAL_INSPECTION = "social_inspection", _("Social inspection")
    SPECIALISED_CENTRE = "specialised_centre", _("Specialised reception centre")
    IMMIGRATION_OFFICE = "immigration_office", _("Immigration Office")
    GUARDIANSHIP_SERVICE = "guardianship_service", _("Guardianship Service")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    FOREIGN_AFFAIRS_PROTOCOL = "foreign_affairs_protocol", _("Foreign Affairs, Protocol Directorate")
    COORDINATION_CELL = "coordination_cell", _("Interdepartmental coordination cell")
    CIVIL_REGISTRY = "civil_registry", _("Civil registry")
    ISP = "isp", _("Internet service provider")
    STATISTICS_RAPPORTEUR = "statistics_rapporteur", _("National rapporteur (statistics)")
    INTERPRETER_SERVICE = "interpreter_service", _("Interpreter service")
    NGO = "ngo", _("Non-governmental organisation")


class Organisation(MultilingualNameMixin, BaseModel):
    """A partner organisation. Every organisation-owned row elsewhere points here (DESIGN.md §3.5)."""

    slug = models.SlugField(_("code"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=OrganisationKind.choices, db_index=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    judicial_districts = models.ManyToManyField(
        JudicialDistrict,
        blank=True,
        related_name="organisations",
        verbose_name=_("judicial districts covered"),
    )
    regions = models.ManyToManyField(
        Region, blank=True, related_name="organisations", verbose_name=_("regions covered")
    )
    national = models.BooleanField(_("national competence"), default=False)
    languages = models.JSONField(_("languages"), default=list, blank=True)  # BCP 47 codes
    takes_referrals = models.BooleanField(_("takes referrals"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["kind", "slug"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def covers_district(self, district: JudicialDistrict) -> bool:
        return self.national or self.judicial_districts.filter(pk=district.pk).exists()


class ChannelKind(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMERGENCY_PHONE = "emergency_phone", _("Emergency phone")
    EMAIL = "email", _("E-mail")
    SECURE_EMAIL = "secure_email", _("Secure e-mail")
    WEBSITE = "website", _("Website")
    POSTAL = "postal", _("Postal address")
    PLATFORM_INBOX = "platform_inbox", _("Platform inbox")


class ContactChannel(BaseModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(_("kind"), max_length=20, choices=ChannelKind.choices)
    value = models.CharField(_("value"), max_length=300)
    label = models.CharField(_("label"), max_length=120, blank=True)
    available_24_7 = models.BooleanField(_("available around the clock"), default=False)

    class Meta:
        ordering = ["organisation", "kind"]
        verbose_name = _("contact channel")
        verbose_name_plural = _("contact channels")
        indexes = [models.Index(fields=["organisation", "kind"])]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind", "value"], name="contact_channel_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"
