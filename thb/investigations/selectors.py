"""Reads of investigations, each taking the user (DESIGN.md §3.2).

Investigators and analysts of the organisation that runs an investigation see it; so do those of an
organisation it was shared with by a magistrate (read only), and the magistrates of the directing office.
Anyone else gets the same 404 as for a missing investigation (DESIGN.md §3.3).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from followthemoney import model

from thb.core.exceptions import NotFoundError
from thb.core.models import Organisation, User
from thb.core.roles import Perm, has_perm

from .models import Entity, ImportMapping, Investigation, MatchCandidate, Statement


def investigations_visible_to(*, user: User) -> QuerySet[Investigation]:
    if user.organisation_id is None:
        return Investigation.objects.none()
    if has_perm(user, Perm.INVESTIGATE):
        return Investigation.objects.filter(
            Q(organisation_id=user.organisation_id)
            | Q(shares__organisation_id=user.organisation_id, shares__revoked_at__isnull=True)
        ).distinct()
    if has_perm(user, Perm.AUTHORISE_SHARING):
        return Investigation.objects.filter(magistrate_office_id=user.organisation_id)
    return Investigation.objects.none()


def may_write(user: User, investigation: Investigation) -> bool:
    return has_perm(user, Perm.INVESTIGATE) and investigation.organisation_id == user.organisation_id


def may_share(user: User, investigation: Investigation) -> bool:
    return (
        has_perm(user, Perm.AUTHORISE_SHARING) and investigation.magistrate_office_id == user.organisation_id
    )


def access_investigation(user: User, investigation_uuid: UUID | str, *, write: bool = False) -> Investigation:
    try:
        investigation = (
            investigations_visible_to(user=user)
            .select_related("organisation", "magistrate_office", "case_file")
            .get(uuid=investigation_uuid)
        )
    except (Investigation.DoesNotExist, ValueError, ValidationError) as exc:
        raise NotFoundError() from exc
    if write and not may_write(user, investigation):
        raise NotFoundError()
    return investigation


def mappings_of(*, user: User, kind: str | None = None) -> QuerySet[ImportMapping]:
    if user.organisation_id is None or not has_perm(user, Perm.INVESTIGATE):
        return ImportMapping.objects.none()
    mappings = ImportMapping.objects.filter(organisation_id=user.organisation_id)
    return mappings.filter(kind=kind) if kind else mappings


def entities_of(investigation: Investigation, *, schema: str = "", query: str = "") -> QuerySet[Entity]:
    """The entities of an investigation (the investigation was reached through ``access_investigation``)."""
    entities = investigation.entities.all()
    if schema:
        entities = entities.filter(schema=schema)
    if query:
        entities = entities.filter(
            Q(caption__icontains=query) | Q(statements__value__icontains=query)
        ).distinct()
    return entities


def schema_counts(investigation: Investigation) -> list[tuple[str, int]]:
    from django.db.models import Count

    rows = investigation.entities.values("schema").annotate(n=Count("id")).order_by("-n", "schema")
    return [(row["schema"], row["n"]) for row in rows]


def access_entity(investigation: Investigation, entity_id: str) -> Entity:
    entity = investigation.entities.filter(entity_id=entity_id).first()
    if entity is None:
        raise NotFoundError()
    return entity


@dataclass(frozen=True)
class Link:
    prop_label: str
    entity: Entity


def links_of(entity: Entity) -> tuple[list[Link], list[Link]]:
    """The entities this one points to (its entity-typed properties) and those that point to it."""
    schema = model.get(entity.schema)
    outgoing_ids: dict[str, str] = {}
    if schema is not None:
        for name, values in entity.properties.items():
            prop = schema.get(name)
            if prop is not None and prop.type.name == "entity":
                for value in values:
                    outgoing_ids[value] = str(prop.label)
    targets = entity.investigation.entities.filter(entity_id__in=list(outgoing_ids))
    outgoing = [Link(outgoing_ids[target.entity_id], target) for target in targets]
    pointing = (
        Statement.objects.filter(investigation_id=entity.investigation_id, value=entity.entity_id)
        .exclude(entity_id=entity.pk)
        .select_related("entity")
    )
    incoming, seen = [], set()
    for statement in pointing:
        if statement.entity_id in seen:
            continue
        seen.add(statement.entity_id)
        source_schema = model.get(statement.entity.schema)
        prop = source_schema.get(statement.prop) if source_schema else None
        if prop is not None and prop.type.name == "entity":
            incoming.append(Link(str(prop.reverse.label if prop.reverse else prop.label), statement.entity))
    return outgoing, incoming


@dataclass(frozen=True)
class Elsewhere:
    """A match with an entity of an investigation the user may not read: whom to contact, nothing more."""

    mine: Entity
    organisation: Organisation
    investigation_reference: str
    magistrate_office: Organisation
    probability: float


def matches_of(*, user: User, investigation: Investigation) -> tuple[list[MatchCandidate], list[Elsewhere]]:
    """The candidates touching this investigation: those the user may review (they write both sides), and
    those with another organisation's investigation — told as "contact X" only (issue 8 §2)."""
    candidates = (
        MatchCandidate.objects.filter(
            Q(left__investigation=investigation) | Q(right__investigation=investigation)
        )
        .select_related(
            "left__investigation__organisation",
            "left__investigation__magistrate_office",
            "right__investigation__organisation",
            "right__investigation__magistrate_office",
            "decided_by",
        )
        .order_by("status", "-probability")[:1000]
    )
    reviewable, elsewhere = [], []
    for candidate in candidates:
        left, right = candidate.left, candidate.right
        if may_write(user, left.investigation) and may_write(user, right.investigation):
            reviewable.append(candidate)
            continue
        mine, theirs = (left, right) if left.investigation_id == investigation.pk else (right, left)
        if theirs.investigation.organisation_id == investigation.organisation_id:
            continue  # the same service: a colleague's investigation it may open itself
        elsewhere.append(
            Elsewhere(
                mine=mine,
                organisation=theirs.investigation.organisation,
                investigation_reference=theirs.investigation.reference,
                magistrate_office=theirs.investigation.magistrate_office,
                probability=candidate.probability,
            )
        )
    return reviewable, elsewhere


def same_as(entity: Entity, *, user: User) -> list[Entity]:
    """The entities confirmed as this one, in investigations the user may read."""
    if not entity.canonical_id:
        return []
    return list(
        Entity.objects.filter(
            canonical_id=entity.canonical_id, investigation__in=investigations_visible_to(user=user)
        )
        .exclude(pk=entity.pk)
        .select_related("investigation")
    )


def network_entities(*, user: User, investigation: Investigation, across: bool = False) -> QuerySet[Entity]:
    """The entities of an investigation's network; ``across``: with those of every investigation the user
    may read (issue 8 §3: "and across shared ones"), joined where matching confirmed the same entity."""
    if across:
        return Entity.objects.filter(investigation__in=investigations_visible_to(user=user))
    return investigation.entities.all()
