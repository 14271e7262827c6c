"""The cast (see cast.py) as a fixture for every web test."""

from __future__ import annotations

import pytest

from scoreline.dealers.models import Dealer, Role
from scoreline.leads.models import LostReason, Source

from .cast import Cast, person


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:  # noqa: ANN001
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Pages cache reports and worklists; each test starts from what its own data says."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def cast(db: None) -> Cast:
    noord = Dealer.objects.create(name="Autohuis Noord", slug="noord")
    zuid = Dealer.objects.create(name="Garage Zuid", slug="zuid")
    return Cast(
        noord=noord,
        zuid=zuid,
        sanne=person("sanne", "Sanne", noord, Role.SALESPERSON),
        bram=person("bram", "Bram", noord, Role.SALESPERSON),
        marco=person("marco", "Marco", noord, Role.SALES_MANAGER),
        mila=person("mila", "Mila", noord, Role.MARKETING),
        dirk=person("dirk", "Dirk", noord, Role.DIRECTOR),
        olaf=person("olaf", "Olaf", zuid, Role.SALESPERSON),
        website=Source.objects.create(name="Website", slug="website"),
        no_interest=LostReason.objects.get_or_create(
            code="no-interest", defaults={"label": "No interest"}
        )[0],
        duplicate=LostReason.objects.update_or_create(
            code="duplicate", defaults={"label": "Duplicate", "needs_follow_up_standard": False}
        )[0],
    )
