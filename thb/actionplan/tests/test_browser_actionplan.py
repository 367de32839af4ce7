"""The action-plan tracker in a real browser (Playwright driving Debian's Chromium): a coordinator reads the
dashboard, records progress with its evidence on a point and downloads the report for the Council of
Ministers. With ``THB_SCREENSHOTS=<dir>`` the pages are saved under ``<dir>/actionplan/`` — the screenshots
of docs/coordination.md (``make screenshots``)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from thb.actionplan.loader import load_plan
from thb.actionplan.models import ActionPoint
from thb.core.roles import Role
from thb.core.tests.factories import UserFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_records_progress_and_downloads_the_report(organisation, as_user, live_server, shot):
    load_plan()
    coordinator = UserFactory(organisation=organisation, role=Role.COORDINATOR)
    page = as_user(coordinator)
    page.goto(f"{live_server.url}/en/staff/actionplan/")
    expect(page.get_by_role("link", name="P5. Blocking of child sexual abuse websites")).to_be_visible()
    shot(page, "dashboard")
    page.get_by_role("link", name="P5. Blocking of child sexual abuse websites").click()
    page.select_option("#id_status", "done")
    page.fill("#id_note", "The FCCU publishes signed releases; ISPs load them into their resolvers.")
    page.fill("#id_evidence", "Release 2026112901, docs/blocking.md")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Progress recorded.")).to_be_visible()
    shot(page, "point")
    assert ActionPoint.objects.get(code="P5").status == "done"
    page.goto(f"{live_server.url}/en/staff/actionplan/")
    with page.expect_download() as report:
        page.get_by_role("link", name="Progress report (PDF)").click()
    assert report.value.suggested_filename.startswith("thb-2008-progress-")
