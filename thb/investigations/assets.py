"""Writes and reads of the asset register and the proceeds estimates (issue 8 §4; action point P9).

Only the owning service writes; every change is audited with the fields that changed (DESIGN.md §3.1).
The register suggests what the records already show a suspect holds — accounts, vehicles, real estate,
companies they direct — so nothing known is forgotten.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thb.core.audit import diff, record_change, snapshot
from thb.core.exceptions import ValidationFailedError
from thb.core.models import User

from .models import (
    PARTY_SCHEMAS,
    Asset,
    AssetKind,
    ConfiscationStatus,
    Entity,
    Investigation,
    ProceedsEstimate,
    SeizureStatus,
)
from .money import MoneyFacts
from .proceeds import estimate
from .services import require_owner

ASSET_FIELDS = (
    "kind",
    "description",
    "estimated_value_eur",
    "valuation_basis",
    "seizure_status",
    "seizure_reference",
    "confiscation_status",
    "legal_reference",
)
KIND_OF_SCHEMA = {
    "RealEstate": AssetKind.REAL_ESTATE,
    "Vehicle": AssetKind.VEHICLE,
    "BankAccount": AssetKind.BANK_ACCOUNT,
    "Company": AssetKind.BUSINESS,
}


def _clean(investigation: Investigation, values: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    if "kind" in values:
        if values["kind"] not in AssetKind.values:
            raise ValidationFailedError(_("Choose a kind of asset."), field="kind")
        clean["kind"] = values["kind"]
    for name, limit in (
        ("description", 300),
        ("valuation_basis", 300),
        ("seizure_reference", 120),
        ("legal_reference", 300),
    ):
        if name in values:
            clean[name] = " ".join(str(values[name] or "").split())[:limit]
    if "description" in clean and not clean["description"]:
        raise ValidationFailedError(_("Describe the asset."), field="description")
    if "estimated_value_eur" in values:
        raw = values["estimated_value_eur"]
        try:
            value = None if raw in (None, "") else Decimal(str(raw)).quantize(Decimal("0.01"))
        except InvalidOperation as exc:
            raise ValidationFailedError(_("Enter an amount in euros."), field="estimated_value_eur") from exc
        if value is not None and (value < 0 or value > Decimal("999999999999.99")):
            raise ValidationFailedError(_("Enter an amount in euros."), field="estimated_value_eur")
        clean["estimated_value_eur"] = value
    for name, choices in (("seizure_status", SeizureStatus), ("confiscation_status", ConfiscationStatus)):
        if name in values:
            if values[name] not in choices.values:
                raise ValidationFailedError(_("Choose a status."), field=name)
            clean[name] = values[name]
    return clean


def _check(asset: Asset) -> None:
    if asset.seizure_status == SeizureStatus.SEIZED and not asset.seizure_reference:
        raise ValidationFailedError(
            _("A seizure needs its reference (PV or order)."), field="seizure_reference"
        )


def asset_add(
    *, investigation: Investigation, actor: User, suspect: Entity, entity: Entity | None = None, **values: Any
) -> Asset:
    require_owner(actor, investigation)
    if suspect.investigation_id != investigation.pk or suspect.schema not in PARTY_SCHEMAS:
        raise ValidationFailedError(_("Choose a person or company of this investigation."), field="suspect")
    if entity is not None and entity.investigation_id != investigation.pk:
        raise ValidationFailedError(_("Choose an entity of this investigation."), field="entity")
    clean = _clean(investigation, {"seizure_status": "none", "confiscation_status": "none", **values})
    for required in ("kind", "description"):
        if required not in clean:
            raise ValidationFailedError(_("This field is required."), field=required)
    asset = Asset(investigation=investigation, suspect=suspect, entity=entity, created_by=actor, **clean)
    _check(asset)
    with transaction.atomic():
        asset.save()
        record_change(
            actor=actor,
            action="investigations.asset_add",
            obj=asset,
            changes=diff({}, snapshot(asset, ASSET_FIELDS)),
        )
    return asset


def asset_update(*, asset: Asset, actor: User, **values: Any) -> Asset:
    require_owner(actor, asset.investigation)
    before = snapshot(asset, ASSET_FIELDS)
    for name, value in _clean(asset.investigation, values).items():
        setattr(asset, name, value)
    _check(asset)
    with transaction.atomic():
        asset.save()
        changes = diff(before, snapshot(asset, ASSET_FIELDS))
        if changes:
            record_change(actor=actor, action="investigations.asset_update", obj=asset, changes=changes)
    return asset


def estimate_record(
    *, investigation: Investigation, actor: User, method: str, inputs: dict[str, Any], facts: MoneyFacts
) -> ProceedsEstimate:
    require_owner(actor, investigation)
    result = estimate(method, inputs, facts)
    with transaction.atomic():
        saved = ProceedsEstimate.objects.create(
            investigation=investigation,
            method=result.method,
            inputs=result.inputs,
            amount_eur=result.amount,
            explanation=result.explanation,
            created_by=actor,
        )
        record_change(
            actor=actor,
            action="investigations.proceeds_estimate",
            obj=investigation,
            changes={"method": result.method, "amount_eur": str(result.amount), "inputs": result.inputs},
        )
    return saved


@dataclass(frozen=True)
class Suggestion:
    suspect: Entity
    entity: Entity
    kind: str
    how: str  # the link that says they hold it


def suggestions(investigation: Investigation) -> list[Suggestion]:
    """What the records show a person or company holds, not yet in the register: accounts and real estate
    they own (Ownership), vehicles they hold or use, companies they direct."""
    entities = {e.entity_id: e for e in investigation.entities.all()}
    registered = set(investigation.assets.exclude(entity=None).values_list("suspect_id", "entity_id"))
    found: list[Suggestion] = []

    def offer(owner_id: str, asset_id: str, how: str) -> None:
        owner, asset = entities.get(owner_id), entities.get(asset_id)
        if (
            owner is None
            or asset is None
            or owner.schema not in PARTY_SCHEMAS
            or asset.schema not in KIND_OF_SCHEMA
        ):
            return
        if (owner.pk, asset.pk) not in registered:
            registered.add((owner.pk, asset.pk))
            found.append(Suggestion(owner, asset, KIND_OF_SCHEMA[asset.schema], how))

    for entity in entities.values():
        props = entity.properties
        if entity.schema == "Ownership":
            for owner in props.get("owner", []):
                for asset in props.get("asset", []):
                    offer(owner, asset, "Ownership")
        elif entity.schema == "Vehicle":
            for holder in props.get("owner", []) + props.get("operator", []):
                offer(holder, entity.entity_id, "Vehicle")
        elif entity.schema == "Directorship":
            for director in props.get("director", []):
                for company in props.get("organization", []):
                    offer(director, company, "Directorship")
    return sorted(found, key=lambda s: (s.suspect.caption, s.kind, s.entity.caption))
