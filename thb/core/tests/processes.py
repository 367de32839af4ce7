"""Real processes for the fault and load tests and the benches: gunicorn with its environment, an SMTP
sink that records what arrives (and can act at the moment a message arrives, to cut a sender mid-send), a
private ``redis-server`` as the broker, ``celery`` processes in their own process group so that a kill
reaches the pool, a private PostgreSQL server to crash and restart, ``thb shell`` for setting up and counting
in another process. Nothing here is a stub: each starts the real program."""

from __future__ import annotations

import email
import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parents[3]
BIN = ROOT / ".venv" / "bin"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(predicate, timeout: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return bool(predicate())


# --- the web server -------------------------------------------------------------------------------------


def platform_env(scratch: Path, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of platform processes a test or bench starts: this process's, without its database,
    broker settings or profile, with fresh secrets and ``scratch`` as the var folder. Processes that must
    read each other's encrypted rows (a setup shell and the server) share one."""
    from cryptography.fernet import Fernet

    inherited = {
        k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "DATABASE_URL", "THB_ENV"))
    }
    return {
        **inherited,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "THB_FIELD_KEYS": Fernet.generate_key().decode(),
        "DATABASE_URL": database_url,
        "THB_VAR_DIR": str(scratch),
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def production_env(
    base: dict[str, str], scratch: Path, *, broker_url: str, workers: int, threads: int
) -> dict[str, str]:
    """``base`` (platform_env) with the production profile gunicorn runs under here: loopback host, no HTTPS
    redirect, no public rate limit (the load is the point), ``workers`` x ``threads``."""
    return {
        **base,
        "THB_ENV": "production",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CELERY_BROKER_URL": broker_url,
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(scratch / "static"),
        "THB_PUBLIC_RATE_PER_MINUTE": "10000000",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_THREADS": str(threads),
    }


def recreate_database(url: str) -> tuple[str, str]:
    """Drop and create the scratch database of ``url``; returns its name and the maintenance URL."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    return name, admin_url


def start_gunicorn(env: dict[str, str], *, timeout: float = 60) -> tuple[subprocess.Popen, int]:
    """gunicorn with config/gunicorn.conf.py on a free port, returned once /healthz answers 200."""
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi"],
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            probe.request("GET", "/healthz")
            if probe.getresponse().status == 200:
                return server, port
        except OSError:
            pass
        if time.monotonic() > deadline:
            server.terminate()
            raise RuntimeError("gunicorn did not start")
        time.sleep(0.5)


# --- the SMTP sink ---------------------------------------------------------------------------------------


@dataclass
class Arrival:
    at: float
    event_id: str
    message_id_ok: bool


class Sink:
    """Records every message's arrival time and event id. ``on_next_message`` (if set) is called once, after
    the message is recorded and before the sink answers: the sender is then cut in the middle of a send."""

    def __init__(self) -> None:
        self.arrivals: list[Arrival] = []
        self.lock = threading.Lock()
        self.on_next_message = None

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd calls it by this name
        now = time.time()
        message = email.message_from_bytes(envelope.content)
        event_id = str(message.get("X-THB-Event-Id", "")).strip()
        ok = str(message.get("Message-ID", "")).strip() == f"<{event_id}@thb-platform>"
        with self.lock:
            self.arrivals.append(Arrival(now, event_id, ok))
            hook, self.on_next_message = self.on_next_message, None
        if hook is not None:
            hook()
        return "250 Message accepted for delivery"

    def since(self, index: int) -> list[Arrival]:
        with self.lock:
            return list(self.arrivals[index:])

    def count(self) -> int:
        with self.lock:
            return len(self.arrivals)


# --- the broker and the background processes ---------------------------------------------------------------


class Redis:
    """A private redis-server (no persistence): the machine's shared Redis is never touched."""

    def __init__(self, port: int, scratch: Path) -> None:
        self.port, self.scratch, self.process = port, scratch, None
        self.log = open(scratch / "redis.log", "a")  # noqa: SIM115 - closed in close()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.scratch),
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=1)

        def up() -> bool:
            try:
                return bool(client.ping())
            except redis.RedisError:
                return False

        if not wait_for(up, 15):
            raise RuntimeError("the private redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # in case it was frozen
            self.process.terminate()
            self.process.wait(timeout=15)

    def freeze(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def close(self) -> None:
        self.stop()
        self.log.close()


class Celery:
    """``celery -A config <args>`` in its own process group, so that a kill reaches its pool processes."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], scratch: Path) -> None:
        self.name, self.args, self.env, self.scratch = name, args, env, scratch
        self.process: subprocess.Popen | None = None
        self.starts = 0

    @property
    def log_path(self) -> Path:
        return self.scratch / f"{self.name}-{self.starts}.log"

    def start(self, *, ready=None) -> None:
        """Starts it; ``ready`` (a callable) is waited for, at most 60 s."""
        self.starts += 1
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", *self.args, "--loglevel=INFO"],
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if ready is not None and not wait_for(ready, 60, step=0.5):
            raise RuntimeError(f"{self.name} did not start:\n{self.tail()}")

    def kill(self) -> None:
        """SIGKILL to the whole group: the main process and its pool processes die at once."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@contextmanager
def celery_broker(url: str) -> Iterator[None]:
    """Points this process's Celery app at ``url`` (no connection retries) for the block. The app's
    connection and producer pools are set aside, not closed — later tests of this process keep using them —
    and restored afterwards; the pools made for ``url`` are closed."""
    from config.celery import app

    conf = app.conf
    before = (conf.broker_url, conf.broker_connection_retry, conf.broker_connection_max_retries)
    pool, producers = app._pool, app.amqp._producer_pool
    conf.broker_url = url
    conf.broker_connection_retry = False
    conf.broker_connection_max_retries = 0
    app._pool = app.amqp._producer_pool = None  # fresh pools, on this broker
    try:
        yield
    finally:
        if app._pool is not None:
            app._pool.force_close_all()
        app._pool, app.amqp._producer_pool = pool, producers
        conf.broker_url, conf.broker_connection_retry, conf.broker_connection_max_retries = before


# --- a private PostgreSQL server (to restart it, or crash it, without touching the machine's) -------------


class PrivatePostgres:
    """A PostgreSQL cluster of its own under ``scratch`` (initdb, trust authentication, loopback only), run as
    the ``postgres`` system user when this process is root (PostgreSQL refuses to run as root)."""

    def __init__(self, scratch: Path, port: int) -> None:
        import glob

        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not found:
            raise RuntimeError("PostgreSQL's server programs are not installed (/usr/lib/postgresql/*/bin)")
        self.bin = Path(found[-1]).parent
        self.scratch, self.port = scratch, port
        self.data = scratch / "pgdata"
        self.log = scratch / "postgres.log"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def init(self) -> None:
        self.scratch.chmod(0o755)
        self.data.mkdir(mode=0o700)
        if os.geteuid() == 0:
            import shutil

            shutil.chown(self.data, "postgres", "postgres")
            self.log.touch()
            shutil.chown(self.log, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def crash_and_restart(self) -> None:
        """``immediate`` mode: no checkpoint, the server recovers from its write-ahead log on start — what a
        power cut or a killed server leaves. Only what was committed (and so fsynced) may come back."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        self.start()

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def copy_database(self, source_url: str, name: str) -> None:
        """A database ``name`` holding ``source_url``'s schema and rows (pg_dump → psql): quicker than
        migrating from nothing."""
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        dump = subprocess.run(
            ["pg_dump", "--no-owner", "--no-privileges", source_url],
            check=True,
            capture_output=True,
            timeout=120,
        )
        subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", self.url(name)],
            input=dump.stdout,
            check=True,
            capture_output=True,
            timeout=120,
        )


# --- the test database, seen from other processes -------------------------------------------------------


def current_database_url() -> str:
    """The URL of the database this test runs on (pytest-django's test database, per xdist worker), for
    the real processes a test starts: they must see the rows a transactional test committed."""
    from django.db import connection

    db = connection.settings_dict
    user = db.get("USER") or "root"
    return f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def thb_shell(code: str, env: dict[str, str], stdin: str = "") -> dict:
    """Runs ``code`` in ``thb shell`` with ``env`` (the same secrets as the server under test) and returns
    the JSON object its last line prints."""
    import json

    done = subprocess.run(
        [str(BIN / "thb"), "shell", "-c", code],
        env=env,
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


RECEIPTS_STORED = """
import json, sys
from collections import Counter
from thb.hotline.models import Contact
from thb.hotline.receipts import receipt_digest
receipts = json.load(sys.stdin)
digests = [receipt_digest(receipt) for receipt in receipts]
stored = Counter(Contact.objects.filter(receipt_digest__in=digests).values_list("receipt_digest", flat=True))
missing = sum(1 for digest in digests if stored[digest] == 0)
twice = sum(1 for digest in digests if stored[digest] > 1)
print(json.dumps({"missing": missing, "twice": twice, "stored": sum(stored.values())}))
"""


def receipts_stored(receipts: list[str], env: dict[str, str]) -> dict:
    """Of the reports answered 201 (their receipts), how many are stored: missing, twice, stored."""
    import json

    return thb_shell(RECEIPTS_STORED, env, json.dumps(receipts))


def needs_root(reason: str) -> NoReturn:
    """A test that needs what only root may do (mount a tmpfs, run PostgreSQL as its own user) and cannot
    have it: skipped on a developer's machine, failed in CI (`.ci/run` sets ``THB_CI=1``, and runs as root),
    so that CI never passes by skipping it."""
    import pytest

    if os.environ.get("THB_CI"):
        pytest.fail(reason)
    pytest.skip(reason)
