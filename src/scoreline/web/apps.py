from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "scoreline.web"
    verbose_name = _("Pages")

    def ready(self) -> None:
        # The pages' cached figures register their recipes on import (freshness.figure), so
        # the worker can refresh them without a page being asked for first.
        from scoreline.web import pace, queue, reports, worklists  # noqa: F401
