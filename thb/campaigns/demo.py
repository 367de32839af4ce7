"""The demo's campaign (issue 9 §2): one campaign for domestic workers, made by the demo coordinator
through the service, so that its short links, QR codes and figures can be tried on day one. Idempotent."""

from __future__ import annotations

import datetime

from django.utils import timezone

from thb.core.models import Organisation, User

from .models import Campaign
from .services import campaign_save

DEMO_NAME = "Travail domestique : vous avez des droits"


def load_demo_campaign() -> str:
    existing = Campaign.objects.filter(name__fr=DEMO_NAME).first()
    if existing is not None:
        return f"Campaigns: the demo campaign exists ({existing.code})."
    coordinator = User.objects.get(username="demo-coordinator")
    today = timezone.localdate()
    campaign = campaign_save(
        actor=coordinator,
        data={
            "name": {
                "fr": DEMO_NAME,
                "nl": "Huishoudelijk werk: je hebt rechten",
                "de": "Hausarbeit: Sie haben Rechte",
                "en": "Domestic work: you have rights",
            },
            "message": {
                "fr": "Personne ne peut garder votre passeport. Appelez le numéro vert, dans votre langue.",
                "en": "Nobody may keep your passport. Call the free number, in your language.",
            },
            "target_groups": ["domestic_workers", "migrant_workers"],
            "sectors": ["domestic_work"],
            "languages": ["fr", "nl", "en", "tl", "ar", "ro"],
            "default_language": "fr",
            "channels": ["posters", "leaflets", "social_media", "outreach"],
            "departments": ["coordination_cell", "employment", "foreign_affairs"],
            "starts_on": today - datetime.timedelta(days=60),
            "ends_on": today + datetime.timedelta(days=120),
        },
        partners=list(Organisation.objects.filter(slug__in=["pag-asa", "payoke", "surya"])),
    )
    return f"Campaigns: demo campaign {campaign.code} (short link /c/{campaign.code})."
