from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChildProtectionConfig(AppConfig):
    name = "thb.childprotection"
    label = "childprotection"
    verbose_name = _("Children's travel documents")

    def ready(self) -> None:
        from thb.core.roles import Perm
        from thb.core.staff_home import TILES, Tile

        TILES.append(
            Tile(
                Perm.RECORD_TRAVEL_DOCUMENTS,
                _("Children's travel documents"),
                _("Record identity documents, passports, travel authorisations and losses; see the alerts."),
                "childprotection:home",
            )
        )
        TILES.append(
            Tile(
                Perm.CONFIGURE_TRAVEL_RULES,
                _("Alerts on children's travel"),
                _("The detection rules of the directive, their parameters, and how many alerts they raised."),
                "childprotection:rules",
            )
        )
