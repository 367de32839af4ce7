"""The brochure (issue 7 §3): in the 16 public languages as a page and a PDF, its durations read from the
rules (never typed twice): the official-language versions are checked against the rules, and changing the
rules changes the text."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from thb.residence.brochure import Durations, build_brochure
from thb.residence.brochure_pdf import brochure_pdf
from thb.residence.rules import load_rules

pytestmark = pytest.mark.django_db
LANGUAGES = [code for code, _name in settings.PUBLIC_LANGUAGES]
OFFICIAL = ["fr", "nl", "de", "en"]


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _numbers(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"\d+", text)}


def test_there_are_sixteen_public_languages():
    assert len(LANGUAGES) == 16


@pytest.mark.parametrize("language", OFFICIAL)
def test_the_official_versions_state_the_durations_of_the_rules(language, demo_directory):
    today = date(2026, 11, 29)
    durations = Durations.from_rules(load_rules(), today)
    with translation.override(language):
        brochure = build_brochure(day=today)
    by_title = {s.title: " ".join(s.paragraphs) for s in brochure.sections}
    step1, step2, step3 = (brochure.sections[i] for i in range(3))
    assert durations.reflection_days in _numbers(" ".join(step1.paragraphs))
    assert {durations.ai_months, durations.ai_extensions} <= _numbers(" ".join(step2.paragraphs))
    assert {durations.cire_months, durations.renewal_days} <= _numbers(" ".join(step3.paragraphs))
    minor = brochure.sections[5]
    assert durations.minor_months in _numbers(" ".join(minor.paragraphs))
    assert len(by_title) == len(brochure.sections)  # every section has its own, translated title
    assert {c.name for c in brochure.centres} >= {"Payoke", "PAG-ASA"} or len(brochure.centres) == 3


def test_a_change_of_the_rules_changes_the_text(demo_directory):
    rules = load_rules()
    today = date(2026, 11, 29)
    version = rules.version_on(today)
    longer = dataclasses.replace(
        version,
        documents={
            **version.documents,
            "reflection_document": dataclasses.replace(version.documents["reflection_document"], days=90),
        },
    )
    changed = dataclasses.replace(rules, versions=(*rules.versions[:-1], longer))
    with translation.override("fr"):
        text = " ".join(build_brochure(day=today, rules=changed).sections[0].paragraphs)
    assert 90 in _numbers(text) and 45 not in _numbers(text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_and_the_pdf_exist_in_every_public_language(client, language, demo_directory):
    page = client.get(f"/{language}/residence/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'lang="{language}"' in html
    assert ('dir="rtl"' in html) == (language == "ar")
    with translation.override(language):
        title = build_brochure().title
    assert title in html
    pdf = client.get(f"/{language}/residence/brochure.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert len(_pdf_text(pdf.content).strip()) > 200


@pytest.mark.parametrize("language", ["en", "fr", "ru", "vi"])
def test_the_pdf_text_reads_back(language, demo_directory):
    with translation.override(language):
        brochure = build_brochure(day=date(2026, 11, 29))
        text = " ".join(_pdf_text(brochure_pdf(brochure)).split())
    assert " ".join(brochure.sections[0].title.split()) in text
    assert str(brochure.durations.reflection_days) in text


def test_the_public_page_is_linked_from_the_home_page(client, demo_directory):
    assert reverse("residence-public:brochure") in client.get("/en/").content.decode()
