"""The protected-domains allow-list and the shared platforms (issue 5 §1 safety gates), edited in the
platform: officers add; only a magistrate removes a protected domain (removing one weakens the gate that
stopped Denmark's 2012 error). Audited."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from thb.core.audit import record_change
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.models import User
from thb.core.roles import Perm, has_perm

from ..domains import DomainInputError, normalise_domain
from ..models import ProtectedDomain, SharedPlatform


def _clean(domain: str) -> str:
    """Protected names may be public suffixes themselves (``gov.be``-like): accept them, still checked."""
    try:
        return normalise_domain(domain).ascii
    except DomainInputError as error:
        if "public suffix" in str(error.message):
            return domain.strip().lower().rstrip(".")
        raise


def protected_domain_add(*, actor: User, domain: str, reason: str) -> ProtectedDomain:
    if not (has_perm(actor, Perm.EDIT_BLOCKLIST) or has_perm(actor, Perm.APPROVE_BLOCKS)):
        raise PermissionDeniedError()
    name = _clean(domain)
    try:
        with transaction.atomic():
            protected = ProtectedDomain.objects.create(domain=name, reason=reason.strip()[:200])
            record_change(
                actor=actor,
                action="blocking.protected.add",
                obj=protected,
                changes={"domain": {"old": None, "new": name}},
            )
    except IntegrityError as exc:
        raise ValidationFailedError(_("This domain is protected already."), field="domain") from exc
    return protected


def protected_domain_remove(*, actor: User, protected: ProtectedDomain, reason: str) -> None:
    if not has_perm(actor, Perm.APPROVE_BLOCKS):
        raise PermissionDeniedError(_("Only a magistrate removes a protected domain."))
    if not reason.strip():
        raise ValidationFailedError(_("Say why."), field="reason")
    with transaction.atomic():
        record_change(
            actor=actor,
            action="blocking.protected.remove",
            obj=protected,
            changes={"domain": {"old": protected.domain, "new": None}},
            reason=reason.strip(),
        )
        protected.delete()


def shared_platform_add(*, actor: User, domain: str) -> SharedPlatform:
    if not has_perm(actor, Perm.EDIT_BLOCKLIST):
        raise PermissionDeniedError()
    name = _clean(domain)
    platform, created = SharedPlatform.objects.get_or_create(domain=name)
    if created:
        record_change(
            actor=actor,
            action="blocking.platform.add",
            obj=platform,
            changes={"domain": {"old": None, "new": name}},
        )
    return platform
