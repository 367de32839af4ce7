"""Importing a large file into an investigation (issue 8 §1) on PostgreSQL: ``--rows`` bank transactions
(default 100,000; 2,000 accounts, 1,500 named holders, amounts and dates spread over a year) generated as a
CSV, read, normalised, checked row by row and stored whole in one transaction through the platform's
``import_table`` — entities, one statement per value with its provenance, the import's record.

Prints the rows, entities and statements, the wall time and rows per second, and the peak memory of the
process. A scratch database is created (``--database``, dropped first unless ``--keep``).

    .venv/bin/python bench/imports.py --rows 100000

Never fails on timing.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


BANKS = ("001", "063", "068", "310", "735")  # bank codes python-stdnum knows


def iban(rng: random.Random) -> str:
    """A valid Belgian IBAN (a known bank code, the account number's mod-97 check, then the IBAN's)."""
    body = rng.choice(BANKS) + f"{rng.randrange(10**7):07d}"
    account = body + f"{int(body) % 97 or 97:02d}"
    digits = "".join(str(int(c, 36)) for c in account + "BE00")
    return f"BE{98 - int(digits) % 97:02d}{account}"


def generate(rows: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    accounts = [iban(rng) for _ in range(2000)]
    holders = {account: f"Holder {n:04d}" for n, account in enumerate(accounts[:1500])}
    lines = ["date;amount;payer_iban;payer_name;beneficiary_iban;beneficiary_name;description"]
    for n in range(rows):
        payer, beneficiary = rng.sample(accounts, 2)
        day = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2025"
        amount = f"{rng.randint(5, 9999)},{rng.randint(0, 99):02d}"
        names = holders.get(payer, ""), holders.get(beneficiary, "")
        lines.append(f"{day};{amount};{payer};{names[0]};{beneficiary};{names[1]};ref {n}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database", default="postgres://root@127.0.0.1:5432/thb_bench_imports")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    import psycopg

    name = args.database.rsplit("/", 1)[1]
    with psycopg.connect(args.database.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() and not args.keep:
            admin.execute(f'DROP DATABASE "{name}"')
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    os.environ.update(
        {
            "THB_ENV": "development",
            "DEBUG": "0",
            "DATABASE_URL": args.database,
            "THB_VAR_DIR": str(ROOT / "var" / "bench"),
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from thb.core.services import organisation_save
    from thb.core.tests.factories import UserFactory
    from thb.investigations.imports.kinds import KINDS
    from thb.investigations.imports.mapper import guess_columns
    from thb.investigations.imports.reader import read_table
    from thb.investigations.imports.service import import_table
    from thb.investigations.services import investigation_open

    call_command("migrate", verbosity=0)
    police, _ = organisation_save(
        slug="bench-police", kind="police_federal_thb", names={"en": "Police"}, actor=None
    )
    office, _ = organisation_save(
        slug="bench-office", kind="prosecutor_reference", names={"en": "Office"}, actor=None
    )
    investigator = UserFactory(organisation=police, role="investigator")
    investigation = investigation_open(actor=investigator, title="Bench", magistrate_office=office)

    started = time.perf_counter()
    content = generate(args.rows)
    generated = time.perf_counter() - started
    columns = guess_columns(KINDS["bank"], read_table(content[:2000], "bank.csv").headers)
    started = time.perf_counter()
    data_import = import_table(
        investigation=investigation,
        actor=investigator,
        kind="bank",
        content=content,
        filename="bank.csv",
        columns=columns,
    )
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"file: {args.rows:,} bank transactions, {len(content) / 1e6:.1f} MB (generated in {generated:.1f} s)"
    )
    print(
        f"import: {elapsed:.1f} s, {args.rows / elapsed:,.0f} rows/s — "
        f"{data_import.entity_count:,} entities, {data_import.statement_count:,} statements"
    )
    print(f"peak memory of the process: {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
