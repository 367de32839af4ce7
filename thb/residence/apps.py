from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidenceConfig(AppConfig):
    name = "thb.residence"
    label = "residence"
    verbose_name = _("Residence procedure")

    def ready(self) -> None:
        from thb.core.panels import HOME_PANELS
        from thb.core.roles import Perm
        from thb.core.staff_home import TILES, Tile
        from thb.victims.panels import CASE_PANELS

        from .panels import case_panel, home_panel

        if case_panel not in CASE_PANELS:
            CASE_PANELS.append(case_panel)
        if home_panel not in HOME_PANELS:
            HOME_PANELS.append(home_panel)
        for perm in (Perm.RECORD_RESIDENCE, Perm.ANSWER_RESIDENCE, Perm.MANAGE_CASES):
            TILES.append(
                Tile(
                    perm,
                    _("Residence procedures"),
                    _("Victims' residence documents, their expiry and the next actions, with their owners."),
                    "residence:list",
                )
            )
