"""Request size limits and rate limits for endpoints that strangers can reach (intake).

    @guard_intake(max_bytes=1_000_000, per_minute=120, key=lambda request, **kw: kw["token"])
    def receive_webhook(request, token): ...

A body over the limit gets 413 before it is read; a source over its rate gets 429 with
Retry-After, so a well-behaved sender retries later and nothing is lost. Counters live in
Django's cache (shared Redis in production, so every process counts together).
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

PROBLEM = "application/problem+json"
KeyFunc = Callable[..., str]
View = Callable[..., HttpResponse]


def hit(key: str, limit: int, window_s: int, *, now: float | None = None) -> tuple[bool, int]:
    """Count one request in the current fixed window; (allowed, seconds until the window ends)."""
    moment = time.time() if now is None else now
    window = int(moment // window_s)
    bucket = f"rate:{key}:{window}"
    cache.add(bucket, 0, window_s + 1)
    try:
        count = cache.incr(bucket)
    except ValueError:  # evicted between add and incr
        cache.set(bucket, 1, window_s + 1)
        count = 1
    retry_after = int((window + 1) * window_s - moment) + 1
    return count <= limit, retry_after


def body_too_large(request: HttpRequest, max_bytes: int) -> bool:
    """Judged on Content-Length, before reading; a chunked body is read at most max_bytes + 1."""
    declared = request.META.get("CONTENT_LENGTH") or ""
    if declared.strip():
        try:
            return int(declared) > max_bytes
        except ValueError:
            return True
    if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
        request._body = request.read(max_bytes + 1)  # type: ignore[attr-defined]
        return len(request._body) > max_bytes  # type: ignore[attr-defined]
    return False


def _refusal(status: int, code: str, message: str, **headers: str) -> HttpResponse:
    body = {"status": status, "code": code, "message": message, "field": ""}
    response = HttpResponse(json.dumps(body), status=status, content_type=PROBLEM)
    for name, value in headers.items():
        response[name] = value
    return response


def guard_intake(*, max_bytes: int, per_minute: int, key: KeyFunc) -> Callable[[View], View]:
    """Refuse oversized bodies (413) and more than `per_minute` requests per source (429)."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if body_too_large(request, max_bytes):
                return _refusal(413, "too_large", f"The body is over {max_bytes} bytes.")
            allowed, retry_after = hit(f"intake:{key(request, *args, **kwargs)}", per_minute, 60)
            if not allowed:
                message = f"More than {per_minute} requests a minute from this source."
                return _refusal(429, "rate_limited", message, **{"Retry-After": str(retry_after)})
            return view(request, *args, **kwargs)

        return guarded

    return decorate
