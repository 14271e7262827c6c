"""Idempotency keys on POST: a retried request gets the first answer and changes nothing.

The record is inserted before the action runs, inside the same transaction. A concurrent
request with the same key therefore waits on the unique index (PostgreSQL) or the write lock
(SQLite) until the first commits, then fails its insert and replays the stored answer: the
action runs once. If the action fails, the record rolls back with it and a retry may succeed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from scoreline.api.auth import Caller
from scoreline.api.models import IdempotencyRecord
from scoreline.api.problems import ApiError, problem, problem_body

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200
REPLAY_HEADER = "Idempotent-Replayed"

Answer = tuple[int, dict]


def request_hash(request: HttpRequest) -> str:
    """What was asked: method, path and body, so the same key with another body is caught."""
    digest = hashlib.sha256()
    for part in (request.method or "", request.path, request.body):
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def respond_once(request: HttpRequest, caller: Caller, act: Callable[[], Answer]) -> HttpResponse:
    """Run `act` once per idempotency key; without a key, just run it."""
    key = request.headers.get(HEADER, "")
    if not key:
        # One transaction all the same: a lead received through the API is imported before
        # the worker can see its payload, and a refused change leaves nothing behind.
        with transaction.atomic():
            status, body = _run(act)
            if status >= 400:
                transaction.set_rollback(True)
        return _json(status, body)
    if len(key) > MAX_KEY_LENGTH:
        return problem(
            400, "bad_idempotency_key", f"{HEADER} is longer than {MAX_KEY_LENGTH}.", HEADER
        )
    owner: dict[str, Any] = {"token": caller.token} if caller.token else {"user": caller.user}
    asked = request_hash(request)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(key=key, request_hash=asked, **owner)
        except IntegrityError:
            return _replay(key, asked, owner)
        status, body = _run(act)
        if status >= 400:
            # Errors are not stored: the caller may fix the cause and retry with the same key.
            transaction.set_rollback(True)
            return _json(status, body)
        record.status_code = status
        record.response_body = json.dumps(body, default=str)
        record.save(update_fields=["status_code", "response_body"])
    return _json(status, body)


def _run(act: Callable[[], Answer]) -> Answer:
    try:
        return act()
    except ApiError as error:
        body = problem_body(error.status, error.code, error.message, error.field, **error.extra)
        return error.status, body


def _replay(key: str, asked: str, owner: dict) -> HttpResponse:
    record = IdempotencyRecord.objects.filter(key=key, **owner).first()
    if record is None or record.status_code is None:
        return problem(
            409, "idempotency_in_progress", "A request with this key is running.", HEADER
        )
    if record.request_hash != asked:
        return problem(
            409,
            "idempotency_key_reused",
            f"This {HEADER} was used with a different request; use a new key.",
            HEADER,
        )
    response = HttpResponse(
        record.response_body, status=record.status_code, content_type="application/json"
    )
    response[REPLAY_HEADER] = "true"
    return response


def _json(status: int, body: dict) -> HttpResponse:
    content_type = "application/problem+json" if status >= 400 else "application/json"
    return HttpResponse(json.dumps(body, default=str), status=status, content_type=content_type)


KEEP_RECORDS = timedelta(days=7)


def purge_idempotency_records(now: datetime | None = None) -> int:
    """Forget answers older than a week: retries come within minutes, and answers hold names."""
    cutoff = (now or timezone.now()) - KEEP_RECORDS
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
