"""``thb load-reference``: load Belgium's regions, provinces, judicial districts and postcode ranges.

Run by ``make run`` after ``migrate`` and safe to rerun (a second run changes nothing and writes no audit
row). ``--file`` loads another file of the same format (e.g. a corrected copy under review); a file that
fails validation is refused with the offending entry named and nothing written. The command's file name
has a hyphen like the other ``thb`` commands: Django imports commands by module name with ``importlib``,
which accepts it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thb.core.reference import ReferenceDataError
from thb.core.reference.loader import load_reference


class Command(BaseCommand):
    help = "Load Belgium's regions, provinces, judicial districts and postcode ranges (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file", type=Path, default=None, help="Another file in the format of belgium.json."
        )

    def handle(self, *args: Any, file: Path | None, **options: Any) -> None:
        try:
            counts = load_reference(path=file)
        except ReferenceDataError as exc:
            raise CommandError(f"Reference data not loaded: {exc.message}") from exc
        changes = counts.pop("changes")
        for key, count in counts.items():
            self.stdout.write(f"{key.replace('_', ' ')}: {count}")
        if changes:
            self.stdout.write(
                self.style.SUCCESS(f"Reference data loaded ({changes} rows created or changed).")
            )
        else:
            self.stdout.write("Reference data already up to date; nothing changed.")
