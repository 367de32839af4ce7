"""Reads of core objects. Selectors take the user, so visibility is part of the query (DESIGN.md §3.2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.conf import settings
from django.db.models import Q, QuerySet

from .models import AuditEvent, IdentityAccess, Organisation, PostcodeRange, User
from .roles import Perm, has_perm


def organisation_list_visible_to(
    *, user: User, kind: str | None = None, district: str | None = None, query: str | None = None
) -> QuerySet[Organisation]:
    """The partner directory: every active organisation for staff with the directory permission; otherwise
    only the user's own organisation (e.g. ISP engineers see no partner list)."""
    qs = Organisation.objects.filter(is_active=True).prefetch_related(
        "channels", "judicial_districts", "regions"
    )
    if not has_perm(user, Perm.VIEW_DIRECTORY):
        qs = (
            qs.filter(pk=user.organisation_id)
            if user.is_authenticated and user.organisation_id
            else qs.none()
        )
    if kind:
        qs = qs.filter(kind=kind)
    if district:
        qs = qs.filter(Q(judicial_districts__code=district) | Q(national=True))
    if query:
        qs = qs.filter(
            Q(name_fr__icontains=query)
            | Q(name_nl__icontains=query)
            | Q(name_de__icontains=query)
            | Q(name_en__icontains=query)
            | Q(short_name__icontains=query)
            | Q(slug__icontains=query)
        )
    return qs.distinct().order_by("kind", "slug")


def is_platform_auditor(user: User) -> bool:
    """Auditors of the organisations named in ``THB_PLATFORM_AUDITOR_KINDS`` see the whole trail; the
    auditor of a partner sees the rows of its own organisation only (need-to-know, DESIGN.md §4)."""
    return bool(
        has_perm(user, Perm.VIEW_AUDIT)
        and user.organisation is not None
        and user.organisation.kind in settings.THB_PLATFORM_AUDITOR_KINDS
    )


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    actor: str = ""
    object_type: str = ""
    object_uuid: UUID | None = None
    since: datetime | None = None
    until: datetime | None = None


def _audit_scope(qs: QuerySet, user: User) -> QuerySet:
    if not has_perm(user, Perm.VIEW_AUDIT):
        return qs.none()
    if is_platform_auditor(user):
        return qs
    return qs.filter(organisation_id=user.organisation_id)


def _apply_audit_filters(qs: QuerySet, filters: AuditFilters) -> QuerySet:
    if filters.action:
        qs = qs.filter(action__startswith=filters.action)
    if filters.actor:
        qs = qs.filter(actor_username=filters.actor)
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.object_uuid:
        qs = qs.filter(object_uuid=filters.object_uuid)
    if filters.since:
        qs = qs.filter(occurred_at__gte=filters.since)
    if filters.until:
        qs = qs.filter(occurred_at__lt=filters.until)
    return qs


def audit_events_visible_to(*, user: User, filters: AuditFilters) -> QuerySet[AuditEvent]:
    qs = _audit_scope(AuditEvent.objects.select_related("organisation"), user)
    return _apply_audit_filters(qs, filters).order_by("-occurred_at", "-id")


def identity_accesses_visible_to(*, user: User, filters: AuditFilters) -> QuerySet[IdentityAccess]:
    qs = _audit_scope(IdentityAccess.objects.select_related("organisation"), user)
    filters = AuditFilters(**{**filters.__dict__, "action": ""})
    return _apply_audit_filters(qs, filters).order_by("-occurred_at", "-id")


def postcode_lookup(postcode: int) -> PostcodeRange | None:
    """Province, region and judicial district of a Belgian postcode, from the reference ranges."""
    return (
        PostcodeRange.objects.select_related("province__region", "judicial_district")
        .filter(first__lte=postcode, last__gte=postcode)
        .first()
    )
