"""Sign-in, password hashing, lockout, the second factor, session expiry and demo accounts (issue 2 §4).

Everything goes through the real pages (/en/staff/login/, /en/staff/second-factor/…) and middleware; only
the TOTP code is computed here, from the device's key, as an authenticator app would.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from thb.core.roles import ROLES_REQUIRING_2FA, Role

from .factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/en/staff/login/"
HOME = "/en/staff/"
DIRECTORY = "/en/staff/organisations/"
OTP_SETUP = "/en/staff/second-factor/setup/"
OTP_VERIFY = "/en/staff/second-factor/"


def _login(client: Client, username: str, password: str = TEST_PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def _signed_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def _current_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now for ``device``."""
    device.refresh_from_db()
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


# --- sign-in and password hashing ----------------------------------------------------------------------


def test_sign_in_through_the_login_page_starts_a_session():
    user = UserFactory(role=Role.REGISTRY_CLERK)
    client = Client()

    response = _login(client, user.username)

    assert response.status_code == 302
    assert response["Location"] == HOME
    assert _signed_in_user_id(client) == str(user.pk)


def test_wrong_password_is_refused_with_a_form_error():
    user = UserFactory(role=Role.REGISTRY_CLERK)
    client = Client()

    response = _login(client, user.username, "not-the-password-at-all")

    assert response.status_code == 200
    assert b'role="alert"' in response.content
    assert _signed_in_user_id(client) is None


def test_test_settings_only_prepend_a_fast_hasher_to_the_production_list(settings):
    # test_settings proves (in a production process) that the list without this first entry is production's.
    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.MD5PasswordHasher"
    assert settings.PASSWORD_HASHERS[1] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_production_hashers_store_passwords_as_argon2(settings):
    settings.PASSWORD_HASHERS = settings.PASSWORD_HASHERS[1:]

    encoded = make_password("a long pass phrase for the test")

    assert encoded.startswith("argon2$argon2id$")
    assert identify_hasher(encoded).algorithm == "argon2"
    assert check_password("a long pass phrase for the test", encoded)
    assert not check_password("another pass phrase entirely", encoded)


def test_sign_in_with_argon2_hashed_password_works(settings):
    settings.PASSWORD_HASHERS = settings.PASSWORD_HASHERS[1:]
    user = UserFactory(role=Role.REGISTRY_CLERK)
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
    client = Client()

    response = _login(client, user.username)

    assert response.status_code == 302
    assert _signed_in_user_id(client) == str(user.pk)


# --- lockout (django-axes, by user name) ---------------------------------------------------------------


def test_after_the_failure_limit_even_the_right_password_is_refused(settings):
    user = UserFactory(role=Role.REGISTRY_CLERK)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, user.username, "wrong-password-attempt")

    response = _login(client, user.username)

    assert response.status_code == 429
    assert b"Account locked" in response.content
    assert _signed_in_user_id(client) is None


def test_lockout_is_by_user_name_so_another_account_from_the_same_address_still_signs_in(settings):
    victim = UserFactory(role=Role.REGISTRY_CLERK)
    colleague = UserFactory(role=Role.REGISTRY_CLERK)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), victim.username, "wrong-password-attempt")

    client = Client()
    response = _login(client, colleague.username)

    assert response.status_code == 302
    assert _signed_in_user_id(client) == str(colleague.pk)


def test_failures_below_the_limit_do_not_lock_the_account(settings):
    user = UserFactory(role=Role.REGISTRY_CLERK)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, user.username, "wrong-password-attempt")

    response = _login(client, user.username)

    assert response.status_code == 302
    assert _signed_in_user_id(client) == str(user.pk)


# --- second factor -------------------------------------------------------------------------------------


def test_operator_requires_a_second_factor():
    assert Role.OPERATOR in ROLES_REQUIRING_2FA
    assert Role.ISP_ENGINEER not in ROLES_REQUIRING_2FA
    assert Role.REGISTRY_CLERK not in ROLES_REQUIRING_2FA


@pytest.mark.parametrize("page", [HOME, DIRECTORY])
def test_role_requiring_2fa_without_device_is_sent_to_setup_from_every_staff_page(page):
    user = UserFactory(role=Role.OPERATOR)
    client = Client()
    assert _login(client, user.username).status_code == 302

    response = client.get(page)

    assert response.status_code == 302
    assert response["Location"] == f"{OTP_SETUP}?next={page}"


def test_completing_setup_with_the_authenticator_code_lets_the_operator_in():
    user = UserFactory(role=Role.OPERATOR)
    client = Client()
    _login(client, user.username)
    setup_page = client.get(f"{OTP_SETUP}?next={DIRECTORY}")
    assert setup_page.status_code == 200
    assert b"data:image/svg+xml" in setup_page.content  # the QR code
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    response = client.post(OTP_SETUP, {"token": _current_code(device), "next": DIRECTORY})

    assert response.status_code == 302
    assert response["Location"] == DIRECTORY
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(HOME).status_code == 200
    assert client.get(DIRECTORY).status_code == 200


def test_setup_refuses_a_wrong_code_and_keeps_the_operator_out():
    user = UserFactory(role=Role.OPERATOR)
    client = Client()
    _login(client, user.username)
    client.get(OTP_SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = f"{(int(_current_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(OTP_SETUP, {"token": wrong})

    assert response.status_code == 200
    assert b"This code is not valid" in response.content
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(HOME)["Location"].startswith(OTP_SETUP)


def test_setup_refuses_a_code_that_is_not_six_digits():
    user = UserFactory(role=Role.OPERATOR)
    client = Client()
    _login(client, user.username)
    client.get(OTP_SETUP)

    response = client.post(OTP_SETUP, {"token": "12ab56"})

    assert response.status_code == 200
    assert b"Enter the six digits" in response.content
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_with_a_confirmed_device_the_next_sign_in_asks_for_a_code_and_accepts_the_right_one():
    user = UserFactory(role=Role.OPERATOR)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    _login(client, user.username)

    redirected = client.get(HOME)
    assert redirected.status_code == 302
    assert redirected["Location"] == f"{OTP_VERIFY}?next={HOME}"
    assert client.get(OTP_SETUP)["Location"] == OTP_VERIFY  # no second enrolment

    response = client.post(OTP_VERIFY, {"token": _current_code(device), "next": HOME})

    assert response.status_code == 302
    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200


def test_verify_refuses_a_wrong_code():
    user = UserFactory(role=Role.OPERATOR)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    _login(client, user.username)
    wrong = f"{(int(_current_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(OTP_VERIFY, {"token": wrong})

    assert response.status_code == 200
    assert b"This code is not valid" in response.content
    assert client.get(HOME)["Location"].startswith(OTP_VERIFY)


def test_verify_does_not_redirect_to_another_site():
    user = UserFactory(role=Role.OPERATOR)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    _login(client, user.username)

    response = client.post(OTP_VERIFY, {"token": _current_code(device), "next": "https://evil.example/"})

    assert response.status_code == 302
    assert response["Location"] == HOME


@pytest.mark.parametrize("role", [Role.ISP_ENGINEER, Role.REGISTRY_CLERK])
def test_role_without_2fa_requirement_goes_straight_to_the_home_page(role):
    user = UserFactory(role=role)
    client = Client()

    response = _login(client, user.username)

    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200


def test_relaxed_second_factor_asks_nobody(settings):
    settings.THB_OTP_RELAXED = True
    user = UserFactory(role=Role.OPERATOR)
    client = Client()
    _login(client, user.username)

    assert client.get(HOME).status_code == 200
    assert client.get("/api/v1/me").status_code == 200


def test_api_refuses_the_session_of_a_role_that_has_not_passed_its_second_factor():
    user = UserFactory(role=Role.OPERATOR)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    _login(client, user.username)

    refused = client.get("/api/v1/me")
    assert refused.status_code == 401
    assert refused.json()["error"] == "unauthorized"

    client.post(OTP_VERIFY, {"token": _current_code(device)})
    accepted = client.get("/api/v1/me")
    assert accepted.status_code == 200
    assert accepted.json()["username"] == user.username


def test_api_accepts_the_session_of_a_role_without_2fa_requirement():
    user = UserFactory(role=Role.ISP_ENGINEER)
    client = Client()
    _login(client, user.username)

    response = client.get("/api/v1/me")

    assert response.status_code == 200
    assert response.json()["role"] == Role.ISP_ENGINEER


# --- session expiry ------------------------------------------------------------------------------------


def _age_session(client: Client, key: str, seconds: int) -> None:
    session = client.session
    session[key] = int(time.time()) - seconds
    session.save()


def test_idle_session_is_ended_and_the_next_request_goes_to_login_with_expired(settings):
    user = UserFactory(role=Role.REGISTRY_CLERK)
    client = Client()
    _login(client, user.username)
    assert client.get(HOME).status_code == 200
    _age_session(client, "last_activity", settings.THB_SESSION_IDLE_SECONDS + 5)

    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?expired=1"
    assert _signed_in_user_id(client) is None
    follow = client.get(response["Location"])
    assert b"Your session ended after a period without activity" in follow.content


def test_activity_within_the_idle_limit_keeps_the_session(settings):
    user = UserFactory(role=Role.REGISTRY_CLERK)
    client = Client()
    _login(client, user.username)
    client.get(HOME)
    _age_session(client, "last_activity", settings.THB_SESSION_IDLE_SECONDS - 60)

    assert client.get(HOME).status_code == 200
    assert _signed_in_user_id(client) == str(user.pk)


def test_idle_api_session_gets_a_json_401_not_a_redirect_to_the_login_page(settings):
    user = UserFactory(role=Role.ISP_ENGINEER)
    client = Client()
    _login(client, user.username)
    assert client.get("/api/v1/me").status_code == 200
    _age_session(client, "last_activity", settings.THB_SESSION_IDLE_SECONDS + 5)

    response = client.get("/api/v1/me")

    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert _signed_in_user_id(client) is None


def test_session_is_ended_after_its_absolute_lifetime_even_when_active(settings):
    user = UserFactory(role=Role.REGISTRY_CLERK)
    client = Client()
    _login(client, user.username)
    client.get(HOME)
    _age_session(client, "signed_in_at", settings.SESSION_COOKIE_AGE + 5)

    response = client.get(HOME)

    assert response["Location"] == f"{LOGIN}?expired=1"
    assert _signed_in_user_id(client) is None


def test_session_lifetime_is_set_and_applied_to_the_stored_session(settings):
    assert 0 < settings.THB_SESSION_IDLE_SECONDS < settings.SESSION_COOKIE_AGE <= 12 * 3600
    user = UserFactory(role=Role.REGISTRY_CLERK)
    client = Client()
    _login(client, user.username)
    client.get(HOME)

    stored = Session.objects.get(session_key=client.session.session_key)
    expected = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs((stored.expire_date - expected).total_seconds()) < 60


# --- demo accounts -------------------------------------------------------------------------------------


def test_demo_account_cannot_sign_in_on_production(settings):
    settings.IS_PRODUCTION = True
    demo = UserFactory(role=Role.REGISTRY_CLERK, is_demo=True)
    client = Client()

    response = _login(client, demo.username)

    assert response.status_code == 200
    assert b"Demo accounts cannot sign in on a production platform." in response.content
    assert _signed_in_user_id(client) is None


def test_normal_account_signs_in_on_production(settings):
    settings.IS_PRODUCTION = True
    user = UserFactory(role=Role.REGISTRY_CLERK)
    client = Client()

    assert _login(client, user.username).status_code == 302
    assert _signed_in_user_id(client) == str(user.pk)


def test_demo_account_may_sign_in_outside_production(settings):
    settings.IS_PRODUCTION = False
    demo = UserFactory(role=Role.REGISTRY_CLERK, is_demo=True)
    client = Client()

    assert _login(client, demo.username).status_code == 302


def test_inactive_account_cannot_sign_in():
    user = UserFactory(role=Role.REGISTRY_CLERK, is_active=False)
    client = Client()

    response = _login(client, user.username)

    assert response.status_code == 200
    assert _signed_in_user_id(client) is None
