"""The lead clock of dealers in Amersfoort, Brussels and Lille, worked out by hand.

Each case names the wall-clock times a sales manager would read off the showroom clock.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from scoreline.hours import BusinessCalendar, OpeningHoursError

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
BRUSSELS = ZoneInfo("Europe/Brussels")
PARIS = ZoneInfo("Europe/Paris")
SHOWROOM = "Mo-Fr 09:00-18:00; Sa 09:00-17:00"


def amersfoort(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=AMSTERDAM)  # type: ignore[misc]


@pytest.fixture(scope="module")
def amersfoort_dealer() -> BusinessCalendar:
    return BusinessCalendar.build(SHOWROOM, country="NL", tz="Europe/Amsterdam")


def test_a_lead_arriving_on_saturday_evening_starts_its_clock_on_monday_morning(
    amersfoort_dealer: BusinessCalendar,
) -> None:
    saturday_evening = amersfoort(2025, 3, 15, 19, 0)
    monday_morning = amersfoort(2025, 3, 17, 9, 0)

    assert amersfoort_dealer.add_minutes(saturday_evening, 0) == monday_morning
    assert amersfoort_dealer.next_open(saturday_evening) == monday_morning
    assert amersfoort_dealer.add_minutes(saturday_evening, 15) == amersfoort(2025, 3, 17, 9, 15)
    assert amersfoort_dealer.minutes_between(saturday_evening, amersfoort(2025, 3, 17, 9, 7)) == 7


def test_a_lead_arriving_on_a_weekday_evening_waits_for_the_next_morning(
    amersfoort_dealer: BusinessCalendar,
) -> None:
    tuesday_evening = amersfoort(2025, 3, 11, 20, 30)

    assert amersfoort_dealer.is_open(tuesday_evening) is False
    assert amersfoort_dealer.add_minutes(tuesday_evening, 15) == amersfoort(2025, 3, 12, 9, 15)


def test_the_clock_stops_at_closing_and_runs_on_at_the_next_opening(
    amersfoort_dealer: BusinessCalendar,
) -> None:
    friday_late = amersfoort(2025, 3, 14, 17, 50)

    # 10 minutes on Friday, 5 on Saturday morning.
    assert amersfoort_dealer.add_minutes(friday_late, 15) == amersfoort(2025, 3, 15, 9, 5)
    # A deadline that uses up Friday exactly falls at closing time, not on Saturday.
    assert amersfoort_dealer.add_minutes(friday_late, 10) == amersfoort(2025, 3, 14, 18, 0)
    # Friday 17:50 to Monday 10:00: 10 + 8 h Saturday + 60 minutes.
    assert amersfoort_dealer.minutes_between(friday_late, amersfoort(2025, 3, 17, 10, 0)) == 550


def test_a_count_inside_opening_hours_is_plain_elapsed_time(
    amersfoort_dealer: BusinessCalendar,
) -> None:
    arrival = amersfoort(2025, 3, 12, 10, 0)

    assert amersfoort_dealer.is_open(arrival) is True
    assert amersfoort_dealer.next_open(arrival) == arrival
    assert amersfoort_dealer.minutes_between(arrival, amersfoort(2025, 3, 12, 10, 42)) == 42


def test_partial_minutes_are_floored(amersfoort_dealer: BusinessCalendar) -> None:
    arrival = amersfoort(2025, 3, 12, 10, 0, 30)

    assert amersfoort_dealer.minutes_between(arrival, amersfoort(2025, 3, 12, 10, 15, 29)) == 14
    assert amersfoort_dealer.minutes_between(arrival, amersfoort(2025, 3, 12, 10, 15, 30)) == 15
    assert amersfoort_dealer.add_minutes(arrival, 15) == amersfoort(2025, 3, 12, 10, 15, 30)


def test_counting_backwards_gives_zero(amersfoort_dealer: BusinessCalendar) -> None:
    later, earlier = amersfoort(2025, 3, 12, 11, 0), amersfoort(2025, 3, 12, 10, 0)

    assert amersfoort_dealer.minutes_between(later, earlier) == 0


def test_instants_in_any_zone_are_the_same_instants(amersfoort_dealer: BusinessCalendar) -> None:
    arrival_utc = datetime(2025, 3, 12, 9, 0, tzinfo=UTC)  # 10:00 in Amersfoort

    result = amersfoort_dealer.add_minutes(arrival_utc, 30)

    assert result == amersfoort(2025, 3, 12, 10, 30)
    assert result.tzinfo == AMSTERDAM


def test_easter_monday_is_closed_in_the_netherlands(amersfoort_dealer: BusinessCalendar) -> None:
    saturday_afternoon = amersfoort(2025, 4, 19, 16, 0)
    tuesday = amersfoort(2025, 4, 22, 10, 0)

    assert amersfoort_dealer.is_holiday(date(2025, 4, 21)) is True
    assert amersfoort_dealer.is_open(amersfoort(2025, 4, 21, 11, 0)) is False
    # One hour on Saturday, nothing on Sunday and Easter Monday, one hour on Tuesday.
    assert amersfoort_dealer.minutes_between(saturday_afternoon, tuesday) == 120


@pytest.mark.parametrize(
    ("year", "kings_day"),
    [(2025, date(2025, 4, 26)), (2026, date(2026, 4, 27)), (2014, date(2014, 4, 26))],
)
def test_kings_day_moves_to_saturday_when_the_27th_is_a_sunday(
    amersfoort_dealer: BusinessCalendar, year: int, kings_day: date
) -> None:
    eleven = datetime.combine(kings_day, datetime.min.time()).replace(hour=11, tzinfo=AMSTERDAM)

    assert amersfoort_dealer.is_holiday(kings_day) is True
    assert amersfoort_dealer.is_open(eleven) is False
    assert amersfoort_dealer.is_holiday(date(year, 4, 25)) is False


def test_a_ph_rule_opens_the_showroom_on_public_holidays() -> None:
    holiday_opener = BusinessCalendar.build(f"{SHOWROOM}; PH 10:00-16:00")
    easter_monday = date(2025, 4, 21)

    assert holiday_opener.hours_on(easter_monday) == ((600, 960),)
    assert holiday_opener.is_open(amersfoort(2025, 4, 21, 9, 30)) is False
    assert holiday_opener.is_open(amersfoort(2025, 4, 21, 10, 30)) is True
    # King's Day 2025 is a Saturday: holiday hours replace the Saturday hours.
    assert (
        holiday_opener.minutes_between(amersfoort(2025, 4, 26, 0), amersfoort(2025, 4, 27, 0))
        == 360
    )


def test_a_dealer_in_brussels_is_closed_on_belgian_national_day() -> None:
    brussels = BusinessCalendar.build(SHOWROOM, country="BE", tz="Europe/Brussels")
    sunday_noon = datetime(2025, 7, 20, 12, 0, tzinfo=BRUSSELS)

    assert brussels.is_holiday(date(2025, 7, 21)) is True
    assert brussels.next_open(sunday_noon) == datetime(2025, 7, 22, 9, 0, tzinfo=BRUSSELS)
    # King's Day is Dutch, not Belgian.
    assert brussels.is_open(datetime(2025, 4, 26, 11, 0, tzinfo=BRUSSELS)) is True


def test_a_dealer_in_lille_is_closed_on_labour_day_and_bastille_day() -> None:
    lille = BusinessCalendar.build(
        "Mo-Fr 09:00-12:00,14:00-19:00; Sa 09:00-12:00", "FR", "Europe/Paris"
    )
    wednesday_before_labour_day = datetime(2025, 4, 30, 18, 30, tzinfo=PARIS)

    # 30 minutes on Wednesday, Thursday 1 May closed, 30 minutes on Friday morning.
    assert lille.add_minutes(wednesday_before_labour_day, 60) == datetime(
        2025, 5, 2, 9, 30, tzinfo=PARIS
    )
    assert lille.is_open(datetime(2025, 7, 14, 10, 0, tzinfo=PARIS)) is False
    # The lunch break does not count: 11:30 to 14:30 is one business hour.
    lunch_start, lunch_end = (
        datetime(2025, 7, 15, 11, 30, tzinfo=PARIS),
        datetime(2025, 7, 15, 14, 30, tzinfo=PARIS),
    )
    assert lille.minutes_between(lunch_start, lunch_end) == 60


def test_a_dated_exception_closes_christmas_eve_afternoon() -> None:
    christmas = BusinessCalendar.build(SHOWROOM, exceptions={date(2025, 12, 24): "09:00-12:00"})
    christmas_eve_morning = amersfoort(2025, 12, 24, 11, 0)

    assert christmas.is_open(amersfoort(2025, 12, 24, 14, 0)) is False
    # 60 minutes on the 24th; 25 and 26 December are holidays; Saturday the 27th opens at 09:00.
    assert christmas.add_minutes(christmas_eve_morning, 120) == amersfoort(2025, 12, 27, 10, 0)


def test_an_exception_overrides_a_holiday_too() -> None:
    boxing_day_sale = BusinessCalendar.build(
        SHOWROOM, exceptions={date(2025, 12, 26): "10:00-14:00"}
    )

    assert boxing_day_sale.is_open(amersfoort(2025, 12, 26, 11, 0)) is True
    assert boxing_day_sale.hours_on(date(2025, 12, 25)) == ()


def test_building_the_same_calendar_twice_gives_the_same_calendar() -> None:
    first = BusinessCalendar.build(
        SHOWROOM, exceptions={date(2025, 12, 24): "off", date(2025, 12, 31): "09:00-12:00"}
    )
    again = BusinessCalendar.build(
        SHOWROOM, exceptions={date(2025, 12, 31): "09:00-12:00", date(2025, 12, 24): "off"}
    )
    other = BusinessCalendar.build(SHOWROOM, country="BE")

    assert again is first
    assert hash(again) == hash(first)
    assert other != first
    assert first.opening_hours == SHOWROOM


def test_it_counts_in_years_far_from_the_first_question(
    amersfoort_dealer: BusinessCalendar,
) -> None:
    assert amersfoort_dealer.next_open(amersfoort(2039, 12, 31, 20, 0)) == amersfoort(
        2040, 1, 2, 9, 0
    )
    assert amersfoort_dealer.next_open(amersfoort(1999, 12, 31, 20, 0)) == amersfoort(
        2000, 1, 3, 9, 0
    )
    # Twelve weeks of 53 open hours, less two holiday Saturdays of 8 hours:
    # Christmas Day 1999 and New Year's Day 2000 (Boxing Day 1999 is a Sunday).
    minutes = amersfoort_dealer.minutes_between(amersfoort(1999, 11, 1), amersfoort(2000, 1, 24))
    assert minutes == (12 * 53 - 2 * 8) * 60


def test_naive_datetimes_are_refused(amersfoort_dealer: BusinessCalendar) -> None:
    with pytest.raises(TypeError, match="naive"):
        amersfoort_dealer.minutes_between(datetime(2025, 3, 12, 10), amersfoort(2025, 3, 12, 11))
    with pytest.raises(TypeError, match="naive"):
        amersfoort_dealer.add_minutes(datetime(2025, 3, 12, 10), 5)
    with pytest.raises(TypeError, match="naive"):
        amersfoort_dealer.is_open(datetime(2025, 3, 12, 10))


def test_negative_minutes_are_refused(amersfoort_dealer: BusinessCalendar) -> None:
    with pytest.raises(ValueError, match="zero or more"):
        amersfoort_dealer.add_minutes(amersfoort(2025, 3, 12, 10), -1)
    with pytest.raises(ValueError, match="zero or more, got nan"):
        amersfoort_dealer.add_minutes(amersfoort(2025, 3, 12, 10), float("nan"))


def test_a_dealer_that_never_opens_cannot_start_a_clock() -> None:
    closed = BusinessCalendar.build("off", exceptions={date(2025, 6, 2): "10:00-11:00"})
    arrival = amersfoort(2025, 6, 1, 12, 0)

    assert closed.add_minutes(arrival, 30) == amersfoort(2025, 6, 2, 10, 30)
    with pytest.raises(ValueError, match="is the dealer ever open"):
        closed.add_minutes(arrival, 90)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"country": "XX"}, "no public holidays known for country 'XX'"),
        ({"country": "BE", "subdivision": "ZZ"}, "subdivision 'ZZ'"),
        ({"tz": "Europe/Amstredam"}, "unknown time zone 'Europe/Amstredam'"),
        ({"exceptions": {date(2025, 12, 24): "9-12"}}, "exception for 2025-12-24"),
    ],
)
def test_bad_calendar_settings_are_refused_by_name(arguments: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        BusinessCalendar.build(SHOWROOM, **arguments)


def test_exception_dates_must_be_dates() -> None:
    with pytest.raises(TypeError, match="must be dates"):
        BusinessCalendar.build(SHOWROOM, exceptions={datetime(2025, 12, 24, 12): "off"})  # type: ignore[dict-item]


def test_bad_opening_hours_raise_an_opening_hours_error() -> None:
    with pytest.raises(OpeningHoursError, match="unknown day 'Fx'"):
        BusinessCalendar.build("Mo-Fx 09:00-18:00")


def test_a_week_of_minutes_matches_the_schedule(amersfoort_dealer: BusinessCalendar) -> None:
    monday = amersfoort(2025, 3, 3)

    assert amersfoort_dealer.minutes_between(monday, monday + timedelta(days=7)) == 5 * 540 + 480
