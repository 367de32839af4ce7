"""``thb hearings load-guides``: the shipped hearing guides (labour, sexual exploitation, domestic
servitude, begging and forced criminality, minors), for the guides that have no version yet."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from thb.victims.hearings import load_hearing_guides


class Command(BaseCommand):
    help = "Hearing guides: load the shipped ones."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load-guides", help="load the shipped guides (idempotent)")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        loaded = load_hearing_guides()
        self.stdout.write(f"hearing guides loaded: {', '.join(loaded) or 'none (all present)'}")
