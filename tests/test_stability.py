"""The numerical-stability helpers of lesson 05 against closed forms, brute force and scikit-learn."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression, Ridge

from helpers import load_longley, logistic_fit, ridge_fit
from helpers.stability import (
    LONGLEY_CERTIFIED,
    correlated_pair,
    hilbert,
    log_relative_error,
    logistic_gradient_descent,
    normal_equations_fit,
    ridge_condition_numbers,
)


def make_data(n=30, p=4, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) * rng.uniform(0.5, 2.0, size=p)
    y = X @ rng.normal(size=p) + 1.5 + rng.normal(size=n)
    return X, y


# --- log_relative_error -----------------------------------------------------------------------------

def test_lre_closed_form():
    lre = log_relative_error([1.001, -2.0000002, 100.0], [1.0, -2.0, 100.0])
    assert np.allclose(lre, [3.0, 7.0, 15.0], atol=1e-6)


def test_lre_zero_certified_uses_absolute_error_and_clips():
    lre = log_relative_error([1e-5, 0.0, np.nan, np.inf, 50.0], [0.0, 0.0, 1.0, 1.0, 1.0])
    assert np.allclose(lre, [5.0, 15.0, 0.0, 0.0, 0.0])


def test_lre_max_digits():
    assert log_relative_error(2.0, 2.0, max_digits=10)[0] == 10.0


@pytest.mark.parametrize("bad, match", [(([1.0, 2.0], [1.0]), "shape"), (([1.0], [np.nan]), "certified"),
                                        (("abc", [1.0]), "estimate"), (([1.0], ["x"]), "certified")])
def test_lre_invalid_input(bad, match):
    with pytest.raises((ValueError, TypeError), match=match):
        log_relative_error(*bad)


def test_lre_max_digits_validated():
    with pytest.raises(ValueError, match="max_digits"):
        log_relative_error([1.0], [1.0], max_digits=-1)


# --- normal_equations_fit ---------------------------------------------------------------------------

@pytest.mark.parametrize("lam", [0.0, 0.5, 10.0])
def test_normal_equations_match_ridge_and_sklearn(lam):
    X, y = make_data()
    fit = normal_equations_fit(X, y, lam)
    ref = ridge_fit(X, y, lam)
    sk = Ridge(alpha=lam).fit(X, y)
    assert np.allclose(fit.coef, ref.coef, atol=1e-10) and np.isclose(fit.intercept, ref.intercept)
    assert np.allclose(fit.coef, sk.coef_, atol=1e-8) and np.isclose(fit.intercept, sk.intercept_)


def test_normal_equations_without_intercept_closed_form():
    X, y = make_data(seed=1)
    fit = normal_equations_fit(X, y, 2.0, fit_intercept=False)
    expected = np.linalg.inv(X.T @ X + 2.0 * np.eye(X.shape[1])) @ X.T @ y
    assert fit.intercept == 0.0 and np.allclose(fit.coef, expected)


def test_normal_equations_singular_raises_linalg_error():
    x = np.arange(6.0)
    with pytest.raises(np.linalg.LinAlgError):
        normal_equations_fit(np.column_stack([x, x]), x + 1.0)


def test_normal_equations_invalid_input():
    X, y = make_data()
    with pytest.raises(ValueError, match="lam"):
        normal_equations_fit(X, y, -1.0)
    with pytest.raises(ValueError, match="y"):
        normal_equations_fit(X, y[:-1])


def test_longley_digits_of_the_two_routes():
    data = load_longley()
    A = np.column_stack([np.ones(len(data.y)), data.X])
    naive = np.linalg.solve(A.T @ A, A.T @ data.y)
    fit = normal_equations_fit(data.X, data.y)
    assert np.allclose(np.r_[fit.intercept, fit.coef], naive, rtol=1e-6)
    assert log_relative_error(naive, LONGLEY_CERTIFIED).min() < 9
    svd = ridge_fit(data.X, data.y, 0.0)
    assert log_relative_error(np.r_[svd.intercept, svd.coef], LONGLEY_CERTIFIED).min() > 9


# --- ridge_condition_numbers ------------------------------------------------------------------------

def test_condition_numbers_match_numpy():
    X, _ = make_data(seed=2)
    lams = [0.0, 0.1, 1.0, 100.0]
    expected = [np.linalg.cond(X.T @ X + lam * np.eye(X.shape[1])) for lam in lams]
    assert np.allclose(ridge_condition_numbers(X, lams), expected, rtol=1e-8)


def test_condition_numbers_rank_deficient():
    X = np.ones((3, 5))               # more columns than rows: d_min = 0
    kappa = ridge_condition_numbers(X, [0.0, 1.0])
    assert kappa[0] == np.inf and np.isclose(kappa[1], 1 + 15.0)


def test_condition_numbers_invalid_input():
    with pytest.raises(ValueError, match="lams"):
        ridge_condition_numbers(np.eye(2), [-1.0])
    with pytest.raises(ValueError, match="X"):
        ridge_condition_numbers(np.ones(3), [1.0])


# --- hilbert ----------------------------------------------------------------------------------------

def test_hilbert_entries_and_condition():
    H = hilbert(4)
    assert np.isclose(H[0, 0], 1.0) and np.isclose(H[3, 3], 1 / 7) and np.allclose(H, H.T)
    assert np.isclose(np.linalg.cond(hilbert(10)), 1.6025e13, rtol=0.01)


@pytest.mark.parametrize("bad, error", [(0, ValueError), (2.5, TypeError), (True, TypeError)])
def test_hilbert_invalid(bad, error):
    with pytest.raises(error, match="n"):
        hilbert(bad)


# --- logistic_gradient_descent ----------------------------------------------------------------------

def test_logistic_descent_reaches_logistic_fit_and_sklearn():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(40, 2))
    y = (X @ [1.0, -1.0] + 0.8 * rng.normal(size=40) > 0).astype(float)
    lam = 0.7
    traj = logistic_gradient_descent(X, y, lam, lr=0.02, n_steps=3000)
    fit = logistic_fit(X, y, lam)
    sk = LogisticRegression(C=1 / (2 * lam), tol=1e-12, max_iter=10_000).fit(X, y)
    assert traj.coefs.shape == (3001, 2) and traj.intercepts.shape == (3001,)
    assert np.allclose(traj.coefs[-1], fit.coef, atol=1e-7) and np.isclose(traj.intercepts[-1], fit.intercept)
    assert np.allclose(traj.coefs[-1], sk.coef_[0], atol=1e-5)


def test_logistic_descent_first_step_closed_form():
    X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, -1.0]])
    y = np.array([1.0, 0.0, 1.0])
    traj = logistic_gradient_descent(X, y, 0.3, lr=0.1, n_steps=1)
    # from w = 0, b = 0 every p_i = 1/2: the step is −lr·Xᵀ(1/2 − y), −lr·Σ(1/2 − y)
    assert np.allclose(traj.coefs[1], -0.1 * X.T @ (0.5 - y))
    assert np.isclose(traj.intercepts[1], -0.1 * np.sum(0.5 - y))


def test_logistic_descent_runs_away_on_separable_data():
    X = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    y = np.array([0.0, 0.0, 1.0, 1.0])
    norms = np.abs(logistic_gradient_descent(X, y, 0.0, lr=0.1, n_steps=2000).coefs[:, 0])
    assert np.all(np.diff(norms) > 0) and norms[-1] > norms[100] + 2


def test_logistic_descent_without_intercept():
    X = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    y = np.array([0.0, 1.0, 0.0, 1.0])
    traj = logistic_gradient_descent(X, y, 0.1, lr=0.05, n_steps=10, fit_intercept=False)
    assert np.all(traj.intercepts == 0.0)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"lr": 0.0, "n_steps": 5}, ValueError, "lr"),
    ({"lr": 0.1, "n_steps": -1}, ValueError, "n_steps"),
    ({"lr": 0.1, "n_steps": 2.5}, TypeError, "n_steps"),
])
def test_logistic_descent_invalid_settings(kwargs, error, match):
    X = np.array([[0.0], [1.0]])
    with pytest.raises(error, match=match):
        logistic_gradient_descent(X, [0, 1], 0.1, **kwargs)


def test_logistic_descent_invalid_labels():
    with pytest.raises(ValueError, match="labels"):
        logistic_gradient_descent(np.array([[0.0], [1.0]]), [0, 2], 0.1, lr=0.1, n_steps=1)


# --- correlated_pair --------------------------------------------------------------------------------

@pytest.mark.parametrize("rho", [0.0, 0.5, 0.99, 1.0, -0.7])
def test_correlated_pair_exact_sample_moments(rho):
    X, y = correlated_pair(40, rho, seed=4)
    assert X.shape == (40, 2) and y.shape == (40,)
    assert np.allclose(X.mean(axis=0), 0.0, atol=1e-12) and np.allclose(X.std(axis=0), 1.0)
    assert np.isclose(np.mean(X[:, 0] * X[:, 1]), rho)


def test_correlated_pair_same_draws_for_every_rho():
    X0, _ = correlated_pair(20, 0.0, seed=9)
    X1, _ = correlated_pair(20, 0.9, seed=9)
    assert np.array_equal(X0[:, 0], X1[:, 0])


def test_correlated_pair_noiseless():
    X, y = correlated_pair(10, 0.3, noise=0.0)
    assert np.allclose(y, X.sum(axis=1))


@pytest.mark.parametrize("kwargs, error, match", [
    ({"n": 2, "rho": 0.5}, ValueError, "n"),
    ({"n": 10, "rho": 1.5}, ValueError, "rho"),
    ({"n": 10, "rho": "high"}, TypeError, "rho"),
    ({"n": 10, "rho": 0.5, "noise": -1.0}, ValueError, "noise"),
])
def test_correlated_pair_invalid(kwargs, error, match):
    with pytest.raises(error, match=match):
        correlated_pair(**kwargs)
