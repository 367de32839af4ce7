"""Reference data: Belgium's regions, provinces, judicial districts and postcode ranges.

The 2014 reform (law of 1 December 2013, in force 1 April 2014) reduced the judicial districts
(arrondissements judiciaires / gerechtelijke arrondissementen) from 27 to 12 (BELGIUM.md §5). The data are
loaded by ``thb load-reference`` from ``thb/core/reference/data/belgium.json``; never hard-coded in logic.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import MultilingualNameMixin


class RegionCode(models.TextChoices):
    FLANDERS = "flanders", _("Flanders")
    BRUSSELS = "brussels", _("Brussels-Capital")
    WALLONIA = "wallonia", _("Wallonia")


class Region(MultilingualNameMixin, models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True, choices=RegionCode.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Province(MultilingualNameMixin, models.Model):
    """The ten provinces, plus the Brussels-Capital Region which belongs to none (kept as an entry here)."""

    code = models.CharField(_("code"), max_length=10, unique=True)  # ISO 3166-2:BE, e.g. BE-VAN; BE-BRU
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="provinces")

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class JudicialDistrict(MultilingualNameMixin, models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True)
    regions = models.ManyToManyField(Region, related_name="judicial_districts", verbose_name=_("regions"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("judicial district")
        verbose_name_plural = _("judicial districts")

    def __str__(self) -> str:
        return self.name


class PostcodeRange(models.Model):
    """An inclusive range of Belgian postcodes that lie in one province, region and judicial district."""

    first = models.PositiveIntegerField(_("first postcode"))
    last = models.PositiveIntegerField(_("last postcode"))
    label = models.CharField(_("communes"), max_length=300, blank=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="postcode_ranges")
    judicial_district = models.ForeignKey(
        JudicialDistrict, on_delete=models.PROTECT, related_name="postcode_ranges"
    )

    class Meta:
        ordering = ["first"]
        verbose_name = _("postcode range")
        verbose_name_plural = _("postcode ranges")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first__gte=1000, last__lte=9999, first__lte=models.F("last")),
                name="postcode_range_valid",
            ),
            models.UniqueConstraint(fields=["first"], name="postcode_range_unique_first"),
        ]

    def __str__(self) -> str:
        return f"{self.first}-{self.last} {self.label}".strip()
