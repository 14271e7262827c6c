"""The figures of DESIGN.md for any cut: group the lead facts by any list of keys.

Column names are the JSON keys of EXCHANGE.md. A rate over zero leads, a cost without a
costs table, a quantile the response curve never reaches: null, never a guess.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from scoreline.analytics import costs, stats

KM_QUANTILES = {"response_median_min": 0.5, "response_p90_min": 0.9}
STEPS = {
    "appointment": "appointments",
    "visit": "visits",
    "test_drive": "test_drives",
    "quote": "quotes",
}

FIGURES = (
    "leads",
    "spam",
    "repeat_inquiries",
    "won",
    "conversion",
    "conversion_low",
    "conversion_high",
    "cost",
    "cost_per_lead",
    "cost_per_sale",
    "responded",
    "response_rate",
    "response_median_min",
    "response_p90_min",
    "within_standard",
    "within_standard_leads",
    "call_attempts_per_lead",
    "contacted",
    "contact_rate",
    "untouched",
    "stale",
    "appointments",
    "appointment_rate",
    "visits",
    "visit_rate",
    "test_drives",
    "test_drive_rate",
    "quotes",
    "quote_rate",
    "closed_lost",
    "closed_lost_without_standard",
    "closed_lost_after_3_attempts_share",
    "came_back_after_lost",
    "came_back_after_lost_share",
    "calls_confirmed_share",
    "missed_sales",
    "missed_value",
)


def figures(
    facts: pl.DataFrame,
    keys: Sequence[str],
    *,
    unallocated: pl.DataFrame | None = None,
    has_costs: bool = True,
    margin_per_sale: float | None = None,
) -> pl.DataFrame:
    """One row per distinct value of `keys` (one row in all when `keys` is empty).

    `facts` must hold `expected_conversion` (the lead's chance when worked to standard) for
    the missed value; spam rows are counted apart and left out of everything else.
    """
    keys = list(keys)
    # only the columns the figures read: the filters copy a few columns, not all sixty
    facts = facts.select(list(dict.fromkeys([*keys, *_READ])))
    counted = facts.filter(~pl.col("spam"))
    counts = _counts(counted, keys)
    spam = (
        facts.filter(pl.col("spam"))
        .group_by(keys or [pl.lit(0).alias("_all")])
        .agg(pl.len().alias("spam"))
    )
    if not keys:
        counts = counts.with_columns(pl.lit(0).alias("_all"))
    timing = stats.km_quantiles(
        counted.select(*keys, "clock_min", "responded"),
        keys,
        "clock_min",
        "responded",
        KM_QUANTILES,
    )
    join_keys = keys or ["_all"]
    if not keys:
        timing = timing.with_columns(pl.lit(0).alias("_all"))
    out = counts.join(timing, on=join_keys, how="left", nulls_equal=True).join(
        spam, on=join_keys, how="left", nulls_equal=True
    )
    out = _with_cost(out, keys, unallocated, has_costs)
    out = _rates(out, margin_per_sale)
    return out.select(*keys, *FIGURES)


# every column of the facts that `figures` reads
_READ = (
    "spam",
    "repeat_inquiries",
    "won",
    "cost",
    "responded",
    "within_standard",
    "attempts",
    "contacted",
    "untouched",
    "stale",
    *STEPS,
    "lost",
    "lost_without_standard",
    "lost_after_3_attempts",
    "came_back_after_lost",
    "calls_fed",
    "calls_confirmed",
    "expected_conversion",
    "clock_min",
)


def _counts(facts: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    flag = lambda name: pl.col(name).sum().cast(pl.Int64)  # noqa: E731
    group: list[str | pl.Expr] = [*keys] or [pl.lit(0).alias("_g")]
    out = facts.group_by(group).agg(
        pl.len().alias("leads"),
        pl.col("repeat_inquiries").sum().cast(pl.Int64),
        flag("won").alias("won"),
        pl.col("cost").sum().alias("_cost"),
        flag("responded").alias("responded"),
        flag("within_standard").alias("within_standard_leads"),
        pl.col("attempts").mean().alias("call_attempts_per_lead"),
        flag("contacted").alias("contacted"),
        flag("untouched").alias("untouched"),
        flag("stale").alias("stale"),
        *[flag(step).alias(name) for step, name in STEPS.items()],
        flag("lost").alias("closed_lost"),
        flag("lost_without_standard").alias("closed_lost_without_standard"),
        flag("lost_after_3_attempts").alias("_lost_3"),
        flag("came_back_after_lost").alias("came_back_after_lost"),
        (pl.col("lost") | pl.col("came_back_after_lost")).sum().alias("_ever_lost"),
        pl.col("calls_fed").sum().cast(pl.Int64).alias("_calls"),
        pl.when(pl.col("calls_fed") > 0)
        .then(pl.col("calls_confirmed"))
        .sum()
        .cast(pl.Int64)
        .alias("_calls_confirmed"),
        pl.when(pl.col("untouched") | pl.col("stale"))
        .then(pl.col("expected_conversion"))
        .sum()
        .alias("missed_sales"),
    )
    return out if keys else out.drop("_g")


def _with_cost(
    out: pl.DataFrame, keys: list[str], unallocated: pl.DataFrame | None, has_costs: bool
) -> pl.DataFrame:
    if not has_costs:
        return out.with_columns(pl.lit(None, dtype=pl.Float64).alias("cost"))
    extra = pl.lit(0.0)
    if unallocated is not None and unallocated.height and costs.applies_to(keys):
        spent = unallocated.group_by(keys or [pl.lit(0).alias("_all")]).agg(
            pl.col("amount").sum().alias("_extra")
        )
        out = out.join(spent, on=keys or ["_all"], how="left", nulls_equal=True)
        extra = pl.col("_extra").fill_null(0.0)
    return out.with_columns((pl.col("_cost").fill_null(0.0) + extra).alias("cost"))


def _rates(out: pl.DataFrame, margin: float | None) -> pl.DataFrame:
    leads = pl.col("leads")
    share = lambda name: pl.when(leads > 0).then(pl.col(name) / leads)  # noqa: E731
    low, high = stats.wilson(pl.col("won"), leads)
    return out.with_columns(
        pl.col("spam").fill_null(0).cast(pl.Int64),
        share("won").alias("conversion"),
        low.alias("conversion_low"),
        high.alias("conversion_high"),
        share("cost").alias("cost_per_lead"),
        pl.when(pl.col("won") > 0).then(pl.col("cost") / pl.col("won")).alias("cost_per_sale"),
        share("responded").alias("response_rate"),
        share("within_standard_leads").alias("within_standard"),
        share("contacted").alias("contact_rate"),
        *[share(name).alias(f"{name[:-1]}_rate") for name in STEPS.values()],
        pl.when(pl.col("closed_lost") > 0)
        .then(pl.col("_lost_3") / pl.col("closed_lost"))
        .alias("closed_lost_after_3_attempts_share"),
        pl.when(pl.col("_ever_lost") > 0)
        .then(pl.col("came_back_after_lost") / pl.col("_ever_lost"))
        .alias("came_back_after_lost_share"),
        pl.when(pl.col("_calls") > 0)
        .then(pl.col("_calls_confirmed") / pl.col("_calls"))
        .alias("calls_confirmed_share"),
        (
            pl.col("missed_sales") * margin
            if margin is not None
            else pl.lit(None, dtype=pl.Float64)
        ).alias("missed_value"),
    )
