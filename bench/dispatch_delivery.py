"""Notification delivery with a running worker, and under faults (issue 4 §4).

Creates a scratch PostgreSQL database (migrations, reference data, demo organisations and accounts, the
default Belgian procedure), starts a local SMTP sink in this process (aiosmtpd, recording per message its
arrival time and its ``X-THB-Event-Id``), a private Redis on a free port as the broker, and the production
layout of the background processes: ``celery worker`` (prefork, 2 processes) and a separate ``celery beat``
(``THB_OUTBOX_SECONDS=2``), e-mail going to the sink. Then, as the demo hotline operator, in this process:
log a call (``contact_log_call``: labour in various districts, minors, adults wanting assistance, begging,
sexual exploitation), take the proposal (``dispatch_proposal_for``) and confirm it (``referrals_confirm``),
``--rate`` contacts per second.

* Phase (a), no fault: latency from the commit of the confirmation to the e-mail's arrival at the sink,
  per outbox message (p50, p95, max; aim: p95 < 2 s).
* Phase (b), the same load with faults: the worker is killed (SIGKILL to its process group) while it is
  sending, after a third of the confirmations — the sink kills it when the next message's data arrives,
  before answering, so the send is cut between "sent" and "marked delivered" — and restarted 3 s later;
  at half, the broker is shut down for 10 s and restarted empty; at three quarters, the broker is frozen
  (SIGSTOP) for 10 s. Then it waits until nothing is pending and counts: messages written, delivered,
  distinct event ids arrived, duplicates (all of a known event id), lost (must be 0); and how long the
  confirmation waited, after its commit, in its wake-up calls (``deliver_outbox_task.delay()``, one per
  notified referral) in each window.

    .venv/bin/python bench/dispatch_delivery.py --contacts 300 --rate 8

The commit time is taken by an on-commit callback registered before the service's own (the one that wakes
the worker), so the latency includes the wake-up call. Prints figures; never fails on timing, but exits 1
when a notification was lost.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from thb.core.tests.load import percentile
from thb.core.tests.processes import ROOT, Arrival, Celery, Redis, Sink, free_port, wait_for

# Judicial districts with partners in the demo directory (Brussels, Antwerp, Liège, East Flanders) and
# a few without, where the region or a fallback resolves, or nobody does (then the operator removes it).
POSTCODES = ["1000", "1050", "1210", "2000", "2800", "4000", "4020", "9000", "9300", "3500", "5000", "8000"]


# --- the load --------------------------------------------------------------------------------------------


def random_facts(rng: random.Random) -> dict:
    """A call's facts: labour in various districts, minors, adults wanting assistance, begging, sexual."""
    facts: dict = {
        "signal_type": rng.choice(["tip", "tip", "crisis", "service_request"]),
        "postcode": rng.choice(POSTCODES),
        "language": rng.choice(["fr", "nl", "en", "ro", "ar"]),
        "narrative": "Bench call: works long hours, papers kept by the employer.",
    }
    kind = rng.random()
    if kind < 0.4:
        facts["exploitation"] = [rng.choice(["labour", "labour", "domestic_servitude"])]
        facts["consent_to_police"] = rng.random() < 0.4
    elif kind < 0.6:
        facts["minor_involved"] = True
        facts["exploitation"] = [rng.choice(["sexual", "labour", "begging"])]
    elif kind < 0.75:
        facts["exploitation"] = ["sexual"]
        facts["consent_to_police"] = rng.random() < 0.5
    elif kind < 0.85:
        facts["exploitation"] = [rng.choice(["begging", "forced_crime"])]
    else:
        facts["exploitation"] = ["labour"]
    if rng.random() < 0.3:
        facts["victim_wants_assistance"] = True
    return facts


@dataclass
class Window:
    label: str
    started: float
    ended: float | None = None


@dataclass
class Phase:
    name: str
    commits: dict[str, float] = field(default_factory=dict)  # event id -> commit time
    confirmations: list[tuple[float, float]] = field(default_factory=list)  # (commit, wake-up seconds)
    unnotified: dict[str, int] = field(default_factory=dict)  # organisation -> referrals nobody was told of
    wake_failures: int = 0
    referrals: int = 0
    removed: int = 0  # proposals without an organisation, removed with a reason as an operator must
    windows: list[Window] = field(default_factory=list)
    first_arrival: int = 0
    started: float = 0.0
    ended: float = 0.0


def confirm_one(operator, facts: dict, phase: Phase) -> None:
    from django.db import transaction

    from thb.dispatch.models import OutboxMessage
    from thb.dispatch.selectors import dispatch_proposal_for
    from thb.dispatch.services.referrals import proposal_key, referrals_confirm
    from thb.hotline.services.console import contact_log_call

    contact = contact_log_call(actor=operator, **facts)
    proposal = dispatch_proposal_for(user=operator, contact=contact)
    assert proposal is not None, "no active procedure"
    removed = {
        proposal_key(p): "No partner of this kind here (bench)."
        for p in proposal.decision.referrals
        if p.organisation is None
    }
    phase.removed += len(removed)
    committed: list[float] = []
    with transaction.atomic():
        # Runs first on commit, before referrals_confirm's own callback that wakes the worker.
        transaction.on_commit(lambda: committed.append(time.time()))
        confirmation = referrals_confirm(
            contact=contact,
            actor=operator,
            decision=proposal.decision,
            procedure=proposal.procedure,
            version=proposal.version,
            removed=removed,
        )
    returned = time.time()
    phase.confirmations.append((committed[0], returned - committed[0]))
    phase.referrals += len(confirmation.sent)
    # Messages with no recipient are written as failed at once ("no recipient": the partner has nobody
    # to e-mail) and never leave: counted apart, not as deliveries.
    messages = (
        OutboxMessage.objects.filter(payload__referral__in=[str(r.uuid) for r in confirmation.sent])
        .exclude(recipient="")
        .values_list("event_id", "payload__referral")
    )
    notified = set()
    for event_id, referral in messages:
        phase.commits[str(event_id)] = committed[0]
        notified.add(referral)
    for referral in confirmation.sent:
        if str(referral.uuid) not in notified:  # nobody to write to: no user, no e-mail channel
            slug = referral.organisation.slug
            phase.unnotified[slug] = phase.unnotified.get(slug, 0) + 1


class WakeFailures(logging.Handler):
    """Counts the outbox's "could not wake the worker" warnings (instead of printing each)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "could not wake" in record.getMessage():
            self.count += 1


def run_load(phase: Phase, operator, *, contacts: int, rate: float, rng, events=None) -> None:
    """``contacts`` confirmations at ``rate`` per second (a late one is not made up for by a burst)."""
    counter = WakeFailures()
    outbox_logger = logging.getLogger("thb.dispatch.outbox")
    outbox_logger.addHandler(counter)
    outbox_logger.propagate = False
    phase.started = time.time()
    next_at = time.monotonic()
    for i in range(contacts):
        if events is not None:
            events(i)
        pause = next_at - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        next_at = max(next_at, time.monotonic() - 1 / rate) + 1 / rate
        confirm_one(operator, random_facts(rng), phase)
    phase.ended = time.time()
    outbox_logger.removeHandler(counter)
    phase.wake_failures = counter.count


def wait_until_delivered(phase: Phase, timeout: float) -> float:
    from thb.dispatch.models import OutboxMessage, OutboxStatus

    ids = list(phase.commits)
    started = time.monotonic()
    wait_for(
        lambda: not OutboxMessage.objects.filter(event_id__in=ids, status=OutboxStatus.PENDING).exists(),
        timeout,
        step=0.5,
    )
    time.sleep(1.0)  # a last send that would still be on its way
    return time.monotonic() - started


def latencies(phase: Phase, sink: Sink) -> tuple[dict[str, float], list[Arrival]]:
    """First arrival of each of the phase's event ids minus its commit time; and every arrival."""
    arrivals = [a for a in sink.since(phase.first_arrival) if a.event_id in phase.commits]
    first: dict[str, float] = {}
    for arrival in arrivals:
        first.setdefault(arrival.event_id, arrival.at - phase.commits[arrival.event_id])
    return first, arrivals


def print_latency(label: str, values: list[float]) -> None:
    if not values:
        print(f"{label}: no arrival")
        return
    print(
        f"{label}: p50 {statistics.median(values) * 1000:.0f} ms, p95 {percentile(values, 95) * 1000:.0f} ms,"
        f" p99 {percentile(values, 99) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"
    )


def report_phase(phase: Phase, sink: Sink, drained: float) -> int:
    """Prints the phase's figures; returns how many notifications were lost."""
    from django.db.models import Count

    from thb.dispatch.models import OutboxMessage

    first, arrivals = latencies(phase, sink)
    created = len(phase.commits)
    statuses = dict(
        OutboxMessage.objects.filter(event_id__in=list(phase.commits))
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    attempts = dict(
        OutboxMessage.objects.filter(event_id__in=list(phase.commits))
        .values_list("attempts")
        .annotate(n=Count("pk"))
        .values_list("attempts", "n")
    )
    distinct = len(first)
    duplicates = len(arrivals) - distinct
    counts: dict[str, int] = {}
    for arrival in arrivals:
        counts[arrival.event_id] = counts.get(arrival.event_id, 0) + 1
    duplicated = sorted(event_id for event_id, n in counts.items() if n > 1)
    unknown = sum(
        1 for a in sink.since(phase.first_arrival) if a.event_id not in phase.commits and a.event_id
    )
    lost = created - distinct
    duration = phase.ended - phase.started
    waits = [w for _c, w in phase.confirmations]
    print(f"\n== phase {phase.name} ==")
    print(
        f"confirmations: {len(phase.confirmations)} in {duration:.1f} s "
        f"({len(phase.confirmations) / duration:.1f}/s), {phase.referrals} referrals sent "
        f"({phase.removed} proposals without a partner removed), "
        f"{created} e-mails written to the outbox; referrals without any e-mail (partner without user or "
        f"e-mail address): {sum(phase.unnotified.values())} {phase.unnotified or ''}"
    )
    if phase.wake_failures:
        print(f"wake-up calls that failed (logged 'could not wake the worker'): {phase.wake_failures}")
    print(
        f"outbox after {drained:.1f} s of draining: {statuses} ; attempts per message: "
        f"{dict(sorted(attempts.items()))}"
    )
    print(
        f"arrived at the sink: {len(arrivals)} messages, {distinct} distinct event ids; duplicates "
        f"{duplicates} ({len(duplicated)} event ids, every one written by this phase: "
        f"{all(e in phase.commits for e in duplicated)}); arrivals of an unknown event id: {unknown}; "
        f"Message-ID = <event_id@thb-platform> on all: {all(a.message_id_ok for a in arrivals)}"
    )
    print(f"LOST (written, never arrived): {lost}")
    print_latency("commit -> arrival (first copy)", list(first.values()))
    print(
        f"wake-up calls after the commit, per confirmation (one per transaction, off the request thread): "
        f"p50 "
        f"{statistics.median(waits) * 1000:.1f} ms, p95 {percentile(waits, 95) * 1000:.1f} ms, "
        f"max {max(waits) * 1000:.0f} ms"
    )
    for window in phase.windows:
        end = window.ended or phase.ended
        inside = [(c, w) for c, w in phase.confirmations if window.started <= c <= end]
        late = [first[e] for e, c in phase.commits.items() if window.started <= c <= end and e in first]
        slowest = max((w for _c, w in inside), default=0.0)
        print(
            f"  {window.label}: {end - window.started:.1f} s from t+{window.started - phase.started:.1f} s; "
            f"{len(inside)} confirmations committed in it, wake-up calls max {slowest:.2f} s"
            + (
                f"; their e-mails p50 {statistics.median(late):.1f} s, max {max(late):.1f} s after commit"
                if late
                else ""
            )
        )
    if duplicated:
        print(f"  duplicated event ids: {', '.join(duplicated[:6])}{' …' if len(duplicated) > 6 else ''}")
    return lost


# --- main ----------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contacts", type=int, default=300, help="confirmations per phase")
    parser.add_argument("--rate", type=float, default=8.0, help="confirmations per second")
    parser.add_argument("--outage", type=float, default=10.0, help="seconds the broker is down / frozen")
    parser.add_argument("--drain", type=float, default=120.0, help="at most this long to wait for delivery")
    parser.add_argument("--database", default="postgres://root@127.0.0.1:5432/thb_bench_delivery")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep-logs", action="store_true", help="keep the worker logs (path printed)")
    args = parser.parse_args()
    if shutil.which("redis-server") is None:
        print("redis-server is not installed (apt-get install redis-server)", file=sys.stderr)
        return 2

    import psycopg
    from aiosmtpd.controller import Controller
    from cryptography.fernet import Fernet

    scratch = Path(tempfile.mkdtemp(prefix="thb-bench-delivery-"))
    name = args.database.rsplit("/", 1)[1]
    admin_url = args.database.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')

    sink = Sink()
    smtp_port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    redis = Redis(free_port(), scratch)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "DATABASE_URL", "EMAIL_"))},
        "THB_ENV": "development",
        "DEBUG": "0",
        "THB_OTP_RELAXED": "1",
        "THB_VAR_DIR": str(scratch),
        "SECRET_KEY": secrets.token_urlsafe(64),
        "THB_FIELD_KEYS": Fernet.generate_key().decode(),
        "DATABASE_URL": args.database,
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis.port}/0",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "THB_OUTBOX_SECONDS": "2",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    worker_env = {**env, "LOG_LEVEL": "INFO"}
    worker = Celery("worker", ["worker", "--concurrency=2", "--hostname", "bench@%h"], worker_env, scratch)
    beat = Celery("beat", ["beat", "--schedule", str(scratch / "celerybeat-schedule")], worker_env, scratch)
    lost = 0
    failed = False
    try:
        controller.start()
        logging.getLogger("mail.log").setLevel(logging.CRITICAL)  # aiosmtpd: a killed sender is expected
        redis.start()
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        logging.getLogger("mail.log").setLevel(logging.CRITICAL)
        from django.core.management import call_command
        from django.db import connection

        from thb.core.models import User

        started = time.perf_counter()
        quiet = io.StringIO()
        call_command("migrate", verbosity=0)
        call_command("load-reference", stdout=quiet)
        call_command("load-demo", stdout=quiet)
        call_command("procedures", "install-default", stdout=quiet)
        print(f"database ready in {time.perf_counter() - started:.0f} s")
        operator = User.objects.get(username="demo-operator")

        from config.celery import app

        # The worker's log says nothing after its banner (see docs/performance.md): ask it instead.
        worker.start(ready=lambda: bool(app.control.ping(timeout=0.5)))
        beat.start(ready=lambda: "is starting" in beat.log_path.read_text(errors="replace"))
        rng = random.Random(args.seed)
        print(
            f"machine: {os.cpu_count()} cores; PostgreSQL local; Celery worker prefork x2 + beat "
            f"(THB_OUTBOX_SECONDS=2), private redis-server on :{redis.port}, aiosmtpd sink on :{smtp_port}; "
            f"{args.contacts} confirmations per phase at {args.rate:g}/s"
        )

        warm = Phase("warm-up", first_arrival=sink.count())
        run_load(warm, operator, contacts=5, rate=args.rate, rng=rng)
        wait_until_delivered(warm, 30)

        # Phase (a): no fault.
        a = Phase("(a) running worker, no fault", first_arrival=sink.count())
        run_load(a, operator, contacts=args.contacts, rate=args.rate, rng=rng)
        lost += report_phase(a, sink, wait_until_delivered(a, args.drain))
        first, _arrivals = latencies(a, sink)
        values = list(first.values())
        if values:
            p95 = percentile(values, 95)
            print(f"aim p95 < 2 s: {'met' if p95 < 2 else 'NOT met'} ({p95 * 1000:.0f} ms)")

        # Phase (b): the same load with faults.
        b = Phase("(b) worker killed while sending, broker down, broker frozen", first_arrival=sink.count())
        restarted = threading.Event()

        def kill_worker() -> None:
            window = Window("worker killed (SIGKILL, mid-send) until restarted 3 s later", time.time())
            b.windows.append(window)
            worker.kill()

            def restart() -> None:
                worker.start()
                window.ended = time.time()
                restarted.set()

            threading.Timer(3.0, restart).start()

        def broker_down() -> None:
            window = Window(f"broker shut down for {args.outage:g} s, restarted empty", time.time())
            b.windows.append(window)
            redis.stop()

            def back() -> None:
                redis.start()
                window.ended = time.time()

            threading.Timer(args.outage, back).start()

        def broker_frozen() -> None:
            window = Window(f"broker frozen (SIGSTOP) for {args.outage:g} s", time.time())
            b.windows.append(window)
            redis.freeze()

            def back() -> None:
                redis.thaw()
                window.ended = time.time()

            threading.Timer(args.outage, back).start()

        def events(i: int) -> None:
            if i == args.contacts // 3:
                sink.on_next_message = kill_worker
            elif i == args.contacts // 2:
                broker_down()
            elif i == args.contacts * 3 // 4:
                broker_frozen()

        run_load(b, operator, contacts=args.contacts, rate=args.rate, rng=rng, events=events)
        if not restarted.wait(30):
            print("the worker was never killed (no message arrived after the kill was armed)")
        time.sleep(args.outage)  # the last window closes
        drained = wait_until_delivered(b, args.drain)
        lost += report_phase(b, sink, drained)
        print(f"worker starts: {worker.starts} (restarted {worker.starts - 1} time(s))")
        connection.close()
    except BaseException:
        failed = True
        print("worker log tail:\n" + worker.tail(), file=sys.stderr)
        raise
    finally:
        sink.on_next_message = None
        beat.stop()
        worker.stop()
        redis.close()
        controller.stop()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if args.keep_logs or failed:
            print(f"logs kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
