"""Matching across investigations in the platform (issue 8 §2): find the same person, company, phone or
account across cases, let reviewers decide, keep their decisions, and tell the owner of an investigation that
"a match exists in another investigation, contact X" — never the other investigation's data.

A run (a periodic job, or on request) looks at every open investigation:

* **people and companies** go through the Splink model of ``thb match dedupe`` (names, date of birth,
  nationality, phone, e-mail, identity or enterprise number, address) with each comparison's level and
  weight kept as the reasons;
* **identifiers** — phone, e-mail, IBAN, identity, passport, enterprise and plate numbers, already
  normalised on import — pair entities of compatible types that hold the same value (probability 1).

A pair seen again keeps its decision (match / no match / unsure); only its score and reasons are updated.
Confirmed matches give the entities one ``canonical_id`` (the connected components of "match" decisions).
"""

from __future__ import annotations

import csv
import logging
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from followthemoney import model
from followthemoney.exc import InvalidData
from splink.internals.exceptions import SplinkException

from thb.core.audit import record_change
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import User
from thb.dispatch.outbox import notify

from .matching.dedupe import DedupeInputError, connect, load_records, trained_linker
from .matching.explain import Reason, ScoredPair, scored_pairs
from .models import (
    PARTY_SCHEMAS,
    Entity,
    InvestigationStatus,
    MatchCandidate,
    MatchRun,
    MatchStatus,
    Statement,
)
from .selectors import may_write
from .store import first_value

logger = logging.getLogger(__name__)

IDENTIFIER_PROPS = (
    "phone",
    "email",
    "iban",
    "idNumber",
    "passportNumber",
    "registrationNumber",
    "socialSecurityNumber",
)
CANDIDATE_THRESHOLD = 0.8
MAX_SHARED = 50  # a value held by more entities is a switchboard or a shared office, not an identity


def _party_rows(entities: Iterable[Entity]) -> list[dict[str, str]]:
    return [
        {
            "entity_key": str(entity.pk),
            "full_name": first_value(entity.properties, "name", "alias"),
            "date_of_birth": first_value(entity.properties, "birthDate", "incorporationDate"),
            "nationality": first_value(entity.properties, "nationality", "country", "jurisdiction"),
            "phone": first_value(entity.properties, "phone"),
            "email": first_value(entity.properties, "email"),
            "id_number": first_value(entity.properties, "idNumber", "passportNumber", "registrationNumber"),
            "address_1": first_value(entity.properties, "address"),
        }
        for entity in entities
    ]


def _model_pairs(entities: list[Entity]) -> tuple[list[ScoredPair], str]:
    """Pairs of people and companies scored by the Splink model; with too few records to train it, none
    (the note says why — identifier pairs still come)."""
    rows = _party_rows(entities)
    if len(rows) < 2:
        return [], "fewer than two people or companies"
    with tempfile.TemporaryDirectory(prefix="thb-match-") as folder:
        path = Path(folder) / "records.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        con = connect(memory_limit=settings.THB_MATCH_MEMORY_LIMIT, threads=1)
        try:
            columns = load_records(con, path, "entity_key")
            linker = trained_linker(con, columns.names, explain=True)
            return scored_pairs(con, linker, threshold=CANDIDATE_THRESHOLD), ""
        except (DedupeInputError, SplinkException, ValueError) as error:
            logger.info("matching: the model did not run: %s", str(error).splitlines()[0][:200])
            return [], str(error).splitlines()[0][:300]
        finally:
            con.close()


def _compatible(left: str, right: str) -> bool:
    try:
        model.common_schema(left, right)
    except InvalidData:
        return False
    return True


def _identifier_pairs() -> list[ScoredPair]:
    """Entities of compatible types, in open investigations, sharing a normalised identifier value: the
    shared values in one aggregate query, their holders in a second (not one query per value)."""
    statements = Statement.objects.filter(
        entity__investigation__status=InvestigationStatus.OPEN, prop__in=IDENTIFIER_PROPS
    )
    shared = {
        (row["prop"], row["value"])
        for row in statements.values("prop", "value")
        .annotate(n=Count("entity", distinct=True))
        .filter(n__gt=1, n__lte=MAX_SHARED)
    }
    holders: dict[tuple[str, str], set[tuple[int, str]]] = defaultdict(set)
    rows = statements.filter(value__in={value for _prop, value in shared}).values_list(
        "prop", "value", "entity_id", "entity__schema"
    )
    for prop, value, entity_id, schema in rows.distinct():
        if (prop, value) in shared:
            holders[(prop, value)].add((entity_id, schema))
    pairs: dict[tuple[str, str], list[Reason]] = {}
    for (prop, _value), group in holders.items():
        members = sorted(group)
        for i, (left, left_schema) in enumerate(members):
            for right, right_schema in members[i + 1 :]:
                if _compatible(left_schema, right_schema):
                    pairs.setdefault((str(left), str(right)), []).append(Reason(prop, "same value", 20.0))
    return [ScoredPair(left, right, 1.0, tuple(reasons)) for (left, right), reasons in pairs.items()]


def _notify_elsewhere(candidate: MatchCandidate, entities: dict[int, Entity]) -> None:
    """Each owner learns that a record of its investigation matches one of another organisation's, and
    whom to contact — nothing of the other investigation's content (issue 8 §2)."""
    left, right = entities[candidate.left_id], entities[candidate.right_id]
    for mine, theirs in ((left, right), (right, left)):
        notify(
            topic="investigations.match_elsewhere",
            organisation=mine.investigation.organisation,
            data={
                "investigation": mine.investigation.reference,
                "contact_organisation": theirs.investigation.organisation.slug,
                "contact_investigation": theirs.investigation.reference,
                "probability": round(candidate.probability, 3),
            },
        )


@transaction.atomic
def _store(run: MatchRun, pairs: list[ScoredPair]) -> None:
    merged: dict[tuple[int, int], ScoredPair] = {}
    for pair in pairs:
        left, right = sorted((int(pair.left), int(pair.right)))
        known = merged.get((left, right))
        if known is None or pair.probability > known.probability:
            merged[(left, right)] = pair
    existing = {
        (c.left_id, c.right_id): c
        for c in MatchCandidate.objects.filter(
            left_id__in={k[0] for k in merged}, right_id__in={k[1] for k in merged}
        )
    }
    entities = Entity.objects.select_related("investigation__organisation").in_bulk(
        {pk for key in merged for pk in key}
    )
    new, changed = [], []
    for (left, right), pair in merged.items():
        reasons = [reason.as_dict() for reason in pair.reasons]
        candidate = existing.get((left, right))
        if candidate is None:
            new.append(
                MatchCandidate(
                    left_id=left, right_id=right, probability=pair.probability, reasons=reasons, run=run
                )
            )
        else:  # the decision stays; the evidence is refreshed
            candidate.probability, candidate.reasons, candidate.run = pair.probability, reasons, run
            changed.append(candidate)
    MatchCandidate.objects.bulk_create(new, batch_size=1000)
    MatchCandidate.objects.bulk_update(changed, ["probability", "reasons", "run"], batch_size=1000)
    for candidate in new:
        left_org = entities[candidate.left_id].investigation.organisation_id
        if left_org != entities[candidate.right_id].investigation.organisation_id:
            _notify_elsewhere(candidate, entities)
    run.candidates, run.new_candidates = len(merged), len(new)


def match_run(*, actor: User | None = None) -> MatchRun:
    """Match every open investigation's entities; returns the run with its counts."""
    run = MatchRun.objects.create(started_by=actor)
    open_entities = Entity.objects.filter(investigation__status=InvestigationStatus.OPEN)
    parties = list(open_entities.filter(schema__in=PARTY_SCHEMAS))
    model_pairs, note = _model_pairs(parties)
    pairs = model_pairs + _identifier_pairs()
    _store(run, pairs)
    run.records, run.note, run.finished_at = len(parties), note, timezone.now()
    run.save()
    record_change(
        actor=actor,
        action="investigations.match_run",
        object_type="investigations.matchrun",
        changes={"records": run.records, "candidates": run.candidates, "new": run.new_candidates},
    )
    return run


def _component(start: int) -> set[int]:
    frontier, component = [start], set()
    while frontier:
        current = frontier.pop()
        if current in component:
            continue
        component.add(current)
        for left, right in MatchCandidate.objects.filter(
            Q(left_id=current) | Q(right_id=current), status=MatchStatus.MATCH
        ).values_list("left_id", "right_id"):
            frontier.extend((left, right))
    return component


def canonical_refresh(entity_ids: Iterable[int]) -> None:
    """Give every entity connected to these by "match" decisions one canonical id (the component's
    smallest key); an entity left alone has none. Each start is recomputed on its own: a "match" turned
    into "no match" may split a component in two."""
    done: set[int] = set()
    for start in entity_ids:
        if start in done:
            continue
        component = _component(start)
        done |= component
        canonical = f"c{min(component)}" if len(component) > 1 else ""
        Entity.objects.filter(pk__in=component).update(canonical_id=canonical)


def candidate_decide(
    *, candidate: MatchCandidate, actor: User, decision: str, note: str = ""
) -> MatchCandidate:
    """A reviewer who may write both investigations decides; the decision is audited and kept."""
    if decision not in (MatchStatus.MATCH, MatchStatus.NO_MATCH, MatchStatus.UNSURE):
        raise ValidationFailedError(_("Choose same, not the same, or unsure."), field="decision")
    left = Entity.objects.select_related("investigation").get(pk=candidate.left_id)
    right = Entity.objects.select_related("investigation").get(pk=candidate.right_id)
    if not (may_write(actor, left.investigation) and may_write(actor, right.investigation)):
        raise PermissionDeniedError()
    with transaction.atomic():
        old = candidate.status
        candidate.status, candidate.note = decision, str(note or "").strip()[:500]
        candidate.decided_by, candidate.decided_at = actor, timezone.now()
        candidate.save(update_fields=["status", "note", "decided_by", "decided_at"])
        canonical_refresh([left.pk, right.pk])
        for investigation in {
            left.investigation_id: left.investigation,
            right.investigation_id: right.investigation,
        }.values():
            record_change(
                actor=actor,
                action="investigations.match_decide",
                obj=investigation,
                changes={
                    "pair": [left.entity_id, right.entity_id],
                    "status": {"old": old, "new": decision},
                },
                reason=candidate.note,
            )
    return candidate
