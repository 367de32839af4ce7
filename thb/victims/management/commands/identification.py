"""``thb identification`` (issue 6 §2; contracts):

    thb identification indicators --list LIST
        prints [{"id", "dimension", "strength", "text": {"fr", "nl", "de", "en"}}] for LIST in
        adult_labour, adult_sexual, child_labour, child_sexual
    thb identification assess --input FILE.json      ("-" reads standard input)
        with {"list": LIST, "indicators": [ids]} prints
        {"victim": bool, "dimensions": {<dimension>: {"present", "strong", "medium", "weak"}},
         "reasons": [...]}

Unknown lists or ids, or a malformed input, give a clear message on standard error and exit code 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thb.victims.indicators import LISTS, UnknownListError, indicator_list
from thb.victims.scoring import UnknownIndicatorError, assess


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "The ILO/EC operational indicators: list them, score an assessment."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("indicators", help="print a list's indicators as JSON")
        listing.add_argument("--list", dest="list_name", required=True)
        scoring = sub.add_parser("assess", help="score ticked indicators")
        scoring.add_argument("--input", required=True, help='JSON file {"list", "indicators"}, or -')

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "indicators":
            self._indicators(options["list_name"])
        else:
            self._assess(options["input"])

    def _indicators(self, name: str) -> None:
        try:
            found = indicator_list(name)
        except UnknownListError as exc:
            raise _fail(str(exc)) from exc
        self.stdout.write(json.dumps([i.as_json() for i in found.indicators], ensure_ascii=False, indent=2))

    def _assess(self, source: str) -> None:
        try:
            raw = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
            data = json.loads(raw)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise _fail(f"{source}: not a readable JSON file: {exc}") from exc
        if not isinstance(data, dict) or set(data) - {"list", "indicators"}:
            raise _fail(f'{source}: expected {{"list": LIST, "indicators": [ids]}} and nothing else')
        name, ids = data.get("list"), data.get("indicators")
        if not isinstance(name, str):
            raise _fail(f'{source}: "list" must be one of {", ".join(LISTS)}')
        if not isinstance(ids, list) or not all(isinstance(item, str) for item in ids):
            raise _fail(f'{source}: "indicators" must be a list of indicator ids')
        try:
            result = assess(indicator_list(name), ids)
        except (UnknownListError, UnknownIndicatorError) as exc:
            raise _fail(str(exc)) from exc
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
