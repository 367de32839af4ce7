"""Logs carry no personal data and no secrets (DESIGN.md §4, issue 2 §9).

Unit tests of the scrubbing, then the real thing: the development server and gunicorn are started as
processes, sent requests with a distinctive user agent, a forwarded client address and a receipt code in the
query string, and their whole output is searched.
"""

from __future__ import annotations

import http.client
import io
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from thb.core.logging import REDACTED_AGENT, REDACTED_IP, REDACTED_SECRET, PersonalDataFilter, scrub

BASE_DIR = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent

AGENT = "Mozilla/5.0 (X11) UniqueAgent/9.9"
FORWARDED = "203.0.113.77, 2001:db8::77"
RECEIPT = "RCPT-H2-4471"
MISSING_PAGE = "/en/no-such-page-h2/"


# --- scrub ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("client 203.0.113.77 connected", f"client {REDACTED_IP} connected"),
        ("127.0.0.1:8000", f"{REDACTED_IP}:8000"),
        ("from 10.0.0.255.", f"from {REDACTED_IP}."),
        ("forwarded for 10.0.0.1,10.0.0.2", f"forwarded for {REDACTED_IP},{REDACTED_IP}"),
        ("Broken pipe from ('127.0.0.1', 54321)", f"Broken pipe from ('{REDACTED_IP}', 54321)"),
    ],
)
def test_scrub_replaces_ipv4_addresses(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("::1", REDACTED_IP),
        ("from ::1 port 5555", f"from {REDACTED_IP} port 5555"),
        ("[2001:db8::1]", REDACTED_IP),
        ("[2001:db8::1]:443", f"{REDACTED_IP}:443"),
        ("http://[2001:db8::1]/en/", f"http://{REDACTED_IP}/en/"),
        ("2001:db8:0:0:0:0:0:1 said", f"{REDACTED_IP} said"),
        ("fe80::1", REDACTED_IP),
        ("mapped ::ffff:192.0.2.1", f"mapped {REDACTED_IP}"),
        ("Broken pipe from ('::1', 5555, 0, 0)", f"Broken pipe from ('{REDACTED_IP}', 5555, 0, 0)"),
        ("2001:db8::77,203.0.113.5", f"{REDACTED_IP},{REDACTED_IP}"),
    ],
)
def test_scrub_replaces_ipv6_addresses(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"agent {AGENT}", f"agent {REDACTED_AGENT}"),
        (f'"{AGENT}" next', f'"{REDACTED_AGENT}" next'),
        ("Mozilla/5.0 (Linux; Android 10) AppleWebKit/537.36 Chrome/120.0 Mobile", REDACTED_AGENT),
        ("ua=curl/8.5.0", f"ua={REDACTED_AGENT}"),
        ("python-requests/2.32.3", REDACTED_AGENT),
    ],
)
def test_scrub_replaces_user_agents(text, expected):
    assert scrub(text) == expected


def test_scrub_removes_query_strings_from_request_lines():
    line = f'"GET /en/report/receipt/?code={RECEIPT}&lang=ro HTTP/1.1" 200 512'

    assert scrub(line) == '"GET /en/report/receipt/ HTTP/1.1" 200 512'


@pytest.mark.parametrize(
    "text",
    [
        "at 12:30:45 today",
        "2026-05-01 12:30:45,123 INFO",
        "23:59:59.999",
        "list [12:30:45]",
        "Django 5.2.19 on Python 3.11.2",
        "version 1.2.3.4.5",
        "ratio 3:2",
        "GET /en/staff/organisations/ 200 12ms",
        "uuid 6f1c2a9e-1b2c-4d5e-8f90-123456789abc",
        "digest 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "thb.core.views: otp_setup failed",
        "postcode 1000 Brussels, phone +32 2 555 0101",
    ],
)
def test_scrub_leaves_ordinary_text_alone(text):
    assert scrub(text) == text


# --- the filter ----------------------------------------------------------------------------------------


def _record(msg: str, *args: object, exc_info=None, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("thb.test", logging.ERROR, __file__, 1, msg, args or None, exc_info)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def _format(record: logging.LogRecord) -> str:
    assert PersonalDataFilter().filter(record) is True
    return logging.Formatter("%(message)s").format(record)


def test_filter_drops_the_request_object_and_scrubs_the_rendered_message():
    record = _record("%s from %s", "GET /en/", "203.0.113.77", request=object())

    output = _format(record)

    assert record.request is None
    assert output == f"GET /en/ from {REDACTED_IP}"
    assert record.request_id == "-"


def test_filter_does_not_fail_on_malformed_arguments():
    record = _record("%s and %s", "only one")

    assert "%s and %s" in _format(record)


def test_filter_scrubs_exception_text_and_keeps_no_exception_object():
    try:
        raise ValueError("Invalid HTTP_HOST header: '203.0.113.77'")
    except ValueError:
        record = _record("Request failed", exc_info=sys.exc_info())

    output = _format(record)

    assert record.exc_info is None
    assert "ValueError" in output
    assert "Traceback" in output
    assert "203.0.113.77" not in output
    assert REDACTED_IP in output


def test_filter_redacts_the_secret_key_and_field_keys_from_messages_and_tracebacks(settings):
    settings.SECRET_KEY = "s3cr3t-" + "k" * 50
    settings.THB_FIELD_KEYS = ["FieldKeyNumberOne-0123456789abcdefghijklmnopq=", "OlderFieldKey-abcdefghij="]
    try:
        raise RuntimeError(f"signing with {settings.SECRET_KEY} failed")
    except RuntimeError:
        record = _record(
            "keys %s and %s", settings.THB_FIELD_KEYS[0], settings.THB_FIELD_KEYS[1], exc_info=sys.exc_info()
        )

    output = _format(record)

    assert settings.SECRET_KEY not in output
    for key in settings.THB_FIELD_KEYS:
        assert key not in output
    assert output.count(REDACTED_SECRET) == 3
    assert "signing with" in output


def test_filter_redacts_the_database_password(monkeypatch):
    monkeypatch.setitem(django_settings.DATABASES["default"], "PASSWORD", "db-password-Zq81x")

    output = _format(_record('connection to "db" failed: password db-password-Zq81x rejected'))

    assert "db-password-Zq81x" not in output
    assert REDACTED_SECRET in output


def test_every_configured_handler_passes_the_personal_data_filter():
    names = ("", "django", "django.server", "django.request", "django.security", "thb", "celery", "axes")
    handlers = {
        handler
        for name in names
        for handler in logging.getLogger(name).handlers
        if not type(handler).__module__.startswith("_pytest")  # pytest's own capture handlers
    }

    assert handlers
    for handler in handlers:
        assert any(isinstance(f, PersonalDataFilter) for f in handler.filters), handler
    for name, config in django_settings.LOGGING["handlers"].items():
        assert "no_personal_data" in config.get("filters", []), name


# --- errors never echo secrets -------------------------------------------------------------------------


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(
        f"database said no; key={django_settings.SECRET_KEY}; field={django_settings.THB_FIELD_KEYS[0]}"
    )


urlpatterns = [path("boom/", _boom)]


@contextmanager
def _captured_console(*logger_names: str) -> Iterator[io.StringIO]:
    """What the configured console handler writes for these loggers."""
    stream = io.StringIO()
    handlers = {h for name in logger_names for h in logging.getLogger(name).handlers}
    assert handlers
    previous = {h: h.setStream(stream) for h in handlers if isinstance(h, logging.StreamHandler)}
    try:
        yield stream
    finally:
        for handler, old in previous.items():
            handler.setStream(old)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_server_error_shows_neither_the_secret_nor_the_technical_page_and_logs_it_redacted(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)

    with _captured_console("django.request") as log:
        response = client.get("/boom/")

    assert response.status_code == 500
    body = response.content.decode()
    assert settings.SECRET_KEY not in body
    assert settings.THB_FIELD_KEYS[0] not in body
    assert "Traceback" not in body
    assert "RuntimeError" not in body
    assert "database said no" not in body
    logged = log.getvalue()
    assert "Internal Server Error: /boom/" in logged
    assert "database said no" in logged  # the traceback is there, for the operator
    assert settings.SECRET_KEY not in logged
    assert settings.THB_FIELD_KEYS[0] not in logged
    assert f"key={REDACTED_SECRET}; field={REDACTED_SECRET}" in logged


@pytest.mark.django_db
def test_disallowed_host_is_logged_without_the_address(settings):
    with _captured_console("django.security") as log:
        response = Client().get("/en/", HTTP_HOST="203.0.113.77")

    assert response.status_code == 400
    logged = log.getvalue()
    assert "Invalid HTTP_HOST header" in logged
    assert "203.0.113.77" not in logged


@pytest.mark.django_db
def test_lockout_warnings_carry_neither_the_address_nor_the_agent_nor_the_password(settings):
    from thb.core.tests.factories import UserFactory

    user = UserFactory(role="registry_clerk")
    client = Client(REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT=AGENT)

    with _captured_console("axes") as log:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post("/en/staff/login/", {"username": user.username, "password": "wrong-password-attempt"})

    logged = log.getvalue()
    assert "AXES: Locking out {username: " in logged  # django-axes masks the user name itself
    assert "203.0.113.77" not in logged
    assert "UniqueAgent" not in logged
    assert "wrong-password-attempt" not in logged


# --- real servers --------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Server:
    """A server process whose stdout and stderr are collected as they are written."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.lines: list[str] = []
        self._lock = threading.Lock()
        self.process = subprocess.Popen(
            args, cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None and self.process.stderr is not None
        self._readers = [
            threading.Thread(target=self._read, args=(stream,), daemon=True)
            for stream in (self.process.stdout, self.process.stderr)
        ]
        for reader in self._readers:
            reader.start()

    def _read(self, stream: io.TextIOBase) -> None:
        for line in stream:
            with self._lock:
                self.lines.append(line)

    @property
    def output(self) -> str:
        with self._lock:
            return "".join(self.lines)

    def wait_for(self, condition: Callable[[str], bool], timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition(self.output):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"server output never satisfied the condition:\n{self.output}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        for reader in self._readers:
            reader.join(timeout=5)


def _server_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The test profile, with its own throwaway database and var dir (the pages used need no tables)."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "THB_ENV": "test",
        "THB_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'server.sqlite3'}",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
        "HOME": str(tmp_path),  # gunicorn ≥ 25 puts its control socket under $HOME: keep instances apart
        **extra,
    }


def _wait_until_listening(server: _Server, port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"server exited early:\n{server.output}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"server did not listen on {port}:\n{server.output}")


def _request(port: int, target: str, host: str | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"User-Agent": AGENT, "X-Forwarded-For": FORWARDED, "X-Real-IP": "203.0.113.77"}
    if host:
        headers["Host"] = host
    try:
        connection.request("GET", target, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _exercise(server: _Server, port: int) -> str:
    """Three requests a public visitor could make; returns the server's whole output once it logged them."""
    assert _request(port, f"/en/staff/login/?receipt={RECEIPT}") == 200
    assert _request(port, "/en/", host="203.0.113.77") == 400  # Django logs the refused Host header
    assert _request(port, MISSING_PAGE) == 404
    # Wait for both the server's own line and the platform's request line of the last request.
    server.wait_for(lambda out: out.count(MISSING_PAGE) >= 2 and "Invalid HTTP_HOST header" in out)
    return server.output


def _assert_no_client_data(output: str, *, bind_address: str) -> None:
    # The server announces its own listening address once; a client's address would appear elsewhere.
    assert output.count(bind_address) == 1, output
    rest = output.replace(bind_address, "")
    assert MISSING_PAGE in rest  # paths are logged ...
    assert "Invalid HTTP_HOST header" in rest
    for personal in ("127.0.0.1", "203.0.113.77", "2001:db8::77", "UniqueAgent", "Mozilla", RECEIPT):
        assert personal not in rest, f"{personal!r} in server output:\n{output}"


@pytest.mark.slow
def test_development_server_logs_paths_but_no_client_address_agent_or_query(tmp_path):
    port = _free_port()
    server = _Server(
        [str(BIN / "thb"), "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        _server_env(tmp_path),
    )
    try:
        _wait_until_listening(server, port)
        output = _exercise(server, port)
    finally:
        server.stop()

    _assert_no_client_data(output, bind_address=f"http://127.0.0.1:{port}/")
    assert f'"GET {MISSING_PAGE} HTTP/1.1" 404' in output  # django.server's own line, query-free
    assert '"GET /en/staff/login/ HTTP/1.1" 200' in output


@pytest.mark.slow
def test_gunicorn_logs_paths_but_no_client_address_agent_or_query(tmp_path):
    port = _free_port()
    server = _Server(
        [str(BIN / "gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi"],
        _server_env(tmp_path, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="1"),
    )
    try:
        _wait_until_listening(server, port)
        output = _exercise(server, port)
    finally:
        server.stop()

    _assert_no_client_data(output, bind_address=f"http://127.0.0.1:{port}")
    assert f'"GET {MISSING_PAGE}" 404' in output  # gunicorn's access line
