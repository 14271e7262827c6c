"""The pages' figures: the first reader computes, later readers get the cached value, and the
worker recomputes the figures in use when the dealer's leads change or the figures age."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime

import pytest
from cast import Cast, make_lead
from django.utils import timezone

from scoreline.dealers.models import Dealer
from scoreline.followup.actions import log_activity
from scoreline.web import freshness

FRESH = 300


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [1_000_000.0]
    monkeypatch.setattr(freshness.time, "time", lambda: now[0])
    return now


@pytest.fixture
def counted() -> Iterator[list[int]]:
    """A registered figure that counts its computations per dealer."""
    calls: list[int] = []

    def recipe(dealer: Dealer, now: datetime, extra: str = "") -> str:
        calls.append(dealer.pk)
        return f"{dealer.slug}{extra}#{len(calls)}"

    freshness.figure("t:counted", fresh_seconds=FRESH)(recipe)
    yield calls
    del freshness.FIGURES["t:counted"]


def test_the_first_reader_computes_and_the_next_one_reads_the_cache(
    cast: Cast, counted: list[int]
) -> None:
    now = timezone.now()
    assert freshness.read("t:counted", cast.noord, now) == "noord#1"
    assert freshness.read("t:counted", cast.noord, now) == "noord#1"
    assert freshness.read("t:counted", cast.noord, now, "-x") == "noord-x#2"  # its own params
    assert counted == [cast.noord.pk, cast.noord.pk]


def test_the_worker_refreshes_a_dealers_figures_when_its_leads_change(
    cast: Cast, counted: list[int], _clock: list[float]
) -> None:
    now = timezone.now()
    freshness.read("t:counted", cast.noord, now)
    freshness.read("t:counted", cast.zuid, now)
    assert freshness.refresh_due(now) == 0  # nothing changed, nothing aged
    lead = make_lead(cast)
    _clock[0] += freshness.MIN_SECONDS
    assert freshness.refresh_due(now) == 1
    assert freshness.read("t:counted", cast.noord, now) == "noord#3"
    assert freshness.read("t:counted", cast.zuid, now) == "zuid#2"  # the other dealer: as it was
    _clock[0] += freshness.MIN_SECONDS
    log_activity(lead, "call", by=cast.sanne, at=now, outcome="reached")
    assert freshness.refresh_due(now) == 1
    assert freshness.read("t:counted", cast.noord, now) == "noord#4"


def test_a_change_is_refreshed_no_more_often_than_the_minimum_interval(
    cast: Cast, counted: list[int], _clock: list[float]
) -> None:
    now = timezone.now()
    freshness.read("t:counted", cast.noord, now)
    freshness.refresh_due(now)  # the worker's first round: what exists is not a change
    make_lead(cast)
    assert freshness.refresh_due(now) == 0  # the figure is seconds old: the change waits
    _clock[0] += freshness.MIN_SECONDS
    assert freshness.refresh_due(now) == 1  # and is not lost


def test_the_worker_refreshes_aged_figures_and_drops_unread_ones(
    cast: Cast, counted: list[int], _clock: list[float]
) -> None:
    now = timezone.now()
    freshness.read("t:counted", cast.noord, now)
    _clock[0] += FRESH + 1
    assert freshness.refresh_due(now) == 1
    _clock[0] += freshness.UNUSED_SECONDS + 1
    assert freshness.refresh_due(now) == 0  # nobody read it for a day
    assert freshness.read("t:counted", cast.noord, now) == "noord#2"  # still cached


def test_without_a_worker_a_late_figure_is_refreshed_behind_the_reader(
    cast: Cast, counted: list[int], _clock: list[float]
) -> None:
    now = timezone.now()
    release = threading.Event()
    slow = freshness.FIGURES["t:counted"].recipe

    def waiting(dealer: Dealer, now: datetime) -> str:
        release.wait(5)
        return str(slow(dealer, now))

    assert freshness.read("t:counted", cast.noord, now) == "noord#1"
    freshness.figure("t:counted", fresh_seconds=FRESH)(waiting)
    _clock[0] += FRESH + 1
    assert freshness.read("t:counted", cast.noord, now) == "noord#1"  # the worker's job
    _clock[0] += freshness.WORKER_GRACE
    assert freshness.read("t:counted", cast.noord, now) == "noord#1"  # late: refresh started
    assert freshness.read("t:counted", cast.noord, now) == "noord#1"  # no second refresh
    release.set()
    lock = freshness._lock(f"figures:t:counted:{cast.noord.pk}")
    assert lock.acquire(timeout=5)  # the refresh has finished
    lock.release()
    assert freshness.read("t:counted", cast.noord, now) == "noord#2"


def test_forget_drops_the_named_figures_of_one_dealer(cast: Cast, counted: list[int]) -> None:
    now = timezone.now()
    freshness.read("t:counted", cast.noord, now)
    freshness.read("t:counted", cast.zuid, now)
    freshness.forget(cast.noord.pk, "t:other")
    assert freshness.read("t:counted", cast.noord, now) == "noord#1"
    freshness.forget(cast.noord.pk, "t:counted")
    assert freshness.read("t:counted", cast.noord, now) == "noord#3"
    assert freshness.read("t:counted", cast.zuid, now) == "zuid#2"


def test_the_worker_round_refreshes_the_pages_figures(cast: Cast, counted: list[int]) -> None:
    from scoreline.worker.loop import run_once

    now = timezone.now()
    freshness.read("t:counted", cast.noord, now)
    freshness.forget(cast.noord.pk)
    assert run_once("w1", now=now).figures == 1
