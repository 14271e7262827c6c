"""Twilio-style call status callbacks (also SignalWire's and other compatible platforms').

A form-encoded POST per call event: `CallSid`, `From`, `To`, `CallStatus`, `Direction`
(`inbound`, `outbound-api`, `outbound-dial`), `CallDuration` (seconds, on completion),
`Timestamp` (RFC 2822, when the event happened). Only a final status records a call
(completed, busy, no-answer, failed, canceled); progress callbacks are kept and skipped.

Authenticated as Twilio documents it: `X-Twilio-Signature` is the base64 HMAC-SHA1, keyed by
the account's auth token, of the full URL the callback was sent to followed by every POST
parameter sorted by name, each name immediately followed by its value. A signature that
does not match, or a URL other than the one signed, is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qs

from scoreline.intake.errors import BadDate, BadSignature, BadValue, MissingField
from scoreline.intake.formats.phonecall import INBOUND, OUTBOUND, ParsedCall, whole_seconds

FORMAT = "twilio"
SIGNATURE_HEADER = "X-Twilio-Signature"
FINAL = {"completed", "busy", "no-answer", "failed", "canceled"}


def params(body: bytes) -> dict[str, list[str]]:
    return parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)


def signature(url: str, form: dict[str, list[str]], auth_token: str) -> str:
    """Twilio's signature of a callback: base64(HMAC-SHA1(token, url + sorted name+value))."""
    text = url + "".join(name + value for name in sorted(form) for value in sorted(form[name]))
    digest = hmac.new(auth_token.encode(), text.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def verify(body: bytes, url: str, given: str | None, auth_token: str) -> None:
    """Accept the callback only if `given` signs this body for exactly this URL."""
    if not given:
        raise BadSignature(f"the {SIGNATURE_HEADER} header is missing", SIGNATURE_HEADER)
    expected = signature(url, params(body), auth_token)
    if not hmac.compare_digest(given.strip(), expected):
        raise BadSignature(
            f"the signature does not match this body sent to {url}", SIGNATURE_HEADER
        )


def call_sid(body: bytes) -> str:
    return (params(body).get("CallSid") or [""])[0]


def call_status(body: bytes) -> str:
    return (params(body).get("CallStatus") or [""])[0]


def parse(body: bytes) -> list[ParsedCall]:
    """The call of one callback (progress callbacks come back with `final` False)."""
    form = {name: values[0].strip() for name, values in params(body).items() if values}
    sid = form.get("CallSid", "")
    if not sid:
        raise MissingField("the callback has no CallSid", "CallSid")
    status = form.get("CallStatus", "").lower()
    if not status:
        raise MissingField("the callback has no CallStatus", "CallStatus")
    stamp = form.get("Timestamp", "")
    try:
        at = parsedate_to_datetime(stamp)
    except (TypeError, ValueError):
        raise BadDate(f"Timestamp {stamp!r} is not an RFC 2822 time", "Timestamp") from None
    duration = whole_seconds(form.get("CallDuration", ""))
    if form.get("CallDuration") and duration is None:
        raise BadValue(f"CallDuration {form['CallDuration']!r} is not seconds", "CallDuration")
    inbound = form.get("Direction", "inbound").lower() == "inbound"
    answered = status == "completed" and bool(duration)
    final = status in FINAL
    return [
        ParsedCall(
            call_id=sid,
            where="CallSid " + sid,
            # the completed event comes when the call ends: it began its duration earlier
            started_at=at - timedelta(seconds=duration or 0) if final else at,
            direction=INBOUND if inbound else OUTBOUND,
            remote=form.get("From", "") if inbound else form.get("To", ""),
            local=form.get("To", "") if inbound else form.get("From", ""),
            answered=answered,
            billable_s=duration if answered else 0,
            duration_s=duration,
            status=status.replace("-", "_"),
            final=final,
        )
    ]
