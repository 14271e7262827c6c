"""One key for a source, whichever spelling names it.

The database path names a lead's source by its display name ("AutoScout24"), the exchange
path by free text matched case-insensitively ("autoscout24", EXCHANGE.md), and a saved plan
by its Source row. Planning matches plan lines, history, costs and leads by this one key, and
shows the plan's own spelling.
"""

from __future__ import annotations

import polars as pl

KEY = "source_key"


def source_key(name: str) -> str:
    """The name trimmed and case-folded: "AutoScout24 " and "autoscout24" are one source."""
    return name.strip().casefold()


def with_source_key(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with a `source_key` column next to its `source` (null stays null)."""
    names = frame["source"].drop_nulls().unique().to_list()
    keys = {name: source_key(name) for name in names}
    return frame.with_columns(
        pl.col("source").replace_strict(keys, default=None, return_dtype=pl.String).alias(KEY)
    )
