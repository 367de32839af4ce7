"""Writing the audit trail. Services call these inside their own ``transaction.atomic`` block, so that the
change and its audit row commit or fail together (DESIGN.md §3.1).

Secret values never enter the trail: fields listed in ``secret_fields``, and every encrypted field (which
``snapshot`` wraps in ``Secret``), are recorded by name only, as changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from .encryption import EncryptedTextField
from .models import AccessPurpose, AuditEvent, IdentityAccess, User
from .request_context import current_request_id

SECRET_PLACEHOLDER = "[secret]"


class Secret:
    """A value that ``diff`` may compare but never writes: what ``snapshot`` returns for encrypted fields."""

    __slots__ = ("_value",)

    def __init__(self, value: Any) -> None:
        self._value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and self._value == other._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __repr__(self) -> str:
        return "Secret(…)"


def _json_value(value: Any) -> Any:
    if isinstance(value, Secret):
        return SECRET_PLACEHOLDER
    if isinstance(value, models.Model):
        return str(getattr(value, "uuid", value.pk))
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_json_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def diff(before: Mapping[str, Any], after: Mapping[str, Any], *, secret_fields: Iterable[str] = ()) -> dict:
    """The fields whose value differs, as ``{field: {"old": …, "new": …}}``; secrets as a placeholder."""
    secrets = set(secret_fields)
    changes: dict[str, Any] = {}
    for field in sorted(set(before) | set(after)):
        old, new = before.get(field), after.get(field)
        if old == new:
            continue
        if field in secrets or isinstance(old, Secret) or isinstance(new, Secret):
            changes[field] = SECRET_PLACEHOLDER
        else:
            changes[field] = {"old": _json_value(old), "new": _json_value(new)}
    return changes


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of ``fields`` on ``obj`` (foreign keys as the related object's UUID; encrypted
    fields wrapped in ``Secret``, so that ``diff`` records them by name only)."""
    values: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if isinstance(field, EncryptedTextField):
            values[name] = Secret(getattr(obj, name))
        elif field.many_to_many:
            values[name] = (
                sorted(str(getattr(o, "uuid", o.pk)) for o in getattr(obj, name).all()) if obj.pk else []
            )
        else:
            values[name] = getattr(obj, name)
    return values


def _actor_fields(actor: User | None) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor": None, "actor_username": "", "organisation": None}
    return {"actor": actor, "actor_username": actor.get_username(), "organisation": actor.organisation}


def record_change(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_uuid: uuid.UUID | None = None,
    changes: Mapping[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one audit event. ``actor`` is None for the system itself (commands, periodic jobs)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_uuid = object_uuid or getattr(obj, "uuid", None)
    return AuditEvent.objects.create(
        **_actor_fields(actor),
        action=action,
        object_type=object_type,
        object_uuid=object_uuid,
        changes=dict(changes or {}),
        reason=reason,
        request_id=current_request_id.get(),
    )


def record_identity_access(
    *,
    actor: User,
    obj: models.Model,
    fields: Iterable[str],
    purpose: str = AccessPurpose.CASEWORK,
) -> IdentityAccess:
    """Append the record of one read of identity or narrative fields (DESIGN.md §4)."""
    return IdentityAccess.objects.create(
        **_actor_fields(actor),
        object_type=obj._meta.label_lower,
        object_uuid=obj.uuid,  # type: ignore[attr-defined]
        fields=sorted(set(fields)),
        purpose=purpose,
        request_id=current_request_id.get(),
    )
