"""Writes of residence procedures (issue 7 §2): open one for a case, record an event (the engine decides
whether the rules allow it; a refused event writes nothing), mark an action done. After every event the
state is recomputed from all events and the actions follow: new ones get their owner organisation, those
the engine no longer asks for are closed as "no longer needed". Each write is atomic, audited and a line
of the case's timeline (DESIGN.md §3.1)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thb.core.audit import record_change, record_identity_access
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import AccessPurpose, Organisation, OrganisationKind, User
from thb.core.roles import Perm, has_perm
from thb.victims.models import VictimCase
from thb.victims.services import case_event, participant_organisation

from .engine import Event, EventNotAllowedError, ResidenceInputError, State, simulate
from .labels import EVENTS as EVENT_LABELS
from .models import ActionStatus, Path, ResidenceAction, ResidenceEvent, ResidenceProcedure
from .parties import CENTRE, IMMIGRATION_OFFICE, PARTY_EVENTS, party_of
from .rules import EVENTS

MAGISTRATE_KINDS = (
    OrganisationKind.PROSECUTOR_REFERENCE,
    OrganisationKind.LABOUR_AUDITOR_REFERENCE,
    OrganisationKind.FEDERAL_PROSECUTOR,
)


def _office(organisation: Organisation | None) -> Organisation | None:
    if organisation is not None and organisation.kind not in MAGISTRATE_KINDS:
        raise ValidationFailedError(
            _("Choose a prosecutor's or labour auditor's office."), field="magistrate_office"
        )
    return organisation


def procedure_open(
    *, case: VictimCase, actor: User, path: str, magistrate_office: Organisation | None = None
) -> ResidenceProcedure:
    """The centre opens the case's residence procedure (one per case)."""
    participant_organisation(case, actor)
    if path not in Path.values:
        raise ValidationFailedError(_("Choose the path."), field="path")
    try:
        with transaction.atomic():
            procedure = ResidenceProcedure.objects.create(
                case=case, path=path, magistrate_office=_office(magistrate_office), opened_by=actor
            )
            record_change(
                actor=actor,
                action="residence.open",
                obj=procedure,
                changes={"path": {"old": None, "new": path}},
            )
            case_event(case, "residence", f"residence procedure opened ({path})", actor)
    except IntegrityError as exc:
        raise ValidationFailedError(
            _("This case already has its residence procedure."), code="exists"
        ) from exc
    return procedure


def procedure_events(procedure: ResidenceProcedure) -> list[Event]:
    return [Event(e.type, e.date, dict(e.data)) for e in procedure.events.order_by("date", "created_at")]


def procedure_state(procedure: ResidenceProcedure, *, as_of: date | None = None) -> State:
    return simulate(procedure.path, procedure_events(procedure), as_of=as_of or timezone.localdate())


def _clean_data(kind: str, data: dict[str, Any] | None) -> dict[str, str]:
    """Only the document's code and the validity printed on it: nothing personal is kept in events."""
    clean: dict[str, str] = {}
    for name in ("document", "valid_until"):
        value = (data or {}).get(name)
        if value in (None, ""):
            continue
        if kind != "document_issued":
            raise ValidationFailedError(_("Unknown field."), field=name)
        if name == "valid_until":
            value = value.isoformat() if isinstance(value, date) else str(value)
            try:
                date.fromisoformat(value)
            except ValueError as exc:
                raise ValidationFailedError(_("Enter a date (YYYY-MM-DD)."), field=name) from exc
        clean[name] = str(value)[:60]
    return clean


def event_record(
    *, procedure: ResidenceProcedure, actor: User, type: str, on: date, data: dict[str, Any] | None = None
) -> ResidenceEvent:
    """Record an event; the engine re-reads every event and refuses what the rules do not allow (the
    message names the phase and the allowed events) — nothing is written then."""
    party = party_of(actor, procedure)
    if party is None or actor.organisation is None:
        raise PermissionDeniedError()
    if type not in EVENTS:
        raise ValidationFailedError(_("Unknown event."), field="type")
    if type not in PARTY_EVENTS[party]:
        raise ValidationFailedError(
            _("%(event)s is recorded by another party.") % {"event": EVENT_LABELS.get(type, type)},
            field="type",
        )
    if on > timezone.localdate():
        raise ValidationFailedError(_("An event cannot be dated in the future."), field="date")
    clean = _clean_data(type, data)
    with transaction.atomic():
        locked = ResidenceProcedure.objects.select_for_update().get(pk=procedure.pk)
        events = procedure_events(locked)
        position = sum(1 for e in events if e.date <= on)
        candidate = [*events[:position], Event(type, on, clean), *events[position:]]
        try:
            state = simulate(locked.path, candidate, as_of=timezone.localdate())
        except (EventNotAllowedError, ResidenceInputError) as error:
            raise ValidationFailedError(str(error), field="type", code="not_allowed") from error
        event = ResidenceEvent.objects.create(
            procedure=locked,
            type=type,
            date=on,
            data=clean,
            recorded_by=actor,
            organisation=actor.organisation,
        )
        _store_state(locked, state)
        record_change(
            actor=actor,
            action="residence.event",
            obj=locked,
            changes={
                "event": {"old": None, "new": type},
                "phase": {"old": procedure.phase, "new": state.phase},
            },
        )
        case_event(locked.case, "residence", f"residence: {type} ({on.isoformat()}) → {state.phase}", actor)
    return event


def _store_state(procedure: ResidenceProcedure, state: State) -> None:
    procedure.phase = state.phase
    procedure.document = state.document.code if state.document else ""
    procedure.valid_until = state.valid_until
    procedure.save(update_fields=["phase", "document", "valid_until", "updated_at"])
    sync_actions(procedure, state)


def owner_organisation(procedure: ResidenceProcedure, owner: str) -> Organisation | None:
    case = procedure.case
    if owner == CENTRE:
        if case.accompanying_centre_id is not None:
            return case.accompanying_centre
        return case.organisation if case.organisation.kind == OrganisationKind.SPECIALISED_CENTRE else None
    if owner == "magistrate":
        return procedure.magistrate_office
    kind = {
        "immigration_office": OrganisationKind.IMMIGRATION_OFFICE,
        "guardianship_service": OrganisationKind.GUARDIANSHIP_SERVICE,
    }.get(owner)
    if kind is None:
        return None
    return Organisation.objects.filter(kind=kind, is_active=True).order_by("pk").first()


def sync_actions(procedure: ResidenceProcedure, state: State) -> None:
    """The open actions become exactly the engine's next actions (kept when unchanged, so a reminder
    already sent is not sent again)."""
    wanted = {(a.action, a.by, a.due) for a in state.next_actions}
    open_rows = list(procedure.actions.filter(status=ActionStatus.OPEN))
    done = set(procedure.actions.filter(status=ActionStatus.DONE).values_list("action", "owner", "due"))
    for row in open_rows:
        if (row.action, row.owner, row.due) not in wanted:
            row.status = ActionStatus.SUPERSEDED
            row.save(update_fields=["status", "updated_at"])
    existing = {(r.action, r.owner, r.due) for r in open_rows} | done
    for action, owner, due in sorted(wanted - existing, key=lambda t: (t[2], t[1], t[0])):
        ResidenceAction.objects.create(
            procedure=procedure,
            action=action,
            owner=owner,
            organisation=owner_organisation(procedure, owner),
            due=due,
        )


def action_done(*, action: ResidenceAction, actor: User, note: str = "") -> ResidenceAction:
    """The owner marks its action done (e.g. the magistrate answered about the state of the case)."""
    procedure = action.procedure
    party = party_of(actor, procedure)
    if party is None or action.organisation_id != actor.organisation_id:
        raise PermissionDeniedError()
    with transaction.atomic():
        locked = ResidenceAction.objects.select_for_update().get(pk=action.pk)
        if locked.status != ActionStatus.OPEN:
            raise ValidationFailedError(_("This action is no longer open."), code="wrong_state")
        locked.status, locked.done_at, locked.done_by = ActionStatus.DONE, timezone.now(), actor
        locked.note = note.replace("\x00", "").strip()[:500]
        locked.save()
        record_change(
            actor=actor,
            action="residence.action_done",
            obj=procedure,
            changes={"action": {"old": "open", "new": f"{locked.action} done"}},
        )
        case_event(procedure.case, "residence", f"residence: {locked.action} done by {locked.owner}", actor)
    return locked


def identity_for_immigration_office(*, procedure: ResidenceProcedure, reader: User) -> tuple[str, str]:
    """The Immigration Office issues documents in the person's name: it reads the identity on request,
    every read recorded (DESIGN.md §4)."""
    if party_of(reader, procedure) != IMMIGRATION_OFFICE or not has_perm(reader, Perm.VIEW_VICTIM_IDENTITY):
        raise PermissionDeniedError()
    case = VictimCase.objects.get(pk=procedure.case_id)
    record_identity_access(
        actor=reader, obj=case, fields=["identity_name", "identity_details"], purpose=AccessPurpose.CASEWORK
    )
    return case.identity_name, case.identity_details
