"""The model behind the verdict fits what statsmodels fits."""

import numpy as np
import pytest
import statsmodels.api as sm

from scoreline.analytics.model import newton, unique_rows


def test_newton_on_counts_matches_statsmodels_logistic_regression():
    rng = np.random.default_rng(4)
    x = np.column_stack([np.ones(400), rng.integers(0, 2, (400, 3))]).astype(float)
    n = rng.integers(1, 40, 400).astype(float)
    truth = np.array([-1.5, 0.8, -0.6, 0.3])
    y = rng.binomial(n.astype(int), 1 / (1 + np.exp(-x @ truth))).astype(float)
    ours, _ = newton(x, n, y, ridge=0.0)
    glm = sm.GLM(np.column_stack([y, n - y]), x, family=sm.families.Binomial()).fit()
    np.testing.assert_allclose(ours, glm.params, rtol=1e-7, atol=1e-9)


def test_the_ridge_pulls_levers_but_not_the_intercept_towards_zero():
    x = np.array([[1.0, 0.0], [1.0, 1.0]])
    n = np.array([50.0, 3.0])
    y = np.array([5.0, 3.0])  # 3 out of 3: separation, infinite without a penalty
    mild, _ = newton(x, n, y, ridge=1.0)
    strong, _ = newton(x, n, y, ridge=1e6)
    assert 0 < strong[1] < mild[1] < 5
    assert strong[1] == pytest.approx(0.0, abs=1e-4)
    assert strong[0] == pytest.approx(np.log(8 / 45), abs=1e-3)  # the pooled rate, not 0


def test_unique_rows_gives_each_row_its_cell():
    codes = np.array([[0, 1], [2, 0], [0, 1], [1, 1]])
    unique, inverse = unique_rows(codes)
    np.testing.assert_array_equal(unique[inverse], codes)
    assert len(unique) == 3
