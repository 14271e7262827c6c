"""Business time per lead, through the shared business-time code (`scoreline.hours`).

Each dealer has its own calendar (opening hours, country holidays, time zone). Rows are
grouped by dealer once and each group is handed to its calendar as one numpy array, so a
million leads cost a few searchsorted calls, not a million Python calls.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from scoreline.analytics.frames import (
    DEFAULT_COUNTRY,
    DEFAULT_OPENING_HOURS,
    DEFAULT_TIMEZONE,
    FrameError,
)
from scoreline.hours import BusinessCalendar

FloatArray = npt.NDArray[np.float64]
Instants = npt.NDArray[np.datetime64]
US_PER_DAY = 86_400_000_000


def dealer_calendars(dealers: pl.DataFrame) -> dict[str, BusinessCalendar]:
    """The business calendar of every dealer in the dealers frame (defaults where empty)."""
    settings = dealers.select(
        "dealer",
        pl.col("opening_hours").fill_null(DEFAULT_OPENING_HOURS),
        pl.col("country").fill_null(DEFAULT_COUNTRY),
        pl.col("timezone").fill_null(DEFAULT_TIMEZONE),
        (pl.col("exceptions") if "exceptions" in dealers.columns else pl.lit(None, pl.String))
        .fill_null("")
        .alias("exceptions"),
    )
    calendars = {}
    for dealer, hours, country, tz, exceptions in settings.iter_rows():
        try:
            calendars[dealer] = BusinessCalendar.build(
                hours, country=country, tz=tz, exceptions=dated_exceptions(exceptions)
            )
        except (ValueError, KeyError, LookupError) as error:
            raise FrameError(f"dealer {dealer!r}", None, "opening_hours", str(error)) from None
    return calendars


def dated_exceptions(text: str) -> dict[date, str] | None:
    """`2026-12-24=09:00-14:00;2026-12-31=off` as {date: hours}; None when empty."""
    pairs = [item.split("=", 1) for item in text.split(";") if item.strip()]
    if any(len(pair) != 2 for pair in pairs):
        raise ValueError(f"exceptions {text!r}: expected DATE=HOURS items separated by ';'")
    return {date.fromisoformat(day.strip()): hours.strip() for day, hours in pairs} or None


def dealer_timezones(dealers: pl.DataFrame) -> dict[str, str]:
    """Each dealer's IANA time zone (Europe/Amsterdam where empty)."""
    rows = dealers.select("dealer", pl.col("timezone").fill_null(DEFAULT_TIMEZONE)).iter_rows()
    return dict(rows)


def local(column: str, timezones: Mapping[str, str], dealer: str = "dealer") -> pl.Expr:
    """`column` (UTC) as wall-clock time of the row's dealer, tz-naive."""
    by_zone: dict[str, list[str]] = {}
    for name, tz in timezones.items():
        by_zone.setdefault(tz, []).append(name)
    default = pl.col(column).dt.convert_time_zone(DEFAULT_TIMEZONE).dt.replace_time_zone(None)
    if set(by_zone) <= {DEFAULT_TIMEZONE}:
        return default
    expr: pl.Expr = default
    for tz, names in by_zone.items():
        wall = pl.col(column).dt.convert_time_zone(tz).dt.replace_time_zone(None)
        expr = pl.when(pl.col(dealer).is_in(names)).then(wall).otherwise(expr)
    return expr


def per_dealer(
    dealers: pl.Series,
    calendars: Mapping[str, BusinessCalendar],
    compute: Callable[[BusinessCalendar, npt.NDArray[np.intp]], FloatArray],
) -> FloatArray:
    """Run `compute(calendar, row_indices)` once per distinct calendar (dealers with the
    same hours, country and zone share one) and scatter the results back."""
    out = np.full(len(dealers), np.nan)
    names = dealers.unique().to_list()
    shared: dict[int, BusinessCalendar] = {}
    which: dict[str, int] = {}
    for name in names:
        calendar = calendars.get(name) or _default_calendar()
        shared.setdefault(id(calendar), calendar)
        which[name] = id(calendar)
    if len(shared) == 1 and not dealers.has_nulls():  # one calendar for all: no look-up
        (calendar,) = shared.values()
        out[:] = compute(calendar, np.arange(len(dealers)))
        return out
    codes = dealers.replace_strict(which, default=None, return_dtype=pl.Int64).to_numpy()
    for key, calendar in shared.items():
        index = np.flatnonzero(codes == key)
        out[index] = compute(calendar, index)
    return out


def _default_calendar() -> BusinessCalendar:
    return BusinessCalendar.build(DEFAULT_OPENING_HOURS, country=DEFAULT_COUNTRY)


def business_minutes(
    dealers: pl.Series,
    starts: Instants,
    ends: Instants,
    calendars: Mapping[str, BusinessCalendar],
) -> FloatArray:
    """Business minutes from each start to each end in its dealer's hours; NaN where no end."""

    def compute(calendar: BusinessCalendar, index: npt.NDArray[np.intp]) -> FloatArray:
        return np.asarray(calendar.minutes_between_many(starts[index], ends[index]), np.float64)

    return per_dealer(dealers, calendars, compute)


def arrived_out_of_hours(
    dealers: pl.Series, at: Instants, calendars: Mapping[str, BusinessCalendar]
) -> npt.NDArray[np.bool_]:
    """Whether each instant fell while its dealer was closed (no open time in its minute)."""
    later = at + np.timedelta64(60, "s")
    return business_minutes(dealers, at, later, calendars) < 1


def open_days_between(
    dealers: pl.Series,
    first: npt.NDArray[np.datetime64],
    last: npt.NDArray[np.datetime64],
    calendars: Mapping[str, BusinessCalendar],
    timezones: Mapping[str, str],
) -> FloatArray:
    """Days with any opening strictly after `first` and strictly before `last` (local dates).

    A day counts when the dealer's calendar has open time in it, so holidays and closed
    weekdays do not; NaN where either date is missing.
    """

    def compute(calendar: BusinessCalendar, index: npt.NDArray[np.intp]) -> FloatArray:
        a, b = first[index], last[index]
        valid = ~(np.isnat(a) | np.isnat(b))
        out = np.full(len(index), np.nan)
        if not valid.any():
            return out
        lo, hi = min(a[valid].min(), b[valid].min()), max(a[valid].max(), b[valid].max())
        tz = timezones.get(str(dealers[int(index[0])]), DEFAULT_TIMEZONE)
        cumulative = _open_day_counts(calendar, tz, lo, hi)
        day_a = (a[valid] - lo).astype(np.int64)
        day_b = (b[valid] - lo).astype(np.int64)
        # open days in (a, b) = open days before b minus open days up to and including a
        out[valid] = np.maximum(cumulative[day_b] - cumulative[day_a + 1], 0)
        return out

    return per_dealer(dealers, calendars, compute)


def _open_day_counts(
    calendar: BusinessCalendar, tz: str, lo: np.datetime64, hi: np.datetime64
) -> npt.NDArray[np.int64]:
    """counts[i] = open days among the dates lo .. lo+i-1 (so counts[0] == 0)."""
    start = date.fromisoformat(str(lo))
    end = date.fromisoformat(str(hi)) + timedelta(days=1)
    midnights = (
        pl.datetime_range(start, end, "1d", eager=True, time_unit="us")
        .dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
        .dt.convert_time_zone("UTC")
        .to_numpy()
    )
    minutes = calendar.minutes_between_many(midnights[:-1], midnights[1:])
    is_open = (np.nan_to_num(np.asarray(minutes, np.float64)) > 0).astype(np.int64)
    return np.concatenate([[0], np.cumsum(is_open)])


def local_days(
    dealers: pl.Series, at: npt.NDArray[np.datetime64], timezones: Mapping[str, str]
) -> npt.NDArray[np.datetime64]:
    """Each instant's date on its dealer's wall clock (NaT stays NaT)."""
    return local_days_in_zones(*zone_codes(dealers, timezones), at)


def zone_codes(
    dealers: pl.Series, timezones: Mapping[str, str]
) -> tuple[npt.NDArray[np.int32], list[str]]:
    """Each row's time zone as a code into the returned names; a dealer group in one zone
    needs no look-up per row."""
    names = sorted(set(timezones.values()) | {DEFAULT_TIMEZONE})
    if len(names) == 1:
        return np.zeros(len(dealers), dtype=np.int32), names
    number = {name: i for i, name in enumerate(names)}
    codes = dealers.replace_strict(
        {d: number[tz] for d, tz in timezones.items()},
        default=number[DEFAULT_TIMEZONE],
        return_dtype=pl.Int32,
    ).to_numpy()
    return codes, names


def local_days_in_zones(
    codes: npt.NDArray[np.int32], names: list[str], at: npt.NDArray[np.datetime64]
) -> npt.NDArray[np.datetime64]:
    """Each instant's date on the wall clock of its zone (`zone_codes`); NaT stays NaT.

    The local midnights of the span, converted to UTC once per time zone, turn the
    conversion into a binary search: cheaper than converting millions of instants.
    """
    us = at.astype("datetime64[us]").view(np.int64)
    present = ~np.isnat(at)
    one_zone = len(names) == 1  # a dealer group in one zone: no rows picked out by zone
    if one_zone and len(us) and present.all():
        return _dates_in_zone(us, names[0])
    out = np.full(len(us), np.datetime64("NaT"), dtype="datetime64[D]")
    for i in np.unique(codes) if len(codes) else []:
        rows = np.flatnonzero(present if one_zone else (codes == i) & present)
        if len(rows):
            out[rows] = _dates_in_zone(us[rows], names[i])
    return out


def _dates_in_zone(us: npt.NDArray[np.int64], tz: str) -> npt.NDArray[np.datetime64]:
    first = np.datetime64(int(us.min()), "us").astype("datetime64[D]") - np.timedelta64(1, "D")
    last = np.datetime64(int(us.max()), "us").astype("datetime64[D]") + np.timedelta64(2, "D")
    days = np.arange(first, last + np.timedelta64(1, "D"), dtype="datetime64[D]")
    midnights = (
        pl.Series(days.astype("datetime64[us]"))
        .dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
        .dt.convert_time_zone("UTC")
        .dt.epoch("us")
        .to_numpy()
    )
    return days[_day_of(midnights, us)]


def _day_of(midnights: npt.NDArray[Any], us: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """`np.searchsorted(midnights, us, side="right") - 1`: the day each instant falls in.

    A binary search per instant is the slow part at millions of rows; local days are 23 to
    25 hours long, so the day count from the first midnight is right or one off. Corrected
    once and checked; when the check fails (a day skipped by a zone, or a midnight that does
    not exist: NaN) the search decides.
    """
    if midnights.dtype == np.int64 and len(midnights) > 1:
        last = len(midnights) - 2
        day = np.clip((us - midnights[0]) // US_PER_DAY, 0, last)
        day -= midnights[day] > us
        day += midnights[np.minimum(day + 1, last + 1)] <= us
        inside = bool(((day >= 0) & (day <= last)).all())
        if inside and ((midnights[day] <= us) & (us < midnights[day + 1])).all():
            return day
    return np.searchsorted(midnights, us, side="right") - 1
