"""Reads of case files, each taking the user (DESIGN.md §3.2). Investigators of the owning service write
and read; magistrates of the office directing the investigation read ("Magistrates read it; investigators
write it", issue 6 §4). Anyone else gets the same 404 as for a missing file (DESIGN.md §3.3)."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from thb.core.exceptions import NotFoundError
from thb.core.models import User
from thb.core.roles import Perm, has_perm

from .models import CaseFile


def case_files_visible_to(*, user: User) -> QuerySet[CaseFile]:
    if user.organisation_id is None or not has_perm(user, Perm.READ_CASE_FILES):
        return CaseFile.objects.none()
    return CaseFile.objects.filter(
        Q(organisation_id=user.organisation_id) | Q(magistrate_office_id=user.organisation_id)
    )


def may_write(user: User, case_file: CaseFile) -> bool:
    return has_perm(user, Perm.WRITE_CASE_FILES) and case_file.organisation_id == user.organisation_id


def access_case_file(user: User, file_uuid: UUID | str, *, write: bool = False) -> CaseFile:
    try:
        case_file = (
            case_files_visible_to(user=user)
            .select_related("organisation", "magistrate_office")
            .get(uuid=file_uuid)
        )
    except (CaseFile.DoesNotExist, ValueError, ValidationError) as exc:
        raise NotFoundError() from exc
    if write and not may_write(user, case_file):
        raise NotFoundError()
    return case_file
