"""The asset investigation (enquête de patrimoine; issue 8 §4, action point P9: "intensify asset
investigations and financial sanctions"): each suspect's assets with their estimated value, seizure and
confiscation status and legal references, and estimates of the criminal proceeds with their method."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thb.core.models import BaseModel

from .core import Entity, Investigation


class AssetKind(models.TextChoices):
    # The same kinds as the assets list of the police case file (casefiles/sections.py).
    REAL_ESTATE = "real_estate", _("Real estate")
    VEHICLE = "vehicle", _("Vehicle")
    BANK_ACCOUNT = "bank_account", _("Bank account")
    CASH = "cash", _("Cash")
    BUSINESS = "business", _("Business, shares")
    CRYPTO = "crypto", _("Crypto-assets")
    OTHER = "other", _("Other asset")


class SeizureStatus(models.TextChoices):
    NONE = "none", pgettext_lazy("seizure status", "Not seized")
    SEIZED = "seized", _("Seized")
    RELEASED = "released", _("Seizure lifted")


class ConfiscationStatus(models.TextChoices):
    NONE = "none", pgettext_lazy("confiscation status", "Not requested")
    REQUESTED = "requested", _("Confiscation requested")
    ORDERED = "ordered", _("Confiscation ordered")
    EXECUTED = "executed", _("Confiscation executed")
    REFUSED = "refused", _("Confiscation refused")


class Asset(BaseModel):
    investigation = models.ForeignKey(Investigation, on_delete=models.CASCADE, related_name="assets")
    suspect = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="assets_held", verbose_name=_("suspect")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AssetKind.choices)
    description = models.CharField(_("description"), max_length=300)
    entity = models.ForeignKey(
        Entity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the asset in the records"),
    )
    estimated_value_eur = models.DecimalField(
        _("estimated value (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    valuation_basis = models.CharField(_("how it was valued"), max_length=300, blank=True)
    seizure_status = models.CharField(
        _("seizure"), max_length=10, choices=SeizureStatus.choices, default=SeizureStatus.NONE
    )
    seizure_reference = models.CharField(_("seizure reference (PV, order)"), max_length=120, blank=True)
    confiscation_status = models.CharField(
        _("confiscation"), max_length=10, choices=ConfiscationStatus.choices, default=ConfiscationStatus.NONE
    )
    legal_reference = models.CharField(_("legal references"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["suspect__caption", "kind", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(estimated_value_eur__isnull=True) | models.Q(estimated_value_eur__gte=0),
                name="asset_value_not_negative",
            ),
            models.CheckConstraint(
                condition=~models.Q(seizure_status="seized") | ~models.Q(seizure_reference=""),
                name="asset_seizure_has_reference",
            ),
        ]

    def __str__(self) -> str:
        return self.description


class ProceedsEstimate(BaseModel):
    """An estimate of the criminal proceeds, with the method and the figures it rests on (proceeds.py)."""

    investigation = models.ForeignKey(Investigation, on_delete=models.CASCADE, related_name="estimates")
    method = models.CharField(_("method"), max_length=20)
    inputs = models.JSONField(_("figures used"), default=dict)
    amount_eur = models.DecimalField(_("estimated proceeds (EUR)"), max_digits=14, decimal_places=2)
    explanation = models.TextField(_("how it was computed"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.method}: {self.amount_eur}"
