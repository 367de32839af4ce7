from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestigationsConfig(AppConfig):
    name = "thb.investigations"
    label = "investigations"
    verbose_name = _("Investigations")

    def ready(self) -> None:
        from thb.casefiles.autofill import PROVIDERS
        from thb.core.demo import DEMO_EXTENSIONS
        from thb.core.roles import Perm
        from thb.core.staff_home import TILES, Tile

        from .casefile_feed import investigations_for_case_file
        from .demo import load_demo_investigation

        PROVIDERS.append(investigations_for_case_file)
        DEMO_EXTENSIONS.append(load_demo_investigation)

        description = _("Perpetrator networks: imported records, entities with their sources, matching.")
        TILES.append(Tile(Perm.INVESTIGATE, _("Investigations"), description, "investigations:list"))
        TILES.append(Tile(Perm.AUTHORISE_SHARING, _("Investigations"), description, "investigations:list"))
