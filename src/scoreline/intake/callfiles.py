"""The phone system's payloads as items: one per call, each recorded on its own.

A CDR file's lines, a Twilio callback, a JSON call event, or a calls.csv imported with
`scoreline calls import` (which keeps unmatched calls and makes new phone leads, like the
phone system's feeds, but records them as imported). A line that cannot be read is refused
by its place and the other calls go on.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable

from scoreline.followup.models import Evidence
from scoreline.intake import calls, phone
from scoreline.intake.errors import BadDate, UnknownDealer
from scoreline.intake.formats import asterisk, callevent, twilio
from scoreline.intake.formats.dates import parse_timestamp
from scoreline.intake.formats.phonecall import ParsedCall
from scoreline.intake.importing import Item, Outcome
from scoreline.intake.models import CallMatch, Format, Payload, ResultStatus
from scoreline.intake.tables import Row, decode, read_rows
from scoreline.leads.models import Source

CALL_LOG = "call_log"  # meta kind of a calls.csv taken in as the phone system's log


def is_call_payload(payload: Payload) -> bool:
    return payload.format in (Format.ASTERISK, Format.TWILIO, Format.CALL_EVENT) or (
        payload.format == Format.CALLS and payload.meta.get("kind") == CALL_LOG
    )


def detect(body: bytes) -> str:
    """ASTERISK for a Master.csv, CALLS for an exchange calls.csv (a header with started_at)."""
    return Format.ASTERISK if asterisk.looks_like_cdr(decode(body, "file")) else Format.CALLS


def call_items(payload: Payload) -> list[Item]:
    if payload.dealer is None:
        raise UnknownDealer("the payload names no dealer", f"payload {payload.pk}")
    body = bytes(payload.body)
    if payload.format == Format.ASTERISK:
        utc = bool(payload.meta.get("utc"))
        text = body.decode("utf-8-sig", errors="replace")
        lines = [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text)), 1) if any(row)]
        return [
            _item(payload, f"line {n}", _cdr_line(row, n, utc), Evidence.PHONE_SYSTEM)
            for n, row in lines
        ]
    if payload.format == Format.CALLS:
        file = payload.meta.get("file", "calls.csv")
        rows = _csv_rows(body, file)
        return [_item(payload, r.at(), _csv_row(r, payload), Evidence.IMPORT) for r in rows]
    parse = twilio.parse if payload.format == Format.TWILIO else callevent.parse
    return [_item(payload, c.where, _given(c), Evidence.PHONE_SYSTEM) for c in parse(body)]


def _item(payload: Payload, where: str, read: Callable[[], ParsedCall], evidence: str) -> Item:
    def run() -> Outcome:
        assert payload.dealer is not None
        return phone.record_phone_call(
            read(), payload.dealer, source=payload.source, payload=payload, evidence=evidence
        )

    return Item(where, run)


def _given(call: ParsedCall) -> Callable[[], ParsedCall]:
    return lambda: call


def _cdr_line(row: list[str], number: int, utc: bool) -> Callable[[], ParsedCall]:
    return lambda: asterisk.parse_line(row, number, utc=utc)


def _csv_rows(body: bytes, file: str) -> list[Row]:
    return read_rows(body, file, required=calls.COLUMNS)


def _csv_row(row: Row, payload: Payload) -> Callable[[], ParsedCall]:
    def read() -> ParsedCall:
        started = parse_timestamp(row.get("started_at"))
        if started is None:
            raise BadDate(
                f"started_at {row.get('started_at')!r} is not a time", row.at("started_at")
            )
        return calls.parsed_call(row, started)

    return read


def phone_source() -> Source:
    """The source new phone leads are counted under ("phone"), made the first time."""
    found = Source.objects.filter(slug="phone").first()
    return found or Source.objects.create(slug="phone", name="Phone")


def summary(payload: Payload) -> dict[str, int]:
    """`{"calls", "matched", "unmatched", "new_leads", "duplicates", "refused"}` of a payload:
    calls counts every customer call read (internal calls and progress callbacks aside)."""
    matches = Counter(payload.phone_calls.values_list("match", flat=True))
    results = Counter(payload.results.values_list("status", flat=True))
    duplicates = results[ResultStatus.DUPLICATE]
    counted = {
        "matched": matches[CallMatch.MATCHED] + matches[CallMatch.MERGED],
        "unmatched": matches[CallMatch.UNMATCHED],
        "new_leads": matches[CallMatch.NEW_LEAD],
        "duplicates": duplicates,
        "refused": results[ResultStatus.REFUSED],
    }
    calls = counted["matched"] + counted["unmatched"] + counted["new_leads"] + duplicates
    return {"calls": calls, **counted}
