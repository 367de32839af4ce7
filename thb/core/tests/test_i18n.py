"""The staff interface is complete in French, Dutch and German (English is the source language), and pages
carry their language and direction (DESIGN.md §5, issue 2 §7).

The completeness test re-extracts every translatable string from the current code into a copy of the
catalogues, exactly as `make messages` would, so that a string added without its translations fails here.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

STAFF_CATALOGUES = ("fr", "nl", "de")
ROOT = Path(settings.BASE_DIR)


def _statistics(po_file: Path) -> dict[str, int]:
    result = subprocess.run(
        ["msgfmt", "--statistics", "--check-format", "-o", "/dev/null", str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", result.stderr):
        counts[kind] = int(number)
    return counts


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory) -> Path:
    """The staff catalogues after re-extraction from the current sources, as `make messages` would."""
    from thb.core.i18n import STAFF_SOURCES, extract_catalogues

    into = tmp_path_factory.mktemp("i18n")
    extract_catalogues(list(STAFF_CATALOGUES), sources=STAFF_SOURCES, into=into)
    return into


@pytest.mark.parametrize("language", STAFF_CATALOGUES)
def test_staff_catalogue_has_no_untranslated_or_fuzzy_string(fresh_catalogues, language):
    counts = _statistics(fresh_catalogues / language / "LC_MESSAGES" / "django.po")
    assert counts["translated"] > 100
    assert counts["fuzzy"] == 0, (
        f"{language}: {counts['fuzzy']} fuzzy strings; run `make messages` and review"
    )
    assert counts["untranslated"] == 0, (
        f"{language}: {counts['untranslated']} untranslated; run `make messages`"
    )


@pytest.mark.parametrize("language", STAFF_CATALOGUES)
def test_catalogue_header_says_whether_a_native_speaker_reviewed_it(language):
    header = (ROOT / "locale" / language / "LC_MESSAGES" / "django.po").read_text().split("msgid", 1)[0]
    assert re.search(r"(not yet reviewed|reviewed) by a native speaker", header, re.IGNORECASE)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "sign_in"),
    [("fr", "Se connecter"), ("nl", "Aanmelden"), ("de", "Anmelden"), ("en", "Sign in")],
)
def test_pages_are_served_in_the_language_of_their_prefix(client, language, sign_in):
    response = client.get(f"/{language}/staff/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}" dir="ltr">' in html
    assert sign_in in html


@pytest.mark.django_db
def test_language_switcher_offers_the_four_staff_languages_and_switches(client):
    html = client.get("/fr/staff/login/").content.decode()
    for code in ("fr", "nl", "de", "en"):
        assert f'<option value="{code}" lang="{code}"' in html
    assert '<input name="next" type="hidden" value="/staff/login/">' in html
    response = client.post("/i18n/setlang/", {"language": "nl", "next": "/staff/login/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/nl/staff/login/"
    assert '<html lang="nl"' in response.content.decode()


@pytest.mark.django_db
def test_right_to_left_languages_get_dir_rtl(client, settings):
    settings.LANGUAGES = [*settings.STAFF_LANGUAGES, ("ar", "العربية")]
    from django.urls import clear_url_caches

    clear_url_caches()
    html = client.get("/ar/").content.decode()
    clear_url_caches()
    assert '<html lang="ar" dir="rtl">' in html


@pytest.fixture(scope="module")
def fresh_public_catalogues(tmp_path_factory) -> Path:
    """The public-only languages' catalogues after re-extraction of the public pages' strings."""
    from thb.core.i18n import extract_public_catalogues, public_only_languages

    into = tmp_path_factory.mktemp("public-i18n")
    extract_public_catalogues(public_only_languages(), into=into)
    return into


def test_there_are_sixteen_public_languages_with_arabic_right_to_left(settings):
    codes = [code for code, _name in settings.PUBLIC_LANGUAGES]
    assert codes == [
        "fr",
        "nl",
        "de",
        "en",
        "ar",
        "ro",
        "bg",
        "sq",
        "zh-hans",
        "vi",
        "pt",
        "uk",
        "ru",
        "es",
        "pl",
        "tl",
    ]
    assert "ar" in settings.LANGUAGES_BIDI


@pytest.mark.parametrize(
    "language", ["ar", "ro", "bg", "sq", "zh-hans", "vi", "pt", "uk", "ru", "es", "pl", "tl"]
)
def test_public_catalogue_translates_every_public_string(fresh_public_catalogues, language):
    from django.utils.translation import to_locale

    po = fresh_public_catalogues / to_locale(language) / "LC_MESSAGES" / "django.po"
    counts = _statistics(po)
    assert counts["translated"] > 50
    assert counts["fuzzy"] == 0, f"{language}: {counts['fuzzy']} fuzzy; run `make messages` and review"
    assert counts["untranslated"] == 0, (
        f"{language}: {counts['untranslated']} untranslated; run `make messages`"
    )
    header = (
        (ROOT / "locale" / to_locale(language) / "LC_MESSAGES" / "django.po").read_text().split("msgid", 1)[0]
    )
    assert re.search(r"(not yet reviewed|reviewed) by a native speaker", header, re.IGNORECASE)
