"""Web tests: cheap passwords and an empty cache; the cast is tests/cast.py's."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:  # noqa: ANN001
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Pages cache reports and worklists; each test starts from what its own data says."""
    from django.core.cache import cache

    cache.clear()
