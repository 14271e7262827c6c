"""Asterisk CDR files: `cdr_csv`'s Master.csv, as FreePBX and most self-hosted PBXs write it.

No header; one call leg a line, every field quoted:

    accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp, lastdata,
    start, answer, end, duration, billsec, disposition, amaflags[, uniqueid[, userfield]]

`answer` is empty for a call nobody answered; `billsec` counts from the answer. Times are
in the PBX's time zone ("2025-03-14 09:05:00"), or UTC when the PBX logs with `usegmtime`
(the endpoint or command says so). `uniqueid` (logged with `loguniqueid`) is the call's id;
without it the line itself keys the call, so the same file imported twice is still one.

Direction: a dialplan context for internal phones (`from-internal`, FreePBX's) places an
outbound call, one for trunks (`from-trunk`, `from-pstn`, `ext-did`, …) an inbound one; for
other contexts a short source (an extension) calling a long number is outbound.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import UTC, datetime

from scoreline.intake.errors import BadDate, BadValue, MalformedDocument
from scoreline.intake.formats.phonecall import (
    INBOUND,
    INTERNAL,
    OUTBOUND,
    ParsedCall,
    whole_seconds,
)

FORMAT = "asterisk"
COLUMNS = (
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "uniqueid",
    "userfield",
)
REQUIRED = 16  # up to amaflags; uniqueid and userfield only when the PBX logs them
MAX_EXTENSION_DIGITS = 6
_INTERNAL_CONTEXTS = ("internal", "from-phones", "outbound", "outrt")
_TRUNK_CONTEXTS = ("trunk", "pstn", "did", "inbound", "incoming", "from-external")
_PEER = re.compile(r"^[A-Za-z0-9]+/([^-@/]+)")  # SIP/201-0000002a, PJSIP/201-00000001


def looks_like_cdr(text: str) -> bool:
    """Whether a file is a CDR (no header, 16+ fields, a start time in the tenth)."""
    for row in csv.reader(io.StringIO(text[:4096])):
        if not row:
            continue
        return len(row) >= REQUIRED and _time(row[9]) is not None
    return False


def parse(body: bytes, *, utc: bool = False) -> list[ParsedCall]:
    """Every call leg of a Master.csv; a line that cannot be read is refused by its number."""
    text = body.decode("utf-8-sig", errors="replace")
    calls = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not "".join(row).strip():
            continue
        calls.append(parse_line(row, number, utc=utc))
    return calls


def parse_line(row: list[str], number: int, *, utc: bool = False) -> ParsedCall:
    where = f"line {number}"
    if len(row) < REQUIRED:
        raise MalformedDocument(
            f"a CDR line has at least {REQUIRED} fields (up to amaflags); this one has {len(row)}",
            where,
        )
    field = dict(zip(COLUMNS, (value.strip() for value in row), strict=False))
    started = _time(field["start"])
    if started is None:
        raise BadDate(f"start {field['start']!r} is not a time", f"{where}, start")
    if utc:
        started = started.replace(tzinfo=UTC)
    direction = _direction(field)
    billsec = whole_seconds(field["billsec"])
    if field["billsec"] and billsec is None:
        raise BadValue(f"billsec {field['billsec']!r} is not seconds", f"{where}, billsec")
    disposition = field["disposition"].upper()
    answered = disposition == "ANSWERED" and bool(field["answer"])
    remote, local = (
        (field["src"] or _clid_number(field["clid"]), _callee(field))
        if direction == INBOUND
        else (field["dst"], field["src"] or _peer(field["channel"]))
    )
    return ParsedCall(
        call_id=field.get("uniqueid") or _line_key(row),
        where=where,
        started_at=started,
        direction=direction,
        remote=remote,
        local=local,
        answered=answered,
        billable_s=billsec if answered else 0,
        duration_s=whole_seconds(field["duration"]),
        status=disposition.lower().replace(" ", "_"),
    )


def _time(text: str) -> datetime | None:
    try:
        return datetime.strptime(text.strip()[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def _direction(field: dict[str, str]) -> str:
    context = field["dcontext"].lower()
    src_short = _is_extension(field["src"])
    dst_short = _is_extension(field["dst"])
    if src_short and dst_short:
        return INTERNAL
    if any(name in context for name in _TRUNK_CONTEXTS):
        return INBOUND
    if any(name in context for name in _INTERNAL_CONTEXTS):
        return OUTBOUND
    return OUTBOUND if src_short and not dst_short else INBOUND


def _is_extension(number: str) -> bool:
    digits = number.strip()
    return digits.isdigit() and 0 < len(digits) <= MAX_EXTENSION_DIGITS


def _callee(field: dict[str, str]) -> str:
    """Who took an inbound call: the answering channel's peer, else a short dst."""
    peer = _peer(field["dstchannel"])
    if peer:
        return peer
    return field["dst"] if _is_extension(field["dst"]) else ""


def _peer(channel: str) -> str:
    found = _PEER.match(channel.strip())
    return found.group(1) if found else ""


def _clid_number(clid: str) -> str:
    """The number of a caller id written `"Name" <0612345678>`."""
    inside = re.search(r"<([^>]*)>", clid)
    return (inside.group(1) if inside else clid).strip()


def _line_key(row: list[str]) -> str:
    return "cdr-" + hashlib.sha256("\x1f".join(row).encode()).hexdigest()[:32]
