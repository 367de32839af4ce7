"""Reads of the hotline (DESIGN.md §3.2).

The public site's reads take no user: the line and the published information pages are public by design
(issue 3 §1). Staff reads of contacts, which do take the user, are added here by the operator console.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch

from .models import HotlineLine, InfoPage, InfoPageText

# DESIGN.md §5: a page missing in the reader's language is shown in English, else in French (the platform's
# default language), and the page offers the official languages.
FALLBACK_LANGUAGES = ("en", "fr")


def active_hotline_line() -> HotlineLine | None:
    """The line the public site shows: the active line of the hotline organisation that receives public
    reports (``THB_HOTLINE_ORGANISATION`` when set), the oldest one when there are several."""
    lines = HotlineLine.objects.filter(is_active=True, organisation__is_active=True)
    if settings.THB_HOTLINE_ORGANISATION:
        lines = lines.filter(organisation__slug=settings.THB_HOTLINE_ORGANISATION)
    return lines.order_by("created_at", "pk").first()


def language_chain(language: str) -> tuple[str, ...]:
    """The languages to try for content, best first: ``ro`` → ``("ro", "en", "fr")``."""
    wanted = (language or "").lower()
    return tuple(dict.fromkeys([wanted, *FALLBACK_LANGUAGES]) if wanted else FALLBACK_LANGUAGES)


def _split_lines(value: str) -> tuple[str, ...]:
    """Stored texts keep one item per line (editable in a plain text box); a leading dash is dropped."""
    return tuple(line.strip().lstrip("-•*").strip() for line in value.splitlines() if line.strip())


@dataclass(frozen=True)
class ShownText:
    """One information page's text as shown to a reader, and the facts the page's notice needs."""

    slug: str
    sector: str
    language: str  # the language of the text shown (for the ``lang`` attribute)
    requested_language: str
    title: str
    summary: str
    signs: tuple[str, ...]
    rights: tuple[str, ...]
    is_fallback: bool  # shown in another language than the one asked for
    reviewed_by_native_speaker: bool
    available_languages: tuple[str, ...]  # every language the page exists in


def _choose(page: InfoPage, texts: list[InfoPageText], chain: tuple[str, ...]) -> ShownText | None:
    by_language = {text.language: text for text in texts}
    for language in chain:
        text = by_language.get(language)
        if text is not None:
            return ShownText(
                slug=page.slug,
                sector=page.sector,
                language=text.language,
                requested_language=chain[0],
                title=text.title,
                summary=text.summary,
                signs=_split_lines(text.signs),
                rights=_split_lines(text.rights),
                is_fallback=text.language != chain[0],
                reviewed_by_native_speaker=text.reviewed_by_native_speaker,
                available_languages=tuple(sorted(by_language)),
            )
    return None


def _published_pages() -> list[InfoPage]:
    return list(
        InfoPage.objects.filter(is_published=True, organisation__is_active=True)
        .order_by("order", "slug")
        .prefetch_related(Prefetch("texts", queryset=InfoPageText.objects.order_by("language")))
    )


def info_pages_for(language: str) -> list[ShownText]:
    """The published information pages in ``language`` (with the fallback of ``language_chain``), in their
    order; a page without any text in the chain is left out."""
    chain = language_chain(language)
    shown = (_choose(page, list(page.texts.all()), chain) for page in _published_pages())
    return [text for text in shown if text is not None]


def info_page_text(slug: str, language: str) -> ShownText | None:
    """One published page in ``language`` (with fallback); None when unknown, unpublished or empty."""
    page = (
        InfoPage.objects.filter(slug=slug, is_published=True, organisation__is_active=True)
        .prefetch_related("texts")
        .first()
    )
    if page is None:
        return None
    return _choose(page, list(page.texts.all()), language_chain(language))
