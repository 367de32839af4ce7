"""``thb actionplan load [--file PLAN.yaml]``: load (or refresh) an action plan; the 2008 plan by default."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from thb.actionplan.loader import PLAN_2008, PlanFileError, load_plan


class Command(BaseCommand):
    help = "Load an action plan and its points (idempotent: statuses and progress are kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load or refresh a plan from its YAML file")
        load.add_argument("--file", default=str(PLAN_2008), help="the plan file (default: the 2008 plan)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            plan = load_plan(Path(options["file"]))
        except PlanFileError as error:
            self.stderr.write(f"thb actionplan: {error}")
            sys.exit(2)
        self.stdout.write(f"action plan {plan.slug}: {plan.points.count()} points")
