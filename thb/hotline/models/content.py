"""Public-site content: the hotline line (number, opening hours) and information per risk group.

Content that staff write is stored per language (DESIGN.md §5); a text records whether a native speaker
reviewed it, and the page falls back to the official languages when a translation is missing.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from thb.core.models import BaseModel, Organisation

from .vocab import Sector


class HotlineLine(BaseModel):
    """The toll-free number ("numéro vert plurilingue", action point P10) and when it answers.

    ``opening_hours`` maps ISO weekday numbers ("1" = Monday … "7" = Sunday) to lists of ``["HH:MM",
    "HH:MM"]`` intervals in Europe/Brussels time; on Belgian public holidays (``holidays`` package) the line
    is closed when ``closed_on_public_holidays``.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="hotline_lines")
    phone_number = models.CharField(_("phone number"), max_length=30)
    toll_free = models.BooleanField(_("toll-free"), default=True)
    opening_hours = models.JSONField(_("opening hours"), default=dict)
    closed_on_public_holidays = models.BooleanField(_("closed on public holidays"), default=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["organisation", "phone_number"]
        verbose_name = _("hotline line")
        verbose_name_plural = _("hotline lines")
        indexes = [models.Index(fields=["organisation", "is_active"])]

    def __str__(self) -> str:
        return self.phone_number


class InfoPage(BaseModel):
    """Information for one risk group or sector: signs of exploitation and rights (issue 3 §1)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="info_pages")
    slug = models.SlugField(_("code"), max_length=60, unique=True)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")
        indexes = [models.Index(fields=["organisation", "is_published", "order"])]

    def __str__(self) -> str:
        return self.slug


class InfoPageText(BaseModel):
    page = models.ForeignKey(InfoPage, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=15)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("who this is for"), blank=True)
    signs = models.TextField(_("signs of exploitation"), blank=True)
    rights = models.TextField(_("rights and help"), blank=True)
    reviewed_by_native_speaker = models.BooleanField(_("reviewed by a native speaker"), default=False)

    class Meta:
        ordering = ["page", "language"]
        verbose_name = _("information page text")
        verbose_name_plural = _("information page texts")
        constraints = [models.UniqueConstraint(fields=["page", "language"], name="info_page_text_unique")]

    def __str__(self) -> str:
        return f"{self.page.slug} [{self.language}]"
