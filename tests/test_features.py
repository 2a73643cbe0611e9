"""Design matrices, standardization and splits."""

import numpy as np
import pytest
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

from helpers import Fit, fit_scaling, polynomial_features, ridge_fit, train_test_indices, train_test_split


def test_polynomial_features_match_sklearn():
    x = np.linspace(-1, 2, 7)
    ours = polynomial_features(x, 4, include_bias=True)
    theirs = PolynomialFeatures(4).fit_transform(x[:, None])
    np.testing.assert_allclose(ours, theirs)
    assert polynomial_features(x, 4).shape == (7, 4)


def test_scaling_matches_standard_scaler_and_uses_training_statistics():
    rng = np.random.default_rng(0)
    train, test = rng.normal(3, 2, size=(20, 3)), rng.normal(3, 2, size=(5, 3))
    scaling = fit_scaling(train)
    scaler = StandardScaler().fit(train)
    np.testing.assert_allclose(scaling.apply(test), scaler.transform(test))
    np.testing.assert_allclose(fit_scaling(train, ddof=1).scale, train.std(axis=0, ddof=1))


def test_constant_column_keeps_scale_one():
    X = np.column_stack([np.ones(4), np.arange(4.0)])
    assert fit_scaling(X).scale[0] == 1.0


def test_unscale_gives_the_same_predictions_in_original_units():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(30, 3)) * [1, 100, 0.01] + [5, -3, 0]
    y = rng.normal(size=30)
    scaling = fit_scaling(X)
    fit = ridge_fit(scaling.apply(X), y, 2.0)
    original = scaling.unscale(fit)
    assert isinstance(original, Fit)
    np.testing.assert_allclose(original.predict(X), fit.predict(scaling.apply(X)))


def test_split_is_seeded_disjoint_and_complete():
    train, test = train_test_indices(20, test_fraction=0.25, seed=3)
    assert len(test) == 5 and len(train) == 15
    assert sorted(np.concatenate([train, test]).tolist()) == list(range(20))
    again = train_test_indices(20, test_fraction=0.25, seed=3)
    assert np.array_equal(train, again[0])
    X, y = np.arange(40.0).reshape(20, 2), np.arange(20.0)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_fraction=0.25, seed=3)
    np.testing.assert_array_equal(X_tr[:, 0] / 2, y_tr)
    np.testing.assert_array_equal(y_te, test)


@pytest.mark.parametrize("call, match", [
    (lambda: polynomial_features([1.0, np.nan], 2), "x contains NaN"),
    (lambda: polynomial_features([1.0, 2.0], -1), "degree"),
    (lambda: polynomial_features([1.0, 2.0], 1.5), "degree"),
    (lambda: fit_scaling(np.ones((3, 2)), ddof=2), "ddof"),
    (lambda: fit_scaling(np.ones((3, 2))).apply(np.ones((3, 3))), "columns"),
    (lambda: train_test_indices(10, test_fraction=1.5), "test_fraction"),
])
def test_invalid_input_gets_a_clear_error(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
