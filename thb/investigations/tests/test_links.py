"""Facts recorded by hand with their provenance (issue 8 §1): links between entities checked against the
FtM model, and the victim of a case the service takes part in — by pseudonym only, its values' origin
being the case."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import Organisation
from thb.core.roles import Role
from thb.core.tests.access_matrix import client_with_second_factor
from thb.core.tests.factories import UserFactory
from thb.investigations.models import Entity, Statement
from thb.investigations.services import case_person_add, entity_record, link_record
from thb.victims.services import case_open, case_record_identity

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(investigation, investigator):
    def person(name):
        proxy = entity_record(
            investigation=investigation,
            actor=investigator,
            schema="Person",
            values={"name": name},
            document="PV 1",
        )
        return Entity.objects.get(investigation=investigation, entity_id=proxy.id)

    company = entity_record(
        investigation=investigation,
        actor=investigator,
        schema="Company",
        values={"name": "Scaffold Build SRL", "registrationNumber": "0403.170.701"},
        document="KBO",
    )
    return person("Ion Popescu"), person("Elena Popescu"), Entity.objects.get(entity_id=company.id)


def test_a_family_link_and_a_directorship_with_their_document(investigation, investigator, people):
    ion, elena, company = people
    link_record(
        investigation=investigation,
        actor=investigator,
        schema="Family",
        source=ion,
        target=elena,
        role="sister",
        document="Hearing of 3 March",
    )
    family = Entity.objects.get(investigation=investigation, schema="Family")
    assert family.properties["person"] == [ion.entity_id] and family.properties["relative"] == [
        elena.entity_id
    ]
    assert set(Statement.objects.filter(entity=family).values_list("document", flat=True)) == {
        "Hearing of 3 March"
    }
    link_record(
        investigation=investigation,
        actor=investigator,
        schema="Directorship",
        source=ion,
        target=company,
        role="manager",
        start_date="01/02/2024",
        document="KBO",
    )
    directorship = Entity.objects.get(investigation=investigation, schema="Directorship")
    assert directorship.properties["startDate"] == ["2024-02-01"]


def test_a_link_the_model_does_not_allow_is_refused_and_nothing_is_written(
    investigation, investigator, people
):
    ion, elena, company = people
    with pytest.raises(ValidationFailedError, match="cannot have"):
        link_record(
            investigation=investigation,
            actor=investigator,
            schema="Family",
            source=ion,
            target=company,
            document="PV 2",
        )
    with pytest.raises(ValidationFailedError, match="document"):
        link_record(
            investigation=investigation,
            actor=investigator,
            schema="Associate",
            source=ion,
            target=elena,
            document="",
        )
    with pytest.raises(ValidationFailedError):
        link_record(
            investigation=investigation,
            actor=investigator,
            schema="Family",
            source=ion,
            target=ion,
            document="PV 2",
        )
    assert not Entity.objects.filter(investigation=investigation, schema__in=["Family", "Associate"]).exists()


def test_the_entity_page_records_a_link(investigation, investigator, people):
    ion, elena, _company = people
    client = client_with_second_factor(investigator)
    url = reverse("investigations:entity", args=[investigation.uuid, ion.entity_id])
    bad = client.post(url, {"schema": "Associate", "target": elena.entity_id, "document": ""})
    assert bad.status_code == 422
    response = client.post(
        url, {"schema": "Associate", "target": elena.entity_id, "role": "cousin", "document": "PV 3"}
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Elena Popescu" in page


def test_the_victim_of_a_case_enters_by_pseudonym_with_the_case_as_provenance(
    investigation, investigator, police
):
    case = case_open(
        actor=investigator,
        opened_via="police",
        legal_basis="legal_obligation",
        exploitation=["labour"],
        nationalities=["RO"],
    )
    case_record_identity(case=case, actor=investigator, name="Real Name", details="born in Iasi")
    person = case_person_add(investigation=investigation, actor=investigator, case=case)
    assert person.caption == case.pseudonym
    assert "Real Name" not in str(person.properties) and "Iasi" not in str(person.properties)
    assert person.properties["nationality"] == ["ro"]
    assert set(Statement.objects.filter(entity=person).values_list("origin", "victim_case")) == {
        ("case", case.pk)
    }
    client = client_with_second_factor(investigator)
    client.post(
        reverse("investigations:detail", args=[investigation.uuid]),
        {"action": "case_person", "case": str(case.uuid)},
    )
    assert (
        Entity.objects.filter(investigation=investigation, schema="Person", caption=case.pseudonym).count()
        == 1
    )


def test_a_case_the_service_does_not_take_part_in_cannot_be_added(
    investigation, investigator, demo_directory
):
    centre = Organisation.objects.get(slug="pag-asa")
    worker = UserFactory(organisation=centre, role=Role.CASEWORKER)
    case = case_open(actor=worker, opened_via="partner", legal_basis="consent", exploitation=["labour"])
    with pytest.raises(PermissionDeniedError):
        case_person_add(investigation=investigation, actor=investigator, case=case)
