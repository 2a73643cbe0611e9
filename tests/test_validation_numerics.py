"""The cases of issue 13: bad input refused with a clear message, extreme input solved or refused,
and the numerics that used to give up on valid problems, checked against closed forms and scikit-learn."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from helpers import (
    CVScores,
    Fit,
    effective_df,
    gradient_descent,
    logistic_fit,
    logistic_loss,
    one_standard_error_rule,
    ridge_fit,
    sample_sine,
    sigmoid,
    train_test_indices,
    true_curve,
)
from helpers.models import gradient_descent_lr_limit


def data(n=20, p=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    return X, X @ np.arange(1.0, p + 1) + rng.normal(size=n)


def sklearn_logistic(X, y, lam):
    model = LogisticRegression(C=1 / (2 * lam), tol=1e-12, max_iter=100_000).fit(X, y)
    return model.intercept_[0], model.coef_[0]


# --- logistic_fit: relative stopping, honest messages -------------------------------------------

def test_logistic_fit_on_large_inputs_with_a_penalty_matches_sklearn():
    # The issue's case: four points with inputs in the hundreds and lam = 36 used to be refused as
    # "lam=0 on separable data", because the stopping test was absolute.
    X = np.array([[120.0, -340.0], [410.0, 80.0], [-260.0, 150.0], [330.0, 290.0]])
    y = np.array([0.0, 1.0, 0.0, 1.0])
    fit = logistic_fit(X, y, 36.0)
    b, w = sklearn_logistic(X, y, 36.0)
    np.testing.assert_allclose(fit.coef, w, rtol=1e-5, atol=1e-9)
    assert fit.intercept == pytest.approx(b, rel=1e-5, abs=1e-7)


@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e2, 1e4])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_logistic_fit_matches_sklearn_whatever_the_units_of_X(scale, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(15, 2)) * scale
    y = (rng.uniform(size=15) < 0.5).astype(float)
    y[:2] = [0.0, 1.0]
    lam = 0.5 * scale**2  # the same problem in other units: w scales as 1/scale
    fit = logistic_fit(X, y, lam)
    b, w = sklearn_logistic(X, y, lam)
    np.testing.assert_allclose(fit.coef * scale, w * scale, rtol=1e-5, atol=1e-8)
    assert fit.intercept == pytest.approx(b, rel=1e-5, abs=1e-8)


def test_logistic_fit_on_extreme_inputs_is_the_rescaled_problem():
    X = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    y = np.array([0.0, 1.0, 0.0, 1.0])
    small = logistic_fit(X, y, 0.5)
    huge = logistic_fit(X * 1e200, y, 0.5)  # the same lam on huge inputs: tiny weights, still finite
    assert np.all(np.isfinite(huge.coef)) and np.isfinite(huge.intercept)
    big = logistic_fit(X * 2.0**400, y, 0.5 * 2.0**800)
    np.testing.assert_allclose(big.coef * 2.0**400, small.coef, rtol=1e-9)
    assert big.intercept == pytest.approx(small.intercept, rel=1e-9)


def test_logistic_fit_names_separability_only_when_lam_is_zero():
    X = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    y = np.array([0.0, 0.0, 1.0, 1.0])
    with pytest.raises(RuntimeError, match="linearly separable"):
        logistic_fit(X, y, 0.0)
    assert np.isfinite(logistic_fit(X, y, 1e-6).coef).all()


# --- gradient_descent: the stability limit up front ---------------------------------------------

def test_gradient_descent_refuses_an_unstable_rate_before_any_step_and_names_a_stable_one():
    X, y = data()
    with pytest.raises(ValueError, match=r"lr=1000 is above the stability limit") as err:
        gradient_descent(X, y, 1.0, lr=1e3, n_steps=50)
    limit = gradient_descent_lr_limit(X, 1.0)
    assert f"{limit:.6g}" in str(err.value)


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_the_limit_separates_converging_from_diverging_runs(fit_intercept):
    X, y = data(seed=3)
    X = X + 2.0  # not centred: the intercept couples with the weights
    lam = 2.0
    limit = gradient_descent_lr_limit(X, lam, fit_intercept=fit_intercept)
    target = ridge_fit(X, y, lam, fit_intercept=fit_intercept)
    run = gradient_descent(X, y, lam, lr=0.9 * limit, n_steps=20_000, fit_intercept=fit_intercept)
    np.testing.assert_allclose(run.coefs[-1], target.coef, rtol=1e-4)  # converging, if slowly (κ ≈ 30)
    # Just above the limit the same update, written out here, grows without bound.
    A = np.column_stack([np.ones(len(y)), X]) if fit_intercept else X
    P = np.eye(A.shape[1])
    P[0, 0] = 0.0 if fit_intercept else 1.0
    theta = np.zeros(A.shape[1])
    for _ in range(200):  # the top direction is multiplied by 1 − 2·1.1 = −1.2 per step
        theta = theta - 1.1 * limit * (2 * A.T @ (A @ theta - y) + 2 * lam * P @ theta)
    assert np.linalg.norm(theta) > 1e6
    with pytest.raises(ValueError, match="stability limit"):
        gradient_descent(X, y, lam, lr=1.1 * limit, n_steps=5, fit_intercept=fit_intercept)


def test_gradient_descent_blames_a_nan_start_on_intercept_init():
    X, y = data()
    with pytest.raises(ValueError, match="intercept_init"):
        gradient_descent(X, y, 1.0, lr=1e-3, n_steps=5, intercept_init=float("nan"))


# --- ridge: extreme but valid inputs, rescaled exactly ------------------------------------------

def test_ridge_on_a_huge_constant_target_is_its_mean():
    X, _ = data()
    fit = ridge_fit(X, np.full(20, 1e308), 1.0)
    assert fit.intercept == 1e308
    np.testing.assert_allclose(fit.coef, 0.0, atol=1e-300)


@pytest.mark.parametrize("scale", [2.0**500, 2.0**-500, 1e154])
def test_ridge_in_other_units_is_the_same_fit(scale):
    X, y = data()
    base = ridge_fit(X, y, 3.0)
    lam = 3.0 * scale * scale
    if np.isfinite(lam):  # the same problem in other units has λ·scale²
        scaled = ridge_fit(X * scale, y * scale, lam)
        np.testing.assert_allclose(scaled.coef, base.coef, rtol=1e-10)
        assert scaled.intercept == pytest.approx(base.intercept * scale, rel=1e-9)
    ols = ridge_fit(X * scale, y * scale, 0.0)
    np.testing.assert_allclose(ols.coef, ridge_fit(X, y, 0.0).coef, rtol=1e-10)


def test_effective_df_is_unit_free():
    X, _ = data()
    # df(λ; X) = df(λ/s²; X/s): for a huge X a moderate λ changes almost nothing, and λ = 0 gives the rank.
    assert effective_df(X * 2.0**500, 5.0) == pytest.approx(3.0, rel=1e-12)
    assert effective_df(X * 2.0**500, 5.0 * 2.0**1000) == pytest.approx(effective_df(X, 5.0), rel=1e-12)
    assert effective_df(X * 1e200, 0.0) == pytest.approx(3.0)


# --- the issue's bad inputs ----------------------------------------------------------------------

@pytest.mark.parametrize("call, error, match", [
    (lambda X, y: logistic_loss(X, [1], np.zeros(3)), ValueError, "y has 1 entries"),
    (lambda X, y: logistic_loss(X, np.where(y > 0, 1, -1), np.zeros(3)), ValueError, "labels 0 and 1"),
    (lambda X, y: logistic_loss(X, None, np.zeros(3)), TypeError, "y must be"),
    (lambda X, y: sigmoid(None), TypeError, "z must be"),
    (lambda X, y: true_curve(None), TypeError, "x must be"),
    (lambda X, y: ridge_fit(X + 1j, y, 1.0), TypeError, "complex"),
    (lambda X, y: ridge_fit(X, y > 0, 1.0), TypeError, "booleans"),
    (lambda X, y: ridge_fit(X, y, 1.0, fit_intercept="no"), TypeError, "fit_intercept must be True or False"),
    (lambda X, y: sample_sine(5, seed=-1), ValueError, "seed"),
    (lambda X, y: sample_sine(5, seed=1.5), TypeError, "seed"),
    (lambda X, y: train_test_indices(10, seed="a"), TypeError, "seed"),
    (lambda X, y: one_standard_error_rule([1.0, 2.0], CVScores([np.nan, 1.0], [0.1, 0.1])), ValueError, "NaN"),
    (lambda X, y: one_standard_error_rule([1.0, 2.0], CVScores([-1.0, 1.0], [0.1, 0.1])), ValueError, ">= 0"),
])
def test_the_issues_bad_inputs_get_clear_errors(call, error, match):
    X, y = data()
    with pytest.raises(error, match=match):
        call(X, y)


def test_a_fit_made_by_hand_predicts():
    X, _ = data()
    np.testing.assert_allclose(Fit(0.0, [1, 2, 3]).predict(X), X @ [1.0, 2.0, 3.0])
