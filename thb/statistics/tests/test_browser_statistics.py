"""Statistics in a real browser (Playwright driving Debian's Chromium), in French: the coordinator reads the
dashboards of the year with their charts and downloads the annual report and the records for Myria. With
``THB_SCREENSHOTS=<dir>`` the pages are saved under ``<dir>/statistics/`` — the screenshots of
docs/coordination.md (``make screenshots``)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from thb.core.models import Organisation, OrganisationKind
from thb.core.roles import Role
from thb.core.tests.factories import OrganisationFactory, UserFactory
from thb.hotline.services.console import contact_log_call
from thb.victims.services import case_open

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_reads_the_dashboards_and_downloads_the_reports(
    demo_directory, as_user, live_server, shot
):
    operator = UserFactory(organisation=Organisation.objects.get(slug="hotline"), role=Role.OPERATOR)
    for language, count, postcode in [
        ("fr", 14, "1000"),
        ("nl", 11, "2000"),
        ("ro", 7, "1000"),
        ("bg", 2, "4000"),
    ]:
        for index in range(count):
            contact_log_call(
                actor=operator,
                language=language,
                signal_type=("tip", "service_request", "information")[index % 3],
                sector=("construction", "hospitality", "domestic_work")[index % 3],
                postcode=postcode,
            )
    worker = UserFactory(organisation=Organisation.objects.get(slug="pag-asa"), role=Role.CASEWORKER)
    for index in range(12):
        case_open(
            actor=worker,
            opened_via="partner",
            legal_basis="consent",
            nationalities=[("RO", "BG", "MA")[index % 3]],
            gender=("female", "male")[index % 2],
            age_band=("18_24", "25_34", "35_49")[index % 3],
            exploitation=[("sexual", "labour")[index % 2]],
        )
    coordinator = UserFactory(
        organisation=OrganisationFactory(kind=OrganisationKind.COORDINATION_CELL), role=Role.COORDINATOR
    )
    page = as_user(coordinator, "fr")
    page.goto(f"{live_server.url}/fr/staff/statistics/")
    charts = page.locator("figure.chart img")
    expect(charts.first).to_be_visible()
    assert all(image.evaluate("image => image.naturalWidth") > 0 for image in charts.all()[:6])
    expect(page.locator("#contacts")).to_be_visible()
    shot(page, "dashboard")
    page.locator("#victims").scroll_into_view_if_needed()
    shot(page, "victims")
    with page.expect_download() as report:
        page.locator("a.button[href*='export.pdf']").click()
    assert report.value.suggested_filename.endswith(".pdf")
    with page.expect_download() as records:
        page.locator("a[href*='htcds.csv']").click()
    assert records.value.suggested_filename.startswith("thb-htcds-")
