"""The good-practice library in a real browser (Playwright driving Debian's Chromium): a caseworker of
PAG-ASA drafts an anonymised case study from a closed case in English; a colleague approves it; an
investigator of the police, in Dutch, writes a note in Markdown for the police only and finds it by a
stemmed search. With ``THB_SCREENSHOTS=<dir>`` the pages are saved under ``<dir>/expertise/`` — the
screenshots of docs/expertise.md (``make screenshots``)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from playwright.sync_api import expect

from thb.core.models import Organisation
from thb.core.roles import Role
from thb.core.tests.factories import UserFactory
from thb.expertise.models import ItemStatus, LibraryItem
from thb.victims.services import case_open, case_set_status

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_case_study_is_approved_and_a_police_note_is_found(demo_directory, as_user, live_server, shot):
    worker = UserFactory(organisation=Organisation.objects.get(slug="pag-asa"), role=Role.CASEWORKER)
    colleague = UserFactory(organisation=worker.organisation, role=Role.CASEWORKER)
    case = case_open(
        actor=worker,
        opened_via="partner",
        legal_basis="consent",
        exploitation=["labour"],
        sector="car_wash",
        age_band="18_24",
    )
    case_set_status(case=case, actor=worker, status="closed", reason="Returned home safely")

    page = as_user(worker)
    page.goto(f"{live_server.url}/en/staff/cases/{case.uuid}/")
    page.get_by_role("button", name="Draft an anonymised case study").click()
    page.wait_for_url(re.compile(r"/en/staff/library/[0-9a-f-]{36}/edit/$"))
    body = page.locator("#id_body")
    expect(body).to_contain_text("## The situation")
    body.fill(
        body.input_value().replace(
            "(To be written by the author.)", "Check the car wash's rota against the hours worked."
        )
    )
    page.fill("#id_note", "Lessons written")
    page.locator("form.stacked button[type=submit]").click()
    page.get_by_role("button", name="Send for approval").click()
    expect(page.get_by_text("Sent to a second person for approval.")).to_be_visible()
    item = LibraryItem.objects.get()
    assert item.status == ItemStatus.AWAITING_APPROVAL

    second = as_user(colleague)
    second.goto(f"{live_server.url}/en/staff/library/")
    second.get_by_role("link", name=re.compile("Case study")).first.click()
    shot(second, "case-study-approval")
    second.get_by_role("button", name="Approve and publish").click()
    expect(second.get_by_text("Approved and published.")).to_be_visible()
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED and item.approved_by == colleague

    investigator = UserFactory(
        organisation=Organisation.objects.get(slug="fjp-thb-brussels"), role=Role.INVESTIGATOR
    )
    police = as_user(investigator, "nl")
    police.goto(f"{live_server.url}/nl/staff/library/new/")
    police.select_option("#id_kind", "note")
    police.select_option("#id_language", "nl")
    police.fill("#id_title", "Verhoren van slachtoffers in carwashes")
    police.fill(
        "#id_body", "## Voor het verhoor\n\n- **tolk** regelen\n- <script>alert(1)</script> wordt tekst"
    )
    police.check("input[name=themes][value=hearings]")
    police.check("input[name=audience][value=police_federal_thb]")
    police.check("input[name=audience][value=police_local]")
    shot(police, "write")
    police.locator("form.stacked button[type=submit]").click()
    police.locator("form[action$='/publish/'] button").click()
    expect(police.locator(".markdown strong")).to_have_text("tolk")
    expect(police.locator(".markdown")).to_contain_text("<script>alert(1)</script> wordt tekst")
    shot(police, "note")
    police.goto(f"{live_server.url}/nl/staff/library/?q=slachtoffer")
    expected = "Verhoren van slachtoffers in carwashes"
    if connection.vendor == "postgresql":  # the stemmed search; SQLite matches the word as typed
        expect(police.get_by_role("link", name=expected)).to_be_visible()
    shot(police, "search")
    worker_view = as_user(worker)
    worker_view.goto(f"{live_server.url}/en/staff/library/")
    expect(worker_view.get_by_role("link", name=expected)).to_have_count(0)  # for the police only
