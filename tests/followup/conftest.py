"""Fixtures of the follow-up tests: the cast held to Noord's standard, frozen time, English,
local mail."""

from collections.abc import Iterator

import pytest
import time_machine
from cast import Cast
from django.core import mail

from followup.clock import MONDAY_10, held_to_the_standard


@pytest.fixture
def cast(cast: Cast) -> Cast:
    """The cast (tests/cast.py), Noord with its follow-up standard saved."""
    return held_to_the_standard(cast)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    """Frozen time, starting on Monday 10 March 2025 at 10:00 in Amsterdam; move it with
    `clock.move_to(...)`."""
    with time_machine.travel(MONDAY_10, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _english_and_local_mail(settings: pytest.FixtureRequest) -> None:
    settings.LANGUAGE_CODE = "en"  # type: ignore[attr-defined]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]
    mail.outbox = []
