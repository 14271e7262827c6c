"""Reading and writing a dealer's weekly opening hours in OpenStreetMap notation."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoreline.hours import (
    OpeningHoursError,
    WeeklySchedule,
    format_opening_hours,
    parse_day_hours,
    parse_opening_hours,
)

NINE_TO_SIX = ((9 * 60, 18 * 60),)
CLOSED = ()


def test_it_reads_a_weekday_range_and_leaves_the_weekend_closed() -> None:
    schedule = parse_opening_hours("Mo-Fr 09:00-18:00")

    assert schedule.days[:5] == (NINE_TO_SIX,) * 5
    assert schedule.days[5:] == (CLOSED, CLOSED)
    assert schedule.public_holidays == CLOSED


def test_it_reads_a_lunch_break_as_two_intervals() -> None:
    schedule = parse_opening_hours("Mo-Fr 08:30-12:30,13:00-18:00")

    assert schedule.hours_on_weekday(2) == ((510, 750), (780, 1080))
    assert schedule.weekly_minutes == 5 * (240 + 300)


def test_it_reads_a_list_of_days() -> None:
    schedule = parse_opening_hours("Mo,We,Fr 10:00-12:00")

    open_days = [weekday for weekday, hours in enumerate(schedule.days) if hours]
    assert open_days == [0, 2, 4]


def test_a_later_rule_replaces_the_hours_of_the_days_it_names() -> None:
    schedule = parse_opening_hours("Mo-Sa 09:00-18:00; Sa 09:00-17:00; We off")

    assert schedule.days[0] == NINE_TO_SIX
    assert schedule.days[2] == CLOSED
    assert schedule.days[5] == ((9 * 60, 17 * 60),)


def test_a_day_range_may_wrap_past_sunday() -> None:
    schedule = parse_opening_hours("Fr-Mo 10:00-16:00")

    open_days = [weekday for weekday, hours in enumerate(schedule.days) if hours]
    assert open_days == [0, 4, 5, 6]


def test_public_holidays_are_closed_unless_a_rule_opens_them() -> None:
    closed = parse_opening_hours("Mo-Sa 09:00-18:00")
    opened = parse_opening_hours("Mo-Sa 09:00-18:00; PH 10:00-16:00")
    reclosed = parse_opening_hours("Mo-Sa 09:00-18:00; PH 10:00-16:00; PH off")

    assert closed.public_holidays == CLOSED
    assert opened.public_holidays == ((600, 960),)
    assert reclosed.public_holidays == CLOSED
    assert opened.days == closed.days


def test_ph_may_share_a_rule_with_days() -> None:
    schedule = parse_opening_hours("Mo-Fr 09:00-18:00; Su,PH 11:00-15:00")

    assert schedule.days[6] == schedule.public_holidays == ((660, 900),)


def test_24_7_opens_every_day_all_day_and_times_may_reach_midnight() -> None:
    always = parse_opening_hours("24/7")
    late = parse_opening_hours("Sa 18:00-24:00")

    assert always.days == (((0, 1440),),) * 7
    assert late.days[5] == ((1080, 1440),)


def test_a_rule_without_days_names_every_day() -> None:
    assert parse_opening_hours("10:00-16:00").days == (((600, 960),),) * 7


def test_off_and_closed_alone_mean_always_closed() -> None:
    assert parse_opening_hours("off").weekly_minutes == 0
    assert parse_opening_hours("closed").weekly_minutes == 0


def test_it_is_lenient_about_spaces_short_hours_and_dashes() -> None:
    assert parse_opening_hours(" Mo – Fr  9:00 - 18:00 ;") == parse_opening_hours(
        "Mo-Fr 09:00-18:00"
    )


def test_overlapping_ranges_in_a_rule_are_merged() -> None:
    schedule = parse_opening_hours("Mo 13:00-18:00,09:00-12:00,11:00-13:00")

    assert schedule.days[0] == NINE_TO_SIX


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("Mo-Fx 09:00-18:00", "unknown day 'Fx' at position 3"),
        ("Mo-Fr 09:00-18:00; Sa 25:00-26:00", "invalid time '25:00' at position 22"),
        ("Mo-Fr 09:00-18:00; Sa 10:00-1200", "invalid time (write HH:MM) '1200' at position 28"),
        ("Mo-Fr 09:60-18:00", "invalid time '09:60' at position 6"),
        ("Mo-Fr 18:00-09:00", "closing time must be after opening time"),
        ("Mo-Fr 24:00-24:00", "a range cannot start at 24:00"),
        ("Mo-Fr", "missing times"),
        ("Mo-Fr 09:00 18:00", "expected '-' after the opening time '18:00' at position 12"),
        ("Mo-Fr 09:00-18:00 & Sa", "unexpected character '&' at position 18"),
        ("Mo-Fr 09:00-18:00 Sa", "unexpected 'Sa' at position 18"),
        ("SH 09:00-12:00", "unknown day 'SH' at position 0"),
        ("Mo-Fr always", "expected a time range or 'off', got 'always' at position 6"),
        ("", "empty"),
        (" ; ", "empty"),
    ],
)
def test_bad_opening_hours_are_refused_with_the_token_and_position(spec: str, message: str) -> None:
    with pytest.raises(OpeningHoursError) as caught:
        parse_opening_hours(spec)

    assert message in str(caught.value)
    assert repr(spec) in str(caught.value)


def test_an_opening_hours_error_is_a_value_error() -> None:
    assert issubclass(OpeningHoursError, ValueError)


def test_it_refuses_something_that_is_not_text() -> None:
    with pytest.raises(TypeError, match="must be a string"):
        parse_opening_hours(None)  # type: ignore[arg-type]


def test_it_writes_the_canonical_notation() -> None:
    schedule = parse_opening_hours("Sa 9:00-17:00; Mo-Fr 08:30-12:30,13:00-18:00; PH off")
    split_week = parse_opening_hours("Mo,Tu,Th,Fr 09:00-18:00; Sa,Su 10:00-14:00")

    assert format_opening_hours(schedule) == "Mo-Fr 08:30-12:30,13:00-18:00; Sa 09:00-17:00"
    assert format_opening_hours(split_week) == "Mo,Tu,Th,Fr 09:00-18:00; Sa,Su 10:00-14:00"
    assert format_opening_hours(parse_opening_hours("24/7; PH 00:00-24:00")) == (
        "24/7; PH 00:00-24:00"
    )
    assert format_opening_hours(parse_opening_hours("off")) == "off"
    assert str(schedule) == format_opening_hours(schedule)


def test_it_reads_one_day_of_hours_for_dated_exceptions() -> None:
    assert parse_day_hours("09:00-12:00") == ((540, 720),)
    assert parse_day_hours("09:00-12:00,13:00-15:00") == ((540, 720), (780, 900))
    assert parse_day_hours("off") == ()
    with pytest.raises(OpeningHoursError, match="got 'Mo' at position 0"):
        parse_day_hours("Mo 09:00-12:00")


_minute = st.integers(min_value=0, max_value=96).map(lambda quarter: quarter * 15)
_day_hours = st.lists(st.tuples(_minute, _minute), max_size=3).map(
    lambda pairs: parse_day_hours(
        ",".join(
            f"{a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}" for a, b in pairs if a < b
        )
        or "off"
    )
)


@given(days=st.tuples(*[_day_hours] * 7), holidays=_day_hours)
def test_writing_then_reading_gives_the_same_schedule(days, holidays) -> None:  # type: ignore[no-untyped-def]
    schedule = WeeklySchedule(days=days, public_holidays=holidays)

    assert parse_opening_hours(format_opening_hours(schedule)) == schedule
