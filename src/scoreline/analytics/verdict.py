"""Quality or process? The verdict for every cut below target (DESIGN.md, step 1 to 4).

1. Fit the model of P(won) (model.py) on the history: leads whose outcome is known.
2. For each lead, predict its chance had it been worked to the standard; the mean over a
   cut's leads is c_std (standardisation, or g-computation).
3. Process gap = c_std - c_actual; quality gap = target - c_std; the kind follows the rules
   of DESIGN.md.
4. The process gap split over the sales levers the standard sets (levers.py).
5. Intervals from a Poisson bootstrap: the model's replicates (one Newton step each) crossed
   with a resample of the cut's own leads.

A verdict judges a cut's decided leads only (won, lost, or past the attribution window): an
open lead's outcome is not known yet. The table next to it counts every lead, so the verdict
carries how many it judged and how many are still open; while fewer than half of a cut's
leads are decided, the decided ones are mostly the quick wins and quick losses, and the
verdict is "too_few" (flagged `early`) however it would have come out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl
from scipy import sparse

from scoreline.analytics import levers as lv
from scoreline.analytics import model as m
from scoreline.analytics.standard import ReportSettings

FloatArray = npt.NDArray[np.float64]
BIN = 0.0025  # leads whose standard chance is this close share one bootstrap weight
MIN_SHARE_DECIDED = 0.5  # below this share of decided leads a cut is too early to judge


@dataclass(frozen=True)
class Standardised:
    """The fitted model, each lead's chance if worked to standard, and its replicates."""

    model: m.Model | None
    facts: pl.DataFrame  # the facts with `expected_conversion`, `judged`, `_cf`
    replicates: FloatArray | None  # per counterfactual cell × draw
    lever_cells: lv.LeverCells | None = None  # facts' `_lever_cell` indexes its rows


def judged(as_of_window_end: pl.Expr) -> pl.Expr:
    """A lead's outcome is known once it is closed or its attribution window has passed."""
    return ~pl.col("open") | pl.col("won") | as_of_window_end


def standardise(
    facts: pl.DataFrame, limits: pl.Expr, window_over: pl.Expr, settings: ReportSettings
) -> Standardised:
    """Fit on the judged history and give every lead its chance when worked to standard."""
    facts = facts.with_columns(judged(window_over).alias("judged"))
    levers = m.lever_codes(facts, limits)
    counted = (facts["judged"] & ~facts["spam"]).to_numpy()
    fitted = m.fit(levers, facts["won"].to_numpy(), counted)
    if fitted is None:
        return _without_model(facts, counted)
    unique, inverse = m.unique_rows(levers.standard)
    chance = m.predict(fitted, unique)
    draws = m.coefficient_draws(
        fitted, settings.bootstrap_draws, np.random.default_rng(settings.seed)
    )
    replicates = _expit(m.design(unique, fitted.levels) @ draws)
    lever_cells, lever_cell = lv.lever_cells(fitted, levers)
    expected = chance[inverse]
    facts = facts.with_columns(
        pl.Series("expected_conversion", expected),
        pl.Series("_cf", inverse),
        pl.Series("_bin", np.rint(expected / BIN).astype(np.int64)),
        pl.Series("_lever_cell", lever_cell),
        limits.alias("_limit"),
    )
    return Standardised(fitted, facts, replicates, lever_cells)


def _expit(x: FloatArray) -> FloatArray:
    return 1.0 / (1.0 + np.exp(-x))


def _without_model(facts: pl.DataFrame, counted: npt.NDArray[np.bool_]) -> Standardised:
    """No model (too little history): the pooled conversion stands in for every lead."""
    pooled = facts.filter(pl.Series(counted))["won"].mean() if counted.any() else None
    return Standardised(
        None,
        facts.with_columns(
            pl.lit(pooled, dtype=pl.Float64).alias("expected_conversion"),
            pl.lit(0).alias("_cf"),
            pl.lit(0).alias("_bin"),
        ),
        None,
    )


def verdicts(
    std: Standardised, period: pl.DataFrame, keys: Sequence[str], settings: ReportSettings
) -> pl.DataFrame:
    """The verdict of every cut of `period` (facts of the reported leads) by `keys`.

    Every cut with a lead (spam aside) gets a row: `leads_counted`, of which `leads_judged`
    are decided and `leads_open` still open. The judged leads are counted once per (cut,
    outcome, chance bin, counterfactual cell); the summary and the bootstrap both work from
    those counts, the levers (null for a cut without a split) from counts per lever cell.
    """
    group = list(keys) or ["_all"]
    # only the columns the verdict reads: the filters below then copy a few columns of a
    # million rows, not all sixty
    used = (*keys, "spam", "judged", "won", "_bin", "_cf", "expected_conversion")
    narrow = period.select(c for c in (*used, "_lever_cell", "_limit") if c in period.columns)
    counted = narrow.filter(~pl.col("spam"))
    if not keys:
        counted = counted.with_columns(pl.lit(0).alias("_all"))
    cells = (
        counted.filter(pl.col("judged"))
        .group_by(*group, "won", "_bin", "_cf")
        .agg(pl.len().alias("_k"), pl.col("expected_conversion").sum().alias("_e"))
    )
    judged = cells.group_by(group).agg(
        pl.col("_k").sum().alias("leads_judged"),
        pl.col("_k").filter(pl.col("won")).sum().alias("_won"),
        pl.col("_e").sum().alias("_expected"),
    )
    sizes = counted.group_by(group, maintain_order=True).agg(pl.len().alias("leads_counted"))
    summary = _summary(
        sizes.join(judged, on=group, how="left", nulls_equal=True, maintain_order="left"),
        settings,
    )
    summary = _intervals(std, cells, summary, group, settings)
    if std.lever_cells is None:
        summary = summary.with_columns(pl.lit(None, dtype=lv.LEVERS_TYPE).alias("levers"))
    else:
        summary = lv.per_cut(std.lever_cells, counted, summary, group, settings.min_leads_to_judge)
    return summary.drop("_all", "_expected", strict=False)


def _summary(counts: pl.DataFrame, settings: ReportSettings) -> pl.DataFrame:
    """Conversion of the decided leads, c_std, the gaps and the kind, from per-cut counts."""
    judged = pl.col("leads_judged")
    per_judged = lambda name: pl.when(judged > 0).then(pl.col(name) / judged)  # noqa: E731
    return (
        counts.with_columns(pl.col("leads_judged", "_won").fill_null(0).cast(pl.Int64))
        .with_columns(
            (pl.col("leads_counted") - judged).alias("leads_open"),
            per_judged("_won").alias("conversion_judged"),
            per_judged("_expected").alias("conversion_if_worked_to_standard"),
        )
        .with_columns(
            (pl.col("conversion_if_worked_to_standard") - pl.col("conversion_judged")).alias(
                "process_gap"
            ),
            (settings.target - pl.col("conversion_if_worked_to_standard")).alias("quality_gap"),
        )
        .with_columns(kind_rule(settings).alias("kind"))
        .with_columns(
            (
                (pl.col("kind") == "too_few")
                & (pl.col("leads_counted") >= settings.min_leads_to_judge)
            ).alias("early")
        )
    )


def kind_rule(settings: ReportSettings) -> pl.Expr:
    """The kind of a verdict row, by the rules of DESIGN.md step 3, on the decided leads.

    Too few also when fewer than half of the cut's leads (`leads_counted`) are decided.
    """
    target, gap = settings.target, settings.target - pl.col("conversion_judged")
    too_few = (pl.col("leads_judged") < settings.min_leads_to_judge) | (
        pl.col("leads_judged") < MIN_SHARE_DECIDED * pl.col("leads_counted")
    )
    return (
        pl.when(too_few)
        .then(pl.lit("too_few"))
        .when(pl.col("conversion_judged") >= target)
        .then(pl.lit("on_target"))
        .when(pl.col("conversion_if_worked_to_standard").is_null())
        .then(pl.lit(None, pl.String))
        .when(
            (pl.col("conversion_if_worked_to_standard") >= target)
            | (pl.col("process_gap") >= 2 / 3 * gap)
        )
        .then(pl.lit("process"))
        .when(pl.col("process_gap") < gap / 3)
        .then(pl.lit("quality"))
        .otherwise(pl.lit("mixed"))
    )


def _intervals(
    std: Standardised,
    cells: pl.DataFrame,
    summary: pl.DataFrame,
    group: list[str],
    settings: ReportSettings,
) -> pl.DataFrame:
    """95 % bootstrap intervals of c_std and both gaps, for the cuts that get a split.

    Each cut's leads are resampled (Poisson weights) per group of near-equal standard
    chance and outcome; each draw pairs that resample with one model replicate.
    """
    names = ("conversion_if_worked_to_standard", "process_gap", "quality_gap")
    empty = [
        pl.lit(None, dtype=pl.Float64).alias(f"{n}_{s}") for n in names for s in ("low", "high")
    ]
    needs = summary.filter(pl.col("kind").is_in(["process", "quality", "mixed"]))
    if std.replicates is None or needs.height == 0:
        return summary.with_columns(empty)
    cuts = needs.select(group).with_row_index("_cut")
    members = cells.join(cuts, on=group, how="inner", nulls_equal=True)
    bins = members.group_by("_cut", "won", "_bin").agg(pl.col("_k").sum().alias("_m"))
    # In a fixed order, so that each bin draws the same weights on every run.
    bins = bins.sort("_cut", "won", "_bin").with_row_index("_row")
    members = members.join(bins, on=["_cut", "won", "_bin"])
    mix = sparse.csr_matrix(
        (
            (members["_k"] / members["_m"]).to_numpy(),
            (members["_row"].to_numpy(), members["_cf"].to_numpy()),
        ),
        shape=(bins.height, std.replicates.shape[0]),
    )
    chance = mix @ std.replicates  # bins × draws
    rng = np.random.default_rng(settings.seed + 1)
    counts = bins["_m"].to_numpy()[:, None].astype(np.float64)
    weights = rng.poisson(counts, chance.shape).astype(np.float64)
    to_cut = sparse.csr_matrix(
        (np.ones(bins.height), (bins["_cut"].to_numpy(), np.arange(bins.height))),
        shape=(cuts.height, bins.height),
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        total = to_cut @ weights
        c_std = (to_cut @ (weights * chance)) / total
        c_act = (to_cut @ (weights * bins["won"].to_numpy()[:, None])) / total
    spreads = {
        "conversion_if_worked_to_standard": c_std,
        "process_gap": c_std - c_act,
        "quality_gap": settings.target - c_std,
    }
    bounds = cuts.with_columns(
        pl.Series(f"{n}_{s}", np.nanpercentile(v, q, axis=1))
        for n, v in spreads.items()
        for s, q in (("low", 2.5), ("high", 97.5))
    ).drop("_cut")
    return summary.join(bounds, on=group, how="left", nulls_equal=True)
