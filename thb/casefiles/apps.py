from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseFilesConfig(AppConfig):
    name = "thb.casefiles"
    label = "casefiles"
    verbose_name = _("Police case files")

    def ready(self) -> None:
        from thb.core.roles import Perm
        from thb.core.staff_home import TILES, Tile

        TILES.append(
            Tile(
                Perm.READ_CASE_FILES,
                _("Police case files"),
                _("The structured case file of an investigation: sections, what is missing, export."),
                "casefiles:list",
            )
        )
