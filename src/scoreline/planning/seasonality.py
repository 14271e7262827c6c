"""How a year's sales spread over its months: the dealer's own pattern or the Dutch market's.

A yearly target becomes monthly targets through a seasonal profile (twelve shares summing
to one). The dealer's own history is used when it covers enough whole years and sales to
be more than noise; otherwise the Dutch market profile: new passenger car registrations
per month, from the file shipped with the package (data/, its README names the sources) or
one the operator points to. The demo's lead volume follows the same profile.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from scoreline.planning.errors import PlanInputError

EXCLUDED_YEARS = frozenset({2020, 2021})
# The dealer's own profile needs this many whole years and sales; below it is mostly noise.
MIN_HISTORY_YEARS = 2
MIN_HISTORY_SALES = 120
MONTHS = tuple(range(1, 13))
MARKET_FILE = Path(__file__).parent / "data" / "nl_new_car_registrations_monthly.csv"


@dataclass(frozen=True)
class Profile:
    """Twelve monthly shares summing to one, and where they came from."""

    shares: tuple[float, ...]
    origin: str  # "dealer history (2023–2024, 310 sales)" or "Dutch market ..."

    def __post_init__(self) -> None:
        check_shares(self.shares, self.origin)


def check_shares(shares: Sequence[float], origin: str) -> None:
    """Refuse a profile that is not twelve non-negative shares summing to one."""
    if len(shares) != 12:
        raise PlanInputError(f"{origin}: a seasonal profile has 12 months, not {len(shares)}")
    if min(shares) < 0 or abs(sum(shares) - 1) > 1e-6:
        raise PlanInputError(f"{origin}: monthly shares must be ≥ 0 and sum to 1 ({sum(shares)})")


def normalised(weights: Sequence[float]) -> tuple[float, ...]:
    total = float(sum(weights))
    if total <= 0:
        raise PlanInputError("a seasonal profile needs at least one month with a positive weight")
    return tuple(float(weight) / total for weight in weights)


def market_profile(path: Path | None = None) -> Profile:
    """The Dutch market profile from a registrations file, by default the shipped one."""
    path = path or MARKET_FILE
    return Profile(registration_shares(path), f"Dutch registrations ({path.name})")


def registration_shares(path: Path) -> tuple[float, ...]:
    """Average monthly share over the file's whole years, leaving the COVID years out.

    Each year is normalised first so a big year does not outweigh a small one.
    """
    per_year: dict[int, dict[int, float]] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row_number, row in enumerate(csv.DictReader(handle), start=2):
            year, month, count = _registration_row(row, path, row_number)
            per_year.setdefault(year, {})[month] = count
    years = [y for y, months in per_year.items() if len(months) == 12 and y not in EXCLUDED_YEARS]
    if not years:
        raise PlanInputError(f"{path}: no whole year of registrations outside 2020–2021")
    yearly = [normalised([per_year[year][month] for month in MONTHS]) for year in years]
    return normalised([sum(shares[i] for shares in yearly) / len(yearly) for i in range(12)])


def _registration_row(row: dict[str, str], path: Path, row_number: int) -> tuple[int, int, float]:
    try:
        year, month = (int(part) for part in row["month"].split("-"))
        return year, month, float(row["registrations_sum_of_brands"])
    except (KeyError, ValueError, AttributeError):
        raise PlanInputError(
            f"{path}, row {row_number}: expected month YYYY-MM and a registration count"
        ) from None


def history_profile(sales_months: pl.Series) -> Profile | None:
    """The dealer's own profile from the local months (1–12 with year) of its sales.

    `sales_months` holds one date per sale (any day of the month). Only whole calendar
    years count; None when there are fewer than MIN_HISTORY_YEARS of them or fewer than
    MIN_HISTORY_SALES sales in them.
    """
    if sales_months.is_empty():
        return None
    frame = pl.DataFrame({"at": sales_months.cast(pl.Date)}).select(
        pl.col("at").dt.year().alias("year"), pl.col("at").dt.month().alias("month")
    )
    first, last = frame["year"].min(), frame["year"].max()
    whole = [y for y in range(int(first) + 1, int(last))]  # type: ignore[arg-type]
    kept = frame.filter(pl.col("year").is_in(whole))
    if len(whole) < MIN_HISTORY_YEARS or kept.height < MIN_HISTORY_SALES:
        return None
    counts = kept.group_by("year", "month").len()
    shares = []
    for month in MONTHS:
        per_year = float(counts.filter(pl.col("month") == month)["len"].sum())
        shares.append(per_year / len(whole))
    origin = f"dealer history ({whole[0]}–{whole[-1]}, {kept.height} sales)"
    return Profile(normalised(shares), origin)


def spread_target(
    yearly_target: int, profile: Profile, sales_factors: Sequence[float] | None = None
) -> tuple[int, ...]:
    """Whole monthly targets summing to the yearly one, in proportion to the profile.

    `sales_factors` reweight months before spreading (a model launch month 1.3, a month short
    of stock 0.8). Largest remainders get the leftover sales, so the months always add up.
    """
    if yearly_target < 0:
        raise PlanInputError(f"the yearly target must be zero or more, not {yearly_target}")
    factors = list(sales_factors) if sales_factors is not None else [1.0] * 12
    if len(factors) != 12 or min(factors) < 0:
        raise PlanInputError("month sales factors must be twelve numbers ≥ 0")
    weights = normalised(
        [share * factor for share, factor in zip(profile.shares, factors, strict=True)]
    )
    exact = [yearly_target * weight for weight in weights]
    whole = [int(value) for value in exact]
    by_remainder = sorted(range(12), key=lambda i: (exact[i] - whole[i], -i), reverse=True)
    for index in by_remainder[: yearly_target - sum(whole)]:
        whole[index] += 1
    return tuple(whole)
