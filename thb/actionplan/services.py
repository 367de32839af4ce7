"""Writes of action plans (issue 9 §1): progress updates with their evidence, which set the point's status.
Only the coordination cell's coordinators write (MANAGE_ACTION_PLAN); every update is audited."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thb.core.audit import record_change
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import User
from thb.core.roles import Perm, has_perm

from .figures import figure_of
from .models import ActionPoint, PointStatus, ProgressUpdate


def progress_add(
    *, point: ActionPoint, actor: User, status: str, note: str, evidence: str = ""
) -> ProgressUpdate:
    if not has_perm(actor, Perm.MANAGE_ACTION_PLAN):
        raise PermissionDeniedError()
    if status not in PointStatus.values:
        raise ValidationFailedError(_("Choose a status."), field="status")
    note = str(note or "").strip()
    if not note or len(note) > 4000:
        raise ValidationFailedError(_("Say what was done (at most 4,000 characters)."), field="note")
    evidence = " ".join(str(evidence or "").split())
    if len(evidence) > 500:
        raise ValidationFailedError(_("Keep the evidence under 500 characters."), field="evidence")
    with transaction.atomic():
        old = point.status
        update = ProgressUpdate.objects.create(
            point=point,
            status=status,
            note=note,
            evidence=evidence,
            figures=[list(line) for line in figure_of(point.figure)],
            author=actor,
        )
        point.status = status
        point.save(update_fields=["status", "updated_at"])
        record_change(
            actor=actor,
            action="actionplan.progress",
            obj=point,
            changes={"status": {"old": old, "new": status}, "evidence": evidence},
        )
    return update
