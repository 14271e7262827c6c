from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "scoreline.planning"
    verbose_name = _("Plan and pace")
