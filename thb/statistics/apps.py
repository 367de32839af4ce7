from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "thb.statistics"
    label = "statistics"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from thb.core.demo import DEMO_EXTENSIONS
        from thb.core.roles import Perm
        from thb.core.staff_home import TILES, Tile

        from .demo import load_demo_history

        # After the demo campaign (campaigns comes first in INSTALLED_APPS): its code is on some contacts.
        DEMO_EXTENSIONS.append(load_demo_history)

        TILES.append(
            Tile(
                Perm.VIEW_STATISTICS,
                _("Statistics"),
                _("Contacts, referrals, victims, residence, the blocking list; exports for Myria."),
                "statistics:dashboard",
            )
        )
