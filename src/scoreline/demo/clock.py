"""When a demo dealer is open, laid out over the story's span for placing activities.

Built from the dealer's `BusinessCalendar` (weekly hours, public holidays, exceptions), so the
demo's salespeople work exactly when the product's clocks run. The per-lead story asks many
small questions ("two business hours later", "the next open day at 14:00"): they are answered
with `bisect` over plain lists, faster than numpy for one value at a time; arrivals, drawn in
bulk, use the arrays.
"""

from bisect import bisect_right
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from scoreline.hours import BusinessCalendar
from scoreline.hours.timeline import wall_to_us

US_PER_MINUTE = 60_000_000
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


class DealerClock:
    """Open intervals (epoch microseconds, UTC) of every local day from `first` to `last`."""

    def __init__(self, calendar: BusinessCalendar, first: date, last: date) -> None:
        self.calendar = calendar
        self.first = first
        self.days = (last - first).days + 1
        self.midnights: list[int] = []  # local midnight of each calendar day
        self.noons: list[int] = []  # local noon of each calendar day
        self.starts: list[int] = []  # open intervals, flattened
        self.ends: list[int] = []
        self.before: list[int] = []  # open time before each interval
        self.day_intervals: list[tuple[int, int]] = []  # interval index range of each day
        self._lay_out(calendar, first)
        self.through = [
            b + e - s for b, s, e in zip(self.before, self.starts, self.ends, strict=True)
        ]
        self.open_days = [d for d, (i, j) in enumerate(self.day_intervals) if j > i]
        self.open_day_closes = [self.ends[self.day_intervals[d][1] - 1] for d in self.open_days]

    def _lay_out(self, calendar: BusinessCalendar, first: date) -> None:
        tz, total = calendar.tz, 0
        for offset in range(self.days + 1):
            day = first + timedelta(days=offset)
            self.midnights.append(wall_to_us(day, 0, tz))
            self.noons.append(wall_to_us(day, 12 * 60, tz))
            if offset == self.days:
                break  # the midnight after the last day closes the span
            begin = len(self.starts)
            for start_minute, end_minute in calendar.hours_on(day):
                start, end = wall_to_us(day, start_minute, tz), wall_to_us(day, end_minute, tz)
                if end > start:
                    self.starts.append(start)
                    self.ends.append(end)
                    self.before.append(total)
                    total += end - start
            self.day_intervals.append((begin, len(self.starts)))

    # One value at a time, for the per-lead story.

    def local_day(self, at: int) -> int:
        """Index of the calendar day (0 = `first`) whose local date holds `at`."""
        return bisect_right(self.midnights, at) - 1

    def open_day(self, at: int) -> int:
        """Index into `open_days` of the open day `at` falls in, or of the next one."""
        return min(bisect_right(self.open_day_closes, at), len(self.open_days) - 1)

    def on_open_day(self, open_day: int, fraction: float) -> int:
        """The instant `fraction` of the way through an open day's open time."""
        day = self.open_days[min(open_day, len(self.open_days) - 1)]
        first, last = self.day_intervals[day]
        start = self.before[first]
        return self.at_elapsed(start + int(fraction * (self.through[last - 1] - start)))

    def elapsed(self, at: int) -> int:
        """Open microseconds from the span's start up to `at`."""
        index = bisect_right(self.starts, at) - 1
        if index < 0:
            return 0
        return self.before[index] + min(
            max(at - self.starts[index], 0), self.ends[index] - self.starts[index]
        )

    def at_elapsed(self, open_us: int) -> int:
        """The instant where open time reaches `open_us`: at an interval's edge, its opening."""
        index = max(bisect_right(self.before, open_us) - 1, 0)
        return self.starts[index] + min(
            open_us - self.before[index], self.ends[index] - self.starts[index]
        )

    def later(self, at: int, minutes: float) -> int:
        """`minutes` business minutes after `at`."""
        return self.at_elapsed(self.elapsed(at) + round(minutes * US_PER_MINUTE))

    # Arrays, for arrivals drawn in bulk.

    def day_open_minutes(self) -> npt.NDArray[np.float64]:
        """Open minutes of each calendar day."""
        before = np.array([*self.before, self.through[-1] if self.through else 0])
        bounds = np.array(self.day_intervals).reshape(-1, 2)
        return (before[bounds[:, 1]] - before[bounds[:, 0]]) / US_PER_MINUTE

    def inside_hours(self, days: IntArray, fractions: FloatArray) -> IntArray:
        """Instants `fractions` of the way through the open time of calendar `days`.

        Every day given must be open (`day_open_minutes() > 0`).
        """
        before = np.array([*self.before, self.through[-1] if self.through else 0])
        bounds = np.array(self.day_intervals).reshape(-1, 2)[days]
        start, end = before[bounds[:, 0]], before[bounds[:, 1]]
        targets = start + (fractions * (end - start)).astype(np.int64)
        index = np.maximum(np.searchsorted(self.before, targets, side="right") - 1, 0)
        return np.array(self.starts)[index] + targets - before[index]

    def wall_clock(self, days: IntArray, minutes: FloatArray) -> IntArray:
        """Instants at local wall-clock `minutes` after midnight of calendar `days`.

        Counted from local noon, so the hour skipped or repeated when the clocks change
        (at night) shifts only the small hours of that one day.
        """
        noons = np.array(self.noons)[days]
        return noons + ((minutes - 12 * 60) * US_PER_MINUTE).astype(np.int64)
