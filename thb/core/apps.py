from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "thb.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.conf.locale import LANG_INFO

        from . import checks, signals  # noqa: F401  (register system checks and signal receivers)

        # Tagalog is a public language (DESIGN.md §5) that Django's locale table does not list.
        LANG_INFO.setdefault("tl", {"bidi": False, "code": "tl", "name": "Tagalog", "name_local": "Tagalog"})
