"""Reads of the blocking list; each takes the user (DESIGN.md §3.2). Entries hold no content, only names and
references, but the list is still for the people who run it: the FCCU's officers (their organisation's
list), magistrates (what awaits their order, and what they ordered), ISPs (releases only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from thb.core.models import Organisation, OrganisationKind, User
from thb.core.roles import Perm, has_perm

from .models import BlockEntry, EntryStatus, Release, ReleaseAck, ReleaseRequest, RequestStatus
from .services.entries import REVIEW_PROPOSE_REMOVAL_AFTER


def entries_visible_to(*, user: User) -> QuerySet[BlockEntry]:
    if has_perm(user, Perm.EDIT_BLOCKLIST) and user.organisation_id is not None:
        return BlockEntry.objects.filter(organisation_id=user.organisation_id)
    if has_perm(user, Perm.APPROVE_BLOCKS):
        return BlockEntry.objects.exclude(
            status__in=[
                EntryStatus.REPORTED,
                EntryStatus.ASSESSING,
                EntryStatus.VERIFIED,
                EntryStatus.TAKEDOWN,
            ]
        )
    return BlockEntry.objects.none()


@dataclass(frozen=True)
class Queue:
    key: str
    entries: list[BlockEntry]


def work_queues_for(*, user: User, now: datetime | None = None) -> dict[str, list[BlockEntry]]:
    """What waits for whom: to assess, to verify, to confirm (not one's own verification), awaiting the
    magistrate's order, review due (with those proposed for removal), takedown to follow."""
    now = now or timezone.now()
    entries = entries_visible_to(user=user).select_related("verified_by").order_by("created_at")
    queues: dict[str, list[BlockEntry]] = {
        "assess": [],
        "verify": [],
        "confirm": [],
        "approve": [],
        "review": [],
        "takedown": [],
    }
    for entry in entries.filter(
        status__in=[
            EntryStatus.REPORTED,
            EntryStatus.ASSESSING,
            EntryStatus.VERIFIED,
            EntryStatus.CONFIRMED,
            EntryStatus.REVIEW_DUE,
            EntryStatus.TAKEDOWN,
        ]
    )[:2000]:
        if entry.status == EntryStatus.REPORTED:
            queues["assess"].append(entry)
        elif entry.status == EntryStatus.ASSESSING:
            queues["verify"].append(entry)
        elif entry.status == EntryStatus.VERIFIED and entry.verified_by_id != user.pk:
            queues["confirm"].append(entry)
        elif entry.status == EntryStatus.CONFIRMED:
            queues["approve"].append(entry)
        elif entry.status == EntryStatus.REVIEW_DUE:
            queues["review"].append(entry)
        elif entry.status == EntryStatus.TAKEDOWN:
            queues["takedown"].append(entry)
    return queues


def proposed_for_removal(entry: BlockEntry, now: datetime) -> bool:
    """An entry left unreviewed two weeks past its review date is proposed for removal."""
    return bool(
        entry.status == EntryStatus.REVIEW_DUE
        and entry.next_review_due
        and now - entry.next_review_due > REVIEW_PROPOSE_REMOVAL_AFTER
    )


def releases_visible_to(*, user: User) -> QuerySet[Release]:
    if (
        has_perm(user, Perm.EDIT_BLOCKLIST)
        or has_perm(user, Perm.APPROVE_BLOCKS)
        or has_perm(user, Perm.DOWNLOAD_BLOCKLIST)
    ):
        return Release.objects.defer("rpz", "domains_txt", "diff_txt").order_by("-serial")
    return Release.objects.none()


def release_requests_for(*, user: User) -> QuerySet[ReleaseRequest]:
    if not (has_perm(user, Perm.EDIT_BLOCKLIST) or has_perm(user, Perm.APPROVE_BLOCKS)):
        return ReleaseRequest.objects.none()
    return ReleaseRequest.objects.filter(status=RequestStatus.AWAITING_APPROVAL).select_related(
        "requested_by"
    )


@dataclass(frozen=True)
class IspDeployment:
    organisation: Organisation
    deployed_serial: int | None
    deployed_at: datetime | None
    late_hours: float | None  # how late the latest release's deployment is, past the deadline


def isp_deployments(*, user: User, now: datetime | None = None) -> list[IspDeployment]:
    """Each ISP's deployed serial and its lateness against ``THB_ISP_DEPLOY_HOURS`` (Italy: 6 hours)."""
    if not (has_perm(user, Perm.EDIT_BLOCKLIST) or has_perm(user, Perm.APPROVE_BLOCKS)):
        return []
    now = now or timezone.now()
    latest = Release.objects.order_by("-serial").only("serial", "created_at").first()
    deadline = timedelta(hours=settings.THB_ISP_DEPLOY_HOURS)
    deployed = dict(
        ReleaseAck.objects.values("organisation_id")
        .annotate(serial=Max("release__serial"))
        .values_list("organisation_id", "serial")
    )
    acks_of_latest = (
        {a.organisation_id: a.acknowledged_at for a in ReleaseAck.objects.filter(release=latest)}
        if latest
        else {}
    )
    rows = []
    for isp in Organisation.objects.filter(kind=OrganisationKind.ISP, is_active=True).order_by("slug"):
        late = None
        if latest is not None:
            done_at = acks_of_latest.get(isp.pk) or now
            overdue = done_at - (latest.created_at + deadline)
            late = round(overdue.total_seconds() / 3600, 1) if overdue.total_seconds() > 0 else 0.0
        rows.append(IspDeployment(isp, deployed.get(isp.pk), acks_of_latest.get(isp.pk), late))
    return rows


def entry_search(entries: QuerySet[BlockEntry], query: str) -> QuerySet[BlockEntry]:
    query = query.strip().lower()[:253]
    if not query:
        return entries
    return entries.filter(
        Q(domain__contains=query) | Q(domain_unicode__icontains=query) | Q(case_reference=query)
    )
