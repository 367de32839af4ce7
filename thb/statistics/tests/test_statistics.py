"""Statistics (issue 9 §4): the dashboards, the exports (CSV, XLSX, the annual report PDF, the HTCDS/CTDC
records) — and that no export reveals a small cell, directly or by subtraction from totals."""

from __future__ import annotations

import csv
import datetime
import io
from collections import Counter, defaultdict

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from thb.core.models import AuditEvent, Organisation, OrganisationKind
from thb.core.roles import Role
from thb.core.tests.access_matrix import assert_access_matrix, client_with_second_factor
from thb.core.tests.factories import OrganisationFactory, UserFactory
from thb.dispatch.models import Referral
from thb.hotline.models import Contact
from thb.hotline.services.console import contact_log_call
from thb.statistics.htcds import QUASI_IDENTIFIERS, case_row, k_anonymise
from thb.victims.models import VictimCase
from thb.victims.services import case_open

pytestmark = pytest.mark.django_db

LIMIT = 5


@pytest.fixture
def world(demo_directory):
    hotline = Organisation.objects.get(slug="hotline")
    operator = UserFactory(organisation=hotline, role=Role.OPERATOR)
    # languages: fr 12, nl 9, ro 3, ar 1 (two small cells), vi 6
    for language, count, sector, postcode in [
        ("fr", 12, "construction", "1000"),
        ("nl", 9, "hospitality", "2000"),
        ("ro", 3, "agriculture", "2000"),
        ("ar", 1, "domestic_work", "4000"),
        ("vi", 6, "beauty", "4000"),
    ]:
        for _ in range(count):
            contact_log_call(
                actor=operator, language=language, signal_type="tip", sector=sector, postcode=postcode
            )
    worker = UserFactory(organisation=Organisation.objects.get(slug="pag-asa"), role=Role.CASEWORKER)
    profiles = (
        [("RO", "female", "25_34", ["sexual"], "prostitution")] * 7
        + [("RO", "male", "35_49", ["labour"], "construction")] * 6
        + [("VN", "male", "16_17", ["labour", "forced_crime"], "beauty")] * 2
        + [("NG", "female", "18_24", ["sexual"], "prostitution")] * 1
        + [("BR", "male", "25_34", ["labour"], "agriculture")] * 5
    )
    for nationality, gender, age, forms, sector in profiles:
        case_open(
            actor=worker,
            opened_via="partner",
            legal_basis="consent",
            nationalities=[nationality],
            gender=gender,
            age_band=age,
            exploitation=forms,
            sector=sector,
        )
    return UserFactory(
        organisation=OrganisationFactory(kind=OrganisationKind.COORDINATION_CELL), role=Role.COORDINATOR
    )


def _csv_breakdowns(content: bytes) -> dict[str, dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    assert rows, "empty export"
    figures: dict[str, dict[str, str]] = defaultdict(dict)
    for row in rows:
        figures[row["breakdown"]][row["category"]] = row["count"]
    return figures


def assert_nothing_small_or_derivable(cells: dict[str, str], total: str | None) -> None:
    """No shown count from 1 to 4; and the hidden ones, knowing the total and that each is at least 1,
    cannot be pinned to one value."""
    hidden = [key for key, value in cells.items() if value == f"<{LIMIT}"]
    for key, value in cells.items():
        if value != f"<{LIMIT}":
            assert not 0 < int(value) < LIMIT, f"{key} shows a small count {value}"
    if total is None or total == f"<{LIMIT}" or not hidden:
        return
    rest = int(total) - sum(int(value) for value in cells.values() if value != f"<{LIMIT}")
    assert len(hidden) >= 2, f"one hidden count {hidden} = {rest} by subtraction"
    assert rest - (len(hidden) - 1) > 1, f"hidden counts {hidden} are each known to be 1"


def test_the_csv_export_shows_no_small_cell_directly_or_by_subtraction(world):
    client = client_with_second_factor(world)
    response = client.get(reverse("statistics:export", args=["csv"]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    figures = _csv_breakdowns(response.content)
    languages = figures["contacts_by_language"]
    assert languages["fr"] == "12" and languages["nl"] == "9"
    assert languages["ro"] == f"<{LIMIT}" and languages["ar"] == f"<{LIMIT}"
    assert languages["total"] == "31"
    nationality = figures["victims_by_nationality"]
    assert nationality["RO"] == "13"
    assert nationality["VN"] == f"<{LIMIT}" and nationality["NG"] == f"<{LIMIT}"
    assert nationality["BR"] == f"<{LIMIT}"  # 2 + 1 < 5: Brazil's 5 is hidden too, or 21 - 13 - 5 gives 3
    for key, cells in figures.items():
        if key in ("time_to_acknowledge", "blocking"):
            continue
        total = cells.pop("total", None)
        assert_nothing_small_or_derivable(cells, total)
    assert AuditEvent.objects.filter(action="statistics.export", changes__format="csv").exists()


def test_the_xlsx_export_holds_no_small_number(world):
    client = client_with_second_factor(world)
    workbook = load_workbook(io.BytesIO(client.get(reverse("statistics:export", args=["xlsx"])).content))

    assert {"contacts", "referrals", "victims", "residence", "blocking"} <= set(workbook.sheetnames)
    for name in ("contacts", "victims", "residence"):
        numbers = [
            cell.value
            for row in workbook[name].iter_rows(min_col=2, max_col=2)
            for cell in row
            if isinstance(cell.value, int)
        ]
        assert numbers, name
        assert not any(0 < number < LIMIT for number in numbers), name
    texts = [cell.value for row in workbook["contacts"].iter_rows() for cell in row]
    assert f"<{LIMIT}" in texts


def test_the_annual_report_is_a_pdf_with_the_suppressed_figures(world):
    client = client_with_second_factor(world)
    response = client.get(reverse("statistics:export", args=["pdf"]) + "?year=2026")

    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "the platform's figures" in text
    assert "By language" in text and f"<{LIMIT}" in text


def test_the_htcds_export_is_k_anonymous_and_holds_no_identifier(world):
    client = client_with_second_factor(world)
    response = client.get(reverse("statistics:htcds"))

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0].keys() >= {"yearOfRegistration", "gender", "ageBroad", "citizenship", "isForcedLabour"}
    combinations = Counter(tuple(row[column] for column in QUASI_IDENTIFIERS) for row in rows)
    assert min(combinations.values()) >= LIMIT
    assert len(rows) + int(response["X-THB-Rows-Left-Out"]) == 21
    assert sum(1 for row in rows if row["citizenship"] == "RO") == 13
    content = response.content.decode()
    for reference, pseudonym in VictimCase.objects.values_list("reference", "pseudonym"):
        assert reference not in content and (not pseudonym or pseudonym not in content)
    assert AuditEvent.objects.filter(action="statistics.htcds_export").exists()


def test_a_rare_combination_is_generalised_then_left_out():
    common = [
        case_row(
            year=2026,
            gender="female",
            age_band="25_34",
            nationalities=["RO"],
            countries=[],
            exploitation=["sexual"],
            sector="prostitution",
        )
    ] * 5
    rare_nationality = [
        case_row(
            year=2026,
            gender="female",
            age_band="25_34",
            nationalities=["NG"],
            countries=[],
            exploitation=["sexual"],
            sector="",
        )
    ]
    unique = [
        case_row(
            year=2026,
            gender="other",
            age_band="50_plus",
            nationalities=["KH"],
            countries=["NL"],
            exploitation=["organ_removal"],
            sector="",
        )
    ]

    result = k_anonymise(common + rare_nationality + unique, 5)

    assert result.left_out == 2
    assert all(row["citizenship"] == "RO" for row in result.rows)
    assert len(result.rows) == 5


def test_a_case_row_maps_forms_and_sectors_to_ctdc():
    row = case_row(
        year=2025,
        gender="male",
        age_band="16_17",
        nationalities=["vn"],
        countries=[],
        exploitation=["labour", "forced_crime"],
        sector="beauty",
    )

    assert (row["gender"], row["ageBroad"], row["majorityStatus"], row["citizenship"]) == (
        "Male",
        "9--17",
        "Minor",
        "VN",
    )
    assert (row["isForcedLabour"], row["isSexualExploit"], row["typeOfLabourIllicitActivities"]) == (
        "1",
        "0",
        "1",
    )
    assert row["typeOfSexProstitution"] == "-99"
    assert row["CountryOfExploitation"] == "BE"


def test_the_dashboard_shows_every_section_with_charts(world):
    client = client_with_second_factor(world)
    page = client.get(reverse("statistics:dashboard")).content.decode()

    for title in (
        "Hotline contacts",
        "Referrals to partners",
        "Victims (cases opened)",
        "Residence procedures (today)",
        "Blocking list (today)",
    ):
        assert title in page
    assert "/staff/statistics/chart/contacts_by_language.svg?start=" in page
    chart = client.get(reverse("statistics:chart", args=["victims_by_nationality", "svg"]))
    assert chart["Content-Type"] == "image/svg+xml"
    assert "Roumanie" not in chart.content.decode() and "Romania" in chart.content.decode()
    assert client.get(reverse("statistics:chart", args=["victims_by_names", "svg"])).status_code == 404
    bad = client.get(reverse("statistics:dashboard") + "?start=2026-12-01&end=2026-01-01")
    assert bad.status_code == 422


def test_access_matrix(db):
    readers = [Role.SUPERVISOR, Role.ANALYST, Role.COORDINATOR]
    for url in (
        reverse("statistics:dashboard"),
        reverse("statistics:export", args=["csv"]),
        reverse("statistics:htcds"),
        reverse("statistics:chart", args=["contacts_by_channel", "svg"]),
    ):
        assert_access_matrix(url, allowed_roles=readers, cross_organisation=False)


def test_time_to_acknowledge_is_a_median_shown_only_on_enough_referrals(world):
    contacts = list(Contact.objects.all()[:7])
    centre = Organisation.objects.get(slug="pag-asa")
    police = Organisation.objects.get(slug="fjp-thb-brussels")
    now = timezone.now()
    for index, contact in enumerate(contacts[:6]):
        Referral.objects.create(
            organisation=centre,
            source_organisation=contact.organisation,
            contact=contact,
            partner_kind=centre.kind,
            legal_basis="consent",
            disclosure_profile="centre",
            ack_within_hours=24,
            status="acknowledged",
            sent_at=now - datetime.timedelta(hours=30),
            ack_due_at=now - datetime.timedelta(hours=6),
            acknowledged_at=now - datetime.timedelta(hours=30 - 2 * (index + 1)),  # 2, 4, … 12 hours
        )
    Referral.objects.create(
        organisation=police,
        source_organisation=contacts[6].organisation,
        contact=contacts[6],
        partner_kind=police.kind,
        legal_basis="consent",
        disclosure_profile="police",
        ack_within_hours=24,
        status="acknowledged",
        sent_at=now - datetime.timedelta(hours=3),
        acknowledged_at=now - datetime.timedelta(hours=1),
    )
    client = client_with_second_factor(world)

    rows = list(
        csv.DictReader(io.StringIO(client.get(reverse("statistics:export", args=["csv"])).content.decode()))
    )

    measures = {
        (row["category"], row["label"]): row["count"]
        for row in rows
        if row["breakdown"] == "time_to_acknowledge"
    }
    assert measures[("Specialised reception centre", "Acknowledged referrals")] == "6"
    assert measures[("Specialised reception centre", "Median hours")] == "7.0"
    assert measures[("Specialised reception centre", "Within the deadline")] == "100 %"
    police_label = "Federal judicial police, THB section"
    assert measures[(police_label, "Acknowledged referrals")] == f"<{LIMIT}"
    assert measures[(police_label, "Median hours")] == "—"
