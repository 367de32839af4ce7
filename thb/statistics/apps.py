from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "thb.statistics"
    label = "statistics"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from thb.core.roles import Perm
        from thb.core.staff_home import TILES, Tile

        TILES.append(
            Tile(
                Perm.VIEW_STATISTICS,
                _("Statistics"),
                _("Contacts, referrals, victims, residence, the blocking list; exports for Myria."),
                "statistics:dashboard",
            )
        )
