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


# Dates as a dealer's own tools write them -------------------------------------------------------

# Where a numeric date puts the month first; everywhere else (NL, BE, FR, DE, …) the day is first.
MONTH_FIRST_COUNTRIES = frozenset({"US", "PH", "FM", "MH", "PW"})

_LOCAL = re.compile(
    r"""^\s*(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})
    (?:(?P<gap>[T\s,]+)(?P<hour>\d{1,2})(?P<colon>[:.hHu])(?P<minute>\d{2})
    (?::(?P<second>\d{2}))?)?\s*$""",
    re.VERBOSE,
)
# Excel counts days from 1899-12-30; 20000 to 80000 is 1954 to 2119, the dates a lead can have.
_EXCEL_EPOCH = datetime(1899, 12, 30)
_SERIAL = re.compile(r"^\s*(?P<days>[2-7]\d{4})(?:[.,](?P<fraction>\d+))?\s*$")


def day_first_in(country: str) -> bool:
    """Whether `04-12-2026` is the 4th of December for a dealer in `country` (ISO code)."""
    return country.upper() not in MONTH_FIRST_COUNTRIES


def day_first_of(values: list[str], country: str) -> bool:
    """A column's date order: what its values prove (a first part above 12 is a day, a second
    part above 12 is a day), else the dealer's country's."""
    seen = [m for m in map(_LOCAL.match, values) if m]
    day_first = any(int(m["a"]) > 12 for m in seen)
    month_first = any(int(m["b"]) > 12 for m in seen)
    if day_first != month_first:
        return day_first
    return day_first_in(country)


def parse_local(text: str, *, day_first: bool) -> datetime | None:
    """`04-12-2026 09:15`, `4/12/26`, `04.12.2026 9h15` in the given order, or an Excel serial
    date (`46360.385`); naive, like `parse_timestamp` without an offset. None otherwise."""
    serial = _SERIAL.match(text)
    if serial:
        fraction = float(f"0.{serial['fraction']}") if serial["fraction"] else 0.0
        moment = _EXCEL_EPOCH + timedelta(days=int(serial["days"]) + fraction)
        return moment.replace(microsecond=0) + timedelta(seconds=round(moment.microsecond / 1e6))
    match = _LOCAL.match(text)
    if match is None:
        return None
    day, month = (match["a"], match["b"]) if day_first else (match["b"], match["a"])
    try:
        return datetime(
            _full_year(match["year"]),
            int(month),
            int(day),
            int(match["hour"] or 0),
            int(match["minute"] or 0),
            int(match["second"] or 0),
        )
    except ValueError:
        return None


def date_pattern(text: str, *, day_first: bool) -> str | None:
    """The strptime pattern that reads `text` in this order (`%d-%m-%Y %H:%M`), for a mapping
    file's `date_formats`; None when `text` is no numeric date."""
    match = _LOCAL.match(text)
    if match is None:
        return None
    first, second = ("%d", "%m") if day_first else ("%m", "%d")
    sep = match["sep"]
    pattern = f"{first}{sep}{second}{sep}{'%Y' if len(match['year']) == 4 else '%y'}"
    if match["hour"]:
        gap = match["gap"].replace("%", "")
        pattern += f"{gap}%H{match['colon']}%M" + (":%S" if match["second"] else "")
    return pattern


def _full_year(text: str) -> int:
    """`26` is 2026 and `98` is 1998: two-digit years pivot at 69, as strptime's `%y` does."""
    year = int(text)
    if len(text) == 4:
        return year
    return year + (2000 if year < 69 else 1900)
