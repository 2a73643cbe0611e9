"""helpers.bayes against closed forms, direct Gaussian densities, refits and scikit-learn's BayesianRidge."""

import numpy as np
import pytest
from scipy.stats import multivariate_normal
from sklearn.linear_model import BayesianRidge

from helpers import effective_df, fit_scaling, load_prostate, ridge_fit
from helpers.bayes import fit_evidence, gcv, log_evidence, posterior, profile_log_evidence


def _data(n=25, p=4, seed=0, shift=2.0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) * rng.uniform(0.5, 2.0, p) + shift
    y = X @ rng.normal(size=p) + 3.0 + 0.7 * rng.normal(size=n)
    return X, y


def _contrasts(n):
    """An orthonormal basis of the n − 1 directions orthogonal to the vector of ones."""
    Q, _ = np.linalg.qr(np.column_stack([np.ones(n), np.eye(n)[:, : n - 1]]))
    return Q[:, 1:]


@pytest.fixture(scope="module")
def prostate():
    data = load_prostate()
    X = fit_scaling(data.X[data.train]).apply(data.X[data.train])
    return X, data.y[data.train]


# --- posterior ---------------------------------------------------------------------------------

@pytest.mark.parametrize("shape", [(25, 4), (8, 12)])
def test_posterior_mean_is_ridge_with_lambda_alpha_over_beta(shape):
    X, y = _data(*shape)
    for alpha, beta in [(2.0, 4.0), (0.01, 30.0), (5.0, 0.2)]:
        post = posterior(X, y, alpha, beta)
        ridge = ridge_fit(X, y, alpha / beta)
        np.testing.assert_allclose(post.mean, ridge.coef, rtol=1e-9, atol=1e-11)
        assert post.intercept == pytest.approx(ridge.intercept, rel=1e-10)


def test_posterior_covariance_is_the_inverse_precision_of_the_centred_data():
    X, y = _data()
    alpha, beta = 1.5, 3.0
    Xc = X - X.mean(axis=0)
    S = np.linalg.inv(alpha * np.eye(X.shape[1]) + beta * Xc.T @ Xc)
    np.testing.assert_allclose(posterior(X, y, alpha, beta).cov, S, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(posterior(X, y, alpha, beta, fit_intercept=False).cov,
                               np.linalg.inv(alpha * np.eye(X.shape[1]) + beta * X.T @ X), rtol=1e-10, atol=1e-13)


def test_flat_prior_intercept_is_the_limit_of_a_vanishing_prior_on_a_column_of_ones():
    # The intercept's flat prior is a weight on a column of ones whose prior precision tends to 0.
    X, y = _data(n=15, p=3)
    alpha, beta, tiny = 2.0, 5.0, 1e-9
    A = np.column_stack([np.ones(len(y)), X])
    precision = beta * A.T @ A + np.diag(np.r_[tiny, np.full(3, alpha)])
    joint_cov = np.linalg.inv(precision)
    joint_mean = beta * joint_cov @ A.T @ y
    post = posterior(X, y, alpha, beta)
    np.testing.assert_allclose(post.mean, joint_mean[1:], rtol=1e-6)
    np.testing.assert_allclose(post.cov, joint_cov[1:, 1:], rtol=1e-6)
    x_new = np.array([[0.5, -1.0, 2.0], [3.0, 3.0, 3.0]])
    a_new = np.column_stack([np.ones(2), x_new])
    mean, std = post.predict(x_new)
    np.testing.assert_allclose(mean, a_new @ joint_mean, rtol=1e-6)
    np.testing.assert_allclose(std, np.sqrt(1 / beta + np.einsum("ij,jk,ik->i", a_new, joint_cov, a_new)), rtol=1e-6)


# --- log_evidence ------------------------------------------------------------------------------

@pytest.mark.parametrize("shape", [(20, 3), (9, 14)])
def test_log_evidence_is_the_gaussian_log_density_of_the_marginal(shape):
    X, y = _data(*shape)
    n = len(y)
    for alpha, beta in [(2.0, 4.0), (0.05, 0.5), (30.0, 10.0)]:
        direct = multivariate_normal(np.zeros(n), np.eye(n) / beta + X @ X.T / alpha).logpdf(y)
        assert log_evidence(X, y, alpha, beta, fit_intercept=False) == pytest.approx(direct, rel=1e-10)
        # With the flat-prior intercept: the density of the n − 1 contrasts orthogonal to the ones.
        K = _contrasts(n)
        Xc = X - X.mean(axis=0)
        cov = np.eye(n - 1) / beta + K.T @ Xc @ Xc.T @ K / alpha
        direct = multivariate_normal(np.zeros(n - 1), cov).logpdf(K.T @ y)
        assert log_evidence(X, y, alpha, beta) == pytest.approx(direct, rel=1e-10)


def test_log_evidence_reproduces_the_polynomial_evidence_of_bishops_points():
    # PRML §3.5.1 setting (α = 5e-3, β = 11.1, every coefficient under the prior), M = 1 and M = 3,
    # computed by the book's eq. 3.86 written out with explicit matrices.
    from helpers import load_curvefitting

    data = load_curvefitting()
    x, t = data.X[:, 0], data.y
    for M in (1, 3):
        Phi = np.column_stack([x**j for j in range(M + 1)])
        alpha, beta = 5e-3, 11.1
        A = alpha * np.eye(M + 1) + beta * Phi.T @ Phi
        m = beta * np.linalg.solve(A, Phi.T @ t)
        energy = beta / 2 * np.sum((t - Phi @ m) ** 2) + alpha / 2 * m @ m
        book = ((M + 1) / 2 * np.log(alpha) + 10 / 2 * np.log(beta) - energy
                - 0.5 * np.linalg.slogdet(A)[1] - 10 / 2 * np.log(2 * np.pi))
        assert log_evidence(Phi, t, alpha, beta, fit_intercept=False) == pytest.approx(book, rel=1e-10)


def test_profile_evidence_is_the_evidence_at_the_best_beta():
    X, y = _data()
    lams = np.array([0.01, 0.3, 5.0, 80.0])
    prof = profile_log_evidence(X, y, lams)
    for lam, value, beta in zip(lams, prof.log_evidence, prof.beta):
        assert log_evidence(X, y, lam * beta, beta) == pytest.approx(value, rel=1e-10)
        for factor in (0.9, 1.1):  # it is a maximum over β
            assert log_evidence(X, y, lam * beta * factor, beta * factor) < value
    assert profile_log_evidence(X, y, [0.0]).log_evidence[0] == -np.inf


# --- fit_evidence ------------------------------------------------------------------------------

def test_fit_evidence_is_a_stationary_point_and_gamma_is_the_effective_df(prostate):
    X, y = prostate
    fit = fit_evidence(X, y)
    assert fit.gamma == pytest.approx(effective_df(X, fit.alpha / fit.beta), rel=1e-10)
    assert fit.lam == pytest.approx(fit.alpha / fit.beta)
    np.testing.assert_allclose(fit.mean, ridge_fit(X, y, fit.lam).coef, rtol=1e-9)
    assert fit.log_evidence == pytest.approx(log_evidence(X, y, fit.alpha, fit.beta), rel=1e-12)
    for da, db in [(1.05, 1.0), (0.95, 1.0), (1.0, 1.05), (1.0, 0.95)]:
        assert log_evidence(X, y, fit.alpha * da, fit.beta * db) < fit.log_evidence
    # the fixed-point equations hold
    rss = np.sum((y - fit.intercept - X @ fit.mean) ** 2)
    assert fit.alpha == pytest.approx(fit.gamma / (fit.mean @ fit.mean), rel=1e-8)
    assert fit.beta == pytest.approx((len(y) - 1 - fit.gamma) / rss, rel=1e-8)
    # and it is the maximum of the profile evidence over λ
    grid = fit.lam * np.exp(np.linspace(-0.5, 0.5, 201))
    assert grid[np.argmax(profile_log_evidence(X, y, grid).log_evidence)] == pytest.approx(fit.lam, rel=0.01)


def _neutral_bayesian_ridge(**kwargs):
    return BayesianRidge(alpha_1=0.0, alpha_2=0.0, lambda_1=0.0, lambda_2=0.0, tol=1e-14, max_iter=100_000,
                         **kwargs)


def test_fit_evidence_matches_bayesian_ridge_with_its_hyperpriors_neutralized(prostate):
    X, y = prostate
    # scikit-learn's names are swapped: its alpha_ is the noise precision β, its lambda_ the weight precision α.
    sk = _neutral_bayesian_ridge(fit_intercept=False).fit(X, y)
    ours = fit_evidence(X, y, fit_intercept=False)
    assert ours.alpha == pytest.approx(sk.lambda_, rel=1e-8) and ours.beta == pytest.approx(sk.alpha_, rel=1e-8)
    np.testing.assert_allclose(ours.mean, sk.coef_, rtol=1e-8)
    # With an intercept, BayesianRidge centres the data but keeps N = n; the flat prior leaves n − 1.
    sk = _neutral_bayesian_ridge().fit(X, y)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    as_sklearn = fit_evidence(Xc, yc, fit_intercept=False)
    assert as_sklearn.alpha == pytest.approx(sk.lambda_, rel=1e-8) and as_sklearn.beta == pytest.approx(sk.alpha_, rel=1e-8)
    course = fit_evidence(X, y)
    assert course.beta < sk.alpha_      # one degree of freedom fewer for the noise: a larger noise variance
    assert sk.intercept_ == pytest.approx(y.mean() - X.mean(axis=0) @ sk.coef_)


def test_default_bayesian_ridge_differs_through_its_gamma_hyperpriors(prostate):
    X, y = prostate
    sk = BayesianRidge(tol=1e-14, max_iter=100_000, fit_intercept=False).fit(X, y)
    ours = fit_evidence(X, y, fit_intercept=False)
    assert sk.lambda_ != pytest.approx(ours.alpha, rel=1e-8)
    assert sk.lambda_ == pytest.approx(ours.alpha, rel=1e-3)   # the default priors are weak, not absent


def test_fit_evidence_recovers_the_hyperparameters_of_data_drawn_from_the_model():
    rng = np.random.default_rng(5)
    n, p, alpha, beta = 4000, 20, 4.0, 25.0
    X = rng.normal(size=(n, p))
    w = rng.normal(size=p) / np.sqrt(alpha)
    y = X @ w + rng.normal(size=n) / np.sqrt(beta)
    fit = fit_evidence(X, y, fit_intercept=False)
    assert fit.beta == pytest.approx(beta, rel=0.05)
    assert fit.alpha == pytest.approx(p / (w @ w), rel=0.1)


# --- gcv ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("shape", [(25, 4), (8, 12)])
def test_gcv_matches_its_hat_matrix_formula(shape, fit_intercept):
    X, y = _data(*shape)
    n, p = X.shape
    lams = np.array([0.01, 1.0, 30.0])
    got = gcv(X, y, lams, fit_intercept=fit_intercept)
    for lam, value in zip(lams, got):
        if fit_intercept:
            Xc = X - X.mean(axis=0)
            H = np.full((n, n), 1 / n) + Xc @ np.linalg.solve(Xc.T @ Xc + lam * np.eye(p), Xc.T)
        else:
            H = X @ np.linalg.solve(X.T @ X + lam * np.eye(p), X.T)
        r = y - H @ y
        assert value == pytest.approx((r @ r / n) / (1 - np.trace(H) / n) ** 2, rel=1e-9)


def test_gcv_is_infinite_where_the_fit_interpolates():
    X, y = _data(n=6, p=8)
    assert gcv(X, y, [0.0])[0] == np.inf and np.isfinite(gcv(X, y, [1.0])[0])


# --- invalid input -----------------------------------------------------------------------------

@pytest.mark.parametrize("call, error, words", [
    (lambda X, y: posterior(X, y, -1.0, 1.0), ValueError, "alpha"),
    (lambda X, y: posterior(X, y, 1.0, 0.0), ValueError, "beta"),
    (lambda X, y: posterior(X, y, "1", 1.0), TypeError, "alpha"),
    (lambda X, y: log_evidence(X, y, 1.0, np.nan), ValueError, "beta"),
    (lambda X, y: log_evidence(X, y[:-1], 1.0, 1.0), ValueError, "y has"),
    (lambda X, y: log_evidence(X[:, 0], y, 1.0, 1.0), ValueError, "X must be 2-D"),
    (lambda X, y: log_evidence(X, y, 1.0, 1.0, fit_intercept="yes"), TypeError, "fit_intercept"),
    (lambda X, y: log_evidence(X[:1], y[:1], 1.0, 1.0), ValueError, "at least 2 rows"),
    (lambda X, y: fit_evidence(X, y, tol=0.0), ValueError, "tol"),
    (lambda X, y: fit_evidence(X, y, max_iter=2.5), TypeError, "max_iter"),
    (lambda X, y: fit_evidence(X, y, alpha_init=-2.0), ValueError, "alpha_init"),
    (lambda X, y: fit_evidence(X, np.full(len(y), 3.0)), ValueError, "constant"),
    (lambda X, y: gcv(X, y, [-1.0]), ValueError, "lams"),
    (lambda X, y: gcv(X, y, "many"), TypeError, "lams"),
    (lambda X, y: profile_log_evidence(X, y, [[1.0, 2.0]]), ValueError, "lams"),
    (lambda X, y: posterior(X, y, 1.0, 1.0).predict(X[:, :2]), ValueError, "columns"),
])
def test_invalid_input_is_rejected_with_a_message_naming_the_argument(call, error, words):
    X, y = _data()
    with pytest.raises(error, match=words):
        call(X, y)


def test_fit_evidence_says_when_it_ran_to_no_signal():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(12, 3)), rng.normal(size=12)   # y unrelated to X
    with pytest.raises((ValueError, RuntimeError), match="α|max_iter"):
        fit_evidence(X, y, alpha_init=1e6, max_iter=2000)
