"""Intake benchmark of the public reporting API (issue 3 §3), on gunicorn + PostgreSQL as in production.

Starts gunicorn (production settings, ``GUNICORN_WORKERS`` workers) on a scratch PostgreSQL database, sends
``--clients`` concurrent clients for ``--seconds`` at ``POST /api/v1/public/reports`` (receipt hashing and
language detection included), then the same at ``GET /healthz`` on the same server, and prints reports/s,
p50/p95/p99 and the ratio. It then counts the reports in the database: every 201 must be there, once.

    .venv/bin/python bench/intake.py --seconds 20 --clients 16

Prints figures; never fails on timing (the aim, ≥ 50 reports/s with p99 < 250 ms at 16 clients, is
compared in docs/performance.md).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from thb.core.tests.load import load as shared_load
from thb.core.tests.processes import (
    BIN,
    ROOT,
    platform_env,
    production_env,
    recreate_database,
    start_gunicorn,
)

TEXTS = [
    "Lucrez pe un șantier de trei luni și patronul nu mi-a plătit niciun salariu.",
    "أعمل في منزل عائلة منذ سنة ولا أستطيع الخروج، أخذوا جواز سفري.",
    "Tôi làm việc trong tiệm nail mỗi ngày mười bốn tiếng và họ giữ hộ chiếu của tôi.",
    "Ik zie elke nacht een busje met arbeiders vertrekken bij de carwash in Gent.",
    "Des femmes vivent dans le salon de massage et ne sortent jamais seules.",
    "My employer at the farm keeps our passports and we sleep in a container.",
]


def load(port: int, *, clients: int, seconds: float, method: str, path: str, body_of) -> dict:
    """One door under ``clients`` (thb/core/tests/load.py), with the receipts of the 201 answers."""
    receipts: list[str] = []

    def keep_receipt(_path: str, status: int, payload: bytes) -> None:
        if status == 201:
            receipts.append(json.loads(payload)["receipt"])  # list.append is atomic under the GIL

    figures = shared_load(
        port,
        clients=clients,
        seconds=seconds,
        requests=[(method, path, body_of, {})],
        on_response=keep_receipt,
    )[path]
    return {**figures, "receipts": receipts}


def run_wrk(port: int, *, clients: int, seconds: float) -> list[str]:
    """The same intake measured with wrk (a C load generator), which leaves more CPU to the server than
    the Python clients above; the Python phase is the one that checks every 201 is stored."""
    import shutil

    if shutil.which("wrk") is None:
        return ["wrk: not installed (apt-get install wrk) - skipped"]
    result = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(clients),
            "-d",
            f"{int(seconds)}s",
            "--latency",
            "-s",
            str(ROOT / "bench" / "report.lua"),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    keep = ("Requests/sec", "50%", "90%", "99%", "Non-2xx", "requests in", "Socket errors")
    return [
        "wrk POST /api/v1/public/reports: " + line.strip()
        for line in result.stdout.splitlines()
        if any(k in line for k in keep)
    ]


def report_body() -> bytes:
    body = {"text": random.choice(TEXTS) + f" ({secrets.token_hex(4)})"}
    if random.random() < 0.5:
        body["language"] = "en"
    return json.dumps(body).encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database", default="postgres://root@127.0.0.1:5432/thb_bench_intake")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="thb-bench-"))
    env = production_env(
        platform_env(scratch, args.database, HOME=str(scratch)),
        scratch,
        broker_url="redis://127.0.0.1:6379/14",
        workers=args.workers,
        threads=args.threads,
    )
    name, admin_url = recreate_database(args.database)
    import psycopg

    thb = str(BIN / "thb")
    subprocess.run([thb, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)
    subprocess.run([thb, "load-reference"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    subprocess.run(
        [
            thb,
            "shell",
            "-c",
            "from thb.core.services import organisation_save; "
            "organisation_save(slug='hotline', kind='hotline', names={'en': 'Hotline'}, actor=None)",
        ],
        env=env,
        check=True,
        cwd=ROOT,
    )
    try:
        server, port = start_gunicorn(env)
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    try:
        load(
            port, clients=4, seconds=2, method="POST", path="/api/v1/public/reports", body_of=report_body
        )  # warm
        reports = load(
            port,
            clients=args.clients,
            seconds=args.seconds,
            method="POST",
            path="/api/v1/public/reports",
            body_of=report_body,
        )
        health = load(
            port,
            clients=args.clients,
            seconds=args.seconds,
            method="GET",
            path="/healthz",
            body_of=lambda: None,
        )
        wrk_lines = run_wrk(port, clients=args.clients, seconds=args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)

    with psycopg.connect(args.database) as db:
        stored = db.execute("SELECT count(*) FROM hotline_contact").fetchone()[0]
    print(
        f"machine: {os.cpu_count()} cores; gunicorn {args.workers} workers x {args.threads} threads; "
        f"{args.clients} clients; {args.seconds:.0f} s per phase; PostgreSQL"
    )
    for label, result in (("POST /api/v1/public/reports", reports), ("GET /healthz", health)):
        print(
            f"{label:30s} {result['requests']:7d} requests {result['rate']:8.1f}/s"
            f"  p50 {result['p50']:7.1f} ms  p95 {result['p95']:7.1f} ms  p99 {result['p99']:7.1f} ms"
            f"  statuses {result['statuses']}"
        )
    print(f"ratio healthz/report throughput: {health['rate'] / reports['rate']:.2f}")
    created = reports["statuses"].get(201, 0)
    unique = len(set(reports["receipts"]))
    print(
        f"201 answers: {created}; distinct receipts: {unique}; "
        f"contacts stored (incl. warm-up and wrk): {stored}"
    )
    for line in wrk_lines:
        print(line)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
