"""Wilson intervals, Kaplan–Meier quantiles and shrinkage: by hand and against references."""

import numpy as np
import polars as pl
import pytest
from lifelines import KaplanMeierFitter
from statsmodels.stats.proportion import proportion_confint

from scoreline.analytics.stats import beta_prior, km_quantiles, shrunk_rates, wilson


def _wilson(won: list[int], leads: list[int]) -> pl.DataFrame:
    low, high = wilson(pl.col("won"), pl.col("leads"))
    return pl.DataFrame({"won": won, "leads": leads}).select(low.alias("low"), high.alias("high"))


def test_wilson_by_hand_for_no_sale_in_ten_leads():
    # centre = (0 + z²/20) / (1 + z²/10); half = z·sqrt(z²/400) / (1 + z²/10)
    z2 = 1.959963984540054**2
    upper = (z2 / 20 + np.sqrt(z2) * np.sqrt(z2 / 400)) / (1 + z2 / 10)
    interval = _wilson([0], [10])
    assert interval["low"][0] == pytest.approx(0.0, abs=1e-12)
    assert interval["high"][0] == pytest.approx(upper)


def test_wilson_matches_statsmodels_on_generated_counts():
    rng = np.random.default_rng(5)
    leads = rng.integers(1, 400, 300)
    won = rng.binomial(leads, rng.uniform(0, 0.4, 300))
    ours = _wilson(won.tolist(), leads.tolist())
    low, high = proportion_confint(won, leads, alpha=0.05, method="wilson")
    np.testing.assert_allclose(ours["low"].to_numpy(), low, atol=1e-12)
    np.testing.assert_allclose(ours["high"].to_numpy(), high, atol=1e-12)


def test_wilson_is_null_without_leads():
    assert _wilson([0], [0]).row(0) == (None, None)


def test_kaplan_meier_by_hand_counts_the_censored_lead_at_risk_until_it_leaves():
    # times 1, 2 (no answer yet), 3, 4: S(1) = 3/4, S(3) = 3/4 · 1/2 = 3/8, S(4) = 0
    frame = pl.DataFrame({"t": [1.0, 2.0, 3.0, 4.0], "answered": [True, False, True, True]})
    out = km_quantiles(frame, [], "t", "answered", {"median": 0.5, "p90": 0.9})
    assert out.row(0) == (3.0, 4.0)


def test_kaplan_meier_quantile_is_null_when_the_curve_never_gets_there():
    frame = pl.DataFrame({"t": [1.0, 5.0, 6.0, 7.0], "answered": [True, False, False, False]})
    out = km_quantiles(frame, [], "t", "answered", {"median": 0.5})
    assert out["median"][0] is None


def test_kaplan_meier_matches_lifelines_per_group():
    rng = np.random.default_rng(3)
    n = 3000
    frame = pl.DataFrame({
        "group": rng.integers(0, 4, n),
        "t": np.round(rng.exponential(40, n)),
        "answered": rng.random(n) < 0.75,
    })  # fmt: skip
    ours = km_quantiles(frame, ["group"], "t", "answered", {"median": 0.5, "p90": 0.9}).sort(
        "group"
    )
    for group, median, p90 in ours.iter_rows():
        part = frame.filter(pl.col("group") == group)
        fitter = KaplanMeierFitter().fit(part["t"].to_numpy(), part["answered"].to_numpy())
        survival = fitter.survival_function_.iloc[:, 0]
        assert median == survival.index[survival <= 0.5][0]
        assert p90 == survival.index[survival <= 0.1][0]


def test_one_sale_in_three_leads_is_not_a_star():
    won = [1, 30, 28, 25, 33, 27]
    leads = [3, 250, 240, 230, 260, 235]
    shrunk = shrunk_rates(won, leads)
    assert won[0] / leads[0] > max(w / n for w, n in zip(won[1:], leads[1:], strict=True))
    assert shrunk[0] < max(shrunk[1:])
    assert shrunk[0] < 1 / 3


def test_the_prior_learns_how_much_salespeople_really_differ():
    rng = np.random.default_rng(8)
    leads = rng.integers(50, 400, 400)
    won = rng.binomial(leads, rng.beta(4, 28, 400))
    a, b = beta_prior(won, leads)
    assert a / (a + b) == pytest.approx(4 / 32, abs=0.01)
    assert 15 < a + b < 60  # the true concentration is 32
    assert beta_prior([1, 2], [10, 10]) is None
