"""Training sessions of the expertise network (issue 10): catalogue, sessions, registration with a waiting
list, attendance, feedback shown only in aggregate, certificates, materials, access."""

from __future__ import annotations

import datetime
import io

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import AuditEvent, OrganisationKind
from thb.core.roles import Role
from thb.core.tests.access_matrix import assert_access_matrix, client_with_second_factor
from thb.core.tests.factories import OrganisationFactory, UserFactory
from thb.expertise.models import RegistrationStatus, TrainingSession
from thb.expertise.trainings import (
    attendance_record,
    course_save,
    feedback_give,
    feedback_results,
    material_add,
    registration_cancel,
    registration_register,
    session_save,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def organiser(db):
    return UserFactory(
        role=Role.COORDINATOR, organisation=OrganisationFactory(kind=OrganisationKind.COORDINATION_CELL)
    )


def _course(organiser, **overrides):
    data = {
        "title": {"fr": "Identifier les victimes", "nl": "Slachtoffers identificeren"},
        "description": {"fr": "Les indicateurs de l'OIT en pratique."},
        "themes": ["identification"],
        "audience": [],
        "hours": "3.5",
        **overrides,
    }
    return course_save(actor=organiser, data=data)


def _session(organiser, course, **overrides):
    data = {
        "starts_at": NOW + datetime.timedelta(days=10),
        "ends_at": NOW + datetime.timedelta(days=10, hours=4),
        "place": "Résidence Palace, Bruxelles",
        "online_link": "",
        "language": "fr",
        "trainers": "Myria, Payoke",
        "capacity": 2,
        **overrides,
    }
    return session_save(actor=organiser, course=course, data=data)


def _participant(kind=OrganisationKind.SPECIALISED_CENTRE, role=Role.CASEWORKER, **kwargs):
    return UserFactory(role=role, organisation=OrganisationFactory(kind=kind), **kwargs)


def _held(session):
    """The session took place (its dates moved to the past)."""
    TrainingSession.objects.filter(pk=session.pk).update(
        starts_at=NOW - datetime.timedelta(days=2), ends_at=NOW - datetime.timedelta(days=2, hours=-4)
    )
    session.refresh_from_db()
    return session


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": {}}, "title"),
        ({"hours": "0"}, "hours"),
        ({"hours": "x"}, "hours"),
        ({"themes": []}, "themes"),
    ],
)
def test_bad_courses_are_refused(organiser, overrides, field):
    with pytest.raises(ValidationFailedError) as caught:
        _course(organiser, **overrides)
    assert caught.value.field == field


def test_only_organisers_make_courses_and_sessions(organiser):
    with pytest.raises(PermissionDeniedError):
        _course(_participant())
    course = _course(organiser)
    with pytest.raises(PermissionDeniedError):
        _session(
            UserFactory(
                role=Role.COORDINATOR,
                organisation=OrganisationFactory(kind=OrganisationKind.COORDINATION_CELL),
            ),
            course,
        )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": NOW + datetime.timedelta(days=9)}, "ends_at"),
        ({"place": "", "online_link": ""}, "place"),
        ({"place": "", "online_link": "http://meet.example.org"}, "online_link"),
        ({"capacity": 0}, "capacity"),
        ({"language": "ro"}, "language"),
    ],
)
def test_bad_sessions_are_refused(organiser, overrides, field):
    with pytest.raises(ValidationFailedError) as caught:
        _session(organiser, _course(organiser), **overrides)
    assert caught.value.field == field


def test_a_full_session_puts_people_on_a_waiting_list_and_a_cancellation_frees_a_place(organiser):
    session = _session(organiser, _course(organiser))
    first, second, third = _participant(), _participant(), _participant()

    assert registration_register(actor=first, session=session).status == RegistrationStatus.REGISTERED
    assert registration_register(actor=second, session=session).status == RegistrationStatus.REGISTERED
    waiting = registration_register(actor=third, session=session)
    assert waiting.status == RegistrationStatus.WAITING
    with pytest.raises(ValidationFailedError):
        registration_register(actor=first, session=session)

    registration_cancel(actor=first, registration=session.registrations.get(user=first))

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED
    assert AuditEvent.objects.filter(action="training.promoted", object_uuid=waiting.uuid).exists()


def test_a_course_for_the_police_is_not_open_to_a_centre(organiser):
    session = _session(organiser, _course(organiser, audience=["police_local", "police_federal_thb"]))
    centre = _participant()
    police = _participant(kind=OrganisationKind.POLICE_LOCAL, role=Role.INVESTIGATOR)

    with pytest.raises(Http404):  # the same "not found" as for a session that does not exist
        registration_register(actor=centre, session=session)
    assert registration_register(actor=police, session=session).status == RegistrationStatus.REGISTERED
    assert (
        client_with_second_factor(centre).get(reverse("expertise:session", args=[session.uuid])).status_code
        == 404
    )


def test_attendance_gives_certificates_and_feedback_is_shown_only_from_five_answers(organiser, settings):
    session = _session(organiser, _course(organiser), capacity=10)
    people = [_participant(first_name="Anne", last_name=f"Dupont{index}") for index in range(6)]
    registrations = [registration_register(actor=person, session=session) for person in people]
    with pytest.raises(ValidationFailedError):
        attendance_record(actor=organiser, session=session, present={str(r.uuid) for r in registrations})
    session = _held(session)

    assert (
        attendance_record(actor=organiser, session=session, present={str(r.uuid) for r in registrations[:5]})
        == 5
    )

    absent = registrations[5]
    absent.refresh_from_db()
    with pytest.raises(ValidationFailedError):
        feedback_give(
            actor=people[5], registration=absent, ratings={"relevance": 5, "quality": 5, "applicability": 5}
        )
    for index, registration in enumerate(registrations[:4]):
        registration.refresh_from_db()
        feedback_give(
            actor=people[index],
            registration=registration,
            ratings={"relevance": 4, "quality": 5, "applicability": 3},
        )
    assert feedback_results(session).shown is False
    client = client_with_second_factor(organiser)
    assert client.get(reverse("expertise:feedback-chart", args=[session.uuid, "quality"])).status_code == 404
    last = registrations[4]
    last.refresh_from_db()
    with pytest.raises(ValidationFailedError):
        feedback_give(
            actor=people[4], registration=last, ratings={"relevance": 6, "quality": 5, "applicability": 3}
        )
    feedback_give(
        actor=people[4],
        registration=last,
        ratings={"relevance": 2, "quality": 5, "applicability": 3},
        comment="Trop court",
    )

    results = feedback_results(session)
    assert results.shown and results.answers == 5
    assert results.distributions["relevance"] == [(1, 0), (2, 1), (3, 0), (4, 4), (5, 0)]
    assert results.averages["quality"] == 5
    chart = client.get(reverse("expertise:feedback-chart", args=[session.uuid, "quality"]))
    assert chart["Content-Type"] == "image/svg+xml"

    last.refresh_from_db()
    pdf = client_with_second_factor(people[4]).get(
        reverse("expertise:certificate", args=[session.uuid, last.uuid])
    )
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Anne Dupont4" in text and "Identifier" in text and last.certificate_code in text
    assert (
        client_with_second_factor(people[0])
        .get(reverse("expertise:certificate", args=[session.uuid, last.uuid]))
        .status_code
        == 404
    )
    assert client.get(reverse("expertise:certificate", args=[session.uuid, absent.uuid])).status_code == 404


def test_materials_are_checked_and_served_as_downloads(organiser):
    session = _session(organiser, _course(organiser))
    with pytest.raises(ValidationFailedError):
        material_add(
            actor=organiser,
            session=session,
            upload=io.BytesIO(b"<svg onload=alert(1)>"),
            filename="slides.pdf",
        )
    material = material_add(
        actor=organiser, session=session, upload=io.BytesIO(b"%PDF-1.4\n%%EOF"), filename="slides.pdf"
    )
    participant = _participant()
    response = client_with_second_factor(participant).get(
        reverse("expertise:session-material", args=[session.uuid, material.uuid])
    )
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_pages_register_and_cancel(organiser):
    session = _session(organiser, _course(organiser))
    participant = _participant()
    client = client_with_second_factor(participant)
    page = client.get(reverse("expertise:trainings")).content.decode()
    assert "Identifier les victimes" in page or "Slachtoffers identificeren" in page

    client.post(reverse("expertise:session-action", args=[session.uuid, "register"]))
    assert session.registrations.get(user=participant).status == RegistrationStatus.REGISTERED
    client.post(reverse("expertise:session-action", args=[session.uuid, "cancel"]))
    assert session.registrations.get(user=participant).status == RegistrationStatus.CANCELLED


def test_access_matrix(organiser):
    course = _course(organiser)
    session = _session(organiser, course)
    readers = [role for role in Role.values if role != Role.ISP_ENGINEER]
    assert_access_matrix(reverse("expertise:trainings"), allowed_roles=readers, cross_organisation=False)
    assert_access_matrix(
        reverse("expertise:session", args=[session.uuid]), allowed_roles=readers, cross_organisation=False
    )
    assert_access_matrix(
        reverse("expertise:course-new"), allowed_roles=[Role.COORDINATOR], cross_organisation=False
    )
