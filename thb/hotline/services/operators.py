"""Operators declare the languages they speak and plan their shifts (issue 3 §2, language routing): the
queue then shows who on duty speaks a contact's language. Supervisors plan anyone's shifts in their own
hotline. Every change is audited (DESIGN.md §3.1)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thb.core.audit import record_change
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import User
from thb.core.roles import Perm, has_perm

from ..models import OperatorLanguage, Shift
from .public_reports import clean_language

# A shift longer than this is a typing mistake (a wrong day), not a shift.
MAX_SHIFT = timedelta(hours=16)


def _may_plan_for(actor: User, user: User) -> None:
    """Operators plan their own shifts; supervisors those of the operators of their own hotline."""
    if not has_perm(actor, Perm.HANDLE_CONTACTS) or actor.organisation_id is None:
        raise PermissionDeniedError()
    if user.pk == actor.pk:
        return
    if not has_perm(actor, Perm.SUPERVISE_HOTLINE) or user.organisation_id != actor.organisation_id:
        raise PermissionDeniedError()
    if not has_perm(user, Perm.HANDLE_CONTACTS):
        raise ValidationFailedError(_("This person does not handle contacts."), field="user")


def operator_languages_set(*, actor: User, languages: Iterable[str]) -> list[str]:
    """Replace the languages the actor speaks (primary BCP 47 codes: ``ro``, ``ar``, ``zh``)."""
    _may_plan_for(actor, actor)
    codes: set[str] = set()
    for raw in languages:
        code = clean_language(str(raw).strip())
        if code:
            codes.add(code.split("-")[0])
    if len(codes) > 30:
        raise ValidationFailedError(_("Choose at most 30 languages."), field="languages")
    with transaction.atomic():
        before = set(OperatorLanguage.objects.filter(user=actor).values_list("language", flat=True))
        OperatorLanguage.objects.filter(user=actor).exclude(language__in=codes).delete()
        OperatorLanguage.objects.bulk_create(
            [OperatorLanguage(user=actor, language=code) for code in sorted(codes - before)]
        )
        if before != codes:
            record_change(
                actor=actor,
                action="hotline.operator_languages",
                obj=actor,
                changes={"languages": {"old": sorted(before), "new": sorted(codes)}},
            )
    return sorted(codes)


def shift_add(*, actor: User, user: User, starts_at: datetime, ends_at: datetime) -> Shift:
    """A shift of ``user``: it ends after it starts, lasts at most 16 hours, does not end in the past and
    does not overlap another shift of the same person (the queue would count them twice)."""
    _may_plan_for(actor, user)
    if ends_at <= starts_at:
        raise ValidationFailedError(_("A shift ends after it starts."), field="ends_at")
    if ends_at - starts_at > MAX_SHIFT:
        raise ValidationFailedError(_("A shift lasts at most 16 hours."), field="ends_at")
    if ends_at <= timezone.now():
        raise ValidationFailedError(_("This shift is already over."), field="ends_at")
    with transaction.atomic():
        # Lock the person's row so that two overlapping shifts cannot be added at the same moment.
        User.objects.select_for_update().filter(pk=user.pk).first()
        if Shift.objects.filter(user=user, starts_at__lt=ends_at, ends_at__gt=starts_at).exists():
            raise ValidationFailedError(_("This overlaps another shift."), field="starts_at")
        organisation = actor.organisation
        assert organisation is not None  # _may_plan_for: nobody without an organisation plans
        shift = Shift.objects.create(
            organisation=organisation, user=user, starts_at=starts_at, ends_at=ends_at
        )
        record_change(
            actor=actor,
            action="hotline.shift_add",
            obj=shift,
            changes={
                "user": {"old": None, "new": user.username},
                "starts_at": {"old": None, "new": starts_at.isoformat()},
                "ends_at": {"old": None, "new": ends_at.isoformat()},
            },
        )
    return shift


def shift_remove(*, actor: User, shift: Shift) -> None:
    """Cancel a shift that has not ended (the past stays as it was, for the supervision figures)."""
    _may_plan_for(actor, shift.user)
    if shift.organisation_id != actor.organisation_id:
        raise PermissionDeniedError()
    if shift.ends_at <= timezone.now():
        raise ValidationFailedError(_("This shift is already over."), field="shift")
    with transaction.atomic():
        record_change(
            actor=actor,
            action="hotline.shift_remove",
            obj=shift,
            changes={"starts_at": {"old": shift.starts_at.isoformat(), "new": None}},
        )
        shift.delete()
