"""Offline language detection of free text (issue 3 §2 language routing), with lingua.

Only the 16 public languages are candidates (DESIGN.md §5): fewer candidates, better accuracy on short
texts. The models ship inside the package; nothing is downloaded. The first call loads them (about two
seconds), so web and worker processes call ``warm_up()`` at start.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings

# lingua Language name → BCP 47 code used by the platform.
_LINGUA_TO_CODE = {
    "FRENCH": "fr",
    "DUTCH": "nl",
    "GERMAN": "de",
    "ENGLISH": "en",
    "ARABIC": "ar",
    "ROMANIAN": "ro",
    "BULGARIAN": "bg",
    "ALBANIAN": "sq",
    "CHINESE": "zh-hans",
    "VIETNAMESE": "vi",
    "PORTUGUESE": "pt",
    "UKRAINIAN": "uk",
    "RUSSIAN": "ru",
    "SPANISH": "es",
    "POLISH": "pl",
    "TAGALOG": "tl",
}
MIN_CONFIDENCE = 0.5
MIN_LETTERS = 8


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    public = {code for code, _name in settings.PUBLIC_LANGUAGES}
    languages = [getattr(Language, name) for name, code in _LINGUA_TO_CODE.items() if code in public]
    return LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()


def warm_up() -> None:
    _detector()


def detect_language(text: str) -> str | None:
    """The BCP 47 code of ``text``'s language, or None when the text is too short or too uncertain."""
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return None
    detector = _detector()
    confidences = detector.compute_language_confidence_values(text[:2000])
    if not confidences:
        return None
    best = confidences[0]
    if best.value < MIN_CONFIDENCE:
        return None
    return _LINGUA_TO_CODE.get(best.language.name)
