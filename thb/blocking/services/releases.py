"""Publishing releases (issue 5 §2). A release is built from the entries a magistrate approved and those
already published (still under review or appealed), compared with the previous release, validated — parsed
back, and loaded by BIND's own zone parser when it is installed — signed with Ed25519, and stored
immutably with an SOA serial ``YYYYMMDDnn``.

The mass-change gate (designed against Denmark 2012, when 8,000 legitimate domains reached ISPs): a
release that adds or removes more than ``THB_BLOCKING_MASS_CHANGE_LIMIT`` entries is first a request that
another person approves, and what is published must be exactly what was approved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thb.core.audit import record_change
from thb.core.exceptions import ConfigurationError, DomainError, PermissionDeniedError, ValidationFailedError
from thb.core.models import Organisation, User
from thb.core.roles import Perm, has_perm

from .. import rpz
from ..models import (
    BLOCKED_STATUSES,
    BlockEntry,
    EntryStatus,
    EntryTransition,
    Release,
    ReleaseAck,
    ReleaseRequest,
    RequestStatus,
    Scope,
)


class ReleaseInvalidError(DomainError):
    code = "release_invalid"
    status = 409
    default_message = _("The release did not pass validation: nothing was published.")


class NothingToPublishError(DomainError):
    code = "nothing_changed"
    status = 409
    default_message = _("The list has not changed since the last release.")


@dataclass(frozen=True)
class Candidate:
    """What the next release would be."""

    organisation: Organisation
    entries: list[BlockEntry]
    previous: Release | None
    added: list[str]  # entry domains
    removed: list[str]

    @property
    def change_count(self) -> int:
        return len(self.added) + len(self.removed)


def _listed(entries: list[BlockEntry]) -> list[rpz.Listed]:
    return [rpz.Listed(e.domain, e.scope == Scope.SUBDOMAINS) for e in entries]


def _previous_entries(previous: Release | None) -> dict[str, bool]:
    """Entry domain → blocked with its subdomains, read from a release's plain list (``name``, ``*.name``)."""
    if previous is None:
        return {}
    lines = [line for line in previous.domains_txt.splitlines() if line]
    subtrees = {line[2:] for line in lines if line.startswith("*.")}
    return {line: line in subtrees for line in lines if not line.startswith("*.")}


def release_candidate(*, organisation: Organisation) -> Candidate:
    """What the next release adds and removes. A change of scope counts as both: the name leaves with its
    old scope and comes back with the new one (the gate and the diff must see it)."""
    entries = list(
        BlockEntry.objects.filter(organisation=organisation, status__in=BLOCKED_STATUSES)
        .only("pk", "domain", "scope", "status", "magistrate_order_reference")
        .order_by("domain")
    )
    previous = Release.objects.filter(organisation=organisation).order_by("-serial").first()
    before = _previous_entries(previous)
    now = {e.domain: e.scope == Scope.SUBDOMAINS for e in entries}
    added = sorted(d for d, subtree in now.items() if before.get(d) != subtree)
    removed = sorted(d for d, subtree in before.items() if now.get(d) != subtree)
    return Candidate(organisation, entries, previous, added, removed)


def next_serial(previous: int | None, now: datetime) -> int:
    """``YYYYMMDDnn`` in Belgian time; always above the previous serial (resolvers only load higher ones).
    Pure (DESIGN.md §3.8)."""
    today = int(timezone.localtime(now).strftime("%Y%m%d")) * 100
    if previous is None or previous < today:
        return today + 1
    return previous + 1


def _signing_key() -> str:
    key = settings.THB_BLOCKING_SIGNING_KEY
    if not key:
        raise ConfigurationError(
            "THB_BLOCKING_SIGNING_KEY is not set: releases cannot be signed or published."
        )
    return key


def public_key_pem() -> str:
    return rpz.public_key_pem(_signing_key())


def _require_publisher(actor: User) -> None:
    if not has_perm(actor, Perm.EDIT_BLOCKLIST) and not has_perm(actor, Perm.APPROVE_BLOCKS):
        raise PermissionDeniedError()


def release_publish(
    *, actor: User, organisation: Organisation, request: ReleaseRequest | None = None
) -> Release | ReleaseRequest:
    """Publish the next release, or — when it changes too much and no approved request matches — create
    the request for a second approval and return it."""
    _require_publisher(actor)
    key = _signing_key()
    with transaction.atomic():
        # One publisher at a time per list: the serial and the diff must follow each other.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        candidate = release_candidate(organisation=organisation)
        if candidate.previous is not None and candidate.change_count == 0:
            raise NothingToPublishError()
        if candidate.change_count > settings.THB_BLOCKING_MASS_CHANGE_LIMIT:
            approved = _matching_approved_request(candidate, request)
            if approved is None:
                return _request_second_approval(candidate, actor)
            request = approved
        release = _build(candidate, actor=actor, key=key, request=request)
        if request is not None:
            request.status, request.decided_at = RequestStatus.PUBLISHED, request.decided_at or timezone.now()
            request.save(update_fields=["status", "decided_at", "updated_at"])
        newly = [entry for entry in candidate.entries if entry.status == EntryStatus.APPROVED]
        # In bulk: a first release of 100,000 entries took 95 s one row at a time (bench/blocking.py).
        BlockEntry.objects.filter(pk__in=[e.pk for e in newly], status=EntryStatus.APPROVED).update(
            status=EntryStatus.PUBLISHED, published_in=release, updated_at=timezone.now()
        )
        EntryTransition.objects.bulk_create(
            [
                EntryTransition(
                    entry=entry,
                    actor=actor,
                    from_status=EntryStatus.APPROVED,
                    to_status=EntryStatus.PUBLISHED,
                    reason=f"in release {release.serial}",
                    legal_reference=entry.magistrate_order_reference,
                )
                for entry in newly
            ],
            batch_size=2000,
        )
        record_change(
            actor=actor,
            action="blocking.release.publish",
            object_type="blocking.release",
            changes={
                "serial": {"old": release.previous_serial, "new": release.serial},
                "added": {"old": None, "new": candidate.added[:200]},
                "removed": {"old": None, "new": candidate.removed[:200]},
            },
        )
    return release


def _matching_approved_request(candidate: Candidate, request: ReleaseRequest | None) -> ReleaseRequest | None:
    approved = ReleaseRequest.objects.select_for_update().filter(
        organisation=candidate.organisation, status=RequestStatus.APPROVED
    )
    if request is not None:
        approved = approved.filter(pk=request.pk)
    for item in approved:
        if sorted(item.added) == candidate.added and sorted(item.removed) == candidate.removed:
            return item
        item.status = RequestStatus.STALE  # the list moved on: what was approved is not what would go out
        item.save(update_fields=["status", "updated_at"])
    return None


def _request_second_approval(candidate: Candidate, actor: User) -> ReleaseRequest:
    ReleaseRequest.objects.filter(
        organisation=candidate.organisation, status=RequestStatus.AWAITING_APPROVAL
    ).update(status=RequestStatus.STALE)
    request = ReleaseRequest.objects.create(
        organisation=candidate.organisation,
        status=RequestStatus.AWAITING_APPROVAL,
        added=candidate.added,
        removed=candidate.removed,
        requested_by=actor,
    )
    record_change(
        actor=actor,
        action="blocking.release.request",
        obj=request,
        changes={
            "added": {"old": None, "new": len(candidate.added)},
            "removed": {"old": None, "new": len(candidate.removed)},
        },
        reason=f"more than {settings.THB_BLOCKING_MASS_CHANGE_LIMIT} changes: a second approval is needed",
    )
    return request


def release_request_decide(
    *, request: ReleaseRequest, actor: User, approve: bool, reason: str = ""
) -> ReleaseRequest:
    """The second approval of a mass change — by another person than the one who asked (also a database
    constraint)."""
    _require_publisher(actor)
    if request.requested_by_id == actor.pk:
        raise PermissionDeniedError(_("Another person than the one who asked must approve it."))
    if not approve and not reason.strip():
        raise ValidationFailedError(_("Say why."), field="reason")
    with transaction.atomic():
        locked = ReleaseRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != RequestStatus.AWAITING_APPROVAL:
            raise ValidationFailedError(
                _("This request is no longer waiting for approval."), code="wrong_state"
            )
        locked.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
        locked.approved_by = actor if approve else None
        locked.decided_at, locked.reason = timezone.now(), reason.strip()
        locked.save()
        record_change(
            actor=actor,
            action="blocking.release.approve" if approve else "blocking.release.reject",
            obj=locked,
            changes={"status": {"old": RequestStatus.AWAITING_APPROVAL, "new": locked.status}},
            reason=reason.strip(),
        )
    return locked


def _build(candidate: Candidate, *, actor: User, key: str, request: ReleaseRequest | None) -> Release:
    previous = candidate.previous
    serial = next_serial(previous.serial if previous else None, timezone.now())
    listed = _listed(candidate.entries)
    zone = settings.THB_RPZ_ZONE
    zone_text = rpz.build_rpz(
        listed, serial=serial, zone=zone, ipv4=settings.THB_STOP_PAGE_IPV4, ipv6=settings.THB_STOP_PAGE_IPV6
    )
    domains = rpz.domains_text(listed)
    names = set(domains.split())
    before = set(previous.domains_txt.split()) if previous else set()
    diff = rpz.diff_text(before, names, previous_serial=previous.serial if previous else None, serial=serial)
    validation: dict[str, object] = {}
    try:
        validation["records"] = rpz.parse_back(zone_text, zone=zone, expected_names=len(names))
    except ValueError as exc:
        raise ReleaseInvalidError(str(exc)) from exc
    resolver = rpz.resolver_check(zone_text, zone=zone)
    validation["resolver"] = resolver
    if resolver["ok"] is False:
        raise ReleaseInvalidError(_("BIND refused the zone: %(output)s") % {"output": resolver["output"]})
    public_pem = rpz.public_key_pem(key)
    return Release.objects.create(
        serial=serial,
        organisation=candidate.organisation,
        published_by=actor,
        request=request,
        previous_serial=previous.serial if previous else None,
        domain_count=len(candidate.entries),
        added_count=len(candidate.added),
        removed_count=len(candidate.removed),
        rpz=zone_text,
        domains_txt=domains,
        diff_txt=diff,
        rpz_sha256=rpz.sha256(zone_text),
        domains_sha256=rpz.sha256(domains),
        diff_sha256=rpz.sha256(diff),
        signature=rpz.sign(zone_text.encode(), key),
        public_key_fingerprint=rpz.fingerprint(public_pem),
        validation=validation,
    )


def release_acknowledge(*, release: Release, actor: User) -> ReleaseAck:
    """An ISP confirms deployment (idempotent: a second confirmation returns the first)."""
    organisation = actor.organisation
    if not has_perm(actor, Perm.DOWNLOAD_BLOCKLIST) or organisation is None:
        raise PermissionDeniedError()
    with transaction.atomic():
        existing = ReleaseAck.objects.filter(release=release, organisation=organisation).first()
        if existing is not None:
            return existing
        ack = ReleaseAck.objects.create(release=release, organisation=organisation, acknowledged_by=actor)
        record_change(
            actor=actor,
            action="blocking.release.ack",
            object_type="blocking.release",
            changes={"serial": {"old": None, "new": release.serial}},
        )
    return ack
