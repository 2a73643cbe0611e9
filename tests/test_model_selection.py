"""Leave-one-out and k-fold cross-validation against brute-force refitting and scikit-learn."""

import numpy as np
import pytest
from sklearn.linear_model import Ridge, RidgeCV
from sklearn.model_selection import cross_val_score

from helpers import fold_indices, kfold_mse, loo_mse, one_standard_error_rule, ridge_fit
from helpers.model_selection import CVScores


def make_data(n=25, p=4, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) * np.resize([1.0, 5.0, 0.2, 2.0], p)
    y = X @ rng.normal(size=p) + 1.0 + rng.normal(size=n)
    return X, y


def loo_by_refitting(X, y, lam, fit_intercept=True):
    errors = []
    for i in range(len(y)):
        keep = np.arange(len(y)) != i
        fit = ridge_fit(X[keep], y[keep], lam, fit_intercept=fit_intercept)
        errors.append((y[i] - fit.predict(X[i : i + 1])[0]) ** 2)
    return np.mean(errors)


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_loo_identity_equals_n_refits(fit_intercept):
    X, y = make_data()
    lams = [0.0, 0.3, 3.0, 300.0]
    fast = loo_mse(X, y, lams, fit_intercept=fit_intercept)
    slow = [loo_by_refitting(X, y, lam, fit_intercept) for lam in lams]
    np.testing.assert_allclose(fast, slow, rtol=1e-9)


def test_loo_matches_sklearn_ridgecv():
    X, y = make_data(n=40, p=5, seed=1)
    lams = np.logspace(-2, 3, 12)
    model = RidgeCV(alphas=lams, store_cv_results=True).fit(X, y)
    np.testing.assert_allclose(loo_mse(X, y, lams), model.cv_results_.mean(axis=0), rtol=1e-8)


def test_loo_is_infinite_where_a_point_is_interpolated():
    X, y = make_data(n=5, p=6)
    errors = loo_mse(X, y, [0.0, 1.0])
    assert np.isinf(errors[0]) and np.isfinite(errors[1])


def test_kfold_matches_sklearn_on_the_same_folds():
    X, y = make_data(n=37, p=3, seed=2)
    lams = [0.1, 10.0]
    scores = kfold_mse(X, y, lams, k=5, seed=4)
    folds = fold_indices(len(y), 5, seed=4)
    splits = [(np.setdiff1d(np.arange(len(y)), f), f) for f in folds]
    for k, lam in enumerate(lams):
        per_fold = -cross_val_score(Ridge(alpha=lam), X, y, cv=splits, scoring="neg_mean_squared_error")
        assert scores.mean[k] == pytest.approx(per_fold.mean())
        assert scores.se[k] == pytest.approx(per_fold.std(ddof=1) / np.sqrt(5))


def test_folds_partition_the_rows_and_are_seeded():
    folds = fold_indices(23, 4, seed=1)
    assert sorted(np.concatenate(folds).tolist()) == list(range(23))
    assert [len(f) for f in folds] == [6, 6, 6, 5]
    again = fold_indices(23, 4, seed=1)
    assert all(np.array_equal(a, b) for a, b in zip(folds, again))
    assert not all(np.array_equal(a, b) for a, b in zip(folds, fold_indices(23, 4, seed=2)))


def test_one_standard_error_rule_picks_the_largest_lambda_within_one_se():
    lams = np.array([0.1, 1.0, 10.0, 100.0])
    scores = CVScores(mean=np.array([2.0, 1.0, 1.15, 3.0]), se=np.array([0.1, 0.2, 0.1, 0.1]))
    assert one_standard_error_rule(lams, scores) == 10.0
    with pytest.raises(ValueError, match="one entry per"):
        one_standard_error_rule(lams[:3], scores)


@pytest.mark.parametrize("call, match", [
    (lambda X, y: kfold_mse(X, y, [1.0], k=100), "k=100"),
    (lambda X, y: kfold_mse(X, y, [1.0], k=1), "k must"),
    (lambda X, y: loo_mse(X, y, [-1.0]), "lams"),
    (lambda X, y: loo_mse(X[:1], y[:1], [1.0]), "at least 2"),
    (lambda X, y: kfold_mse(X, y[:3], [1.0]), "y has"),
])
def test_invalid_input_gets_a_clear_error(call, match):
    X, y = make_data()
    with pytest.raises((ValueError, TypeError), match=match):
        call(X, y)


def test_loo_on_wide_data_takes_the_gram_route_and_matches_sklearn():
    X, y = make_data(n=30, p=80, seed=3)
    lams = np.logspace(-1, 3, 6)
    model = RidgeCV(alphas=lams, store_cv_results=True).fit(X, y)
    np.testing.assert_allclose(loo_mse(X, y, lams), model.cv_results_.mean(axis=0), rtol=1e-8)
    slow = [loo_by_refitting(X, y, lam) for lam in lams[:2]]
    np.testing.assert_allclose(loo_mse(X, y, lams[:2]), slow, rtol=1e-8)
