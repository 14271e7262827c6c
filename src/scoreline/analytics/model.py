"""The model of P(won) behind the verdict: marketing's levers and sales' levers.

Marketing decides which leads arrive: source, campaign, the car asked about, new or used,
and whether the lead arrived while the dealer was closed. Sales decides what happens before
the first conversation: how fast the first response came, whether the standard's effort was
made (or the person reached, which makes it moot), a written message, a call script. Later
steps (test drive, quote) are outcomes, not levers, and the raw count of attempts is left
out on purpose: people reached on the first call need no second one.

All levers are categorical, so leads collapse into cells of identical levers and the
logistic regression is fitted on the cells' counts (ridge-penalised Newton steps): a million
leads cost a few thousand rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
import polars as pl
from scipy import special

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
# Lever codes are small (at most MAX_LEVELS levels), one byte each: a million leads' codes
# are 9 MB instead of 72, and every copy of them (the fit's rows, the cells) is as much less.
Codes = npt.NDArray[np.int8]
C = TypeVar("C", bound=np.integer[Any])

MARKETING = ("source", "campaign", "vehicle_make", "vehicle_condition", "out_of_hours")
SALES = ("speed", "worked_to_standard", "written_follow_up", "scripted")
# The sales levers the standard sets (lever_codes moves them); the script is left as observed.
SET_BY_STANDARD = ("speed", "worked_to_standard", "written_follow_up")
LEVERS = MARKETING + SALES
SPEED_LEVELS = ("within 5 min", "within standard", "within 1 h", "within 4 h", "later", "never")
WITHIN_STANDARD = 1
MAX_LEVELS = 25
RIDGE = 1.0


@dataclass(frozen=True)
class Levers:
    """Each lead's lever codes as observed and as if worked to the standard, and the levels
    the codes stand for (code 0 is the reference level)."""

    observed: Codes
    standard: Codes
    levels: dict[str, tuple[str, ...]]


def lever_codes(facts: pl.DataFrame, limits: pl.Expr) -> Levers:
    """The levers of every lead, coded.

    Marketing levels are ordered by frequency (the most common is the reference; beyond
    MAX_LEVELS the rare tail joins the reference). Worked to the standard: answered within
    the standard's time (a faster answer is kept), the effort made, and a written message
    unless the person was already reached.
    """
    levels = _levels(facts, MARKETING)
    levels.update({"speed": SPEED_LEVELS, **{c: ("no", "yes") for c in SALES[1:]}})
    minutes = pl.col("clock_min")
    speed = (
        pl.when(~pl.col("responded")).then(5)
        .when(minutes <= pl.min_horizontal(pl.lit(5.0), limits)).then(0)
        .when(minutes <= limits).then(1)
        .when(minutes <= 60).then(2)
        .when(minutes <= 240).then(3)
        .otherwise(4)
    )  # fmt: skip
    written = pl.col("written") > 0
    coded = facts.select(
        *[_code(c, levels[c]) for c in MARKETING],
        speed.cast(pl.Int8).alias("speed"),
        pl.col("worked_to_standard").cast(pl.Int8),
        written.cast(pl.Int8).alias("written_follow_up"),
        pl.col("scripted").cast(pl.Int8),
        pl.min_horizontal(speed, pl.lit(WITHIN_STANDARD)).cast(pl.Int8).alias("speed_std"),
        pl.lit(1, dtype=pl.Int8).alias("worked_std"),
        (written | ~pl.col("contacted")).cast(pl.Int8).alias("written_std"),
    )
    observed = coded.select(*MARKETING, *SALES).to_numpy()
    standard = coded.select(*MARKETING, "speed_std", "worked_std", "written_std", "scripted")
    return Levers(observed, standard.to_numpy(), levels)


def _code(column: str, levels: tuple[str, ...]) -> pl.Expr:
    text = pl.col(column).cast(pl.String).fill_null("(none)")
    mapping = {v: i for i, v in enumerate(levels)}
    return text.replace_strict(mapping, default=0, return_dtype=pl.Int8).alias(column)


@dataclass(frozen=True)
class Model:
    """A fitted model: the levels of each lever (the first is the reference) and β."""

    levels: dict[str, tuple[str, ...]]
    beta: FloatArray
    hessian: FloatArray
    cells: Codes  # lever codes of the fitted cells
    n: FloatArray
    won: FloatArray
    ridge: float = RIDGE

    @property
    def width(self) -> int:
        return len(self.beta)


def fit(
    levers: Levers, won: npt.NDArray[np.bool_], rows: npt.NDArray[np.bool_], ridge: float = RIDGE
) -> Model | None:
    """Fit on the leads of `rows` (outcome known); None when there is nothing to learn."""
    total, wins = int(rows.sum()), int(won[rows].sum())
    if total < 30 or wins == 0 or wins == total:
        return None
    cells, n, y = _cells(levers.observed[rows], won[rows])
    beta, hessian = newton(design(cells, levers.levels), n, y, ridge)
    return Model(levers.levels, beta, hessian, cells, n, y, ridge)


def _levels(facts: pl.DataFrame, columns: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Levels by frequency, most common first (the reference), at most MAX_LEVELS.

    Counted in one select, so the columns are counted side by side on the cores."""
    text = lambda c: pl.col(c).cast(pl.String).fill_null("(none)")  # noqa: E731
    counts = facts.select(text(c).value_counts(sort=True).implode().alias(c) for c in columns)
    return {c: tuple(counts[c][0].struct.field(c).to_list()[:MAX_LEVELS]) for c in columns}


def unique_rows(codes: npt.NDArray[C]) -> tuple[npt.NDArray[C], IntArray]:
    """The distinct rows of small non-negative codes and each row's index among them.

    Rows are packed into one integer (mixed radix); when the packed range is small, a
    count over it finds the distinct rows without sorting (np.unique on rows sorts slowly).
    """
    radix = (
        codes.max(axis=0).astype(np.int64) + 1 if len(codes) else np.ones(codes.shape[1], np.int64)
    )
    weights = np.concatenate([np.cumprod(radix[::-1])[::-1][1:], [1]])
    # column by column: an integer matmul has no BLAS, and on byte codes it is 3x slower
    keys = codes[:, 0].astype(np.int64) * weights[0]
    for j in range(1, codes.shape[1]):
        keys += codes[:, j] * weights[j]
    span = int(np.prod(radix.astype(np.float64)))
    if span <= 50_000_000:
        present = np.flatnonzero(np.bincount(keys, minlength=span))
        index = np.full(span, -1, dtype=np.int64)
        index[present] = np.arange(len(present))
        inverse = index[keys]
        some = np.zeros(len(present), dtype=np.int64)
        some[inverse] = np.arange(len(keys))  # any row of a key will do: they are equal
        return codes[some], inverse
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return codes[first], inverse.ravel()


def _cells(codes: Codes, won: npt.NDArray[np.bool_]) -> tuple[Codes, FloatArray, FloatArray]:
    unique, inverse = unique_rows(codes)
    n = np.bincount(inverse, minlength=len(unique)).astype(np.float64)
    y = np.bincount(inverse, weights=won.astype(np.float64), minlength=len(unique))
    return unique, n, y.astype(np.float64)


def design(cells: npt.NDArray[np.integer[Any]], levels: dict[str, tuple[str, ...]]) -> FloatArray:
    """One-hot rows: an intercept, then one column per non-reference level of each lever."""
    widths = [len(levels[c]) - 1 for c in LEVERS]
    offsets = np.concatenate([[1], 1 + np.cumsum(widths)[:-1]])
    x = np.zeros((len(cells), 1 + sum(widths)))
    x[:, 0] = 1.0
    rows = np.arange(len(cells))
    for j, offset in enumerate(offsets):
        code = cells[:, j].astype(np.int64)  # one byte codes: no wrap-around past 127
        on = code > 0
        x[rows[on], offset + code[on] - 1] = 1.0
    return x


def newton(
    x: FloatArray, n: FloatArray, y: FloatArray, ridge: float = RIDGE
) -> tuple[FloatArray, FloatArray]:
    """Ridge-penalised maximum likelihood (the intercept unpenalised) by Newton's method:
    y wins out of n leads per row of the design x."""
    penalty = np.full(x.shape[1], ridge)
    penalty[0] = 0.0
    beta = np.zeros(x.shape[1])
    beta[0] = special.logit(y.sum() / n.sum())
    hessian = np.eye(x.shape[1])
    for _ in range(100):
        p = special.expit(x @ beta)
        gradient = x.T @ (y - n * p) - penalty * beta
        hessian = (x * (n * p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta = beta + step
        if np.max(np.abs(step)) < 1e-9:
            break
    return beta, hessian


def predict(model: Model, codes: npt.NDArray[np.integer[Any]]) -> FloatArray:
    """P(won) for rows of lever codes."""
    return special.expit(design(codes, model.levels) @ model.beta)


def coefficient_draws(model: Model, draws: int, rng: np.random.Generator) -> FloatArray:
    """Bootstrap replicates of β (width × draws): a Poisson bootstrap of the leads, each
    replicate refitted by one Newton step from the full fit (the one-step bootstrap)."""
    x = design(model.cells, model.levels)
    p = special.expit(x @ model.beta)
    wins = rng.poisson(model.won[:, None], (len(p), draws))
    losses = rng.poisson((model.n - model.won)[:, None], (len(p), draws))
    penalty = np.full(model.width, model.ridge)
    penalty[0] = 0.0
    score = x.T @ (wins * (1 - p)[:, None] - losses * p[:, None]) - (penalty * model.beta)[:, None]
    return model.beta[:, None] + np.linalg.solve(model.hessian, score)
