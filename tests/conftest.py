"""Project-wide test setup: plain static storage (no collectstatic manifest needed)."""

import pytest


@pytest.fixture(autouse=True, scope="session")
def _plain_static_storage() -> None:
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
