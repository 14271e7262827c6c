"""Project-wide test setup: plain static storage, fast password hashing, a private cache,
and, when SCORELINE_TEST_NOW is set, the whole run on another day.

CI runs the suite again under a few awkward moments (a month's first hour, the 25th, New
Year's Eve, a DST change): a test that reads the wall clock where it should take `as_of`
fails there, not on the day the calendar happens to turn.
"""

import os
from collections.abc import Iterator
from datetime import datetime

import pytest
import time_machine
from cast import Cast, build_cast
from django.test.utils import override_settings


@pytest.fixture(autouse=True, scope="session")
def _test_now() -> Iterator[None]:
    moment = os.environ.get("SCORELINE_TEST_NOW")
    if not moment:
        yield
        return
    with time_machine.travel(datetime.fromisoformat(moment), tick=True):
        yield


@pytest.fixture(autouse=True, scope="session")
def _test_settings() -> Iterator[None]:
    # override_settings (not plain assignment) so that storages and caches already built
    # during collection are rebuilt from these values.
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        # Each test process its own memory cache: parallel runs must not share login counters.
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    ):
        yield


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def cast(db: None) -> Cast:
    """The one cast (tests/cast.py): the same people with the same names in every area."""
    return build_cast()
