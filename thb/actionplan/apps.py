from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPlanConfig(AppConfig):
    name = "thb.actionplan"
    label = "actionplan"
    verbose_name = _("Action plans")

    def ready(self) -> None:
        from thb.core.roles import Perm
        from thb.core.staff_home import TILES, Tile

        TILES.append(
            Tile(
                Perm.MANAGE_ACTION_PLAN,
                _("Action plans"),
                _("Action points, who is responsible, deadlines, progress with evidence, live figures."),
                "actionplan:dashboard",
            )
        )
