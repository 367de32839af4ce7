from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertiseConfig(AppConfig):
    name = "thb.expertise"
    label = "expertise"
    verbose_name = _("Expertise network")

    def ready(self) -> None:
        from thb.core.panels import HOME_PANELS, RELATED_READING
        from thb.core.roles import Perm
        from thb.core.staff_home import TILES, Tile
        from thb.victims.panels import CASE_PANELS

        from .panels import case_panel, home_panel, reading_panel

        RELATED_READING.append(reading_panel)
        HOME_PANELS.append(home_panel)
        CASE_PANELS.append(case_panel)
        TILES.append(
            Tile(
                Perm.READ_EXPERTISE,
                _("Good-practice library"),
                _("Notes, documents and anonymised case studies of the expertise network, searchable."),
                "expertise:library",
            )
        )
        TILES.append(
            Tile(
                Perm.READ_EXPERTISE,
                _("Trainings"),
                _("Courses and sessions: register, attend, give feedback, get a certificate."),
                "expertise:trainings",
            )
        )
        TILES.append(
            Tile(
                Perm.READ_EXPERTISE,
                _("District coordination meetings"),
                _("Agendas with the district's figures, minutes, decisions and follow-up actions."),
                "expertise:meetings",
            )
        )
