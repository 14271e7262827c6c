"""Slow figures: the first reader waits, later readers get the cached value, stale or not."""

from __future__ import annotations

import threading

import pytest

from scoreline.web import freshness


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [1000.0]
    monkeypatch.setattr(freshness.time, "time", lambda: now[0])
    return now


def test_the_first_reader_computes_and_the_next_one_reads_the_cache() -> None:
    calls = []
    compute = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert freshness.cached("t:first", 60, compute) == 1
    assert freshness.cached("t:first", 60, compute) == 1
    assert len(calls) == 1


def test_a_stale_value_is_served_while_one_refresh_runs_behind(_clock: list[float]) -> None:
    release = threading.Event()
    calls = []

    def compute() -> int:
        calls.append(1)
        if len(calls) > 1:
            release.wait(5)
        return len(calls)

    assert freshness.cached("t:stale", 60, compute) == 1
    _clock[0] += 61
    assert freshness.cached("t:stale", 60, compute) == 1  # stale, refresh started
    assert freshness.cached("t:stale", 60, compute) == 1  # no second refresh
    release.set()
    freshness._lock("t:stale").acquire(timeout=5)  # the refresh has finished
    freshness._lock("t:stale").release()
    assert len(calls) == 2
    _clock[0] += 1
    assert freshness.cached("t:stale", 60, compute) == 2
