"""The public reporting API (issue 3 §1): contract, receipts, follow-up, idempotency, bad input."""

from __future__ import annotations

import json
import re
import threading

import pytest
from django.db import connection
from django.test import Client

from thb.core.models import AuditEvent, OrganisationKind
from thb.core.tests.factories import OrganisationFactory
from thb.hotline.models import Contact, ContactMessage, ContactStatus, IdempotentSubmission, MessageAuthor
from thb.hotline.receipts import normalise_receipt, receipt_digest

pytestmark = pytest.mark.django_db

RECEIPT = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{4}$")
TEXT = "Ik werk elke dag veertien uur in een carwash en mijn baas heeft mijn paspoort afgenomen."


@pytest.fixture
def hotline(db):
    return OrganisationFactory(slug="hotline", kind=OrganisationKind.HOTLINE)


def post(client: Client, path: str, body: dict, **headers) -> object:
    return client.post(
        f"/api/v1/public/{path}", data=json.dumps(body), content_type="application/json", **headers
    )


def test_a_report_returns_a_receipt_and_the_given_language(client, hotline, reference_data):
    response = post(
        client, "reports", {"text": TEXT, "language": "nl", "sector": "car_wash", "postcode": "2000"}
    )

    assert response.status_code == 201
    body = response.json()
    assert RECEIPT.match(body["receipt"])
    assert body["language"] == "nl"
    contact = Contact.objects.get()
    assert contact.organisation == hotline
    assert contact.channel == "web"
    assert contact.narrative == TEXT
    assert contact.sector == "car_wash"
    assert contact.judicial_district.code == "antwerpen"
    assert contact.region == "flanders"
    assert contact.status == ContactStatus.NEW
    assert contact.awaiting_hotline_since is not None
    assert list(contact.messages.values_list("author", flat=True)) == [MessageAuthor.REPORTER]


def test_the_language_is_detected_when_not_given(client, hotline):
    text = "Lucrez pe un șantier de trei luni și patronul nu mi-a plătit niciun salariu."
    response = post(client, "reports", {"text": text})

    assert response.status_code == 201
    assert response.json()["language"] == "ro"
    assert Contact.objects.get().language_detected is True


def test_the_receipt_is_stored_only_as_a_slow_digest(client, hotline):
    receipt = post(client, "reports", {"text": TEXT}).json()["receipt"]
    digits = normalise_receipt(receipt)
    contact = Contact.objects.get()

    assert contact.receipt_digest == receipt_digest(receipt)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM hotline_contact")
        row = " ".join(str(v) for v in cursor.fetchone())
        cursor.execute("SELECT changes FROM core_auditevent")
        audit = " ".join(str(r[0]) for r in cursor.fetchall())
    assert digits not in row and receipt not in row
    assert digits not in audit and TEXT not in audit
    assert TEXT not in row  # the narrative is encrypted at rest


def test_immediate_danger_flags_the_contact_urgent(client, hotline):
    post(client, "reports", {"text": TEXT, "immediate_danger": True})
    contact = Contact.objects.get()
    assert contact.urgent is True
    assert contact.immediate_danger is True


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "too short"}, "text"),
        ({"text": " " * 30}, "text"),
        ({"text": "x" * 20001}, "text"),
        ({"text": TEXT, "language": "not a language"}, "language"),
        ({"text": TEXT, "reporter_role": "boss"}, "reporter_role"),
        ({"text": TEXT, "sector": "space"}, "sector"),
        ({"text": TEXT, "postcode": "99999"}, "postcode"),
        ({"text": TEXT, "postcode": "abcd"}, "postcode"),
        ({"text": TEXT, "minor_involved": "perhaps"}, "minor_involved"),
        ({"text": TEXT, "unexpected": 1}, "unexpected"),
        ({}, "text"),
    ],
)
def test_bad_input_gets_422_naming_the_field_and_writes_nothing(client, hotline, body, field):
    response = post(client, "reports", body)

    assert response.status_code == 422
    payload = response.json()
    assert payload["error"] in {"invalid", "text", field} or payload["error"]
    assert any(field in [str(part) for part in item["loc"]] for item in payload["detail"]), payload
    assert Contact.objects.count() == 0


def test_malformed_json_is_a_422_not_a_500(client, hotline):
    response = client.post("/api/v1/public/reports", data="{not json", content_type="application/json")
    assert response.status_code in {400, 422}
    assert "error" in response.json()
    assert Contact.objects.count() == 0


def test_the_reporter_reads_the_thread_and_writes_again(client, hotline):
    receipt = post(client, "reports", {"text": TEXT}).json()["receipt"]

    thread = post(client, "reports/thread", {"receipt": receipt})
    assert thread.status_code == 200
    assert thread.json()["status"] == "received"
    assert [(m["from"], m["text"]) for m in thread.json()["messages"]] == [("reporter", TEXT)]

    written = post(client, "reports/messages", {"receipt": receipt, "text": "Hij dreigt nu ook mijn broer."})
    assert written.status_code == 201
    messages = post(client, "reports/thread", {"receipt": receipt.replace("-", " ")}).json()["messages"]
    assert [m["from"] for m in messages] == ["reporter", "reporter"]
    assert messages[1]["text"] == "Hij dreigt nu ook mijn broer."


def test_the_hotline_reply_appears_in_the_thread_but_internal_notes_do_not(client, hotline):
    receipt = post(client, "reports", {"text": TEXT}).json()["receipt"]
    contact = Contact.objects.get()
    ContactMessage.objects.create(contact=contact, author=MessageAuthor.HOTLINE, text="We can help you.")
    contact.status = ContactStatus.OPEN
    contact.narrative = "INTERNAL: operator summary"
    contact.save()

    body = post(client, "reports/thread", {"receipt": receipt}).json()
    assert body["status"] == "in_progress"
    assert [m["from"] for m in body["messages"]] == ["reporter", "hotline"]
    assert "INTERNAL" not in json.dumps(body)


@pytest.mark.parametrize("receipt", ["0000-0000-0000-0000", "1234", "", "abcd-efgh-ijkl-mnop", "9" * 64])
def test_every_wrong_receipt_gets_the_same_404(client, hotline, receipt):
    post(client, "reports", {"text": TEXT})
    thread = post(client, "reports/thread", {"receipt": receipt})
    message = post(client, "reports/messages", {"receipt": receipt, "text": "hello there"})

    assert thread.status_code == 404 and message.status_code == 404
    assert (
        thread.json()
        == message.json()
        == {"error": "not_found", "message": "No report matches this receipt."}
    )


def test_a_retried_submission_with_the_same_idempotency_key_creates_one_report(client, hotline):
    first = post(client, "reports", {"text": TEXT}, HTTP_IDEMPOTENCY_KEY="phone-retry-1")
    second = post(client, "reports", {"text": TEXT}, HTTP_IDEMPOTENCY_KEY="phone-retry-1")

    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Contact.objects.count() == 1
    assert IdempotentSubmission.objects.count() == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT response FROM hotline_idempotentsubmission")
        stored = cursor.fetchone()[0]
    assert stored.startswith("enc1:") and first.json()["receipt"] not in stored  # the receipt is encrypted


def test_an_idempotency_key_reused_for_another_report_is_refused(client, hotline):
    post(client, "reports", {"text": TEXT}, HTTP_IDEMPOTENCY_KEY="k-1")
    other = post(client, "reports", {"text": TEXT + " Another one."}, HTTP_IDEMPOTENCY_KEY="k-1")
    assert other.status_code == 422
    assert other.json()["error"] == "idempotency_key_reused"
    assert Contact.objects.count() == 1


def test_a_report_writes_an_audit_row_without_the_text(client, hotline):
    post(client, "reports", {"text": TEXT})
    event = AuditEvent.objects.get(action="contact.public_report")
    assert event.actor is None
    assert TEXT not in json.dumps(event.changes)


def test_the_flood_limit_answers_429(client, hotline, settings):
    settings.THB_PUBLIC_RATE_PER_MINUTE = 2
    statuses = [post(client, "reports", {"text": TEXT}).status_code for _ in range(4)]
    assert statuses[:2] == [201, 201]
    assert 429 in statuses[2:]
    assert Contact.objects.count() == 2


def test_the_openapi_document_describes_the_public_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/public/reports",
        "/api/v1/public/reports/thread",
        "/api/v1/public/reports/messages",
    ):
        assert "post" in paths[path]
        assert "security" not in paths[path]["post"] or paths[path]["post"]["security"] in ([], None)


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_create_exactly_one_report(hotline):
    results: list[dict] = []

    def submit() -> None:
        response = post(Client(), "reports", {"text": TEXT}, HTTP_IDEMPOTENCY_KEY="same-key")
        results.append({"status": response.status_code, "body": response.json()})
        connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r["status"] for r in results] == [201] * 4
    assert len({r["body"]["receipt"] for r in results}) == 1
    assert Contact.objects.count() == 1


def test_an_unreachable_database_answers_503_try_again_not_500(client, hotline, monkeypatch):
    from django.db import OperationalError

    from thb.hotline.services import public_reports

    def unreachable(**kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(public_reports.Contact.objects, "create", unreachable)
    response = post(client, "reports", {"text": TEXT})
    assert response.status_code == 503
    assert response.json()["error"] == "unavailable"
    assert response["Retry-After"] == "5"
