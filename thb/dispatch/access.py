"""One access function per object type (DESIGN.md §3.3): the same 404 for "missing" and "not yours"."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError

from thb.core.exceptions import NotFoundError
from thb.core.models import User

from .models import Referral
from .selectors import referral_inbox_for


def access_referral(user: User, referral_uuid: UUID | str) -> Referral:
    """A referral addressed to the user's organisation (partners); nobody else reaches it this way."""
    try:
        return (
            referral_inbox_for(user=user)
            .select_related("organisation", "source_organisation")
            .get(uuid=referral_uuid)
        )
    except (Referral.DoesNotExist, ValueError, ValidationError) as exc:
        raise NotFoundError() from exc
