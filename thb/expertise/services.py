"""Writes of the library (issue 10): items and their versions, publication, the second person's approval
of case studies, withdrawal, attachments. Every write is audited (DESIGN.md §3.1).

A note or a document is published by its organisation's contributors. A case study is published only when
a second person approves it (thb/expertise/selectors.py ``may_approve``): its author is too close to the
case to judge alone whether someone could be recognised. A new version of a published case study waits
for approval again, and readers keep the approved text meanwhile.
"""

from __future__ import annotations

from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thb.core.audit import record_change
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.files import check_upload
from thb.core.models import OrganisationKind, User
from thb.core.roles import Perm, has_perm
from thb.core.validation import clean_choices
from thb.hotline.models import Exploitation, Sector

from .models import (
    SEARCH_CONFIGS,
    ItemKind,
    ItemStatus,
    LibraryAttachment,
    LibraryItem,
    LibraryVersion,
    Theme,
    join_codes,
)
from .search import index_version
from .selectors import may_approve, may_edit

ATTACHMENT_KINDS = ("pdf", "png", "jpeg", "docx", "odt", "txt", "mp3", "mp4")


def _tags(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "themes": join_codes(clean_choices(data.get("themes"), Theme.values, field="themes", required=True)),
        "exploitation": clean_choices(data.get("exploitation"), Exploitation.values, field="exploitation"),
        "sectors": clean_choices(data.get("sectors"), Sector.values, field="sectors"),
        "audience": join_codes(
            clean_choices(data.get("audience"), OrganisationKind.values, field="audience")
        ),
    }


def _text(data: dict[str, Any]) -> dict[str, str]:
    title = " ".join(str(data.get("title") or "").split())
    if not title or len(title) > 200:
        raise ValidationFailedError(_("Give a title (at most 200 characters)."), field="title")
    summary = " ".join(str(data.get("summary") or "").split())
    if len(summary) > 500:
        raise ValidationFailedError(_("Keep the summary under 500 characters."), field="summary")
    body = str(data.get("body") or "").replace("\x00", "").strip()
    if not body or len(body) > 100_000:
        raise ValidationFailedError(_("Write the text (at most 100,000 characters)."), field="body")
    return {"title": title, "summary": summary, "body": body}


def _new_version(item: LibraryItem, actor: User, text: dict[str, str], note: str = "") -> LibraryVersion:
    latest = item.versions.order_by("-number").first()
    version = LibraryVersion.objects.create(
        item=item, number=(latest.number + 1) if latest else 1, author=actor, note=note[:300], **text
    )
    index_version(version)
    return version


def item_create(*, actor: User, kind: str, language: str, data: dict[str, Any]) -> LibraryItem:
    if not has_perm(actor, Perm.CONTRIBUTE_EXPERTISE):
        raise PermissionDeniedError()
    if kind not in ItemKind.values:
        raise ValidationFailedError(_("Unknown choice."), field="kind")
    if language not in SEARCH_CONFIGS:
        raise ValidationFailedError(_("Write in French, Dutch, German or English."), field="language")
    tags, text = _tags(data), _text(data)
    organisation = actor.organisation
    assert organisation is not None  # no permission without an organisation
    with transaction.atomic():
        item = LibraryItem.objects.create(
            organisation=organisation, kind=kind, language=language, created_by=actor, **tags
        )
        version = _new_version(item, actor, text)
        record_change(
            actor=actor,
            action="expertise.create",
            obj=item,
            changes={"kind": kind, "language": language, "version": version.number, **tags},
        )
    return item


def item_revise(*, actor: User, item: LibraryItem, data: dict[str, Any], note: str = "") -> LibraryVersion:
    """A new version of the text (and new tags). A published case study goes back to approval."""
    if not may_edit(actor, item):
        raise PermissionDeniedError()
    tags, text = _tags(data), _text(data)
    with transaction.atomic():
        item = LibraryItem.objects.select_for_update().get(pk=item.pk)
        version = _new_version(item, actor, text, note)
        for name, value in tags.items():
            setattr(item, name, value)
        if item.kind == ItemKind.CASE_STUDY and item.status == ItemStatus.PUBLISHED:
            item.status, item.approved_by = ItemStatus.AWAITING_APPROVAL, None
        item.save()
        record_change(
            actor=actor,
            action="expertise.revise",
            obj=item,
            changes={"version": version.number, "note": version.note, "status": item.status},
        )
    return version


def item_publish(*, actor: User, item: LibraryItem) -> LibraryItem:
    """Publish the latest version of a note or a document; a case study is submitted for approval."""
    if not may_edit(actor, item):
        raise PermissionDeniedError()
    with transaction.atomic():
        item = LibraryItem.objects.select_for_update().get(pk=item.pk)
        latest = item.versions.order_by("-number").first()
        assert latest is not None  # every item is created with its first version
        if item.kind == ItemKind.CASE_STUDY:
            if item.status == ItemStatus.AWAITING_APPROVAL:
                raise ValidationFailedError(_("This case study already waits for approval."), code="waiting")
            item.status = ItemStatus.AWAITING_APPROVAL
        else:
            item.status, item.published_version = ItemStatus.PUBLISHED, latest
        item.save()
        record_change(
            actor=actor,
            action="expertise.publish",
            obj=item,
            changes={"version": latest.number, "status": item.status},
        )
    return item


def item_approve(*, actor: User, item: LibraryItem) -> LibraryItem:
    """The second person publishes a case study's latest version."""
    if not may_approve(actor, item):
        raise PermissionDeniedError()
    with transaction.atomic():
        item = LibraryItem.objects.select_for_update().get(pk=item.pk)
        latest = item.versions.order_by("-number").first()
        assert latest is not None
        item.status, item.published_version, item.approved_by = ItemStatus.PUBLISHED, latest, actor
        item.save()
        record_change(actor=actor, action="expertise.approve", obj=item, changes={"version": latest.number})
    return item


def item_withdraw(*, actor: User, item: LibraryItem, reason: str) -> LibraryItem:
    if not may_edit(actor, item):
        raise PermissionDeniedError()
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise ValidationFailedError(_("Say why."), field="reason")
    with transaction.atomic():
        item = LibraryItem.objects.select_for_update().get(pk=item.pk)
        item.status = ItemStatus.WITHDRAWN
        item.save(update_fields=["status", "updated_at"])
        record_change(actor=actor, action="expertise.withdraw", obj=item, reason=reason[:2000])
    return item


def stored_file_fields(upload: IO[bytes], filename: str, actor: User) -> dict[str, Any]:
    """The fields of a ``StoredFile`` for an upload checked on its bytes and its size
    (``THB_LIBRARY_ATTACHMENT_MAX_MB``; thb/core/files.py). Raises ``ValidationFailedError(field="file")``."""
    checked = check_upload(
        upload,
        name=filename,
        allowed=ATTACHMENT_KINDS,
        max_bytes=settings.THB_LIBRARY_ATTACHMENT_MAX_MB * 1_000_000,
    )
    return {
        "filename": checked.name,
        "content_type": checked.content_type,
        "size": checked.size,
        "data": checked.data,
        "added_by": actor,
    }


def attachment_add(*, actor: User, item: LibraryItem, upload: IO[bytes], filename: str) -> LibraryAttachment:
    """A file attached to an item, served only as a download."""
    if not may_edit(actor, item):
        raise PermissionDeniedError()
    fields = stored_file_fields(upload, filename, actor)
    with transaction.atomic():
        attachment = LibraryAttachment.objects.create(item=item, **fields)
        record_change(
            actor=actor,
            action="expertise.attachment_add",
            obj=item,
            changes={
                "attachment": str(attachment.uuid),
                "file": attachment.filename,
                "size": attachment.size,
            },
        )
    return attachment


def attachment_remove(*, actor: User, attachment: LibraryAttachment) -> None:
    if not may_edit(actor, attachment.item):
        raise PermissionDeniedError()
    with transaction.atomic():
        record_change(
            actor=actor,
            action="expertise.attachment_remove",
            obj=attachment.item,
            changes={"attachment": str(attachment.uuid), "file": attachment.filename},
        )
        attachment.delete()
