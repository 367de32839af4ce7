from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "thb.dispatch"
    label = "dispatch"
    verbose_name = _("Dispatch")

    def ready(self) -> None:
        from thb.core.roles import Perm
        from thb.core.staff_home import TILES, Tile
        from thb.hotline.panels import CONTACT_PANELS

        from .views_referrals import contact_panel

        TILES[:0] = [
            Tile(
                Perm.RECEIVE_REFERRALS,
                _("Referrals received"),
                _("Signals the hotline passed to your organisation: acknowledge, accept or decline, report."),
                "dispatch:inbox",
            )
        ]
        TILES.append(
            Tile(
                Perm.MANAGE_PROCEDURES,
                _("Dispatch procedures"),
                _("Write, review, approve and activate the rules that pass signals to partners."),
                "dispatch:procedure-list",
            )
        )
        for perm in (Perm.SUPERVISE_HOTLINE, Perm.MANAGE_PROCEDURES):
            TILES.append(
                Tile(
                    perm,
                    _("Overdue referrals"),
                    _("Referrals past their acknowledgement deadline; time to acknowledge per partner."),
                    "dispatch:overdue",
                )
            )
        CONTACT_PANELS.append(contact_panel)
