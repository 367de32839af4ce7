from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VictimsConfig(AppConfig):
    name = "thb.victims"
    label = "victims"
    verbose_name = _("Victim cases")

    def ready(self) -> None:
        from thb.core.roles import Perm
        from thb.core.staff_home import TILES, Tile
        from thb.dispatch.services.referrals import REFERRAL_HOOKS

        from .dispatching import follow_case_referral

        if follow_case_referral not in REFERRAL_HOOKS:
            REFERRAL_HOOKS.append(follow_case_referral)

        TILES.append(
            Tile(
                Perm.MANAGE_PROCEDURES,
                _("Hearing guides"),
                _("The structured hearing guides, versioned: read them and write a new version."),
                "victims:guides",
            )
        )
        for perm in (Perm.MANAGE_CASES, Perm.RECEIVE_REFERRALS):
            TILES.append(
                Tile(
                    perm,
                    _("Victim cases"),
                    _("Cases your organisation takes part in: identification, status, timeline."),
                    "victims:cases",
                )
            )
