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
from thb.victims.models import VictimCase
from thb.victims.selectors import cases_visible_to

from .models import Entity, Investigation, InvestigationShare, InvestigationStatus
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


def _document(document: str) -> str:
    """The document facts recorded by hand come from (their provenance, issue 8 §1): required, one line."""
    document = " ".join(str(document or "").split())
    if not document or len(document) > 200:
        raise ValidationFailedError(
            _("Name the document these facts come from (at most 200 characters)."), field="document"
        )
    return document


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
    document = _document(document)
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


# Links an investigator records by hand between two entities: FtM edge schemas, their two ends, and the
# details that may be given (issue 8 §1: Ownership, Directorship, Family, Associate, Employment …).
LINK_SCHEMAS: dict[str, tuple[str, str]] = {
    "Family": ("person", "relative"),
    "Associate": ("person", "associate"),
    "Employment": ("employer", "employee"),
    "Ownership": ("owner", "asset"),
    "Directorship": ("director", "organization"),
    "UnknownLink": ("subject", "object"),
}


def link_record(
    *,
    investigation: Investigation,
    actor: User,
    schema: str,
    source: Entity,
    target: Entity,
    role: str = "",
    start_date: str = "",
    document: str,
) -> EntityProxy:
    """A link between two entities of the investigation, with the document it comes from. The types of the
    ends are checked by the FtM model (a family link joins two people; a directorship a person and an
    organisation)."""
    require_owner(actor, investigation)
    if schema not in LINK_SCHEMAS:
        raise ValidationFailedError(_("Choose a kind of link."), field="schema")
    if source.investigation_id != investigation.pk or target.investigation_id != investigation.pk:
        raise ValidationFailedError(_("Choose an entity of this investigation."), field="target")
    if source.pk == target.pk:
        raise ValidationFailedError(_("Choose another entity."), field="target")
    link = model.make_entity(schema)
    source_prop, target_prop = LINK_SCHEMAS[schema]
    for prop_name, entity in ((source_prop, source), (target_prop, target)):
        expected = link.schema.get(prop_name).range  # type: ignore[union-attr]
        if expected is not None and not model.get(entity.schema).is_a(expected):  # type: ignore[union-attr]
            raise ValidationFailedError(
                _("A %(link)s link cannot have a %(type)s here.")
                % {"link": link.schema.label, "type": model.get(entity.schema).label},  # type: ignore[union-attr]
                field="target" if prop_name == target_prop else "schema",
            )
        link.add(prop_name, entity.entity_id, cleaned=True)
    if role.strip():  # a family or associate link names the relationship, the others a role
        detail = "relationship" if link.schema.get("relationship") is not None else "role"
        link.add(detail, NORMALISERS["text"](role)[:200], cleaned=True)
    if start_date.strip():
        try:
            link.add("startDate", NORMALISERS["date"](start_date), cleaned=True)
        except ValueNotRecognised as exc:
            raise ValidationFailedError(str(exc), field="start_date") from exc
    link.id = make_entity_id(str(investigation.uuid), schema, source.entity_id, target.entity_id, role)
    document = _document(document)
    with transaction.atomic():
        store_entities(
            investigation=investigation, entities=[link], actor=actor, origin="manual", document=document
        )
        record_change(
            actor=actor,
            action="investigations.link_record",
            obj=investigation,
            changes={"link": schema, "source": source.entity_id, "target": target.entity_id},
            reason=document,
        )
    return link


def case_person_add(*, investigation: Investigation, actor: User, case: VictimCase) -> Entity:
    """The (presumed) victim of a case the actor's service takes part in, as a person of the investigation:
    the case's **pseudonym**, never the identity (DESIGN.md §4), with the nationalities, every value's
    provenance being the case (issue 8 §1)."""
    require_owner(actor, investigation)
    if not cases_visible_to(user=actor).filter(pk=case.pk).exists():
        raise PermissionDeniedError()
    person = model.make_entity("Person")
    person.id = make_entity_id(str(investigation.uuid), "victim-case", str(case.uuid))
    person.add("name", case.pseudonym, cleaned=True)
    for nationality in case.nationalities:
        try:
            person.add("nationality", NORMALISERS["country"](nationality), cleaned=True)
        except ValueNotRecognised:
            continue
    person.add("notes", str(_("Victim case %(ref)s") % {"ref": case.reference}), cleaned=True)
    with transaction.atomic():
        store_entities(
            investigation=investigation, entities=[person], actor=actor, origin="case", victim_case=case
        )
        record_change(
            actor=actor,
            action="investigations.case_person_add",
            obj=investigation,
            changes={"case": case.reference, "entity": person.id},
        )
    return Entity.objects.get(investigation=investigation, entity_id=person.id)
