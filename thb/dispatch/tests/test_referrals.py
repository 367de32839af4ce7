"""Referrals (services/referrals.py, selectors.py, disclosure.py): the operator confirms the proposals, the
partner sees only its profile's fields and moves the referral through its states; the hotline sees the
feedback."""

from __future__ import annotations

import pytest

from thb.core.exceptions import NotFoundError, PermissionDeniedError, ValidationFailedError
from thb.core.models import AuditEvent, IdentityAccess, Organisation
from thb.core.roles import Role
from thb.core.tests.factories import UserFactory
from thb.dispatch.access import access_referral
from thb.dispatch.disclosure import disclosed_view
from thb.dispatch.models import Referral, ReferralStatus
from thb.dispatch.selectors import dispatch_proposal_for, referral_inbox_for, referrals_of_contact
from thb.dispatch.services.referrals import (
    AddedReferral,
    proposal_key,
    referral_accept,
    referral_acknowledge,
    referral_close,
    referral_decline,
    referral_reassign,
    referral_report_outcome,
    referrals_confirm,
)
from thb.hotline.services.console import contact_log_call

pytestmark = pytest.mark.django_db


def _partner(slug: str, role: str = Role.INVESTIGATOR):
    return UserFactory(organisation=Organisation.objects.get(slug=slug), role=role)


def _labour_call(operator, **extra):
    return contact_log_call(
        actor=operator,
        signal_type="tip",
        exploitation=["labour"],
        sector="construction",
        postcode="2000",
        caller_name="Ion Popescu",
        caller_phone="+40 721 123 456",
        narrative="Twelve men sleep in a container on the building site.",
        **extra,
    )


def _confirm(operator, contact, **kwargs):
    proposal = dispatch_proposal_for(user=operator, contact=contact)
    assert proposal is not None
    return referrals_confirm(
        contact=contact,
        actor=operator,
        decision=proposal.decision,
        procedure=proposal.procedure,
        version=proposal.version,
        **kwargs,
    )


def test_a_contacts_facts_give_the_procedures_proposals(operator):
    contact = _labour_call(operator)
    proposal = dispatch_proposal_for(user=operator, contact=contact)
    assert proposal is not None
    assert {(p.partner_kind, p.organisation) for p in proposal.decision.referrals} == {
        ("social_inspection", "ecosoc-antwerpen"),
        ("labour_auditor_reference", "labour-auditor-antwerpen"),
    }


def test_confirming_sends_the_referrals_with_deadlines_and_keeps_the_contact(operator):
    contact = _labour_call(operator)
    result = _confirm(operator, contact)
    assert len(result.sent) == 2
    for referral in result.sent:
        assert referral.status == ReferralStatus.SENT and referral.rule == "labour"
        assert referral.procedure_version.slug == "belgium-default"
        assert (referral.ack_due_at - referral.sent_at).total_seconds() == 72 * 3600
    contact.refresh_from_db()
    assert contact.retain_until is None and contact.outcome == "referred"
    assert AuditEvent.objects.filter(action="referral.send").count() == 2
    # Proposed again, the same organisations are not proposed twice.
    again = dispatch_proposal_for(user=operator, contact=contact)
    assert again is not None and again.decision.referrals == [] and len(again.already_referred) == 2


def test_removing_a_proposal_needs_a_reason_and_is_kept_as_cancelled(operator):
    contact = _labour_call(operator)
    proposal = dispatch_proposal_for(user=operator, contact=contact)
    key = next(
        proposal_key(p) for p in proposal.decision.referrals if p.partner_kind == "labour_auditor_reference"
    )
    with pytest.raises(ValidationFailedError) as error:
        _confirm(operator, contact, removed={key: "  "})
    assert error.value.field == f"remove-{key}"
    assert not Referral.objects.exists()
    result = _confirm(operator, contact, removed={key: "The auditor already knows this site."})
    assert [r.partner_kind for r in result.sent] == ["social_inspection"]
    cancelled = Referral.objects.get(status=ReferralStatus.CANCELLED)
    assert cancelled.operator_reason == "The auditor already knows this site."
    assert AuditEvent.objects.filter(
        action="referral.remove", reason="The auditor already knows this site."
    ).exists()


def test_adding_a_referral_needs_a_reason_a_basis_and_a_profile(operator):
    contact = _labour_call(operator)
    payoke = Organisation.objects.get(slug="payoke")
    bad = AddedReferral(organisation=payoke, legal_basis="consent", disclosure="everything", reason="Shelter")
    with pytest.raises(ValidationFailedError) as error:
        _confirm(operator, contact, added=[bad])
    assert error.value.field == "add-0-disclosure"
    no_reason = AddedReferral(organisation=payoke, legal_basis="consent", disclosure="full", reason="")
    with pytest.raises(ValidationFailedError):
        _confirm(operator, contact, added=[no_reason])
    assert not Referral.objects.exists()
    good = AddedReferral(
        organisation=payoke, legal_basis="consent", disclosure="full", reason="He asked for shelter."
    )
    result = _confirm(operator, contact, added=[good])
    added = next(r for r in result.sent if r.organisation == payoke)
    assert (
        added.rule == ""
        and added.operator_reason == "He asked for shelter."
        and "caller_name" in added.disclosed_fields
    )
    assert AuditEvent.objects.filter(action="referral.add", reason="He asked for shelter.").exists()


def test_a_partner_sees_only_the_fields_of_its_disclosure_profile(operator):
    contact = _labour_call(operator)
    _confirm(operator, contact)
    inspector = _partner("ecosoc-antwerpen")
    referral = referral_inbox_for(user=inspector).get()
    shown = {
        f.name: f.value for f in disclosed_view(access_referral(inspector, referral.uuid), reader=inspector)
    }
    assert shown["sector"] == "Construction" and shown["reference"] == contact.reference
    assert "caller_name" not in shown and "narrative" not in shown and "caller_phone" not in shown
    assert "Popescu" not in " ".join(shown.values())
    assert not IdentityAccess.objects.filter(object_uuid=contact.uuid).exists()


def test_with_consent_the_partner_sees_the_identity_and_the_read_is_audited(operator):
    contact = _labour_call(operator, consent_to_police=True)
    _confirm(operator, contact)
    auditor = _partner("labour-auditor-antwerpen", Role.MAGISTRATE)
    referral = referral_inbox_for(user=auditor).get()
    shown = {f.name: f.value for f in disclosed_view(access_referral(auditor, referral.uuid), reader=auditor)}
    assert shown["caller_name"] == "Ion Popescu" and shown["narrative"].startswith("Twelve men")
    access = IdentityAccess.objects.get(object_uuid=contact.uuid)
    assert access.actor == auditor and access.purpose == "referral" and "caller_name" in access.fields


@pytest.mark.parametrize(
    ("slug", "role"),
    [
        ("ecosoc-brussels", Role.INVESTIGATOR),  # same kind, another district: no referral
        ("payoke", Role.CASEWORKER),  # another kind that got no referral
        ("minteh", Role.CASEWORKER),  # the Immigration Office: never for a labour complaint
        ("hotline", Role.OPERATOR),  # the hotline itself goes through the contact, not the inbox
    ],
)
def test_an_organisation_without_a_referral_sees_nothing(operator, slug, role):
    contact = _labour_call(operator)
    _confirm(operator, contact)
    stranger = _partner(slug, role)
    assert list(referral_inbox_for(user=stranger)) == []
    for referral in Referral.objects.all():
        with pytest.raises(NotFoundError):
            access_referral(stranger, referral.uuid)


def test_a_user_of_the_partner_without_the_permission_sees_nothing(operator):
    contact = _labour_call(operator)
    _confirm(operator, contact)
    analyst = _partner("ecosoc-antwerpen", Role.ANALYST)
    assert list(referral_inbox_for(user=analyst)) == []


def test_the_partners_states_and_the_hotline_sees_the_feedback(operator):
    contact = _labour_call(operator)
    _confirm(operator, contact)
    inspector = _partner("ecosoc-antwerpen")
    referral = referral_inbox_for(user=inspector).get()
    with pytest.raises(ValidationFailedError):
        referral_report_outcome(referral=referral, actor=inspector, outcome="inspection_carried_out")
    referral = referral_acknowledge(referral=referral, actor=inspector)
    assert referral.status == ReferralStatus.ACKNOWLEDGED and referral.acknowledged_at is not None
    referral = referral_accept(referral=referral, actor=inspector)
    referral = referral_report_outcome(
        referral=referral, actor=inspector, outcome="inspection_carried_out", note="Site inspected on 2 Dec."
    )
    referral = referral_close(referral=referral, actor=inspector)
    assert referral.status == ReferralStatus.CLOSED
    seen = referrals_of_contact(user=operator, contact=contact).get(organisation__slug="ecosoc-antwerpen")
    assert [e.action for e in seen.events.all()] == [
        "sent",
        "acknowledge",
        "accept",
        "report_outcome",
        "close",
    ]
    assert seen.outcome == "inspection_carried_out"


def test_declining_needs_a_reason_from_the_list(operator):
    contact = _labour_call(operator)
    _confirm(operator, contact)
    inspector = _partner("ecosoc-antwerpen")
    referral = referral_inbox_for(user=inspector).get()
    with pytest.raises(ValidationFailedError):
        referral_decline(referral=referral, actor=inspector, reason="busy")
    declined = referral_decline(
        referral=referral, actor=inspector, reason="no_capacity", note="Team on leave"
    )
    assert declined.status == ReferralStatus.DECLINED and declined.decline_reason == "no_capacity"


def test_reassigning_passes_it_on_with_the_same_profile_and_a_new_deadline(operator):
    contact = _labour_call(operator)
    _confirm(operator, contact)
    inspector = _partner("ecosoc-antwerpen")
    referral = referral_inbox_for(user=inspector).get()
    brussels = Organisation.objects.get(slug="ecosoc-brussels")
    with pytest.raises(ValidationFailedError):
        referral_reassign(referral=referral, actor=inspector, organisation=brussels, reason="")
    successor = referral_reassign(
        referral=referral, actor=inspector, organisation=brussels, reason="The site is in Brussels."
    )
    assert successor.organisation == brussels and successor.disclosure_profile == referral.disclosure_profile
    assert (
        successor.disclosed_fields == referral.disclosed_fields
        and successor.reassigned_from_id == referral.pk
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED
    other = _partner("ecosoc-brussels")
    assert [r.pk for r in referral_inbox_for(user=other)] == [successor.pk]


def test_only_the_recipient_moves_a_referral(operator):
    contact = _labour_call(operator)
    _confirm(operator, contact)
    referral = Referral.objects.get(organisation__slug="ecosoc-antwerpen")
    for stranger in (_partner("ecosoc-brussels"), operator):
        with pytest.raises(PermissionDeniedError):
            referral_acknowledge(referral=referral, actor=stranger)


def test_a_contact_released_by_its_last_referral_returns_to_retention(operator):
    contact = _labour_call(operator)
    _confirm(operator, contact)
    for referral in Referral.objects.all():
        partner = _partner(referral.organisation.slug, Role.MAGISTRATE)
        referral_decline(referral=referral, actor=partner, reason="not_competent")
    contact.refresh_from_db()
    assert contact.retain_until is not None


def test_an_operator_of_another_hotline_gets_no_proposal(operator):
    contact = _labour_call(operator)
    other = UserFactory(organisation=Organisation.objects.get(slug="payoke"), role=Role.OPERATOR)
    assert dispatch_proposal_for(user=other, contact=contact) is None
    with pytest.raises(PermissionDeniedError):
        proposal = dispatch_proposal_for(user=operator, contact=contact)
        referrals_confirm(
            contact=contact,
            actor=other,
            decision=proposal.decision,
            procedure=proposal.procedure,
            version=proposal.version,
        )
