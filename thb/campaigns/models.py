"""Awareness campaigns (issue 9 §2; action point P1, BELGIUM.md §1: "integrated, cross-departmental
awareness campaigns"; P10: the hotline is also for "the target groups of campaigns").

A campaign has a short code. Its short link and QR codes open the public hotline page in a language with
the code in the address; a report written from there, or a call where the caller quotes the code, carries
it (``hotline.Contact.campaign_code``). That is the whole attribution: no cookie, no identifier of a
device or a person (DESIGN.md §4). Visits of the short link are counted per day and language, nothing else.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from thb.core.departments import DEPARTMENTS
from thb.core.i18n import localised
from thb.core.models import BaseModel, Organisation
from thb.hotline.models import Sector


class TargetGroup(models.TextChoices):
    """Who a campaign speaks to: the risk groups and sectors of BELGIUM.md §1 (P1, P10) and the people who
    meet them."""

    MIGRANT_WORKERS = "migrant_workers", _("Migrant workers")
    DOMESTIC_WORKERS = "domestic_workers", _("Domestic workers (including in diplomatic households)")
    SEASONAL_WORKERS = "seasonal_workers", _("Seasonal workers")
    SEX_WORKERS = "sex_workers", _("People in prostitution")
    MINORS = "minors", _("Children and young people")
    NEWCOMERS = "newcomers", _("Newly arrived migrants and asylum seekers")
    EMPLOYERS = "employers", _("Employers and subcontractors")
    CUSTOMERS = "customers", _("Customers of risk sectors")
    PROFESSIONALS = "professionals", _("Front-line professionals")
    GENERAL_PUBLIC = "general_public", _("The general public")


class CampaignChannel(models.TextChoices):
    POSTERS = "posters", _("Posters")
    LEAFLETS = "leaflets", _("Leaflets")
    RADIO = "radio", _("Radio")
    TELEVISION = "television", _("Television")
    PRESS = "press", _("Press")
    SOCIAL_MEDIA = "social_media", _("Social media")
    WEBSITES = "websites", _("Websites")
    OUTREACH = "outreach", _("Outreach work")
    TRANSPORT = "transport", _("Stations and public transport")
    EVENTS = "events", _("Events and trainings")


class MaterialKind(models.TextChoices):
    POSTER = "poster", _("Poster")
    LEAFLET = "leaflet", _("Leaflet")
    AUDIO = "audio", _("Audio spot")
    VIDEO = "video", _("Video")
    TEXT = "text", _("Text for websites or social media")
    OTHER = "other", _("Other")


class Campaign(BaseModel):
    """Owned by the organisation that runs it (the coordination cell, DESIGN.md §3.5); partners carry it
    out. Names and messages are stored per language (DESIGN.md §5)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="campaigns")
    code = models.CharField(_("campaign code"), max_length=12, unique=True)
    name = models.JSONField(_("name"), default=dict)
    message = models.JSONField(_("message"), default=dict, blank=True)
    target_groups = models.JSONField(_("target groups"), default=list)
    sectors = models.JSONField(_("risk sectors"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list)
    default_language = models.CharField(_("main language"), max_length=15)
    channels = models.JSONField(_("channels"), default=list)
    departments = models.JSONField(_("departments"), default=list, blank=True)
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="campaigns_carried", verbose_name=_("partner organisations")
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts_on", "code"]
        indexes = [models.Index(fields=["organisation", "starts_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="campaign_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def name_text(self) -> str:
        return localised(self.name)

    @property
    def message_text(self) -> str:
        return localised(self.message) if self.message else ""

    @property
    def department_labels(self) -> list[str]:
        return [str(DEPARTMENTS.get(code, code)) for code in self.departments]

    @property
    def target_group_labels(self) -> list[str]:
        return [str(TargetGroup(value).label) for value in self.target_groups if value in TargetGroup.values]

    @property
    def sector_labels(self) -> list[str]:
        return [str(Sector(value).label) for value in self.sectors if value in Sector.values]

    @property
    def channel_labels(self) -> list[str]:
        return [
            str(CampaignChannel(value).label) for value in self.channels if value in CampaignChannel.values
        ]


class CampaignMaterial(BaseModel):
    """A file of the campaign in one language (poster, leaflet, spot). Public material, so not encrypted;
    always served as a download (thb/core/files.py), never inline."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="materials")
    language = models.CharField(_("language"), max_length=15)
    kind = models.CharField(_("kind"), max_length=10, choices=MaterialKind.choices)
    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    data = models.BinaryField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["language", "kind", "title"]

    def __str__(self) -> str:
        return f"{self.campaign} {self.language} {self.title}"


class CampaignVisit(models.Model):
    """How many times the short link was opened, per day and language: a counter, with no time of day, no
    address, no device (DESIGN.md §4)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="visits")
    day = models.DateField()
    language = models.CharField(max_length=15)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "day", "language"], name="campaign_visit_once_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.day} {self.language}: {self.count}"
