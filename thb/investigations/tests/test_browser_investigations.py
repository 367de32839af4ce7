"""Issue 8 in a real browser (Playwright driving Debian's Chromium): an investigator imports two files
(mapping the columns of one), reviews a match, draws the link chart, saves it as PNG, exports the network,
estimates the proceeds and downloads the financial report. With ``THB_SCREENSHOTS=<dir>`` the pages are
saved under ``<dir>/investigations/`` — the screenshots of docs/investigations.md (``make screenshots``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from thb.core.models import Organisation
from thb.core.roles import Role
from thb.core.tests.factories import UserFactory
from thb.investigations.models import MatchCandidate, MatchStatus
from thb.investigations.scenario import FILES, import_scenario
from thb.investigations.services import entity_record, investigation_open

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CONTENT = {filename: (kind, text) for kind, filename, text in FILES}


@pytest.fixture
def world(demo_directory, tmp_path):
    investigator = UserFactory(
        organisation=Organisation.objects.get(slug="fjp-thb-brussels"), role=Role.INVESTIGATOR
    )
    office = Organisation.objects.get(slug="prosecutor-brussels")
    scaffold = investigation_open(actor=investigator, title="Operation Scaffold", magistrate_office=office)
    ladder = investigation_open(actor=investigator, title="Operation Ladder", magistrate_office=office)
    entity_record(
        investigation=ladder,
        actor=investigator,
        schema="Person",
        values={"name": "Ion POPESCU", "phone": "0470 11 10 01", "birthDate": "14/05/1979"},
        document="PV BR.12.L3.004455/26",
    )
    files = {}
    for name in ("bank-requisition-2026-01.csv", "money-transfers-2026-01.csv"):
        files[name] = tmp_path / name
        files[name].write_text(CONTENT[name][1].replace("sender_phone", "tel_sender"), encoding="utf-8")
    return investigator, scaffold, files


def test_an_investigator_imports_reviews_a_match_draws_and_exports(
    world, as_user, live_server, shot, tmp_path
):
    investigator, scaffold, files = world
    page = as_user(investigator)
    base = f"{live_server.url}/en/staff/investigations/{scaffold.uuid}/"
    # 1. A bank file whose columns are named as the platform expects: upload, check the preview, import.
    page.goto(f"{base}import/")
    page.select_option("#id_kind", "bank")
    page.set_input_files("#id_file", str(files["bank-requisition-2026-01.csv"]))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", name="Columns of the file")).to_be_visible()
    expect(page.get_by_text("BE48001123456727").first).to_be_visible()
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("bank-requisition-2026-01.csv imported: 7 rows")).to_be_visible()
    # 2. A money-transfer file with a column named otherwise: the investigator maps it, saves the mapping.
    page.goto(f"{base}import/")
    page.select_option("#id_kind", "money_transfer")
    page.set_input_files("#id_file", str(files["money-transfers-2026-01.csv"]))
    page.get_by_role("button", name="Upload").click()
    page.select_option("#id_slot_sender_phone", "tel_sender")
    page.fill("#id_save_as", "MoneyFast export")
    shot(page, "import-columns")
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("money-transfers-2026-01.csv imported: 5 rows")).to_be_visible()
    # 3. Matching finds Ion Popescu of Operation Ladder by his phone; the investigator confirms.
    page.goto(f"{base}matches/")
    page.get_by_role("button", name="Run matching now").click()
    expect(page.get_by_text("Ion Popescu ↔ Ion POPESCU")).to_be_visible()
    shot(page, "match-review")
    page.get_by_role("button", name="Same", exact=True).first.click()
    expect(page.get_by_text("Decision saved.")).to_be_visible()
    assert MatchCandidate.objects.filter(status=MatchStatus.MATCH).count() == 1
    # 4. The rest of the generated files, then the network: the chart draws, saves as PNG; GEXF export.
    import_scenario(investigation=scaffold, actor=investigator)
    page.goto(f"{base}network/")
    page.wait_for_function("() => Number(document.getElementById('link-chart').dataset.nodes || 0) > 20")
    expect(page.locator("#timeline-body tr").first).to_be_visible()
    shot(page, "network")
    with page.expect_download() as png:
        page.get_by_role("button", name="Save as PNG").click()
    saved = tmp_path / "chart.png"
    png.value.save_as(saved)
    assert saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and saved.stat().st_size > 10_000
    page.select_option("#chart-focus", label="Marc Dubois (Person)")
    page.fill("#chart-hops", "1")
    page.get_by_role("button", name="Show").click()
    page.wait_for_function("() => Number(document.getElementById('link-chart').dataset.nodes || 0) < 10")
    shot(page, "network-focus")
    with page.expect_download() as gexf:
        page.get_by_role("link", name="GEXF (Gephi)").click()
    assert gexf.value.suggested_filename == f"{scaffold.reference}.gexf"
    assert Path(gexf.value.path()).read_text(encoding="utf-8").startswith("<gexf")
    # 5. The money: one structuring alert; an estimate of unpaid wages; the financial report.
    page.goto(f"{base}money/")
    expect(page.get_by_text("Ion Popescu → Elena Popescu")).to_be_visible()
    page.select_option("#id_method", "unpaid_wages")
    for field, value in (("workers", "5"), ("days", "40"), ("daily_wage_due", "120"), ("wages_paid", "6000")):
        page.fill(f"#id_{field}", value)
    page.get_by_role("button", name="Compute and save").click()
    expect(page.get_by_text("= € 18,000.00").first).to_be_visible()
    page.locator("#alerts").scroll_into_view_if_needed()
    shot(page, "money")
    with page.expect_download() as report:
        page.get_by_role("link", name="Financial-investigation report (PDF)").click()
    assert report.value.suggested_filename == f"{scaffold.reference}-financial.pdf"
