import pytest


@pytest.mark.django_db
def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["fr", "nl", "de", "en"])
def test_public_home_is_served_per_language(client, lang):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    assert f'lang="{lang}"'.encode() in response.content
