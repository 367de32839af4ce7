"""A positive identification signal triggers the dispatch procedure (issue 6 §2; dispatching.py): the
case's facts and the caseworker's answers go through the active procedure, the proposals are confirmed as
for a hotline contact, the partners get referrals with deadlines, and a partner that accepts takes part in
the case — before that, it sees only the fields of its disclosure profile."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thb.core.exceptions import NotFoundError, ValidationFailedError
from thb.core.models import Organisation
from thb.core.roles import Role
from thb.core.tests.factories import UserFactory
from thb.dispatch.disclosure import disclosed_view
from thb.dispatch.models import OutboxMessage, Referral, ReferralStatus
from thb.dispatch.services.procedures import procedure_install_default
from thb.dispatch.services.referrals import referral_accept, referral_acknowledge
from thb.victims.dispatching import case_dispatch_proposal, case_referrals_confirm, facts_from_case
from thb.victims.models import CaseParticipant
from thb.victims.selectors import access_case
from thb.victims.services import assessment_record, case_open

pytestmark = pytest.mark.django_db

SIGNAL = ["AL-DR-01", "AL-DR-02", "AL-EC-01", "AL-EC-02", "AL-CD-01", "AL-CD-02"]


@pytest.fixture
def worker(demo_directory):
    version, _ = procedure_install_default()
    assert version is not None
    return UserFactory(organisation=Organisation.objects.get(slug="pag-asa"), role=Role.CASEWORKER)


@pytest.fixture
def case(worker):
    case = case_open(
        actor=worker,
        opened_via="partner",
        legal_basis="consent",
        exploitation=["labour"],
        sector="construction",
        age_band="25_34",
        languages=["ro"],
    )
    assessment_record(case=case, actor=worker, list_name="adult_labour", ticked=SIGNAL)
    return case


def _inspector():
    return UserFactory(organisation=Organisation.objects.get(slug="ecosoc-brussels"), role=Role.INVESTIGATOR)


def test_the_cases_facts_and_the_answers_make_the_proposals(case, worker):
    facts = facts_from_case(case, {"postcode": "1070", "victim_wants_assistance": True})
    assert facts.exploitation == ("labour",) and facts.minor_involved is False and facts.language == "ro"
    proposal = case_dispatch_proposal(case=case, actor=worker, facts=facts)
    assert proposal is not None
    assert {(p.partner_kind, p.organisation) for p in proposal.decision.referrals} == {
        ("social_inspection", "ecosoc-brussels"),
        ("labour_auditor_reference", "labour-auditor-brussels"),
    }
    # The specialised centre the rule names is the caseworker's own: it already takes part.
    assert [p.organisation for p in proposal.already_referred] == ["pag-asa"]


def test_confirming_sends_referrals_and_the_partner_takes_part_once_it_accepts(case, worker):
    facts = facts_from_case(case, {"postcode": "1070"})
    proposal = case_dispatch_proposal(case=case, actor=worker, facts=facts)
    result = case_referrals_confirm(case=case, actor=worker, proposal=proposal)
    assert len(result.sent) == 2
    referral = Referral.objects.get(case=case, organisation__slug="ecosoc-brussels")
    assert referral.contact_id is None and referral.status == ReferralStatus.SENT and referral.ack_due_at
    assert OutboxMessage.objects.filter(topic="referral.sent", payload__referral=str(referral.uuid)).exists()

    inspector = _inspector()
    shown = {f.name: f.value for f in disclosed_view(referral, reader=inspector)}
    assert case.reference in shown["reference"] and shown["exploitation"] == "labour"
    with pytest.raises(NotFoundError):
        access_case(inspector, case.uuid)  # not a participant yet

    referral_acknowledge(referral=referral, actor=inspector)
    referral_accept(referral=referral, actor=inspector)
    participant = CaseParticipant.objects.get(case=case, organisation=inspector.organisation)
    assert participant.referral == referral and participant.legal_basis == referral.legal_basis
    assert access_case(inspector, case.uuid) == case
    summaries = list(case.events.values_list("summary", flat=True))
    assert any("referral sent to" in s for s in summaries)
    assert any("accepted the referral and takes part" in s for s in summaries)


def test_a_referral_is_not_proposed_twice(case, worker):
    facts = facts_from_case(case, {"postcode": "1070"})
    case_referrals_confirm(
        case=case, actor=worker, proposal=case_dispatch_proposal(case=case, actor=worker, facts=facts)
    )
    again = case_dispatch_proposal(case=case, actor=worker, facts=facts)
    assert again.decision.referrals == []


def test_without_a_signal_nothing_is_dispatched(worker):
    case = case_open(actor=worker, opened_via="partner", legal_basis="consent", exploitation=["labour"])
    assessment_record(case=case, actor=worker, list_name="adult_labour", ticked=["AL-DR-01"])
    proposal = case_dispatch_proposal(
        case=case, actor=worker, facts=facts_from_case(case, {"postcode": "1070"})
    )
    with pytest.raises(ValidationFailedError) as error:
        case_referrals_confirm(case=case, actor=worker, proposal=proposal)
    assert error.value.code == "no_signal"
    assert not Referral.objects.filter(case=case).exists()


def test_a_bad_postcode_is_a_clear_error(case):
    with pytest.raises(ValidationFailedError) as error:
        facts_from_case(case, {"postcode": "0999"})
    assert error.value.field == "postcode"


def test_the_page_proposes_and_sends(case, worker, signed_in):
    client = signed_in(worker)
    url = reverse("victims:dispatch", kwargs={"case_uuid": case.uuid})
    page = client.get(url, {"signal_type": "tip", "postcode": "1070"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "ecosoc-brussels" in body and "labour-auditor-brussels" in body
    bad = client.get(url, {"signal_type": "tip", "postcode": "12"})
    assert bad.status_code == 422
    sent = client.post(
        url,
        {
            "signal_type": "tip",
            "postcode": "1070",
            "keep-social_inspection:ecosoc-brussels": "1",
            "reason-labour_auditor_reference:labour-auditor-brussels": "The auditor is already seized.",
        },
    )
    assert sent.status_code == 302
    statuses = dict(Referral.objects.filter(case=case).values_list("organisation__slug", "status"))
    assert statuses == {"ecosoc-brussels": "sent", "labour-auditor-brussels": "cancelled"}
    assert (
        "Dispatch under the procedure"
        in client.get(reverse("victims:case", kwargs={"case_uuid": case.uuid})).content.decode()
    )
