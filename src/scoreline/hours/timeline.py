"""Open time laid out on the UTC axis, so business time becomes a lookup.

A `Timeline` holds every open interval of a span of years as epoch microseconds, plus the
open time accumulated before each one. With F(t) = open time before instant t, business
time between two instants is F(end) - F(start), and "m minutes later" is the inverse of F:
both are one `np.searchsorted` over a few thousand intervals, for one instant or millions.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import numpy as np

from scoreline.hours.instants import IntArray
from scoreline.hours.opening import MINUTES_PER_DAY, DayHours

US_PER_SECOND = 1_000_000


@dataclass(frozen=True)
class Timeline:
    """Open intervals of the local years `first_year`..`last_year` and their running total.

    `starts[0]` is a zero-length interval at the span's first local midnight, so every
    instant in the span has an interval at or before it.
    """

    first_year: int
    last_year: int
    starts: IntArray
    ends: IntArray
    before: IntArray  # open microseconds before each interval starts
    through: IntArray  # open microseconds up to each interval's end

    @property
    def span_start(self) -> int:
        return int(self.starts[0])

    @property
    def total(self) -> int:
        """Open microseconds in the whole span."""
        return int(self.through[-1])

    def elapsed(self, instants: IntArray) -> IntArray:
        """F(t): open microseconds from the span's start up to each instant."""
        index = np.searchsorted(self.starts, instants, side="right") - 1
        lengths = self.ends[index] - self.starts[index]
        return self.before[index] + np.clip(instants - self.starts[index], 0, lengths)

    def is_open(self, instants: IntArray) -> np.ndarray:
        """Whether each instant lies inside an open interval (intervals are [start, end))."""
        index = np.searchsorted(self.starts, instants, side="right") - 1
        return instants < self.ends[index]

    def instant_at(self, targets: IntArray, starting: np.ndarray) -> IntArray:
        """The inverse of F: the instant where open time reaches each target.

        Where `starting` is set (zero minutes added) it is the first open instant at or
        after the target, so a clock started while closed starts at the next opening;
        otherwise the earliest instant, so a deadline can fall exactly at closing time.
        Callers make sure every target is below `total`.
        """
        index = np.searchsorted(self.through, targets + starting.astype(np.int64), side="left")
        return self.starts[index] + (targets - self.before[index])


def build_timeline(
    first_year: int,
    last_year: int,
    intervals_of_year: Callable[[int], tuple[IntArray, IntArray]],
    tz: tzinfo,
) -> Timeline:
    """Join per-year open intervals into a timeline with running totals."""
    years = [intervals_of_year(year) for year in range(first_year, last_year + 1)]
    sentinel = np.array([wall_to_us(date(first_year, 1, 1), 0, tz)], dtype=np.int64)
    starts = np.concatenate([sentinel, *(year_starts for year_starts, _ in years)])
    ends = np.concatenate([sentinel, *(year_ends for _, year_ends in years)])
    through = np.cumsum(ends - starts)
    return Timeline(first_year, last_year, starts, ends, through - (ends - starts), through)


def year_intervals(
    year: int, hours_on: Callable[[date], DayHours], tz: tzinfo
) -> tuple[IntArray, IntArray]:
    """The open intervals of one local year in epoch microseconds, empty ones dropped."""
    starts: list[int] = []
    ends: list[int] = []
    day = date(year, 1, 1)
    while day.year == year:
        for start, end in hours_on(day):
            starts.append(wall_to_us(day, start, tz))
            ends.append(wall_to_us(day, end, tz))
        day += timedelta(days=1)
    starts_array, ends_array = np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)
    keep = ends_array > starts_array  # a range inside a skipped DST hour holds no time
    return starts_array[keep], ends_array[keep]


def wall_to_us(day: date, minute: int, tz: tzinfo) -> int:
    """The first instant at which the wall clock in `tz` shows `minute` of `day`.

    A wall time shown twice (clocks going back) means its first occurrence; a wall time
    skipped (clocks going forward) means the moment of the jump, when the clock passes it.
    `minute` may be 24:00, the next day's midnight.
    """
    day, minute = day + timedelta(days=minute // MINUTES_PER_DAY), minute % MINUTES_PER_DAY
    naive = datetime.combine(day, time(minute // 60, minute % 60))
    earlier = round(naive.replace(tzinfo=tz).timestamp())
    later = round(naive.replace(tzinfo=tz, fold=1).timestamp())
    if earlier <= later:
        return earlier * US_PER_SECOND
    return _jump_between(later, earlier, tz) * US_PER_SECOND


def _jump_between(low: int, high: int, tz: tzinfo) -> int:
    """The first second in (low, high] that already has `high`'s UTC offset (bisection)."""
    offset = _offset_at(high, tz)
    while high - low > 1:
        middle = (low + high) // 2
        if _offset_at(middle, tz) == offset:
            high = middle
        else:
            low = middle
    return high


def _offset_at(second: int, tz: tzinfo) -> timedelta | None:
    return datetime.fromtimestamp(second, UTC).astimezone(tz).utcoffset()
