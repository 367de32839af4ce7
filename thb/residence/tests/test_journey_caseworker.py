"""Journey 4 of issue 11 §1, in a real browser (Playwright driving Debian's Chromium), in French: a
caseworker of PAG-ASA assesses the ILO/EC indicators of a case, opens the residence procedure (adult path,
followed by the Brussels prosecutor's office), records the request of the reflection period, and sees the
next deadline with its owner. With ``THB_SCREENSHOTS=<dir>`` the pages are saved under
``<dir>/residence/`` (docs/guide-caseworker.md)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from thb.core.models import Organisation
from thb.core.roles import Role
from thb.core.tests.factories import UserFactory
from thb.residence.models import ResidenceProcedure
from thb.victims.services import case_open

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SIGNAL = ["AL-DR-01", "AL-DR-02", "AL-EC-01", "AL-EC-02", "AL-CD-01", "AL-CD-02"]


def test_a_caseworker_assesses_opens_the_residence_procedure_and_sees_the_next_deadline(
    demo_directory, as_user, live_server, shot
):
    worker = UserFactory(organisation=Organisation.objects.get(slug="pag-asa"), role=Role.CASEWORKER)
    case = case_open(
        actor=worker,
        opened_via="partner",
        legal_basis="consent",
        exploitation=["labour"],
        sector="construction",
        age_band="25_34",
        languages=["ro"],
    )
    page = as_user(worker, "fr")
    base = f"{live_server.url}/fr/staff/cases/{case.uuid}/"
    page.goto(f"{base}assess/?list=adult_labour")
    for indicator in SIGNAL:
        page.check(f"#i-{indicator}")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(base)
    expect(page.locator("p.message-success")).to_be_visible()

    page.get_by_role("link", name=re.compile("procédure de séjour", re.IGNORECASE)).click()
    page.select_option("#id_path", "adult")
    office = Organisation.objects.get(slug="prosecutor-brussels")
    page.select_option("#id_magistrate_office", str(office.pk))
    shot(page, "open-procedure-fr")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/fr/staff/residence/[0-9a-f-]{36}/$"))
    page.select_option("#id_type", "reflection_requested")
    page.locator("form.stacked button[type=submit]").click()
    expect(page.locator("p.message-success")).to_be_visible()

    procedure = ResidenceProcedure.objects.get(case=case)
    open_actions = procedure.actions.filter(status="open")
    assert open_actions.exists()
    first_due = open_actions.order_by("due").first().due
    table = page.locator("table.data").first
    expect(table).to_contain_text(first_due.strftime("%d/%m/%Y"))
    shot(page, "next-deadline-fr")
