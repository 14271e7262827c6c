"""Loading the demo twice with the same seed and `--until` writes the same rows."""

from io import StringIO

import pytest
from django.core.management import call_command

from .digest import database_digest

UNTIL = "2026-11-27"
FAST_HASHING = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the demo hashes once a load


def load(seed: int, flush: bool) -> str:
    call_command(
        "demo",
        until=UNTIL,
        months=6,
        scale=0.02,
        seed=seed,
        flush=flush,
        verbosity=0,
        stdout=StringIO(),
    )
    return database_digest()


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_loads_the_same_rows_and_another_seed_does_not(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = FAST_HASHING
    first = load(seed=3, flush=False)
    assert load(seed=3, flush=True) == first
    assert load(seed=4, flush=True) != first
