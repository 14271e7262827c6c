import pytest
from cast import Cast
from django.utils import translation
from security.seeded import SeededCast, seed


@pytest.fixture(autouse=True)
def _fast_passwords_and_english(settings) -> None:  # type: ignore[no-untyped-def]
    """Cheap hashing (the cast has twelve people) and English messages to assert on."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"
    translation.activate("en")


@pytest.fixture
def cast(cast: Cast) -> SeededCast:
    """The cast (tests/cast.py) with Noord's and Zuid's leads and the API tokens."""
    return seed(cast)
