from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """Project-wide commands (serve) and deployment checks."""

    name = "scoreline.config"
    label = "scoreline_config"
    verbose_name = "Scoreline"

    def ready(self) -> None:
        from scoreline.config import checks  # noqa: F401  (registers the checks)
