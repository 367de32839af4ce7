"""The residence procedure in the platform (issue 7 §2): each party records its events, the engine refuses
what the rules do not allow and nothing is written, the actions follow with their owner organisations,
reminders and escalations run once, the home page and the calendar show each owner its deadlines, and each
party sees its part only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from config.celery import app
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import IdentityAccess, Organisation
from thb.core.roles import Role
from thb.core.tests.factories import UserFactory
from thb.dispatch.models import OutboxMessage
from thb.residence.models import ActionStatus, ResidenceAction, ResidenceEvent
from thb.residence.reminders import remind_and_escalate
from thb.residence.services import action_done, event_record, procedure_open
from thb.victims.services import case_open, case_record_identity

pytestmark = pytest.mark.django_db


def _user(slug: str, role: str, email: str = ""):
    return UserFactory(organisation=Organisation.objects.get(slug=slug), role=role, email=email)


@pytest.fixture
def parties(demo_directory):
    return {
        "centre": _user("pag-asa", Role.CASEWORKER, "centre@pag-asa.example"),
        "office": _user("minteh", Role.IMMIGRATION_OFFICER, "io@minteh.example"),
        "magistrate": _user("prosecutor-brussels", Role.MAGISTRATE, "mag@justice.example"),
    }


@pytest.fixture
def procedure(parties):
    case = case_open(actor=parties["centre"], opened_via="partner", legal_basis="consent")
    case_record_identity(case=case, actor=parties["centre"], name="Maria Ionescu", details="born 1999")
    return procedure_open(
        case=case,
        actor=parties["centre"],
        path="adult",
        magistrate_office=Organisation.objects.get(slug="prosecutor-brussels"),
    )


def _open_actions(procedure):
    return {
        (a.action, a.owner, a.organisation.slug if a.organisation else None)
        for a in procedure.actions.filter(status=ActionStatus.OPEN)
    }


def test_each_party_records_its_events_and_the_actions_follow(procedure, parties):
    today = timezone.localdate()
    event_record(
        procedure=procedure,
        actor=parties["centre"],
        type="reflection_requested",
        on=today - timedelta(days=3),
    )
    procedure.refresh_from_db()
    assert procedure.phase == "reflection" and procedure.document == "annex_15"
    assert _open_actions(procedure) == {
        ("decide_on_complaint", "centre", "pag-asa"),
        ("issue_document", "immigration_office", "minteh"),
    }
    event_record(
        procedure=procedure, actor=parties["office"], type="document_issued", on=today - timedelta(days=2)
    )
    event_record(procedure=procedure, actor=parties["centre"], type="complaint_filed", on=today)
    procedure.refresh_from_db()
    assert procedure.phase == "complaint"
    assert _open_actions(procedure) == {
        ("request_next_document", "centre", "pag-asa"),
        ("ask_state_of_case", "immigration_office", "minteh"),
        ("answer_state_of_case", "magistrate", "prosecutor-brussels"),
        ("issue_document", "immigration_office", "minteh"),
    }
    assert procedure.actions.filter(status=ActionStatus.SUPERSEDED, action="decide_on_complaint").exists()
    assert procedure.case.events.filter(kind="residence").count() >= 4  # the case's timeline


def test_a_party_cannot_record_anothers_event_and_a_refused_event_writes_nothing(procedure, parties):
    today = timezone.localdate()
    with pytest.raises(ValidationFailedError, match="recorded by another party"):
        event_record(procedure=procedure, actor=parties["centre"], type="document_issued", on=today)
    with pytest.raises(ValidationFailedError) as error:
        event_record(procedure=procedure, actor=parties["office"], type="cire_renewed", on=today)
    assert "phase 'start'" in error.value.message and "reflection_requested" in error.value.message
    with pytest.raises(ValidationFailedError, match="future"):
        event_record(
            procedure=procedure,
            actor=parties["centre"],
            type="reflection_requested",
            on=today + timedelta(days=1),
        )
    assert not ResidenceEvent.objects.exists() and not ResidenceAction.objects.exists()
    outsider = _user("payoke", Role.CASEWORKER)
    with pytest.raises(PermissionDeniedError):
        event_record(procedure=procedure, actor=outsider, type="reflection_requested", on=today)


def test_the_magistrate_answers_and_marks_the_action_done(procedure, parties):
    today = timezone.localdate()
    event_record(procedure=procedure, actor=parties["centre"], type="complaint_filed", on=today)
    answer = procedure.actions.get(action="answer_state_of_case")
    with pytest.raises(PermissionDeniedError):
        action_done(action=answer, actor=parties["office"])
    action_done(action=answer, actor=parties["magistrate"], note="Investigation ongoing")
    event_record(
        procedure=procedure, actor=parties["magistrate"], type="prosecutor_confirms_victim", on=today
    )
    procedure.refresh_from_db()
    assert procedure.phase == "victim_status" and procedure.document == "cire_a"
    assert ResidenceAction.objects.get(pk=answer.pk).status == ActionStatus.DONE


def test_reminders_and_escalations_are_sent_once_to_the_owners(procedure, parties):
    start = date(2024, 1, 1)
    event_record(procedure=procedure, actor=parties["centre"], type="complaint_filed", on=start)
    issue = procedure.actions.get(action="issue_document")
    reminded, escalated = remind_and_escalate(today=issue.due - timedelta(days=2))
    assert reminded == 1 and escalated == 0
    message = OutboxMessage.objects.get(topic="residence.action_due", recipient="io@minteh.example")
    assert message.organisation.slug == "minteh" and "Ionescu" not in str(message.payload)
    assert remind_and_escalate(today=issue.due - timedelta(days=1)) == (0, 0)
    reminded, escalated = remind_and_escalate(today=issue.due + timedelta(days=1))
    assert escalated == 1
    overdue = set(
        OutboxMessage.objects.filter(topic="residence.action_overdue").values_list("recipient", flat=True)
    )
    assert {"io@minteh.example", "centre@pag-asa.example"} <= overdue
    assert remind_and_escalate(today=issue.due + timedelta(days=2))[1] == 0
    assert "residence-remind-and-escalate" in settings.CELERY_BEAT_SCHEDULE


def test_the_home_page_and_the_calendar_show_each_owner_its_deadlines(procedure, parties, signed_in):
    event_record(procedure=procedure, actor=parties["centre"], type="complaint_filed", on=date(2024, 1, 1))
    office = signed_in(parties["office"])
    home = office.get(reverse("core:staff-home")).content.decode()
    assert "Residence deadlines" in home and "Issue the document" in home and "overdue" in home
    ics = office.get(reverse("residence:calendar"))
    assert ics["Content-Type"].startswith("text/calendar")
    text = ics.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.count("BEGIN:VEVENT") == 2
    issue = procedure.actions.get(action="issue_document")
    assert f"DTSTART;VALUE=DATE:{issue.due:%Y%m%d}" in text and f"UID:{issue.uuid}@thb-platform" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "Ionescu" not in text
    magistrate_ics = signed_in(parties["magistrate"]).get(reverse("residence:calendar")).content.decode()
    assert (
        magistrate_ics.count("BEGIN:VEVENT") == 1
        and "SUMMARY:Answer the Immigration Office" in magistrate_ics
    )


def test_each_party_sees_its_part_only(procedure, parties, signed_in):
    event_record(
        procedure=procedure, actor=parties["centre"], type="complaint_filed", on=timezone.localdate()
    )
    url = reverse("residence:procedure", kwargs={"procedure_uuid": procedure.uuid})
    centre = signed_in(parties["centre"]).get(url).content.decode()
    assert "Issue the document" in centre and "Answer the Immigration Office" in centre
    magistrate = signed_in(parties["magistrate"]).get(url).content.decode()
    assert "Answer the Immigration Office" in magistrate and "Issue the document" not in magistrate
    assert "Show the identity" not in magistrate
    office = signed_in(parties["office"])
    assert "Show the identity" in office.get(url).content.decode()
    shown = office.post(url, {"action": "show_identity"}).content.decode()
    assert "Maria Ionescu" in shown
    assert IdentityAccess.objects.filter(actor=parties["office"], object_uuid=procedure.case.uuid).exists()
    assert office.get(reverse("victims:case", kwargs={"case_uuid": procedure.case.uuid})).status_code == 404
    for outsider in (
        _user("prosecutor-antwerpen", Role.MAGISTRATE),
        _user("payoke", Role.CASEWORKER),
        _user("hotline", Role.OPERATOR),
        _user("fjp-thb-brussels", Role.INVESTIGATOR),
    ):
        assert signed_in(outsider).get(url).status_code == 404, outsider.role


def test_the_page_refuses_an_event_the_rules_do_not_allow(procedure, parties, signed_in):
    client = signed_in(parties["centre"])
    open_url = reverse("residence:procedure", kwargs={"procedure_uuid": procedure.uuid})
    today = timezone.localdate().isoformat()
    assert client.post(open_url, {"type": "reflection_requested", "on": today}).status_code == 302
    refused = client.post(open_url, {"type": "reflection_requested", "on": today})
    assert refused.status_code == 422 and ResidenceEvent.objects.count() == 1
    case_page = client.get(
        reverse("victims:case", kwargs={"case_uuid": procedure.case.uuid})
    ).content.decode()
    assert "Reflection period" in case_page


def test_the_periodic_job_is_a_registered_task_that_runs(procedure, parties):
    app.loader.import_default_modules()
    task = app.tasks["thb.residence.tasks.remind_and_escalate"]
    event_record(procedure=procedure, actor=parties["centre"], type="complaint_filed", on=date(2024, 1, 1))
    result = task.apply().get()
    assert result["reminded"] >= 1 and result["escalated"] >= 1  # every action of 2024 is overdue by now
    assert not procedure.actions.filter(status=ActionStatus.OPEN, escalated_at__isnull=True).exists()
