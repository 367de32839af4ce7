"""The public site's seed content: the hotline line and the information pages (``thb load-public-content``).

Why a loader: the public site must show a number, opening hours and the eleven risk-group pages of issue 3
§1 from the first ``make run``, in the official languages and English. The texts live in
``data/public_content.json`` (its ``about`` says what they are based on); staff then edit them in the
admin.

Rules it enforces:

* **Validated before anything is written**: the shape of the file, known sectors and languages, field
  lengths, and the opening hours (``opening_hours.validate_opening_hours``); an error names the entry.
* **Idempotent**: pages by slug, texts by (page, language); a row is saved only when a value differs, so a
  rerun changes nothing (not even ``updated_at``) and writes no audit row. One audit row
  (``hotline.load_public_content``, actor None: the system) is written when something changed, with the
  counts.
* **The real number is never overwritten**: the fictitious seed line ("0800 00 000") is created only when
  the hotline organisation has no line yet, and updated only while it still carries the seed number. The
  coordination cell configures the real number in the admin.
* Texts of the seed are overwritten by a rerun (the file is their source), except a text that staff marked
  as reviewed by a native speaker; pages and texts that are not in the file are left alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction

from thb.core.audit import record_change
from thb.core.exceptions import DomainError, ValidationFailedError
from thb.core.models import Organisation

from .models import HotlineLine, InfoPage, InfoPageText, Sector
from .opening_hours import validate_opening_hours
from .services.common import hotline_organisation

CONTENT_JSON = Path(__file__).resolve().parent / "data" / "public_content.json"
TEXT_FIELDS = ("title", "summary", "signs", "rights")
LINE_FIELDS = ("phone_number", "toll_free", "opening_hours", "closed_on_public_holidays", "email")


class PublicContentError(DomainError):
    """The content file cannot be loaded (unreadable, or an entry is not valid)."""

    code = "public_content_invalid"
    status = 422


@dataclass
class LoadResult:
    pages: int = 0
    texts: int = 0
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    line: str = "unchanged"  # created | updated | unchanged | kept (the organisation has its own number)
    audit_rows: int = 0

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()))

    def count(self, kind: str, *, created: bool) -> None:
        target = self.created if created else self.updated
        target[kind] = target.get(kind, 0) + 1


def _lines(value: Any, where: str) -> list[str]:
    if not (isinstance(value, list) and all(isinstance(line, str) and line.strip() for line in value)):
        raise PublicContentError(f"{where}: must be a list of non-empty strings")
    if any("\n" in line for line in value):
        raise PublicContentError(f"{where}: one item per string, without line breaks")
    return [line.strip() for line in value]


def read_content(path: Path | None = None) -> dict[str, Any]:
    """The content file, checked; returns ``{"line": {...}, "pages": [{"slug", "sector", "order",
    "texts": {language: {field: str}}}]}`` with the texts composed as they are stored."""
    path = path or CONTENT_JSON
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PublicContentError(f"Cannot read the content file {path}: {exc}") from exc
    if not isinstance(document, dict) or not {"hotline_line", "common_rights", "pages"} <= set(document):
        raise PublicContentError(f"{path.name}: needs 'hotline_line', 'common_rights' and 'pages'")
    languages = {code for code, _name in settings.PUBLIC_LANGUAGES}
    line = document["hotline_line"]
    if not isinstance(line, dict) or set(line) - set(LINE_FIELDS) or "phone_number" not in line:
        raise PublicContentError(
            f"hotline_line: allowed keys are {', '.join(LINE_FIELDS)}; phone_number needed"
        )
    try:
        validate_opening_hours(line.get("opening_hours", {}))
    except ValidationFailedError as exc:
        raise PublicContentError(f"hotline_line.opening_hours: {exc.message}") from exc
    common = document["common_rights"]
    for language, blocks in common.items():
        if language not in languages:
            raise PublicContentError(f"common_rights: unknown language {language!r}")
        for block in ("worker", "all"):
            _lines(blocks.get(block), f"common_rights.{language}.{block}")
    title_length = InfoPageText._meta.get_field("title").max_length or 200
    pages, slugs = [], set()
    for index, entry in enumerate(document["pages"]):
        where = f"pages[{index}] {entry.get('slug')!r}"
        if not isinstance(entry, dict) or not {"slug", "sector", "order", "texts"} <= set(entry):
            raise PublicContentError(f"{where}: needs slug, sector, order and texts")
        if entry["slug"] in slugs:
            raise PublicContentError(f"{where}: slug appears twice")
        slugs.add(entry["slug"])
        if entry["sector"] not in Sector.values:
            raise PublicContentError(f"{where}: unknown sector {entry['sector']!r}")
        texts = {}
        for language, text in entry["texts"].items():
            at = f"{where}.{language}"
            if language not in languages or language not in common:
                raise PublicContentError(f"{at}: unknown language, or no common_rights for it")
            if not isinstance(text.get("title"), str) or not 0 < len(text["title"]) <= title_length:
                raise PublicContentError(f"{at}.title: 1 to {title_length} characters")
            rights = _lines(text.get("rights") or [], f"{at}.rights")
            if entry.get("worker_rights"):
                rights += common[language]["worker"]
            rights += common[language]["all"]
            texts[language] = {
                "title": text["title"].strip(),
                "summary": str(text.get("summary", "")).strip(),
                "signs": "\n".join(_lines(text.get("signs"), f"{at}.signs")),
                "rights": "\n".join(rights),
            }
        pages.append(
            {"slug": entry["slug"], "sector": entry["sector"], "order": entry["order"], "texts": texts}
        )
    return {"line": line, "pages": pages}


def _save_if_changed(obj: models.Model, values: dict[str, Any]) -> bool:
    """Set ``values`` on ``obj`` and save only when one differs (so that a rerun leaves ``updated_at``)."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if obj.pk is not None and not changed:
        return False
    for name, value in values.items():
        setattr(obj, name, value)
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise PublicContentError(f"{obj}: {'; '.join(exc.messages)}") from exc
    obj.save()
    return True


def _load_line(organisation: Organisation, line: dict[str, Any], result: LoadResult) -> None:
    values = {
        "phone_number": line["phone_number"],
        "toll_free": bool(line.get("toll_free", True)),
        "opening_hours": line.get("opening_hours", {}),
        "closed_on_public_holidays": bool(line.get("closed_on_public_holidays", True)),
        "email": line.get("email", ""),
    }
    seed = HotlineLine.objects.filter(organisation=organisation, phone_number=values["phone_number"]).first()
    if seed is None and HotlineLine.objects.filter(organisation=organisation).exists():
        result.line = "kept"
        return
    created = seed is None
    if _save_if_changed(seed or HotlineLine(organisation=organisation), values):
        result.count("hotline lines", created=created)
        result.line = "created" if created else "updated"


def load_public_content(*, path: Path | None = None) -> LoadResult:
    """Create or update the seed line, pages and texts (module docstring: the rules)."""
    content = read_content(path)
    result = LoadResult()
    with transaction.atomic():
        organisation = hotline_organisation()
        _load_line(organisation, content["line"], result)
        for entry in content["pages"]:
            page = InfoPage.objects.filter(slug=entry["slug"]).first()
            created = page is None
            if _save_if_changed(
                page or InfoPage(slug=entry["slug"]),
                {"organisation_id": organisation.pk, "sector": entry["sector"], "order": entry["order"]},
            ):
                result.count("pages", created=created)
            page = page or InfoPage.objects.get(slug=entry["slug"])
            result.pages += 1
            for language, values in entry["texts"].items():
                text = InfoPageText.objects.filter(page=page, language=language).first()
                result.texts += 1
                if text is not None and text.reviewed_by_native_speaker:
                    continue  # a native speaker's reviewed text wins over the seed
                created = text is None
                if _save_if_changed(
                    text or InfoPageText(page=page, language=language),
                    {**values, "reviewed_by_native_speaker": False},
                ):
                    result.count("texts", created=created)
        if result.changed:
            record_change(
                actor=None,
                action="hotline.load_public_content",
                object_type="hotline.infopage",
                changes={
                    "created": dict(result.created),
                    "updated": dict(result.updated),
                    "line": result.line,
                },
            )
            result.audit_rows = 1
    return result
