"""Properties of the business clock on random instants, checked against a stopwatch.

The stopwatch walks minute by minute and asks the wall clock whether the dealer is open,
which knows nothing of the precomputed timeline the calendar uses.
"""

from datetime import UTC, date, datetime, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from scoreline.hours import BusinessCalendar

CALENDARS = [
    BusinessCalendar.build("Mo-Fr 09:00-18:00; Sa 09:00-17:00"),
    BusinessCalendar.build("Mo-Fr 08:30-12:00,13:30-19:00; Sa 09:00-12:00", "FR", "Europe/Paris"),
    BusinessCalendar.build(
        "Mo-Sa 09:00-18:00; Su 01:00-04:00; PH 10:00-16:00", "BE", "Europe/Brussels"
    ),
    BusinessCalendar.build("24/7"),
    BusinessCalendar.build(
        "Mo-Fr 09:00-18:00",
        exceptions={date(2025, 12, 24): "09:00-12:00", date(2025, 12, 26): "10:00-14:00"},
    ),
]
# Near clock changes, Easter, Christmas and New Year, where mistakes would hide.
ANCHORS = [
    datetime(y, m, d, tzinfo=UTC)
    for y, m, d in [
        (2025, 3, 29),
        (2025, 10, 25),
        (2025, 4, 18),
        (2025, 12, 23),
        (2025, 12, 30),
        (2026, 3, 28),
    ]
]

calendars = st.sampled_from(CALENDARS)
instants = st.builds(
    lambda anchor, seconds: anchor + timedelta(seconds=seconds),
    st.sampled_from(ANCHORS),
    st.integers(min_value=-3 * 86400, max_value=5 * 86400),
)
whole_minutes = instants.map(lambda at: at.replace(second=0))
minutes = st.integers(min_value=0, max_value=20_000)


def stopwatch(calendar: BusinessCalendar, start: datetime, end: datetime) -> int:
    """Open minutes in [start, end), one wall-clock minute at a time."""
    count, at = 0, start
    while at < end:
        local = at.astimezone(calendar.tz)
        minute = local.hour * 60 + local.minute
        count += any(a <= minute < b for a, b in calendar.hours_on(local.date()))
        at += timedelta(minutes=1)
    return count


@settings(max_examples=60, deadline=None)
@given(calendars, whole_minutes, st.integers(min_value=0, max_value=3 * 1440))
def test_it_agrees_with_a_stopwatch(
    calendar: BusinessCalendar, start: datetime, length: int
) -> None:
    end = start + timedelta(minutes=length)

    assert calendar.minutes_between(start, end) == stopwatch(calendar, start, end)


@settings(deadline=None)
@given(calendars, instants, minutes)
def test_adding_minutes_then_counting_them_gives_them_back(
    calendar: BusinessCalendar, start: datetime, amount: int
) -> None:
    assert calendar.minutes_between(start, calendar.add_minutes(start, amount)) == amount


@settings(deadline=None)
@given(calendars, instants, minutes)
def test_the_clock_ends_inside_opening_hours_or_at_closing_time(
    calendar: BusinessCalendar, start: datetime, amount: int
) -> None:
    end = calendar.add_minutes(start, amount)

    assert end >= start
    if amount == 0:
        assert calendar.is_open(end)
    else:
        assert calendar.is_open(end - timedelta(microseconds=1))


@settings(deadline=None)
@given(calendars, instants, minutes, minutes)
def test_more_minutes_never_end_earlier(
    calendar: BusinessCalendar, start: datetime, a: int, b: int
) -> None:
    fewer, more = sorted((a, b))

    assert calendar.add_minutes(start, fewer) <= calendar.add_minutes(start, more)


@settings(deadline=None)
@given(calendars, instants, instants, instants)
def test_counts_grow_with_the_interval(
    calendar: BusinessCalendar, a: datetime, b: datetime, c: datetime
) -> None:
    first, middle, last = sorted((a, b, c))

    assert calendar.minutes_between(first, last) >= calendar.minutes_between(middle, last)
    assert calendar.minutes_between(first, last) >= calendar.minutes_between(first, middle)


@settings(deadline=None)
@given(calendars, whole_minutes, whole_minutes, whole_minutes)
def test_whole_minute_counts_add_up(
    calendar: BusinessCalendar, a: datetime, b: datetime, c: datetime
) -> None:
    first, middle, last = sorted((a, b, c))

    split = calendar.minutes_between(first, middle) + calendar.minutes_between(middle, last)
    assert calendar.minutes_between(first, last) == split


def _as_utc_array(values: list[datetime | None]) -> np.ndarray:
    return np.array(
        [
            np.datetime64(v.astimezone(UTC).replace(tzinfo=None), "us")
            if v
            else np.datetime64("NaT", "us")
            for v in values
        ],
        dtype="datetime64[us]",
    )


@settings(deadline=None, max_examples=50)
@given(calendars, st.lists(st.tuples(st.none() | instants, st.none() | instants), max_size=30))
def test_counting_many_at_once_equals_counting_one_by_one(
    calendar: BusinessCalendar, pairs: list[tuple[datetime | None, datetime | None]]
) -> None:
    starts, ends = _as_utc_array([s for s, _ in pairs]), _as_utc_array([e for _, e in pairs])

    many = calendar.minutes_between_many(starts, ends)

    one_by_one = [calendar.minutes_between(s, e) if s and e else np.nan for s, e in pairs]
    np.testing.assert_array_equal(many, np.array(one_by_one, dtype=np.float64))


@settings(deadline=None, max_examples=50)
@given(calendars, st.lists(st.tuples(st.none() | instants, minutes), max_size=30))
def test_adding_to_many_at_once_equals_adding_one_by_one(
    calendar: BusinessCalendar, rows: list[tuple[datetime | None, int]]
) -> None:
    starts = _as_utc_array([s for s, _ in rows])

    many = calendar.add_minutes_many(starts, [m for _, m in rows])

    one_by_one = _as_utc_array([calendar.add_minutes(s, m) if s else None for s, m in rows])
    np.testing.assert_array_equal(many, one_by_one)
