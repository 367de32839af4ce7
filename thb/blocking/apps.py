from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlockingConfig(AppConfig):
    name = "thb.blocking"
    label = "blocking"
    verbose_name = _("Blocking of child sexual abuse websites")

    def ready(self) -> None:
        from thb.core.demo import DEMO_EXTENSIONS
        from thb.core.roles import Perm
        from thb.core.staff_home import TILES, Tile

        from .demo import load_demo_release

        DEMO_EXTENSIONS.append(load_demo_release)
        TILES.append(
            Tile(
                Perm.DOWNLOAD_BLOCKLIST,
                _("Blocking list for your resolvers"),
                _("Download and verify the signed releases; confirm their deployment."),
                "blocking:isp",
            )
        )
        for perm in (Perm.EDIT_BLOCKLIST, Perm.APPROVE_BLOCKS):
            TILES.append(
                Tile(
                    perm,
                    _("Blocking list"),
                    _("Domains with child abuse material: four eyes, the magistrate's order, releases."),
                    "blocking:entries",
                )
            )
