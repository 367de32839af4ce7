"""Reads of victim cases, each taking the user (DESIGN.md §3.2): a case is seen only by the organisations
taking part in it, and there by the roles that work on cases or receive referrals (magistrates)."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from thb.core.exceptions import NotFoundError
from thb.core.models import User
from thb.core.roles import Perm, has_perm

from .models import VictimCase


def cases_visible_to(*, user: User) -> QuerySet[VictimCase]:
    if user.organisation_id is None or not (
        has_perm(user, Perm.MANAGE_CASES) or has_perm(user, Perm.RECEIVE_REFERRALS)
    ):
        return VictimCase.objects.none()
    return VictimCase.objects.filter(participants__organisation_id=user.organisation_id).distinct()


def access_case(user: User, case_uuid: UUID | str) -> VictimCase:
    """The same 404 for "missing" and "not yours" (DESIGN.md §3.3)."""
    try:
        return cases_visible_to(user=user).defer("identity_name", "identity_details").get(uuid=case_uuid)
    except (VictimCase.DoesNotExist, ValueError, ValidationError) as exc:
        raise NotFoundError() from exc
