import pytest
from django.utils import translation
from security.cast import Cast, build_cast


@pytest.fixture(autouse=True)
def _fast_passwords_and_english(settings) -> None:  # type: ignore[no-untyped-def]
    """Cheap hashing (the cast has seven people) and English messages to assert on."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"
    translation.activate("en")


@pytest.fixture
def cast(db: None) -> Cast:
    return build_cast()
