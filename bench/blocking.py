"""The blocking list at scale (issue 5 §4: 100,000 published domains; generation < 5 s, lookups ≥ 20,000/s).

With ``--domains`` random but plausible entries (names under the reserved ``example``, ``example.com``,
``example.net`` and ``example.org``, some a level deeper, 70 % blocked with their subdomains; fixed seed):

1. **Generation** (in-process, one thread, best of ``--repeat``): the release files as
   ``releases._build`` makes them — ``build_rpz``, ``domains_text``, ``diff_text`` against a previous list
   that differs by ~1 % (half added, half removed), SHA-256 of each, the Ed25519 signature of the RPZ bytes,
   and ``verify``. **Validation** is reported apart, since it is not generation: ``parse_back`` (dnspython)
   and ``resolver_check`` (BIND's ``named-checkzone``, when installed).
2. **Lookups**: ``lookup.BlockedNames`` built from the domain list, then ``blocks()`` over ``--queries``
   names, half listed names or subdomains of names listed with their subdomains, half names not blocked
   (random unlisted names, and subdomains of names listed alone); every answer is checked.
3. **Unbound** (as in ``thb/blocking/tests/test_unbound.py``): started on a free loopback port with the
   zone, then with an empty zone; the time until it answers a blocked name with the stop page, its
   resident memory (VmRSS, VmHWM) after loading, and a query rate from a Python UDP client that keeps
   ``--window`` queries in flight (plus a few thousand one-at-a-time dnspython queries for comparison).
   Unbound's own CPU time during the run says how far the client, not Unbound, is the limit.
4. **release_publish** end to end on a scratch PostgreSQL database (``--database``; ``--skip-db`` to leave
   it out): ``--domains`` approved entries inserted with ``bulk_create``, one release timed with a
   breakdown (candidate query, files and validation, the rest: per-entry status updates, transitions and
   audit), then a second release after a ~1 % change. The database is dropped afterwards.

    .venv/bin/python bench/blocking.py --domains 100000

Prints figures and ratios to the aims; never fails on timing.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from thb.blocking import rpz  # noqa: E402  (pure: no Django needed)
from thb.blocking.lookup import BlockedNames  # noqa: E402

ZONE = "rpz.thb.example"
IPV4, IPV6 = "192.0.2.80", "2001:db8::80"
GENERATION_AIM_S = 5.0
LOOKUP_AIM = 20_000
UNBOUND = shutil.which("unbound") or "/usr/sbin/unbound"

_SYLLABLE_TEXT = (
    "ka lo mi ne ra to vi zu bel gro nex tar shop cam live star pix clo dar fen hub kin mar pol sen tri vex "
    "web zen ana bo cu di el fo gal hot jo lux mon nova ori pak qui rio sol tik uno vid wix xo yan zo"
)
SYLLABLES = tuple(_SYLLABLE_TEXT.split())
SUFFIXES = ("example", "example.com", "example.net", "example.org")
SUFFIX_WEIGHTS = tuple(itertools.accumulate((30, 30, 20, 20)))
PREFIXES = ("www", "cdn", "m", "img", "files", "shop", "mail", "app", "media", "static")


# --- data ----------------------------------------------------------------------------------------------


def _label(rng: random.Random) -> str:
    label = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))
    roll = rng.random()
    if roll < 0.2:
        label += str(rng.randint(1, 999))
    elif roll < 0.3:
        label += "-" + "".join(rng.choices(SYLLABLES, k=rng.randint(1, 2)))
    return label


def _domain(rng: random.Random) -> str:
    name = f"{_label(rng)}.{rng.choices(SUFFIXES, cum_weights=SUFFIX_WEIGHTS)[0]}"
    return f"{rng.choice(PREFIXES)}.{name}" if rng.random() < 0.1 else name


def make_entries(rng: random.Random, count: int, taken: set[str]) -> list[rpz.Listed]:
    """``count`` entries with names not in ``taken`` (which grows), 70 % with their subdomains."""
    entries = []
    while len(entries) < count:
        name = _domain(rng)
        if name not in taken:
            taken.add(name)
            entries.append(rpz.Listed(name, rng.random() < 0.7))
    return entries


def _listed_parent(name: str, entries: dict[str, bool]) -> bool:
    """Whether a proper parent of ``name`` is listed with its subdomains (the reference answer)."""
    parts = name.split(".")
    return any(entries.get(".".join(parts[i:])) for i in range(1, len(parts)))


def make_queries(rng: random.Random, entries: list[rpz.Listed], count: int) -> tuple[list[str], list[bool]]:
    """Half blocked (a listed name, or a subdomain of one listed with its subdomains), half not; with the
    expected answer of each, worked out from the entries rather than from the list's text."""
    by_name = {e.domain: e.subdomains for e in entries}
    exact = [e for e in entries if not e.subdomains]
    queries: list[str] = []
    expected: list[bool] = []
    for _ in range(count // 2):
        entry = rng.choice(entries)
        if entry.subdomains and rng.random() < 0.6:
            depth = rng.choice((1, 1, 1, 2))
            queries.append(".".join([*rng.choices(PREFIXES, k=depth), entry.domain]))
        else:
            queries.append(entry.domain)
        expected.append(True)
    while len(queries) < count:
        if exact and rng.random() < 0.2:  # a subdomain of a name listed alone: not blocked
            name = f"{rng.choice(PREFIXES)}.{rng.choice(exact).domain}"
        else:
            name = _domain(rng)
            if rng.random() < 0.3:
                name = f"{rng.choice(PREFIXES)}.{name}"
        if name in by_name or _listed_parent(name, by_name):
            continue
        queries.append(name)
        expected.append(False)
    order = list(range(len(queries)))
    rng.shuffle(order)
    return [queries[i] for i in order], [expected[i] for i in order]


# --- timing --------------------------------------------------------------------------------------------


def best_of(repeat: int, function: Callable[[], Any]) -> tuple[float, list[float], Any]:
    """Best wall time of ``repeat`` runs (after a collection, so one run's garbage does not tax the next)."""
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), times, result


def _fmt_times(times: list[float]) -> str:
    return ", ".join(f"{t:.3f}" for t in times)


def _line(label: str, best: float, times: list[float], extra: str = "") -> None:
    print(f"  {label:<44} {best:8.3f} s   (runs: {_fmt_times(times)}){extra}")


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- 1. generation and validation -----------------------------------------------------------------------


def bench_generation(args: argparse.Namespace, entries: list[rpz.Listed], previous: list[rpz.Listed]) -> dict:
    key = rpz.generate_key()
    public_pem = rpz.public_key_pem(key)
    serial, previous_serial = 2026112901, 2026112801
    previous_names = set(rpz.domains_text(previous).split())
    repeat = args.repeat
    print(f"\n1. Generation (best of {repeat}, one thread)")

    build, build_runs, zone_text = best_of(
        repeat, lambda: rpz.build_rpz(entries, serial=serial, zone=ZONE, ipv4=IPV4, ipv6=IPV6)
    )
    _line("build_rpz", build, build_runs)
    text, text_runs, domains = best_of(repeat, lambda: rpz.domains_text(entries))
    _line("domains_text", text, text_runs)
    names_s, names_runs, names = best_of(repeat, lambda: set(domains.split()))
    _line("set(domains.split()) (as _build does)", names_s, names_runs)
    diff_s, diff_runs, diff = best_of(
        repeat,
        lambda: rpz.diff_text(previous_names, names, previous_serial=previous_serial, serial=serial),
    )
    _line("diff_text", diff_s, diff_runs)
    sums_s, sums_runs, _ = best_of(repeat, lambda: [rpz.sha256(t) for t in (zone_text, domains, diff)])
    _line("sha256 of the RPZ, list and diff", sums_s, sums_runs)
    zone_bytes = zone_text.encode()
    sign_s, sign_runs, signature = best_of(repeat, lambda: rpz.sign(zone_bytes, key))
    _line("sign (Ed25519, RPZ bytes)", sign_s, sign_runs)
    verify_s, verify_runs, verified = best_of(repeat, lambda: rpz.verify(zone_bytes, signature, public_pem))
    _line("verify", verify_s, verify_runs, "" if verified else "   SIGNATURE DID NOT VERIFY")

    def release_files() -> str:  # what releases._build computes, without the validation and the database
        zone_text = rpz.build_rpz(entries, serial=serial, zone=ZONE, ipv4=IPV4, ipv6=IPV6)
        domains = rpz.domains_text(entries)
        names = set(domains.split())
        diff = rpz.diff_text(previous_names, names, previous_serial=previous_serial, serial=serial)
        for item in (zone_text, domains, diff):
            rpz.sha256(item)
        return rpz.sign(zone_text.encode(), key)

    total, total_runs, _ = best_of(repeat, release_files)
    _line("all release files together", total, total_runs)
    parts = build + text + names_s + diff_s + sums_s + sign_s
    print(
        f"  generation: {total:.3f} s together (sum of the parts' bests {parts:.3f} s); "
        f"aim < {GENERATION_AIM_S:.0f} s, ratio aim/measured {GENERATION_AIM_S / total:.1f}"
    )
    added, removed = len(names - previous_names), len(previous_names - names)
    print(
        f"  RPZ {len(zone_bytes) / 1e6:.2f} MB ({len(zone_bytes) / 2**20:.2f} MiB), "
        f"{zone_text.count(chr(10)):,} lines; domain list {len(domains.encode()) / 1e6:.2f} MB, "
        f"{len(names):,} names ({len(entries):,} entries, "
        f"{sum(e.subdomains for e in entries):,} with subdomains); "
        f"diff {len(diff.encode()) / 1e3:.1f} kB: +{added:,} -{removed:,} names"
    )

    print(f"\n   Validation (best of {repeat}; not generation)")
    parse_s, parse_runs, records = best_of(
        repeat, lambda: rpz.parse_back(zone_text, zone=ZONE, expected_names=len(names))
    )
    _line("parse_back (strict read-back)", parse_s, parse_runs, f"   {records:,} records")
    check_s, check_runs, check = best_of(repeat, lambda: rpz.resolver_check(zone_text, zone=ZONE))
    if check["tool"] is None:
        print("  resolver_check: named-checkzone is not installed")
    else:
        _line("resolver_check (named-checkzone)", check_s, check_runs, f"   ok={check['ok']}")
        print(f"    named-checkzone said: {str(check['output']).splitlines()[-1]!r}")
    print(
        f"  generation + validation: {total + parse_s + check_s:.3f} s; "
        f"bench process peak RSS so far {_maxrss_mib():.0f} MiB"
    )
    return {
        "zone_text": zone_text,
        "domains": domains,
        "names": names,
        "generation_s": total,
        "records": records,
        "parse_s": parse_s,
        "check_s": check_s,
    }


# --- 2. lookups ----------------------------------------------------------------------------------------


def bench_lookups(args: argparse.Namespace, entries: list[rpz.Listed], domains: str) -> None:
    print(f"\n2. Lookups (BlockedNames.blocks, best of {args.repeat}, one thread)")
    build_s, build_runs, blocked = best_of(args.repeat, lambda: BlockedNames(domains.splitlines()))
    _line("BlockedNames(list lines)", build_s, build_runs, f"   {len(blocked):,} listed names")
    queries, expected = make_queries(random.Random(args.seed + 1), entries, args.queries)
    wrong = sum((blocked.blocks(q) is not None) != e for q, e in zip(queries, expected, strict=True))
    blocks = blocked.blocks

    def run() -> int:
        hits = 0
        for query in queries:
            if blocks(query) is not None:
                hits += 1
        return hits

    best, runs, hits = best_of(args.repeat, run)
    rate = len(queries) / best
    print(
        f"  {len(queries):,} lookups ({hits:,} blocked) in {best:.3f} s (runs: {_fmt_times(runs)}): "
        f"{rate:,.0f} lookups/s, {1e6 / rate:.2f} µs each; "
        f"aim ≥ {LOOKUP_AIM:,}/s, ratio {rate / LOOKUP_AIM:.1f}"
    )
    print(f"  answers differing from the expected ones: {wrong}")


# --- 3. Unbound ----------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _status(pid: int) -> dict[str, int]:
    """VmRSS/VmHWM in kB from /proc."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in {"VmRSS", "VmHWM"}:
            values[key] = int(value.split()[0])
    return values


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _header(data: bytes) -> tuple[int, int, int]:
    """id, rcode, answer count of a DNS response."""
    return int.from_bytes(data[0:2], "big"), data[3] & 0x0F, int.from_bytes(data[6:8], "big")


def _wire(names: list[str]) -> list[bytes]:
    import dns.message

    wires = []
    for index, name in enumerate(names):
        message = dns.message.make_query(name, "A")
        message.id = index & 0xFFFF
        wires.append(message.to_wire())
    return wires


def udp_rate(port: int, wires: list[bytes], window: int, timeout: float = 1.0) -> dict[str, Any]:
    """Send the queries over one UDP socket with ``window`` in flight; a query unanswered for ``timeout``
    seconds counts as lost. Returns the elapsed time and each answer's (rcode, answer count)."""
    count = len(wires)
    assert count <= 65536, "query ids must be distinct"
    answers: dict[int, tuple[int, int, bytes]] = {}
    lost: set[int] = set()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.connect(("127.0.0.1", port))
        sock.settimeout(timeout)
        sent = 0
        start = time.perf_counter()
        while sent < min(window, count):
            sock.send(wires[sent])
            sent += 1
        while len(answers) + len(lost) < count:
            try:
                data = sock.recv(4096)
            except TimeoutError:
                lost.update(i for i in range(sent) if i not in answers)
                while sent < count and sent - len(answers) - len(lost) < window:
                    sock.send(wires[sent])
                    sent += 1
                continue
            ident, rcode, ancount = _header(data)
            if ident in answers or ident in lost or ident >= sent:
                continue
            answers[ident] = (rcode, ancount, data)
            if sent < count:
                sock.send(wires[sent])
                sent += 1
        elapsed = time.perf_counter() - start
    return {"elapsed": elapsed, "answers": answers, "lost": len(lost)}


class Unbound:
    """One Unbound process on loopback with an RPZ zone file, configured as the Unbound test does."""

    def __init__(self, folder: Path, zone_text: str) -> None:
        self.folder = folder
        self.port = _free_port()
        (folder / "rpz.zone").write_text(zone_text)
        (folder / "unbound.conf").write_text(
            f"""server:
    interface: 127.0.0.1
    port: {self.port}
    do-ip6: no
    do-daemonize: no
    username: ""
    chroot: ""
    directory: "{folder}"
    pidfile: ""
    use-syslog: no
    logfile: ""
    verbosity: 1
    module-config: "respip iterator"
    access-control: 127.0.0.0/8 allow
    local-zone: "fine.example." static
    local-data: "fine.example. A 198.51.100.7"
    local-zone: "bench.invalid." static
rpz:
    name: "{ZONE}"
    zonefile: "{folder / "rpz.zone"}"
    rpz-log: no
"""
        )
        self.log = open(folder / "unbound.log", "w+")  # noqa: SIM115
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [UNBOUND, "-d", "-c", str(folder / "unbound.conf")], stdout=self.log, stderr=self.log
        )

    def wait_for(self, name: str, address: str, deadline_s: float = 120) -> float:
        """Seconds from start until ``name`` is answered with ``address``."""
        import dns.exception
        import dns.message
        import dns.query

        deadline = self.started + deadline_s
        while time.perf_counter() < deadline:
            try:
                response = dns.query.udp(
                    dns.message.make_query(name, "A"), "127.0.0.1", port=self.port, timeout=0.2
                )
                if {item.to_text() for rrset in response.answer for item in rrset} == {address}:
                    return time.perf_counter() - self.started
            except (OSError, dns.exception.Timeout):
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.01)
        self.log.seek(0)
        raise RuntimeError("Unbound did not answer:\n" + self.log.read())

    def stop(self) -> list[str]:
        """Stop it; returns the warnings and errors it logged."""
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.seek(0)
        lines = [line for line in self.log.read().splitlines() if "warning" in line or "error" in line]
        self.log.close()
        return lines


def bench_unbound(args: argparse.Namespace, entries: list[rpz.Listed], zone_text: str) -> None:
    import dns.message
    import dns.query
    import dns.rcode

    print("\n3. Unbound")
    if not Path(UNBOUND).exists():
        print("  Unbound is not installed: skipped")
        return
    version = subprocess.run([UNBOUND, "-V"], capture_output=True, text=True).stdout.splitlines()[0]
    print(f"  {version}, num-threads 1 (default), module-config respip iterator")
    rng = random.Random(args.seed + 2)
    empty_zone = rpz.build_rpz([], serial=2026112901, zone=ZONE, ipv4=IPV4, ipv6=IPV6)
    probe = next(e for e in entries if e.subdomains).domain

    with tempfile.TemporaryDirectory(prefix="thb-bench-unbound-") as tmp:
        folder = Path(tmp)
        (folder / "empty").mkdir()
        (folder / "full").mkdir()
        empty = Unbound(folder / "empty", empty_zone)
        try:
            empty_load = empty.wait_for("fine.example", "198.51.100.7")
            time.sleep(0.5)
            empty_mem = _status(empty.process.pid)
        finally:
            complaints = empty.stop()
        print(
            f"  empty RPZ zone: answering after {empty_load:.3f} s; "
            f"VmRSS {empty_mem['VmRSS'] / 1024:.1f} MiB, VmHWM {empty_mem['VmHWM'] / 1024:.1f} MiB"
        )

        full = Unbound(folder / "full", zone_text)
        try:
            load = full.wait_for(probe, IPV4)
            time.sleep(0.5)
            mem = _status(full.process.pid)
            print(
                f"  {len(entries):,} entries: blocked name answered with the stop page after {load:.3f} s "
                f"({load - empty_load:+.3f} s against the empty zone); VmRSS {mem['VmRSS'] / 1024:.1f} MiB, "
                f"VmHWM {mem['VmHWM'] / 1024:.1f} MiB; difference to the empty zone "
                f"{(mem['VmRSS'] - empty_mem['VmRSS']) / 1024:+.1f} MiB RSS "
                f"({(mem['VmRSS'] - empty_mem['VmRSS']) * 1024 / len(entries):,.0f} bytes per entry)"
            )

            # Blocked: distinct names, listed or subdomains of entries listed with their subdomains.
            count = args.unbound_queries
            blocked_names = []
            for entry in rng.sample(entries, count):
                prefix = (
                    f"{rng.choice(('www', 'x', 'cdn'))}." if entry.subdomains and rng.random() < 0.5 else ""
                )
                blocked_names.append(prefix + entry.domain)
            unlisted_names = [f"n{i}.{_label(rng)}.bench.invalid" for i in range(count)]
            for label, names, want in (
                ("blocked names (RPZ local data)", blocked_names, "stop page"),
                ("unlisted names (static local zone, NXDOMAIN)", unlisted_names, "NXDOMAIN"),
            ):
                wires = _wire(names)
                cpu_before = _cpu_seconds(full.process.pid)
                result = udp_rate(full.port, wires, args.window)
                cpu = _cpu_seconds(full.process.pid) - cpu_before
                answers = result["answers"]
                if want == "stop page":
                    good = sum(1 for rcode, ancount, _ in answers.values() if rcode == 0 and ancount == 1)
                    sample = [
                        dns.message.from_wire(answers[i][2]) for i in list(answers)[:: max(1, count // 200)]
                    ]
                    sample_ok = all(
                        {item.to_text() for rrset in m.answer for item in rrset} == {IPV4} for m in sample
                    )
                    check = (
                        f"{good:,} with one A record; {len(sample)} parsed, all the stop page: {sample_ok}"
                    )
                else:
                    good = sum(1 for rcode, _, _ in answers.values() if rcode == dns.rcode.NXDOMAIN)
                    check = f"{good:,} NXDOMAIN"
                rate = count / result["elapsed"]
                capacity = (
                    f"{count / cpu:,.0f} queries per Unbound CPU-second" if cpu > 0 else "CPU not measurable"
                )
                print(
                    f"  {label}: {count:,} queries, window {args.window}: "
                    f"{result['elapsed']:.3f} s, {rate:,.0f}/s; lost {result['lost']}; {check}; "
                    f"Unbound CPU {cpu:.2f} s ({capacity})"
                )

            sequential = blocked_names[: args.unbound_sequential]
            start = time.perf_counter()
            good = 0
            for name in sequential:
                response = dns.query.udp(
                    dns.message.make_query(name, "A"), "127.0.0.1", port=full.port, timeout=2
                )
                good += {item.to_text() for rrset in response.answer for item in rrset} == {IPV4}
            elapsed = time.perf_counter() - start
            print(
                f"  dnspython dns.query.udp one at a time: {len(sequential):,} blocked names in "
                f"{elapsed:.3f} s, {len(sequential) / elapsed:,.0f}/s ({good:,} answered with the stop page)"
            )
            after = _status(full.process.pid)
            print(
                f"  after the queries: VmRSS {after['VmRSS'] / 1024:.1f} MiB, "
                f"VmHWM {after['VmHWM'] / 1024:.1f} MiB"
            )
        finally:
            complaints += full.stop()
        print(f"  warnings and errors in Unbound's logs: {len(complaints)}")
        for line in complaints[:5]:
            print(f"    {line}")


# --- 4. release_publish on PostgreSQL -------------------------------------------------------------------


def bench_release_publish(args: argparse.Namespace, entries: list[rpz.Listed], taken: set[str]) -> None:
    import psycopg

    print("\n4. release_publish end to end (PostgreSQL)")
    name = args.database.rsplit("/", 1)[1]
    admin_url = args.database.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    var = tempfile.TemporaryDirectory(prefix="thb-bench-var-")
    try:
        os.environ.update(
            {
                "THB_ENV": "test",
                "DEBUG": "0",
                "DATABASE_URL": args.database,
                "THB_VAR_DIR": var.name,
                "LOG_LEVEL": "WARNING",
                "THB_BLOCKING_MASS_CHANGE_LIMIT": str(10 * len(entries) + 10_000),
                "DJANGO_SETTINGS_MODULE": "config.settings",
            }
        )
        import django

        django.setup()
        _release_publish_run(args, entries, taken)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        var.cleanup()
        print(f"  database {name} dropped")


def _release_publish_run(args: argparse.Namespace, entries: list[rpz.Listed], taken: set[str]) -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from thb.blocking.models import BlockEntry, EntryStatus, Release, Scope
    from thb.blocking.services import releases
    from thb.core.models import OrganisationKind
    from thb.core.roles import Role
    from thb.core.tests.factories import OrganisationFactory, UserFactory

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"  migrate: {time.perf_counter() - start:.1f} s")
    fccu = OrganisationFactory(slug="fccu-bench", kind=OrganisationKind.POLICE_FCCU)
    officer = UserFactory(organisation=fccu, role=Role.BLOCKLIST_OFFICER, username="bench-officer")
    now = timezone.now()

    def insert(batch: list[rpz.Listed]) -> None:
        BlockEntry.objects.bulk_create(
            [
                BlockEntry(
                    organisation=fccu,
                    domain=e.domain,
                    domain_unicode=e.domain,
                    scope=Scope.SUBDOMAINS if e.subdomains else Scope.EXACT,
                    status=EntryStatus.APPROVED,
                    magistrate_order_reference="BENCH",
                    last_verified_at=now,
                    next_review_due=now + timedelta(days=90),
                )
                for e in batch
            ],
            batch_size=5000,
        )

    start = time.perf_counter()
    insert(entries)
    print(f"  bulk_create of {len(entries):,} approved entries: {time.perf_counter() - start:.1f} s")

    # Time the steps by wrapping module functions (looked up at call time), without touching the code.
    steps: dict[str, float] = {}

    def timed(module: Any, attribute: str, label: str) -> Callable[[], None]:
        original = getattr(module, attribute)

        def wrapper(*a: Any, **k: Any) -> Any:
            begin = time.perf_counter()
            try:
                return original(*a, **k)
            finally:
                steps[label] = steps.get(label, 0.0) + time.perf_counter() - begin

        setattr(module, attribute, wrapper)
        return lambda: setattr(module, attribute, original)

    queries = [0]

    def count_queries(execute: Callable, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries[0] += 1
        return execute(sql, params, many, context)

    def publish(label: str) -> Any:
        steps.clear()
        queries[0] = 0
        restore = [
            timed(releases, "release_candidate", "candidate query (entries loaded)"),
            timed(releases, "_build", "_build (files, validation, Release insert)"),
            timed(releases.rpz, "build_rpz", "  build_rpz"),
            timed(releases.rpz, "parse_back", "  parse_back"),
            timed(releases.rpz, "resolver_check", "  resolver_check"),
        ]
        gc.collect()
        try:
            with connection.execute_wrapper(count_queries):
                begin = time.perf_counter()
                release = releases.release_publish(actor=officer, organisation=fccu)
                total = time.perf_counter() - begin
        finally:
            for undo in restore:
                undo()
        assert isinstance(release, Release), f"a request for a second approval came back: {release!r}"
        rest = (
            total
            - steps["candidate query (entries loaded)"]
            - steps["_build (files, validation, Release insert)"]
        )
        print(
            f"  {label}: {total:.1f} s, {queries[0]:,} SQL queries; release {release.serial}, "
            f"{release.domain_count:,} entries, +{release.added_count:,} -{release.removed_count:,}, "
            f"resolver ok={release.validation['resolver']['ok']}"
        )
        for step, seconds in steps.items():
            print(f"    {step:<46} {seconds:7.2f} s")
        print(f"    {'the rest (status updates, transitions, audit)':<46} {rest:7.2f} s")
        return release

    first = publish("first release (all entries newly approved)")
    published = BlockEntry.objects.filter(organisation=fccu, status=EntryStatus.PUBLISHED).count()
    same = first.rpz == rpz.build_rpz(
        entries,
        serial=first.serial,
        zone=settings.THB_RPZ_ZONE,
        ipv4=settings.THB_STOP_PAGE_IPV4,
        ipv6=settings.THB_STOP_PAGE_IPV6,
    )
    print(f"    entries now published: {published:,}; RPZ identical to the pure build: {same}")

    rng = random.Random(args.seed + 3)
    change = max(1, len(entries) // 200)
    gone = rng.sample([e.domain for e in entries], change)
    BlockEntry.objects.filter(organisation=fccu, domain__in=gone).update(status=EntryStatus.REMOVED)
    insert(make_entries(rng, change, taken))
    publish(f"second release (~1 %: {change:,} removed, {change:,} approved)")
    print(f"  bench process peak RSS {_maxrss_mib():.0f} MiB")


# --- main ----------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--domains", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1_000_000, help="lookups through BlockedNames")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--unbound-queries", type=int, default=60_000, help="at most 65,536 (query ids)")
    parser.add_argument("--unbound-sequential", type=int, default=2_000)
    parser.add_argument("--window", type=int, default=64, help="UDP queries in flight to Unbound")
    parser.add_argument("--database", default="postgres://root@127.0.0.1:5432/thb_bench_blocking")
    parser.add_argument("--skip-unbound", action="store_true")
    parser.add_argument("--skip-db", action="store_true")
    args = parser.parse_args()

    print(
        f"bench/blocking.py: {args.domains:,} domains, seed {args.seed}, {os.cpu_count()} CPUs, "
        f"Python {sys.version.split()[0]}"
    )
    rng = random.Random(args.seed)
    taken: set[str] = set()
    start = time.perf_counter()
    entries = make_entries(rng, args.domains, taken)
    # The previous release: ~1 % different — 0.5 % of today's entries not yet in it, 0.5 % since removed.
    change = max(1, args.domains // 200)
    new = set(rng.sample(range(len(entries)), change))
    previous = [e for i, e in enumerate(entries) if i not in new] + make_entries(rng, change, taken)
    print(f"data: {len(entries):,} entries and a previous list made in {time.perf_counter() - start:.2f} s")

    generated = bench_generation(args, entries, previous)
    bench_lookups(args, entries, generated["domains"])
    if args.skip_unbound:
        print("\n3. Unbound: skipped (--skip-unbound)")
    else:
        bench_unbound(args, entries, generated["zone_text"])
    if args.skip_db:
        print("\n4. release_publish: skipped (--skip-db)")
    else:
        bench_release_publish(args, entries, taken)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
