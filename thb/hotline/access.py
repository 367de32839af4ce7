"""One access function per object type (DESIGN.md §3.3): the same 404 for "missing" and "not yours"."""

from __future__ import annotations

from uuid import UUID

from thb.core.exceptions import NotFoundError
from thb.core.models import User

from .models import Contact
from .selectors import contact_list_visible_to


def access_contact(user: User, contact_uuid: UUID | str) -> Contact:
    try:
        return (
            contact_list_visible_to(user=user)
            .select_related("claimed_by", "judicial_district", "interpreter_service")
            .get(uuid=contact_uuid)
        )
    except (Contact.DoesNotExist, ValueError) as exc:
        raise NotFoundError() from exc
