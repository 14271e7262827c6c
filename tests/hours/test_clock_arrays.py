"""Speed to lead over whole columns: numpy, Arrow and Polars instants, with gaps."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl
import pyarrow as pa
import pytest

from scoreline.hours import BusinessCalendar

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SHOWROOM = BusinessCalendar.build("Mo-Fr 09:00-18:00; Sa 09:00-17:00")

# Wednesday 10:00 CET answered 10:42; Saturday 19:00 answered Monday 09:15; one unanswered.
ARRIVALS = ["2025-03-12T09:00", "2025-03-15T18:00", "2025-03-17T08:00"]
RESPONSES = ["2025-03-12T09:42", "2025-03-17T08:15", "NaT"]


def test_it_counts_business_minutes_for_a_column_of_utc_instants() -> None:
    minutes = SHOWROOM.minutes_between_many(
        np.array(ARRIVALS, dtype="datetime64[s]"), np.array(RESPONSES, dtype="datetime64[ns]")
    )

    assert minutes.dtype == np.float64
    np.testing.assert_array_equal(minutes, [42.0, 15.0, np.nan])


def test_it_reads_arrow_and_polars_columns_with_nulls() -> None:
    arrivals = pa.array(np.array(ARRIVALS, dtype="datetime64[us]")).cast(
        pa.timestamp("us", tz="Europe/Amsterdam")
    )
    responses = pl.Series(np.array(RESPONSES, dtype="datetime64[us]")).dt.replace_time_zone("UTC")

    minutes = SHOWROOM.minutes_between_many(arrivals, responses)

    np.testing.assert_array_equal(minutes, [42.0, 15.0, np.nan])


def test_it_reads_a_list_of_aware_datetimes_and_refuses_naive_ones() -> None:
    arrivals = [datetime(2025, 3, 12, 10, tzinfo=AMSTERDAM), None]
    responses = [datetime(2025, 3, 12, 9, 30, tzinfo=UTC), datetime(2025, 3, 12, 9, 30, tzinfo=UTC)]

    np.testing.assert_array_equal(
        SHOWROOM.minutes_between_many(arrivals, responses), [30.0, np.nan]
    )
    with pytest.raises(TypeError, match=r"starts\[0\].*naive"):
        SHOWROOM.minutes_between_many([datetime(2025, 3, 12, 10)], responses[:1])


def test_it_finds_deadlines_for_a_column_of_arrivals() -> None:
    arrivals = np.array(ARRIVALS + ["NaT"], dtype="datetime64[us]")

    deadlines = SHOWROOM.add_minutes_many(arrivals, [15, 0, np.nan, 15])

    assert deadlines.dtype == np.dtype("datetime64[us]")
    expected = ["2025-03-12T09:15", "2025-03-17T08:00", "NaT", "NaT"]  # UTC; 09:00 CET = 08:00Z
    np.testing.assert_array_equal(deadlines, np.array(expected, dtype="datetime64[us]"))


def test_columns_of_different_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="ends has 1 values but starts has 3"):
        SHOWROOM.minutes_between_many(
            np.array(ARRIVALS, dtype="datetime64[s]"), np.array(ARRIVALS[:1], dtype="datetime64[s]")
        )


def test_negative_minutes_are_refused_with_their_row() -> None:
    with pytest.raises(ValueError, match="row 1 has -5"):
        SHOWROOM.add_minutes_many(np.array(ARRIVALS[:2], dtype="datetime64[s]"), [5, -5])


def test_numbers_are_not_instants() -> None:
    with pytest.raises(TypeError, match="datetime64"):
        SHOWROOM.minutes_between_many(np.arange(3), np.arange(3))


def test_an_empty_column_gives_an_empty_answer() -> None:
    empty = np.array([], dtype="datetime64[us]")

    assert SHOWROOM.minutes_between_many(empty, empty).shape == (0,)
    assert SHOWROOM.add_minutes_many(empty, []).shape == (0,)


def test_columns_spanning_decades_are_counted_like_single_pairs() -> None:
    arrivals = np.array(["1995-06-01T12:00", "2060-06-01T12:00"], dtype="datetime64[m]")
    responses = arrivals + np.timedelta64(3, "D")
    singles = [
        SHOWROOM.minutes_between(
            datetime.fromisoformat(str(a)).replace(tzinfo=UTC),
            datetime.fromisoformat(str(r)).replace(tzinfo=UTC),
        )
        for a, r in zip(arrivals, responses, strict=True)
    ]

    np.testing.assert_array_equal(SHOWROOM.minutes_between_many(arrivals, responses), singles)
