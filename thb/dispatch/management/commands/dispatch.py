"""``thb dispatch simulate --facts FACTS.json [--procedure FILE.yaml]`` (issue 4 §1; a contract): prints
``{"referrals": [{"partner_kind", "organisation", "rule", "legal_basis", "disclosure", "ack_within_hours",
"priority"}], "explanation": [...]}`` for the facts, with the active procedure or the file given."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from pydantic import ValidationError

from thb.dispatch.directory import Directory
from thb.dispatch.engine import decide
from thb.dispatch.facts import Facts
from thb.dispatch.procedure import parse_procedure
from thb.dispatch.selectors import active_procedure
from thb.dispatch.yamlsource import format_path


class Command(BaseCommand):
    help = "Simulate the dispatch of a contact's facts."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        simulate = sub.add_parser("simulate", help="print the referrals a procedure proposes for some facts")
        simulate.add_argument("--facts", required=True, help="JSON file of facts (- for standard input)")
        simulate.add_argument("--procedure", help="a procedure file instead of the active procedure")

    def handle(self, *args: Any, facts: str, procedure: str | None, **options: Any) -> None:
        try:
            raw = sys.stdin.read() if facts == "-" else Path(facts).read_text(encoding="utf-8")
            data = json.loads(raw)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"{facts}: not a readable JSON file: {exc}") from exc
        if not isinstance(data, dict):
            raise CommandError(f"{facts}: the facts are a JSON object")
        try:
            parsed_facts = Facts.model_validate(data)
        except ValidationError as exc:
            for problem in exc.errors():
                message = "unknown fact (a typo?)" if problem["type"] == "extra_forbidden" else problem["msg"]
                self.stderr.write(f"{facts}: {format_path(tuple(problem['loc'])) or '-'}: {message}")
            sys.exit(1)
        if procedure:
            try:
                source = Path(procedure).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"{procedure}: cannot read it: {exc}") from exc
            parsed = parse_procedure(source)
            if parsed.procedure is None:
                for error in parsed.errors:
                    self.stderr.write(f"{procedure}:{error.line}: {error.path or '-'}: {error.message}")
                sys.exit(1)
            compiled = parsed.procedure
        else:
            active = active_procedure()
            if active is None:
                raise CommandError("no procedure is active (thb procedures install-default)")
            compiled = active[1]
        decision = decide(compiled, parsed_facts, Directory.from_database())
        self.stdout.write(json.dumps(decision.as_json(), ensure_ascii=False, indent=2))
