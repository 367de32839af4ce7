"""The expertise network's good-practice library (issue 10; action point P2, BELGIUM.md §1: "exchange of
good practice on identifying victims, financial investigation, analysing the structures behind perpetrator
groups and their supra-local and international links, and the framework for hearing victims").

An item — a short note, a document, or an anonymised case study — is written in one language, tagged by
theme, form of exploitation and sector, and shown only to the kinds of organisation its author chose.
Every change of its text is a new version; readers see the published one. Its files are attachments,
always served as downloads (thb/core/files.py).
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thb.core.models import BaseModel, Organisation, OrganisationKind


class Theme(models.TextChoices):
    IDENTIFICATION = "identification", _("Identifying victims")
    FINANCIAL = "financial_investigation", _("Financial investigation")
    NETWORKS = "network_analysis", _("Analysing perpetrator networks")
    HEARINGS = "hearings", _("Hearing victims")
    CHILDREN = "child_trafficking", _("Child trafficking")
    ONLINE = "online_exploitation", _("Online exploitation")
    CAMPAIGNS = "campaigns", _("Awareness campaigns")


class ItemKind(models.TextChoices):
    NOTE = "note", _("Note")
    DOCUMENT = "document", _("Document")
    CASE_STUDY = "case_study", _("Anonymised case study")


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting a second person's approval")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The PostgreSQL text-search configuration of each language an item may be written in.
SEARCH_CONFIGS = {"fr": "french", "nl": "dutch", "de": "german", "en": "english"}


class LibraryItem(BaseModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="library_items")
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=[(k, k) for k in SEARCH_CONFIGS])
    # ",hearings,identification,": a delimited text, so that "has theme X" is a LIKE on every database
    themes = models.CharField(_("themes"), max_length=300)
    exploitation = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    # the kinds of organisation that may read it, delimited like themes; empty: every organisation
    audience = models.CharField(_("visible to"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.DRAFT
    )
    published_version = models.ForeignKey(
        "LibraryVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["status", "language"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_version__isnull=False),
                name="library_published_has_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.uuid}"

    @property
    def theme_list(self) -> list[str]:
        return split_codes(self.themes)

    @property
    def audience_list(self) -> list[str]:
        return split_codes(self.audience)

    @property
    def theme_labels(self) -> list[str]:
        return [str(Theme(code).label) for code in self.theme_list if code in Theme.values]

    @property
    def audience_labels(self) -> list[str]:
        return [
            str(OrganisationKind(code).label)
            for code in self.audience_list
            if code in OrganisationKind.values
        ]


def join_codes(codes: list[str]) -> str:
    return f",{','.join(codes)}," if codes else ""


def split_codes(text: str) -> list[str]:
    return [code for code in (text or "").split(",") if code]


class LibraryVersion(models.Model):
    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    body = models.TextField(_("text (Markdown)"), max_length=100_000)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # PostgreSQL only (thb/expertise/search.py); stays empty on SQLite, where search falls back to LIKE
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["item", "-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="library_version_once")]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.number}"


class StoredFile(BaseModel):
    """A file checked by thb/core/files.py and kept in the database, always served as a download."""

    filename = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    data = models.BinaryField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True
        ordering = ["filename"]

    def __str__(self) -> str:
        return self.filename


class LibraryAttachment(StoredFile):
    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="attachments")

    class Meta(StoredFile.Meta):
        pass
