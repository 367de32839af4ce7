"""The public HTML pages for anonymous reports: same service as the API, no JavaScript needed."""

from __future__ import annotations

import re

import pytest

from thb.core.models import OrganisationKind
from thb.core.tests.factories import OrganisationFactory
from thb.hotline.models import Contact, ContactMessage, MessageAuthor

pytestmark = pytest.mark.django_db

TEXT = "Ma patronne garde mon passeport et je travaille sept jours sur sept sans salaire."
RECEIPT = re.compile(r"\d{4}-\d{4}-\d{4}-\d{4}")


@pytest.fixture
def hotline(db):
    return OrganisationFactory(slug="hotline", kind=OrganisationKind.HOTLINE)


def _key(client) -> str:
    html = client.get("/en/report/").content.decode()
    return re.search(r'name="submission_key" value="([0-9a-f]+)"', html).group(1)


def submit(client, **fields) -> tuple[object, str | None]:
    data = {"text": TEXT, "submission_key": _key(client), **fields}
    response = client.post("/en/report/", data)
    found = RECEIPT.search(response.content.decode())
    return response, found.group(0) if found else None


def test_the_form_is_labelled_and_works_without_javascript(client, hotline):
    html = client.get("/en/report/").content.decode()
    assert '<label for="id_text">' in html
    assert "<script" not in html
    assert 'method="post"' in html


def test_a_report_through_the_form_shows_the_receipt_once_and_is_not_cached(client, hotline):
    response, receipt = submit(client, sector="domestic_work", postcode="1000")

    assert response.status_code == 200
    assert receipt is not None
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    contact = Contact.objects.get()
    assert contact.sector == "domestic_work"
    assert contact.region == "brussels"


def test_a_double_submission_of_the_same_form_creates_one_report(client, hotline):
    key = _key(client)
    first = client.post("/en/report/", {"text": TEXT, "submission_key": key})
    second = client.post("/en/report/", {"text": TEXT, "submission_key": key})
    assert RECEIPT.search(first.content.decode()).group(0) == RECEIPT.search(second.content.decode()).group(0)
    assert Contact.objects.count() == 1


def test_immediate_danger_shows_112_first(client, hotline):
    response, _receipt = submit(client, immediate_danger="on")
    html = response.content.decode()
    assert html.index("call 112 now") < html.index("Your report has been received</h1>")
    assert Contact.objects.get().urgent is True


def test_bad_input_keeps_what_was_typed_and_names_the_field(client, hotline):
    response = client.post("/en/report/", {"text": "short", "postcode": "12", "submission_key": _key(client)})
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_text_error"' in html
    assert re.search(r">\s*short</textarea>", html)
    assert Contact.objects.count() == 0


def test_an_unknown_postcode_is_reported_on_its_field(client, hotline):
    response = client.post("/en/report/", {"text": TEXT, "postcode": "0999", "submission_key": _key(client)})
    assert response.status_code == 422
    assert 'id="id_postcode_error"' in response.content.decode()
    assert Contact.objects.count() == 0


def test_a_bot_filling_the_honeypot_gets_a_receipt_that_opens_nothing(client, hotline):
    _response, receipt = submit(client, website="http://spam.example")
    assert receipt is not None
    assert Contact.objects.count() == 0
    follow = client.post("/en/report/follow-up/", {"receipt": receipt})
    assert follow.status_code == 404


def test_the_reporter_follows_up_with_the_receipt_and_writes_again(client, hotline):
    _response, receipt = submit(client)
    contact = Contact.objects.get()
    ContactMessage.objects.create(
        contact=contact, author=MessageAuthor.HOTLINE, text="We would like to help you."
    )

    thread = client.post("/en/report/follow-up/", {"receipt": receipt})
    html = thread.content.decode()
    assert thread.status_code == 200
    assert "We would like to help you." in html and TEXT in html

    key = re.search(r'name="submission_key" value="([0-9a-f]+)"', html).group(1)
    reply = client.post(
        "/en/report/follow-up/",
        {"receipt": receipt, "text": "Merci, je peux parler demain.", "submission_key": key},
    )
    assert reply.status_code == 200
    assert "Merci, je peux parler demain." in reply.content.decode()
    again = client.post(
        "/en/report/follow-up/",
        {"receipt": receipt, "text": "Merci, je peux parler demain.", "submission_key": key},
    )
    assert again.status_code == 200
    assert contact.messages.filter(author=MessageAuthor.REPORTER).count() == 2  # the report + one reply


def test_a_wrong_receipt_gets_the_same_answer_whatever_it_is(client, hotline):
    submit(client)
    answers = set()
    for wrong in ("0000-0000-0000-0000", "1111 2222 3333 4444"):
        response = client.post("/en/report/follow-up/", {"receipt": wrong})
        assert response.status_code == 404
        html = response.content.decode().replace(wrong, "RECEIPT")
        answers.add(re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html))
    assert len(answers) == 1
    assert "No report matches this receipt." in answers.pop()


def test_receipts_never_appear_in_urls(client, hotline):
    _response, receipt = submit(client)
    html = client.post("/en/report/follow-up/", {"receipt": receipt}).content.decode()
    assert f"?receipt={receipt}" not in html
    assert re.search(r'action="[^"]*\d{4}-\d{4}', html) is None


def test_the_form_answers_503_try_again_when_the_database_is_unreachable(client, hotline, monkeypatch):
    from django.db import OperationalError

    from thb.hotline.services import public_reports

    def unreachable(**kwargs):
        raise OperationalError("connection refused")

    client.raise_request_exception = False
    key = _key(client)
    monkeypatch.setattr(public_reports.Contact.objects, "create", unreachable)
    response = client.post("/en/report/", {"text": TEXT, "submission_key": key})
    assert response.status_code == 503
    assert "try again" in response.content.decode()
