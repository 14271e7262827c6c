"""Request dates as senders really write them: ISO 8601, loosely.

Accepted: `2000-03-30T15:30:20-08:00`, a space instead of `T`, a one-digit hour
(`2008-06-25T8:47:50`), no seconds, fractions, `Z`, offsets `+0100`, `+01` and the truncated
`-08:0` (read as `-08:00`), and a bare date (midnight). Without an offset the result is naive:
the caller reads it in the dealer's time zone, as EXCHANGE.md says.
"""

import re
from datetime import UTC, date, datetime, timedelta, timezone

_TIMESTAMP = re.compile(
    r"""^\s*(?P<date>\d{4}-\d{1,2}-\d{1,2})
    (?:[T\s]+(?P<hour>\d{1,2}):(?P<minute>\d{1,2})(?::(?P<second>\d{1,2})(?:[.,](?P<fraction>\d+))?)?)?
    \s*(?P<offset>Z|[+-]\d{1,2}(?::?\d{0,2})?)?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)


def parse_timestamp(text: str) -> datetime | None:
    """The moment `text` names, or None when it names none (the caller raises, with the place)."""
    match = _TIMESTAMP.match(text)
    if match is None:
        return None
    try:
        day = date.fromisoformat(_padded_date(match["date"]))
        moment = datetime(
            day.year,
            day.month,
            day.day,
            int(match["hour"] or 0),
            int(match["minute"] or 0),
            int(match["second"] or 0),
            int((match["fraction"] or "0")[:6].ljust(6, "0")),
        )
        offset = _offset(match["offset"])
    except ValueError:
        return None
    return moment.replace(tzinfo=offset) if offset is not None else moment


def parse_date(text: str) -> date | None:
    """A calendar date (`2025-03-14`, or a timestamp whose date part is taken)."""
    moment = parse_timestamp(text)
    return moment.date() if moment is not None else None


def _padded_date(text: str) -> str:
    year, month, day = text.split("-")
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _offset(text: str | None) -> timezone | None:
    """`Z`, `+01`, `+0100`, `+01:00`, or the truncated `-08:0`, which lost a trailing zero.

    Raises ValueError for an offset no clock has (beyond 14 hours).
    """
    if not text:
        return None
    if text.upper() == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:]
    if ":" in digits:
        hours, minutes = digits.split(":")
    elif len(digits) > 2:
        hours, minutes = digits[:-2], digits[-2:]
    else:
        hours, minutes = digits, ""
    minutes = minutes.ljust(2, "0")
    if int(hours) > 14 or int(minutes) > 59:
        raise ValueError(f"offset {text} is out of range")
    return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))
