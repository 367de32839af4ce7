"""``thb match dedupe INPUT.csv --id-column ID --output CLUSTERS.csv [--threshold P]`` (issue 8 §2, a
contract): writes ``ID,cluster_id`` for every input row. A missing file, a missing or repeated id, or too
few recognised columns: a clear message on standard error and exit code 2."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from thb.core.exports import ExportWriteError
from thb.investigations.matching.dedupe import DedupeInputError, dedupe, write_clusters


class Command(BaseCommand):
    help = "Find the records that are the same person, company, phone or account (Splink on DuckDB)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("dedupe", help="cluster the rows of a CSV file that describe the same entity")
        run.add_argument("input", help="the CSV file (a header row; columns recognised by name)")
        run.add_argument("--id-column", required=True, help="the column holding each row's id")
        run.add_argument("--output", required=True, help="where to write ID,cluster_id")
        run.add_argument("--threshold", type=float, default=0.9, help="match probability to link (0.9)")

    def handle(self, *args: Any, **options: Any) -> None:
        logging.getLogger("splink").setLevel(logging.ERROR)
        started = time.monotonic()
        try:
            result = dedupe(
                Path(options["input"]),
                options["id_column"],
                threshold=options["threshold"],
                memory_limit=settings.THB_MATCH_MEMORY_LIMIT,
                backend=settings.THB_MATCH_BACKEND,
                spark_master=settings.THB_SPARK_MASTER,
            )
            write_clusters(result.clusters, Path(options["output"]), options["id_column"])
        except DedupeInputError as error:
            self.stderr.write(f"thb match: {error}")
            sys.exit(2)
        except ExportWriteError as error:
            self.stderr.write(f"thb match: {error}")
            sys.exit(2)
        except OSError as error:
            self.stderr.write(f"thb match: cannot read {options['input']}: {error.strerror}")
            sys.exit(2)
        self.stderr.write(
            f"{len(result.clusters)} rows, {result.cluster_count} clusters, "
            f"{result.pairs_above_threshold} pairs above {options['threshold']} "
            f"in {time.monotonic() - started:.1f} s"
        )
