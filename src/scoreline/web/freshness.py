"""The pages' figures cache: computed by the worker when leads change, read by the pages.

The report, the board's ranked dust, the month's pace and the lead values take seconds to
compute for a busy dealer (30,000 leads a year); the pages must answer in milliseconds. So a
page never computes them while someone waits, except the very first time a figure is asked
for (nothing cached yet). Each figure is a named recipe, `recipe(dealer, now, *params)`,
registered with `@figure`; `read` returns the cached value and notes that the dealer's pages
use it. The worker (`refresh_due`, every round) recomputes a dealer's figures in use:

- when the dealer's leads changed since they were made: a new lead, activity, inquiry, order,
  job or lead event (status, assignment, override, import, contact) — found by the rows'
  ids above the last ones seen, so a round reads only what is new;
- when they are older than the recipe's `fresh_seconds`: clocks move by the minute, and this
  also catches the rare change that writes none of those rows (a retention erasure);
- never more often than every MIN_SECONDS per figure, however busy the dealer.

A figure nobody read for a day is dropped. When no worker runs (a development server), a page
that finds a figure older than `fresh_seconds + WORKER_GRACE` refreshes it in a background
thread while its readers keep the previous value. `forget` drops a dealer's figures after a
change its manager expects to see at once (costs, targets, a reassignment on the board).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db import close_old_connections, connection
from django.db.models import Max, Model

from scoreline.dealers.models import Dealer
from scoreline.followup.models import Activity, Job
from scoreline.leads.models import Inquiry, Lead, LeadEvent, Order

log = logging.getLogger(__name__)

KEEP_SECONDS = 7 * 24 * 3600  # a cached figure outlives a worker's downtime
UNUSED_SECONDS = 24 * 3600  # a figure nobody read for this long is no longer refreshed
NOTE_EVERY_SECONDS = 3600  # how often a reader re-notes that a figure is in use
MIN_SECONDS = 30  # the least time between two refreshes of one figure
WORKER_GRACE = 600  # a figure this much older than fresh: the worker is not running

Recipe = Callable[..., Any]  # (dealer, now, *params) -> value


@dataclass(frozen=True)
class Figure:
    recipe: Recipe
    fresh_seconds: float


FIGURES: dict[str, Figure] = {}
_LOCKS: dict[str, threading.Lock] = {}
_GUARD = threading.Lock()
# The tables whose new rows mean a dealer's figures changed, each with its path to the dealer.
CHANGES: tuple[tuple[type[Model], str], ...] = (
    (Lead, "dealer_id"),
    (Activity, "lead__dealer_id"),
    (LeadEvent, "lead__dealer_id"),
    (Inquiry, "lead__dealer_id"),
    (Order, "lead__dealer_id"),
    (Job, "lead__dealer_id"),
)


def figure(name: str, fresh_seconds: float) -> Callable[[Recipe], Recipe]:
    """Register `recipe(dealer, now, *params)` as the figure `name` (params: plain strings)."""

    def register(recipe: Recipe) -> Recipe:
        FIGURES[name] = Figure(recipe, fresh_seconds)
        return recipe

    return register


def read(name: str, dealer: Dealer, now: datetime, *params: str) -> Any:
    """The figure's cached value; computed now only if there is none yet."""
    key = _key(name, dealer.pk, params)
    _note_use(dealer.pk, key, name, params)
    entry = cache.get(key)
    if entry is None:
        with _lock(key):
            entry = cache.get(key)
            if entry is None:
                return _store(key, lambda: FIGURES[name].recipe(dealer, now, *params))
    made_at, value = entry
    late = time.time() - made_at > FIGURES[name].fresh_seconds + WORKER_GRACE
    if late and _lock(key).acquire(blocking=False):
        compute = lambda: FIGURES[name].recipe(dealer, now, *params)  # noqa: E731
        threading.Thread(target=_refresh, args=(key, compute, _lock(key)), daemon=True).start()
    return value


def forget(dealer_id: int, name: str | None = None) -> None:
    """Drop the dealer's figures (all, or those named): the next reader computes them."""
    for key, (used_name, _params, _read_at) in _in_use(dealer_id).items():
        if name is None or used_name == name:
            cache.delete(key)


def refresh_due(now: datetime, budget_seconds: float | None = None) -> int:
    """The worker's part: recompute the figures in use that changed or aged; returns how many.

    With a budget, stops starting new figures once it is spent (they are still due next time).
    """
    for dealer_id in _changed_dealers():  # noted first: a spent budget must not lose them
        cache.set(_changed_key(dealer_id), time.time(), KEEP_SECONDS)
    done = 0
    until = time.monotonic() + budget_seconds if budget_seconds is not None else None
    for dealer in Dealer.objects.filter(is_active=True).order_by("pk"):
        changed_at = cache.get(_changed_key(dealer.pk), 0.0)
        used = _in_use(dealer.pk)
        for key, (name, params, read_at) in list(used.items()):
            if name not in FIGURES or time.time() - read_at > UNUSED_SECONDS:
                del used[key]
                cache.set(_used_key(dealer.pk), used, KEEP_SECONDS)
                continue
            if until is not None and time.monotonic() > until:
                return done
            if _due(cache.get(key), FIGURES[name].fresh_seconds, changed_at):
                try:
                    _store(key, lambda: FIGURES[name].recipe(dealer, now, *params))  # noqa: B023
                    done += 1
                except Exception:  # one dealer's bad data must not stop the others' figures
                    log.exception("could not refresh %s", key)
    return done


def _due(entry: tuple[float, Any] | None, fresh_seconds: float, changed_at: float) -> bool:
    if entry is None:
        return True
    age = time.time() - entry[0]
    return age >= MIN_SECONDS and (changed_at >= entry[0] or age > fresh_seconds)


def _changed_dealers() -> set[int]:
    """Dealers with rows added since the last call (the first call: none, all is new)."""
    marks: dict[str, int] = cache.get("figures:marks") or {}
    dealers: set[int] = set()
    for model, dealer_path in CHANGES:
        label = model._meta.label
        rows = model._default_manager
        newest = rows.aggregate(newest=Max("pk"))["newest"] or 0
        seen = marks.get(label)
        if seen is not None and newest > seen:
            new = rows.filter(pk__gt=seen, pk__lte=newest)
            dealers.update(new.values_list(dealer_path, flat=True).distinct())
        marks[label] = newest
    cache.set("figures:marks", marks, None)
    return dealers


def _note_use(dealer_id: int, key: str, name: str, params: tuple[str, ...]) -> None:
    used = _in_use(dealer_id)
    noted = used.get(key)
    if noted is None or time.time() - noted[2] > NOTE_EVERY_SECONDS:
        used[key] = (name, params, time.time())
        cache.set(_used_key(dealer_id), used, KEEP_SECONDS)


def _in_use(dealer_id: int) -> dict[str, tuple[str, tuple[str, ...], float]]:
    return cache.get(_used_key(dealer_id)) or {}


def _key(name: str, dealer_id: int, params: tuple[str, ...]) -> str:
    return ":".join(("figures", name, str(dealer_id), *params))


def _used_key(dealer_id: int) -> str:
    return f"figures:used:{dealer_id}"


def _changed_key(dealer_id: int) -> str:
    return f"figures:changed:{dealer_id}"


def _lock(key: str) -> threading.Lock:
    with _GUARD:
        return _LOCKS.setdefault(key, threading.Lock())


def _store(key: str, compute: Callable[[], Any]) -> Any:
    started = time.time()  # a change during the computation leaves the figure due again
    value = compute()
    cache.set(key, (started, value), KEEP_SECONDS)
    return value


def _refresh(key: str, compute: Callable[[], Any], lock: threading.Lock) -> None:
    try:
        close_old_connections()
        _store(key, compute)
    finally:
        connection.close()  # this thread's own connection
        lock.release()
