"""Slow figures served from the cache, refreshed behind the reader's back.

The report and the board's ranked dust take seconds to compute for a busy dealer, and they
move by the minute. A page gets the cached value; once it is older than its freshness window,
one thread per process recomputes it in the background while readers keep getting the
previous value. Only the very first reader of a key waits for the computation.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import close_old_connections, connection

KEEP_SECONDS = 3600  # how long a stale value may still be shown while a new one is made
_LOCKS: dict[str, threading.Lock] = {}
_GUARD = threading.Lock()


def _lock(key: str) -> threading.Lock:
    with _GUARD:
        return _LOCKS.setdefault(key, threading.Lock())


def _store(key: str, compute: Callable[[], Any]) -> Any:
    value = compute()
    cache.set(key, (time.time(), value), KEEP_SECONDS)
    return value


def _refresh(key: str, compute: Callable[[], Any], lock: threading.Lock) -> None:
    try:
        close_old_connections()
        _store(key, compute)
    finally:
        connection.close()  # this thread's own connection
        lock.release()


def cached(key: str, fresh_seconds: float, compute: Callable[[], Any]) -> Any:
    """The value under key: fresh, stale while a refresh runs, or computed now if absent."""
    entry = cache.get(key)
    lock = _lock(key)
    if entry is None:
        with lock:
            entry = cache.get(key)
            return entry[1] if entry is not None else _store(key, compute)
    made_at, value = entry
    if time.time() - made_at > fresh_seconds and lock.acquire(blocking=False):
        threading.Thread(target=_refresh, args=(key, compute, lock), daemon=True).start()
    return value


def forget(key: str) -> None:
    cache.delete(key)
