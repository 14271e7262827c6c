"""How a year's sales spread over its months: the dealer's, its group's, its market's or even.

A yearly target becomes monthly targets through a seasonal profile (twelve shares summing
to one). In order of preference: the dealer's own history when it covers enough whole years
and sales to be more than noise; else its group's history by the same test; else the market
profile of the dealer's country when Scoreline has one (new passenger car registrations per
month, from the file shipped with the package: data/, its README names the sources; or one
the operator points to); else even months. Only the Netherlands has market figures: no
trustworthy monthly series for Belgium was found to ship (data/README.md), so a Belgian
dealer without two years of history plans on even months, and the page says so. The demo's
lead volume follows the Dutch profile.
"""

from __future__ import annotations

import csv
import heapq
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
# The market profiles Scoreline ships, by ISO country code.
MARKET_FILES = {"NL": MARKET_FILE}
MARKET_NAMES = {"NL": "Dutch"}


class ProfileKind:
    """Where a profile's shares came from; the page names it in the reader's language."""

    DEALER = "dealer"
    GROUP = "group"
    MARKET = "market"
    FLAT = "flat"


@dataclass(frozen=True)
class Profile:
    """Twelve monthly shares summing to one, and where they came from."""

    shares: tuple[float, ...]
    origin: str  # "dealer history (2023–2024, 310 sales)" or "Dutch market ..."
    kind: str = ProfileKind.MARKET

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


def country_profile(country: str, path: Path | None = None) -> Profile | None:
    """The market profile of a country (ISO code) Scoreline has figures for, else None.

    `path` is an operator's own registrations file, used for the Netherlands (the country
    of the shipped file) only.
    """
    code = country.strip().upper()
    if code not in MARKET_FILES:
        return None
    file = path if path is not None and code == "NL" else MARKET_FILES[code]
    return Profile(registration_shares(file), f"{MARKET_NAMES[code]} registrations ({file.name})")


def flat_profile() -> Profile:
    """Even months: no history long enough and no market figures to spread by."""
    return Profile(tuple([1 / 12] * 12), "even months", ProfileKind.FLAT)


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


def history_profile(sales_months: pl.Series, kind: str = ProfileKind.DEALER) -> Profile | None:
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
    origin = f"{kind} history ({whole[0]}–{whole[-1]}, {kept.height} sales)"
    return Profile(normalised(shares), origin, kind)


def spread_target(
    yearly_target: int, profile: Profile, sales_factors: Sequence[float] | None = None
) -> tuple[int, ...]:
    """Whole monthly targets summing to the yearly one, in proportion to the profile.

    `sales_factors` reweight months before spreading (a model launch month 1.3, a month short
    of stock 0.8). The sales are handed out one at a time, each to the month whose share is
    least served (Sainte-Laguë: weight / (given + ½)). Unlike largest remainders this is
    house-monotone: a larger yearly target never takes a sale from a month (the Alabama
    paradox), so raising the target never makes a month's plan cheaper.
    """
    if yearly_target < 0:
        raise PlanInputError(f"the yearly target must be zero or more, not {yearly_target}")
    factors = list(sales_factors) if sales_factors is not None else [1.0] * 12
    if len(factors) != 12 or min(factors) < 0:
        raise PlanInputError("month sales factors must be twelve numbers ≥ 0")
    weights = normalised(
        [share * factor for share, factor in zip(profile.shares, factors, strict=True)]
    )
    whole = [0] * 12
    queue = [(-weight / (whole[i] + 0.5), i) for i, weight in enumerate(weights) if weight > 0]
    heapq.heapify(queue)
    for _ in range(yearly_target):
        _priority, i = heapq.heappop(queue)
        whole[i] += 1
        heapq.heappush(queue, (-weights[i] / (whole[i] + 0.5), i))
    return tuple(whole)
