"""What an intake endpoint does with a request: authenticate, store, check, answer — fast.

The payload is stored before anything else may fail, so nothing that reached an endpoint is
lost; a bad signature is stored too (rejected). A small document is parsed once to answer bad
input with a clear 4xx now; a big one is only stored (`CHECK_IN_REQUEST`); importing it
(dedupe, store, assign) is the worker's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from scoreline.intake import processing
from scoreline.intake.errors import BadSignature, IntakeError, TooLarge, UnknownEndpoint
from scoreline.intake.formats import callevent, marktplaats, twilio
from scoreline.intake.formats.jsondoc import MAX_JSON_BYTES, read_json
from scoreline.intake.formats.xmldoc import MAX_XML_BYTES
from scoreline.intake.models import Format, IntakeEndpoint, Payload, PayloadStatus

JSON_FORMATS = (Format.MARKTPLAATS, Format.JSON, Format.CALLS, Format.SALES, Format.CALL_EVENT)
# Formats whose every request must carry a signature made with the endpoint's secret.
SIGNED_FORMATS = (Format.MARKTPLAATS, Format.TWILIO, Format.CALL_EVENT)
SIGNATURE_HEADERS: dict[str, str] = {
    Format.TWILIO: twilio.SIGNATURE_HEADER,
    Format.CALL_EVENT: callevent.SIGNATURE_HEADER,
}
# Bodies up to this size are parsed in the request to answer bad input at once (milliseconds);
# a bigger one is only stored and answered 202, and the worker reads it and records why any of
# it is refused, so that a few big documents cannot hold the site's workers for seconds each.
CHECK_IN_REQUEST = 256 * 1024


@dataclass
class Reply:
    """The answer to the sender: an HTTP status and what to say."""

    status: int
    outcome: str
    payload: Payload | None = None
    errors: list[IntakeError] = field(default_factory=list)
    leads: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "status": self.outcome,
            "payload": self.payload.pk if self.payload else None,
            "leads": self.leads,
            "errors": [
                {"code": e.code, "problem": e.problem, "where": e.where} for e in self.errors
            ],
        }


def size_limit(endpoint: IntakeEndpoint) -> int:
    return MAX_JSON_BYTES if endpoint.format in JSON_FORMATS else MAX_XML_BYTES


def unknown_endpoint() -> Reply:
    """A token no active endpoint has: nothing is stored, since nobody can be said to send it."""
    error = UnknownEndpoint("no active intake endpoint has this token", "URL")
    return Reply(error.http_status, "refused", errors=[error])


def too_large(endpoint: IntakeEndpoint, size: int) -> Reply:
    limit = size_limit(endpoint)
    error = TooLarge(f"the body is {size:,} bytes; the limit is {limit:,}", "body")
    return Reply(error.http_status, "refused", errors=[error])


def signature_header(endpoint: IntakeEndpoint) -> str:
    """The request header that carries this endpoint's signature."""
    return SIGNATURE_HEADERS.get(endpoint.format, marktplaats.SIGNATURE_HEADER)


def accept(
    endpoint: IntakeEndpoint,
    body: bytes,
    *,
    signature: str = "",
    url: str = "",
    now: datetime | None = None,
) -> Reply:
    """Store the body, then answer: accepted, duplicate, or refused with the reason.

    `url` is the full URL the request was sent to (Twilio signs it); `now` the moment a
    timestamped signature is checked against.
    """
    if len(body) > size_limit(endpoint):
        return too_large(endpoint, len(body))
    payload = processing.receive(
        body,
        channel=endpoint.channel,
        format=endpoint.format,
        dealer=endpoint.dealer,
        source=endpoint.source,
        endpoint=endpoint,
        external_id=_event_id(endpoint, body),
        meta={k: v for k, v in (("signature", signature), ("url", url)) if v},
    )
    try:
        _authenticate(endpoint, body, signature, url, now or timezone.now())
    except BadSignature as error:
        processing.fail(payload, error, PayloadStatus.REJECTED)
        return Reply(error.http_status, "rejected", payload, [error])
    if payload.status == PayloadStatus.DUPLICATE:
        return Reply(200, "duplicate", payload)
    return _checked(payload)


def _authenticate(
    endpoint: IntakeEndpoint, body: bytes, signature: str, url: str, now: datetime
) -> None:
    """Signed endpoints (all webhooks, and any endpoint given a secret) check the signature
    the way their sender makes it."""
    secret = endpoint.signing_secret
    if endpoint.format in SIGNED_FORMATS and not secret:
        raise BadSignature(
            "the endpoint has no signing secret to check signatures with", "endpoint"
        )
    if not secret:
        return
    if endpoint.format == Format.TWILIO:
        twilio.verify(body, url, signature, secret)
    elif endpoint.format == Format.CALL_EVENT:
        callevent.verify(body, signature, secret, now)
    else:
        marktplaats.verify(body, signature, secret)


def _event_id(endpoint: IntakeEndpoint, body: bytes) -> str:
    """A webhook's event id, so a second delivery of the same event is a duplicate: a
    Twilio callback's CallSid with its status (one call sends several), a call event's id."""
    if endpoint.format == Format.TWILIO:
        sid, status = twilio.call_sid(body), twilio.call_status(body)
        return f"{sid}:{status}" if sid else ""
    if endpoint.format == Format.CALL_EVENT:
        return callevent.call_id(body)
    if endpoint.format != Format.MARKTPLAATS:
        return ""
    try:
        event = read_json(body)
    except IntakeError:  # unreadable: the signature check and the worker say why
        return ""
    return (
        str(event.get("eventId") or event.get("event_id") or "") if isinstance(event, dict) else ""
    )


def _checked(payload: Payload) -> Reply:
    """Parse once to refuse bad input now; leads with their own problems are named (422).

    Call logs, orders and bodies over CHECK_IN_REQUEST are accepted unread (see there).
    """
    if payload.format in (Format.TWILIO, Format.CALL_EVENT):
        return _checked_call(payload)
    if payload.format in (Format.CALLS, Format.SALES, Format.ASTERISK):
        return Reply(202, "accepted", payload)
    if payload.size > CHECK_IN_REQUEST:
        return Reply(202, "accepted", payload)
    try:
        leads = processing.parse_leads(payload)
    except IntakeError as error:
        processing.fail(payload, error)
        return Reply(error.http_status, "refused", payload, [error])
    problems = []
    for lead in leads:
        try:
            lead.check()
        except IntakeError as error:
            problems.append(error)
    if problems:
        return Reply(
            422,
            "partly refused" if len(problems) < len(leads) else "refused",
            payload,
            problems,
            len(leads),
        )
    return Reply(202, "accepted", payload, leads=len(leads))


def _checked_call(payload: Payload) -> Reply:
    """A callback or call event is small: read it now, so a bad one is refused with why."""
    parse = twilio.parse if payload.format == Format.TWILIO else callevent.parse
    try:
        parse(bytes(payload.body))
    except IntakeError as error:
        processing.fail(payload, error)
        return Reply(error.http_status, "refused", payload, [error])
    return Reply(202, "accepted", payload)
