"""Writes of investigations (issue 8 §1): open one, share it with another organisation on a magistrate's
decision (and revoke that), record entities and values by hand with the document they come from. Imports
live in imports/service.py. Every write is atomic and audited (DESIGN.md §3.1).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.util import make_entity_id

from thb.casefiles.models import MAGISTRATE_OFFICE_KINDS, CaseFile
from thb.core.audit import record_change
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import Organisation, User
from thb.core.references import new_reference
from thb.core.roles import Perm, has_perm

from .models import Investigation, InvestigationShare, InvestigationStatus
from .normalise import NORMALISERS, ValueNotRecognised
from .store import store_entities

# What an investigator may record by hand, per schema: the property and the normaliser of its value.
MANUAL_SCHEMAS: dict[str, dict[str, str]] = {
    "Person": {
        "name": "name",
        "alias": "name",
        "birthDate": "date",
        "nationality": "country",
        "phone": "phone",
        "email": "email",
        "idNumber": "identifier",
        "address": "address",
        "notes": "text",
    },
    "Company": {
        "name": "name",
        "registrationNumber": "enterprise_number",
        "jurisdiction": "country",
        "address": "address",
        "phone": "phone",
        "email": "email",
        "notes": "text",
    },
    "BankAccount": {"iban": "iban", "bankName": "text", "country": "country", "notes": "text"},
    "Vehicle": {"registrationNumber": "plate", "model": "text", "type": "text", "country": "country"},
    "RealEstate": {"name": "text", "address": "address", "country": "country", "amount": "amount"},
    "Address": {"full": "address", "city": "text", "postalCode": "text", "country": "country"},
    "UserAccount": {
        "service": "text",
        "username": "text",
        "phone": "phone",
        "email": "email",
        "sourceUrl": "url",
    },
}


def _new_reference() -> str:
    return new_reference("I", Investigation)


def require_investigator(actor: User) -> Organisation:
    if not has_perm(actor, Perm.INVESTIGATE) or actor.organisation is None:
        raise PermissionDeniedError()
    return actor.organisation


def require_owner(actor: User, investigation: Investigation) -> None:
    """Only the organisation that runs an investigation writes to it; shared organisations read."""
    if require_investigator(actor).pk != investigation.organisation_id:
        raise PermissionDeniedError()
    if investigation.status != InvestigationStatus.OPEN:
        raise ValidationFailedError(_("This investigation is closed."))


def investigation_open(
    *,
    actor: User,
    title: str,
    magistrate_office: Organisation | None,
    case_file: CaseFile | None = None,
) -> Investigation:
    organisation = require_investigator(actor)
    title = " ".join(str(title or "").split())
    if not title or len(title) > 120:
        raise ValidationFailedError(
            _("Give the investigation a name (at most 120 characters)."), field="title"
        )
    if magistrate_office is None or magistrate_office.kind not in MAGISTRATE_OFFICE_KINDS:
        raise ValidationFailedError(
            _("Choose a prosecutor's or labour auditor's office."), field="magistrate_office"
        )
    if case_file is not None and case_file.organisation_id != organisation.pk:
        raise ValidationFailedError(_("Choose a case file of your service."), field="case_file")
    with transaction.atomic():
        investigation = Investigation.objects.create(
            organisation=organisation,
            reference=_new_reference(),
            title=title,
            magistrate_office=magistrate_office,
            case_file=case_file,
            created_by=actor,
        )
        record_change(
            actor=actor,
            action="investigations.open",
            obj=investigation,
            changes={"magistrate_office": {"old": None, "new": magistrate_office.slug}},
        )
    return investigation


def investigation_set_status(*, investigation: Investigation, actor: User, status: str) -> Investigation:
    if require_investigator(actor).pk != investigation.organisation_id:
        raise PermissionDeniedError()
    if status not in InvestigationStatus.values:
        raise ValidationFailedError(_("Choose a status."), field="status")
    with transaction.atomic():
        old = investigation.status
        investigation.status = status
        investigation.save(update_fields=["status", "updated_at"])
        record_change(
            actor=actor,
            action="investigations.status",
            obj=investigation,
            changes={"status": {"old": old, "new": status}},
        )
    return investigation


def _magistrate(actor: User, investigation: Investigation) -> None:
    """Sharing is decided by a magistrate of the office that directs the investigation (issue 8 §1)."""
    if (
        not has_perm(actor, Perm.AUTHORISE_SHARING)
        or actor.organisation_id != investigation.magistrate_office_id
    ):
        raise PermissionDeniedError()


def share_authorise(
    *,
    investigation: Investigation,
    actor: User,
    organisation: Organisation | None,
    legal_basis: str,
    reason: str,
) -> InvestigationShare:
    _magistrate(actor, investigation)
    if organisation is None or organisation.pk == investigation.organisation_id:
        raise ValidationFailedError(_("Choose another organisation."), field="organisation")
    legal_basis, reason = " ".join(str(legal_basis or "").split()), str(reason or "").strip()
    if not legal_basis or len(legal_basis) > 200:
        raise ValidationFailedError(_("Name the legal basis (at most 200 characters)."), field="legal_basis")
    if not reason or len(reason) > 2000:
        raise ValidationFailedError(_("Give the reason (at most 2,000 characters)."), field="reason")
    with transaction.atomic():
        if investigation.shares.filter(organisation=organisation, revoked_at__isnull=True).exists():
            raise ValidationFailedError(_("This organisation already has access."), field="organisation")
        share = InvestigationShare.objects.create(
            investigation=investigation,
            organisation=organisation,
            legal_basis=legal_basis,
            reason=reason,
            authorised_by=actor,
        )
        record_change(
            actor=actor,
            action="investigations.share",
            obj=investigation,
            changes={"shared_with": {"old": None, "new": organisation.slug}, "legal_basis": legal_basis},
            reason=reason,
        )
    return share


def share_revoke(*, share: InvestigationShare, actor: User, reason: str) -> InvestigationShare:
    _magistrate(actor, share.investigation)
    if share.revoked_at is not None:
        raise ValidationFailedError(_("This access was already revoked."))
    with transaction.atomic():
        share.revoked_at = timezone.now()
        share.revoked_by = actor
        share.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
        record_change(
            actor=actor,
            action="investigations.share_revoke",
            obj=share.investigation,
            changes={"shared_with": {"old": share.organisation.slug, "new": None}},
            reason=str(reason or "")[:2000],
        )
    return share


def entity_record(
    *,
    investigation: Investigation,
    actor: User,
    schema: str,
    values: dict[str, Any],
    document: str,
    entity_id: str | None = None,
) -> EntityProxy:
    """Record an entity (or more values of an existing one) by hand, citing the document they come from
    (a hearing record, a PV, a seizure report): the provenance every statement needs (issue 8 §1)."""
    require_owner(actor, investigation)
    allowed = MANUAL_SCHEMAS.get(schema)
    if allowed is None:
        raise ValidationFailedError(_("Choose a type of entity."), field="schema")
    document = " ".join(str(document or "").split())
    if not document or len(document) > 200:
        raise ValidationFailedError(
            _("Name the document these facts come from (at most 200 characters)."), field="document"
        )
    entity = model.make_entity(schema)
    for prop, raw in values.items():
        if prop not in allowed:
            raise ValidationFailedError(_("Unknown field."), field=prop)
        try:
            value = NORMALISERS[allowed[prop]](str(raw or ""))
        except ValueNotRecognised as exc:
            raise ValidationFailedError(str(exc), field=prop) from exc
        if value:
            entity.add(prop, value, cleaned=True)
    if not entity.properties:
        raise ValidationFailedError(_("Fill in at least one field."))
    entity.id = entity_id or make_entity_id(str(investigation.uuid), "manual", secrets.token_hex(8))
    with transaction.atomic():
        store_entities(
            investigation=investigation, entities=[entity], actor=actor, origin="manual", document=document
        )
        record_change(
            actor=actor,
            action="investigations.entity_record",
            obj=investigation,
            changes={"entity": entity.id, "schema": schema, "properties": sorted(entity.properties)},
            reason=document,
        )
    return entity
