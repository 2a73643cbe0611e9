"""The penalized models against closed forms, brute force and scikit-learn."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import Lasso, LogisticRegression, Ridge

from helpers import (
    effective_df,
    gradient_descent,
    lasso_fit,
    lasso_path,
    logistic_fit,
    ridge_fit,
    ridge_path,
)


def make_data(n=40, p=5, seed=0, noise=1.0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) * rng.uniform(0.5, 3.0, size=p) + rng.normal(size=p)
    y = X @ rng.normal(size=p) + 2.0 + noise * rng.normal(size=n)
    return X, y


def brute_force_ridge(X, y, lam):
    """Minimize the objective through the augmented normal equations of [1, X] with an unpenalized intercept."""
    A = np.column_stack([np.ones(len(y)), X])
    P = lam * np.eye(A.shape[1])
    P[0, 0] = 0.0
    theta = np.linalg.solve(A.T @ A + P, A.T @ y)
    return theta[0], theta[1:]


@pytest.mark.parametrize("lam", [0.0, 0.1, 3.0, 100.0])
def test_ridge_fit_matches_closed_form_and_sklearn(lam):
    X, y = make_data()
    fit = ridge_fit(X, y, lam)
    b, w = brute_force_ridge(X, y, lam)
    np.testing.assert_allclose(fit.coef, w, rtol=1e-9, atol=1e-10)
    assert fit.intercept == pytest.approx(b, rel=1e-9)
    reference = Ridge(alpha=lam, solver="svd").fit(X, y)
    np.testing.assert_allclose(fit.coef, reference.coef_, rtol=1e-8, atol=1e-10)
    assert fit.intercept == pytest.approx(reference.intercept_, rel=1e-8)


def test_ridge_fit_without_intercept_matches_closed_form():
    X, y = make_data()
    lam = 2.5
    fit = ridge_fit(X, y, lam, fit_intercept=False)
    expected = np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)
    np.testing.assert_allclose(fit.coef, expected, rtol=1e-9)
    assert fit.intercept == 0.0
    reference = Ridge(alpha=lam, fit_intercept=False).fit(X, y)
    np.testing.assert_allclose(fit.coef, reference.coef_, rtol=1e-8)


def test_ridge_fit_gradient_vanishes_at_the_optimum():
    X, y = make_data(seed=3)
    lam = 7.0
    fit = ridge_fit(X, y, lam)
    residual = y - fit.predict(X)
    np.testing.assert_allclose(-2 * X.T @ residual + 2 * lam * fit.coef, 0.0, atol=1e-8)
    assert abs(residual.sum()) < 1e-8  # the intercept's own gradient


def test_ridge_fit_least_squares_on_rank_deficient_data_is_minimum_norm():
    X, y = make_data(n=10, p=3)
    X = np.column_stack([X, X[:, 0]])  # an exact duplicate column
    fit = ridge_fit(X, y, 0.0)
    Xc = X - X.mean(axis=0)
    expected = np.linalg.pinv(Xc) @ (y - y.mean())
    np.testing.assert_allclose(fit.coef, expected, atol=1e-9)
    assert fit.coef[0] == pytest.approx(fit.coef[3])


def test_ridge_path_equals_separate_fits():
    X, y = make_data(n=30, p=8, seed=2)
    lams = np.array([0.0, 0.5, 5.0, 50.0, 5e4])
    path = ridge_path(X, y, lams)
    assert path.coefs.shape == (5, 8) and path.intercepts.shape == (5,)
    for k, lam in enumerate(lams):
        fit = ridge_fit(X, y, lam)
        np.testing.assert_allclose(path.coefs[k], fit.coef, rtol=1e-12, atol=1e-12)
        assert path.intercepts[k] == pytest.approx(fit.intercept)


def test_ridge_with_more_features_than_rows_matches_sklearn():
    X, y = make_data(n=15, p=40, seed=4)
    fit = ridge_fit(X, y, 1.0)
    reference = Ridge(alpha=1.0).fit(X, y)
    np.testing.assert_allclose(fit.coef, reference.coef_, rtol=1e-7, atol=1e-10)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(3, 30), p=st.integers(1, 12))
def test_weight_norm_never_grows_with_lambda(seed, n, p):
    X, y = make_data(n=n, p=p, seed=seed)
    lams = np.concatenate([[0.0], np.logspace(-4, 6, 40)])
    norms = np.linalg.norm(ridge_path(X, y, lams).coefs, axis=1)
    assert np.all(np.diff(norms) <= 1e-9 * max(1.0, norms[0]))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(3, 30), p=st.integers(1, 12))
def test_effective_df_falls_from_rank_toward_zero(seed, n, p):
    X, _ = make_data(n=n, p=p, seed=seed)
    lams = np.concatenate([[0.0], np.logspace(-4, 8, 40)])
    df = effective_df(X, lams)
    rank = np.linalg.matrix_rank(X - X.mean(axis=0))
    assert df[0] == pytest.approx(rank)
    assert np.all(np.diff(df) <= 1e-12)
    assert df[-1] < 1e-2 * max(rank, 1) + 1e-12


def test_effective_df_equals_trace_of_hat_matrix():
    X, _ = make_data(n=25, p=6)
    Xc = X - X.mean(axis=0)
    lam = 4.0
    H = Xc @ np.linalg.solve(Xc.T @ Xc + lam * np.eye(6), Xc.T)
    assert effective_df(X, lam) == pytest.approx(np.trace(H))
    assert isinstance(effective_df(X, lam), float)


@pytest.mark.parametrize("lam", [0.5, 5.0, 40.0])
def test_lasso_matches_sklearn(lam):
    X, y = make_data(n=60, p=6, seed=5)
    fit = lasso_fit(X, y, lam)
    reference = Lasso(alpha=lam / (2 * len(y)), tol=1e-12, max_iter=1_000_000).fit(X, y)
    np.testing.assert_allclose(fit.coef, reference.coef_, atol=1e-7)
    assert fit.intercept == pytest.approx(reference.intercept_, abs=1e-6)


def test_lasso_satisfies_the_subgradient_conditions_with_exact_zeros():
    X, y = make_data(n=50, p=8, seed=6)
    lam = 60.0
    fit = lasso_fit(X, y, lam)
    assert np.any(fit.coef == 0.0), "a strong penalty sets some weights to exactly zero"
    grad = -2 * X.T @ (y - fit.predict(X))  # gradient of the squared error
    nonzero = fit.coef != 0
    np.testing.assert_allclose(grad[nonzero], -lam * np.sign(fit.coef[nonzero]), atol=1e-6)
    assert np.all(np.abs(grad[~nonzero]) <= lam + 1e-6)


def test_lasso_orthonormal_design_is_soft_thresholding():
    rng = np.random.default_rng(7)
    Q, _ = np.linalg.qr(rng.normal(size=(20, 4)))
    y = Q @ np.array([3.0, -0.2, 1.0, 0.05]) + 0.1 * rng.normal(size=20)
    lam = 0.8
    fit = lasso_fit(Q, y, lam, fit_intercept=False)
    z = Q.T @ y
    np.testing.assert_allclose(fit.coef, np.sign(z) * np.maximum(np.abs(z) - lam / 2, 0), atol=1e-10)


def test_lasso_path_equals_separate_fits_and_large_lambda_gives_zero():
    X, y = make_data(n=40, p=5, seed=8)
    lams = np.array([1.0, 10.0, 100.0, 1e6])
    path = lasso_path(X, y, lams)
    for k, lam in enumerate(lams):
        np.testing.assert_allclose(path.coefs[k], lasso_fit(X, y, lam).coef, atol=1e-7)
    assert np.all(path.coefs[-1] == 0.0)
    assert path.intercepts[-1] == pytest.approx(y.mean())


@pytest.mark.parametrize("lam", [0.05, 1.0, 10.0])
def test_logistic_matches_sklearn(lam):
    X, y = make_data(n=80, p=4, seed=9, noise=3.0)
    labels = (y > np.median(y)).astype(float)
    fit = logistic_fit(X, labels, lam)
    reference = LogisticRegression(C=1 / (2 * lam), tol=1e-12, max_iter=10_000).fit(X, labels)
    np.testing.assert_allclose(fit.coef, reference.coef_[0], rtol=1e-5, atol=1e-6)
    assert fit.intercept == pytest.approx(reference.intercept_[0], rel=1e-5, abs=1e-6)


def test_logistic_is_finite_on_separable_data_only_with_a_penalty():
    X = np.array([[-2.0, 0.1], [-1.0, -0.3], [-0.5, 0.2], [0.5, 0.0], [1.0, 0.4], [2.0, -0.1]])
    y = np.array([0, 0, 0, 1, 1, 1])
    fit = logistic_fit(X, y, 0.1)
    assert np.all(np.isfinite(fit.coef)) and np.linalg.norm(fit.coef) < 100
    # the optimum: zero gradient of Σ log-loss + λ‖w‖²
    p = 1 / (1 + np.exp(-(fit.intercept + X @ fit.coef)))
    np.testing.assert_allclose(X.T @ (p - y) + 2 * 0.1 * fit.coef, 0, atol=1e-7)
    with pytest.raises(RuntimeError, match="separable"):
        logistic_fit(X, y, 0.0)


def test_gradient_descent_converges_to_ridge_and_records_every_step():
    X, y = make_data(n=30, p=3, seed=10)
    lam = 5.0
    Xc = X - X.mean(axis=0)
    lr = 0.5 / (np.linalg.norm(np.column_stack([np.ones(30), X]), 2) ** 2 + lam)
    traj = gradient_descent(X, y, lam, lr=lr, n_steps=20_000)
    assert traj.coefs.shape == (20_001, 3) and traj.intercepts.shape == (20_001,)
    assert np.all(traj.coefs[0] == 0.0)
    fit = ridge_fit(X, y, lam)
    np.testing.assert_allclose(traj.coefs[-1], fit.coef, atol=1e-8)
    assert traj.intercepts[-1] == pytest.approx(fit.intercept, abs=1e-8)
    assert Xc.shape == X.shape


def test_gradient_descent_step_is_decay_then_data_gradient():
    X, y = make_data(n=10, p=2, seed=11)
    lam, lr = 3.0, 1e-3
    w0 = np.array([1.0, -2.0])
    traj = gradient_descent(X, y, lam, lr=lr, n_steps=1, coef_init=w0, fit_intercept=False)
    data_grad = -2 * X.T @ (y - X @ w0)
    np.testing.assert_allclose(traj.coefs[1], (1 - 2 * lr * lam) * w0 - lr * data_grad)


def test_gradient_descent_reports_divergence():
    X, y = make_data()
    with pytest.raises(ValueError, match="lr"):
        gradient_descent(X, y, 0.0, lr=10.0, n_steps=500)


@pytest.mark.parametrize("call, match", [
    (lambda X, y: ridge_fit(X, y, -1.0), "lam"),
    (lambda X, y: ridge_fit(X, y, float("nan")), "lam"),
    (lambda X, y: ridge_fit(X, y, "big"), "lam"),
    (lambda X, y: ridge_fit(X, y[:-1], 1.0), "y has"),
    (lambda X, y: ridge_fit(X[:, 0], y, 1.0), "X must be 2-D"),
    (lambda X, y: ridge_fit(np.where(X > 1, np.nan, X), y, 1.0), "X contains NaN"),
    (lambda X, y: ridge_fit(X, np.full_like(y, np.inf), 1.0), "y contains NaN"),
    (lambda X, y: ridge_path(X, y, [1.0, -2.0]), "lams"),
    (lambda X, y: ridge_path(X, y, []), "lams"),
    (lambda X, y: effective_df(X, -1), "lam"),
    (lambda X, y: lasso_fit(X, y, -0.1), "lam"),
    (lambda X, y: logistic_fit(X, y, 1.0), "labels 0 and 1"),
    (lambda X, y: logistic_fit(X, np.ones_like(y), 1.0), "both labels"),
    (lambda X, y: gradient_descent(X, y, 1.0, lr=-1.0, n_steps=10), "lr"),
    (lambda X, y: gradient_descent(X, y, 1.0, lr=0.1, n_steps=2.5), "n_steps"),
    (lambda X, y: ridge_fit(X, y, 1.0).predict(X[:, :2]), "columns"),
])
def test_invalid_input_gets_a_clear_error(call, match):
    X, y = make_data()
    with pytest.raises((ValueError, TypeError), match=match):
        call(X, y)
