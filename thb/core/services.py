"""Writes of core objects. Each service is keyword-only, atomic, and writes its audit row in the same
transaction (DESIGN.md §3.1)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from .audit import diff, record_change, snapshot
from .exceptions import PermissionDeniedError, ValidationFailedError
from .models import (
    ChannelKind,
    ContactChannel,
    JudicialDistrict,
    Organisation,
    OrganisationKind,
    Region,
    User,
)
from .roles import Perm, Role, has_perm

ORGANISATION_FIELDS = (
    "slug",
    "kind",
    "short_name",
    "name_fr",
    "name_nl",
    "name_de",
    "name_en",
    "national",
    "languages",
    "takes_referrals",
    "is_active",
    "notes",
)
USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "organisation",
    "is_active",
    "preferred_language",
    "is_demo",
)


def _require(actor: User | None, perm: Perm) -> None:
    """``actor`` None means the system itself (management commands run by an operator of the server)."""
    if actor is not None and not has_perm(actor, perm):
        raise PermissionDeniedError()


def _full_clean(obj: Any, **kwargs: Any) -> None:
    try:
        obj.full_clean(**kwargs)
    except ValidationError as exc:
        raise ValidationFailedError(
            "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        ) from exc


def organisation_save(
    *,
    slug: str,
    kind: str,
    names: dict[str, str],
    actor: User | None,
    districts: Sequence[str] = (),
    regions: Sequence[str] = (),
    channels: Iterable[dict[str, Any]] = (),
    **fields: Any,
) -> tuple[Organisation, bool]:
    """Create or update the organisation ``slug`` (idempotent: used by ``thb load-demo`` and the admin).

    Returns ``(organisation, created)``. Unknown district or region codes are refused, not ignored.
    """
    _require(actor, Perm.MANAGE_ORGANISATIONS)
    if kind not in OrganisationKind.values:
        raise ValidationFailedError(f"Unknown organisation kind: {kind}")
    district_objs = list(JudicialDistrict.objects.filter(code__in=districts))
    region_objs = list(Region.objects.filter(code__in=regions))
    missing = (set(districts) - {d.code for d in district_objs}) | (
        set(regions) - {r.code for r in region_objs}
    )
    if missing:
        raise ValidationFailedError(f"Unknown district or region codes: {', '.join(sorted(missing))}")
    with transaction.atomic():
        org = Organisation.objects.filter(slug=slug).first()
        created = org is None
        org = org or Organisation(slug=slug)
        before = snapshot(org, [*ORGANISATION_FIELDS, "judicial_districts", "regions"]) if not created else {}
        org.kind = kind
        for lang in ("fr", "nl", "de", "en"):
            setattr(org, f"name_{lang}", names.get(lang) or names.get("en") or names.get("fr") or "")
        for key, value in fields.items():
            if key not in ORGANISATION_FIELDS:
                raise ValidationFailedError(f"Unknown organisation field: {key}")
            setattr(org, key, value)
        _full_clean(org)
        org.save()
        org.judicial_districts.set(district_objs)
        org.regions.set(region_objs)
        for channel in channels:
            ContactChannel.objects.update_or_create(
                organisation=org,
                kind=ChannelKind(channel["kind"]),
                value=channel["value"],
                defaults={
                    "label": channel.get("label", ""),
                    "available_24_7": channel.get("available_24_7", False),
                },
            )
        after = snapshot(org, [*ORGANISATION_FIELDS, "judicial_districts", "regions"])
        changes = diff(before, after)
        if created or changes:
            record_change(
                actor=actor,
                action="organisation.create" if created else "organisation.update",
                obj=org,
                changes=changes,
            )
    return org, created


def user_save(
    *,
    username: str,
    organisation: Organisation,
    role: str,
    actor: User | None,
    password: str | None = None,
    **fields: Any,
) -> tuple[User, bool]:
    """Create or update a staff account. Administrators and supervisors manage their own organisation's
    users only; the system (actor None) may manage any. The password is validated, hashed with Argon2, and
    never written to the audit trail."""
    _require(actor, Perm.MANAGE_USERS)
    if actor is not None and actor.organisation_id != organisation.pk:
        raise PermissionDeniedError()
    if role not in Role.values:
        raise ValidationFailedError(f"Unknown role: {role}")
    if actor is not None and actor.role != Role.ADMIN and role in {Role.ADMIN, Role.AUDITOR}:
        raise PermissionDeniedError()
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        created = user is None
        user = user or User(username=username)
        before = snapshot(user, USER_FIELDS) if not created else {}
        user.organisation = organisation
        user.role = role
        for key, value in fields.items():
            if key not in USER_FIELDS:
                raise ValidationFailedError(f"Unknown user field: {key}")
            setattr(user, key, value)
        user.is_staff = role == Role.ADMIN  # Django admin for reference data (issue 2 §8)
        if password is not None:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise ValidationFailedError(" ".join(exc.messages)) from exc
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        _full_clean(user, exclude=["password"])
        user.save()
        changes = diff(before, snapshot(user, USER_FIELDS))
        if password is not None:
            changes["password"] = "[secret]"
        if created or changes:
            record_change(
                actor=actor, action="user.create" if created else "user.update", obj=user, changes=changes
            )
    return user, created
