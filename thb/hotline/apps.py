from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "thb.hotline"
    label = "hotline"
    verbose_name = _("Hotline")

    def ready(self) -> None:
        from thb.core.roles import Perm
        from thb.core.staff_home import TILES, Tile

        TILES[:0] = [
            Tile(
                Perm.HANDLE_CONTACTS,
                _("Hotline queue"),
                _("New web reports, reporters' messages and calls to return; log a call."),
                "hotline-console:queue",
            ),
            Tile(
                Perm.SUPERVISE_HOTLINE,
                _("Hotline supervision"),
                _("Queue ages and each operator's load."),
                "hotline-console:supervision",
            ),
        ]
