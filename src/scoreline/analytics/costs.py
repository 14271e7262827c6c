"""Monthly source costs spread over the leads they bought.

A cost row names a dealer, a source and a month. With a dealer, it is divided over that
dealer's leads of that source received that month (in the dealer's time zone); without one,
it is shared over every dealer's leads of that source that month, one equal share per lead.
So any cut's cost is the sum of its leads' shares; a cost row that bought no lead at all is
kept aside (`unallocated`) and added to the cuts it plainly belongs to.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

COST_KEYS = ("dealer", "source", "month")


def allocate(facts: pl.DataFrame, costs: pl.DataFrame | None) -> pl.DataFrame:
    """`facts` with a `cost` column: the lead's share of its month's costs (null: no costs)."""
    if costs is None:
        return facts.with_columns(pl.lit(None, dtype=pl.Float64).alias("cost"))
    counted = pl.col("status") != "spam"
    own = _shares(
        facts, costs.filter(pl.col("dealer").is_not_null()), ["dealer", "source", "month"], counted
    )
    shared = _shares(facts, costs.filter(pl.col("dealer").is_null()), ["source", "month"], counted)
    return facts.with_columns(
        pl.when(counted)
        .then(own.fill_null(0.0) + shared.fill_null(0.0))
        .otherwise(0.0)
        .alias("cost")
    )


def _shares(
    facts: pl.DataFrame, costs: pl.DataFrame, keys: list[str], counted: pl.Expr
) -> pl.Series:
    amounts = costs.group_by(keys).agg(pl.col("amount").sum())
    per_lead = (
        facts.lazy()  # lazily: the filter then copies the keys, not every column of the facts
        .filter(counted)
        .group_by(keys)
        .agg(pl.len().alias("_n"))
        .join(amounts.lazy(), on=keys)
        .select(*keys, (pl.col("amount") / pl.col("_n")).alias("_share"))
        .collect()
    )
    return facts.select(keys).join(per_lead, on=keys, how="left", maintain_order="left")["_share"]


def unallocated(facts: pl.DataFrame, costs: pl.DataFrame | None) -> pl.DataFrame:
    """Cost rows whose dealer/source/month received no lead: spent, but on nobody."""
    if costs is None:
        return pl.DataFrame(
            schema={
                "dealer": pl.String,
                "source": pl.String,
                "month": pl.String,
                "amount": pl.Float64,
            }
        )
    counted = facts.lazy().filter(pl.col("status") != "spam").select(*COST_KEYS).collect()
    own = costs.filter(pl.col("dealer").is_not_null()).join(
        counted.select(COST_KEYS).unique(), on=list(COST_KEYS), how="anti"
    )
    shared = costs.filter(pl.col("dealer").is_null()).join(
        counted.select("source", "month").unique(), on=["source", "month"], how="anti"
    )
    return pl.concat([own, shared])


def applies_to(keys: Sequence[str]) -> bool:
    """Whether unallocated costs belong in a cut by these keys (only dealer/source/month)."""
    return set(keys) <= set(COST_KEYS)
