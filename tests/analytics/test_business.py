"""Business time per lead goes through the shared calendar; local dates follow the clock."""

from datetime import UTC, datetime

import numpy as np
import polars as pl
import pytest

from scoreline.analytics.business import dealer_calendars, local_days, open_days_between
from scoreline.analytics.frames import FrameError

ZONES = {"Utrecht": "Europe/Amsterdam", "Lisboa": "Europe/Lisbon"}


def test_local_dates_follow_each_dealers_clock_across_the_change_to_summer_time():
    at = np.array(
        ["2025-03-29T23:30", "2025-03-30T22:30", "2025-03-30T22:30", "NaT"], dtype="datetime64[us]"
    )
    dealers = pl.Series(["Utrecht", "Utrecht", "Lisboa", "Utrecht"])
    dates = local_days(dealers, at, ZONES)
    # 23:30 UTC is 00:30 CET the next day; after the change 22:30 UTC is 00:30 CEST
    expected = ["2025-03-30", "2025-03-31", "2025-03-30", "NaT"]
    assert dates.astype(str).tolist() == expected


def test_open_days_between_skip_sundays_and_public_holidays():
    dealers = pl.DataFrame({
        "dealer": ["Utrecht"], "timezone": ["Europe/Amsterdam"], "country": ["NL"],
        "opening_hours": ["Mo-Fr 09:00-18:00; Sa 09:00-17:00"],
    })  # fmt: skip
    calendars = dealer_calendars(dealers)
    # Thursday 17 April 2025 to Wednesday 23 April: Good Friday (18), Easter Sunday and
    # Monday are holidays in the NL calendar, so only Saturday 19 and Tuesday 22 count
    first = np.array(["2025-04-17"], dtype="datetime64[D]")
    last = np.array(["2025-04-23"], dtype="datetime64[D]")
    days = open_days_between(pl.Series(["Utrecht"]), first, last, calendars, ZONES)
    assert days.tolist() == [2.0]


def test_a_dated_exception_closes_the_dealer_that_day():
    dealers = pl.DataFrame({
        "dealer": ["Utrecht", "Amersfoort"], "timezone": ["Europe/Amsterdam"] * 2,
        "country": ["NL"] * 2, "opening_hours": ["Mo-Fr 09:00-18:00"] * 2,
        "exceptions": ["2025-12-24=09:00-14:00;2025-12-31=off", None],
    })  # fmt: skip
    calendars = dealer_calendars(dealers)
    start = datetime(2025, 12, 24, 13, 0, tzinfo=UTC)  # 14:00 in Amsterdam
    end = datetime(2025, 12, 24, 16, 0, tzinfo=UTC)  # 17:00
    assert calendars["Utrecht"].minutes_between(start, end) == 0
    assert calendars["Amersfoort"].minutes_between(start, end) == 180
    new_year_eve = datetime(2025, 12, 31, 9, 0, tzinfo=UTC)
    assert calendars["Utrecht"].is_open(new_year_eve) is False


def test_a_malformed_exception_is_named():
    dealers = pl.DataFrame({
        "dealer": ["Utrecht"], "timezone": ["Europe/Amsterdam"], "country": ["NL"],
        "opening_hours": ["Mo-Fr 09:00-18:00"], "exceptions": ["24 december closed"],
    })  # fmt: skip
    with pytest.raises(FrameError, match="expected DATE=HOURS"):
        dealer_calendars(dealers)
