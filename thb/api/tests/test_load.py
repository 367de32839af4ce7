"""The three busiest doors under concurrent clients, CI-sized (issue 11 §4; the figures come from
bench/load.py, docs/performance.md). gunicorn with the production settings (2 workers, 4 threads each) on the
test's PostgreSQL database; 8 clients for a few seconds mix public reports, the operator's queue and the ISP's
zone download. No timing is asserted here: what must hold under load is correctness — no error, every report
answered 201 stored exactly once, every download the signed release byte for byte, every queue page whole."""

from __future__ import annotations

import json
import secrets
from collections import Counter

import pytest
from django.db import connection

from thb.core.tests.load import load
from thb.core.tests.processes import (
    Redis,
    current_database_url,
    free_port,
    platform_env,
    production_env,
    receipts_stored,
    start_gunicorn,
    thb_shell,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CLIENTS, SECONDS = 8, 4.0

SETUP = """
import json
from thb.blocking.models import Release
from thb.core.demo import load_demo, load_demo_extensions
from thb.core.models import Organisation, User
from thb.core.reference.loader import load_reference
from thb.core.tokens import api_token_create
load_reference()
load_demo()
load_demo_extensions()  # the blocking list's published release among them
hotline = Organisation.objects.get(slug="hotline")
isp = Organisation.objects.filter(kind="isp").first()
make = User.objects.create_user
operator = make(username="load-operator", password=None, organisation=hotline, role="operator")
engineer = make(username="load-isp", password=None, organisation=isp, role="isp_engineer")
release = Release.objects.order_by("-serial").first()
print(json.dumps({"operator": api_token_create(user=operator, actor=None).secret,
                  "isp": api_token_create(user=engineer, actor=None).secret,
                  "serial": release.serial, "rpz": release.rpz}))
"""


@pytest.fixture
def server(tmp_path):
    """Production gunicorn on the test database (its own secrets; the data is made with the same ones)."""
    if connection.vendor != "postgresql":
        pytest.skip("gunicorn shares the test database: PostgreSQL only; CI runs it there")
    redis = Redis(free_port(), tmp_path)
    common = platform_env(tmp_path, current_database_url())
    made = thb_shell(
        SETUP, {**common, "THB_ENV": "development", "THB_OTP_RELAXED": "1", "CELERY_TASK_ALWAYS_EAGER": "1"}
    )
    redis.start()
    production = production_env(
        common, tmp_path, broker_url=f"redis://127.0.0.1:{redis.port}/0", workers=2, threads=4
    )
    process, port = start_gunicorn(production)
    try:
        yield port, made, {**common, "THB_ENV": "development"}
    finally:
        process.terminate()
        process.wait(timeout=30)
        redis.close()


def test_reports_queue_and_zone_downloads_stay_correct_under_concurrent_clients(server):
    port, made, shell_env = server
    receipts: list[str] = []
    zones: Counter[bytes] = Counter()
    queue_pages: list[list] = []

    def seen(path: str, status: int, body: bytes) -> None:
        if path.endswith("/reports") and status == 201:
            receipts.append(json.loads(body)["receipt"])
        elif path.endswith("/rpz") and status == 200:
            zones[body] += 1
        elif path.endswith("/queue") and status == 200:
            queue_pages.append(json.loads(body))

    def report_body() -> bytes:
        return json.dumps(
            {"text": f"Workers sleep in the warehouse ({secrets.token_hex(4)}).", "language": "en"}
        ).encode()

    report = ("POST", "/api/v1/public/reports", report_body, {})
    queue = ("GET", "/api/v1/hotline/queue", None, {"Authorization": f"Bearer {made['operator']}"})
    zone = (
        "GET",
        f"/api/v1/blocklist/releases/{made['serial']}/rpz",
        None,
        {"Authorization": f"Bearer {made['isp']}"},
    )

    figures = load(port, clients=CLIENTS, seconds=SECONDS, requests=[report, queue, zone], on_response=seen)

    statuses = {path: figure["statuses"] for path, figure in figures.items()}
    assert statuses[report[1]].keys() == {201}, statuses
    assert statuses[queue[1]].keys() == {200}, statuses
    assert statuses[zone[1]].keys() == {200}, statuses
    assert all(figure["requests"] >= 20 for figure in figures.values()), figures  # it was really under load
    assert list(zones) == [made["rpz"].encode()]  # every download the release, byte for byte
    # The reports reach the operator's queue while they come in (the queue holds what awaits a first look).
    assert max(len(page) for page in queue_pages) > 0
    assert all(item["reason"] == "new_report" for page in queue_pages for item in page)
    assert len(set(receipts)) == len(receipts)
    counted = receipts_stored(receipts, shell_env)
    assert counted == {"missing": 0, "twice": 0, "stored": len(receipts)}
    print(  # figures for the curious; bench/load.py measures them properly
        {path: f"{f['requests']} req, p99 {f['p99']:.0f} ms" for path, f in figures.items()}
    )
