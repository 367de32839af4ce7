"""A campaign in a real browser (Playwright driving Debian's Chromium): the coordinator creates it in Dutch
and adds a poster; someone scans its Romanian QR code on a phone, lands on the hotline page in Romanian and
writes a report; the campaign's page then counts it. With ``THB_SCREENSHOTS=<dir>`` the pages are saved
under ``<dir>/campaigns/`` — the screenshots of docs/coordination.md (``make screenshots``)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from thb.campaigns.models import Campaign
from thb.core.models import OrganisationKind
from thb.core.roles import Role
from thb.core.tests.factories import OrganisationFactory, UserFactory
from thb.hotline.models import Contact

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_campaign_from_its_creation_to_the_report_it_brings(as_user, browser, live_server, shot, tmp_path):
    OrganisationFactory(slug="hotline", kind=OrganisationKind.HOTLINE)
    cell = OrganisationFactory(kind=OrganisationKind.COORDINATION_CELL)
    coordinator = UserFactory(organisation=cell, role=Role.COORDINATOR)
    page = as_user(coordinator, "nl")
    page.goto(f"{live_server.url}/nl/staff/campaigns/new/")
    page.fill("#id_name_nl", "Seizoenarbeid: je hebt rechten")
    page.fill("#id_name_fr", "Travail saisonnier : vous avez des droits")
    page.fill("#id_message_nl", "Niemand mag je paspoort houden.")
    page.check("input[name=target_groups][value=seasonal_workers]")
    page.check("input[name=sectors][value=agriculture]")
    for language in ("nl", "fr", "ro", "bg"):
        page.check(f"input[name=languages][value={language}]")
    page.select_option("#id_default_language", "nl")
    page.check("input[name=channels][value=leaflets]")
    page.check("input[name=channels][value=social_media]")
    page.check("input[name=departments][value=employment]")
    page.fill("#id_starts_on", "2026-06-01")
    page.fill("#id_ends_on", "2026-09-30")
    shot(page, "edit")
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url(re.compile(r"/nl/staff/campaigns/[0-9a-f-]{36}/$"))
    campaign = Campaign.objects.get()
    expect(page.locator("h1")).to_contain_text("Seizoenarbeid: je hebt rechten")
    expect(page.get_by_text(f"/c/{campaign.code}/ro")).to_be_visible()

    poster = tmp_path / "affiche-ro.pdf"
    poster.write_bytes(PDF)
    page.fill("#id_title", "Afiș A3")
    page.select_option("#id_language", "ro")
    page.select_option("#id_kind", "poster")
    page.set_input_files("#id_file", str(poster))
    page.locator("form[enctype] button[type=submit]").click()
    expect(page.get_by_role("link", name="affiche-ro.pdf")).to_be_visible()

    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="ro", is_mobile=True)
    try:
        reporter = phone.new_page()
        reporter.goto(f"{live_server.url}/c/{campaign.code}/ro")
        reporter.wait_for_url(re.compile(rf"/ro/\?c={campaign.code}$"))
        expect(reporter.locator("html")).to_have_attribute("lang", "ro")
        shot(reporter, "public-phone")
        reporter.locator(f"a[href='/ro/report/?c={campaign.code}'].button").click()
        reporter.fill(
            "#id_text", "Lucrez la cules de căpșuni, patronul mi-a luat pașaportul și nu mă plătește."
        )
        reporter.get_by_role("button", name="Trimiteți sesizarea").click()
        expect(reporter.get_by_text(re.compile(r"\d{4}-\d{4}-\d{4}-\d{4}"))).to_be_visible()
    finally:
        phone.close()

    contact = Contact.objects.get()
    assert contact.campaign_code == campaign.code
    assert contact.language == "ro"
    page.reload()
    charts = page.locator("figure.chart img")
    expect(charts).to_have_count(5)
    page.wait_for_function(
        "Array.from(document.images).every(image => image.complete && image.naturalWidth > 0)"
    )
    page.locator("details summary").first.click()
    expect(page.locator("figure.chart + details table caption").first).to_be_visible()
    shot(page, "detail")
    charts.nth(1).scroll_into_view_if_needed()
    shot(page, "charts")
    with page.expect_download() as qr:
        page.locator("a[href$='/qr-ro.png']").click()
    assert qr.value.suggested_filename == f"campaign-{campaign.code}-ro.png"
