"""Children's travel documents in a real browser (Playwright driving Debian's Chromium), in French: a
civil-registry clerk of Brussels reads the directive, records three parental travel authorisations naming
the same adult for children of three families, and lands on the alert, sent to Child Focus and the police;
the coordinator reads the rules in German. With ``THB_SCREENSHOTS=<dir>`` the pages are saved under
``<dir>/childprotection/`` — the screenshots of docs/coordination.md (``make screenshots``)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thb.childprotection.models import TravelAlert
from thb.childprotection.scenario import national_number
from thb.core.models import Organisation, OrganisationKind
from thb.core.roles import Role
from thb.core.tests.factories import OrganisationFactory, UserFactory
from thb.dispatch.services.procedures import procedure_install_default

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_clerk_records_three_authorisations_and_the_alert_goes_out(
    demo_directory, as_user, live_server, shot
):
    procedure_install_default()
    clerk = UserFactory(
        organisation=Organisation.objects.get(slug="civil-registry-brussels"), role=Role.REGISTRY_CLERK
    )
    today = timezone.localdate()
    adult = national_number(datetime.date(1991, 6, 3), 17)
    page = as_user(clerk, "fr")
    page.goto(f"{live_server.url}/fr/staff/childprotection/directive/")
    expect(page.locator("h1")).to_contain_text("état civil")
    expect(page.locator("article")).to_contain_text("90")
    shot(page, "directive")
    for index in range(3):
        page.goto(f"{live_server.url}/fr/staff/childprotection/events/new/")
        page.select_option("#id_kind", "travel_authorisation")
        page.fill("#id_occurred_on", (today - datetime.timedelta(days=20 - 5 * index)).isoformat())
        page.fill("#id_postcode", "1000")
        page.fill("#id_child_number", national_number(today.replace(year=today.year - 7 - index), 30 + index))
        page.fill("#id_parent_number_1", national_number(datetime.date(1984, 2, 10 + index), 40 + index))
        page.fill("#id_street", "Rue Haute")
        page.fill("#id_house_number", str(100 + index))
        page.fill("#id_address_postcode", "1000")
        page.fill("#id_adult_number", adult)
        page.select_option("#id_adult_relation", "other")
        page.fill("#id_destination", "GB")
        if index == 0:
            shot(page, "event-form")
        page.locator("form.stacked button[type=submit]").click()
        if index < 2:
            page.wait_for_url(re.compile(r"/fr/staff/childprotection/$"))
    page.wait_for_url(re.compile(r"/fr/staff/childprotection/alerts/[0-9a-f-]{36}/$"))
    alert = TravelAlert.objects.get()
    expect(page.locator("p.lead")).to_contain_text("3")
    expect(page.get_by_text("Child Focus")).to_be_visible()
    expect(page.locator("table.data").first).to_contain_text("PJF Bruxelles")
    assert alert.contact is not None
    shot(page, "alert")

    coordinator = UserFactory(
        organisation=OrganisationFactory(kind=OrganisationKind.COORDINATION_CELL), role=Role.COORDINATOR
    )
    rules = as_user(coordinator, "de")
    rules.goto(f"{live_server.url}/de/staff/childprotection/rules/")
    rules.fill("#id_repeated_loss-threshold", "3")
    rules.locator("section", has=rules.locator("#id_repeated_loss-threshold")).locator("button").click()
    rules.wait_for_url(re.compile(r"/de/staff/childprotection/rules/$"))
    expect(rules.locator("#id_repeated_loss-threshold")).to_have_value("3")
    shot(rules, "rules")
