"""The statistics behind the figures, vectorised over many groups at once.

- Wilson score intervals for rates (tested against statsmodels' proportion_confint);
- Kaplan–Meier quantiles of time to first response per group, with the unanswered leads
  censored (tested against lifelines' KaplanMeierFitter);
- beta-binomial empirical-Bayes shrinkage, so 1 sale out of 3 leads is not a star.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl
from scipy import optimize, special

FloatArray = npt.NDArray[np.float64]
Z95 = 1.959963984540054


def wilson(successes: pl.Expr, trials: pl.Expr, z: float = Z95) -> tuple[pl.Expr, pl.Expr]:
    """Lower and upper bounds of the Wilson score interval; null where there are no trials."""
    n = trials.cast(pl.Float64)
    p = successes.cast(pl.Float64) / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)).sqrt()) / (1 + z * z / n)
    valid = trials > 0
    low = pl.when(valid).then((centre - half).clip(0.0, 1.0))
    high = pl.when(valid).then((centre + half).clip(0.0, 1.0))
    return low, high


def km_quantiles(
    frame: pl.DataFrame, group: list[str], time: str, event: str, quantiles: dict[str, float]
) -> pl.DataFrame:
    """Kaplan–Meier time quantiles per group: the first time the survival curve is at or
    below 1 - q (lifelines' convention); null where the curve never gets there.

    1. Count events and censorings per (group, time).
    2. At risk at each time = all rows of the group at that time or later.
    3. S(t) = product of (1 - events / at risk) up to t, within the group.
    """
    keys = group or ["_all"]
    data = frame if group else frame.with_columns(pl.lit(0).alias("_all"))
    # The counts per (group, time) lazily: whole numbers, so no order of summing changes
    # them, and the lazy group-by takes half the time of the eager one at a million rows.
    counts = (
        data.lazy()
        .filter(pl.col(time).is_not_null())
        .group_by([*keys, time])
        .agg(pl.col(event).sum().alias("_d"), pl.len().alias("_n"))
        .sort([*keys, time])
        .collect()
    )
    steps = counts.with_columns(
        pl.col("_n").reverse().cum_sum().reverse().over(keys).alias("_risk"),
    ).with_columns(
        (1.0 - pl.col("_d") / pl.col("_risk")).log().cum_sum().exp().over(keys).alias("_s")
    )
    out = steps.group_by(keys).agg(
        *[
            pl.col(time).filter(pl.col("_s") <= 1.0 - q + 1e-12).first().alias(name)
            for name, q in quantiles.items()
        ]
    )
    return out if group else out.drop("_all")


def beta_prior(successes: npt.ArrayLike, trials: npt.ArrayLike) -> tuple[float, float] | None:
    """Empirical-Bayes Beta(a, b) prior of the beta-binomial model over the groups.

    None when there are fewer than three groups with leads or no sale at all: then there is
    nothing to learn a spread from. Groups that look alike give a strong prior (large a + b).

    The prior's mean is the pooled rate (sales ÷ leads over all groups), so a shrunk rate
    always lies between a group's own rate and the dealer's; only the concentration a + b is
    fitted, by maximum likelihood on one bounded axis. Two dimensions left a flat ridge on
    which the optimiser stopped wherever the summation order of the groups led it, so the
    same data gave other numbers from run to run. The groups are sorted first for the same
    reason: the answer must not depend on the order in which a group_by hands them over.
    """
    k = np.asarray(successes, dtype=np.float64)
    n = np.asarray(trials, dtype=np.float64)
    keep = n > 0
    order = np.lexsort((k[keep], n[keep]))
    k, n = k[keep][order], n[keep][order]
    if len(n) < 3 or k.sum() == 0 or k.sum() == n.sum():
        return None
    mean = k.sum() / n.sum()

    def negative_log_likelihood(log_kappa: float) -> float:
        kappa = np.exp(log_kappa)
        a, b = mean * kappa, (1 - mean) * kappa
        return -float(np.sum(special.betaln(k + a, n - k + b) - special.betaln(a, b)))

    # the concentration is capped where the prior already equals "everyone alike"
    result = optimize.minimize_scalar(
        negative_log_likelihood,
        bounds=(np.log(0.05), np.log(1e6)),
        method="bounded",
        options={"xatol": 1e-6},
    )
    kappa = float(np.exp(result.x))
    return float(mean * kappa), float((1 - mean) * kappa)


def shrunk_rates(successes: npt.ArrayLike, trials: npt.ArrayLike) -> FloatArray:
    """Posterior mean rate per group under the fitted Beta prior (raw rate if none fits)."""
    k = np.asarray(successes, dtype=np.float64)
    n = np.asarray(trials, dtype=np.float64)
    prior = beta_prior(k, n)
    with np.errstate(invalid="ignore", divide="ignore"):
        if prior is None:
            return np.where(n > 0, k / n, np.nan)
        a, b = prior
        return (k + a) / (n + a + b)
