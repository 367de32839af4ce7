"""One access function per object type (DESIGN.md §3.3): the same 404 for "missing" and "not yours"."""

from __future__ import annotations

from uuid import UUID

from .exceptions import NotFoundError
from .models import Organisation, User
from .selectors import organisation_list_visible_to


def access_organisation(user: User, organisation_uuid: UUID | str) -> Organisation:
    try:
        return organisation_list_visible_to(user=user).get(uuid=organisation_uuid)
    except (Organisation.DoesNotExist, ValueError) as exc:
        raise NotFoundError() from exc
