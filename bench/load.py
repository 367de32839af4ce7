"""Load on the three busiest doors of the platform (issue 11 §4), on gunicorn with the production settings
and PostgreSQL: the public reporting endpoint, the operator's queue (staff API, bearer token) and the ISP's
download of the latest release of the blocking list (RPZ zone, bearer token) — each with N concurrent
clients for S seconds, then all three at once. Prints requests, rate, p50/p95/p99 and statuses per phase.

    .venv/bin/python bench/load.py --seconds 20 --clients 16

A scratch database is created (migrations, reference data, the demo directory with its published
release, a few hundred contacts in the queue), and dropped at the end. The load generator shares the
machine's cores with gunicorn and PostgreSQL."""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from intake import report_body

from thb.core.tests.load import load
from thb.core.tests.processes import (
    BIN,
    ROOT,
    platform_env,
    production_env,
    recreate_database,
    start_gunicorn,
    thb_shell,
)

SETUP = """
from thb.core.models import Organisation, User
from thb.core.tokens import api_token_create
from thb.hotline.services.console import contact_log_call
hotline = Organisation.objects.get(slug="hotline")
isp = Organisation.objects.filter(kind="isp").first()
operator = User.objects.create_user(
    username="bench-operator", password=None, organisation=hotline, role="operator"
)
engineer = User.objects.create_user(
    username="bench-isp", password=None, organisation=isp, role="isp_engineer"
)
for index in range(300):
    signal = ("tip", "information", "service_request")[index % 3]
    contact_log_call(actor=operator, signal_type=signal, postcode="1000")
print(json.dumps({"operator": api_token_create(user=operator, actor=None).secret,
                  "isp": api_token_create(user=engineer, actor=None).secret}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database", default="postgres://root@127.0.0.1:5432/thb_bench_load")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="thb-bench-"))
    common = platform_env(scratch, args.database, HOME=str(scratch))
    development = {**common, "THB_ENV": "development", "THB_DEMO_PASSWORD": secrets.token_urlsafe(16)}
    production = production_env(
        common, scratch, broker_url="redis://127.0.0.1:6379/14", workers=args.workers, threads=args.threads
    )
    name, admin_url = recreate_database(args.database)
    import psycopg

    thb = str(BIN / "thb")
    quiet = {"check": True, "cwd": ROOT, "stdout": subprocess.DEVNULL}
    subprocess.run([thb, "migrate", "--noinput", "-v", "0"], env=development, **quiet)
    subprocess.run([thb, "load-reference"], env=development, **quiet)
    subprocess.run([thb, "load-demo"], env={**development, "THB_OTP_RELAXED": "1"}, **quiet)
    tokens = thb_shell("import json\n" + SETUP, development)
    with psycopg.connect(args.database) as db:
        serial = db.execute("SELECT max(serial) FROM blocking_release").fetchone()[0]
    try:
        server, port = start_gunicorn(production)
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    report = ("POST", "/api/v1/public/reports", report_body, {})
    queue = ("GET", "/api/v1/hotline/queue", None, {"Authorization": f"Bearer {tokens['operator']}"})
    zone = (
        "GET",
        f"/api/v1/blocklist/releases/{serial}/rpz",
        None,
        {"Authorization": f"Bearer {tokens['isp']}"},
    )
    results = []
    try:
        load(port, clients=4, seconds=2, requests=[report, queue, zone])  # warm-up
        for label, requests in (
            ("reports", [report]),
            ("queue", [queue]),
            ("rpz", [zone]),
            ("mixed", [report, queue, zone]),
        ):
            results.append((label, load(port, clients=args.clients, seconds=args.seconds, requests=requests)))
    finally:
        server.terminate()
        server.wait(timeout=30)
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    print(
        f"machine: {os.cpu_count()} cores; gunicorn {args.workers} workers x {args.threads} threads; "
        f"{args.clients} clients; {args.seconds:.0f} s per phase; PostgreSQL; release serial {serial}"
    )
    for label, by_path in results:
        for path, figures in by_path.items():
            print(
                f"{label:8s} {path:42s} {figures['requests']:7d} req {figures['rate']:8.1f}/s"
                f"  p50 {figures['p50']:7.1f}  p95 {figures['p95']:7.1f}  p99 {figures['p99']:7.1f} ms"
                f"  statuses {figures['statuses']}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
