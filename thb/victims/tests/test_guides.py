"""The hearing guides' editor (views_guides.py): coordinators write a new version as YAML, checked before it
is saved; caseworkers read the guides; a hearing keeps its version."""

from __future__ import annotations

import pytest
import yaml
from django.urls import reverse

from thb.core.models import Organisation
from thb.core.roles import Role
from thb.core.tests.factories import UserFactory
from thb.victims.hearings import load_hearing_guides
from thb.victims.models import HearingGuide

pytestmark = pytest.mark.django_db


@pytest.fixture
def guides(demo_directory):
    load_hearing_guides()


def _user(slug: str, role: str):
    return UserFactory(organisation=Organisation.objects.get(slug=slug), role=role)


def test_a_coordinator_saves_a_new_version_that_becomes_active(guides, signed_in):
    client = signed_in(_user("coordination-cell", Role.COORDINATOR))
    url = reverse("victims:guide", kwargs={"slug": "labour"})
    page = client.get(url)
    assert page.status_code == 200
    source = page.context["source"]
    document = yaml.safe_load(source)
    document["sections"][0]["questions"][0]["text"]["en"] = "Do you need a break before we start?"
    response = client.post(url, {"source": yaml.safe_dump(document, allow_unicode=True)})
    assert response.status_code == 302
    active = HearingGuide.objects.get(slug="labour", is_active=True)
    assert active.version == 2
    assert active.data["sections"][0]["questions"][0]["text"]["en"] == "Do you need a break before we start?"
    assert HearingGuide.objects.filter(slug="labour", version=1, is_active=False).exists()
    old = client.get(url, {"version": "1"})
    assert "Do you need a break before we start?" not in old.content.decode()


def test_bad_yaml_or_a_missing_translation_is_refused_with_the_reason(guides, signed_in):
    client = signed_in(_user("coordination-cell", Role.COORDINATOR))
    url = reverse("victims:guide", kwargs={"slug": "labour"})
    broken = client.post(url, {"source": "slug: labour\ntitle: [unclosed\n"})
    assert broken.status_code == 422 and "line" in broken.content.decode()
    document = yaml.safe_load(client.get(url).context["source"])
    del document["sections"][1]["questions"][0]["text"]["de"]
    incomplete = client.post(url, {"source": yaml.safe_dump(document, allow_unicode=True)})
    assert incomplete.status_code == 422
    assert (
        "sections[1].questions[0].text: a text in fr, nl, de and en is needed" in incomplete.content.decode()
    )
    document["slug"] = "renamed"
    renamed = client.post(url, {"source": yaml.safe_dump(document, allow_unicode=True)})
    assert renamed.status_code == 422
    assert HearingGuide.objects.filter(slug="labour").count() == 1


def test_caseworkers_read_the_guides_but_do_not_edit_them(guides, signed_in):
    client = signed_in(_user("pag-asa", Role.CASEWORKER))
    assert client.get(reverse("victims:guides")).status_code == 200
    url = reverse("victims:guide", kwargs={"slug": "minor"})
    page = client.get(url)
    assert page.status_code == 200 and "Write a new version" not in page.content.decode()
    assert client.post(url, {"source": "slug: minor"}).status_code == 404
    operator = signed_in(_user("hotline", Role.OPERATOR))
    assert operator.get(url).status_code == 404
