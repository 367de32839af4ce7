"""Journey 3 of issue 11 §1, in a real browser (Playwright driving Debian's Chromium): two FCCU officers
and a magistrate take a domain from its report to a published release (four eyes, the magistrate's
order); an ISP's engineer downloads the release and confirms its deployment; the stop page shows in Dutch.
With ``THB_SCREENSHOTS=<dir>`` the pages are saved under ``<dir>/blocking/`` (docs/guide-blocking.md)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thb.blocking.models import BlockEntry, Release, ReleaseAck
from thb.blocking.reference import load_protected_domains
from thb.core.models import Organisation
from thb.core.roles import Role
from thb.core.tests.factories import UserFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

DOMAIN = "journey-abuse.example"


def test_a_domain_from_report_to_release_to_the_isp_and_the_dutch_stop_page(
    demo_directory, as_user, browser, live_server, shot
):
    load_protected_domains()
    fccu = Organisation.objects.get(slug="fccu")
    first = UserFactory(organisation=fccu, role=Role.BLOCKLIST_OFFICER)
    second = UserFactory(organisation=fccu, role=Role.BLOCKLIST_OFFICER)
    magistrate = UserFactory(
        organisation=Organisation.objects.get(slug="prosecutor-brussels"), role=Role.MAGISTRATE
    )
    engineer = UserFactory(
        organisation=Organisation.objects.get(slug="isp-demonet-alpha"), role=Role.ISP_ENGINEER
    )

    officer = as_user(first)
    officer.goto(f"{live_server.url}/en/staff/blocking/")
    officer.fill("#id_domain", DOMAIN)
    officer.fill("#id_report_reference", "HOTLINE-2026-0412")
    officer.get_by_role("button", name="Report the domain").click()
    officer.wait_for_url(re.compile(r"/en/staff/blocking/entries/[0-9a-f-]{36}/$"))
    entry_url = officer.url
    officer.get_by_role("button", name="Start the assessment").click()
    officer.fill("#id_verified_online_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    officer.select_option("#id_apparent_age_under_13", "true")
    officer.locator("#id_severity").select_option(index=0)
    officer.get_by_role("button", name="Verify").click()
    expect(officer.get_by_text("You verified it: another officer must confirm it.")).to_be_visible()
    shot(officer, "verified")

    colleague = as_user(second)
    colleague.goto(entry_url)
    colleague.get_by_role("button", name="Confirm (second officer)").click()
    expect(colleague.locator("p.message-success").first).to_be_visible()

    judge = as_user(magistrate)
    judge.goto(entry_url)
    judge.fill("#id_order_reference", "ORD-BXL-2026-88")
    shot(judge, "magistrate-order")
    judge.get_by_role("button", name="Approve").click()
    expect(judge.locator("p.message-success").first).to_be_visible()
    assert BlockEntry.objects.get(domain=DOMAIN).status == "approved"

    officer.goto(f"{live_server.url}/en/staff/blocking/releases/")
    officer.get_by_role("button", name="Build, validate, sign and publish").click()
    expect(officer.locator("p.message-success").first).to_be_visible()
    release = Release.objects.order_by("-serial").first()
    assert release is not None
    assert BlockEntry.objects.get(domain=DOMAIN).status == "published"
    shot(officer, "release")

    isp = as_user(engineer)
    isp.goto(f"{live_server.url}/en/staff/blocking/isp/")
    zone = isp.request.get(f"{live_server.url}/api/v1/blocklist/releases/{release.serial}/rpz")
    assert zone.ok and DOMAIN in zone.text()
    isp.get_by_role("button", name="Confirm deployment").first.click()
    expect(isp.locator("p.message-success").first).to_be_visible()
    assert ReleaseAck.objects.filter(release=release, organisation=engineer.organisation).exists()
    shot(isp, "isp-deployed")

    anonymous = browser.new_context(locale="nl")  # a Belgian internet user sent there by the resolver
    visitor = anonymous.new_page()
    visitor.goto(f"{live_server.url}/nl/stop/")
    expect(visitor.locator("html")).to_have_attribute("lang", "nl")
    expect(visitor.locator("h1")).to_have_text("Deze website is geblokkeerd")
    shot(visitor, "stop-nl")
    anonymous.close()
