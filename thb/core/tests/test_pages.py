"""The base pages (issue 2 §8): accessible layout, staff home per role, admin, health checks."""

from __future__ import annotations

import pytest
from django.db import DatabaseError

from thb.core.roles import Role

pytestmark = pytest.mark.django_db


def test_base_layout_has_landmarks_skip_link_and_labelled_language_switcher(client):
    html = client.get("/en/staff/login/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert 'role="banner"' in html and 'role="contentinfo"' in html
    assert '<label for="language-select">' in html and 'id="language-select"' in html
    assert '<label for="id_username">' in html and '<label for="id_password">' in html
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html


def test_stylesheet_covers_focus_narrow_screens_and_print(client):
    from django.contrib.staticfiles import finders

    with open(finders.find("thb/css/base.css")) as handle:
        css = handle.read()
    assert ":focus-visible" in css
    assert "@media (max-width: 30rem)" in css
    assert "@media print" in css


def test_emergency_number_is_on_every_page(client):
    assert "112" in client.get("/en/").content.decode()
    assert "112" in client.get("/en/staff/login/").content.decode()


def test_staff_home_requires_sign_in(client):
    response = client.get("/en/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/staff/login/")


@pytest.mark.parametrize(
    ("role", "sees", "does_not_see"),
    [
        (Role.AUDITOR, ["Audit trail", "Partner directory"], ["Reference data"]),
        (Role.ADMIN, ["Reference data", "Partner directory"], ["Audit trail"]),
        (Role.ISP_ENGINEER, ["API documentation"], ["Partner directory", "Audit trail"]),
        (Role.OPERATOR, ["Partner directory"], ["Audit trail", "Reference data"]),
    ],
)
def test_staff_home_shows_the_tasks_of_the_role(make_user, signed_in, role, sees, does_not_see):
    user = make_user(role=role)
    html = signed_in(user).get("/en/staff/").content.decode()
    for title in sees:
        assert f">{title}</a>" in html, title
    for title in does_not_see:
        assert f">{title}</a>" not in html, title


def test_admin_is_for_administrators_only(make_user, signed_in, client):
    admin_user = make_user(role=Role.ADMIN)
    assert signed_in(admin_user).get("/en/admin/core/organisation/").status_code == 200
    operator = make_user(role=Role.OPERATOR)
    response = signed_in(operator).get("/en/admin/core/organisation/", follow=True)
    assert response.status_code == 404
    anonymous = client.get("/en/admin/core/organisation/", follow=True)
    assert anonymous.redirect_chain[-1][0].startswith("/en/staff/login/")


def test_admin_change_is_written_to_the_audit_trail(make_user, signed_in, reference_data):
    from thb.core.models import AuditEvent, Region

    admin_user = make_user(role=Role.ADMIN)
    region = Region.objects.get(code="brussels")
    response = signed_in(admin_user).post(
        f"/en/admin/core/region/{region.pk}/change/",
        {
            "code": "brussels",
            "name_fr": "Bruxelles-Capitale",
            "name_nl": "Brussel-Hoofdstad",
            "name_de": "Brüssel-Hauptstadt",
            "name_en": "Brussels (edited)",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.update", object_type="core.region")
    assert event.actor == admin_user
    assert event.changes["name_en"]["new"] == "Brussels (edited)"


def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


def test_worker_health_is_503_until_a_heartbeat_and_200_after(client):
    from thb.core.tasks import record_worker_heartbeat

    assert client.get("/healthz/worker").status_code == 503
    record_worker_heartbeat.delay()
    response = client.get("/healthz/worker")
    assert response.status_code == 200
    assert response.json()["runs"] == 1


def test_security_headers_are_set(client):
    response = client.get("/en/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert len(response["X-Request-ID"]) >= 8
