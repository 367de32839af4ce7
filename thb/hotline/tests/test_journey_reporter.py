"""Journey 1 of issue 11 §1, in a real browser (Playwright driving Debian's Chromium): a reporter writes in
Arabic on a phone-sized screen, gets a receipt, and comes back with it to read the operator's reply, which
the operator wrote in the console. With ``THB_SCREENSHOTS=<dir>`` the pages are saved under
``<dir>/hotline/`` — the screenshots of the user guides (docs/guide-reporting.md)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from thb.core.models import Organisation
from thb.core.roles import Role
from thb.core.tests.factories import UserFactory
from thb.hotline.models import Contact

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

REPORT = "أعمل في مزرعة منذ أربعة أشهر. صاحب العمل أخذ جواز سفري ولا يدفع لي أجري."
REPLY = "شكراً لرسالتك. يمكننا مساعدتك دون ذكر اسمك. اتصل بنا على الرقم المجاني، أو اكتب لنا هنا."


def test_an_arabic_reporter_on_a_phone_reads_the_operators_reply(
    browser, as_user, live_server, shot, demo_directory
):
    phone = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="ar", is_mobile=True, has_touch=True
    )
    reporter = phone.new_page()
    reporter.goto(f"{live_server.url}/ar/")
    expect(reporter.locator("html")).to_have_attribute("dir", "rtl")
    shot(reporter, "phone-home-ar")
    reporter.locator("main a.button[href='/ar/report/']").click()
    reporter.fill("#id_text", REPORT)
    reporter.select_option("#id_sector", "agriculture")
    shot(reporter, "phone-report-ar")
    reporter.locator("form.report-form button[type=submit]").click()
    receipt = reporter.locator("output.receipt").inner_text().strip()
    assert re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{4}", receipt)
    shot(reporter, "phone-receipt-ar")

    contact = Contact.objects.get()
    assert contact.language == "ar" and contact.channel == "web" and contact.sector == "agriculture"
    operator = UserFactory(organisation=Organisation.objects.get(slug="hotline"), role=Role.OPERATOR)
    console = as_user(operator, "fr")
    console.goto(f"{live_server.url}/fr/staff/hotline/contacts/{contact.uuid}/")
    expect(console.get_by_text(REPORT).first).to_be_visible()
    console.locator("form[action$='/reply/'] textarea").fill(REPLY)
    console.locator("form[action$='/reply/'] button[type=submit]").click()
    expect(console.locator("p.message-success")).to_be_visible()
    shot(console, "operator-reply-fr")

    reporter.goto(f"{live_server.url}/ar/report/follow-up/")
    reporter.fill("#id_receipt", receipt)
    reporter.locator("form.stacked button[type=submit]").click()
    expect(reporter.get_by_text(REPLY)).to_be_visible()
    expect(reporter.get_by_text(REPORT)).to_be_visible()
    shot(reporter, "phone-thread-ar")
    phone.close()
