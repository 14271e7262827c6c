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
    """`facts` with a `cost` column: the lead's share of its month's costs (null: no costs).

    The counted leads are counted once per dealer, source and month; both shares are worked
    out per such group and joined to the leads once (a million-row join on three keys is the
    costly part, so it is not done twice)."""
    if costs is None:
        return facts.with_columns(pl.lit(None, dtype=pl.Float64).alias("cost"))
    counted = pl.col("status") != "spam"
    keys, shared_keys = list(COST_KEYS), ["source", "month"]
    # lazily: the filter then copies the keys, not every column of the facts
    groups = facts.lazy().filter(counted).group_by(keys).agg(pl.len().alias("_n")).collect()
    own = _shares(groups, costs.filter(pl.col("dealer").is_not_null()), keys)
    shared = _shares(
        groups.group_by(shared_keys).agg(pl.col("_n").sum()),
        costs.filter(pl.col("dealer").is_null()),
        shared_keys,
    )
    per_group = groups.select(keys).join(
        own.rename({"_share": "_own"}), on=keys, how="left", nulls_equal=True
    )
    per_group = per_group.join(
        shared.rename({"_share": "_shared"}), on=shared_keys, how="left", nulls_equal=True
    )
    share = facts.select(keys).join(
        per_group, on=keys, how="left", nulls_equal=True, maintain_order="left"
    )
    return facts.with_columns(
        pl.when(counted)
        .then(share["_own"].fill_null(0.0) + share["_shared"].fill_null(0.0))
        .otherwise(0.0)
        .alias("cost")
    )


def _shares(groups: pl.DataFrame, costs: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Per group of leads (`keys` and `_n` counted leads), the amount each lead bears."""
    amounts = costs.group_by(keys).agg(pl.col("amount").sum())
    return groups.join(amounts, on=keys).select(
        *keys, (pl.col("amount") / pl.col("_n")).alias("_share")
    )


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
    # the distinct keys of the counted leads, without a copy of a million rows of them
    counted = facts.lazy().filter(pl.col("status") != "spam").select(*COST_KEYS).unique().collect()
    own = costs.filter(pl.col("dealer").is_not_null()).join(counted, on=list(COST_KEYS), how="anti")
    shared = costs.filter(pl.col("dealer").is_null()).join(
        counted.select("source", "month").unique(), on=["source", "month"], how="anti"
    )
    return pl.concat([own, shared])


def applies_to(keys: Sequence[str]) -> bool:
    """Whether unallocated costs belong in a cut by these keys (only dealer/source/month)."""
    return set(keys) <= set(COST_KEYS)
