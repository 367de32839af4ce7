"""An accepted report is never lost (issue 3 §3): a 201 means committed. The database connections are cut
again and again during a burst of submissions; every report that got a 201 is there, exactly once."""

from __future__ import annotations

import json
import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client

from thb.core.models import OrganisationKind
from thb.core.tests.factories import OrganisationFactory
from thb.hotline.models import Contact
from thb.hotline.receipts import receipt_digest

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SUBMITTERS, BURST_SECONDS, CUT_EVERY_SECONDS = 4, 5.0, 0.3


def test_every_report_answered_201_survives_cut_database_connections():
    if connection.vendor != "postgresql":
        pytest.skip("cutting server connections (pg_terminate_backend) needs PostgreSQL; CI runs it there")
    OrganisationFactory(slug="hotline", kind=OrganisationKind.HOTLINE)
    database = connection.settings_dict["NAME"]
    accepted: list[str] = []
    failures: list[str] = []
    lock = threading.Lock()
    done = threading.Event()

    def submit(worker: int) -> None:
        client = Client(raise_request_exception=False)
        stop_at = time.monotonic() + BURST_SECONDS
        n = 0
        while time.monotonic() < stop_at:
            n += 1
            body = json.dumps({"text": f"Report {worker}-{n}: workers locked in at night.", "language": "en"})
            try:
                response = client.post("/api/v1/public/reports", data=body, content_type="application/json")
            except Exception as error:
                with lock:
                    failures.append(type(error).__name__)
                continue
            with lock:
                if response.status_code == 201:
                    accepted.append(response.json()["receipt"])
                else:
                    failures.append(str(response.status_code))
        connections.close_all()

    def cut() -> None:
        killer = connections.create_connection("default")
        try:
            while not done.is_set():
                with killer.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = %s AND pid <> pg_backend_pid()",
                        [database],
                    )
                time.sleep(CUT_EVERY_SECONDS)
        finally:
            killer.close()

    cutter = threading.Thread(target=cut)
    submitters = [threading.Thread(target=submit, args=(w,)) for w in range(SUBMITTERS)]
    cutter.start()
    for t in submitters:
        t.start()
    for t in submitters:
        t.join()
    done.set()
    cutter.join()
    connection.close()

    assert accepted, f"no submission got through the cuts: {failures}"
    assert failures, "the connections were never cut: the test proves nothing"
    digests = [receipt_digest(receipt) for receipt in accepted]
    stored = dict.fromkeys(digests, 0)
    for digest in Contact.objects.filter(receipt_digest__in=digests).values_list("receipt_digest", flat=True):
        stored[digest] += 1
    assert all(count == 1 for count in stored.values()), "a report answered 201 is missing or duplicated"
    assert len(set(accepted)) == len(accepted)
