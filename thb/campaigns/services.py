"""Writes of campaigns (issue 9 §2): a campaign and its materials, written by the coordination cell
(``MANAGE_CAMPAIGNS``) and audited; the counter of the short link, written by anyone who opens it."""

from __future__ import annotations

import datetime
from typing import IO, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thb.core.audit import diff, record_change, snapshot
from thb.core.departments import DEPARTMENTS
from thb.core.exceptions import PermissionDeniedError, ValidationFailedError
from thb.core.files import check_upload
from thb.core.i18n import clean_texts
from thb.core.models import Organisation, User
from thb.core.references import random_code
from thb.core.roles import Perm, has_perm
from thb.core.validation import clean_choices
from thb.hotline.models import Sector

from .models import Campaign, CampaignChannel, CampaignMaterial, CampaignVisit, MaterialKind, TargetGroup

MATERIAL_KINDS = ("pdf", "png", "jpeg", "mp3", "mp4", "docx", "odt", "txt")
_AUDITED = (
    "name",
    "message",
    "target_groups",
    "sectors",
    "languages",
    "default_language",
    "channels",
    "departments",
    "starts_on",
    "ends_on",
)


def public_language_codes() -> list[str]:
    return [code for code, _name in settings.PUBLIC_LANGUAGES]


def _require_manager(actor: User) -> None:
    if not has_perm(actor, Perm.MANAGE_CAMPAIGNS):
        raise PermissionDeniedError()


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    languages = clean_choices(
        data.get("languages", []), public_language_codes(), field="languages", required=True
    )
    default_language = data.get("default_language") or languages[0]
    if default_language not in languages:
        raise ValidationFailedError(
            _("The main language must be one of the campaign's."), field="default_language"
        )
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if not isinstance(starts_on, datetime.date) or not isinstance(ends_on, datetime.date):
        raise ValidationFailedError(_("Give the period."), field="starts_on")
    if ends_on < starts_on:
        raise ValidationFailedError(_("The campaign cannot end before it starts."), field="ends_on")
    return {
        "name": clean_texts(data.get("name", {}), field="name", limit=200, required=True),
        "message": clean_texts(data.get("message", {}), field="message", limit=2000, required=False),
        "target_groups": clean_choices(
            data.get("target_groups", []), TargetGroup.values, field="target_groups", required=True
        ),
        "sectors": clean_choices(data.get("sectors", []), Sector.values, field="sectors", required=False),
        "languages": languages,
        "default_language": default_language,
        "channels": clean_choices(
            data.get("channels", []), CampaignChannel.values, field="channels", required=True
        ),
        "departments": clean_choices(
            data.get("departments", []), list(DEPARTMENTS), field="departments", required=False
        ),
        "starts_on": starts_on,
        "ends_on": ends_on,
    }


def _new_code() -> str:
    while True:
        code = random_code(6)
        if not Campaign.objects.filter(code=code).exists():
            return code


def campaign_save(
    *,
    actor: User,
    data: dict[str, Any],
    partners: list[Organisation] | None = None,
    campaign: Campaign | None = None,
) -> Campaign:
    """Create a campaign (with a new code) or change one; the code never changes once printed."""
    _require_manager(actor)
    cleaned = _clean(data)
    with transaction.atomic():
        if campaign is None:
            before: dict[str, Any] = {}
            organisation = actor.organisation
            assert organisation is not None  # no permission without an organisation (core/roles.py)
            campaign = Campaign.objects.create(
                organisation=organisation, code=_new_code(), created_by=actor, **cleaned
            )
            action = "campaign.create"
        else:
            campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
            before = snapshot(campaign, _AUDITED)
            for name, value in cleaned.items():
                setattr(campaign, name, value)
            campaign.save()
            action = "campaign.update"
        if partners is not None:
            campaign.partners.set(partners)
        changes = diff(before, snapshot(campaign, _AUDITED))
        if partners is not None:
            changes["partners"] = sorted(org.slug for org in partners)
        record_change(actor=actor, action=action, obj=campaign, changes=changes)
    return campaign


def material_add(
    *, actor: User, campaign: Campaign, language: str, kind: str, title: str, upload: IO[bytes], filename: str
) -> CampaignMaterial:
    """Add a file in one of the campaign's languages. Its type is checked on its bytes, its size against
    ``THB_CAMPAIGN_MATERIAL_MAX_MB`` (thb/core/files.py)."""
    _require_manager(actor)
    if language not in campaign.languages:
        raise ValidationFailedError(_("Choose one of the campaign's languages."), field="language")
    if kind not in MaterialKind.values:
        raise ValidationFailedError(_("Unknown choice."), field="kind")
    title = " ".join(str(title or "").split())
    if not title or len(title) > 200:
        raise ValidationFailedError(_("Give a title (at most 200 characters)."), field="title")
    checked = check_upload(
        upload,
        name=filename,
        allowed=MATERIAL_KINDS,
        max_bytes=settings.THB_CAMPAIGN_MATERIAL_MAX_MB * 1_000_000,
    )
    with transaction.atomic():
        material = CampaignMaterial.objects.create(
            campaign=campaign,
            language=language,
            kind=kind,
            title=title,
            filename=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            data=checked.data,
            uploaded_by=actor,
        )
        record_change(
            actor=actor,
            action="campaign.material_add",
            obj=campaign,
            changes={
                "material": str(material.uuid),
                "file": checked.name,
                "size": checked.size,
                "language": language,
            },
        )
    return material


def material_remove(*, actor: User, material: CampaignMaterial) -> None:
    _require_manager(actor)
    with transaction.atomic():
        record_change(
            actor=actor,
            action="campaign.material_remove",
            obj=material.campaign,
            changes={"material": str(material.uuid), "file": material.filename},
        )
        material.delete()


def visit_count(*, campaign: Campaign, language: str) -> None:
    """Count one opening of the short link: today's counter for the language goes up by one."""
    day = timezone.localdate()
    updated = CampaignVisit.objects.filter(campaign=campaign, day=day, language=language).update(
        count=F("count") + 1
    )
    if updated:
        return
    try:
        with transaction.atomic():
            CampaignVisit.objects.create(campaign=campaign, day=day, language=language, count=1)
    except IntegrityError:  # another request created today's row first
        CampaignVisit.objects.filter(campaign=campaign, day=day, language=language).update(
            count=F("count") + 1
        )
