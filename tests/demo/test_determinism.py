"""Loading the demo twice with the same seed and `--until` writes the same rows, its plans
and pace warnings included, and says how many of those it wrote."""

from io import StringIO

import pytest
from django.core.management import call_command

from scoreline.followup.models import Notification, NotificationKind
from scoreline.planning.models import PaceCheck, PaceWarning, Plan, PlanLine

from .digest import database_digest

UNTIL = "2026-11-27"
FAST_HASHING = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the demo hashes once a load


def load(seed: int, flush: bool, out: StringIO | None = None) -> str:
    call_command(
        "demo",
        until=UNTIL,
        months=6,
        scale=0.02,
        seed=seed,
        flush=flush,
        verbosity=0,
        stdout=out or StringIO(),
    )
    return database_digest()


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_loads_the_same_rows_and_another_seed_does_not(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = FAST_HASHING
    out = StringIO()
    first = load(seed=3, flush=False, out=out)
    plans, warnings = Plan.objects.count(), PaceWarning.objects.count()
    assert plans > 0 and PaceCheck.objects.exists()
    assert Notification.objects.filter(kind=NotificationKind.PACE).count() == warnings > 0
    assert f"{plans} plans saved, {warnings} pace warnings raised." in out.getvalue()
    assert load(seed=3, flush=True) == first
    assert load(seed=4, flush=True) != first


@pytest.mark.django_db(transaction=True)
def test_the_digest_sees_a_changed_plan_line_and_a_read_pace_warning(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = FAST_HASHING
    loaded = load(seed=3, flush=False)
    line = PlanLine.objects.order_by("pk").last()
    assert line is not None
    PlanLine.objects.filter(pk=line.pk).update(leads=line.leads + 1)
    replanned = database_digest()
    assert replanned != loaded
    note = Notification.objects.filter(kind=NotificationKind.PACE).first()
    assert note is not None
    Notification.objects.filter(pk=note.pk).update(read_at=note.created_at)
    assert database_digest() != replanned
