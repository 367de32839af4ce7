from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlockingConfig(AppConfig):
    name = "thb.blocking"
    label = "blocking"
    verbose_name = _("Blocking of child sexual abuse websites")
