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
