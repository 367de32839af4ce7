"""``thb residence simulate --events FILE.json`` (issue 7 §1, a contract): the residence engine on a path
and its events, printing ``{"phase", "document", "valid_until", "next_actions", "history", "warnings"}``.
A malformed file, an unknown event or an event the rules do not allow in the current phase: a clear
message on standard error and exit code 2 — never a silent accept."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from thb.residence.engine import EventNotAllowedError, ResidenceInputError, parse_input, simulate


class Command(BaseCommand):
    help = "The residence procedure's rules applied to a path and its events (see docs/residence.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        simulate_parser = sub.add_parser("simulate", help="print the state after the events of FILE.json")
        simulate_parser.add_argument("--events", required=True, help='a JSON file ({"path", "events"}) or -')

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["events"]
        try:
            text = sys.stdin.read() if source == "-" else open(source, encoding="utf-8").read()  # noqa: SIM115
            raw = json.loads(text)
        except OSError as error:
            self._fail(f"cannot read {source}: {error.strerror}")
        except json.JSONDecodeError as error:
            self._fail(f"{source} is not JSON: {error.msg} (line {error.lineno}, column {error.colno})")
        try:
            path, events, as_of = parse_input(raw)
            state = simulate(path, events, as_of=as_of)
        except (ResidenceInputError, EventNotAllowedError) as error:
            self._fail(str(error))
        self.stdout.write(json.dumps(state.as_json(), ensure_ascii=False, indent=2))

    def _fail(self, message: str) -> None:
        self.stderr.write(f"thb residence: {message}")
        sys.exit(2)
