"""Accessibility (issue 11 §2): axe-core, vendored from the npm registry (thb/core/tests/vendor/axe-core),
runs in Debian's Chromium on every public page and the main staff pages, against WCAG 2.1 A and AA: no
serious or critical violation is allowed. The Arabic pages are checked too (right to left)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from thb.core.models import Organisation
from thb.core.roles import Role
from thb.core.tests.factories import UserFactory
from thb.hotline.models import Contact

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
RUN = """async () => {
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
  }));
}"""

PUBLIC = [
    "/en/",
    "/fr/",
    "/ar/",
    "/ro/report/",
    "/ar/report/",
    "/nl/report/follow-up/",
    "/en/help/",
    "/fr/help/{info_page}/",
    "/fr/residence/",
    "/nl/stop/",
    "/fr/stop/appeal/",
    "/de/staff/login/",
]


def _violations(page, url: str) -> list[dict]:
    page.goto(url)
    page.evaluate(AXE)  # evaluated by the browser's debugger protocol: the page's CSP does not apply
    return page.evaluate(RUN)


def test_public_pages_have_no_serious_accessibility_violation(browser, live_server, demo_directory):
    from thb.hotline.content import load_public_content
    from thb.hotline.models import InfoPage

    load_public_content()
    info_page = InfoPage.objects.order_by("pk").first()
    assert info_page is not None
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    found = {}
    for path in PUBLIC:
        violations = _violations(page, live_server.url + path.format(info_page=info_page.slug))
        if violations:
            found[path] = violations
    context.close()
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


def test_main_staff_pages_have_no_serious_accessibility_violation(as_user, live_server, demo_directory):
    coordinator = UserFactory(
        organisation=Organisation.objects.get(slug="coordination-cell"), role=Role.COORDINATOR
    )
    operator = UserFactory(organisation=Organisation.objects.get(slug="hotline"), role=Role.OPERATOR)
    caseworker = UserFactory(organisation=Organisation.objects.get(slug="pag-asa"), role=Role.CASEWORKER)
    found = {}
    for user, paths in [
        (operator, ["/en/staff/", "/en/staff/hotline/", "/en/staff/organisations/"]),
        (caseworker, ["/fr/staff/cases/", "/fr/staff/dispatch/inbox/", "/fr/staff/library/"]),
        (
            coordinator,
            [
                "/nl/staff/actionplan/",
                "/nl/staff/campaigns/",
                "/nl/staff/statistics/",
                "/de/staff/childprotection/rules/",
                "/de/staff/library/trainings/",
            ],
        ),
    ]:
        page = as_user(user)
        for path in paths:
            violations = _violations(page, f"{live_server.url}{path}")
            if violations:
                found[path] = violations
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


def test_the_check_itself_finds_a_violation_where_there_is_one(browser):
    """The harness is not vacuous: an image without text and a field without a label are caught."""
    page = browser.new_page()
    page.set_content('<html lang="en"><body><img src="x.png"><input type="text"></body></html>')
    page.evaluate(AXE)
    found = {violation["id"] for violation in page.evaluate(RUN)}
    page.close()
    assert {"image-alt", "label"} <= found


def _tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until ``selector`` has the focus, as someone without a mouse does."""
    for _ in range(limit):
        if page.evaluate(f"document.activeElement && document.activeElement.matches({json.dumps(selector)})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} cannot be reached with the keyboard")


def test_the_report_form_is_completed_with_the_keyboard_alone_right_to_left(
    browser, live_server, demo_directory
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ar")
    page = context.new_page()
    page.goto(f"{live_server.url}/ar/report/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    _tab_to(page, "#id_text")
    page.keyboard.type("صاحب العمل يحتفظ بجواز سفري ولا يدفع لي أجري منذ ثلاثة أشهر.")
    _tab_to(page, "#id_minor_involved")
    page.keyboard.press("Space")
    assert page.is_checked("#id_minor_involved")
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    # the locator waits for the receipt page (a load-state wait would see the form, still loaded)
    receipt = re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{4}", page.inner_text("output.receipt").strip())
    page.evaluate(AXE)
    on_the_receipt_page = page.evaluate(RUN)
    context.close()
    assert on_the_receipt_page == []
    assert receipt is not None
    contact = Contact.objects.get()
    assert contact.minor_involved is True and contact.language == "ar"
