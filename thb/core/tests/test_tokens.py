"""API bearer tokens: ``thb tokens create|list|revoke`` and their use on the API (issue 2 §4).

The secret is printed once (alone on standard output, so a script can capture it) and the database keeps only
its digest.
"""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.utils import timezone

from thb.core.models import ApiToken, AuditEvent
from thb.core.roles import Role

from .factories import UserFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"


def _tokens(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("tokens", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _create(username: str, *extra: str) -> str:
    out, _err = _tokens("create", "--user", username, *extra)
    return out.strip().splitlines()[-1]


def _get_me(secret: str):
    return Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {secret}")


def _assert_unauthorized(response) -> None:
    assert response.status_code == 401
    body = response.json()
    assert body["error"] == "unauthorized"
    assert body["message"]


def test_created_token_authenticates_the_api_as_its_user():
    user = UserFactory(role=Role.ISP_ENGINEER)

    secret = _create(user.username)

    response = _get_me(secret)
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == user.username
    assert body["role"] == Role.ISP_ENGINEER
    assert body["organisation"] == str(user.organisation.uuid)


def test_token_of_a_role_requiring_2fa_works_without_a_session():
    # Tokens are issued only by an administrator at the command line; the second factor guards sessions.
    user = UserFactory(role=Role.OPERATOR)

    response = _get_me(_create(user.username))

    assert response.status_code == 200
    assert response.json()["role"] == Role.OPERATOR


def test_create_prints_only_the_secret_on_stdout_and_the_expiry_on_stderr():
    user = UserFactory(role=Role.ISP_ENGINEER)

    out, err = _tokens("create", "--user", user.username, "--days", "7", "--name", "resolver-1")

    lines = out.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("thb_")
    token = ApiToken.objects.get(user=user)
    assert token.prefix in err
    assert timezone.localtime(token.expires_at).strftime("%Y-%m-%d") in err
    assert lines[0] not in err


def test_days_and_name_are_applied():
    user = UserFactory(role=Role.ISP_ENGINEER)

    _create(user.username, "--days", "7", "--name", "resolver-1")

    token = ApiToken.objects.get(user=user)
    assert token.name == "resolver-1"
    expected = timezone.now() + timedelta(days=7)
    assert abs((token.expires_at - expected).total_seconds()) < 60


def test_default_validity_comes_from_settings(settings):
    settings.THB_API_TOKEN_DAYS = 30
    user = UserFactory(role=Role.ISP_ENGINEER)

    _create(user.username)

    token = ApiToken.objects.get(user=user)
    expected = timezone.now() + timedelta(days=30)
    assert abs((token.expires_at - expected).total_seconds()) < 60


def test_database_holds_only_the_digest_never_the_secret():
    user = UserFactory(role=Role.ISP_ENGINEER)

    secret = _create(user.username)

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM core_apitoken")
        columns = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
    assert len(rows) == 1
    row = dict(zip(columns, rows[0], strict=True))
    assert row["digest"] == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(row["prefix"])
    for column, value in row.items():
        assert secret not in str(value), column
        assert secret[len(row["prefix"]) :] not in str(value), column


def test_token_creation_is_audited_as_a_system_action_without_the_secret():
    user = UserFactory(role=Role.ISP_ENGINEER)

    secret = _create(user.username)

    event = AuditEvent.objects.get(action="api_token.create")
    assert event.actor is None
    assert secret not in str(event.changes)


def test_expired_token_is_refused():
    user = UserFactory(role=Role.ISP_ENGINEER)
    secret = _create(user.username)
    ApiToken.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(seconds=1))

    _assert_unauthorized(_get_me(secret))


def test_revoked_token_is_refused():
    user = UserFactory(role=Role.ISP_ENGINEER)
    secret = _create(user.username)
    assert _get_me(secret).status_code == 200
    prefix = ApiToken.objects.get(user=user).prefix

    out, _err = _tokens("revoke", prefix)

    assert f"Revoked {prefix}" in out
    assert ApiToken.objects.get(user=user).revoked_at is not None
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1
    _assert_unauthorized(_get_me(secret))


def test_revoke_accepts_the_whole_token():
    user = UserFactory(role=Role.ISP_ENGINEER)
    secret = _create(user.username)

    _tokens("revoke", secret)

    _assert_unauthorized(_get_me(secret))


def test_revoke_all_refuses_every_token_of_the_user_and_only_theirs():
    user = UserFactory(role=Role.ISP_ENGINEER)
    other = UserFactory(role=Role.ISP_ENGINEER)
    first, second = _create(user.username), _create(user.username)
    others = _create(other.username)

    _tokens("revoke", "--all", "--user", user.username)

    _assert_unauthorized(_get_me(first))
    _assert_unauthorized(_get_me(second))
    assert _get_me(others).status_code == 200


def test_revoke_of_an_unknown_prefix_is_an_error():
    with pytest.raises(CommandError, match="No token has the prefix"):
        _tokens("revoke", "thb_zzzzzz")


def test_revoke_without_prefix_or_all_is_an_error():
    with pytest.raises(CommandError, match="Give the prefix"):
        _tokens("revoke")


def test_token_of_an_inactive_user_is_refused():
    user = UserFactory(role=Role.ISP_ENGINEER)
    secret = _create(user.username)
    user.is_active = False
    user.save(update_fields=["is_active"])

    _assert_unauthorized(_get_me(secret))


def test_no_token_is_issued_to_an_inactive_user():
    user = UserFactory(role=Role.ISP_ENGINEER, is_active=False)

    with pytest.raises(CommandError, match="active users"):
        _tokens("create", "--user", user.username)
    assert not ApiToken.objects.filter(user=user).exists()


@pytest.mark.parametrize("days", ["0", "367"])
def test_validity_outside_1_to_366_days_is_refused(days):
    user = UserFactory(role=Role.ISP_ENGINEER)

    with pytest.raises(CommandError, match="1 to 366 days"):
        _tokens("create", "--user", user.username, "--days", days)


@pytest.mark.parametrize(
    "header",
    [
        "Bearer garbage",
        "Bearer thb_" + "A" * 43,  # well-formed, never issued
        "Bearer " + "thb_" + "x" * 300,  # longer than any token
        "Basic dXNlcjpwYXNz",
        "",
    ],
)
def test_garbage_or_missing_credentials_are_refused(header):
    UserFactory(role=Role.ISP_ENGINEER)
    extra = {"HTTP_AUTHORIZATION": header} if header else {}

    _assert_unauthorized(Client().get(ME, **extra))


def test_unknown_user_is_a_command_error_naming_the_user():
    with pytest.raises(CommandError, match="No user with the user name 'nobody-here'"):
        _tokens("create", "--user", "nobody-here")
    with pytest.raises(CommandError, match="nobody-here"):
        _tokens("list", "--user", "nobody-here")
    assert not ApiToken.objects.exists()


def test_list_shows_prefix_name_and_dates_but_never_the_secret():
    user = UserFactory(role=Role.ISP_ENGINEER)
    secret = _create(user.username, "--name", "resolver-1")
    _get_me(secret)  # sets "last used"
    token = ApiToken.objects.get(user=user)
    assert token.last_used_at is not None

    out, _err = _tokens("list", "--user", user.username)

    assert secret not in out
    assert secret[len(token.prefix) :] not in out
    line = next(line for line in out.splitlines() if line.startswith(token.prefix))
    assert "resolver-1" in line
    assert timezone.localtime(token.expires_at).strftime("%Y-%m-%d %H:%M") in line
    assert timezone.localtime(token.last_used_at).strftime("%Y-%m-%d %H:%M") in line


def test_list_shows_when_a_token_was_revoked():
    user = UserFactory(role=Role.ISP_ENGINEER)
    _create(user.username)
    token = ApiToken.objects.get(user=user)
    _tokens("revoke", token.prefix)
    token.refresh_from_db()

    out, _err = _tokens("list", "--user", user.username)

    assert timezone.localtime(token.revoked_at).strftime("%Y-%m-%d %H:%M") in out


def _database_url() -> str:
    """The URL of the database this test process uses (pytest-django's test database), for a subprocess."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_thb_tokens_create_in_a_shell_prints_a_capturable_token(settings):
    import os
    import subprocess
    import sys
    from pathlib import Path

    user = UserFactory(role=Role.ISP_ENGINEER)
    thb = Path(sys.executable).with_name("thb")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "THB_ENV": "test",
        "THB_VAR_DIR": str(settings.VAR_DIR),
        "DATABASE_URL": _database_url(),
    }

    result = subprocess.run(
        [str(thb), "tokens", "create", "--user", user.username, "--days", "3"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    secret = result.stdout.strip().splitlines()[-1]
    assert result.stdout.strip() == secret
    assert "expires" in result.stderr
    assert _get_me(secret).json()["username"] == user.username


def test_command_files_with_hyphens_resolve_as_thb_commands():
    from django.core.management import get_commands

    commands = get_commands()
    assert commands["tokens"] == "thb.core"
    assert commands["generate-field-key"] == "thb.core"


def test_generate_field_key_prints_a_new_fernet_key_each_time():
    from cryptography.fernet import Fernet

    keys = []
    for _ in range(2):
        out = io.StringIO()
        call_command("generate-field-key", stdout=out)
        keys.append(out.getvalue().strip())

    assert keys[0] != keys[1]
    for key in keys:
        fernet = Fernet(key.encode())
        assert fernet.decrypt(fernet.encrypt(b"x")) == b"x"


@pytest.mark.django_db
def test_no_token_is_issued_to_a_role_that_does_not_use_the_api():
    from thb.core.exceptions import ValidationFailedError
    from thb.core.roles import Role
    from thb.core.tests.factories import UserFactory
    from thb.core.tokens import api_token_create

    clerk = UserFactory(role=Role.REGISTRY_CLERK)
    with pytest.raises(ValidationFailedError):
        api_token_create(user=clerk, actor=None)
