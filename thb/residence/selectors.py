"""Reads of residence procedures, each taking the user (DESIGN.md §3.2); parties.py says who sees what."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from thb.core.exceptions import NotFoundError
from thb.core.models import OrganisationKind, User
from thb.core.roles import Perm, has_perm

from .models import ActionStatus, ResidenceAction, ResidenceProcedure
from .parties import owners_of, party_of


def procedures_visible_to(*, user: User) -> QuerySet[ResidenceProcedure]:
    organisation = user.organisation
    if organisation is None:
        return ResidenceProcedure.objects.none()
    if has_perm(user, Perm.RECORD_RESIDENCE) and organisation.kind == OrganisationKind.IMMIGRATION_OFFICE:
        return ResidenceProcedure.objects.all()
    condition = Q(pk__in=[])
    if has_perm(user, Perm.MANAGE_CASES):
        condition |= Q(case__participants__organisation=organisation)
    if has_perm(user, Perm.ANSWER_RESIDENCE):
        condition |= Q(magistrate_office=organisation)
    return ResidenceProcedure.objects.filter(condition).distinct()


def access_procedure(user: User, procedure_uuid: UUID | str) -> tuple[ResidenceProcedure, str]:
    """The procedure and the user's part in it; the same 404 for "missing" and "not yours"."""
    try:
        procedure = (
            procedures_visible_to(user=user)
            .select_related("case", "magistrate_office")
            .defer("case__identity_name", "case__identity_details")
            .get(uuid=procedure_uuid)
        )
    except (ResidenceProcedure.DoesNotExist, ValueError, ValidationError) as exc:
        raise NotFoundError() from exc
    party = party_of(user, procedure)
    if party is None:
        raise NotFoundError()
    return procedure, party


def open_actions_for(*, user: User, until: date | None = None) -> QuerySet[ResidenceAction]:
    """The open actions the user's organisation owns, for the owners the user acts for."""
    if user.organisation_id is None:
        return ResidenceAction.objects.none()
    actions = ResidenceAction.objects.filter(
        organisation_id=user.organisation_id, owner__in=owners_of(user), status=ActionStatus.OPEN
    )
    if until is not None:
        actions = actions.filter(due__lte=until)
    return actions.select_related("procedure__case").defer(
        "procedure__case__identity_name", "procedure__case__identity_details"
    )
