"""The API's contract (issue 2 §1): OpenAPI at /api/v1/openapi.json, docs, one error shape."""

from __future__ import annotations

import pytest

from thb.core.roles import Role
from thb.core.tokens import api_token_create

pytestmark = pytest.mark.django_db


def _bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, actor=None).secret}"}


def test_openapi_document_is_served_and_lists_core_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    for path in (
        "/api/v1/me",
        "/api/v1/organisations",
        "/api/v1/audit/events",
        "/api/v1/reference/postcodes/{postcode}",
    ):
        assert path in document["paths"], path


def test_interactive_docs_are_served_without_external_assets(client):
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "swagger-ui-bundle.js" in html
    assert "cdn." not in html


def test_unauthenticated_request_gets_the_common_error_shape(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {"error": "unauthorized", "message": "Authentication required."}


def test_me_describes_the_token_owner(make_user, client):
    user = make_user(role=Role.CASEWORKER)
    body = client.get("/api/v1/me", **_bearer(user)).json()
    assert body["username"] == user.username
    assert body["role"] == "caseworker"
    assert body["organisation"] == str(user.organisation.uuid)
    assert "victims.manage_cases" in body["permissions"]


def test_bad_input_gets_422_with_the_offending_field(make_user, client):
    user = make_user(role=Role.AUDITOR)
    response = client.get("/api/v1/audit/events?since=not-a-date", **_bearer(user))
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid"
    assert any("since" in item["loc"] for item in body["detail"])


def test_unknown_organisation_is_a_404_in_the_common_shape(make_user, client):
    user = make_user(role=Role.OPERATOR)
    response = client.get("/api/v1/organisations/00000000-0000-0000-0000-000000000000", **_bearer(user))
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_permission_denied_is_a_403_in_the_common_shape(make_user, client):
    user = make_user(role=Role.OPERATOR)
    response = client.get("/api/v1/audit/events", **_bearer(user))
    assert response.status_code == 403
    assert response.json()["error"] == "permission_denied"
