"""Escalation of missed acknowledgement deadlines (escalation.py, deadlines.py) and the overdue dashboard."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from thb.core.models import AuditEvent, Organisation
from thb.core.roles import Perm, Role
from thb.core.tests.access_matrix import assert_access_matrix, roles_with
from thb.core.tests.factories import UserFactory
from thb.dispatch.deadlines import escalation_level_due, percentile
from thb.dispatch.escalation import escalate_overdue
from thb.dispatch.models import OutboxMessage, Referral
from thb.dispatch.selectors import acknowledgement_statistics, dispatch_proposal_for
from thb.dispatch.services.procedures import procedure_install_default
from thb.dispatch.services.referrals import referral_acknowledge, referrals_confirm
from thb.hotline.services.console import contact_log_call

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_the_level_due_follows_the_deadline():
    day = timedelta(hours=24)
    assert escalation_level_due(ack_due_at=T0, now=T0, second_level_after=day) == 0
    assert escalation_level_due(ack_due_at=T0, now=T0 + timedelta(minutes=1), second_level_after=day) == 1
    assert escalation_level_due(ack_due_at=T0, now=T0 + day, second_level_after=day) == 1
    assert (
        escalation_level_due(ack_due_at=T0, now=T0 + day + timedelta(seconds=1), second_level_after=day) == 2
    )
    assert escalation_level_due(ack_due_at=None, now=T0, second_level_after=day) == 0
    assert percentile([5.0, 1.0, 3.0], 0.5) == 3.0 and percentile([], 0.5) is None


@pytest.fixture
def world(demo_directory):
    assert procedure_install_default()[1] == "activated"
    hotline = Organisation.objects.get(slug="hotline")
    operator = UserFactory(organisation=hotline, role=Role.OPERATOR)
    supervisor = UserFactory(organisation=hotline, role=Role.SUPERVISOR, email="sup@hotline.example")
    pag_asa = Organisation.objects.get(slug="pag-asa")
    UserFactory(organisation=pag_asa, role=Role.CASEWORKER, email="worker@pag-asa.example")
    cell = Organisation.objects.get(slug="coordination-cell")
    coordinator = UserFactory(organisation=cell, role=Role.COORDINATOR, email="coord@cell.example")
    contact = contact_log_call(
        actor=operator, signal_type="service_request", victim_wants_assistance=True, postcode="1000"
    )
    proposal = dispatch_proposal_for(user=operator, contact=contact)
    result = referrals_confirm(
        contact=contact,
        actor=operator,
        decision=proposal.decision,
        procedure=proposal.procedure,
        version=proposal.version,
    )
    (referral,) = result.sent
    return {"referral": referral, "supervisor": supervisor, "coordinator": coordinator, "operator": operator}


def test_a_missed_deadline_escalates_to_supervisors_then_to_the_coordination_cell(world):
    referral = world["referral"]
    due = referral.ack_due_at
    assert escalate_overdue(now=due - timedelta(minutes=1)) == 0
    assert escalate_overdue(now=due + timedelta(minutes=5)) == 1
    referral.refresh_from_db()
    assert referral.escalation_level == 1 and referral.events.filter(action="escalated_1").exists()
    level_1 = set(
        OutboxMessage.objects.filter(topic="referral.escalated").values_list("recipient", flat=True)
    )
    assert "sup@hotline.example" in level_1 and "coord@cell.example" not in level_1
    assert escalate_overdue(now=due + timedelta(minutes=10)) == 0  # nothing new: no second notification
    assert escalate_overdue(now=due + timedelta(hours=25)) == 1
    referral.refresh_from_db()
    assert referral.escalation_level == 2
    assert (
        OutboxMessage.objects.filter(topic="referral.escalated", recipient="coord@cell.example").count() == 1
    )
    assert AuditEvent.objects.filter(action="referral.escalate", object_uuid=referral.uuid).count() == 2


def test_an_acknowledged_referral_does_not_escalate(world):
    referral = world["referral"]
    worker = UserFactory(organisation=referral.organisation, role=Role.CASEWORKER)
    referral_acknowledge(referral=referral, actor=worker)
    assert escalate_overdue(now=referral.ack_due_at + timedelta(days=3)) == 0


def test_the_overdue_page_and_the_statistics(world, signed_in):
    referral = world["referral"]
    Referral.objects.filter(pk=referral.pk).update(ack_due_at=timezone.now() - timedelta(hours=2))
    page = signed_in(world["supervisor"]).get("/en/staff/dispatch/overdue/").content.decode()
    assert referral.contact.reference in page
    stats = {s.partner_kind: s for s in acknowledgement_statistics(user=world["coordinator"])}
    assert stats["specialised_centre"].sent == 1 and stats["specialised_centre"].waiting_overdue == 1
    worker = UserFactory(organisation=referral.organisation, role=Role.CASEWORKER)
    referral_acknowledge(referral=referral, actor=worker)
    stats = {s.partner_kind: s for s in acknowledgement_statistics(user=world["coordinator"])}
    assert stats["specialised_centre"].acknowledged == 1 and stats["specialised_centre"].on_time == 0
    assert (
        stats["specialised_centre"].median_hours is not None
        and stats["specialised_centre"].median_hours < 0.1
    )
    assert acknowledgement_statistics(user=world["operator"]) == []


def test_the_overdue_page_is_for_hotline_supervisors_and_coordinators():
    allowed = set(roles_with(Perm.SUPERVISE_HOTLINE)) | set(roles_with(Perm.MANAGE_PROCEDURES))
    assert_access_matrix("/en/staff/dispatch/overdue/", allowed_roles=allowed, cross_organisation=False)
