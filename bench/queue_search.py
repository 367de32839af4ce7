"""Operator queue and search with a million contacts in PostgreSQL (issue 3 §3: p95 < 200 ms).

Fills a scratch database with ``--contacts`` contacts (COPY; names and phone numbers encrypted and
blind-indexed as the platform does: 30 % with a caller's name, 30 % with a number, ``--waiting`` in the
queue), then times, in-process through Django's test client as a signed-in operator:

* the queue page ``GET /en/staff/hotline/``;
* a search by a fragment of a caller's name, by a phone number (typed the local way) and by reference.

    .venv/bin/python bench/queue_search.py --contacts 1000000

Prints p50/p95/max per request kind; never fails on timing.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST = [
    "Ana",
    "Maria",
    "Ion",
    "Ahmed",
    "Fatima",
    "Nguyen",
    "Li",
    "Olena",
    "Ivan",
    "Jose",
    "Piotr",
    "Marta",
    "Elena",
    "Mihai",
    "Youssef",
    "Amina",
    "Tran",
    "Wei",
    "Oksana",
    "Carlos",
    "Agnieszka",
    "Rosa",
    "Andrei",
]
LAST = [
    "Popescu",
    "Ionescu",
    "Benali",
    "El Amrani",
    "Nguyen Van",
    "Zhang",
    "Kovalenko",
    "Petrenko",
    "Garcia",
    "Kowalski",
    "Nowak",
    "Dimitrov",
    "Hoxha",
    "Santos",
    "Silva",
    "Ivanova",
    "Moraru",
    "Dumitru",
    "Tkachenko",
    "Rodriguez",
    "Mendoza",
    "Reyes",
    "Stoica",
    "Georgiev",
    "Krasniqi",
]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--waiting", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--database", default="postgres://root@127.0.0.1:5432/thb_bench_queue")
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the filled database")
    parser.add_argument("--refill", action="store_true", help="refill a kept database")
    args = parser.parse_args()

    import psycopg

    name = args.database.rsplit("/", 1)[1]
    admin_url = args.database.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not args.keep:
            admin.execute(f'DROP DATABASE "{name}"')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
    os.environ.update(
        {
            "THB_ENV": "development",
            "DEBUG": "0",
            "DATABASE_URL": args.database,
            "THB_VAR_DIR": str(ROOT / "var" / "bench"),
            "THB_OTP_RELAXED": "1",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from thb.core.encryption import encrypt
    from thb.core.services import organisation_save
    from thb.core.tests.factories import UserFactory
    from thb.hotline.models import Contact
    from thb.hotline.search import _token, normalise_phone, trigrams

    call_command("migrate", verbosity=0)
    hotline, _ = organisation_save(slug="hotline", kind="hotline", names={"en": "Hotline"}, actor=None)
    operator = UserFactory(username="bench-operator", organisation=hotline, role="operator")
    rng = random.Random(42)
    if Contact.objects.count() != args.contacts or args.refill:
        with connection.cursor() as cursor:  # a kept database of another size: start again
            cursor.execute("TRUNCATE hotline_contact, hotline_contactsearchtoken RESTART IDENTITY CASCADE")
        started = time.perf_counter()
        _fill(args, hotline.pk, rng, encrypt, _token, normalise_phone, trigrams, connection, timezone)
        print(f"filled {args.contacts:,} contacts in {time.perf_counter() - started:.0f} s")
    connection.ensure_connection()
    connection.connection.autocommit = True  # VACUUM cannot run in a transaction
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE hotline_contact")  # what autovacuum does after a bulk load
        cursor.execute("VACUUM ANALYZE hotline_contactsearchtoken")
        cursor.execute("SELECT count(*) FROM hotline_contact")
        total = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM hotline_contactsearchtoken")
        tokens = cursor.fetchone()[0]

    client = Client()
    client.force_login(operator)
    references = list(Contact.objects.order_by("?").values_list("reference", flat=True)[: args.repeat])
    timings: dict[str, list[float]] = {}

    def timed(label: str, url: str, data: dict | None = None) -> None:
        begin = time.perf_counter()
        response = client.get(url, data or {})
        timings.setdefault(label, []).append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 200, (label, response.status_code)

    timed("warm-up", "/en/staff/hotline/")
    for i in range(args.repeat):
        timed("queue page", "/en/staff/hotline/")
        timed("search: name fragment", "/en/staff/hotline/", {"q": rng.choice(LAST)[:5]})
        timed("search: phone number", "/en/staff/hotline/", {"q": f"0470 {rng.randrange(10**6):06d}"})
        timed("search: reference", "/en/staff/hotline/", {"q": references[i % len(references)]})
    print(
        f"machine: {os.cpu_count()} cores; PostgreSQL; {total:,} contacts, {tokens:,} search tokens, "
        f"{args.waiting:,} waiting; {args.repeat} requests per kind (in-process, signed-in operator)"
    )
    for label, values in timings.items():
        if label == "warm-up":
            continue
        print(
            f"{label:24s} p50 {statistics.median(values):7.1f} ms   p95 {percentile(values, 95):7.1f} ms"
            f"   max {max(values):7.1f} ms"
        )
    if not args.keep:
        connection.close()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}"')
    return 0


def _fill(
    args, organisation_id, rng, encrypt, token, normalise_phone, trigrams, connection, timezone
) -> None:
    """COPY the contacts and their search tokens in batches."""
    from thb.hotline.models import Contact

    fields = [f for f in Contact._meta.concrete_fields if f.column != "id"]
    columns = ", ".join(f.column for f in fields)
    narrative = encrypt("Bench narrative: a signal received by the hotline.")
    names = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(20_000)]
    encrypted_names = [encrypt(n) for n in names]
    name_tokens = [sorted({token("t", f"{organisation_id}:{g}") for g in trigrams(n)}) for n in names]
    now = timezone.now()
    next_id = 1
    batch = 50_000
    raw = connection.connection
    for start in range(0, args.contacts, batch):
        contacts, search_rows = [], []
        for i in range(start, min(start + batch, args.contacts)):
            waiting = i < args.waiting
            name_index = rng.randrange(len(names)) if rng.random() < 0.3 else None
            phone = f"+32470{i:06d}" if rng.random() < 0.3 else None
            received = now - timedelta(minutes=i)
            values = {
                "uuid": uuid.uuid4(),
                "created_at": received,
                "updated_at": received,
                "organisation_id": organisation_id,
                "reference": f"B{i:011d}",
                "channel": "web" if i % 3 else "phone",
                "signal_type": "tip",
                "non_data_kind": "",
                "status": "new" if waiting else "closed",
                "received_at": received,
                "language": rng.choice(["fr", "nl", "ro", "ar", "en"]),
                "language_detected": False,
                "interpreter_service_id": None,
                "reporter_role": "",
                "sector": "",
                "exploitation": "[]",
                "postcode": "",
                "judicial_district_id": None,
                "region": "",
                "country": "",
                "victims_count": None,
                "minors_count": None,
                "minor_involved": None,
                "nationalities": "[]",
                "immediate_danger": False,
                "urgent": waiting and i % 50 == 0,
                "heard_from": "",
                "campaign_code": "",
                "indicators": "[]",
                "narrative": narrative,
                "caller_name": encrypted_names[name_index] if name_index is not None else "",
                "caller_phone": encrypt(phone) if phone else "",
                "outcome": "",
                "claimed_by_id": None,
                "claimed_at": None,
                "callback_due_at": None,
                "awaiting_hotline_since": received if waiting else None,
                "closed_at": None if waiting else received,
                "receipt_digest": None,
                "retain_until": now + timedelta(days=365),
            }
            contacts.append([values[f.attname] for f in fields])
            contact_id = next_id + (i - start)
            if name_index is not None:
                search_rows.extend((contact_id, t) for t in name_tokens[name_index])
            if phone:
                search_rows.append((contact_id, token("p", f"{organisation_id}:{normalise_phone(phone)}")))
        with raw.cursor() as cursor:
            with cursor.copy(f"COPY hotline_contact ({columns}) FROM STDIN") as copy:
                for row in contacts:
                    copy.write_row(row)
            with cursor.copy("COPY hotline_contactsearchtoken (contact_id, token) FROM STDIN") as copy:
                for row in search_rows:
                    copy.write_row(row)
        raw.commit()
        next_id += len(contacts)


if __name__ == "__main__":
    sys.exit(main())
