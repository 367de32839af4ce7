"""No IP address, user agent or fingerprint of a public reporter is stored or logged (DESIGN.md §4)."""

from __future__ import annotations

import json
import logging

import pytest
from django.apps import apps
from django.db import connection

from thb.core.models import OrganisationKind
from thb.core.tests.factories import OrganisationFactory

IP = "198.51.100.23"
FORWARDED = "203.0.113.99"
AGENT = "Mozilla/5.0 (Linux; Android 9) UniqueReporterAgent/4.2"


def _database_text() -> str:
    """Every value of every row of every table, as text."""
    chunks = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT * FROM {table}")
            chunks.extend(" ".join(str(v) for v in row) for row in cursor.fetchall())
    return "\n".join(chunks)


@pytest.mark.django_db
def test_a_public_report_leaves_no_address_agent_or_receipt_in_the_database_or_the_logs(client, caplog):
    OrganisationFactory(slug="hotline", kind=OrganisationKind.HOTLINE)
    headers = {"REMOTE_ADDR": IP, "HTTP_X_FORWARDED_FOR": FORWARDED, "HTTP_USER_AGENT": AGENT}
    with caplog.at_level(logging.DEBUG):
        created = client.post(
            "/api/v1/public/reports",
            data=json.dumps({"text": "Workers sleep in the restaurant kitchen in Liège."}),
            content_type="application/json",
            **headers,
        )
        receipt = created.json()["receipt"]
        client.post(
            "/api/v1/public/reports/messages",
            data=json.dumps({"receipt": receipt, "text": "More."}),
            content_type="application/json",
            **headers,
        )
        client.post("/en/report/follow-up/", {"receipt": receipt}, **headers)
        client.post(
            "/api/v1/public/reports/thread",
            data=json.dumps({"receipt": "0000"}),
            content_type="application/json",
            **headers,
        )

    stored = _database_text()
    logged = "\n".join(handler_record.getMessage() for handler_record in caplog.records)
    formatted = "\n".join(logging.Formatter("%(message)s %(args)s").format(r) for r in caplog.records)
    for secret in (IP, FORWARDED, "UniqueReporterAgent"):
        assert secret not in stored
        assert secret not in logged and secret not in formatted
    assert receipt not in logged and receipt.replace("-", "") not in stored
    assert "/api/v1/public/reports" in logged  # the request was logged, without them
