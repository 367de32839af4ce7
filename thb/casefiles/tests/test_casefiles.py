"""The police case-file scenario (issue 6 §4): a file per investigation, sections filled from the platform
and by hand, the completeness check, the PDF and DOCX exports with their table of contents, who may write
and who may read."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation
from docx import Document
from pypdf import PdfReader

from thb.casefiles.document import build_document
from thb.casefiles.export_docx import case_file_docx
from thb.casefiles.export_pdf import case_file_pdf
from thb.casefiles.models import CaseFile, CaseFileEntry
from thb.casefiles.sections import SECTIONS
from thb.casefiles.services import (
    case_file_link_case,
    case_file_open,
    case_file_set_status,
    case_file_update,
    entry_add,
    entry_remove,
)
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import IdentityAccess, Organisation
from thb.core.roles import Role
from thb.core.tests.factories import UserFactory
from thb.dispatch.models import OutboxMessage
from thb.victims.services import case_open

pytestmark = pytest.mark.django_db

COMPLETE_TEXTS = {
    "origin": "Labour inspection visit on the site, 3 March.",
    "victims": "Both victims were heard with an interpreter.",
    "mo_recruitment": "Recruited in Craiova through a job advertisement.",
    "mo_transport": "Minibus, tickets paid by the recruiter.",
    "mo_housing": "Container on the building site.",
    "mo_exploitation": "Twelve-hour days, 2 EUR an hour.",
    "mo_control": "Passports kept by the foreman.",
    "mo_money": "Wages paid in cash, debts deducted.",
    "links": "A sister company in Romania; EIO sent.",
    "conclusions": "THB for labour exploitation (art. 433quinquies §1 3°) is established.",
}


@pytest.fixture
def case_file(investigator, office):
    return case_file_open(
        actor=investigator,
        title="Operation Scaffold",
        magistrate_office=office,
        police_reference="BR.12.L3.1/26",
    )


def _fill(case_file, investigator, victim_case):
    case_file_link_case(case_file=case_file, actor=investigator, case=victim_case)
    case_file_update(
        case_file=case_file, actor=investigator, texts=COMPLETE_TEXTS, estimated_proceeds_eur="184000"
    )
    entry_add(
        case_file=case_file,
        actor=investigator,
        kind="suspect",
        category="recruiter",
        name="Ion Popescu",
        flag=True,
    )
    entry_add(
        case_file=case_file,
        actor=investigator,
        kind="asset",
        category="vehicle",
        description="Mercedes Sprinter",
        amount_eur="35000",
        flag=True,
    )
    entry_add(
        case_file=case_file,
        actor=investigator,
        kind="measure",
        category="search",
        date="2026-03-10",
        reference="Search warrant 26/114",
    )
    entry_add(
        case_file=case_file,
        actor=investigator,
        kind="evidence",
        category="device",
        description="Phone of the foreman",
        custody="Evidence room Brussels, shelf 4",
    )
    return CaseFile.objects.get(pk=case_file.pk)


def test_an_empty_file_lists_what_is_missing_in_every_section(case_file):
    with translation.override("en"):
        document = build_document(case_file)
    missing = {s.key: s.missing for s in document.sections}
    assert set(missing) == {s.key for s in SECTIONS}
    assert "No victim case is linked to the file." in missing["victims"]
    assert "No suspect is recorded." in missing["suspects"]
    assert "Recruitment is not described." in missing["modus_operandi"]
    assert len(missing["modus_operandi"]) == 6
    assert "The criminal proceeds are not estimated." in missing["financial"]
    assert "No measure is recorded." in missing["measures"]
    assert "The inventory is empty." in missing["evidence"]
    assert "The conclusions for the magistrate are not written." in missing["conclusions"]
    assert missing["origin"] == ["Say how the facts came to the police."]  # the PV number is there


def test_a_filled_file_is_complete_and_the_platform_fills_its_part(case_file, investigator, victim_case):
    case_file = _fill(case_file, investigator, victim_case)
    victim_case.accompanying_centre = Organisation.objects.get(slug="pag-asa")
    victim_case.save()
    with translation.override("en"):
        document = build_document(CaseFile.objects.get(pk=case_file.pk))
    assert {s.key: s.missing for s in document.sections if s.missing} == {}
    lines = {s.key: " ".join(s.platform) for s in document.sections}
    assert victim_case.pseudonym in lines["victims"]
    assert "signal of trafficking" in lines["victims"]
    assert "accompanied by" in lines["victims"]
    assert "Excessive working days or hours" in lines["modus_operandi"]  # the ticked indicators
    assert "Confiscation of documents" in lines["modus_operandi"]
    assert "RO" in lines["links"]
    assert "of which seized: 35,000.00 €" in lines["financial"]
    evidence = next(s for s in document.sections if s.key == "evidence").table
    assert any("Hearing record" in row[2] and row[4] == "AV-77" for row in evidence.rows)
    assert victim_case.events.filter(kind="case_file").exists()  # the case's timeline says so


def test_a_missing_hearing_or_assessment_is_named_per_victim(case_file, investigator):
    bare = case_open(actor=investigator, opened_via="police", legal_basis="legal_obligation")
    case_file_link_case(case_file=case_file, actor=investigator, case=bare)
    with translation.override("en"):
        victims = next(s for s in build_document(case_file).sections if s.key == "victims").missing
    assert f"{bare.pseudonym}: no identification assessment." in victims
    assert f"{bare.pseudonym}: no completed hearing." in victims
    assert f"{bare.pseudonym}: no specialised centre recorded." in victims


def test_texts_and_names_are_encrypted_at_rest(case_file, investigator, victim_case):
    case_file = _fill(case_file, investigator, victim_case)
    with connection.cursor() as cursor:
        cursor.execute("SELECT texts FROM casefiles_casefile WHERE id = %s", [case_file.pk])
        (texts,) = cursor.fetchone()
        cursor.execute("SELECT name FROM casefiles_casefileentry WHERE kind = 'suspect'")
        (name,) = cursor.fetchone()
    assert "Craiova" not in texts and "Popescu" not in name


def test_the_police_link_only_cases_they_take_part_in(case_file, investigator, demo_directory):
    other = UserFactory(organisation=Organisation.objects.get(slug="payoke"), role=Role.CASEWORKER)
    foreign = case_open(actor=other, opened_via="partner", legal_basis="consent")
    with pytest.raises(PermissionDeniedError):
        case_file_link_case(case_file=case_file, actor=investigator, case=foreign)
    assert not case_file.victim_cases.exists()


def test_bad_entries_are_refused_and_write_nothing(case_file, investigator):
    with pytest.raises(ValidationFailedError) as error:
        entry_add(
            case_file=case_file, actor=investigator, kind="measure", category="search", date="10/03/2026"
        )
    assert error.value.field == "date"
    with pytest.raises(ValidationFailedError) as error:
        entry_add(case_file=case_file, actor=investigator, kind="asset", category="vehicle", amount_eur="-5")
    assert error.value.field == "amount_eur"
    with pytest.raises(ValidationFailedError) as error:
        entry_add(case_file=case_file, actor=investigator, kind="asset", category="yacht")
    assert error.value.field == "category"
    with pytest.raises(ValidationFailedError):
        case_file_update(case_file=case_file, actor=investigator, texts={"motive": "x"})
    assert not CaseFileEntry.objects.exists()


def test_entries_are_numbered_per_list_and_removal_needs_a_reason(case_file, investigator):
    first = entry_add(case_file=case_file, actor=investigator, kind="suspect", category="recruiter")
    second = entry_add(case_file=case_file, actor=investigator, kind="suspect", category="exploiter")
    measure = entry_add(
        case_file=case_file, actor=investigator, kind="measure", category="arrest", date="2026-03-11"
    )
    assert (first.number, second.number, measure.number) == (1, 2, 1)
    with pytest.raises(ValidationFailedError):
        entry_remove(entry=first, actor=investigator, reason=" ")
    entry_remove(entry=first, actor=investigator, reason="Same person as no. 2")
    assert list(case_file.entries.filter(kind="suspect").values_list("number", flat=True)) == [2]


def test_the_pdf_has_a_table_of_contents_and_every_section(case_file, investigator, victim_case):
    case_file = _fill(case_file, investigator, victim_case)
    with translation.override("en"):
        content = case_file_pdf(build_document(case_file))
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    text = " ".join(pages)
    assert "Contents" in pages[0]
    for number, section in enumerate(SECTIONS, start=1):
        assert f"{number}. {section.title}" in pages[0]  # the contents lists every section
        assert text.count(f"{number}. {section.title}") >= 2  # and the section is there
    text = " ".join(text.split())
    assert "Twelve-hour days" in text and "Ion Popescu" in text and "Search warrant 26/114" in text
    assert case_file.reference in text


def test_the_pdf_is_in_the_readers_language(case_file):
    with translation.override("fr"):
        content = case_file_pdf(build_document(case_file))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Table des matières" in text
    assert "Origine et premières informations" in text


def test_the_docx_has_a_toc_field_headings_and_the_lists(case_file, investigator, victim_case):
    case_file = _fill(case_file, investigator, victim_case)
    with translation.override("en"):
        content = case_file_docx(build_document(case_file))
    docx = Document(io.BytesIO(content))
    headings = [p.text for p in docx.paragraphs if p.style.name.startswith("Heading")]
    for number, section in enumerate(SECTIONS, start=1):
        assert f"{number}. {section.title}" in headings
    assert 'TOC \\o "1-1"' in docx.element.xml
    texts = [p.text for p in docx.paragraphs]
    assert "1. Origin and first information" in texts  # the contents' current result
    cells = [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
    assert "Ion Popescu" in cells and "Recruiter" in cells and "Evidence room Brussels, shelf 4" in cells


def test_submitting_tells_the_magistrates_office_without_content(case_file, investigator, magistrate, office):
    case_file_set_status(case_file=case_file, actor=investigator, status="submitted")
    message = OutboxMessage.objects.get(topic="casefile.submitted", recipient="mag@justice.example")
    assert message.organisation == office
    assert message.payload["reference"] == case_file.reference
    assert "Scaffold" not in str(message.payload)
    assert CaseFile.objects.get(pk=case_file.pk).submitted_at is not None


def test_who_writes_and_who_reads(
    case_file, investigator, magistrate, victim_case, signed_in, demo_directory
):
    case_file = _fill(case_file, investigator, victim_case)
    detail = reverse("casefiles:detail", kwargs={"file_uuid": case_file.uuid})
    pdf = reverse("casefiles:export", kwargs={"file_uuid": case_file.uuid, "fmt": "pdf"})
    section = reverse("casefiles:section", kwargs={"file_uuid": case_file.uuid, "section": "conclusions"})

    writer = signed_in(investigator)
    assert writer.get(detail).status_code == 200
    assert writer.post(section, {"conclusions-conclusions": "Revised."}).status_code == 302

    reader = signed_in(magistrate)
    page = reader.get(detail)
    assert page.status_code == 200 and "Revised." in page.content.decode()
    assert reader.get(pdf).status_code == 200
    assert reader.get(section).status_code == 404
    assert reader.post(detail, {"action": "closed"}).status_code == 404
    assert IdentityAccess.objects.filter(actor=magistrate, purpose="export").exists()

    analyst = UserFactory(organisation=investigator.organisation, role=Role.ANALYST)
    assert signed_in(analyst).get(detail).status_code == 200
    assert signed_in(analyst).get(section).status_code == 404
    for outsider in (
        UserFactory(organisation=Organisation.objects.get(slug="fjp-thb-antwerpen"), role=Role.INVESTIGATOR),
        UserFactory(organisation=Organisation.objects.get(slug="prosecutor-antwerpen"), role=Role.MAGISTRATE),
        UserFactory(organisation=Organisation.objects.get(slug="pag-asa"), role=Role.CASEWORKER),
        UserFactory(organisation=investigator.organisation, role=Role.OPERATOR),
    ):
        client = signed_in(outsider)
        assert client.get(detail).status_code == 404, outsider.role
        assert client.get(pdf).status_code == 404, outsider.role


def test_pages_write_sections_and_entries(case_file, investigator, signed_in):
    client = signed_in(investigator)
    new = reverse("casefiles:entry-new", kwargs={"file_uuid": case_file.uuid, "kind": "measure"})
    refused = client.post(new, {"entry-measure-category": "phone_tap", "entry-measure-date": "not a date"})
    assert refused.status_code == 422 and not CaseFileEntry.objects.exists()
    response = client.post(
        new,
        {
            "entry-measure-category": "phone_tap",
            "entry-measure-date": "2026-02-01",
            "entry-measure-reference": "Order 26/9 (art. 90ter CCP)",
        },
    )
    assert response.status_code == 302
    entry = CaseFileEntry.objects.get()
    assert (entry.category, entry.reference) == ("phone_tap", "Order 26/9 (art. 90ter CCP)")
    edit = reverse("casefiles:edit", kwargs={"file_uuid": case_file.uuid})
    office = case_file.magistrate_office
    response = client.post(
        edit,
        {"title": "Operation Scaffold", "magistrate_office": office.pk, "estimated_proceeds_eur": "1200.50"},
    )
    assert response.status_code == 302
    assert CaseFile.objects.get(pk=case_file.pk).estimated_proceeds_eur == Decimal("1200.50")
    docx = client.get(reverse("casefiles:export", kwargs={"file_uuid": case_file.uuid, "fmt": "docx"}))
    assert docx.status_code == 200 and docx["Content-Disposition"].endswith('.docx"')
    assert docx.content[:2] == b"PK"
