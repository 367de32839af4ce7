"""A district coordination meeting in a real browser (Playwright driving Debian's Chromium), in Dutch: the
reference magistrate of Antwerp plans the meeting (the district's figures attached), records the minutes
and a follow-up action for an officer of the police, who finds it on the home page and marks it done.
With ``THB_SCREENSHOTS=<dir>`` the pages are saved under ``<dir>/expertise/`` (docs/expertise.md)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thb.core.models import JudicialDistrict, Organisation
from thb.core.roles import Role
from thb.core.tests.factories import UserFactory
from thb.expertise.models import ActionStatus, DistrictMeeting, FollowUpAction

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_magistrate_holds_the_meeting_and_an_officer_follows_up(demo_directory, as_user, live_server, shot):
    magistrate = UserFactory(
        organisation=Organisation.objects.get(slug="prosecutor-antwerpen"), role=Role.MAGISTRATE
    )
    police = Organisation.objects.get(slug="fjp-thb-antwerpen")
    officer = UserFactory(
        organisation=police, role=Role.INVESTIGATOR, first_name="Lotte", last_name="Peeters"
    )
    district = JudicialDistrict.objects.get(code="antwerpen")
    page = as_user(magistrate, "nl")
    page.goto(f"{live_server.url}/nl/staff/library/meetings/new/")
    page.select_option("#id_district", str(district.pk))
    page.fill("#id_held_on", timezone.localdate().isoformat())
    page.fill("#id_place", "Justitiepaleis Antwerpen")
    page.fill("#id_agenda", "1. Rondvraag\n2. Cijfers van het arrondissement\n3. Gezamenlijke controles")
    page.check(f"input[name=participants][value='{police.pk}']")
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url(re.compile(r"/nl/staff/library/meetings/[0-9a-f-]{36}/$"))
    meeting = DistrictMeeting.objects.get()
    expect(page.locator("table.data caption").first).to_be_visible()
    page.fill("#id_minutes", "Alle partners aanwezig. Controles in carwashes gepland.")
    page.locator("form[action$='/do/minutes/'] button").click()
    expect(page.locator("p.message-success")).to_be_visible()
    page.fill("form[action$='/do/action/'] #id_text", "Drie gezamenlijke controles plannen")
    page.select_option("form[action$='/do/action/'] #id_owner", str(officer.pk))
    page.fill(
        "form[action$='/do/action/'] #id_due_on",
        (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    )
    page.locator("form[action$='/do/action/'] button").click()
    expect(page.get_by_text("Drie gezamenlijke controles plannen")).to_be_visible()
    shot(page, "meeting")
    meeting.refresh_from_db()
    assert meeting.status == "held"

    home = as_user(officer, "nl")
    home.goto(f"{live_server.url}/nl/staff/")
    expect(home.get_by_text("Drie gezamenlijke controles plannen")).to_be_visible()
    shot(home, "follow-up-home")
    home.locator("form[action$='/done/'] input[name=note]").fill("Gepland voor januari")
    home.locator("form[action$='/done/'] button").click()
    expect(home.get_by_text("Drie gezamenlijke controles plannen")).to_have_count(0)
    assert FollowUpAction.objects.get().status == ActionStatus.DONE
