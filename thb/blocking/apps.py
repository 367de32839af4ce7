from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlockingConfig(AppConfig):
    name = "thb.blocking"
    label = "blocking"
    verbose_name = _("Blocking of child sexual abuse websites")

    def ready(self) -> None:
        from thb.core.demo import DEMO_EXTENSIONS

        from .demo import load_demo_release

        DEMO_EXTENSIONS.append(load_demo_release)
