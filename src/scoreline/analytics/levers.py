"""The verdict names its evidence: a cut's process gap split over the sales levers.

DESIGN.md step 4. The levers are the ones the standard sets (model.SET_BY_STANDARD: speed of
first response, the effort, the written message; the script is left as observed because the
standard does not ask for it, so it cannot move and gets no part).

For a cut, v(S) is the mean over its judged leads of the model's chance with the levers in S
at the standard and the others as observed. Each lever's Shapley value is its mean marginal
effect over the orders in which the levers could be set; together they make v(all) - v(none).
v(all) is c_std, but v(none) is the model's prediction of what happened, not what happened:
the process gap c_std - c_actual also holds the model's residual for the cut. So:

THE RULE. The parts are the Shapley values scaled to the process gap (each times gap / sum),
as long as the levers mostly agree with the gap: their sum has the gap's sign and is at least
half of the sum of their sizes. Otherwise (the levers cancel out, or the model moves the cut
the other way than the gap) each lever gets the gap times its share of the sizes |phi| /
sum |phi| (so every part has the gap's sign), and when no lever moves at all (every lead
already at standard) the gap is split equally. Either way the parts add up to the gap.

Everything works on cells: leads with the same observed codes and the same codes at
standard share one row, and a cut is a vector of counts over those rows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl
from scipy import sparse

from scoreline.analytics import model as m

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

LEVERS = m.SET_BY_STANDARD
COALITIONS = np.array(list(product((False, True), repeat=len(LEVERS))))  # 2^k × k
AGREE = 0.5  # the levers' net movement must be at least this share of their total movement
STILL = 1e-12  # below this total movement no lever moves
SPLIT_KINDS = ("process", "quality", "mixed")
LEVERS_TYPE = pl.List(
    pl.Struct(
        {"lever": pl.String, "points": pl.Float64, "actual": pl.Float64, "standard": pl.Float64}
        | {"best": pl.Float64, "minutes": pl.Float64}
    )
)


@dataclass(frozen=True)
class LeverCells:
    """Per lever cell: the model's chance for every coalition, and which levers it meets."""

    chance: FloatArray  # cells × coalitions (COALITIONS' order)
    meets: FloatArray  # cells × levers: 1.0 where the lead already meets the lever's standard


def lever_cells(fitted: m.Model, levers: m.Levers) -> tuple[LeverCells, IntArray]:
    """The lever cells and each lead's cell.

    A lead meets a lever's standard when the standard leaves its code as observed (answered
    within the standard's time, the effort made, a written message or the person reached):
    the rule stays in model.lever_codes.
    """
    width = levers.observed.shape[1]
    columns = np.array([m.LEVERS.index(lever) for lever in LEVERS])
    pairs = np.hstack([levers.observed, levers.standard[:, columns]])
    unique, inverse = m.unique_rows(pairs)
    observed, standard = unique[:, :width], unique[:, width:]
    rows = np.repeat(observed[None, :, :], len(COALITIONS), axis=0)
    for k, chosen in enumerate(COALITIONS):
        rows[k][:, columns[chosen]] = standard[:, chosen]
    chance = m.predict(fitted, rows.reshape(-1, width)).reshape(len(COALITIONS), -1).T
    meets = (observed[:, columns] == standard).astype(np.float64)
    return LeverCells(chance, meets), inverse


def shapley_weights() -> FloatArray:
    """W (coalitions × levers) such that v @ W are the Shapley values of v.

    phi_j = sum over S without j of |S|! (k - |S| - 1)! / k! * (v(S + j) - v(S)).
    """
    k = len(LEVERS)
    index = {tuple(c): i for i, c in enumerate(COALITIONS.tolist())}
    weights = np.zeros((len(COALITIONS), k))
    for chosen in COALITIONS.tolist():
        for j in range(k):
            if chosen[j]:
                continue
            size = sum(chosen)
            w = math.factorial(size) * math.factorial(k - size - 1) / math.factorial(k)
            weights[index[tuple(chosen[:j] + [True] + chosen[j + 1 :])], j] += w
            weights[index[tuple(chosen)], j] -= w
    return weights


def to_gap(phi: FloatArray, gap: FloatArray) -> FloatArray:
    """Parts (cuts × levers) that add up to each cut's gap, by THE RULE of the docstring."""
    net, size = phi.sum(axis=1), np.abs(phi).sum(axis=1)
    scales = (net * gap > 0) & (np.abs(net) >= AGREE * size)
    with np.errstate(invalid="ignore", divide="ignore"):
        scaled = phi * (gap / net)[:, None]
        shares = np.where((size > STILL)[:, None], np.abs(phi) / size[:, None], 1.0 / len(LEVERS))
    return np.where(scales[:, None], scaled, shares * gap[:, None])


def per_cut(
    cells: LeverCells,
    counted: pl.DataFrame,
    summary: pl.DataFrame,
    group: list[str],
    min_leads: int,
) -> pl.DataFrame:
    """The `levers` column of the cuts of `summary` that get a split (null for the others).

    `counted` holds the cut's leads with `judged` and `_lever_cell`. `best` is the highest
    share meeting the lever among the cuts of this table with at least `min_leads` judged;
    `minutes` (speed only) the standard's first-response time when the cut's leads share one.
    """
    # lazily: the filter feeds the group-by, no copy of the judged leads in between
    judged = (
        counted.lazy().filter(pl.col("judged")).group_by(*group, "_lever_cell").agg(pl.len())
    ).collect()
    cuts = summary.select(group).with_row_index("_cut")
    judged = judged.join(cuts, on=group, how="inner", nulls_equal=True)
    counts = sparse.csr_matrix(
        (
            judged["len"].to_numpy().astype(np.float64),
            (judged["_cut"].to_numpy(), judged["_lever_cell"].to_numpy()),
        ),
        shape=(cuts.height, len(cells.chance)),
    )
    n = np.asarray(counts.sum(axis=1)).ravel()
    with np.errstate(invalid="ignore", divide="ignore"):
        v = (counts @ cells.chance) / n[:, None]
        actual = (counts @ cells.meets) / n[:, None]
    gap = summary["process_gap"].fill_null(np.nan).to_numpy().astype(np.float64)
    points = to_gap(v @ shapley_weights(), gap)
    enough = n >= min_leads
    best = actual[enough].max(axis=0) if enough.any() else np.full(len(LEVERS), np.nan)
    splits = summary["kind"].is_in(SPLIT_KINDS).fill_null(False).to_numpy() & (n > 0)
    minutes = _uniform_limit(counted, cuts, group)
    rows: list[list[dict[str, Any]] | None] = [
        [
            {
                "lever": lever,
                "points": float(points[i, j]),
                "actual": float(actual[i, j]),
                "standard": 1.0,
                "best": float(best[j]),
                "minutes": minutes[i] if lever == "speed" else None,
            }
            for j, lever in enumerate(LEVERS)
        ]
        if splits[i]
        else None
        for i in range(cuts.height)
    ]
    return summary.with_columns(pl.Series("levers", rows, dtype=LEVERS_TYPE))


def _uniform_limit(counted: pl.DataFrame, cuts: pl.DataFrame, group: list[str]) -> list[Any]:
    """The standard's first-response minutes of each cut's judged leads, when they share one
    (a cut across dealers with their own standards has none to name)."""
    limits = (
        counted.lazy()
        .filter(pl.col("judged"))
        .group_by(group)
        .agg(pl.col("_limit").min().alias("_low"), pl.col("_limit").max().alias("_high"))
        .collect()
    )
    joined = cuts.join(limits, on=group, how="left", nulls_equal=True).sort("_cut")
    same = pl.when(pl.col("_low") == pl.col("_high")).then(pl.col("_low"))
    return joined.select(same)["_low"].to_list()


def as_json(levers: Sequence[Mapping[str, Any]] | None, gap: float | None) -> list[dict[str, Any]]:
    """The levers for the report: points rounded to six decimals so that they still add up
    to the reported (rounded) gap; shares rounded to six decimals."""
    if not levers or gap is None:
        return []
    points = apportion([lever["points"] for lever in levers], gap, 6)
    return [
        {**lever, "points": p, **{k: _round(lever[k]) for k in ("actual", "standard", "best")}}
        for lever, p in zip(levers, points, strict=True)
    ]


def apportion(parts: Sequence[float], total: float, decimals: int) -> list[float]:
    """Parts rounded to `decimals` that add up to `total` rounded the same way.

    Each part is rounded; the few units the rounding lost or gained go to the parts whose
    rounding moved them most (the largest remainder method), so a sentence's parts add up to
    the total it quotes and the JSON's to its process_gap.
    """
    scale = 10**decimals
    raw = [p * scale for p in parts]
    whole = [round(r) for r in raw]
    missing = round(total * scale) - sum(whole)
    step = 1 if missing > 0 else -1
    order = sorted(range(len(raw)), key=lambda i: (raw[i] - whole[i]) * step, reverse=True)
    for i in range(abs(missing)):
        whole[order[i % len(order)]] += step
    return [w / scale for w in whole]


def _round(value: Any) -> Any:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return round(float(value), 6)
