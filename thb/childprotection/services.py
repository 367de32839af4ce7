"""Writes of child protection (issue 9 §3): a clerk records a travel-document event; the rules run on the
people and the address it touches; a new pattern becomes an alert, sent through the dispatch procedure.

The event and its alert are written together or not at all. Sending the alert is tried in the same request
inside a savepoint: if no procedure is active or sending fails, the event and the alert stay recorded as
"not sent" and the coordination cell sends it later (``alert_send``) — a recorded event is never lost.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thb.core.audit import diff, record_change, snapshot
from thb.core.exceptions import DomainError, PermissionDeniedError, ValidationFailedError
from thb.core.models import OrganisationKind, User
from thb.core.reference.postcodes import area_for_postcode, parse_postcode
from thb.core.roles import Perm, has_perm

from .alerts import alert_send_through_procedure
from .models import (
    DECLARED_GROUP_PURPOSES,
    AdultRelation,
    AlertStatus,
    DetectionRule,
    DocumentKind,
    RuleKey,
    TravelAlert,
    TravelDocumentEvent,
    TravelPurpose,
)
from .pseudonyms import address_pseudonym, age_on, person_pseudonym
from .rules import DEFAULTS, EventFacts, Finding, explain, one_address, repeated_loss, same_adult

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RuleSetting:
    key: str
    enabled: bool
    window_days: int
    threshold: int


def rule_settings() -> dict[str, RuleSetting]:
    """The rules as the coordination cell set them; a rule never set has its default."""
    stored = {rule.key: rule for rule in DetectionRule.objects.all()}
    settings: dict[str, RuleSetting] = {}
    for key in RuleKey.values:
        window, threshold = DEFAULTS[key]
        rule = stored.get(key)
        settings[key] = RuleSetting(
            key,
            rule.enabled if rule else True,
            rule.window_days if rule else window,
            rule.threshold if rule else threshold,
        )
    return settings


def rule_update(*, actor: User, key: str, enabled: bool, window_days: int, threshold: int) -> DetectionRule:
    if not has_perm(actor, Perm.CONFIGURE_TRAVEL_RULES):
        raise PermissionDeniedError()
    if key not in RuleKey.values:
        raise ValidationFailedError(_("Unknown rule."), field="key")
    if not 1 <= int(window_days) <= 1825:
        raise ValidationFailedError(
            _("The period is from 1 to 1,825 days (five years)."), field="window_days"
        )
    if not 2 <= int(threshold) <= 50:
        raise ValidationFailedError(_("A rule alerts from 2 to 50."), field="threshold")
    with transaction.atomic():
        default_window, default_threshold = DEFAULTS[key]
        rule, _created = DetectionRule.objects.select_for_update().get_or_create(
            key=key, defaults={"window_days": default_window, "threshold": default_threshold}
        )
        before = snapshot(rule, ["enabled", "window_days", "threshold"])
        rule.enabled, rule.window_days, rule.threshold = bool(enabled), int(window_days), int(threshold)
        rule.save()
        record_change(
            actor=actor,
            action="childprotection.rule_update",
            obj=rule,
            object_type="childprotection.detectionrule",
            changes={"rule": key, **diff(before, snapshot(rule, ["enabled", "window_days", "threshold"]))},
        )
    return rule


@dataclass
class RecordedEvent:
    event: TravelDocumentEvent
    alerts: list[TravelAlert] = field(default_factory=list)


def _clean(data: dict[str, Any], organisation_kind: str) -> dict[str, Any]:
    if organisation_kind != OrganisationKind.CIVIL_REGISTRY:
        raise PermissionDeniedError()
    kind = data.get("kind")
    if kind not in DocumentKind.values:
        raise ValidationFailedError(_("Choose the event."), field="kind")
    occurred_on = data.get("occurred_on")
    if not isinstance(occurred_on, datetime.date) or occurred_on > timezone.localdate():
        raise ValidationFailedError(_("Give the date of the event (not in the future)."), field="occurred_on")
    postcode = parse_postcode(data.get("postcode"))
    if postcode is None or area_for_postcode(postcode) is None:
        raise ValidationFailedError(_("Not a Belgian postcode."), field="postcode")
    child_ref, birth = person_pseudonym(data.get("child_number", ""), field="child_number")
    if birth is None or not 0 <= age_on(birth, occurred_on) < 18:
        raise ValidationFailedError(
            _("This number is not that of a minor on the date of the event."), field="child_number"
        )
    parent_refs = []
    for index, number in enumerate(n for n in data.get("parent_numbers", []) if str(n or "").strip()):
        parent_refs.append(person_pseudonym(number, field=f"parent_number_{index + 1}")[0])
    address_ref = address_pseudonym(
        data.get("street", ""),
        f"{data.get('house_number', '')} {data.get('box', '')}",
        data.get("address_postcode", ""),
    )
    adult_ref, relation = "", ""
    if str(data.get("adult_number") or "").strip():
        adult_ref, adult_birth = person_pseudonym(data["adult_number"], field="adult_number")
        if adult_birth is not None and age_on(adult_birth, occurred_on) < 18:
            raise ValidationFailedError(_("The accompanying person must be an adult."), field="adult_number")
        relation = data.get("adult_relation") or ""
        if relation not in AdultRelation.values:
            raise ValidationFailedError(
                _("Say how the adult is related to the child."), field="adult_relation"
            )
    elif kind == DocumentKind.TRAVEL_AUTHORISATION:
        raise ValidationFailedError(
            _("A travel authorisation names the adult who accompanies the child."), field="adult_number"
        )
    purpose = data.get("purpose") or TravelPurpose.NOT_SAID
    if purpose not in TravelPurpose.values:
        raise ValidationFailedError(_("Unknown choice."), field="purpose")
    reference = " ".join(str(data.get("purpose_reference") or "").split())
    if purpose in DECLARED_GROUP_PURPOSES and not reference:
        raise ValidationFailedError(
            _("A trip declared by a school or an organiser needs the reference of its declaration."),
            field="purpose_reference",
        )
    if len(reference) > 200:
        raise ValidationFailedError(_("Keep the reference under 200 characters."), field="purpose_reference")
    destination = str(data.get("destination") or "").strip().upper()
    if destination and (len(destination) != 2 or not destination.isalpha()):
        raise ValidationFailedError(_("Use a two-letter country code (ISO 3166-1)."), field="destination")
    return {
        "kind": kind,
        "occurred_on": occurred_on,
        "postcode": str(postcode),
        "child_ref": child_ref,
        "child_age": age_on(birth, occurred_on),
        "parent_refs": sorted(set(parent_refs)),
        "address_ref": address_ref,
        "adult_ref": adult_ref,
        "adult_relation": relation,
        "purpose": purpose,
        "purpose_reference": reference,
        "destination": destination,
    }


def _facts(event: TravelDocumentEvent) -> EventFacts:
    return EventFacts(
        id=event.pk,
        kind=event.kind,
        occurred_on=event.occurred_on,
        child_ref=event.child_ref,
        parent_refs=tuple(event.parent_refs),
        address_ref=event.address_ref,
        adult_ref=event.adult_ref,
        purpose=event.purpose,
        purpose_reference=event.purpose_reference,
    )


def _window(event: TravelDocumentEvent, setting: RuleSetting, **subject: str) -> list[EventFacts]:
    since = event.occurred_on - datetime.timedelta(days=setting.window_days)
    rows = TravelDocumentEvent.objects.filter(
        occurred_on__gte=since, occurred_on__lte=event.occurred_on, **subject
    )
    return [_facts(row) for row in rows]


def findings_for(event: TravelDocumentEvent, settings: dict[str, RuleSetting]) -> list[Finding]:
    """The rules, on the adult, the child and the address of ``event`` only (what it can have changed)."""
    found: list[Finding | None] = []
    rule = settings[RuleKey.SAME_ADULT]
    if rule.enabled and event.adult_ref:
        found.append(
            same_adult(_window(event, rule, adult_ref=event.adult_ref), event.adult_ref, rule.threshold)
        )
    rule = settings[RuleKey.REPEATED_LOSS]
    if rule.enabled and event.kind == DocumentKind.LOSS_DECLARATION:
        found.append(
            repeated_loss(_window(event, rule, child_ref=event.child_ref), event.child_ref, rule.threshold)
        )
    rule = settings[RuleKey.ONE_ADDRESS]
    if rule.enabled:
        found.append(
            one_address(
                _window(event, rule, address_ref=event.address_ref), event.address_ref, rule.threshold
            )
        )
    return [finding for finding in found if finding is not None]


def _alert_for(
    finding: Finding, event: TravelDocumentEvent, setting: RuleSetting
) -> tuple[TravelAlert, bool]:
    """The alert of this pattern: the open one of the same rule and subject within the period, extended;
    else a new one."""
    since = event.occurred_on - datetime.timedelta(days=setting.window_days)
    explanation = {
        "count": finding.count,
        "children": finding.children,
        "window_days": setting.window_days,
        "threshold": setting.threshold,
    }
    alert = (
        TravelAlert.objects.select_for_update()
        .filter(rule=finding.rule, subject_ref=finding.subject_ref, last_event_on__gte=since)
        .first()
    )
    created = alert is None
    if alert is None:
        alert = TravelAlert.objects.create(
            organisation=event.organisation,
            rule=finding.rule,
            subject_ref=finding.subject_ref,
            explanation=explanation,
            status=AlertStatus.NOT_SENT,
            last_event_on=event.occurred_on,
        )
    else:
        alert.explanation = explanation
        alert.last_event_on = max(alert.last_event_on, event.occurred_on)
        alert.save(update_fields=["explanation", "last_event_on", "updated_at"])
    alert.events.add(*finding.event_ids)
    return alert, created


def alert_text(alert: TravelAlert) -> str:
    values = alert.explanation
    return explain(
        alert.rule,
        count=values.get("count", 0),
        children=values.get("children", 0),
        window_days=values.get("window_days", 0),
        threshold=values.get("threshold", 0),
    )


def travel_event_record(*, actor: User, data: dict[str, Any]) -> RecordedEvent:
    """Record one event of the clerk's civil registry (``RECORD_TRAVEL_DOCUMENTS``), run the rules, and
    send each new alert through the dispatch procedure."""
    if not has_perm(actor, Perm.RECORD_TRAVEL_DOCUMENTS):
        raise PermissionDeniedError()
    organisation = actor.organisation
    assert organisation is not None  # no permission without an organisation
    cleaned = _clean(data, organisation.kind)
    settings = rule_settings()
    new_alerts: list[TravelAlert] = []
    with transaction.atomic():
        event = TravelDocumentEvent.objects.create(organisation=organisation, recorded_by=actor, **cleaned)
        record_change(
            actor=actor,
            action="childprotection.event",
            obj=event,
            changes={
                "kind": event.kind,
                "occurred_on": event.occurred_on.isoformat(),
                "postcode": event.postcode,
            },
        )
        recorded = RecordedEvent(event)
        for finding in findings_for(event, settings):
            alert, created = _alert_for(finding, event, settings[finding.rule])
            recorded.alerts.append(alert)
            record_change(
                actor=actor,
                action="childprotection.alert" if created else "childprotection.alert_extended",
                obj=alert,
                changes={"rule": alert.rule, **alert.explanation},
            )
            if created:
                new_alerts.append(alert)
        for alert in new_alerts:
            try:
                with transaction.atomic():
                    alert_send_through_procedure(alert=alert, actor=actor, text=alert_text(alert))
            except DomainError as error:
                logger.warning("travel alert %s not sent: %s", alert.uuid, error.code)
                alert.refresh_from_db()
    return recorded


def alert_send(*, alert: TravelAlert, actor: User) -> TravelAlert:
    """Send an alert that could not be sent when it was raised (no active procedure then)."""
    if not has_perm(actor, Perm.RECORD_TRAVEL_DOCUMENTS) or alert.organisation_id != actor.organisation_id:
        raise PermissionDeniedError()
    if alert.status == AlertStatus.SENT:
        raise ValidationFailedError(_("This alert was sent already."), code="already_sent")
    with transaction.atomic():
        alert = TravelAlert.objects.select_for_update().get(pk=alert.pk)
        alert_send_through_procedure(alert=alert, actor=actor, text=alert_text(alert))
    return alert
