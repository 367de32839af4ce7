"""``thb rotate-keys``: re-encrypt every encrypted column with the newest key (DESIGN.md §4, issue 2 §6).

The rotation procedure (README "Key rotation"):

1. ``thb generate-field-key`` and put the new key first: ``THB_FIELD_KEYS=new,old``; restart every process;
2. ``thb rotate-keys`` rewrites every row still encrypted with an older key, and prints the count per field;
3. remove the old key (``THB_FIELD_KEYS=new``) and restart.

With a single key there is nothing to rotate to, so the command refuses (exit status 1) and says what to do;
``--force`` runs it anyway as a check that every stored value is readable with that key (it rewrites
nothing). Each run that completes writes one ``encryption.rotate_keys`` audit event with the counts; no key
material is ever printed or recorded. Running it twice is harmless: the second run rewrites 0 rows.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from thb.core.audit import record_change
from thb.core.encryption import rotate_keys
from thb.core.exceptions import ConfigurationError


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted column with the newest key of THB_FIELD_KEYS "
        "(put the new key first, restart, run this, then drop the old key)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when THB_FIELD_KEYS holds a single key (a check that every value is readable).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=500,
            help="Rows read and rewritten per transaction (default 500).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default).")

    def handle(self, *args: Any, force: bool, batch_size: int, database: str, **options: Any) -> None:
        key_count = len(settings.THB_FIELD_KEYS)
        if key_count == 0:
            raise CommandError("THB_FIELD_KEYS is empty: there is no key to encrypt with.")
        if key_count == 1 and not force:
            raise CommandError(
                "THB_FIELD_KEYS holds a single key, so there is nothing to rotate to: rotating would rewrite "
                "no row. To rotate, run `thb generate-field-key`, set THB_FIELD_KEYS=<new key>,<old key>, "
                "restart every process, then run `thb rotate-keys` again. "
                "Use --force to check that every stored value is readable with the current key."
            )
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            counts = rotate_keys(batch_size=batch_size, using=database)
        except ConfigurationError as exc:
            raise CommandError(exc.message) from exc
        total = sum(counts.values())
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label}: {count} rows re-encrypted")
        record_change(
            actor=None,
            action="encryption.rotate_keys",
            changes={label: {"rows_rewritten": count} for label, count in sorted(counts.items())},
            reason=f"{total} rows re-encrypted with the newest of {key_count} keys",
        )
        if key_count == 1:
            self.stdout.write(
                "A single key is configured: every value is readable with it; nothing to rotate."
            )
        message = f"{total} rows re-encrypted in {len(counts)} encrypted fields."
        self.stdout.write(self.style.SUCCESS(message))
