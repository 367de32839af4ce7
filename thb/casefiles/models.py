"""The police case-file scenario (issue 6 §4; action point P3, BELGIUM.md §1): one structured case file
(dossier) per investigation, written by the investigators of the police service that owns it and read by
the magistrates of the office directing the investigation.

What the file says by hand is personal data about victims and suspects: the texts, the suspects' names and
the descriptions of entries are encrypted at rest (DESIGN.md §4) and reading them is recorded.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thb.core.encryption import EncryptedTextField
from thb.core.models import BaseModel, Organisation

MAGISTRATE_OFFICE_KINDS = ("prosecutor_reference", "labour_auditor_reference", "federal_prosecutor")
POLICE_KINDS = ("police_federal_thb", "police_local", "police_fccu", "social_inspection")


class CaseFileStatus(models.TextChoices):
    DRAFT = "draft", _("Being written")
    SUBMITTED = "submitted", _("Submitted to the magistrate")
    CLOSED = "closed", pgettext_lazy("case file status", "Closed")


class CaseFile(BaseModel):
    # The police service (or inspection) that investigates owns the file (DESIGN.md §3.5).
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="case_files")
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    title = models.CharField(
        _("name of the investigation"),
        max_length=120,
        help_text=_("An operation name, never a person's name."),
    )
    police_reference = models.CharField(_("police reference (PV number)"), max_length=60, blank=True)
    magistrate_office = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="case_files_directed",
        verbose_name=_("magistrate's office directing the investigation"),
    )
    magistrate_reference = models.CharField(
        _("magistrate's reference (notice number)"), max_length=60, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=CaseFileStatus.choices, default=CaseFileStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # {part key: text}, one encrypted JSON document: the narrative parts of every section
    texts = EncryptedTextField(_("texts of the sections (JSON)"), blank=True)
    estimated_proceeds_eur = models.DecimalField(
        _("estimated criminal proceeds (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    victim_cases = models.ManyToManyField("victims.VictimCase", blank=True, related_name="case_files")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("police case file")
        verbose_name_plural = _("police case files")
        indexes = [
            models.Index(fields=["organisation", "status", "created_at"]),
            models.Index(fields=["magistrate_office", "status", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.reference


class EntryKind(models.TextChoices):
    """The four lists of a case file. Their kinds and fields are declared in sections.py."""

    SUSPECT = "suspect", _("Suspect")
    ASSET = "asset", _("Asset")
    MEASURE = "measure", _("Measure")
    EVIDENCE = "evidence", _("Evidence item")


class CaseFileEntry(BaseModel):
    """One line of a list of the file: a suspect and their role, an asset, a measure taken, an evidence
    item. ``kind`` says which list; ``category`` the role or type within it (sections.py)."""

    case_file = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("list"), max_length=10, choices=EntryKind.choices)
    number = models.PositiveIntegerField(_("number"))
    category = models.CharField(_("type or role"), max_length=30)
    name = EncryptedTextField(_("name"), blank=True)  # suspects only
    description = EncryptedTextField(_("description"), blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    custody = models.CharField(_("where it is kept"), max_length=200, blank=True)
    amount_eur = models.DecimalField(_("value (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True)
    flag = models.BooleanField(_("seized / identified"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case_file", "kind", "number"], name="casefile_entry_number"),
            models.CheckConstraint(
                condition=models.Q(kind__in=["suspect", "asset", "measure", "evidence"]),
                name="casefile_entry_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"
