from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "thb.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401  (register system checks and signal receivers)
