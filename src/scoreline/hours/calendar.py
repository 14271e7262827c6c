"""A dealer's business calendar: when the clock on a lead runs.

Business time is counted only while the dealer is open: its weekly opening hours, in the
wall-clock time of its own time zone, less its country's public holidays (unless the
schedule opens on `PH`), with dated exceptions overriding both. DESIGN.md uses it for speed
to lead and stale leads.

Public holidays come from the `holidays` package's public category for the country (and
subdivision): for NL that includes Good Friday and Liberation Day every year, so a dealer
open on those days says so with a `PH` rule or a dated exception.

Counting rule for partial minutes: business minutes are whole minutes, the floor of the
open seconds (and microseconds) elapsed, so 14 minutes 59 seconds of open time count as 14.
"""

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property, lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holiday_data
import numpy as np
import numpy.typing as npt

from scoreline.hours.instants import (
    US_PER_MINUTE,
    IntArray,
    array_to_us,
    from_us,
    to_us,
    us_to_datetime64,
)
from scoreline.hours.opening import (
    DayHours,
    OpeningHoursError,
    WeeklySchedule,
    format_opening_hours,
    parse_day_hours,
    parse_opening_hours,
)
from scoreline.hours.timeline import Timeline, build_timeline, year_intervals

# How far past the data a clock may run before the calendar gives up: a schedule with no
# open hours would otherwise extend the timeline forever.
LOOKAHEAD_YEARS = 100
US_PER_DAY = 86_400_000_000


class _Memo:
    """The calendar's lazily grown timeline; swapped whole under a lock, read without one."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.timeline: Timeline | None = None
        self.years: dict[int, tuple[IntArray, IntArray]] = {}
        self.holidays: dict[int, frozenset[date]] = {}


@dataclass(frozen=True)
class BusinessCalendar:
    """Opening hours, public holidays and exceptions of one dealer, in its time zone.

    Build it with `BusinessCalendar.build(...)`; equal arguments give the same object.
    Instants are aware datetimes (naive ones raise TypeError); results are in `tz`.
    """

    schedule: WeeklySchedule
    country: str
    tz: ZoneInfo
    subdivision: str | None = None
    exceptions: tuple[tuple[date, DayHours], ...] = ()
    _memo: _Memo = field(default_factory=_Memo, init=False, compare=False, repr=False)

    @classmethod
    def build(
        cls,
        opening_hours: str | WeeklySchedule,
        country: str = "NL",
        tz: str = "Europe/Amsterdam",
        exceptions: Mapping[date, str] | None = None,
        subdivision: str | None = None,
    ) -> "BusinessCalendar":
        """A calendar from opening-hours notation and dated day specs (`"off"`, `"10:00-16:00"`)."""
        return _build(opening_hours, country.upper(), tz, _read_exceptions(exceptions), subdivision)

    @property
    def opening_hours(self) -> str:
        """The weekly schedule in canonical opening-hours notation."""
        return format_opening_hours(self.schedule)

    @cached_property
    def _exception_hours(self) -> dict[date, DayHours]:
        return dict(self.exceptions)

    def is_holiday(self, day: date) -> bool:
        """Whether `day` is a public holiday in the calendar's country (and subdivision)."""
        return day in self._holidays_of(day.year)

    def hours_on(self, day: date) -> DayHours:
        """The open intervals of a local date: its exception, else holiday hours, else weekday."""
        exception = self._exception_hours.get(day)
        if exception is not None:
            return exception
        if self.is_holiday(day):
            return self.schedule.public_holidays
        return self.schedule.days[day.weekday()]

    def is_open(self, at: datetime) -> bool:
        """Whether the dealer is open at `at` (opening time included, closing time not)."""
        us = np.array([to_us(at, "at")])
        return bool(self._covering(us).is_open(us)[0])

    def next_open(self, at: datetime) -> datetime:
        """`at` itself when open, else the next opening moment."""
        return self.add_minutes(at, 0)

    def minutes_between(self, start: datetime, end: datetime) -> int:
        """Whole business minutes in [start, end); 0 when end is not after start."""
        starts, ends = np.array([to_us(start, "start")]), np.array([to_us(end, "end")])
        return int(self._open_us_between(starts, ends)[0] // US_PER_MINUTE)

    def add_minutes(self, start: datetime, minutes: float) -> datetime:
        """The instant when `minutes` business minutes have elapsed since `start`.

        Zero minutes give the next opening moment (the clock of a lead that arrives while
        closed starts then); otherwise the earliest such instant, which may be a closing time.
        """
        if not minutes >= 0:  # also refuses NaN
            raise ValueError(f"minutes must be zero or more, got {minutes}")
        starts = np.array([to_us(start, "start")])
        delta = np.array([round(minutes * US_PER_MINUTE)], dtype=np.int64)
        return from_us(int(self._instants_after(starts, delta)[0]), self.tz)

    def minutes_between_many(self, starts: Any, ends: Any) -> npt.NDArray[np.float64]:
        """Business minutes per (start, end) pair of UTC instants; NaN where either is missing."""
        start_us, start_missing = array_to_us(starts, "starts")
        end_us, end_missing = array_to_us(ends, "ends")
        _same_length(start_us, end_us, "ends")
        missing = start_missing | end_missing
        if missing.all():
            return np.full(start_us.shape, np.nan)
        start_us, end_us = _filled(start_us, missing), _filled(end_us, missing)
        minutes = (self._open_us_between(start_us, end_us) // US_PER_MINUTE).astype(np.float64)
        minutes[missing] = np.nan
        return minutes

    def add_minutes_many(self, starts: Any, minutes: Any) -> npt.NDArray[np.datetime64]:
        """`add_minutes` per row, as UTC datetime64[us]; NaT where start or minutes is missing."""
        start_us, start_missing = array_to_us(starts, "starts")
        amounts = np.ravel(np.asarray(minutes, dtype=np.float64))
        _same_length(start_us, amounts, "minutes")
        missing = start_missing | np.isnan(amounts)
        _refuse_negative(amounts, missing)
        if missing.all():
            return us_to_datetime64(start_us, missing)
        delta = np.rint(np.where(missing, 0.0, amounts) * US_PER_MINUTE).astype(np.int64)
        return us_to_datetime64(self._instants_after(_filled(start_us, missing), delta), missing)

    def _open_us_between(self, starts: IntArray, ends: IntArray) -> IntArray:
        timeline = self._covering(starts, ends)
        return np.maximum(timeline.elapsed(ends) - timeline.elapsed(starts), 0)

    def _instants_after(self, starts: IntArray, delta: IntArray) -> IntArray:
        """Where open time since each start reaches `delta`, growing the timeline as needed."""
        timeline = self._covering(starts)
        latest = int(starts.max())
        while True:
            targets = timeline.elapsed(starts) + delta
            if int(targets.max()) < timeline.total:
                return timeline.instant_at(targets, delta == 0)
            timeline = self._grown(timeline, latest)

    def _grown(self, timeline: Timeline, latest_start: int) -> Timeline:
        year = int(np.datetime64(latest_start, "us").astype("datetime64[Y]").astype(int)) + 1970
        if timeline.last_year >= year + LOOKAHEAD_YEARS:
            raise ValueError(
                f"no business time within {LOOKAHEAD_YEARS} years after {year} for opening "
                f"hours {self.opening_hours!r}: is the dealer ever open?"
            )
        extra = max(1, timeline.last_year - timeline.first_year)
        return self._extended(timeline.first_year, timeline.last_year + extra)

    def _covering(self, *instants: IntArray) -> Timeline:
        """A timeline whose span holds every instant, built or widened on demand."""
        earliest = min(int(values.min()) for values in instants)
        latest = max(int(values.max()) for values in instants)
        timeline = self._memo.timeline
        if timeline is not None and timeline.covers(earliest, latest):
            return timeline
        first, last = _years_of(earliest - US_PER_DAY, latest + US_PER_DAY)
        if timeline is not None:
            return self._extended(min(first, timeline.first_year), max(last, timeline.last_year))
        return self._extended(first - 1, last + 1)

    def _extended(self, first_year: int, last_year: int) -> Timeline:
        if first_year < 1 or last_year > 9998:
            raise ValueError(f"business time is counted for years 1 to 9998, not {first_year}")
        with self._memo.lock:
            timeline = build_timeline(first_year, last_year, self._year_intervals, self.tz)
            self._memo.timeline = timeline
            return timeline

    def _year_intervals(self, year: int) -> tuple[IntArray, IntArray]:
        if year not in self._memo.years:
            self._memo.years[year] = year_intervals(year, self.hours_on, self.tz)
        return self._memo.years[year]

    def _holidays_of(self, year: int) -> frozenset[date]:
        if year not in self._memo.holidays:
            days = _country_holidays(self.country, self.subdivision, year)
            self._memo.holidays[year] = frozenset(days)
        return self._memo.holidays[year]


@lru_cache(maxsize=256)
def _build(
    opening_hours: str | WeeklySchedule,
    country: str,
    tz: str,
    exceptions: tuple[tuple[date, DayHours], ...],
    subdivision: str | None,
) -> BusinessCalendar:
    if isinstance(opening_hours, WeeklySchedule):
        schedule = opening_hours
    else:
        schedule = parse_opening_hours(opening_hours)
    _country_holidays(country, subdivision, 2000)  # fail now on an unknown country
    return BusinessCalendar(schedule, country, _zone(tz), subdivision, exceptions)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(
            f"unknown time zone {name!r} (use an IANA name like Europe/Amsterdam)"
        ) from error


def _country_holidays(country: str, subdivision: str | None, year: int) -> dict[date, str]:
    try:
        return dict(holiday_data.country_holidays(country, subdiv=subdivision, years=year))
    except NotImplementedError as error:
        where = f"country {country!r}" + (f", subdivision {subdivision!r}" if subdivision else "")
        raise ValueError(f"no public holidays known for {where}: {error}") from error


def _read_exceptions(exceptions: Mapping[date, str] | None) -> tuple[tuple[date, DayHours], ...]:
    """Dated day specs as a sorted, hashable tuple; errors name the date."""
    read = []
    for day, spec in (exceptions or {}).items():
        if isinstance(day, datetime) or not isinstance(day, date):
            raise TypeError(f"exception keys must be dates, not {type(day).__name__} {day!r}")
        try:
            read.append((day, parse_day_hours(spec)))
        except OpeningHoursError as error:
            raise OpeningHoursError(f"exception for {day.isoformat()}: {error}") from error
    return tuple(sorted(read))


def _years_of(first_us: int, last_us: int) -> tuple[int, int]:
    years = np.array([first_us, last_us]).view("datetime64[us]").astype("datetime64[Y]")
    first, last = (int(year) + 1970 for year in years.astype(int))
    return first, last


def _filled(us: IntArray, missing: npt.NDArray[np.bool_]) -> IntArray:
    """Missing instants replaced by a present one, so the lookup needs no compaction."""
    if not missing.any():
        return us
    return np.where(missing, us[np.argmin(missing)], us)


def _same_length(first: np.ndarray, second: np.ndarray, name: str) -> None:
    if first.shape != second.shape:
        raise ValueError(f"{name} has {second.size} values but starts has {first.size}")


def _refuse_negative(minutes: npt.NDArray[np.float64], missing: npt.NDArray[np.bool_]) -> None:
    negative = np.flatnonzero(~missing & (minutes < 0))
    if negative.size:
        row = int(negative[0])
        raise ValueError(f"minutes must be zero or more: row {row} has {minutes[row]}")
