"""Request dates as senders write them."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from scoreline.intake.formats.amounts import parse_amount, parse_whole_number
from scoreline.intake.formats.dates import parse_timestamp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2000-03-30T15:30:20-08:00",
            datetime(2000, 3, 30, 15, 30, 20, tzinfo=timezone(timedelta(hours=-8))),
        ),
        (
            "2000-03-30T15:30:20-08:0",
            datetime(2000, 3, 30, 15, 30, 20, tzinfo=timezone(timedelta(hours=-8))),
        ),
        (
            "2025-03-14T21:05:00+0530",
            datetime(2025, 3, 14, 21, 5, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        ),
        ("2025-03-14T21:05:00.25Z", datetime(2025, 3, 14, 21, 5, 0, 250000, tzinfo=UTC)),
        ("2008-06-25T8:47:50", datetime(2008, 6, 25, 8, 47, 50)),
        ("2025-03-14 21:05", datetime(2025, 3, 14, 21, 5)),
        ("2025-3-4", datetime(2025, 3, 4)),
    ],
)
def test_iso_8601_loosely_written_is_read(text, expected):
    assert parse_timestamp(text) == expected
    assert (parse_timestamp(text).tzinfo is None) == (expected.tzinfo is None)


@pytest.mark.parametrize(
    "text", ["one", "2025-02-30T10:00", "2025-01-01T25:00", "2025-01-01T10:00+15:00", ""]
)
def test_what_is_no_moment_gives_none(text):
    assert parse_timestamp(text) is None


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("26995", "26995"),
        ("$26,995.00", "26995.00"),
        ("€ 26.995,-", "26995"),
        ("1.234,56", "1234.56"),
        ("12.5", "12.5"),
        ("call", None),
    ],
)
def test_amounts_in_dutch_and_american_notation(text, amount):
    result = parse_amount(text)
    assert (str(result) if result is not None else None) == amount


def test_whole_numbers_refuse_fractions():
    assert parse_whole_number("12.500 km") == 12500
    assert parse_whole_number("12.5") is None


# Dates as a dealer's own tools write them -------------------------------------------------------

from scoreline.intake.formats.dates import (  # noqa: E402
    date_pattern,
    day_first_in,
    day_first_of,
    parse_local,
)


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("04-12-2026 09:15", True, datetime(2026, 12, 4, 9, 15)),
        ("04-12-2026 09:15", False, datetime(2026, 4, 12, 9, 15)),
        ("4/12/26", True, datetime(2026, 12, 4)),
        ("04.12.2026 9h15", True, datetime(2026, 12, 4, 9, 15)),
        ("04/12/2026 09:15:30", True, datetime(2026, 12, 4, 9, 15, 30)),
        ("46360", True, datetime(2026, 12, 4)),  # an Excel serial date
        ("46360.385416667", True, datetime(2026, 12, 4, 9, 15)),
        ("31-02-2026", True, None),
        ("4 maart", True, None),
    ],
)
def test_numeric_dates_read_in_the_order_given(text, day_first, expected):
    assert parse_local(text, day_first=day_first) == expected


def test_the_day_comes_first_in_the_dealers_country_unless_it_is_american():
    assert [day_first_in(c) for c in ("NL", "BE", "FR", "DE", "us")] == [True] * 4 + [False]


def test_a_column_that_proves_its_order_overrules_the_country():
    assert day_first_of(["03/04/2025", "12/25/2025"], "NL") is False
    assert day_first_of(["03/04/2025", "25/12/2025"], "US") is True
    assert day_first_of(["03/04/2025", "2025-04-03"], "BE") is True
    assert day_first_of(["03/04/2025"], "US") is False


def test_a_date_gives_the_pattern_a_mapping_file_keeps():
    assert date_pattern("04-12-2026 09:15", day_first=True) == "%d-%m-%Y %H:%M"
    assert date_pattern("12/4/26 9:15:02", day_first=False) == "%m/%d/%y %H:%M:%S"
    assert date_pattern("2026-12-04", day_first=True) is None
    pattern = date_pattern("04.12.2026 9h15", day_first=True)
    assert datetime.strptime("04.12.2026 9h15", pattern) == datetime(2026, 12, 4, 9, 15)
