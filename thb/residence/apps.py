from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidenceConfig(AppConfig):
    name = "thb.residence"
    label = "residence"
    verbose_name = _("Residence procedure")
