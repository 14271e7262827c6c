"""A plan's starting assumptions per source, read from one dealer's lead history.

Conversion is the share of the leads of the last year (old enough for their attribution
window to have closed) that became a sale inside the window, shrunk toward the dealer's mean
by the beta-binomial prior that `analytics.stats` fits over the sources, so a source with
30 leads and no sale is not planned at 0 %. Cost per lead divides the source's costs over its
leads; the monthly cap is the busiest month's leads plus some headroom. A free source (walk-ins,
calls, the importer's leads: nothing to pay per lead) is planned at its average month, as
both its cap and its minimum: no money buys more of them and they come whether planned or
not, so the cheapest plan must not count on them at their best month every month. The caps
come from history (and marketing's edits) only, never from the target. Every figure is a
starting point that marketing edits.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from scoreline.analytics.stats import shrunk_rates
from scoreline.planning.errors import NoHistoryError, PlanInputError
from scoreline.planning.plan import SourceAssumption
from scoreline.planning.sources import KEY, with_source_key

DEFAULT_WINDOW_DAYS = 365
DEFAULT_HEADROOM = 0.25  # a cap 25 % above the busiest month: room to grow, not a blank cheque


@dataclass(frozen=True)
class SourceHistory:
    """What one source did in the window, and the assumption drawn from it."""

    source: str
    leads: int
    won: int
    conversion: float  # shrunk toward the dealer's mean
    cost_per_lead: float | None  # None: no cost known
    busiest_month_leads: int
    monthly_cap: float
    average_month_leads: float = 0.0  # over the months of the window the dealer had leads

    @property
    def raw_conversion(self) -> float:
        return self.won / self.leads if self.leads else 0.0

    def assumption(self, default_cost_per_lead: float = 0.0) -> SourceAssumption:
        cost = self.cost_per_lead if self.cost_per_lead is not None else default_cost_per_lead
        if cost == 0:  # free: as they come, an average month, planned or not
            average = float(round(self.average_month_leads))
            return SourceAssumption(self.source, self.conversion, cost, average, average)
        return SourceAssumption(self.source, self.conversion, cost, self.monthly_cap)


def source_history(
    leads: pl.DataFrame,
    as_of: datetime,
    *,
    dealer: str,
    costs: pl.DataFrame | None = None,
    attribution_days: int = 90,
    window_days: int = DEFAULT_WINDOW_DAYS,
    headroom: float = DEFAULT_HEADROOM,
) -> list[SourceHistory]:
    """Per source: leads, sales, shrunk conversion, cost per lead and cap for one dealer.

    `leads` has the analytics lead columns (dealer, source, received_at, status, closed_at);
    `costs` the exchange costs (dealer, source, month YYYY-MM, amount). The window is the
    `window_days` before `as_of` less the attribution window, so every lead in it had its
    full chance to become a sale. Spellings of one source (`source_key`) count as one, named
    by the first in alphabetical order; costs meet their leads by that key too.
    """
    end = as_of.astimezone(UTC) - timedelta(days=attribution_days)
    start = end - timedelta(days=window_days)
    everyone = _window(leads, start, end, attribution_days)
    window = everyone.filter(pl.col("dealer") == dealer)
    if window.is_empty():
        raise NoHistoryError(
            f"dealer {dealer!r} has no leads received between {start:%Y-%m-%d} and "
            f"{end:%Y-%m-%d}, so there is no conversion to plan with: give each source's "
            "expected conversion, or import the lead history first"
        )
    if window["won"].sum() == 0:
        raise NoHistoryError(
            f"none of dealer {dealer!r}'s {window.height} leads received between "
            f"{start:%Y-%m-%d} and {end:%Y-%m-%d} became a sale, so history says 0 % "
            "conversion: give each source's expected conversion instead"
        )
    per_source = _per_source(window)
    months = max(window["month"].n_unique(), 1)
    shrunk = shrunk_rates(per_source["won"].to_numpy(), per_source["leads"].to_numpy())
    shrunk = np.where(np.isnan(shrunk), 0.0, shrunk)
    cost_per_lead = _costs_per_lead(everyone, costs, dealer)
    return [
        SourceHistory(
            source=row["source"],
            leads=row["leads"],
            won=row["won"],
            conversion=float(rate),
            cost_per_lead=cost_per_lead.get(row[KEY]),
            busiest_month_leads=row["busiest"],
            monthly_cap=float(np.ceil(row["busiest"] * (1 + headroom))),
            average_month_leads=row["leads"] / months,
        )
        for row, rate in zip(per_source.iter_rows(named=True), shrunk, strict=True)
    ]


def _window(
    leads: pl.DataFrame, start: datetime, end: datetime, attribution_days: int
) -> pl.DataFrame:
    """Every dealer's counted leads received in [start, end), with `won` and their month."""
    within = pl.col("closed_at") - pl.col("received_at") <= pl.duration(days=attribution_days)
    return with_source_key(
        leads.filter(
            (pl.col("status") != "spam")
            & (pl.col("received_at") >= start)
            & (pl.col("received_at") < end)
        )
    ).with_columns(
        ((pl.col("status") == "won") & within.fill_null(False)).alias("won"),
        pl.col("received_at").dt.strftime("%Y-%m").alias("month"),
    )


def _per_source(window: pl.DataFrame) -> pl.DataFrame:
    monthly = window.group_by(KEY, "month").len()
    busiest = monthly.group_by(KEY).agg(pl.col("len").max().alias("busiest"))
    totals = window.group_by(KEY).agg(
        pl.col("source").min(),
        pl.len().alias("leads"),
        pl.col("won").sum().cast(pl.Int64).alias("won"),
    )
    return totals.join(busiest, on=KEY).sort("source")


def _costs_per_lead(
    everyone: pl.DataFrame, costs: pl.DataFrame | None, dealer: str
) -> Mapping[str, float]:
    """Cost per lead per source key: the dealer's own costs plus its share of shared ones.

    A shared (dealer-less) cost is split over every dealer's leads of that source and month,
    as `analytics.costs` does, so each lead carries the same share.
    """
    if costs is None or costs.is_empty():
        return {}
    keys = [KEY, "month"]
    costs = with_source_key(costs)
    all_counts = everyone.group_by(keys).agg(pl.len().alias("all"))
    own_counts = everyone.filter(pl.col("dealer") == dealer).group_by(keys).len()
    own = costs.filter(pl.col("dealer") == dealer).group_by(keys).agg(pl.col("amount").sum())
    shared = (
        costs.filter(pl.col("dealer").is_null())
        .group_by(keys)
        .agg(pl.col("amount").sum())
        .join(all_counts, on=keys)
        .join(own_counts, on=keys)
        .select(*keys, pl.col("amount") * pl.col("len") / pl.col("all"))
    )
    spent = pl.concat([own.join(own_counts.select(keys), on=keys), shared])
    per_source = spent.group_by(KEY).agg(pl.col("amount").sum())
    leads = own_counts.group_by(KEY).agg(pl.col("len").sum())
    joined = per_source.join(leads, on=KEY).select(KEY, "amount", "len")
    return {key: amount / count for key, amount, count in joined.rows()}


ASSUMPTION_COLUMNS = ("source", "conversion", "cost_per_lead", "monthly_cap", "minimum_leads")


def read_assumptions(path: Path) -> list[SourceAssumption]:
    """Source assumptions from a CSV (source, conversion, cost_per_lead[, monthly_cap,
    minimum_leads]); conversion is a fraction (0.12) or a percentage (12 %)."""
    if not path.is_file():
        raise PlanInputError(f"{path}: no such assumptions file")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = {"source", "conversion", "cost_per_lead"} - set(reader.fieldnames or ())
        if missing:
            raise PlanInputError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        return [_assumption(row, path, number) for number, row in enumerate(reader, start=2)]


def _assumption(row: dict[str, str], path: Path, number: int) -> SourceAssumption:
    source = (row.get("source") or "").strip().lower()
    if not source:
        raise PlanInputError(f"{path}, row {number}, column 'source': a value is required")
    conversion = _number(row, "conversion", path, number)
    if conversion is None:
        raise PlanInputError(f"{path}, row {number}, column 'conversion': a value is required")
    if str(row["conversion"]).strip().endswith("%") or conversion > 1:
        conversion /= 100
    return SourceAssumption(
        source,
        conversion,
        _number(row, "cost_per_lead", path, number) or 0.0,
        _number(row, "monthly_cap", path, number),
        _number(row, "minimum_leads", path, number) or 0.0,
    )


def _number(row: dict[str, str], column: str, path: Path, number: int) -> float | None:
    text = (row.get(column) or "").strip().rstrip("%").strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise PlanInputError(
            f"{path}, row {number}, column {column!r}: {row[column]!r} is not a number"
        ) from None
