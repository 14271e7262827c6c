from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealersConfig(AppConfig):
    name = "scoreline.dealers"
    verbose_name = _("Dealers and people")
