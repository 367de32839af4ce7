"""Journey 2 of issue 11 §1, in a real browser (Playwright driving Debian's Chromium): an operator logs a
call in Romanian with an interpreter, confirms the proposed referrals; the social inspection acknowledges
its referral in its inbox (in Dutch); a partner that does not acknowledge in time is escalated by the
periodic job and shows on the supervisor's overdue page. With ``THB_SCREENSHOTS=<dir>`` the pages are saved
under ``<dir>/dispatch/`` (docs/guide-operator.md)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thb.core.models import Organisation
from thb.core.roles import Role
from thb.core.tests.factories import UserFactory
from thb.dispatch.escalation import escalate_overdue
from thb.dispatch.models import Referral
from thb.dispatch.services.procedures import procedure_install_default
from thb.hotline.models import Contact

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_romanian_call_is_referred_acknowledged_and_a_missed_deadline_escalates(
    demo_directory, as_user, live_server, shot
):
    procedure_install_default()
    hotline = Organisation.objects.get(slug="hotline")
    operator = UserFactory(organisation=hotline, role=Role.OPERATOR)
    supervisor = UserFactory(organisation=hotline, role=Role.SUPERVISOR)
    inspection = Organisation.objects.get(slug="ecosoc-antwerpen")
    inspector = UserFactory(organisation=inspection, role=Role.INVESTIGATOR, preferred_language="nl")
    interpreters = Organisation.objects.get(slug="interpreters-demo")

    page = as_user(operator)
    page.goto(f"{live_server.url}/en/staff/hotline/log-call/")
    page.select_option("#id_signal_type", "tip")
    page.fill("#id_language", "ro")
    page.select_option("#id_interpreter_service", str(interpreters.pk))
    page.check("input[name=exploitation][value=labour]")
    page.fill("#id_postcode", "2000")
    shot(page, "log-call-ro")
    page.get_by_role("button", name="Save the contact").click()
    page.wait_for_url(re.compile(r"/en/staff/hotline/contacts/[0-9a-f-]{36}/$"))
    contact = Contact.objects.get()
    assert contact.language == "ro" and contact.interpreter_service == interpreters

    page.goto(f"{live_server.url}/en/staff/dispatch/contacts/{contact.uuid}/")
    shot(page, "proposals")
    page.get_by_role("button", name="Send the referrals").click()
    expect(page.locator("p.message-success")).to_be_visible()
    referrals = list(Referral.objects.filter(contact=contact, status="sent").select_related("organisation"))
    assert {r.organisation for r in referrals} >= {inspection}

    partner = as_user(inspector, "nl")
    partner.goto(f"{live_server.url}/nl/staff/dispatch/inbox/")
    partner.locator(
        f"a[href*='{next(r.uuid for r in referrals if r.organisation == inspection)}']"
    ).first.click()
    shot(partner, "partner-referral-nl")
    partner.locator("form[action$='/acknowledge/'] button").click()
    expect(partner.locator("p.message-success")).to_be_visible()
    assert Referral.objects.get(contact=contact, organisation=inspection).status == "acknowledged"

    late = [r for r in referrals if r.organisation != inspection]
    assert late, "another partner was referred too"
    # time passes: their acknowledgement deadline is over, and the periodic job runs
    Referral.objects.filter(pk__in=[r.pk for r in late]).update(
        ack_due_at=timezone.now() - timedelta(hours=1)
    )
    assert escalate_overdue() >= len(late)
    assert all(r.escalation_level >= 1 for r in Referral.objects.filter(pk__in=[r.pk for r in late]))
    watch = as_user(supervisor)
    watch.goto(f"{live_server.url}/en/staff/dispatch/overdue/")
    expect(watch.locator("tr.urgent").first).to_contain_text(contact.reference)
    shot(watch, "overdue")
