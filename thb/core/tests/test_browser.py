"""The base layout in a real browser (issue 2 §8): usable at 320 px wide, by keyboard, and in print.

Playwright drives Debian's Chromium (`/usr/bin/chromium`, installed by .ci/run; never `playwright install`).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from thb.core.roles import Role
from thb.core.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("language", ["fr", "nl", "de", "en"])
def test_sign_in_page_fits_a_320_px_screen_without_horizontal_scrolling(live_server, phone, language):
    phone.goto(f"{live_server.url}/{language}/staff/login/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    assert phone.locator("#id_username").is_visible()
    assert phone.locator("form.stacked button[type=submit]").is_visible()


def test_skip_link_is_the_first_stop_and_shows_on_focus(live_server, phone):
    phone.goto(f"{live_server.url}/en/staff/login/")
    phone.keyboard.press("Tab")
    focused = phone.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    box = phone.locator(".skip-link").bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0


def test_a_user_signs_in_with_the_keyboard_only_and_reaches_the_home_page(live_server, phone):
    UserFactory(username="keyboard-user", role=Role.REGISTRY_CLERK)  # a role without second factor
    phone.goto(f"{live_server.url}/en/staff/login/")
    phone.get_by_label("User name").focus()
    phone.keyboard.type("keyboard-user")
    phone.keyboard.press("Tab")
    phone.keyboard.type(TEST_PASSWORD)
    phone.keyboard.press("Enter")
    phone.wait_for_url(f"{live_server.url}/en/staff/")
    assert phone.get_by_role("heading", level=1).inner_text().startswith("Welcome")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320


def test_print_layout_hides_navigation_and_forms(live_server, phone):
    phone.goto(f"{live_server.url}/en/staff/login/")
    phone.emulate_media(media="print")
    assert phone.locator(".site-header").evaluate("el => getComputedStyle(el).display") == "none"
    assert phone.get_by_role("heading", level=1).is_visible()
