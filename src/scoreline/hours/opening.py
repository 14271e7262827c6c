"""Weekly opening hours in OpenStreetMap `opening_hours` notation.

The supported subset is what dealers write: day selectors (`Mo-Fr`, `Mo,We,Fr`, `Fr-Mo`,
`PH`), several time ranges per rule (`08:30-12:30,13:00-18:00`), `off`/`closed`, `24/7`,
and rules separated by `;` where a later rule replaces the hours of the days it names.
A rule without a day selector (`10:00-16:00`, `24/7`) names every weekday. Public holidays
are closed unless a rule names `PH`. Times run from 00:00 to 24:00; a range that would run
past midnight is refused rather than guessed at.
"""

import re
from dataclasses import dataclass

Interval = tuple[int, int]
DayHours = tuple[Interval, ...]

DAY_NAMES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
MINUTES_PER_DAY = 24 * 60
_ALL_DAY: DayHours = ((0, MINUTES_PER_DAY),)
_TOKEN = re.compile(
    r"\s*(?:(?P<always>24/7)|(?P<time>\d+(?::\d+)?)|(?P<word>[A-Za-z]+)|(?P<punct>[-,]))"
)
_TIME = re.compile(r"(\d{1,2}):(\d{2})")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-"})


class OpeningHoursError(ValueError):
    """An opening-hours text that cannot be read; the message names the token and position."""


@dataclass(frozen=True)
class WeeklySchedule:
    """Open intervals per weekday (Monday first) in wall-clock minutes since midnight.

    `public_holidays` holds the hours on a public holiday: empty means closed (the default).
    """

    days: tuple[DayHours, DayHours, DayHours, DayHours, DayHours, DayHours, DayHours]
    public_holidays: DayHours = ()

    def hours_on_weekday(self, weekday: int) -> DayHours:
        """The open intervals on a weekday (0 = Monday), as in `date.weekday()`."""
        return self.days[weekday]

    @property
    def weekly_minutes(self) -> int:
        """Open minutes in an ordinary week, for sanity checks and display."""
        return sum(end - start for day in self.days for start, end in day)

    def __str__(self) -> str:
        return format_opening_hours(self)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    position: int


class _Reader:
    """Reads the tokens of one rule, raising errors that quote the whole text."""

    def __init__(self, spec: str, rule: str, offset: int) -> None:
        self.spec = spec
        self.tokens = _tokenize(spec, rule, offset)
        self.index = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def accept(self, text: str) -> bool:
        token = self.peek()
        if token is not None and token.text == text:
            self.index += 1
            return True
        return False

    def error(self, problem: str, token: _Token | None) -> OpeningHoursError:
        if token is None:
            return OpeningHoursError(f"opening hours {self.spec!r}: {problem} at the end")
        where = f"{token.text!r} at position {token.position}"
        return OpeningHoursError(f"opening hours {self.spec!r}: {problem} {where}")


def parse_opening_hours(spec: str) -> WeeklySchedule:
    """Read a weekly schedule such as `Mo-Fr 09:00-18:00; Sa 09:00-17:00; PH off`."""
    if not isinstance(spec, str):
        raise TypeError(f"opening hours must be a string, not {type(spec).__name__}")
    days: list[DayHours] = [()] * 7
    holidays: DayHours = ()
    rules = _split_rules(spec)
    if not rules:
        raise OpeningHoursError(f"opening hours {spec!r}: empty, write 'off' for always closed")
    for rule, offset in rules:
        selected, with_holidays, hours = _parse_rule(_Reader(spec, rule, offset))
        for weekday in selected:
            days[weekday] = hours
        if with_holidays:
            holidays = hours
    return WeeklySchedule(days=tuple(days), public_holidays=holidays)  # type: ignore[arg-type]


def parse_day_hours(spec: str) -> DayHours:
    """Read the hours of a single day: `10:00-16:00`, `09:00-12:00,13:00-17:00` or `off`."""
    if not isinstance(spec, str):
        raise TypeError(f"day hours must be a string, not {type(spec).__name__}")
    reader = _Reader(spec, spec, 0)
    if reader.peek() is None:
        raise OpeningHoursError(f"opening hours {spec!r}: empty, write 'off' for closed")
    hours = _parse_hours(reader)
    if reader.peek() is not None:
        raise reader.error("unexpected", reader.peek())
    return hours


def format_opening_hours(schedule: WeeklySchedule) -> str:
    """Write a schedule in canonical notation; `parse_opening_hours` reads it back equal."""
    if all(day == _ALL_DAY for day in schedule.days):
        rules = ["24/7"]
    else:
        rules = [
            f"{_format_days(group)} {_format_hours(hours)}" for hours, group in _groups(schedule)
        ]
    if schedule.public_holidays:
        rules.append(f"PH {_format_hours(schedule.public_holidays)}")
    return "; ".join(rules) if rules else "off"


def format_day_hours(hours: DayHours) -> str:
    """Write one day's hours, `off` when closed."""
    return _format_hours(hours) if hours else "off"


def _split_rules(spec: str) -> list[tuple[str, int]]:
    """Split on `;`, keeping each rule's offset so errors can point into the whole text."""
    rules, offset = [], 0
    for part in spec.split(";"):
        if part.strip():
            rules.append((part, offset))
        offset += len(part) + 1
    return rules


def _tokenize(spec: str, rule: str, offset: int) -> list[_Token]:
    text = rule.translate(_DASHES)
    tokens, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            if text[position:].strip() == "":
                break
            bad = text[position:].lstrip()
            where = offset + len(text) - len(bad)
            problem = f"unexpected character {bad[0]!r} at position {where}"
            raise OpeningHoursError(f"opening hours {spec!r}: {problem}")
        kind = match.lastgroup or ""
        tokens.append(_Token(kind, match.group(kind), offset + match.start(kind)))
        position = match.end()
    return tokens


def _parse_rule(reader: _Reader) -> tuple[list[int], bool, DayHours]:
    """One rule: (weekdays it names, whether it names PH, their hours)."""
    if reader.accept("24/7"):
        if reader.peek() is not None:
            raise reader.error("unexpected after '24/7'", reader.peek())
        return list(range(7)), False, _ALL_DAY
    first = reader.peek()
    if first is not None and first.kind == "word" and first.text.lower() not in ("off", "closed"):
        weekdays, with_holidays = _parse_selector(reader)
    else:
        weekdays, with_holidays = list(range(7)), False
    if reader.peek() is None:
        raise reader.error("missing times (e.g. 09:00-18:00 or off)", None)
    hours = _parse_hours(reader)
    if reader.peek() is not None:
        raise reader.error("unexpected", reader.peek())
    return weekdays, with_holidays, hours


def _parse_selector(reader: _Reader) -> tuple[list[int], bool]:
    """Comma-separated days, day ranges (wrapping past Sunday) and `PH`."""
    weekdays: list[int] = []
    with_holidays = False
    while True:
        token = reader.take()
        if token.text.upper() == "PH":
            with_holidays = True
        else:
            start = _weekday(reader, token)
            end = _weekday(reader, _next_word(reader)) if reader.accept("-") else start
            weekdays.extend((start + step) % 7 for step in range((end - start) % 7 + 1))
        following = reader.peek()
        if not (following and following.text == "," and _word_after_comma(reader)):
            return weekdays, with_holidays
        reader.take()


def _word_after_comma(reader: _Reader) -> bool:
    after = reader.tokens[reader.index + 1] if reader.index + 1 < len(reader.tokens) else None
    return after is not None and after.kind == "word"


def _next_word(reader: _Reader) -> _Token:
    token = reader.peek()
    if token is None or token.kind != "word":
        raise reader.error("expected a day", token)
    return reader.take()


def _weekday(reader: _Reader, token: _Token) -> int:
    if token.kind != "word":
        raise reader.error("expected a day", token)
    names = [name.lower() for name in DAY_NAMES]
    if token.text.lower() not in names:
        raise reader.error("unknown day", token)
    return names.index(token.text.lower())


def _parse_hours(reader: _Reader) -> DayHours:
    """`off`/`closed`, or comma-separated time ranges merged into sorted intervals."""
    token = reader.peek()
    if token is not None and token.kind == "word":
        if token.text.lower() in ("off", "closed"):
            reader.take()
            return ()
        raise reader.error("expected a time range or 'off', got", token)
    intervals = [_parse_range(reader)]
    while reader.accept(","):
        intervals.append(_parse_range(reader))
    return _merge(intervals)


def _parse_range(reader: _Reader) -> Interval:
    start_token = reader.peek()
    start = _parse_time(reader)
    if not reader.accept("-"):
        raise reader.error("expected '-' after the opening time", reader.peek())
    end_token = reader.peek()
    end = _parse_time(reader)
    if start == MINUTES_PER_DAY:
        raise reader.error("a range cannot start at 24:00", start_token)
    if end <= start:
        problem = "closing time must be after opening time (overnight ranges are not supported)"
        raise reader.error(problem, end_token)
    return start, end


def _parse_time(reader: _Reader) -> int:
    token = reader.peek()
    if token is None or token.kind != "time":
        raise reader.error("expected a time (HH:MM)", token)
    reader.take()
    match = _TIME.fullmatch(token.text)
    if match is None:
        raise reader.error("invalid time (write HH:MM)", token)
    hour, minute = int(match[1]), int(match[2])
    if minute > 59 or hour > 24 or (hour == 24 and minute > 0):
        raise reader.error("invalid time", token)
    return hour * 60 + minute


def _merge(intervals: list[Interval]) -> DayHours:
    """Sort and join overlapping or touching intervals so equal hours compare equal."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _groups(schedule: WeeklySchedule) -> list[tuple[DayHours, list[int]]]:
    """Open weekdays grouped by identical hours, in order of their first day."""
    groups: dict[DayHours, list[int]] = {}
    for weekday, hours in enumerate(schedule.days):
        if hours:
            groups.setdefault(hours, []).append(weekday)
    return list(groups.items())


def _format_days(weekdays: list[int]) -> str:
    """Runs of three or more days as ranges (`Mo-Fr`), shorter runs as lists (`Sa,Su`)."""
    runs: list[list[int]] = []
    for weekday in weekdays:
        if runs and runs[-1][-1] == weekday - 1:
            runs[-1].append(weekday)
        else:
            runs.append([weekday])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{DAY_NAMES[run[0]]}-{DAY_NAMES[run[-1]]}")
        else:
            parts.extend(DAY_NAMES[weekday] for weekday in run)
    return ",".join(parts)


def _format_hours(hours: DayHours) -> str:
    return ",".join(f"{_format_time(start)}-{_format_time(end)}" for start, end in hours)


def _format_time(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"
