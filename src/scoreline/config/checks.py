"""Deployment checks of our own, shown by `scoreline check --deploy`."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_from_environment(app_configs, **kwargs):  # type: ignore[no-untyped-def]
    if settings.SECRET_KEY_FROM_ENV:
        return []
    return [
        Error(
            "SECRET_KEY is not set in the environment; the generated development key in var/ "
            "must not serve production.",
            hint="Set SECRET_KEY to a long random value.",
            id="scoreline.E001",
        )
    ]
