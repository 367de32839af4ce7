"""Writes of blocking-list entries (issue 5 §1): the lifecycle with four eyes and the magistrate's order,
the safety gates, the 90-day review. Each transition is one ``EntryTransition`` (who, when, why, legal
reference) and one audit event, in the same transaction (DESIGN.md §3.1).

Safety gates (BELGIUM.md §6, designed against Denmark 2012 and stale lists):
- a name covered by, or covering, a **protected domain** is refused;
- a name on a **shared platform** is referred to the platform for takedown instead of being blocked;
- material hosted **in Belgium** goes to takedown first: the notice to the host (via the police) is
  recorded before the entry can be verified for blocking;
- the verifying and the confirming officer are two people (also a database constraint);
- only a magistrate approves, and the order's reference is recorded (also a database constraint).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thb.core.audit import record_change
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import User
from thb.core.roles import Perm, has_perm

from ..domains import normalise_domain, on_shared_platform
from ..models import (
    BlockEntry,
    EntryStatus,
    EntryTransition,
    ProtectedDomain,
    Scope,
    Severity,
    SharedPlatform,
    TakedownStatus,
)

# Legal references recorded with the transitions (the magistrate's order adds its own reference).
LAW = "Action plan 2008, P5; CIRCAMP method (police decide, ISPs enforce at DNS level)"
REVIEW_PROPOSE_REMOVAL_AFTER = timedelta(days=14)


def _officer(actor: User) -> None:
    if not has_perm(actor, Perm.EDIT_BLOCKLIST) or actor.organisation_id is None:
        raise PermissionDeniedError()


def _transition(
    entry: BlockEntry,
    to: str,
    actor: User | None,
    *,
    reason: str = "",
    legal_reference: str = LAW,
    **fields: Any,
) -> BlockEntry:
    before = entry.status
    entry.status = to
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.save()
    EntryTransition.objects.create(
        entry=entry,
        actor=actor,
        from_status=before,
        to_status=to,
        reason=reason,
        legal_reference=legal_reference,
    )
    record_change(
        actor=actor,
        action=f"blocking.entry.{to}",
        obj=entry,
        changes={"status": {"old": before, "new": to}, "domain": {"old": None, "new": entry.domain}},
        reason=reason,
    )
    return entry


def _locked(entry: BlockEntry, allowed: set[str]) -> BlockEntry:
    locked = BlockEntry.objects.select_for_update().get(pk=entry.pk)
    if locked.status not in allowed:
        raise ValidationFailedError(
            _("Not possible while the entry is %(status)s.") % {"status": locked.get_status_display()},
            code="wrong_state",
        )
    return locked


def protected_conflict(domain: str, *, subdomains: bool) -> ProtectedDomain | None:
    """The protected domain this entry would block (itself, a name below it, or one of its subdomains)."""
    labels = domain.split(".")
    parents = {".".join(labels[i:]) for i in range(len(labels))}
    hit = ProtectedDomain.objects.filter(domain__in=parents).first()
    if hit is None and subdomains:
        hit = ProtectedDomain.objects.filter(domain__endswith="." + domain).first()
    return hit


def entry_report(
    *,
    actor: User,
    domain: str,
    scope: str = Scope.SUBDOMAINS,
    report_reference: str = "",
    evidence_reference: str = "",
    case_reference: str = "",
    hosting_ip: str | None = None,
    hosting_network: str = "",
    hosting_country: str = "",
    registrar: str = "",
    first_seen_at: datetime | None = None,
    reason: str = "",
) -> BlockEntry:
    """A reported domain enters the list's workflow — or goes to takedown when it lives on a shared
    platform. Refused: bad names, protected names, a name already on the list."""
    _officer(actor)
    organisation = actor.organisation
    assert organisation is not None  # _officer
    name = normalise_domain(domain)
    if scope not in Scope.values:
        raise ValidationFailedError(_("Choose the scope."), field="scope")
    wall = protected_conflict(name.ascii, subdomains=scope == Scope.SUBDOMAINS)
    if wall is not None:
        raise ValidationFailedError(
            _("%(name)s would block the protected domain %(protected)s: refused.")
            % {"name": name.unicode, "protected": wall.domain},
            field="domain",
            code="protected_domain",
        )
    country = (hosting_country or "").strip().upper()
    if country and (len(country) != 2 or not country.isalpha()):
        raise ValidationFailedError(_("Use a two-letter country code (ISO 3166-1)."), field="hosting_country")
    platform = on_shared_platform(
        name.ascii, frozenset(SharedPlatform.objects.values_list("domain", flat=True))
    )
    try:
        with transaction.atomic():
            entry = BlockEntry.objects.create(
                organisation=organisation,
                domain=name.ascii,
                domain_unicode=name.unicode,
                scope=scope,
                report_reference=report_reference.strip()[:100],
                evidence_reference=evidence_reference.strip()[:100],
                case_reference=case_reference.strip()[:100],
                hosting_ip=hosting_ip or None,
                hosting_network=hosting_network.strip()[:100],
                hosting_country=country,
                registrar=registrar.strip()[:200],
                first_seen_at=first_seen_at or timezone.now(),
            )
            EntryTransition.objects.create(
                entry=entry, actor=actor, to_status=EntryStatus.REPORTED, reason=reason
            )
            record_change(
                actor=actor,
                action="blocking.entry.reported",
                obj=entry,
                changes={"domain": {"old": None, "new": entry.domain}, "scope": {"old": None, "new": scope}},
                reason=reason,
            )
            if platform is not None:
                _transition(
                    entry,
                    EntryStatus.TAKEDOWN,
                    actor,
                    reason=f"on the shared platform {platform}: takedown by the platform instead of blocking",
                    takedown_status=TakedownStatus.PLATFORM,
                )
    except IntegrityError as exc:
        raise ValidationFailedError(
            _("%(name)s is already on the list.") % {"name": name.unicode}, field="domain", code="duplicate"
        ) from exc
    return entry


def entry_start_assessment(*, entry: BlockEntry, actor: User) -> BlockEntry:
    _officer(actor)
    with transaction.atomic():
        return _transition(_locked(entry, {EntryStatus.REPORTED}), EntryStatus.ASSESSING, actor)


def entry_set_takedown(*, entry: BlockEntry, actor: User, status: str, reason: str = "") -> BlockEntry:
    """Record where the takedown stands (notice to a Belgian host, INHOPE or Interpol, taken down)."""
    _officer(actor)
    if status not in TakedownStatus.values:
        raise ValidationFailedError(_("Not an allowed value."), field="takedown_status")
    with transaction.atomic():
        locked = BlockEntry.objects.select_for_update().get(pk=entry.pk)
        before = locked.takedown_status
        locked.takedown_status = status
        locked.save(update_fields=["takedown_status", "updated_at"])
        record_change(
            actor=actor,
            action="blocking.entry.takedown",
            obj=locked,
            changes={"takedown_status": {"old": before, "new": status}},
            reason=reason,
        )
    return locked


def entry_verify(
    *,
    entry: BlockEntry,
    actor: User,
    verified_online_at: datetime,
    apparent_age_under_13: bool,
    severity: str,
    reason: str = "",
) -> BlockEntry:
    """Officer A checked that the material is online and meets the criteria (Interpol "worst of": real
    children apparently under 13, severe abuse). Belgian-hosted material needs its takedown notice first."""
    _officer(actor)
    if severity not in Severity.values:
        raise ValidationFailedError(_("Choose the severity."), field="severity")
    if verified_online_at > timezone.now() + timedelta(minutes=5):
        raise ValidationFailedError(_("A verification cannot be in the future."), field="verified_online_at")
    with transaction.atomic():
        locked = _locked(entry, {EntryStatus.ASSESSING})
        if locked.hosting_country == "BE" and locked.takedown_status == TakedownStatus.NONE:
            raise ValidationFailedError(
                _("Hosted in Belgium: send the takedown notice to the host first (record it), then verify."),
                code="takedown_first",
            )
        return _transition(
            locked,
            EntryStatus.VERIFIED,
            actor,
            reason=reason,
            verified_by=actor,
            last_verified_at=verified_online_at,
            apparent_age_under_13=apparent_age_under_13,
            severity=severity,
        )


def entry_confirm(*, entry: BlockEntry, actor: User, reason: str = "") -> BlockEntry:
    """Officer B, another person than officer A, confirms (four eyes)."""
    _officer(actor)
    with transaction.atomic():
        locked = _locked(entry, {EntryStatus.VERIFIED})
        if locked.verified_by_id == actor.pk:
            raise PermissionDeniedError(
                _("Another officer than the one who verified it must confirm it (four eyes).")
            )
        return _transition(locked, EntryStatus.CONFIRMED, actor, reason=reason, confirmed_by=actor)


def entry_approve(*, entry: BlockEntry, actor: User, order_reference: str, reason: str = "") -> BlockEntry:
    """A magistrate orders the block; the order's reference is recorded. The entry goes into the next
    release; its review falls due ``THB_BLOCKING_REVIEW_DAYS`` after the last verification."""
    if not has_perm(actor, Perm.APPROVE_BLOCKS):
        raise PermissionDeniedError()
    order = (order_reference or "").strip()
    if not order:
        raise ValidationFailedError(
            _("Record the reference of the magistrate's order."), field="order_reference"
        )
    with transaction.atomic():
        locked = _locked(entry, {EntryStatus.CONFIRMED})
        assert locked.last_verified_at is not None  # set by entry_verify
        return _transition(
            locked,
            EntryStatus.APPROVED,
            actor,
            reason=reason,
            legal_reference=order[:200],
            approved_by=actor,
            magistrate_order_reference=order[:100],
            next_review_due=locked.last_verified_at + timedelta(days=settings.THB_BLOCKING_REVIEW_DAYS),
        )


def entry_reject(*, entry: BlockEntry, actor: User, reason: str) -> BlockEntry:
    if not (has_perm(actor, Perm.EDIT_BLOCKLIST) or has_perm(actor, Perm.APPROVE_BLOCKS)):
        raise PermissionDeniedError()
    if not reason.strip():
        raise ValidationFailedError(_("Say why."), field="reason")
    with transaction.atomic():
        locked = _locked(
            entry, {EntryStatus.REPORTED, EntryStatus.ASSESSING, EntryStatus.VERIFIED, EntryStatus.CONFIRMED}
        )
        return _transition(locked, EntryStatus.REJECTED, actor, reason=reason.strip())


def entry_suspend(*, entry: BlockEntry, actor: User, reason: str) -> BlockEntry:
    """Emergency pull: the entry leaves the next release at once (publish one right after)."""
    if not (has_perm(actor, Perm.EDIT_BLOCKLIST) or has_perm(actor, Perm.APPROVE_BLOCKS)):
        raise PermissionDeniedError()
    if not reason.strip():
        raise ValidationFailedError(_("Say why."), field="reason")
    with transaction.atomic():
        locked = _locked(entry, {EntryStatus.APPROVED, EntryStatus.PUBLISHED, EntryStatus.REVIEW_DUE})
        return _transition(locked, EntryStatus.SUSPENDED, actor, reason=reason.strip())


def entry_review(*, entry: BlockEntry, actor: User, still_online: bool, reason: str = "") -> BlockEntry:
    """The periodic re-verification: still online → stays, with a new review date; gone → removed (the
    2010 lesson: 3 of 167 listed domains still had the material)."""
    _officer(actor)
    with transaction.atomic():
        locked = _locked(entry, {EntryStatus.PUBLISHED, EntryStatus.REVIEW_DUE})
        if not still_online:
            return _transition(
                locked, EntryStatus.REMOVED, actor, reason=reason or "material no longer online"
            )
        now = timezone.now()
        return _transition(
            locked,
            EntryStatus.PUBLISHED,
            actor,
            reason=reason or "verified online again",
            last_verified_at=now,
            next_review_due=now + timedelta(days=settings.THB_BLOCKING_REVIEW_DAYS),
        )


def entry_remove(*, entry: BlockEntry, actor: User, reason: str) -> BlockEntry:
    if not (has_perm(actor, Perm.EDIT_BLOCKLIST) or has_perm(actor, Perm.APPROVE_BLOCKS)):
        raise PermissionDeniedError()
    if not reason.strip():
        raise ValidationFailedError(_("Say why."), field="reason")
    with transaction.atomic():
        locked = _locked(
            entry,
            {
                EntryStatus.APPROVED,
                EntryStatus.PUBLISHED,
                EntryStatus.REVIEW_DUE,
                EntryStatus.SUSPENDED,
                EntryStatus.TAKEDOWN,
                EntryStatus.APPEALED,
            },
        )
        return _transition(locked, EntryStatus.REMOVED, actor, reason=reason.strip())


def entries_mark_review_due(*, now: datetime | None = None) -> int:
    """The periodic job: published entries whose review date has come become ``review_due``."""
    now = now or timezone.now()
    marked = 0
    due = BlockEntry.objects.filter(status=EntryStatus.PUBLISHED, next_review_due__lte=now)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            entry = BlockEntry.objects.select_for_update().filter(pk=pk, status=EntryStatus.PUBLISHED).first()
            if entry is not None:
                _transition(entry, EntryStatus.REVIEW_DUE, None, reason="90 days since the last verification")
                marked += 1
    return marked
