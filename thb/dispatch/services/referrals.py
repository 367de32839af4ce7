"""Writes of referrals (issue 4 §2): the operator confirms the proposed referrals (adding or removing one
needs a reason), the partner acknowledges, accepts or declines, reports the outcome and closes, or passes
the referral to the right organisation. Every step is atomic, audited and visible to both sides as an event
(DESIGN.md §3.1, §4).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thb.core.audit import record_change
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import Organisation, User
from thb.core.roles import Perm, has_perm
from thb.hotline.models import Contact, ContactStatus, Outcome
from thb.victims.models import VictimCase

from ..engine import Decision, ProposedReferral
from ..models import (
    DeclineReason,
    LegalBasis,
    ProcedureVersion,
    Referral,
    ReferralEvent,
    ReferralOutcome,
    ReferralStatus,
)
from ..outbox import notify
from ..procedure import PRIORITIES, Procedure

LIVE_STATUSES = (
    ReferralStatus.SENT,
    ReferralStatus.ACKNOWLEDGED,
    ReferralStatus.ACCEPTED,
    ReferralStatus.OUTCOME_REPORTED,
)
MAX_REASON = 2000


def proposal_key(proposal: ProposedReferral) -> str:
    """How a page or an API call names one proposal: ``partner_kind:organisation``."""
    return f"{proposal.partner_kind}:{proposal.organisation or ''}"


@dataclass(frozen=True)
class AddedReferral:
    """A referral the operator adds to the procedure's proposals, with the reason (audited)."""

    organisation: Organisation
    legal_basis: str
    disclosure: str
    reason: str
    ack_within_hours: int = 72
    priority: str = "normal"


# Other modules follow the referrals of their subjects (the victim case's timeline and participants, issue 6
# §1): a hook gets (referral, action, actor) inside the transaction of the step, for "sent" and for every
# partner's step ("acknowledge", "accept", "decline", "report_outcome", "close").
ReferralHook = Callable[[Referral, str, "User | None"], None]
REFERRAL_HOOKS: list[ReferralHook] = []


def _run_hooks(referral: Referral, action: str, actor: User | None) -> None:
    for hook in REFERRAL_HOOKS:
        hook(referral, action, actor)


@dataclass
class Confirmation:
    sent: list[Referral] = field(default_factory=list)
    removed: list[Referral] = field(default_factory=list)


def _event(referral: Referral, action: str, actor: User | None, note: str = "") -> None:
    ReferralEvent.objects.create(
        referral=referral,
        action=action,
        actor=actor,
        organisation=actor.organisation if actor is not None else None,
        note=note,
    )


def _reason(text: str | None, *, field_name: str) -> str:
    reason = (text or "").replace("\x00", "").strip()
    if not reason:
        raise ValidationFailedError(_("Say why."), field=field_name)
    if len(reason) > MAX_REASON:
        raise ValidationFailedError(_("Keep the reason under 2,000 characters."), field=field_name)
    return reason


def referrals_confirm(
    *,
    contact: Contact,
    actor: User,
    decision: Decision,
    procedure: Procedure,
    version: ProcedureVersion,
    removed: dict[str, str] | None = None,
    added: list[AddedReferral] | None = None,
    now: datetime | None = None,
) -> Confirmation:
    """Send the proposals of ``decision`` for a hotline contact, except those in ``removed`` (key → reason),
    plus ``added``.

    Sending takes the contact out of the retention purge while referrals are open (DESIGN.md §4 retention:
    it is no longer "unlinked")."""
    if not has_perm(actor, Perm.HANDLE_CONTACTS) or contact.organisation_id != actor.organisation_id:
        raise PermissionDeniedError()
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        result = referrals_send(
            subject=contact,
            source=contact.organisation,
            actor=actor,
            decision=decision,
            procedure=procedure,
            version=version,
            removed=removed,
            added=added,
            now=now,
        )
        if result.sent:
            contact.retain_until = None
            if not contact.outcome:
                contact.outcome = Outcome.REFERRED
            if contact.status == ContactStatus.NEW:
                contact.status = ContactStatus.OPEN
            contact.save(update_fields=["retain_until", "outcome", "status", "updated_at"])
    return result


def referrals_send(
    *,
    subject: Contact | VictimCase,
    source: Organisation,
    actor: User,
    decision: Decision,
    procedure: Procedure,
    version: ProcedureVersion,
    removed: dict[str, str] | None = None,
    added: list[AddedReferral] | None = None,
    now: datetime | None = None,
) -> Confirmation:
    """Send the proposals of ``decision`` about ``subject`` (a hotline contact, or a victim case whose
    identification gave a signal) from ``source``; the caller checked the actor may. Atomic: every
    referral is sent, or none.

    A proposal without an organisation (none found in the directory) cannot be sent as such: the sender
    removes it with a reason or adds the organisation by hand."""
    removed = {key: _reason(reason, field_name=f"remove-{key}") for key, reason in (removed or {}).items()}
    added = list(added or [])
    keys = {proposal_key(p) for p in decision.referrals}
    unknown = set(removed) - keys
    if unknown:
        raise ValidationFailedError(
            _("This referral was not proposed."), field=f"remove-{sorted(unknown)[0]}"
        )
    for proposal in decision.referrals:
        if proposal.organisation is None and proposal_key(proposal) not in removed:
            raise ValidationFailedError(
                _("No organisation was found for %(kind)s: choose one, or remove it with a reason.")
                % {"kind": proposal.partner_kind},
                field=f"remove-{proposal_key(proposal)}",
            )
    for i, extra in enumerate(added):
        _check_added(extra, procedure, field_prefix=f"add-{i}")
    now = now or timezone.now()
    about = {"contact": subject} if isinstance(subject, Contact) else {"case": subject}
    result = Confirmation()
    try:
        with transaction.atomic():
            organisations = {
                o.slug: o
                for o in Organisation.objects.filter(
                    slug__in=[p.organisation for p in decision.referrals if p.organisation]
                )
            }
            for proposal in decision.referrals:
                key = proposal_key(proposal)
                referral = Referral(
                    organisation=organisations.get(proposal.organisation or "") or source,
                    source_organisation=source,
                    partner_kind=proposal.partner_kind,
                    procedure_version=version,
                    rule=proposal.rule,
                    legal_basis=proposal.legal_basis,
                    disclosure_profile=proposal.disclosure,
                    disclosed_fields=list(proposal.fields),
                    priority=proposal.priority,
                    ack_within_hours=proposal.ack_within_hours,
                    **about,
                )
                if key in removed:
                    if proposal.organisation is None:
                        # Nobody to hold the row: the removal is kept in the audit trail only.
                        record_change(
                            actor=actor,
                            action="referral.remove_unresolved",
                            obj=subject,
                            changes={"partner_kind": {"old": proposal.partner_kind, "new": None}},
                            reason=removed[key],
                        )
                        continue
                    referral.status, referral.operator_reason, referral.closed_at = (
                        ReferralStatus.CANCELLED,
                        removed[key],
                        now,
                    )
                    referral.save()
                    _event(referral, "removed", actor, removed[key])
                    record_change(
                        actor=actor,
                        action="referral.remove",
                        obj=referral,
                        changes=_summary(referral),
                        reason=removed[key],
                    )
                    result.removed.append(referral)
                    continue
                _send(referral, actor, now)
                result.sent.append(referral)
            for extra in added:
                referral = Referral(
                    organisation=extra.organisation,
                    source_organisation=source,
                    partner_kind=extra.organisation.kind,
                    procedure_version=version,
                    rule="",
                    legal_basis=extra.legal_basis,
                    disclosure_profile=extra.disclosure,
                    disclosed_fields=list(procedure.profile_fields(extra.disclosure)),
                    priority=extra.priority,
                    ack_within_hours=extra.ack_within_hours,
                    operator_reason=extra.reason,
                    **about,
                )
                _send(referral, actor, now, reason=extra.reason)
                result.sent.append(referral)
    except IntegrityError as exc:
        raise ValidationFailedError(
            _("One of these organisations already has a referral of this contact."), code="already_referred"
        ) from exc
    return result


def _check_added(extra: AddedReferral, procedure: Procedure, *, field_prefix: str) -> None:
    if not extra.organisation.takes_referrals or not extra.organisation.is_active:
        raise ValidationFailedError(
            _("This organisation does not take referrals."), field=f"{field_prefix}-organisation"
        )
    if extra.legal_basis not in LegalBasis.values:
        raise ValidationFailedError(_("Choose the legal basis."), field=f"{field_prefix}-legal_basis")
    if extra.disclosure not in procedure.doc.disclosure_profiles:
        raise ValidationFailedError(_("Choose a disclosure profile."), field=f"{field_prefix}-disclosure")
    if not 1 <= extra.ack_within_hours <= 720 or extra.priority not in PRIORITIES:
        raise ValidationFailedError(_("Not an allowed value."), field=f"{field_prefix}-ack_within_hours")
    _reason(extra.reason, field_name=f"{field_prefix}-reason")


def _summary(referral: Referral) -> dict[str, dict[str, object]]:
    return {
        "organisation": {"old": None, "new": referral.organisation.slug},
        "rule": {"old": None, "new": referral.rule or "(added by the operator)"},
        "legal_basis": {"old": None, "new": referral.legal_basis},
        "disclosure": {"old": None, "new": referral.disclosure_profile},
        "status": {"old": None, "new": referral.status},
    }


def _announce_sent(referral: Referral) -> None:
    """The partner is told in the same transaction (outbox): a link and a deadline, no personal data."""
    notify(
        topic="referral.sent",
        organisation=referral.organisation,
        data={
            "referral": str(referral.uuid),
            "priority": referral.priority,
            "ack_due_at": referral.ack_due_at.isoformat() if referral.ack_due_at else None,
            "path": reverse("dispatch:referral-detail", args=[referral.uuid]),
        },
    )


def _send(referral: Referral, actor: User, now: datetime, *, reason: str = "") -> None:
    referral.status = ReferralStatus.SENT
    referral.sent_at = now
    referral.ack_due_at = now + timedelta(hours=referral.ack_within_hours)
    referral.save()
    _event(referral, "sent", actor, reason)
    _announce_sent(referral)
    _run_hooks(referral, "sent", actor)
    record_change(
        actor=actor,
        action="referral.add" if reason else "referral.send",
        obj=referral,
        changes=_summary(referral),
        reason=reason,
    )


# --- the partner's side -------------------------------------------------------------------------------

ALLOWED: dict[str, set[str]] = {
    "acknowledge": {ReferralStatus.SENT},
    "accept": {ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED},
    "decline": {ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED},
    "report_outcome": {ReferralStatus.ACCEPTED, ReferralStatus.OUTCOME_REPORTED},
    "close": {ReferralStatus.OUTCOME_REPORTED, ReferralStatus.DECLINED},
    "reassign": {ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED},
}


def _locked_for_partner(referral: Referral, actor: User, action: str) -> Referral:
    if not has_perm(actor, Perm.RECEIVE_REFERRALS) or referral.organisation_id != actor.organisation_id:
        raise PermissionDeniedError()
    locked = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("organisation", "source_organisation")
        .get(pk=referral.pk)
    )
    if locked.status not in ALLOWED[action]:
        raise ValidationFailedError(
            _("Not possible while the referral is %(status)s.") % {"status": locked.get_status_display()},
            code="wrong_state",
        )
    return locked


def _transition(
    referral: Referral, actor: User, action: str, *, note: str = "", **changes: object
) -> Referral:
    with transaction.atomic():
        locked = _locked_for_partner(referral, actor, action)
        before = locked.status
        now = timezone.now()
        if action in {"acknowledge", "accept", "decline"} and locked.acknowledged_at is None:
            locked.acknowledged_at = now
        for name, value in changes.items():
            setattr(locked, name, value)
        if action in {"accept", "decline"}:
            locked.decided_at = now
        if action == "close":
            locked.closed_at = now
        locked.save()
        _event(locked, action, actor, note)
        record_change(
            actor=actor,
            action=f"referral.{action}",
            obj=locked,
            changes={"status": {"old": before, "new": locked.status}},
            reason=note,
        )
        if locked.contact_id is not None:
            _release_contact_when_done(locked.contact_id)
        _run_hooks(locked, action, actor)
        # The hotline's own systems hear of the partner's answer (webhooks only: no e-mail for each step).
        notify(
            topic=f"referral.{action}",
            organisation=locked.source_organisation,
            data={"referral": str(locked.uuid), "status": locked.status, "partner": locked.organisation.slug},
            emails=[],
        )
    return locked


def _release_contact_when_done(contact_id: int) -> None:
    """When no referral of a contact is live any more, the contact's retention period starts again."""
    from thb.hotline.services.common import retention_deadline

    if not Referral.objects.filter(contact_id=contact_id, status__in=LIVE_STATUSES).exists():
        Contact.objects.filter(pk=contact_id, retain_until__isnull=True).update(
            retain_until=retention_deadline()
        )


def referral_acknowledge(*, referral: Referral, actor: User) -> Referral:
    return _transition(referral, actor, "acknowledge", status=ReferralStatus.ACKNOWLEDGED)


def referral_accept(*, referral: Referral, actor: User) -> Referral:
    return _transition(referral, actor, "accept", status=ReferralStatus.ACCEPTED)


def referral_decline(*, referral: Referral, actor: User, reason: str, note: str = "") -> Referral:
    if reason not in DeclineReason.values:
        raise ValidationFailedError(_("Choose a reason."), field="reason")
    return _transition(
        referral,
        actor,
        "decline",
        note=note.strip()[:MAX_REASON],
        status=ReferralStatus.DECLINED,
        decline_reason=reason,
    )


def referral_report_outcome(*, referral: Referral, actor: User, outcome: str, note: str = "") -> Referral:
    if outcome not in ReferralOutcome.values:
        raise ValidationFailedError(_("Choose an outcome."), field="outcome")
    return _transition(
        referral,
        actor,
        "report_outcome",
        note=note.strip()[:MAX_REASON],
        status=ReferralStatus.OUTCOME_REPORTED,
        outcome=outcome,
        outcome_note=note.strip()[:MAX_REASON],
    )


def referral_close(*, referral: Referral, actor: User) -> Referral:
    return _transition(referral, actor, "close", status=ReferralStatus.CLOSED)


def referral_reassign(
    *, referral: Referral, actor: User, organisation: Organisation, reason: str
) -> Referral:
    """Not ours: the partner passes the referral to the organisation that is competent. The new referral
    keeps the legal basis and the disclosure profile (the new partner sees no more than this one did) and
    a fresh acknowledgement deadline; this one is closed."""
    note = _reason(reason, field_name="reason")
    if organisation.pk == referral.organisation_id:
        raise ValidationFailedError(_("Choose another organisation."), field="organisation")
    if not organisation.takes_referrals or not organisation.is_active:
        raise ValidationFailedError(_("This organisation does not take referrals."), field="organisation")
    try:
        with transaction.atomic():
            locked = _locked_for_partner(referral, actor, "reassign")
            now = timezone.now()
            locked.status, locked.closed_at = ReferralStatus.CLOSED, now
            locked.save(update_fields=["status", "closed_at", "updated_at"])
            _event(locked, "reassigned", actor, note)
            successor = Referral(
                organisation=organisation,
                source_organisation=locked.source_organisation,
                contact=locked.contact,
                case=locked.case,
                partner_kind=organisation.kind,
                procedure_version=locked.procedure_version,
                rule=locked.rule,
                legal_basis=locked.legal_basis,
                disclosure_profile=locked.disclosure_profile,
                disclosed_fields=locked.disclosed_fields,
                priority=locked.priority,
                ack_within_hours=locked.ack_within_hours,
                reassigned_from=locked,
                operator_reason=note,
            )
            successor.status, successor.sent_at = ReferralStatus.SENT, now
            successor.ack_due_at = now + timedelta(hours=successor.ack_within_hours)
            successor.save()
            _event(successor, "sent", actor, note)
            _announce_sent(successor)
            _run_hooks(successor, "sent", actor)
            record_change(
                actor=actor,
                action="referral.reassign",
                obj=locked,
                changes={"organisation": {"old": locked.organisation.slug, "new": organisation.slug}},
                reason=note,
            )
    except IntegrityError as exc:
        raise ValidationFailedError(
            _("That organisation already has a referral of this contact."), field="organisation"
        ) from exc
    return successor
