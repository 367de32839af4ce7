"""Security checks over the whole platform (issue 11 §5): no page is exempt from CSRF protection and every
form refuses a post without its token; the API refuses a cookie-authenticated write without it but takes
bearer tokens; security headers on public pages, staff pages and the API; and secrets — passwords, API
tokens, receipts, narratives — never reach the logs. (``thb check --deploy`` is checked in test_settings.)"""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from thb.core.models import Organisation
from thb.core.roles import Role
from thb.core.tests.access_matrix import client_with_second_factor
from thb.core.tests.factories import UserFactory
from thb.core.tokens import api_token_create

pytestmark = pytest.mark.django_db

NARRATIVE = "Mijn baas houdt mijn paspoort en betaalt me niet, zegt Geheim-Verhaal-4711."


def _views(patterns, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_no_page_is_exempt_from_csrf_protection():
    """Only the API's views are exempt from Django's middleware — django-ninja checks CSRF itself for the
    session cookie (tested below), and a bearer token is not sent by browsers on their own."""
    exempt = [
        route
        for route, view in _views(get_resolver().url_patterns)
        if getattr(view, "csrf_exempt", False) and not getattr(view, "__module__", "").startswith("ninja")
    ]
    routes = list(_views(get_resolver().url_patterns))
    assert len(routes) > 150
    assert exempt == []


def test_forms_refuse_a_post_without_its_token(demo_directory):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/en/report/", {"text": NARRATIVE}).status_code == 403
    assert client.post("/en/staff/login/", {"username": "x", "password": "y"}).status_code == 403
    coordinator = UserFactory(
        organisation=Organisation.objects.get(slug="coordination-cell"), role=Role.COORDINATOR
    )
    staff = client_with_second_factor(coordinator)
    staff.handler.enforce_csrf_checks = True
    assert staff.post("/en/staff/campaigns/new/", {"name_fr": "x"}).status_code == 403


def test_the_api_refuses_a_cookie_write_without_csrf_but_takes_a_bearer_token(demo_directory):
    operator = UserFactory(organisation=Organisation.objects.get(slug="hotline"), role=Role.OPERATOR)
    browser = client_with_second_factor(operator)
    browser.handler.enforce_csrf_checks = True
    by_cookie = browser.post(
        "/api/v1/hotline/contacts", data={"signal_type": "tip"}, content_type="application/json"
    )
    token = api_token_create(user=operator, actor=None).secret
    by_token = Client(enforce_csrf_checks=True).post(
        "/api/v1/hotline/contacts",
        data={"signal_type": "tip"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert by_cookie.status_code in (401, 403)
    assert by_token.status_code == 201


@pytest.mark.parametrize(
    "path", ["/en/", "/ar/report/", "/en/staff/login/", "/api/v1/openapi.json", "/fr/stop/"]
)
def test_security_headers_are_set_everywhere(client, path, demo_directory):
    response = client.get(path)

    assert response.status_code in (200, 302, 404)
    csp = response.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp and "object-src 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_secrets_never_reach_the_logs(client, demo_directory, caplog):
    operator = UserFactory(organisation=Organisation.objects.get(slug="hotline"), role=Role.OPERATOR)
    operator.set_password("Correct-Horse-Battery-9")
    operator.save()
    token = api_token_create(user=operator, actor=None).secret
    caplog.set_level(logging.DEBUG)

    client.post("/en/staff/login/", {"username": operator.username, "password": "Wrong-Horse-Battery-1"})
    client.post("/en/staff/login/", {"username": operator.username, "password": "Correct-Horse-Battery-9"})
    report = client.post(
        "/api/v1/public/reports", data={"text": NARRATIVE, "language": "nl"}, content_type="application/json"
    )
    receipt = report.json()["receipt"]
    client.post("/api/v1/public/reports/thread", data={"receipt": receipt}, content_type="application/json")
    Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    Client().get("/api/v1/me", HTTP_AUTHORIZATION="Bearer thb_not-a-real-token-123")

    logged = "\n".join(
        record.getMessage() + " " + str(record.__dict__.get("args", "")) for record in caplog.records
    )
    assert logged, "nothing was logged: the check would prove nothing"
    for secret in (
        "Correct-Horse-Battery-9",
        "Wrong-Horse-Battery-1",
        token,
        receipt,
        "Geheim-Verhaal-4711",
        "thb_not-a-real",
    ):
        assert secret not in logged, f"a secret reached the logs: {secret[:12]}…"


def _concrete(route: str) -> str:
    """A URL for ``route`` with a value of the right shape for each converter (the objects need not exist:
    an anonymous visitor must be turned away before any lookup)."""
    import re

    values = {
        "uuid": "00000000-0000-4000-8000-000000000000",
        "int": "1",
        "slug": "x",
        "str": "x",
        "path": "x",
    }
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: values[m.group(1) or "str"], route).lstrip("^")


# Signing in is for anonymous visitors; signing out is POST-only and harmless for them (405 to a GET).
STAFF_OPEN_TO_ANONYMOUS = {"staff/login/", "staff/logout/"}


def test_every_staff_page_turns_an_anonymous_visitor_to_the_sign_in_page(client):
    """Access matrix over every page (issue 11 §5), the part that holds for all: no staff page — of any
    app, present or future — answers an anonymous visitor; each sends them to sign in. Per-role matrices are
    each app's own tests (thb/core/tests/access_matrix.py)."""
    routes = sorted(
        {
            route
            for route, _view in _views(get_resolver().url_patterns)
            if "staff/" in route and not any(route.endswith(open_) for open_ in STAFF_OPEN_TO_ANONYMOUS)
        }
    )
    assert len(routes) > 100
    let_in = {}
    for route in routes:
        url = _concrete(route)
        for method in (client.get, client.post):
            response = method(url)
            if response.status_code != 302 or "/staff/login/" not in response["Location"]:
                let_in[f"{method.__name__.upper()} {url}"] = response.status_code
    assert let_in == {}
