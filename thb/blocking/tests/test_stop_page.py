"""The stop page and appeals (views_public.py, services/public.py): counted per day only, nothing per
visitor; appeals reviewed by two officers, the decision and its reason sent to the appellant."""

from __future__ import annotations

import logging

import pytest
from django.core import mail

from thb.blocking.models import Appeal, AppealStatus, BlockEntry, EntryStatus, StopPageDay
from thb.blocking.services.public import appeal_decide, appeal_propose
from thb.blocking.services.releases import release_publish
from thb.core.exceptions import PermissionDeniedError
from thb.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["fr", "nl", "de", "en", "ar", "ro", "zh-hans", "tl"])
def test_the_stop_page_exists_in_the_public_languages_and_counts_one_visit(client, language):
    response = client.get(f"/{language}/stop/", HTTP_USER_AGENT="Mozilla/5.0 test", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    html = response.content.decode().replace("\u00a0", " ").replace("\u202f", " ").replace("&nbsp;", " ")
    assert f'lang="{language}"' in html and ('dir="rtl"' in html) == (language == "ar")
    assert "116 000" in html and "/stop/appeal/" in html
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert StopPageDay.objects.get().visits == 1
    assert not response.cookies  # no cookie of its own


def test_nothing_about_the_visitor_is_kept_or_logged(client, caplog):
    caplog.set_level(logging.DEBUG)
    for _ in range(3):
        client.get("/nl/stop/", HTTP_USER_AGENT="UniqueAgent/9.9", REMOTE_ADDR="198.51.100.77")
    assert StopPageDay.objects.get().visits == 3
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "/stop/" not in logged and "198.51.100.77" not in logged and "UniqueAgent" not in logged
    assert not AuditEvent.objects.exists()
    assert [f.name for f in StopPageDay._meta.fields] == ["id", "day", "visits"]


def _published(people, approve, domain="appealed-demo.example"):
    approve(people, domain)
    release_publish(actor=people.officer_a, organisation=people.fccu)
    return BlockEntry.objects.get(domain=domain)


def test_an_appeal_is_reviewed_by_two_officers_and_the_appellant_is_told_why(
    people, approve, client, signed_in, django_capture_on_commit_callbacks
):
    entry = _published(people, approve)
    response = client.post(
        "/fr/stop/appeal/",
        {
            "domain": "https://Appealed-Demo.example/shop",
            "statement": "This is my bakery's website; it never hosted such material.",
            "email": "owner@bakery.example",
        },
    )
    assert response.status_code == 200 and "appeal-received" in response.content.decode()
    appeal = Appeal.objects.get()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.APPEALED and appeal.language == "fr"
    appeal_propose(
        appeal=appeal, actor=people.officer_a, keep=False, reason="The material is no longer online."
    )
    with pytest.raises(PermissionDeniedError):
        appeal_decide(appeal=appeal, actor=people.officer_a, agree=True)
    with django_capture_on_commit_callbacks(execute=True):
        appeal_decide(appeal=appeal, actor=people.officer_b, agree=True)
    appeal.refresh_from_db()
    entry.refresh_from_db()
    assert appeal.status == AppealStatus.REMOVED and entry.status == EntryStatus.REMOVED
    (message,) = mail.outbox
    assert message.to == ["owner@bakery.example"] and "The material is no longer online." in message.body
    assert appeal.notified_at is not None


def test_a_rejected_appeal_keeps_the_block(people, approve, client, django_capture_on_commit_callbacks):
    entry = _published(people, approve, "kept-demo.example")
    client.post(
        "/en/stop/appeal/",
        {
            "domain": "kept-demo.example",
            "statement": "Please remove my site from your list.",
            "email": "a@b.example",
        },
    )
    appeal = Appeal.objects.get()
    appeal_propose(appeal=appeal, actor=people.officer_b, keep=True, reason="Verified online again today.")
    with django_capture_on_commit_callbacks(execute=True):
        appeal_decide(appeal=appeal, actor=people.officer_a, agree=True)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PUBLISHED and "stays on the blocking list" in mail.outbox[0].body


def test_the_appeal_form_refuses_bad_input_and_unlisted_domains(people, client):
    cases = [
        (
            {"domain": "not-listed.example", "statement": "x" * 30, "email": "a@b.example"},
            "not on the blocking list",
        ),
        ({"domain": "com", "statement": "x" * 30, "email": "a@b.example"}, "top-level domain"),
        ({"domain": "a.example", "statement": "short", "email": "a@b.example"}, "at least"),
        ({"domain": "a.example", "statement": "x" * 30, "email": "not-an-address"}, "valid"),
    ]
    for data, message in cases:
        response = client.post("/en/stop/appeal/", data)
        assert response.status_code == 422 and message in response.content.decode(), data
    assert not Appeal.objects.exists()


def test_the_static_export_writes_the_sixteen_languages(tmp_path):
    from django.core.management import call_command

    call_command("blocking", "export-stop-page", "--output", str(tmp_path))
    pages = sorted(p.parent.name for p in tmp_path.glob("*/index.html"))
    assert len(pages) == 16 and "zh-hans" in pages and (tmp_path / "index.html").exists()
    arabic = (tmp_path / "ar" / "index.html").read_text()
    assert 'dir="rtl"' in arabic and "<link" not in arabic and "<script" not in arabic


def test_a_path_without_language_goes_to_the_stop_page_in_the_browsers_language(client):
    response = client.get("/stop/", HTTP_ACCEPT_LANGUAGE="nl-BE,nl;q=0.9")
    assert response.status_code == 302 and response["Location"] == "/nl/stop/"
