"""The base of every model: an internal integer key, a public UUID, and timestamps.

DESIGN.md §3.6: public identifiers are UUIDs; integer keys never appear in URLs or the API.
"""

import uuid

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class MultilingualNameMixin(models.Model):
    """A name in each official language + English, shown in the reader's language (DESIGN.md §5)."""

    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_de = models.CharField(_("name (German)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_in(get_language() or "fr")

    def name_in(self, language: str) -> str:
        """The name in ``language``; falls back to English, then French, for the other public languages."""
        code = (language or "fr").split("-")[0]
        return str(getattr(self, f"name_{code}", "") or self.name_en or self.name_fr)
