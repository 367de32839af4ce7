"""A positive identification signal triggers the dispatch procedure (issue 6 §2; action plan: complaints
are dispatched "by clearly established procedures"). The case's facts — forms of exploitation, sector,
minor (from the age band), language — and what the caseworker adds (the person wants assistance, agrees
to the police being told, immediate danger, the postcode) go through the same active procedure as a
hotline contact; the proposals are confirmed the same way (a removal or an addition needs a reason), the
partners get referrals with deadlines and escalation, and a partner that accepts takes part in the case.

The signal is for the professionals, never a legal decision: nothing is sent without the caseworker
confirming it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import User
from thb.dispatch.directory import Directory
from thb.dispatch.engine import decide
from thb.dispatch.facts import Facts
from thb.dispatch.models import Referral
from thb.dispatch.selectors import DispatchProposal, active_procedure
from thb.dispatch.services.referrals import AddedReferral, Confirmation, referrals_send

from .models import AgeBand, CaseParticipant, VictimCase
from .services import case_event, participant_organisation

MINOR_BANDS = frozenset({AgeBand.UNDER_12, AgeBand.AGE_12_15, AgeBand.AGE_16_17})
CASEWORKER_FACTS = (
    "signal_type",
    "victim_wants_assistance",
    "consent_to_police",
    "immediate_danger",
    "unaccompanied_minor",
    "diplomatic_household",
    "postcode",
)


def has_positive_signal(case: VictimCase) -> bool:
    latest = case.assessments.order_by("-created_at").first()
    return bool(latest and latest.victim_signal)


def facts_from_case(case: VictimCase, given: dict[str, Any] | None = None) -> Facts:
    """The dispatch facts of a case; ``given`` holds the caseworker's answers (CASEWORKER_FACTS).
    Raises ``ValidationFailedError`` on a bad value (e.g. not a Belgian postcode)."""
    given = {k: v for k, v in (given or {}).items() if k in CASEWORKER_FACTS and v not in (None, "")}
    minor = True if case.age_band in MINOR_BANDS else (False if case.age_band else None)
    try:
        return Facts(
            signal_type=given.get("signal_type", "tip"),
            exploitation=tuple(case.exploitation or ()),
            sector=case.sector or None,
            minor_involved=minor,
            language=(case.languages or [None])[0],
            **{k: v for k, v in given.items() if k != "signal_type"},
        )
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        field = "postcode" if "postcode" in str(exc) else "facts"
        raise ValidationFailedError(_("Check the facts: %(error)s") % {"error": exc}, field=field) from exc


def case_dispatch_proposal(*, case: VictimCase, actor: User, facts: Facts) -> DispatchProposal | None:
    """What the active procedure proposes for the case, minus the organisations that already take part or
    already had a referral of it. None when no procedure is active."""
    participant_organisation(case, actor)
    active = active_procedure()
    if active is None:
        return None
    version, procedure = active
    decision = decide(procedure, facts, Directory.from_database())
    involved = set(case.participants.values_list("organisation__slug", flat=True))
    involved |= set(Referral.objects.filter(case=case).values_list("organisation__slug", flat=True))
    already = [p for p in decision.referrals if p.organisation in involved]
    decision.referrals = [p for p in decision.referrals if p.organisation not in involved]
    return DispatchProposal(version=version, procedure=procedure, decision=decision, already_referred=already)


def case_referrals_confirm(
    *,
    case: VictimCase,
    actor: User,
    proposal: DispatchProposal,
    removed: dict[str, str] | None = None,
    added: list[AddedReferral] | None = None,
) -> Confirmation:
    organisation = participant_organisation(case, actor)
    if not has_positive_signal(case):
        raise ValidationFailedError(
            _("The latest identification assessment gives no signal: there is nothing to dispatch."),
            code="no_signal",
        )
    with transaction.atomic():
        VictimCase.objects.select_for_update().get(pk=case.pk)
        return referrals_send(
            subject=case,
            source=organisation,
            actor=actor,
            decision=proposal.decision,
            procedure=proposal.procedure,
            version=proposal.version,
            removed=removed,
            added=added,
        )


_STEP_SUMMARY = {
    "sent": "referral sent to %(org)s (rule %(rule)s)",
    "acknowledge": "%(org)s acknowledged the referral",
    "accept": "%(org)s accepted the referral and takes part",
    "decline": "%(org)s declined the referral",
    "report_outcome": "%(org)s reported the outcome of the referral",
    "close": "%(org)s closed the referral",
}


def follow_case_referral(referral: Referral, action: str, actor: User | None) -> None:
    """Referral hook (registered in apps.py): the case's timeline shows every step, and an organisation
    that accepts a referral of the case takes part in it on the referral's legal basis."""
    case = referral.case
    if case is None:
        return
    if actor is None:
        raise PermissionDeniedError()
    organisation = referral.organisation
    template = _STEP_SUMMARY.get(action)
    if template:
        case_event(
            case,
            "referral",
            template % {"org": organisation.short_name or organisation.slug, "rule": referral.rule or "—"},
            actor,
        )
    if action == "accept":
        CaseParticipant.objects.get_or_create(
            case_id=referral.case_id,
            organisation=organisation,
            defaults={"referral": referral, "legal_basis": referral.legal_basis, "added_by": actor},
        )
