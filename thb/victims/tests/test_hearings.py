"""Hearings (hearings.py, hearing_pdf.py, views_hearings.py): a guide as versioned data, a hearing
conducted in the browser with its times and breaks, and the record as a PDF whose text is checked."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from thb.core.exceptions import ValidationFailedError
from thb.core.models import IdentityAccess, Organisation
from thb.core.roles import Role
from thb.core.tests.factories import UserFactory
from thb.victims.hearings import guide_problems, guide_save, load_hearing_guides
from thb.victims.models import Hearing, HearingGuide, HearingStatus
from thb.victims.services import case_open

pytestmark = pytest.mark.django_db


def _t(text: str) -> dict[str, str]:
    return {"fr": f"[fr] {text}", "nl": f"[nl] {text}", "de": f"[de] {text}", "en": text}


GUIDE = {
    "slug": "test-guide",
    "version": 1,
    "title": _t("Test guide"),
    "for_minors": False,
    "filmed": False,
    "guidance": [_t("Explain the purpose first.")],
    "sections": [
        {
            "id": "opening",
            "title": _t("Opening"),
            "guidance": _t("Rights."),
            "questions": [{"id": "opening-01", "text": _t("How are you today?")}],
        },
        {
            "id": "recruitment",
            "title": _t("Recruitment"),
            "questions": [{"id": "recruitment-01", "text": _t("How did you hear of the job?")}],
        },
    ],
}


@pytest.fixture
def worker(demo_directory):
    return UserFactory(organisation=Organisation.objects.get(slug="pag-asa"), role=Role.CASEWORKER)


@pytest.fixture
def case(worker):
    return case_open(actor=worker, opened_via="partner", legal_basis="consent")


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_guide_must_be_complete_in_four_languages_and_new_versions_replace_the_active_one():
    broken = {**GUIDE, "sections": [{"id": "x", "title": {"en": "X"}, "questions": []}]}
    assert guide_problems(broken)
    with pytest.raises(ValidationFailedError):
        guide_save(data=broken, actor=None)
    first = guide_save(data=GUIDE, actor=None)
    second = guide_save(data=GUIDE, actor=None)
    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2) and not first.is_active and second.is_active


def test_a_hearing_is_conducted_in_the_browser_and_its_record_is_a_pdf_in_its_language(
    signed_in, worker, case
):
    guide = guide_save(data=GUIDE, actor=None)
    client = signed_in(worker)
    refused = client.post(f"/en/staff/cases/{case.uuid}/hearings/new/", {"guide": guide.pk, "language": "fr"})
    assert refused.status_code == 422 and Hearing.objects.count() == 0  # no consent recorded
    started = client.post(
        f"/en/staff/cases/{case.uuid}/hearings/new/",
        {
            "guide": guide.pk,
            "language": "fr",
            "person_language": "ro",
            "interpreter_identity": "Ana Interpret",
            "consent": "on",
        },
    )
    assert started.status_code == 302
    hearing = Hearing.objects.get()
    base = started["Location"]
    client.post(base, {"q-opening-01": "Bine, mulțumesc.", "action": "save"})
    client.post(base, {"action": "break"})
    client.post(base, {"action": "break"})
    client.post(
        base,
        {
            "q-recruitment-01": "Un ami m'a parlé d'un chantier à Gand.",
            "notes": "Pleure au début.",
            "action": "finish",
        },
    )
    hearing.refresh_from_db()
    assert hearing.status == HearingStatus.COMPLETED and len(hearing.breaks) == 1 and hearing.breaks[0]["end"]
    page = client.get(base).content.decode()
    assert "[fr] How did you hear of the job?" in page and "Gand" in page
    record = client.get(f"{base}record.pdf")
    assert record["Content-Type"] == "application/pdf"
    text = _pdf_text(record.content)
    assert "[fr] How did you hear of the job?" in text and "Gand" in text and "Ana Interpret" in text
    assert case.reference in text and "Pleure" in text
    file_version = _pdf_text(client.get(f"{base}record.pdf?version=file").content)
    assert "Gand" in file_version and "Ana Interpret" not in file_version and "Pleure" not in file_version
    assert IdentityAccess.objects.filter(
        object_uuid=case.uuid, fields__contains=["hearing_record_pdf"]
    ).exists()
    after = client.post(base, {"q-opening-01": "changed", "action": "save"}, follow=True)
    assert "This hearing is completed." in after.content.decode()
    hearing.refresh_from_db()
    assert "changed" not in hearing.answers


def test_hearings_are_for_the_organisations_taking_part(signed_in, worker, case):
    guide = guide_save(data=GUIDE, actor=None)
    from thb.victims.hearings import hearing_start

    hearing = hearing_start(case=case, actor=worker, guide=guide, language="en", consent=True)
    stranger = UserFactory(organisation=Organisation.objects.get(slug="payoke"), role=Role.CASEWORKER)
    client = signed_in(stranger)
    assert client.get(f"/en/staff/cases/{case.uuid}/hearings/{hearing.uuid}/").status_code == 404
    assert client.get(f"/en/staff/cases/{case.uuid}/hearings/{hearing.uuid}/record.pdf").status_code == 404


def test_the_shipped_guides_load_once_and_are_complete():
    loaded = load_hearing_guides()
    assert set(loaded) >= {"labour", "sexual", "domestic_servitude", "begging_forced_crime", "minor"}
    assert load_hearing_guides() == []
    minor = HearingGuide.objects.get(slug="minor", is_active=True)
    assert minor.for_minors and minor.filmed
    for guide in HearingGuide.objects.all():
        assert guide_problems({"slug": guide.slug, "title": guide.title, **guide.data}) == []
