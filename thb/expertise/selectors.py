"""Reads of the library (issue 10): a published item is visible to the organisation kinds its author chose
(every organisation when none is chosen); drafts and items awaiting approval to their organisation's
contributors only — and, for approval, to the other contributors of the organisation and to the
coordination cell."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from thb.core.models import OrganisationKind, User
from thb.core.roles import Perm, has_perm

from .models import ItemStatus, LibraryItem


def _kind(user: User) -> str:
    organisation = user.organisation
    return organisation.kind if organisation is not None else ""


def for_audience_of(user: User) -> Q:
    """What an ``audience`` field (",kind,kind,", empty for everyone) lets ``user`` read; the owning
    organisation always reads its own. For library items and training courses alike."""
    return Q(audience="") | Q(audience__contains=f",{_kind(user)},") | Q(organisation_id=user.organisation_id)


def published_visible_to(*, user: User) -> QuerySet[LibraryItem]:
    if not has_perm(user, Perm.READ_EXPERTISE):
        return LibraryItem.objects.none()
    return LibraryItem.objects.filter(status=ItemStatus.PUBLISHED).filter(for_audience_of(user))


def items_visible_to(*, user: User) -> QuerySet[LibraryItem]:
    """Published items the user may read, and the unpublished items of their organisation (contributors)."""
    visible = Q(pk__in=published_visible_to(user=user).values("pk"))
    if has_perm(user, Perm.CONTRIBUTE_EXPERTISE):
        visible |= Q(organisation_id=user.organisation_id)
        if _kind(user) == OrganisationKind.COORDINATION_CELL:
            visible |= Q(status=ItemStatus.AWAITING_APPROVAL)
    return LibraryItem.objects.filter(visible)


def access_item(user: User, item_uuid: Any) -> LibraryItem:
    """The same 404 for a missing item and one the user may not see (DESIGN.md §3.3)."""
    try:
        item = items_visible_to(user=user).filter(uuid=item_uuid).select_related("published_version").first()
    except (ValueError, TypeError):
        item = None
    if item is None:
        raise Http404()
    return item


def may_edit(user: User, item: LibraryItem) -> bool:
    return has_perm(user, Perm.CONTRIBUTE_EXPERTISE) and item.organisation_id == user.organisation_id


def may_approve(user: User, item: LibraryItem) -> bool:
    """A second person: a contributor of the item's organisation or of the coordination cell, not the
    author of its latest version nor the one who created it."""
    if item.status != ItemStatus.AWAITING_APPROVAL or not has_perm(user, Perm.CONTRIBUTE_EXPERTISE):
        return False
    latest = item.versions.first()
    if user.pk in (item.created_by_id, latest.author_id if latest else None):
        return False
    return item.organisation_id == user.organisation_id or _kind(user) == OrganisationKind.COORDINATION_CELL


def related_items(*, user: User, theme: str, language: str, limit: int = 5) -> list[LibraryItem]:
    """Published items of a theme for a page elsewhere in the platform, the reader's language first."""
    items = (
        published_visible_to(user=user)
        .filter(themes__contains=f",{theme},")
        .select_related("published_version")
    )
    rows = list(items.order_by("-updated_at")[:50])
    rows.sort(key=lambda item: item.language != language)
    return rows[:limit]
