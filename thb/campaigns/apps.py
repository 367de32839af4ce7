from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "thb.campaigns"
    label = "campaigns"
    verbose_name = _("Awareness campaigns")

    def ready(self) -> None:
        from thb.core.demo import DEMO_EXTENSIONS
        from thb.core.roles import Perm
        from thb.core.staff_home import TILES, Tile

        from .demo import load_demo_campaign

        DEMO_EXTENSIONS.append(load_demo_campaign)

        TILES.append(
            Tile(
                Perm.MANAGE_CAMPAIGNS,
                _("Awareness campaigns"),
                _("Target groups, languages, materials, short links and QR codes, and what followed."),
                "campaigns:list",
            )
        )
