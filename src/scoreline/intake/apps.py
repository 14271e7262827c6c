from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "scoreline.intake"
    verbose_name = _("Lead intake")
