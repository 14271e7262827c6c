"""Spreading a yearly target over the months: the market's seasons or the dealer's own."""

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from scoreline.planning.errors import PlanInputError
from scoreline.planning.plan import MonthAdjustment, monthly_targets
from scoreline.planning.seasonality import (
    MARKET_FILE,
    Profile,
    history_profile,
    market_profile,
    normalised,
    registration_shares,
    spread_target,
)

FLAT = Profile((1 / 12,) * 12, "flat")

# The published average monthly share of a year's registrations, 2017–2025 less 2020–2021.
DUTCH_MARKET_SHARES = (0.103, 0.075, 0.090, 0.073, 0.081, 0.098,
                       0.075, 0.076, 0.080, 0.082, 0.086, 0.082)  # fmt: skip


def test_a_yearly_target_spreads_into_whole_sales_that_add_up() -> None:
    targets = spread_target(100, FLAT)
    # 100 / 12 = 8.33: four months get the leftover sale, the first four by order
    assert targets == (9, 9, 9, 9, 8, 8, 8, 8, 8, 8, 8, 8)
    assert sum(spread_target(241, market_profile())) == 241


def test_a_launch_month_takes_more_of_the_year() -> None:
    launch = MonthAdjustment(3, sales_factor=2.0, note="new model")
    targets = monthly_targets(130, FLAT, [launch])
    # weights 1 × 11 and 2 for March: March gets 2/13 of 130 = 20, the others 10
    assert targets[2] == 20
    assert set(targets[:2] + targets[3:]) == {10}


def test_the_built_in_market_shares_are_those_of_the_registrations_file(tmp_path: Path) -> None:
    rows = ["month,registrations_sum_of_brands,source_url"]
    for year in (2019, 2020, 2022):
        for month, share in enumerate(DUTCH_MARKET_SHARES, start=1):
            count = share * 400_000 if year != 2020 else 1000 * month  # 2020 is left out
            rows.append(f"{year}-{month:02d},{count},x")
    path = tmp_path / "registrations.csv"
    path.write_text("\n".join(rows))
    read = market_profile(path)
    assert read.shares == pytest.approx(normalised(DUTCH_MARKET_SHARES))
    assert "registrations.csv" in read.origin


def test_the_shipped_registrations_file_gives_the_published_shares() -> None:
    assert registration_shares(MARKET_FILE) == pytest.approx(DUTCH_MARKET_SHARES, abs=0.001)
    assert market_profile().shares == pytest.approx(DUTCH_MARKET_SHARES, abs=0.001)


def test_a_registrations_file_with_a_bad_row_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("month,registrations_sum_of_brands\n2019-01,100\n2019-02,lots\n")
    with pytest.raises(PlanInputError, match="bad.csv, row 3"):
        registration_shares(path)


def test_the_dealers_own_seasons_need_two_whole_years() -> None:
    # sales every month from mid-2022 to mid-2024: only 2023 is a whole year
    days = [date(2022 + (m + 6) // 12, (m + 6) % 12 + 1, 15) for m in range(24)]
    assert history_profile(pl.Series(days * 10)) is None


def test_the_dealers_own_seasons_follow_its_sales() -> None:
    # 2023 and 2024 whole (2022 and 2025 partial): twice as many sales in June as elsewhere
    sales = []
    for year in (2022, 2023, 2024, 2025):
        for month in range(1, 13):
            sales += [date(year, month, 10)] * (10 if month == 6 else 5)
    profile = history_profile(pl.Series(sales))
    assert profile is not None
    assert profile.shares[5] == pytest.approx(2 / 13)
    assert profile.shares[0] == pytest.approx(1 / 13)
    assert "2023–2024" in profile.origin


def test_a_profile_must_sum_to_one() -> None:
    with pytest.raises(PlanInputError, match="sum to 1"):
        Profile((0.1,) * 12, "made up")
