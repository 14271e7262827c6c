"""Mail that answers a message Scoreline sent: a reply, or a bounce, threaded onto its lead.

The mail intake (`scoreline intake mail`, the worker's payloads of format "email") asks here
first: a mail naming one of our Message-IDs — a reply in In-Reply-To or References, a bounce
in the original message it returns — goes to that message's lead instead of the ADF reader.

A bounce is a delivery status notification (RFC 3464: multipart/report;
report-type=delivery-status) whose recipients failed, or a mailer's plain bounce (from
MAILER-DAEMON or postmaster, or with an empty Return-Path) that returns our message or its
headers. A report that only says "delayed" or "delivered" is a notice: kept, nothing recorded.
An automatic reply (RFC 3834 Auto-Submitted, an out-of-office) is not the person answering:
kept, nothing recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email import message_from_string
from email.message import EmailMessage, Message
from email.utils import parsedate_to_datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from scoreline.followup.messages import record_bounce, record_reply, sent_message
from scoreline.followup.models import Activity
from scoreline.intake.errors import UnknownFormat
from scoreline.intake.importing import Item, Outcome
from scoreline.intake.mail import message_of
from scoreline.intake.models import Payload, ResultStatus

REPLY, BOUNCE, NOTICE, AUTOMATIC = "reply", "bounce", "notice", "automatic"
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
_MAILERS = ("mailer-daemon", "postmaster")
_ORIGINAL_TYPES = ("message/rfc822", "text/rfc822-headers")


@dataclass(frozen=True)
class Answer:
    """What a mail says about a message we may have sent."""

    kind: str  # REPLY, BOUNCE, NOTICE or AUTOMATIC
    refers_to: tuple[str, ...]  # the Message-IDs it names, the most telling first
    message_id: str
    written_at: datetime | None
    subject: str
    detail: str = ""  # a bounce's status and the server's words


def read_answer(raw: bytes) -> Answer | None:
    """The mail as an answer to a message, or None when it names no earlier message."""
    message = message_of(raw)
    own_id = str(message.get("Message-ID", "")).strip()
    written_at = _date(message)
    subject = str(message.get("Subject", "")).strip()
    originals = _original_ids(message)
    threaded = _ids(message.get("In-Reply-To")) + _ids(message.get("References"))[::-1]
    if _is_report(message):
        failed, detail = _delivery_status(message)
        kind = BOUNCE if failed else NOTICE
        return Answer(kind, _unique(originals + threaded), own_id, written_at, subject, detail)
    if originals and _from_mailer(message):
        return Answer(BOUNCE, _unique(originals + threaded), own_id, written_at, subject, subject)
    if not threaded:
        return None
    kind = AUTOMATIC if _automatic(message) else REPLY
    return Answer(kind, _unique(threaded), own_id, written_at, subject)


def answer_items(payload: Payload) -> list[Item] | None:
    """The mail payload as one item that threads it onto the lead of the message it answers;
    None when it answers nothing we sent (then it is read as a lead mail)."""
    answer = read_answer(bytes(payload.body))
    if answer is None:
        return None
    sent = sent_message(payload.dealer, answer.refers_to)
    if sent is None:
        if answer.kind in (BOUNCE, NOTICE):
            raise UnknownFormat(
                "a delivery report about a message Scoreline did not send "
                f"({', '.join(answer.refers_to) or 'no Message-ID'})",
                "mail",
            )
        return None
    arrived = payload.received_at
    return [Item(f"{answer.kind} to {sent.external_id}", lambda: thread(answer, sent, arrived))]


def thread(answer: Answer, sent: Activity, arrived: datetime) -> Outcome:
    """Record the answer on the lead of the message it answers."""
    at = answer.written_at or arrived
    lead = sent.lead
    if answer.kind == REPLY:
        record_reply(sent, message_id=answer.message_id, at=at, subject=answer.subject)
        return Outcome(ResultStatus.RECORDED, lead, note=_("Reply: contact on the lead"))
    if answer.kind == BOUNCE:
        record_bounce(sent, at=at, detail=answer.detail)
        return Outcome(ResultStatus.RECORDED, lead, note=_("Bounced: wrong address?"))
    note = _("Automatic reply, not contact") if answer.kind == AUTOMATIC else _("Delivery notice")
    return Outcome(ResultStatus.RECORDED, lead, note=note)


def _ids(header: object) -> list[str]:
    return _MESSAGE_ID.findall(str(header or ""))


def _unique(ids: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def _date(message: EmailMessage) -> datetime | None:
    try:
        moment = parsedate_to_datetime(str(message.get("Date", "")))
    except (TypeError, ValueError, IndexError):
        return None
    if timezone.is_naive(moment):
        return None  # "-0000": the time zone is unknown; the arrival time is better
    return moment


def _is_report(message: Message) -> bool:
    return (
        message.get_content_type() == "multipart/report"
        and str(message.get_param("report-type", "")).lower() == "delivery-status"
    )


def _delivery_status(message: Message) -> tuple[bool, str]:
    """Whether any recipient failed (RFC 3464 Action: failed), and the status in words."""
    failed, words = False, []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        for block in _status_blocks(part):
            if str(block.get("Action", "")).strip().lower() == "failed":
                failed = True
                said = " ".join(
                    str(block.get(name, "")).strip()
                    for name in ("Status", "Diagnostic-Code")
                    if block.get(name)
                )
                words.append(said)
    return failed, "; ".join(w for w in words if w)[:300]


def _status_blocks(part: Message) -> list[Message]:
    """The per-message and per-recipient field blocks of a delivery-status part."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return [block for block in payload if isinstance(block, Message)]
    text = payload if isinstance(payload, str) else ""
    return [message_from_string(chunk) for chunk in re.split(r"\r?\n\r?\n", text) if chunk.strip()]


def _original_ids(message: Message) -> list[str]:
    """The Message-ID of the original message a bounce returns (whole or its headers)."""
    found = []
    for part in message.walk():
        kind = part.get_content_type()
        if kind not in _ORIGINAL_TYPES:
            continue
        payload = part.get_payload()
        original: Message
        if kind == "message/rfc822" and isinstance(payload, list) and payload:
            original = payload[0] if isinstance(payload[0], Message) else Message()
        else:
            text = part.get_payload(decode=True) or b""
            original = message_from_string(
                text.decode(errors="replace") if isinstance(text, bytes) else str(text)
            )
        found += _ids(original.get("Message-ID"))
    return found


def _from_mailer(message: Message) -> bool:
    sender = str(message.get("From", "")).lower()
    return str(message.get("Return-Path", "")).strip() == "<>" or any(
        mailer in sender for mailer in _MAILERS
    )


def _automatic(message: Message) -> bool:
    """An automatic reply (RFC 3834), an out-of-office or a list's answer: not a person."""
    submitted = str(message.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(message.get("Precedence", "")).strip().lower()
    return (
        submitted != "no"
        or precedence in ("auto_reply", "bulk", "junk", "list")
        or bool(message.get("X-Autoreply"))
    )
