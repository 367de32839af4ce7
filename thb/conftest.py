"""Fixtures for every app's tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from thb.core.tests.factories import OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def _english_and_fresh_keys(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def reference_data(db):
    """Belgium's regions, provinces, judicial districts and postcode ranges, as `thb load-reference` loads."""
    from thb.core.reference.loader import load_reference

    return load_reference()


@pytest.fixture
def demo_directory(reference_data):
    """Reference data and the demo organisations (the partners of BELGIUM.md §5), as the partner
    directory dispatch resolves organisations from."""
    from thb.core.demo import load_demo
    from thb.dispatch.directory import Directory

    load_demo()
    return Directory.from_database()


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def make_user(db):
    def make(role: str = "operator", organisation=None, **kwargs):
        return UserFactory(role=role, organisation=organisation or OrganisationFactory(), **kwargs)

    return make


@pytest.fixture
def signed_in(db):
    """A client signed in as ``user``, second factor passed (the factor itself is tested in test_auth)."""

    from thb.core.tests.access_matrix import client_with_second_factor

    return client_with_second_factor


@pytest.fixture(autouse=True, scope="session")
def _flush_pauses_audit_triggers():
    """Transactional tests end with Django's ``flush`` (TRUNCATE on PostgreSQL, DELETE on SQLite), which the
    append-only triggers of the audit tables rightly refuse. Only for that test-database flush, the triggers
    are paused: PostgreSQL's ``session_replication_role = replica`` (superuser, test database only), SQLite's
    triggers dropped and re-created. Production keeps them; test_audit proves they refuse."""
    from django.db.backends.base.operations import BaseDatabaseOperations

    from thb.core import audit_triggers as triggers

    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        connection = self.connection
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = replica")
            try:
                return original(self, sql_list)
            finally:
                with connection.cursor() as cursor:
                    cursor.execute("SET session_replication_role = DEFAULT")
        if connection.vendor == "sqlite":
            triggers.drop_triggers(connection)
            try:
                return original(self, sql_list)
            finally:
                triggers.create_triggers(connection)
        return original(self, sql_list)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    BaseDatabaseOperations.execute_sql_flush = original


@pytest.fixture(autouse=True)
def _forget_cached_hotline():
    """The hotline organisation's id is cached per process; each test has its own organisations."""
    from thb.hotline.search import _key
    from thb.hotline.services.common import forget_hotline_organisation

    forget_hotline_organisation()
    _key.cache_clear()
    yield
    forget_hotline_organisation()
    _key.cache_clear()


# --- a real browser (Playwright driving Debian's Chromium, /usr/bin/chromium; never `playwright install`) ---

CHROMIUM = os.environ.get("THB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread, which makes Django refuse the database
    # calls of the test's own set-up (factories, flush); none of them runs concurrently with the page.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def as_user(browser, live_server) -> Iterator:
    """A page signed in as a user, second factor passed (the session of the test client)."""
    from thb.core.tests.access_matrix import client_with_second_factor

    contexts = []

    def open_as(user, language: str = "en"):
        client = client_with_second_factor(user)
        context = browser.new_context(
            viewport={"width": 1200, "height": 900}, locale=language, accept_downloads=True
        )
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        contexts.append(context)
        return context.new_page()

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def shot(request):
    """``shot(page, name)``: with ``THB_SCREENSHOTS=<dir>`` (``make screenshots``), save the page as
    ``<dir>/<app>/<name>.png`` for the guides in docs/; otherwise nothing."""
    folder = os.environ.get("THB_SCREENSHOTS", "")
    app = request.module.__name__.split(".")[1]

    def take(page, name: str) -> None:
        if folder:
            target = Path(folder) / app
            target.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(target / f"{name}.png"), full_page=False)

    return take


# --- a small file system that can be filled (issue 11 §4: "fill the disk of the export directory") ---------


class SmallDisk:
    """A tmpfs of ``size`` mounted at ``path``; ``fill()`` takes every free block (a real ENOSPC, not a
    mock), ``free()`` gives them back."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.filler = path / "filler.bin"

    def fill(self) -> None:
        import errno

        chunk = b"\0" * 4096
        with open(self.filler, "ab", buffering=0) as handle:
            while True:
                try:
                    handle.write(chunk)
                except OSError as error:
                    assert error.errno == errno.ENOSPC, error
                    break

    def free(self) -> None:
        self.filler.unlink(missing_ok=True)

    def entries(self) -> set[str]:
        """Every name under the disk, the filler left out: partial files would show here."""
        return {str(p.relative_to(self.path)) for p in self.path.rglob("*") if p.name != self.filler.name}


@pytest.fixture
def small_disk(tmp_path) -> Iterator[SmallDisk]:
    """A 2 MiB tmpfs (mounting needs root, as in CI: `.ci/run` sets THB_CI=1, and the test then fails
    rather than skips when the mount is refused)."""
    import subprocess

    from thb.core.tests.processes import needs_root

    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        needs_root(f"cannot mount a tmpfs (needs root): {mounted.stderr.strip()}")
    try:
        yield SmallDisk(mount_point)
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)
