"""Matching in the platform (issue 8 §2): candidates with their reasons, decisions kept by later runs,
canonical entities, and "a match exists in another investigation, contact X" without the other's data."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from django.urls import reverse
from followthemoney import model

from thb.core.models import Organisation
from thb.core.roles import Role
from thb.core.tests.access_matrix import client_with_second_factor
from thb.core.tests.factories import UserFactory
from thb.dispatch.models import OutboxMessage
from thb.investigations.matches import candidate_decide, match_run
from thb.investigations.matching.synthetic import records
from thb.investigations.models import Entity, MatchCandidate, MatchStatus
from thb.investigations.services import investigation_open
from thb.investigations.store import store_entities

pytestmark = pytest.mark.django_db(transaction=True)


def _person(investigation, actor, key, **properties):
    entity = model.make_entity("Person")
    entity.id = key
    for prop, value in properties.items():
        entity.add(prop, value, cleaned=True)
    store_entities(
        investigation=investigation, entities=[entity], actor=actor, origin="manual", document="PV 1"
    )
    return Entity.objects.get(investigation=investigation, entity_id=key)


@pytest.fixture
def second(investigator, office):
    return investigation_open(actor=investigator, title="Operation Ladder", magistrate_office=office)


@pytest.fixture
def elsewhere(demo_directory, office):
    police = Organisation.objects.filter(kind="police_federal_thb").exclude(slug="fjp-thb-brussels").first()
    colleague = UserFactory(organisation=police, role=Role.INVESTIGATOR)
    return colleague, investigation_open(actor=colleague, title="Operation Tide", magistrate_office=office)


def test_a_shared_phone_is_a_candidate_and_the_decision_survives_the_next_run(
    investigation, second, investigator
):
    a = _person(investigation, investigator, "a", name="Ion Popescu", phone="+32470123456")
    b = _person(second, investigator, "b", name="I. Popescu", phone="+32470123456")
    match_run()
    candidate = MatchCandidate.objects.get()
    assert (candidate.left_id, candidate.right_id) == (a.pk, b.pk)
    assert {"comparison": "phone", "level": "same value", "weight": 20.0} in candidate.reasons
    candidate_decide(candidate=candidate, actor=investigator, decision=MatchStatus.MATCH, note="Same SIM")
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.canonical_id and a.canonical_id == b.canonical_id
    match_run()
    candidate.refresh_from_db()
    assert candidate.status == MatchStatus.MATCH and candidate.note == "Same SIM"
    candidate_decide(candidate=candidate, actor=investigator, decision=MatchStatus.NO_MATCH)
    assert set(Entity.objects.filter(pk__in=[a.pk, b.pk]).values_list("canonical_id", flat=True)) == {""}


def test_the_model_finds_the_same_people_across_investigations_with_its_reasons(
    investigation, second, investigator
):
    truth = {}
    for number, (person, record) in enumerate(records(240, seed=11)):
        target = investigation if number % 2 else second
        properties = {"name": f"{record['given_name']} {record['surname']}"}
        dob = record["date_of_birth"]
        with contextlib.suppress(ValueError):  # a typo made an impossible date: left out
            properties["birthDate"] = date(int(dob[:4]), int(dob[4:6]), int(dob[6:])).isoformat()
        if record["nationality"]:
            properties["nationality"] = record["nationality"]
        if record["address_1"]:
            properties["address"] = (
                f"{record['street_number']} {record['address_1']} {record['postcode']} {record['city']}"
            )
        entity = _person(target, investigator, record["rec_id"], **properties)
        truth[entity.pk] = person
    run = match_run()
    assert run.records == 240 and run.note == ""
    found = {(c.left_id, c.right_id) for c in MatchCandidate.objects.filter(probability__gte=0.9)}
    true_pairs = {
        (left, right) for left in truth for right in truth if left < right and truth[left] == truth[right]
    }
    hits = found & true_pairs
    assert len(hits) / len(found) >= 0.9  # precision
    assert len(hits) / len(true_pairs) >= 0.75  # recall, without the phone and id numbers
    reasons = MatchCandidate.objects.filter(probability__gte=0.9).first().reasons
    assert {r["comparison"] for r in reasons} >= {"given_name_surname", "date_of_birth"}


def test_another_organisation_is_told_whom_to_contact_and_nothing_else(
    investigation, investigator, elsewhere
):
    colleague, theirs = elsewhere
    _person(investigation, investigator, "mine", name="Ion Popescu", phone="+32470123456")
    _person(theirs, colleague, "theirs", name="Secret Name", phone="+32470123456", notes="informant")
    match_run()
    page = (
        client_with_second_factor(investigator)
        .get(reverse("investigations:matches", args=[investigation.uuid]))
        .content.decode()
    )
    assert f"a match exists in investigation {theirs.reference} of {theirs.organisation}" in page
    assert "Secret Name" not in page and "informant" not in page
    messages = OutboxMessage.objects.filter(topic="investigations.match_elsewhere")
    assert {m.organisation_id for m in messages} == {investigation.organisation_id, theirs.organisation_id}
    assert all(
        set(m.payload) == {"investigation", "contact_organisation", "contact_investigation", "probability"}
        for m in messages
    )
    # Nobody of one side can decide for the other.
    candidate = MatchCandidate.objects.get()
    with pytest.raises(Exception, match="permission"):
        candidate_decide(candidate=candidate, actor=investigator, decision=MatchStatus.MATCH)


def test_the_review_queue_shows_why_and_records_the_decision(investigation, second, investigator):
    _person(
        investigation, investigator, "a", name="Ion Popescu", phone="+32470123456", birthDate="1990-02-19"
    )
    _person(second, investigator, "b", name="Ion Popescu", phone="+32470123456", birthDate="1990-02-19")
    client = client_with_second_factor(investigator)
    url = reverse("investigations:matches", args=[investigation.uuid])
    client.post(url, {"action": "run"})  # the task runs eagerly in tests
    page = client.get(url).content.decode()
    assert "same value" in page and "Ion Popescu ↔ Ion Popescu" in page
    candidate = MatchCandidate.objects.get()
    client.post(url, {"candidate": str(candidate.uuid), "decision": "match", "note": "Same passport photo"})
    candidate.refresh_from_db()
    assert candidate.status == MatchStatus.MATCH and candidate.decided_by == investigator
    entity_page = client.get(
        reverse("investigations:entity", args=[investigation.uuid, "a"])
    ).content.decode()
    assert "Confirmed as the same" in entity_page and second.reference in entity_page
