"""Operators' languages and shifts, canned replies and the knowledge base (issue 3 §2)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thb.core.models import BaseModel, Organisation

from .vocab import Sector


class OperatorLanguage(BaseModel):
    """A language an operator speaks, for language routing: the queue shows who on duty speaks a contact's
    language, and which interpreter services cover it when nobody does."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="spoken_languages"
    )
    language = models.CharField(_("language"), max_length=15)  # BCP 47 primary code, e.g. "ro"

    class Meta:
        ordering = ["user", "language"]
        verbose_name = _("language spoken")
        verbose_name_plural = _("languages spoken")
        constraints = [models.UniqueConstraint(fields=["user", "language"], name="operator_language_unique")]

    def __str__(self) -> str:
        return f"{self.user} {self.language}"


class Shift(BaseModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="shifts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shifts")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        indexes = [models.Index(fields=["organisation", "starts_at", "ends_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.starts_at:%Y-%m-%d %H:%M}"


class CannedReply(BaseModel):
    """A prepared answer to an anonymous reporter, per language (edited by supervisors)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="canned_replies")
    slug = models.SlugField(_("code"), max_length=60)
    language = models.CharField(_("language"), max_length=15)
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["slug", "language"]
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        indexes = [models.Index(fields=["organisation", "language"])]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug", "language"], name="canned_reply_unique")
        ]

    def __str__(self) -> str:
        return f"{self.slug} [{self.language}]"


class KnowledgeArticle(BaseModel):
    """Articles and call scripts for operators, per risk group and language (issue 3 §2)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="knowledge_articles"
    )
    slug = models.SlugField(_("code"), max_length=80)
    language = models.CharField(_("language"), max_length=15)
    sector = models.CharField(_("risk group"), max_length=30, choices=Sector.choices, blank=True)
    is_call_script = models.BooleanField(_("call script"), default=False)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["slug", "language"]
        verbose_name = _("knowledge-base article")
        verbose_name_plural = _("knowledge-base articles")
        indexes = [models.Index(fields=["organisation", "language", "sector"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug", "language"], name="knowledge_article_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.slug} [{self.language}]"
