"""Opening hours are wall-clock hours: the clock changes of the last Sundays of March and
October move them on the UTC axis, and a night of 23 or 25 hours counts as such."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from scoreline.hours import BusinessCalendar

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SPRING_FORWARD = (2025, 3, 30)  # 02:00 CET becomes 03:00 CEST
FALL_BACK = (2025, 10, 26)  # 03:00 CEST becomes 02:00 CET


def local(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=AMSTERDAM)  # type: ignore[misc]


@pytest.fixture(scope="module")
def sunday_dealer() -> BusinessCalendar:
    return BusinessCalendar.build("Mo-Fr 09:00-18:00; Sa 09:00-17:00; Su 10:00-16:00")


@pytest.fixture(scope="module")
def always_open() -> BusinessCalendar:
    return BusinessCalendar.build("24/7")


@pytest.mark.parametrize("sunday", [SPRING_FORWARD, FALL_BACK])
def test_a_sunday_opening_keeps_its_wall_clock_hours_across_the_change(
    sunday_dealer: BusinessCalendar, sunday: tuple[int, int, int]
) -> None:
    saturday_closing = local(sunday[0], sunday[1], sunday[2] - 1, 17, 0)

    opening = sunday_dealer.next_open(saturday_closing)

    assert opening == local(*sunday, 10, 0)
    assert (
        sunday_dealer.minutes_between(
            saturday_closing, local(sunday[0], sunday[1], sunday[2] + 1, 9)
        )
        == 360
    )


def test_the_sunday_opening_moves_an_hour_earlier_in_utc_after_spring_forward(
    sunday_dealer: BusinessCalendar,
) -> None:
    before = sunday_dealer.next_open(local(2025, 3, 22, 20)).astimezone(UTC)
    after = sunday_dealer.next_open(local(2025, 3, 29, 20)).astimezone(UTC)

    assert (before.hour, after.hour) == (9, 8)


def test_the_night_of_spring_forward_has_23_hours(always_open: BusinessCalendar) -> None:
    saturday_noon, sunday_noon = local(2025, 3, 29, 12), local(*SPRING_FORWARD, 12)

    assert always_open.minutes_between(saturday_noon, sunday_noon) == 23 * 60
    assert always_open.add_minutes(local(2025, 3, 29, 23), 180) == local(*SPRING_FORWARD, 3, 0)


def test_the_night_of_fall_back_has_25_hours(always_open: BusinessCalendar) -> None:
    saturday_noon, sunday_noon = local(2025, 10, 25, 12), local(*FALL_BACK, 12)

    assert always_open.minutes_between(saturday_noon, sunday_noon) == 25 * 60
    # 180 minutes after 23:00 CEST is 01:00 CET, an hour later on the wall clock.
    later = always_open.add_minutes(local(2025, 10, 25, 23), 180)
    assert later.astimezone(UTC) == datetime(2025, 10, 26, 0, 0, tzinfo=UTC)


def test_night_hours_that_straddle_the_change_count_real_time() -> None:
    night_desk = BusinessCalendar.build("Su 01:00-04:00")

    # 01:00 CET to 04:00 CEST is two hours; 01:00 CEST to 04:00 CET is four.
    assert night_desk.minutes_between(local(*SPRING_FORWARD, 0), local(*SPRING_FORWARD, 12)) == 120
    assert night_desk.minutes_between(local(*FALL_BACK, 0), local(*FALL_BACK, 12)) == 240


def test_hours_inside_the_skipped_hour_start_when_the_clock_jumps() -> None:
    odd_desk = BusinessCalendar.build("Su 02:30-04:00")
    lost_hour = BusinessCalendar.build("Su 02:00-03:00; Mo 09:00-10:00")

    # The wall clock passes 02:30 at the jump (03:00 CEST): one hour until 04:00.
    assert odd_desk.next_open(local(*SPRING_FORWARD, 0)) == local(*SPRING_FORWARD, 3, 0)
    assert odd_desk.minutes_between(local(*SPRING_FORWARD, 0), local(*SPRING_FORWARD, 12)) == 60
    # 02:00-03:00 never shows on the wall clock that night: no time, the clock waits for Monday.
    assert lost_hour.next_open(local(*SPRING_FORWARD, 0)) == local(2025, 3, 31, 9, 0)


def test_a_repeated_wall_time_means_its_first_occurrence() -> None:
    odd_desk = BusinessCalendar.build("Su 02:30-04:00")

    opening = odd_desk.next_open(local(*FALL_BACK, 0))

    assert opening.astimezone(UTC) == datetime(2025, 10, 26, 0, 30, tzinfo=UTC)  # 02:30 CEST
    # From 02:30 CEST to 04:00 CET: two and a half hours.
    assert odd_desk.minutes_between(local(*FALL_BACK, 0), local(*FALL_BACK, 12)) == 150
