"""The public information pages (issue 3 §1): the home page with the number and "open now", the information
pages per risk group with their language fallback, language and direction of the pages.

The clock is frozen by replacing ``views_public.current_time``. Only the staff catalogues (fr, nl, de) are
relied on for translated strings; for the other public languages only the English content fallback is.
"""

from __future__ import annotations

import re
from datetime import datetime
from itertools import pairwise

import pytest

from thb.core.models import OrganisationKind
from thb.core.tests.factories import OrganisationFactory
from thb.hotline import views_public
from thb.hotline.content import load_public_content
from thb.hotline.models import HotlineLine, InfoPage, InfoPageText
from thb.hotline.opening_hours import BRUSSELS

pytestmark = pytest.mark.django_db

MONDAY_NOON = datetime(2026, 3, 9, 12, 0, tzinfo=BRUSSELS)
TEL = 'href="tel:+3280000000"'


@pytest.fixture
def hotline(settings):
    settings.THB_HOTLINE_ORGANISATION = "thb-hotline"
    return OrganisationFactory(slug="thb-hotline", kind=OrganisationKind.HOTLINE)


@pytest.fixture
def content(hotline):
    return load_public_content()


@pytest.fixture
def clock(monkeypatch):
    """Set the time the pages compute "open now" for."""

    def set_time(moment: datetime) -> None:
        monkeypatch.setattr(views_public, "current_time", lambda: moment)

    set_time(MONDAY_NOON)
    return set_time


def main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# -- the home page


@pytest.mark.parametrize("language", ["en", "fr", "nl"])
def test_the_home_page_shows_112_before_the_hotline_number(client, content, clock, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    page = main(response.content.decode())
    assert 'href="tel:112"' in page
    assert TEL in page
    assert page.index('href="tel:112"') < page.index(TEL)
    assert "0800 00 000" in page


def test_the_number_is_a_tel_link_said_digit_by_digit_and_toll_free(client, content, clock):
    page = main(client.get("/en/").content.decode())
    assert f'<a {TEL} aria-describedby="hotline-number-spoken"><span dir="ltr">0800 00 000</span></a>' in page
    assert '<span id="hotline-number-spoken" hidden>0 8 0 0, 0 0, 0 0 0</span>' in page
    assert "Toll-free: the call is free." in page


def test_a_line_that_is_not_toll_free_does_not_say_so(client, content, clock):
    HotlineLine.objects.update(toll_free=False)
    assert "Toll-free" not in client.get("/en/").content.decode()


@pytest.mark.parametrize(
    ("moment", "says"),
    [
        (datetime(2026, 3, 9, 12, 0), "Open now, until 20:00."),
        (datetime(2026, 3, 9, 21, 0), "Closed now. Opens tomorrow at 08:00."),
        (datetime(2026, 3, 10, 6, 30), "Closed now. Opens today at 08:00."),
        (datetime(2026, 3, 14, 17, 0), "Closed now. Opens on Monday at 08:00."),
        (datetime(2026, 3, 15, 9, 0), "Closed now. Opens tomorrow at 08:00."),
        (datetime(2026, 3, 14, 11, 0), "Open now, until 16:00."),
    ],
)
def test_the_home_page_says_whether_the_line_is_open_now(client, content, clock, moment, says):
    clock(moment.replace(tzinfo=BRUSSELS))
    assert says in text_of(main(client.get("/en/").content.decode()))


def test_a_long_opening_names_the_day_it_ends(client, content, clock):
    HotlineLine.objects.update(
        opening_hours={str(day): [["00:00", "24:00"]] for day in range(1, 6)}, closed_on_public_holidays=False
    )
    clock(datetime(2026, 3, 11, 12, 0, tzinfo=BRUSSELS))  # Wednesday
    assert "Open now, until Saturday at 00:00." in text_of(main(client.get("/en/").content.decode()))
    clock(datetime(2026, 3, 13, 12, 0, tzinfo=BRUSSELS))  # Friday: until midnight
    assert "Open now, until 00:00." in text_of(main(client.get("/en/").content.decode()))


def test_on_a_public_holiday_the_home_page_says_closed_and_names_the_day(client, content, clock):
    clock(datetime(2026, 12, 25, 10, 0, tzinfo=BRUSSELS))
    page = text_of(main(client.get("/en/").content.decode()))
    assert "Today is a public holiday (Christmas Day): the telephone line is closed." in page
    assert "Closed now. Opens tomorrow at 10:00." in page


def test_national_day_in_french(client, content, clock):
    clock(datetime(2026, 7, 21, 10, 0, tzinfo=BRUSSELS))
    page = text_of(main(client.get("/fr/").content.decode()))
    assert "Fête nationale" in page
    assert "Fermé maintenant. Ouvre demain à 08:00." in page


@pytest.mark.parametrize(
    ("language", "open_text", "closed_text"),
    [
        ("fr", "Ouvert maintenant, jusqu'à 20:00.", "Fermé maintenant. Ouvre lundi à 08:00."),
        ("nl", "Nu open, tot 20:00.", "Nu gesloten. Opent op maandag om 08:00."),
        ("de", "Jetzt geöffnet, bis 20:00 Uhr.", "Jetzt geschlossen. Öffnet am Montag um 08:00 Uhr."),
    ],
)
def test_open_and_closed_in_the_official_languages(client, content, clock, language, open_text, closed_text):
    assert open_text in text_of(main(client.get(f"/{language}/").content.decode())).replace("&#x27;", "'")
    clock(datetime(2026, 3, 14, 17, 0, tzinfo=BRUSSELS))
    assert closed_text in text_of(main(client.get(f"/{language}/").content.decode()))


def test_the_opening_hours_table_and_the_holiday_note(client, content, clock):
    page = main(client.get("/en/").content.decode())
    table = page.split('<table class="data hours"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<th scope="row">(\w+)</th>\s*<td>(.*?)</td>', table)
    assert [day for day, _hours in rows] == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    assert text_of(rows[0][1]).strip() == "08:00\u201320:00"
    assert text_of(rows[5][1]).strip() == "10:00\u201316:00"
    assert rows[6][1] == "Closed"
    assert "The telephone line is closed on Belgian public holidays." in page


def test_the_home_page_says_what_the_hotline_is_for_and_what_happens_after_a_call(client, content, clock):
    page = text_of(main(client.get("/en/").content.decode()))
    for words in (
        "Who can call",
        "Witnesses",
        "Professionals",
        "You do not have to say your name",
        "interpreter",
        "We listen to you.",
        "Payoke, PAG-ASA or Sürya",
        "116 000",
    ):
        assert words in page, words


def test_the_home_page_links_reporting_follow_up_and_every_information_page(client, content, clock):
    page = main(client.get("/en/").content.decode())
    assert 'href="/en/report/"' in page
    assert 'href="/en/report/follow-up/"' in page
    assert 'href="/en/help/"' in page
    assert len(set(re.findall(r'href="/en/help/([a-z-]+)/"', page))) == 11


def test_the_home_page_sections_come_in_the_asked_order(client, content, clock):
    page = text_of(main(client.get("/en/").content.decode()))
    order = [
        "In immediate danger? Call 112",
        "0800 00 000",
        "Open now",
        "Opening hours",
        "Who can call",
        "You can stay anonymous",
        "What happens after you call",
        "Report a situation",
        "Information for your situation",
    ]
    positions = [page.index(words) for words in order]
    assert positions == sorted(positions)


def test_headings_are_in_order_without_gaps(client, content, clock):
    for url in ("/en/", "/en/help/", "/en/help/construction/"):
        levels = [
            int(level) for level in re.findall(r"<h([1-6])[ >]", main(client.get(url).content.decode()))
        ]
        assert levels[0] == 1 and levels.count(1) == 1, url
        assert all(b - a <= 1 for a, b in pairwise(levels)), (url, levels)


def test_the_public_pages_need_no_javascript(client, content, clock):
    for url in ("/en/", "/en/help/", "/en/help/prostitution/"):
        assert "<script" not in client.get(url).content.decode(), url


def test_the_home_page_works_before_a_line_is_configured(client, hotline, clock):
    page = main(client.get("/en/").content.decode())
    assert "tel:112" in page
    assert "The telephone number will be published here soon." in page


def test_invalid_stored_hours_show_the_number_without_hours(client, content, clock):
    HotlineLine.objects.update(opening_hours={"1": [["20:00", "08:00"]]})
    response = client.get("/en/")
    assert response.status_code == 200
    page = main(response.content.decode())
    assert TEL in page
    assert "Opening hours" not in page


def test_an_inactive_line_is_not_shown(client, content, clock):
    HotlineLine.objects.update(is_active=False)
    assert TEL not in client.get("/en/").content.decode()


# -- information pages


def test_the_information_index_lists_the_eleven_pages(client, content):
    response = client.get("/en/help/")
    assert response.status_code == 200
    page = main(response.content.decode())
    links = re.findall(r'<h2><a href="/en/help/([a-z-]+)/">([^<]+)</a></h2>', page)
    assert len(links) == 11
    assert links[0] == ("domestic-work", "Domestic work")
    assert ("car-washes", "Car washes") in links


def test_the_index_in_dutch_uses_the_dutch_titles(client, content):
    page = main(client.get("/nl/help/").content.decode())
    assert ">Huishoudelijk werk</a>" in page
    assert ">Land- en tuinbouw</a>" in page


def test_an_unpublished_page_is_not_listed_and_not_found(client, content):
    InfoPage.objects.filter(slug="begging").update(is_published=False)
    assert "/en/help/begging/" not in client.get("/en/help/").content.decode()
    assert client.get("/en/help/begging/").status_code == 404


def test_an_information_page_shows_signs_and_rights(client, content):
    response = client.get("/en/help/construction/")
    assert response.status_code == 200
    page = main(response.content.decode())
    assert "<h1>Construction</h1>" in page
    signs = page.split('<ul class="signs">', 1)[1].split("</ul>", 1)[0]
    assert "<li>Your boss keeps your passport or ID card.</li>" in signs
    assert signs.count("<li>") == 7
    for words in ("Signs of exploitation", "social inspection", "Payoke", "433quinquies", "116 000"):
        assert words in page, words
    assert 'href="/en/report/"' in page
    assert TEL in page


def test_an_information_page_in_german(client, content):
    page = main(client.get("/de/help/transport/").content.decode())
    assert "<h1>Transport und Logistik</h1>" in page
    assert "Sozialinspektionsdienste" in page
    assert 'class="content-note fallback-note"' not in page
    assert '<article lang="de">' in page


def test_unreviewed_texts_say_so(client, content):
    page = main(client.get("/fr/help/cleaning/").content.decode())
    assert 'class="content-note review-note"' in page
    InfoPageText.objects.filter(page__slug="cleaning", language="fr").update(reviewed_by_native_speaker=True)
    assert "review-note" not in client.get("/fr/help/cleaning/").content.decode()


def test_a_page_missing_in_romanian_falls_back_to_english_with_a_notice(client, content):
    response = client.get("/ro/help/construction/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ro" dir="ltr">' in html
    page = main(html)
    assert 'class="content-note fallback-note" role="note"' in page
    assert '<article lang="en">' in page
    assert "<h1>Construction</h1>" in page
    assert "<li>Your boss keeps your passport or ID card.</li>" in page
    # The notice offers the page in the other languages it exists in.
    for code in ("fr", "nl", "de"):
        assert f'href="/{code}/help/construction/" lang="{code}"' in page


def test_the_romanian_index_falls_back_to_english_and_marks_the_language(client, content):
    page = main(client.get("/ro/help/").content.decode())
    assert '<li lang="en">' in page
    assert ">Construction</a>" in page


def test_a_page_only_in_french_falls_back_to_french(client, content, hotline):
    page = InfoPage.objects.create(organisation=hotline, slug="meat-processing", sector="meat_processing")
    InfoPageText.objects.create(
        page=page, language="fr", title="Transformation de la viande", signs="Un signe"
    )
    html = main(client.get("/en/help/meat-processing/").content.decode())
    assert '<article lang="fr">' in html
    assert "Transformation de la viande" in html
    assert "This page does not exist in your language yet. It is shown in French." in text_of(html)


def test_an_unknown_page_is_not_found(client, content):
    assert client.get("/en/help/no-such-page/").status_code == 404


def test_a_page_without_any_usable_text_is_not_found(client, content, hotline):
    page = InfoPage.objects.create(organisation=hotline, slug="empty", sector="other")
    InfoPageText.objects.create(page=page, language="pl", title="Tylko po polsku")
    assert client.get("/en/help/empty/").status_code == 404
    assert client.get("/pl/help/empty/").status_code == 200


# -- languages


def test_the_root_redirects_to_the_browsers_language(client, content):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="nl-BE,nl;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/nl/"


def test_the_root_redirects_arabic_browsers_to_arabic(client, content):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ar")["Location"] == "/ar/"


@pytest.mark.parametrize(
    ("url", "lang", "direction"),
    [
        ("/en/", "en", "ltr"),
        ("/nl/help/", "nl", "ltr"),
        ("/ar/", "ar", "rtl"),
        ("/ar/help/begging/", "ar", "rtl"),
        ("/zh-hans/help/", "zh-hans", "ltr"),
    ],
)
def test_pages_carry_their_language_and_direction(client, content, clock, url, lang, direction):
    response = client.get(url)
    assert response.status_code == 200
    assert f'<html lang="{lang}" dir="{direction}">' in response.content.decode()


def test_the_number_stays_left_to_right_on_arabic_pages(client, content, clock):
    page = main(client.get("/ar/").content.decode())
    assert '<span dir="ltr">0800 00 000</span>' in page
