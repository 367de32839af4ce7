"""The public side of blocking (issue 5 §3): the stop page's per-day count and site owners' appeals, which
two officers review (the first proposes, a second decides) before the appellant is told the decision and
its reason."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thb.core.audit import record_change
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import User
from thb.core.roles import Perm, has_perm

from ..domains import normalise_domain
from ..models import Appeal, AppealStatus, BlockEntry, EntryStatus, StopPageDay
from .entries import _transition

STATEMENT_MIN, STATEMENT_MAX = 20, 5000
APPEALABLE = (EntryStatus.APPROVED, EntryStatus.PUBLISHED, EntryStatus.REVIEW_DUE, EntryStatus.APPEALED)


def stop_page_visit(*, today: date | None = None) -> None:
    """Count one visit for the day — the only thing the stop page keeps."""
    day = today or timezone.localdate()
    if StopPageDay.objects.filter(day=day).update(visits=F("visits") + 1):
        return
    try:
        with transaction.atomic():
            StopPageDay.objects.create(day=day, visits=1)
    except IntegrityError:  # another visit created the day's row first
        StopPageDay.objects.filter(day=day).update(visits=F("visits") + 1)


def appeal_submit(*, domain: str, statement: str, email: str, language: str) -> Appeal:
    """A site owner contests a block. The entry stays blocked while two officers review the appeal."""
    name = normalise_domain(domain)
    text = (statement or "").replace("\x00", "").strip()
    if not STATEMENT_MIN <= len(text) <= STATEMENT_MAX:
        raise ValidationFailedError(
            _("Write between %(min)d and %(max)d characters.") % {"min": STATEMENT_MIN, "max": STATEMENT_MAX},
            field="statement",
        )
    address = (email or "").strip()
    try:
        validate_email(address)
    except ValidationError as exc:
        raise ValidationFailedError(
            _("Enter a valid e-mail address: the decision is sent to it."), field="email"
        ) from exc
    with transaction.atomic():
        entry = (
            BlockEntry.objects.select_for_update().filter(domain=name.ascii, status__in=APPEALABLE).first()
        )
        if entry is None:
            raise ValidationFailedError(_("This domain is not on the blocking list."), field="domain")
        appeal = Appeal.objects.create(
            entry=entry, domain=entry.domain, statement=text, email=address, language=(language or "en")[:15]
        )
        if entry.status != EntryStatus.APPEALED:
            _transition(entry, EntryStatus.APPEALED, None, reason="appeal received from the site owner")
        record_change(actor=None, action="blocking.appeal.received", obj=appeal)
    return appeal


def _officer(actor: User) -> None:
    if not has_perm(actor, Perm.EDIT_BLOCKLIST):
        raise PermissionDeniedError()


def appeal_propose(*, appeal: Appeal, actor: User, keep: bool, reason: str) -> Appeal:
    _officer(actor)
    if not reason.strip():
        raise ValidationFailedError(_("Say why: the appellant receives this reason."), field="reason")
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if locked.status != AppealStatus.RECEIVED:
            raise ValidationFailedError(_("A decision is already proposed or taken."), code="wrong_state")
        locked.status, locked.proposed_keep, locked.proposed_reason, locked.proposed_by = (
            AppealStatus.PROPOSED,
            keep,
            reason.strip()[:4000],
            actor,
        )
        locked.save()
        record_change(
            actor=actor,
            action="blocking.appeal.propose",
            obj=locked,
            changes={"keep": {"old": None, "new": keep}},
            reason=locked.proposed_reason,
        )
    return locked


def appeal_decide(*, appeal: Appeal, actor: User, agree: bool) -> Appeal:
    """The second officer (never the one who proposed) agrees — the decision takes effect and the
    appellant is told — or sends the appeal back for a new proposal."""
    _officer(actor)
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().select_related("entry").get(pk=appeal.pk)
        if locked.status != AppealStatus.PROPOSED:
            raise ValidationFailedError(_("No decision is proposed."), code="wrong_state")
        if locked.proposed_by_id == actor.pk:
            raise PermissionDeniedError(_("Another officer than the one who proposed it must decide."))
        if not agree:
            locked.status, locked.proposed_keep, locked.proposed_reason, locked.proposed_by = (
                AppealStatus.RECEIVED,
                None,
                "",
                None,
            )
            locked.save()
            record_change(actor=actor, action="blocking.appeal.send_back", obj=locked)
            return locked
        entry = BlockEntry.objects.select_for_update().get(pk=locked.entry_id)
        keep = bool(locked.proposed_keep)
        locked.status = AppealStatus.KEPT if keep else AppealStatus.REMOVED
        locked.decided_by, locked.decided_at, locked.reason = actor, timezone.now(), locked.proposed_reason
        locked.save()
        other_open = (
            Appeal.objects.filter(entry=entry)
            .exclude(pk=locked.pk)
            .filter(status__in=[AppealStatus.RECEIVED, AppealStatus.PROPOSED])
        )
        if not keep:
            _transition(entry, EntryStatus.REMOVED, actor, reason=f"appeal upheld: {locked.reason}")
            other_open.update(status=AppealStatus.REMOVED, decided_at=timezone.now(), reason=locked.reason)
        elif entry.status == EntryStatus.APPEALED and not other_open.exists():
            _transition(entry, EntryStatus.PUBLISHED, actor, reason=f"appeal rejected: {locked.reason}")
        record_change(
            actor=actor,
            action="blocking.appeal.decide",
            obj=locked,
            changes={"status": {"old": AppealStatus.PROPOSED, "new": locked.status}},
            reason=locked.reason,
        )
        from ..tasks import send_appeal_decision_task

        appeal_id = locked.pk
        transaction.on_commit(lambda: send_appeal_decision_task.delay(appeal_id))
    return locked
