"""District coordination meetings (issue 10): planned by the district's reference magistrate with the
district's figures attached (suppressed), minutes, decisions, follow-up actions on their owners' home
pages, the six-month reminder, and who may see what."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import AuditEvent, JudicialDistrict, Organisation, OrganisationKind, User
from thb.core.roles import Role
from thb.core.tests.access_matrix import assert_access_matrix, client_with_second_factor
from thb.core.tests.factories import OrganisationFactory, UserFactory
from thb.expertise.meetings import (
    access_meeting,
    action_add,
    action_done,
    decision_add,
    districts_overdue,
    meeting_plan,
    meeting_record,
    remind_overdue_districts,
)
from thb.expertise.models import ActionStatus, DistrictReminder, MeetingStatus
from thb.hotline.services.console import contact_log_call

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def world(demo_directory):
    magistrate = UserFactory(
        organisation=Organisation.objects.get(slug="prosecutor-brussels"), role=Role.MAGISTRATE
    )
    police = Organisation.objects.get(slug="fjp-thb-brussels")
    centre = Organisation.objects.get(slug="pag-asa")
    return magistrate, police, centre, JudicialDistrict.objects.get(code="brussels")


def _plan(magistrate, district, participants, held_on=None):
    return meeting_plan(
        actor=magistrate,
        district=district,
        held_on=held_on or TODAY,
        place="Palais de justice, salle 1.12",
        agenda="1. Tour de table\n2. **Chiffres** du district",
        participant_ids=[organisation.pk for organisation in participants],
    )


def test_the_agenda_carries_the_districts_figures_small_cells_hidden(world):
    magistrate, police, centre, district = world
    operator = UserFactory(organisation=Organisation.objects.get(slug="hotline"), role=Role.OPERATOR)
    for signal, count in (("tip", 7), ("information", 2), ("service_request", 6)):
        for _ in range(count):
            contact_log_call(actor=operator, signal_type=signal, postcode="1000")
    contact_log_call(actor=operator, signal_type="tip", postcode="2000")  # Antwerp: not this district

    meeting = _plan(magistrate, district, [police, centre])

    contacts = meeting.figures[0]
    rows = dict(contacts["rows"])
    assert contacts["total"] == "15"
    assert rows["Information request"] == "<5" and rows["Request for services"] == "<5"  # 2 hidden, so 6 too
    assert rows["Tip"] == "7"
    for figure in meeting.figures:
        for _label, shown in figure["rows"]:
            assert shown == "<5" or shown == "0" or int(shown) >= 5
    assert AuditEvent.objects.filter(action="meeting.plan", object_uuid=meeting.uuid).exists()


def test_only_a_magistrate_of_the_district_plans(world):
    magistrate, police, centre, district = world
    with pytest.raises(PermissionDeniedError):
        _plan(magistrate, JudicialDistrict.objects.get(code="antwerpen"), [police])
    caseworker = UserFactory(organisation=centre, role=Role.CASEWORKER)
    with pytest.raises(PermissionDeniedError):
        _plan(caseworker, district, [police])


def test_minutes_decisions_and_actions_that_reach_their_owners(world):
    magistrate, police, centre, district = world
    future = _plan(magistrate, district, [police, centre], held_on=TODAY + datetime.timedelta(days=5))
    with pytest.raises(ValidationFailedError):
        meeting_record(actor=magistrate, meeting=future, minutes="Trop tôt", participant_ids=[police.pk])
    meeting = _plan(magistrate, district, [police, centre])
    meeting = meeting_record(
        actor=magistrate,
        meeting=meeting,
        minutes="## Présents\n\nTous.",
        participant_ids=[police.pk, centre.pk],
    )
    assert meeting.status == MeetingStatus.HELD
    decision = decision_add(actor=magistrate, meeting=meeting, text="Contrôles conjoints des car wash.")
    officer = UserFactory(organisation=police, role=Role.INVESTIGATOR)
    outsider = UserFactory(organisation=Organisation.objects.get(slug="payoke"), role=Role.CASEWORKER)
    with pytest.raises(ValidationFailedError):
        action_add(actor=magistrate, meeting=meeting, text="x", owner=outsider, due_on=TODAY)
    action = action_add(
        actor=magistrate,
        meeting=meeting,
        text="Planifier trois contrôles",
        owner=officer,
        due_on=TODAY + datetime.timedelta(days=30),
        decision=decision,
    )

    home = client_with_second_factor(officer).get(reverse("core:staff-home")).content.decode()
    assert "Planifier trois contrôles" in home
    with pytest.raises(PermissionDeniedError):
        action_done(actor=UserFactory(organisation=police, role=Role.INVESTIGATOR), action=action)
    response = client_with_second_factor(officer).post(
        reverse("expertise:action-done", args=[action.uuid]), {"note": "Fait le 3/12"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.done_note == "Fait le 3/12"
    assert (
        "Planifier trois contrôles"
        not in client_with_second_factor(officer).get(reverse("core:staff-home")).content.decode()
    )


def test_a_district_without_a_meeting_for_six_months_is_reminded_once_a_month(world):
    magistrate, police, _centre, district = world
    assert remind_overdue_districts(TODAY) == JudicialDistrict.objects.count()
    assert remind_overdue_districts(TODAY) == 0
    meeting = _plan(magistrate, district, [police], held_on=TODAY - datetime.timedelta(days=10))
    meeting_record(actor=magistrate, meeting=meeting, minutes="Tenue.", participant_ids=[police.pk])

    assert district not in [d for d, _last in districts_overdue(TODAY)]
    later = TODAY + datetime.timedelta(days=40)
    assert remind_overdue_districts(later) == JudicialDistrict.objects.count() - 1
    assert not DistrictReminder.objects.filter(district=district, sent_on=later).exists()
    home = client_with_second_factor(magistrate).get(reverse("core:staff-home")).content.decode()
    assert "No meeting for six months" not in home  # Brussels met ten days ago


def test_the_reminder_is_e_mailed_to_the_district_chairs_in_their_language(world):
    from django.core import mail
    from django.utils import formats, translation

    from thb.dispatch import outbox
    from thb.dispatch.models import OutboxMessage

    magistrate, police, _centre, district = world
    magistrate.preferred_language = "nl"
    magistrate.save(update_fields=["preferred_language"])
    UserFactory(organisation=police, role=Role.INVESTIGATOR, email="officer@police.example")  # not a chair
    meeting = _plan(magistrate, district, [police], held_on=TODAY - datetime.timedelta(days=200))
    meeting_record(actor=magistrate, meeting=meeting, minutes="Tenue.", participant_ids=[police.pk])

    remind_overdue_districts(TODAY)
    remind_overdue_districts(TODAY)  # once a month: no second e-mail

    sent = OutboxMessage.objects.filter(topic="expertise.meeting_overdue", payload__district=district.name)
    chairs = User.objects.filter(organisation__judicial_districts=district, role=Role.MAGISTRATE)
    assert sorted(sent.values_list("recipient", flat=True)) == sorted(chairs.values_list("email", flat=True))
    assert magistrate.email in sent.values_list("recipient", flat=True)  # not the police officer
    outbox.deliver_due()
    [email] = [m for m in mail.outbox if m.to == [magistrate.email]]
    assert email.subject == "Al zes maanden geen coördinatievergadering in het arrondissement"
    with translation.override("nl"):
        held_on = formats.date_format(TODAY - datetime.timedelta(days=200), "SHORT_DATE_FORMAT")
    assert f"{district.name} heeft sinds {held_on} geen coördinatievergadering gehouden." in email.body
    assert "/nl/staff/library/meetings/new/" in email.body
    assert "This message contains no personal data" not in email.body  # translated too


def test_a_meeting_is_seen_by_its_participants_and_the_coordination_cell_only(world):
    magistrate, police, _centre, district = world
    meeting = _plan(magistrate, district, [police])
    officer = UserFactory(organisation=police, role=Role.INVESTIGATOR)
    coordinator = UserFactory(
        organisation=OrganisationFactory(kind=OrganisationKind.COORDINATION_CELL), role=Role.COORDINATOR
    )
    outsider = UserFactory(organisation=Organisation.objects.get(slug="payoke"), role=Role.CASEWORKER)

    assert access_meeting(officer, meeting.uuid) == meeting
    assert access_meeting(coordinator, meeting.uuid) == meeting
    with pytest.raises(Http404):
        access_meeting(outsider, meeting.uuid)
    page = (
        client_with_second_factor(officer)
        .get(reverse("expertise:meeting", args=[meeting.uuid]))
        .content.decode()
    )
    assert "<strong>Chiffres</strong>" in page
    assert "Hotline contacts by type of signal" in page


def test_the_pages_plan_a_meeting(world):
    magistrate, police, centre, district = world
    client = client_with_second_factor(magistrate)
    response = client.post(
        reverse("expertise:meeting-new"),
        {
            "district": district.pk,
            "held_on": TODAY.isoformat(),
            "place": "Palais",
            "agenda": "Ordre du jour",
            "participants": [police.pk, centre.pk],
        },
    )
    assert response.status_code == 302
    assert (
        "Brussels" in client.get(reverse("expertise:meetings")).content.decode()
        or "Bruxelles" in client.get(reverse("expertise:meetings")).content.decode()
    )


def test_access_matrix(world):
    readers = [role for role in Role.values if role != Role.ISP_ENGINEER]
    assert_access_matrix(reverse("expertise:meetings"), allowed_roles=readers, cross_organisation=False)
    assert_access_matrix(
        reverse("expertise:meeting-new"), allowed_roles=[Role.MAGISTRATE], cross_organisation=False
    )
