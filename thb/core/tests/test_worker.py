"""The background worker runs for real (issue 2 §10): a Celery worker process, a real broker, the database.

Two set-ups are proven: production's (Redis broker, a task sent by the web side) and the embedded one of
``make run`` (file-system transport under var/, worker with its beat scheduler running the periodic jobs).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from thb.core.models import WorkerHeartbeat

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("THB_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _database_url() -> str:
    """The URL of the test database this test process uses, for the worker subprocess."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    auth = f"{user}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def _worker_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "DATABASE_URL"))}
    env.update(
        THB_ENV="test",
        THB_VAR_DIR=str(tmp_path),
        DATABASE_URL=_database_url(),
        SECRET_KEY=settings.SECRET_KEY,
        THB_FIELD_KEYS=",".join(settings.THB_FIELD_KEYS),
        CELERY_TASK_ALWAYS_EAGER="0",
        **extra,
    )
    return env


def _wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator:
    processes: list[subprocess.Popen] = []

    def start(args: list[str], **env: str) -> subprocess.Popen:
        log = open(tmp_path / f"worker-{len(processes)}.log", "w+")  # noqa: SIM115
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                *args,
            ],
            env=_worker_env(tmp_path, **env),
            cwd=settings.BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        process.log = log  # type: ignore[attr-defined]
        processes.append(process)
        return process

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        process.log.close()  # type: ignore[attr-defined]


def _log_of(process: subprocess.Popen) -> str:
    process.log.seek(0)  # type: ignore[attr-defined]
    return process.log.read()  # type: ignore[attr-defined]


def test_a_task_sent_through_redis_is_run_by_a_separate_worker_process(start_worker):
    queue = f"thb-test-{uuid.uuid4().hex[:8]}"
    worker = start_worker(["--queues", queue], CELERY_BROKER_URL=REDIS_URL)
    job_name = f"redis-{uuid.uuid4().hex[:8]}"

    sender = Celery(broker=REDIS_URL)
    sender.send_task("thb.core.tasks.record_worker_heartbeat", args=[job_name], queue=queue)

    ran = _wait_for(lambda: WorkerHeartbeat.objects.filter(name=job_name).exists(), timeout=45)
    assert ran, "the worker did not run the task:\n" + _log_of(worker)
    assert WorkerHeartbeat.objects.get(name=job_name).runs == 1
    assert worker.poll() is None, "the worker died"


def test_embedded_worker_runs_periodic_jobs_on_the_file_system_transport(start_worker, client, tmp_path):
    """What `make run` starts (`thb serve`): worker + beat, no broker service, periodic jobs really run."""
    worker = start_worker(
        ["--beat", "--schedule", str(tmp_path / "celerybeat-schedule")],
        CELERY_BROKER_URL="filesystem://",
        THB_HEARTBEAT_SECONDS="1",
    )
    assert client.get("/healthz/worker").status_code == 503  # never seen before the worker starts

    beat_twice = _wait_for(
        lambda: WorkerHeartbeat.objects.filter(name="beat", runs__gte=2).exists(), timeout=60
    )
    assert beat_twice, "the scheduler did not run the heartbeat twice:\n" + _log_of(worker)
    response = client.get("/healthz/worker")
    assert response.status_code == 200
    assert response.json()["worker"] == "ok"
    # The worker's own lines reach the log (CELERY_WORKER_REDIRECT_STDOUTS=False): without them a broker
    # error or a failing task would leave no trace.
    assert "ready" in _log_of(worker), _log_of(worker)
