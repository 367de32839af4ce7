"""Investigations of perpetrator networks (issue 8; action points P2 and P9, BELGIUM.md §1).

An **investigation** belongs to the police service or inspection that runs it (DESIGN.md §3.5) and is
directed by a magistrate's office. Its **entities** are followthemoney entities (people, companies,
accounts, phones, vehicles, calls, payments…). Every value of an entity is a **statement** that says where
it came from — an import, a victim case, or a document an investigator typed from — who recorded it and
when (issue 8 §1: "every value is a statement with provenance"). The entity row keeps the merged properties
for fast reading; the statements are the record.

Another organisation sees an investigation only through a **share** authorised by a magistrate of the
directing office, with its legal basis and reason, and revocable (issue 8 §1: "sharing across
organisations is an explicit, audited decision by a magistrate").
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thb.core.models import BaseModel, Organisation

# The FtM schemas of people and organisations: who may be a suspect, hold assets, or be matched by name.
PARTY_SCHEMAS = ("Person", "Company", "LegalEntity", "Organization")


class InvestigationStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("investigation status", "Open")
    CLOSED = "closed", pgettext_lazy("investigation status", "Closed")


class Investigation(BaseModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="investigations")
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    title = models.CharField(
        _("name of the investigation"),
        max_length=120,
        help_text=_("An operation name, never a person's name."),
    )
    magistrate_office = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="investigations_directed",
        verbose_name=_("magistrate's office directing the investigation"),
    )
    case_file = models.ForeignKey(
        "casefiles.CaseFile",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="investigations",
        verbose_name=_("police case file"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=InvestigationStatus.choices, default=InvestigationStatus.OPEN
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("investigation")
        verbose_name_plural = _("investigations")
        indexes = [models.Index(fields=["organisation", "status", "created_at"])]

    def __str__(self) -> str:
        return self.reference


class InvestigationShare(BaseModel):
    """An organisation allowed to read an investigation, by a magistrate's decision (revocable)."""

    investigation = models.ForeignKey(Investigation, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    reason = models.TextField(_("reason"), max_length=2000)
    authorised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["investigation", "organisation"],
                condition=models.Q(revoked_at__isnull=True),
                name="investigation_share_active_once",
            )
        ]
        indexes = [models.Index(fields=["organisation", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.investigation} → {self.organisation}"


class ImportMapping(BaseModel):
    """A saved column mapping: which column of an organisation's usual file fills which field of an
    import kind (issue 8 §1: "imports from CSV/XLSX with a saved column mapping")."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="import_mappings")
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind of file"), max_length=20)
    columns = models.JSONField(_("columns"), default=dict)  # {slot key: column header}
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="import_mapping_name")]

    def __str__(self) -> str:
        return self.name


class DataImport(BaseModel):
    """One file imported into an investigation, whole (a refused file leaves no row, only an audit line)."""

    investigation = models.ForeignKey(Investigation, on_delete=models.PROTECT, related_name="imports")
    kind = models.CharField(_("kind of file"), max_length=20)
    mapping = models.ForeignKey(
        ImportMapping, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    columns = models.JSONField(_("columns"), default=dict)  # the mapping as applied
    filename = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    entity_count = models.PositiveIntegerField(_("entities"))
    statement_count = models.PositiveIntegerField(_("values"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["investigation", "sha256"], name="import_file_once")]

    def __str__(self) -> str:
        return self.filename


class ImportDraft(BaseModel):
    """A file uploaded and being mapped (between the upload and the import), encrypted at rest and deleted
    when imported or after a day (DESIGN.md §4: what a file says about people is not left lying around)."""

    investigation = models.ForeignKey(Investigation, on_delete=models.CASCADE, related_name="drafts")
    kind = models.CharField(_("kind of file"), max_length=20)
    filename = models.CharField(_("file"), max_length=255)
    content = models.BinaryField()  # Fernet token of the file (thb.core.encryption.encrypt_bytes)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename


class Entity(models.Model):
    """A followthemoney entity of one investigation: the merged view of its statements."""

    investigation = models.ForeignKey(Investigation, on_delete=models.CASCADE, related_name="entities")
    entity_id = models.CharField(max_length=200)  # the FtM id (kept from Aleph on FtM imports)
    schema = models.CharField(_("type"), max_length=60)
    caption = models.CharField(_("name"), max_length=300)
    properties = models.JSONField(default=dict)  # {prop: [values]}
    # The entities reviewers confirmed as one (matching/platform.py): the same value across investigations.
    canonical_id = models.CharField(max_length=40, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["schema", "caption"]
        constraints = [models.UniqueConstraint(fields=["investigation", "entity_id"], name="entity_id_once")]
        indexes = [models.Index(fields=["investigation", "schema", "caption"])]

    def __str__(self) -> str:
        return f"{self.schema} {self.caption}"


class StatementOrigin(models.TextChoices):
    IMPORT = "import", _("Import")
    MANUAL = "manual", _("Recorded by hand from a document")
    CASE = "case", _("Victim case")


class Statement(models.Model):
    """One value of one property of an entity, with where it came from, who recorded it and when."""

    investigation = models.ForeignKey(Investigation, on_delete=models.CASCADE, related_name="statements")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="statements")
    prop = models.CharField(_("property"), max_length=60)
    value = models.TextField(_("value"))
    origin = models.CharField(_("origin"), max_length=10, choices=StatementOrigin.choices)
    data_import = models.ForeignKey(
        DataImport, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    victim_case = models.ForeignKey(
        "victims.VictimCase", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    document = models.CharField(_("document"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["prop", "created_at"]
        indexes = [
            models.Index(fields=["entity", "prop"]),
            models.Index(fields=["investigation", "prop"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(origin="import", data_import__isnull=False)
                    | models.Q(origin="case", victim_case__isnull=False)
                    | (models.Q(origin="manual") & ~models.Q(document=""))
                ),
                name="statement_has_provenance",
            )
        ]

    def __str__(self) -> str:
        return f"{self.prop}={self.value}"


class MatchRun(models.Model):
    """One run of matching across every open investigation (issue 8 §2), with what it found."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    records = models.PositiveIntegerField(default=0)
    candidates = models.PositiveIntegerField(default=0)
    new_candidates = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=300, blank=True)  # e.g. why the probabilistic model did not run
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"match run {self.started_at:%Y-%m-%d %H:%M}"


class MatchStatus(models.TextChoices):
    PENDING = "pending", _("To review")
    MATCH = "match", _("Same")
    NO_MATCH = "no_match", _("Not the same")
    UNSURE = "unsure", _("Unsure")


class MatchCandidate(BaseModel):
    """Two entities that may be the same person, company, phone or account, with why (each comparison's
    level and weight). A reviewer's decision is kept: later runs update the score, never the decision."""

    left = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    reasons = models.JSONField(default=list)  # [{"comparison", "level", "weight"}]
    run = models.ForeignKey(MatchRun, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(max_length=10, choices=MatchStatus.choices, default=MatchStatus.PENDING)
    note = models.CharField(_("note"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-probability"]
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="match_pair_once"),
            models.CheckConstraint(condition=models.Q(left__lt=models.F("right")), name="match_pair_ordered"),
        ]
        indexes = [models.Index(fields=["status", "probability"])]

    def __str__(self) -> str:
        return f"{self.left_id}~{self.right_id}"
