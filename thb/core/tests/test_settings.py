"""Production settings fail closed (issue 2 §1): each check runs a fresh process with a clean environment,
exactly as an operator's service manager would start it."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

pytestmark = pytest.mark.slow

BASE_DIR = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
SETUP = "import django; django.setup()"


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DJANGO_SETTINGS_MODULE": "config.settings"}
    return subprocess.run(
        args, env={**clean, **env}, cwd=BASE_DIR, capture_output=True, text=True, timeout=60, check=False
    )


def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return _run([str(BIN / "python"), "-c", code], env)


def _thb(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return _run([str(BIN / "thb"), *args], env)


@pytest.fixture
def production_env(tmp_path: Path) -> dict[str, str]:
    """A complete, valid production configuration with throwaway storage."""
    return {
        "THB_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),  # 64 random characters
        "THB_FIELD_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "thb.example.org",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "THB_VAR_DIR": str(tmp_path / "var"),
        "STATIC_ROOT": str(tmp_path / "static"),
    }


def test_production_without_any_configuration_refuses_to_start_and_names_what_is_missing(tmp_path):
    result = _python(SETUP, {"THB_ENV": "production", "THB_VAR_DIR": str(tmp_path)})

    assert result.returncode != 0
    assert "Refusing to start in production" in result.stderr
    for variable in ("SECRET_KEY", "THB_FIELD_KEYS", "ALLOWED_HOSTS", "CELERY_BROKER_URL"):
        assert variable in result.stderr
    assert not (tmp_path / "dev-secrets.json").exists()  # no development secret was invented


def test_unset_thb_env_means_production_so_a_forgotten_variable_fails_closed(tmp_path):
    result = _python(SETUP, {"THB_VAR_DIR": str(tmp_path)})

    assert result.returncode != 0
    assert "Refusing to start in production" in result.stderr


def test_unknown_thb_env_is_refused(tmp_path):
    result = _python(SETUP, {"THB_ENV": "staging", "THB_VAR_DIR": str(tmp_path)})

    assert result.returncode != 0
    assert "THB_ENV must be production, development or test" in result.stderr


@pytest.mark.parametrize(
    ("variable", "weak_value", "complaint"),
    [
        ("SECRET_KEY", "short-but-secret-Zq81", "SECRET_KEY must be set to a random value"),
        ("SECRET_KEY", "django-insecure-Zq81abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH", "SECRET_KEY"),
        ("THB_FIELD_KEYS", "not-a-fernet-key-Zq81", "not a Fernet key"),
    ],
)
def test_weak_secrets_are_refused_without_echoing_them(production_env, variable, weak_value, complaint):
    result = _python(SETUP, {**production_env, variable: weak_value})

    assert result.returncode != 0
    assert complaint in result.stderr
    assert weak_value not in result.stderr + result.stdout
    assert production_env["SECRET_KEY"] not in result.stderr + result.stdout


def test_only_a_second_field_key_that_is_invalid_is_refused_too(production_env):
    bad = f"{production_env['THB_FIELD_KEYS']},second-key-invalid-Zq81"

    result = _python(SETUP, {**production_env, "THB_FIELD_KEYS": bad})

    assert result.returncode != 0
    assert "not a Fernet key" in result.stderr
    assert "second-key-invalid-Zq81" not in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "complaint"),
    [
        ("DEBUG", "1", "DEBUG must be off in production"),
        ("THB_OTP_RELAXED", "1", "THB_OTP_RELAXED is a demo setting"),
        ("THB_DEMO_PASSWORD", "x", "THB_DEMO_PASSWORD is a demo setting"),
    ],
)
def test_demo_and_debug_switches_are_refused_in_production(production_env, variable, value, complaint):
    result = _python(SETUP, {**production_env, variable: value})

    assert result.returncode != 0
    assert complaint in result.stderr


def test_check_deploy_is_clean_with_a_real_production_configuration(production_env):
    result = _thb("check", "--deploy", env=production_env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_check_deploy_reports_security_problems_when_https_protections_are_turned_off(production_env):
    # The clean result above is not a check that cannot fail: switching a protection off is reported.
    env = {**production_env, "SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "0"}

    result = _thb("check", "--deploy", env=env)

    assert "security.W008" in result.stdout + result.stderr
    assert "security.W004" in result.stdout + result.stderr


def test_production_settings_use_argon2_and_secure_cookies(production_env):
    code = (
        f"{SETUP}\nimport json\nfrom django.conf import settings as s\n"
        "print(json.dumps({k: getattr(s, k) for k in ('PASSWORD_HASHERS', 'DEBUG', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
        "'THB_OTP_RELAXED', 'THB_DEMO_PASSWORD')}))"
    )

    result = _python(code, production_env)

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["PASSWORD_HASHERS"] == [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["THB_OTP_RELAXED"] is False
    assert values["THB_DEMO_PASSWORD"] == ""


def test_demo_account_check_reports_active_demo_accounts_in_production(db, settings):
    from django.core.checks import run_checks

    from thb.core.tests.factories import UserFactory

    settings.IS_PRODUCTION = True
    UserFactory(is_demo=True)

    with_database = {e.id for e in run_checks(include_deployment_checks=True, databases=["default"])}
    without_database = {e.id for e in run_checks(include_deployment_checks=True, databases=None)}

    assert "thb.E002" in with_database
    assert "thb.E002" not in without_database


def test_demo_account_check_is_quiet_without_demo_accounts(db, settings):
    from django.core.checks import run_checks

    from thb.core.tests.factories import UserFactory

    settings.IS_PRODUCTION = True
    UserFactory(is_demo=True, is_active=False)

    ids = {e.id for e in run_checks(include_deployment_checks=True, databases=["default"])}

    assert "thb.E002" not in ids
