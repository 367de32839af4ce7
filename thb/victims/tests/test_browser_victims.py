"""Issue 6 in a real browser (Playwright driving Debian's Chromium): a caseworker assesses the ILO/EC
indicators, reads the signal and dispatches the case under the procedure; an investigator reads the case
file's completeness and exports it; a coordinator opens a hearing guide's editor.

With ``THB_SCREENSHOTS=<dir>`` the journey also saves the pages it passes as PNG files under
``<dir>/victims/`` — the screenshots of ``docs/victims.md`` come from this run (``make screenshots``)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from thb.casefiles.services import case_file_link_case, case_file_open
from thb.core.models import Organisation
from thb.core.roles import Role
from thb.core.tests.factories import UserFactory
from thb.dispatch.models import Referral
from thb.dispatch.services.procedures import procedure_install_default
from thb.victims.hearings import load_hearing_guides
from thb.victims.services import case_open, case_share

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SIGNAL = ["AL-DR-01", "AL-DR-02", "AL-EC-01", "AL-EC-02", "AL-CD-01", "AL-CD-02"]


@pytest.fixture
def world(demo_directory):
    procedure_install_default()
    load_hearing_guides()
    worker = UserFactory(organisation=Organisation.objects.get(slug="pag-asa"), role=Role.CASEWORKER)
    case = case_open(
        actor=worker,
        opened_via="partner",
        legal_basis="consent",
        exploitation=["labour"],
        sector="construction",
        age_band="25_34",
        languages=["ro"],
        nationalities=["RO"],
        places="Anderlecht, building site",
    )
    return worker, case


def test_a_caseworker_assesses_reads_the_signal_and_dispatches(world, as_user, live_server, shot):
    worker, case = world
    page = as_user(worker)
    base = f"{live_server.url}/en/staff/cases/{case.uuid}/"
    page.goto(f"{base}assess/?list=adult_labour")
    assert page.get_by_role("group", name="Deceptive recruitment").is_visible()
    for indicator in SIGNAL:
        page.check(f"#i-{indicator}")
    page.fill("#n-AL-CD-01", "Passport kept by the foreman")
    shot(page, "assessment-form")
    page.get_by_role("button", name="Score and save").click()
    page.wait_for_url(base)
    assert "Assessment saved: signal of trafficking." in page.content()
    shot(page, "case")
    page.get_by_role("link", name="Dispatch under the procedure").click()
    page.fill("#id_postcode", "1070")
    page.get_by_role("button", name="Propose again with these answers").click()
    page.wait_for_url("**postcode=1070**")
    expect(page.get_by_text("ecosoc-brussels").first).to_be_visible()
    shot(page, "case-dispatch")
    page.get_by_role("button", name="Send the referrals").click()
    page.wait_for_url(base)
    assert set(Referral.objects.filter(case=case).values_list("organisation__slug", flat=True)) == {
        "ecosoc-brussels",
        "labour-auditor-brussels",
    }


def test_an_investigator_reads_what_is_missing_and_exports_the_file(world, as_user, live_server, shot):
    _, case = world
    police = Organisation.objects.get(slug="fjp-thb-brussels")
    investigator = UserFactory(organisation=police, role=Role.INVESTIGATOR)
    case_share(
        case=case,
        actor=world[0],
        organisation=police,
        legal_basis="consent",
        reason="The person filed a complaint",
    )
    case_file = case_file_open(
        actor=investigator,
        title="Operation Scaffold",
        magistrate_office=Organisation.objects.get(slug="prosecutor-brussels"),
        police_reference="BR.12.L3.000123/26",
    )
    case_file_link_case(case_file=case_file, actor=investigator, case=case)
    page = as_user(investigator)
    page.goto(f"{live_server.url}/en/staff/casefiles/{case_file.uuid}/")
    assert page.get_by_role("heading", name="Completeness").is_visible()
    assert page.get_by_text(f"{case.pseudonym}: no completed hearing.").is_visible()
    shot(page, "case-file")
    page.get_by_role("link", name="Write “Conclusions for the magistrate”").click()
    page.fill("#id_conclusions-conclusions", "Trafficking for labour exploitation is established.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Trafficking for labour exploitation is established.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Export as PDF").click()
    assert download.value.suggested_filename == f"{case_file.reference}-en.pdf"


def test_a_coordinator_opens_the_hearing_guide_editor(world, as_user, live_server, shot):
    coordinator = UserFactory(
        organisation=Organisation.objects.get(slug="coordination-cell"), role=Role.COORDINATOR
    )
    page = as_user(coordinator)
    page.goto(f"{live_server.url}/en/staff/cases/guides/labour/")
    assert page.get_by_role("heading", name="Write a new version").is_visible()
    assert "slug: labour" in page.locator("#source").input_value()
    shot(page, "hearing-guide")
