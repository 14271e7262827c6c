"""The demo's clock places work inside the dealer's hours exactly as the product counts them."""

import random
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from scoreline.demo.clock import DealerClock
from scoreline.hours import BusinessCalendar

ANTWERPEN = "Mo-Fr 08:30-12:30,13:30-18:30; Sa 10:00-17:00"
FIRST, LAST = date(2026, 1, 1), date(2026, 12, 31)


@pytest.fixture(scope="module")
def calendar() -> BusinessCalendar:
    return BusinessCalendar.build(
        ANTWERPEN, "BE", "Europe/Brussels", {date(2026, 1, 11): "10:00-18:00"}
    )


@pytest.fixture(scope="module")
def clock(calendar: BusinessCalendar) -> DealerClock:
    return DealerClock(calendar, FIRST, LAST)


def us(at: datetime) -> int:
    return (at - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


def moment(value: int, calendar: BusinessCalendar) -> datetime:
    return (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=value)).astimezone(
        calendar.tz
    )


def test_later_agrees_with_the_business_calendar(
    calendar: BusinessCalendar, clock: DealerClock
) -> None:
    r = random.Random(7)
    for _ in range(300):
        start = datetime(2026, 1, 2, tzinfo=UTC) + timedelta(seconds=r.randrange(330 * 86_400))
        minutes = 0.5 + r.random() * 3_000
        assert moment(clock.later(us(start), minutes), calendar) == calendar.add_minutes(
            start, minutes
        )


def test_a_moment_on_an_open_day_is_inside_opening_hours(
    calendar: BusinessCalendar, clock: DealerClock
) -> None:
    r = random.Random(8)
    for _ in range(300):
        at = clock.on_open_day(r.randrange(len(clock.open_days) - 1), r.random() * 0.999)
        assert calendar.is_open(moment(at, calendar))


def test_the_motor_show_sunday_is_an_open_day_and_an_ordinary_sunday_is_not(
    clock: DealerClock,
) -> None:
    sunday_open, sunday_closed = (date(2026, 1, 11) - FIRST).days, (date(2026, 1, 18) - FIRST).days
    assert sunday_open in clock.open_days
    assert sunday_closed not in clock.open_days


def test_local_days_follow_the_dealers_midnight_across_the_clock_change(
    calendar: BusinessCalendar, clock: DealerClock
) -> None:
    # 29 March 2026: clocks go forward in Brussels; local midnight is 22:00 UTC after it.
    after_midnight = datetime(2026, 3, 29, 22, 30, tzinfo=UTC)
    assert clock.local_day(us(after_midnight)) == (date(2026, 3, 30) - FIRST).days


def test_arrays_put_instants_inside_the_hours_or_on_the_wall_clock(
    calendar: BusinessCalendar, clock: DealerClock
) -> None:
    monday = (date(2026, 3, 2) - FIRST).days
    inside = clock.inside_hours(np.array([monday, monday]), np.array([0.0, 0.5]))
    assert [moment(int(v), calendar).strftime("%H:%M") for v in inside] == ["08:30", "14:00"]
    evening = clock.wall_clock(np.array([monday]), np.array([21 * 60.0]))
    assert moment(int(evening[0]), calendar).strftime("%Y-%m-%d %H:%M") == "2026-03-02 21:00"
    assert clock.day_open_minutes()[monday] == 540
