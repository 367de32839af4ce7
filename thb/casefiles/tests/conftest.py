"""A police service, the magistrate's office directing its investigation, and a victim case the police
take part in, with an assessment and a completed hearing."""

from __future__ import annotations

import pytest

from thb.core.models import Organisation
from thb.core.roles import Role
from thb.core.tests.factories import UserFactory
from thb.victims.hearings import hearing_finish, hearing_start, load_hearing_guides
from thb.victims.models import HearingGuide
from thb.victims.services import assessment_record, case_open


@pytest.fixture
def police(demo_directory):
    return Organisation.objects.get(slug="fjp-thb-brussels")


@pytest.fixture
def office(demo_directory):
    return Organisation.objects.get(slug="prosecutor-brussels")


@pytest.fixture
def investigator(police):
    return UserFactory(organisation=police, role=Role.INVESTIGATOR, email="inv@police.example")


@pytest.fixture
def magistrate(office):
    return UserFactory(organisation=office, role=Role.MAGISTRATE, email="mag@justice.example")


@pytest.fixture
def victim_case(investigator):
    """Opened by the police, assessed (a signal) and heard."""
    case = case_open(
        actor=investigator,
        opened_via="police",
        legal_basis="legal_obligation",
        exploitation=["labour"],
        sector="construction",
        places="Anderlecht, building site",
        countries=["RO"],
    )
    assessment_record(
        case=case,
        actor=investigator,
        list_name="adult_labour",
        ticked=["AL-DR-01", "AL-DR-02", "AL-EC-01", "AL-EC-02", "AL-CD-01", "AL-CD-02"],
    )
    load_hearing_guides()
    guide = HearingGuide.objects.get(slug="labour", is_active=True)
    hearing = hearing_start(
        case=case, actor=investigator, guide=guide, language="fr", consent=True, recording_reference="AV-77"
    )
    hearing_finish(hearing=hearing, actor=investigator)
    return case
