"""PostgreSQL crashes and restarts during a burst of reports (issue 11 §4: "restart PostgreSQL during a burst
of reports: every 201 is stored once"). A private PostgreSQL server — the machine's is shared with the
other tests — holds a copy of the test database; production gunicorn takes public reports from 4 clients;
two seconds in, the server is stopped in ``immediate`` mode (no checkpoint: what a power cut leaves, recovered
from the write-ahead log) and started again. Every report answered 201 must be stored, exactly once; the
answers during the outage are refusals (503, "try again"), never a 201 for something lost.
(test_durability.py cuts connections again and again on the shared server, in-process.)"""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from thb.core.models import OrganisationKind
from thb.core.tests.factories import OrganisationFactory
from thb.core.tests.load import load
from thb.core.tests.processes import (
    PrivatePostgres,
    Redis,
    current_database_url,
    free_port,
    needs_root,
    platform_env,
    production_env,
    receipts_stored,
    start_gunicorn,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CLIENTS, SECONDS, CRASH_AFTER = 4, 7.0, 2.0


@pytest.fixture
def private_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("the private server is a copy of the PostgreSQL test database; CI runs it there")
    scratch = Path(tempfile.mkdtemp(prefix="thb-pg-"))  # not tmp_path: the postgres user must reach it
    server = PrivatePostgres(scratch, free_port())
    try:
        server.init()
        server.start()
    except (RuntimeError, subprocess.CalledProcessError) as error:
        shutil.rmtree(scratch, ignore_errors=True)
        needs_root(f"cannot run a private PostgreSQL server: {getattr(error, 'stderr', '') or error}")
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(scratch, ignore_errors=True)


def test_every_report_answered_201_survives_a_postgresql_crash_and_restart(private_postgres):
    OrganisationFactory(slug="hotline", kind=OrganisationKind.HOTLINE)
    private_postgres.copy_database(current_database_url(), "thb")
    scratch = private_postgres.scratch
    redis = Redis(free_port(), scratch)
    env = production_env(
        platform_env(scratch, private_postgres.url("thb")),
        scratch,
        broker_url=f"redis://127.0.0.1:{redis.port}/0",
        workers=2,
        threads=2,
    )
    redis.start()
    server, port = start_gunicorn(env)
    accepted: list[tuple[float, str]] = []
    refused: Counter[int] = Counter()

    def seen(_path: str, status: int, body: bytes) -> None:
        if status == 201:
            accepted.append((time.monotonic(), json.loads(body)["receipt"]))
        else:
            refused[status] += 1

    def report_body() -> bytes:
        text = f"They took our passports at the farm ({secrets.token_hex(4)})."
        return json.dumps({"text": text, "language": "en"}).encode()

    burst = threading.Thread(
        target=load,
        args=(port,),
        kwargs={
            "clients": CLIENTS,
            "seconds": SECONDS,
            "requests": [("POST", "/api/v1/public/reports", report_body, {})],
            "on_response": seen,
        },
    )
    try:
        burst.start()
        time.sleep(CRASH_AFTER)
        crashed_at = time.monotonic()
        private_postgres.crash_and_restart()
        back_at = time.monotonic()
        burst.join()
    finally:
        burst.join()
        server.terminate()
        server.wait(timeout=30)
        redis.close()

    receipts = [receipt for _at, receipt in accepted]
    assert any(at < crashed_at for at, _r in accepted), "no report before the crash: the test proves nothing"
    assert any(at > back_at for at, _r in accepted), f"no report after the restart: {dict(refused)}"
    assert refused, "no request met the outage: the test proves nothing"
    assert set(refused) <= {503, 0}, dict(refused)  # "try again" (0: the connection itself was cut)
    assert len(set(receipts)) == len(receipts)
    assert receipts_stored(receipts, env) == {"missing": 0, "twice": 0, "stored": len(receipts)}
