"""Scoreline's own call event: one JSON object per call, signed, for any PBX or cloud
telephony that can call a webhook (documented in the API's OpenAPI, `api.schemas.CallEvent`).

    {"call_id": "pbx-7731", "direction": "out", "started_at": "2025-03-14T09:05:00+01:00",
     "remote_number": "0612345678", "extension": "201", "answered": true,
     "billable_s": 42, "duration_s": 55}

`direction` is `in` or `out`; `remote_number` the other party as dialled or shown;
`extension` the extension or the agent's own number. `started_at` without an offset is read
in the dealer's time zone.

Signed in `X-Scoreline-Signature: t=<unix seconds>,v1=<hex>`, where hex is the HMAC-SHA256,
keyed by the endpoint's signing secret, of `<t>.` followed by the raw body. A timestamp more
than five minutes from the receiver's clock is refused, so a captured request cannot be
replayed later; a replay within the window repeats a call id already recorded.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from typing import Any

from scoreline.intake.errors import BadDate, BadSignature, BadValue, MissingField
from scoreline.intake.formats.dates import parse_timestamp
from scoreline.intake.formats.jsondoc import read_json
from scoreline.intake.formats.phonecall import INBOUND, OUTBOUND, ParsedCall, whole_seconds

FORMAT = "call_event"
SIGNATURE_HEADER = "X-Scoreline-Signature"
TOLERANCE = timedelta(minutes=5)


def sign(body: bytes, secret: str, at: datetime) -> str:
    """The header value a sender puts in `X-Scoreline-Signature` for `body` sent at `at`."""
    stamp = int(at.timestamp())
    digest = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={stamp},v1={digest}"


def verify(body: bytes, header: str | None, secret: str, now: datetime) -> None:
    """Accept the body only when signed with `secret` within TOLERANCE of `now`."""
    if not header:
        raise BadSignature(f"the {SIGNATURE_HEADER} header is missing", SIGNATURE_HEADER)
    parts = dict(p.strip().partition("=")[::2] for p in header.split(","))
    stamp, given = parts.get("t", ""), parts.get("v1", "")
    if not stamp.isdigit() or not given:
        raise BadSignature("the signature header needs t=<seconds>,v1=<hex>", SIGNATURE_HEADER)
    if abs(now.timestamp() - int(stamp)) > TOLERANCE.total_seconds():
        raise BadSignature(
            "the signature's timestamp is more than five minutes from now (a replay?)",
            SIGNATURE_HEADER,
        )
    expected = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(given.lower(), expected):
        raise BadSignature("the signature does not match the body", SIGNATURE_HEADER)


def call_id(body: bytes) -> str:
    try:
        event = read_json(body)
    except Exception:  # unreadable: the worker says why
        return ""
    return str(event.get("call_id") or "") if isinstance(event, dict) else ""


def parse(body: bytes) -> list[ParsedCall]:
    event = read_json(body)
    if not isinstance(event, dict):
        raise BadValue("the call event must be a JSON object", "$")
    return [parse_event(event, "$")]


def parse_event(event: dict[str, Any], where: str) -> ParsedCall:
    def text(name: str) -> str:
        value = event.get(name)
        return "" if value is None else str(value).strip()

    for name in ("call_id", "direction", "started_at", "remote_number"):
        if not text(name):
            raise MissingField(f"the call event has no {name}", f"{where}.{name}")
    direction = text("direction").lower()
    if direction not in (INBOUND, OUTBOUND):
        raise BadValue(f"direction {direction!r} is not in or out", f"{where}.direction")
    started = parse_timestamp(text("started_at"))
    if started is None:
        raise BadDate(f"started_at {text('started_at')!r} is not a time", f"{where}.started_at")
    answered = event.get("answered")
    if not isinstance(answered, bool):
        raise BadValue("answered must be true or false", f"{where}.answered")
    seconds = {}
    for name in ("billable_s", "duration_s"):
        seconds[name] = whole_seconds(text(name))
        if text(name) and seconds[name] is None:
            raise BadValue(f"{name} {text(name)!r} is not seconds", f"{where}.{name}")
    return ParsedCall(
        call_id=text("call_id"),
        where=f"{where} (call {text('call_id')})",
        started_at=started,
        direction=direction,
        remote=text("remote_number"),
        local=text("extension"),
        answered=answered,
        billable_s=seconds["billable_s"] if answered else 0,
        duration_s=seconds["duration_s"],
        status="answered" if answered else "no_answer",
    )
