"""Facts about the translation catalogues that pages need."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language, to_locale


def localised(texts: dict, language: str | None = None) -> str:
    """The text of a per-language dict (``{"fr": …, "nl": …}``, DESIGN.md §5) in the reader's language, else
    French (the original of Belgian federal texts), else any."""
    language = (language or get_language() or "fr")[:2]
    return str(texts.get(language) or texts.get("fr") or next(iter(texts.values()), ""))


STAFF_LANGUAGE_CODES = ("fr", "nl", "de", "en")


def clean_texts(texts: dict[str, str], *, field: str, limit: int, required: bool) -> dict[str, str]:
    """A per-language text as staff typed it (DESIGN.md §5): blanks squeezed, empty languages dropped, at
    least one language when ``required``, each at most ``limit`` characters. Raises with ``field``."""
    from django.utils.translation import gettext as _

    from .exceptions import ValidationFailedError

    cleaned = {code: " ".join(str(texts.get(code) or "").split()) for code in STAFF_LANGUAGE_CODES}
    cleaned = {code: text for code, text in cleaned.items() if text}
    if required and not cleaned:
        raise ValidationFailedError(_("Give the text in at least one language."), field=field)
    if any(len(text) > limit for text in cleaned.values()):
        raise ValidationFailedError(_("The text is too long."), field=field)
    return cleaned


REVIEWED_MARK = "Reviewed by a native speaker"


@lru_cache(maxsize=32)
def catalogue_reviewed(language: str) -> bool:
    """True for English (the source language) and for catalogues whose header says ``Reviewed by a native
    speaker``; a catalogue that says "not yet reviewed", or none at all, is unreviewed."""
    if not language or language.startswith("en"):
        return True
    po = Path(settings.BASE_DIR) / "locale" / to_locale(language) / "LC_MESSAGES" / "django.po"
    if not po.exists():
        return False
    header = po.read_text(encoding="utf-8").split("msgid", 1)[0]
    return REVIEWED_MARK in header and "not yet reviewed" not in header.lower()


# The files whose strings appear on public pages (no login). Keep in step with new public pages.
PUBLIC_SOURCES = (
    "thb/templates/public",
    "thb/templates/stop",
    "thb/blocking/forms_public.py",
    "thb/blocking/views_public.py",
    "thb/blocking/services/public.py",
    "thb/blocking/tasks.py",
    "thb/blocking/domains.py",
    "thb/hotline/forms.py",
    "thb/hotline/views_public.py",
    "thb/hotline/views_reports.py",
    "thb/core/ratelimit.py",
    "thb/hotline/opening_hours.py",
    "thb/hotline/selectors.py",
    "thb/hotline/services/public_reports.py",
    "thb/hotline/models/vocab.py",
    "thb/core/middleware.py",
    "thb/residence/brochure.py",
    "thb/residence/brochure_pdf.py",
)


def public_only_languages() -> list[str]:
    staff = {code for code, _name in settings.STAFF_LANGUAGES}
    return [code for code, _name in settings.PUBLIC_LANGUAGES if code not in staff]


# The sources of the staff catalogues (fr, nl, de): everything.
STAFF_SOURCES = ("thb", "config")


def extract_public_catalogues(
    languages: list[str], *, root: Path | None = None, into: Path | None = None
) -> dict[str, Path]:
    """The public-only languages' catalogues: the strings of ``PUBLIC_SOURCES`` only."""
    return extract_catalogues(languages, sources=PUBLIC_SOURCES, root=root, into=into)


def extract_catalogues(
    languages: list[str], *, sources: tuple[str, ...], root: Path | None = None, into: Path | None = None
) -> dict[str, Path]:
    """Run makemessages over ``sources`` only, for ``languages``, in a scratch copy of the tree, merging
    with the catalogues in ``root/locale``; write the results to ``into`` (default: ``root/locale``).
    `make messages` and the completeness tests (test_i18n) use the same extraction."""
    import os
    import shutil
    import subprocess
    import sys
    import tempfile

    root = root or Path(settings.BASE_DIR)
    into = into or root / "locale"
    ignore = shutil.ignore_patterns("__pycache__", "*.mo", "*.pyc")
    with tempfile.TemporaryDirectory(prefix="thb-i18n-") as scratch:
        work = Path(scratch)
        for source in sources:
            src = root / source
            dst = work / source
            if src.is_dir():
                shutil.copytree(src, dst, ignore=ignore)
            elif src.exists():
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dst)
        for language in languages:
            existing = root / "locale" / to_locale(language) / "LC_MESSAGES" / "django.po"
            target = work / "locale" / to_locale(language) / "LC_MESSAGES"
            target.mkdir(parents=True, exist_ok=True)
            if existing.exists():
                shutil.copy2(existing, target / "django.po")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "THB_ENV": "test",
            "THB_VAR_DIR": str(work / "var"),
            "PYTHONPATH": str(root),
        }
        subprocess.run(
            [
                sys.executable,
                "-m",
                "django",
                "makemessages",
                "--no-obsolete",
                "--no-location",
                "--ignore=var",
                *[f"--locale={to_locale(language)}" for language in languages],
            ],
            cwd=work,
            check=True,
            capture_output=True,
            env=env,
        )
        written: dict[str, Path] = {}
        for language in languages:
            produced = work / "locale" / to_locale(language) / "LC_MESSAGES" / "django.po"
            destination = into / to_locale(language) / "LC_MESSAGES" / "django.po"
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(produced, destination)
            written[language] = destination
        return written
