"""``thb serve``: the web server and the background worker (with its scheduler) together, for ``make run``.

Production runs them as separate services (README "Production"): gunicorn, ``celery -A config worker`` and
``celery -A config beat``. Here one command starts both and stops both, so that periodic jobs really run in
the embedded set-up too (issue 2 §10).
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the web server and the background worker with its scheduler (development)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--no-worker", action="store_true", help="Start the web server only.")

    def handle(self, *args: Any, port: int, host: str, no_worker: bool, **options: Any) -> None:
        worker = None
        if not no_worker:
            worker = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "--beat",
                    "--pool=solo",
                    "--loglevel=INFO",
                    "--schedule",
                    settings.CELERY_BEAT_SCHEDULE_FILENAME,
                    "--hostname",
                    "thb-embedded@%h",
                ],
            )
            self.stdout.write(f"Background worker started (pid {worker.pid}).")
        self.stdout.write(
            self.style.SUCCESS(f"THB Platform at http://{host}:{port}/fr/  (staff: /fr/staff/)")
        )
        try:
            call_command("runserver", f"{host}:{port}", use_reloader=False)
        finally:
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    worker.kill()
