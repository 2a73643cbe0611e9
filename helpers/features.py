"""Design matrices and standardization: the preparation every penalized fit needs."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import (
    as_bool,
    as_choice,
    as_matrix,
    as_number,
    as_positive_float,
    as_positive_int,
    as_seed,
    as_vector,
    is_extreme,
    power_of_two_scale,
)
from .models import Fit


def polynomial_features(x, degree: int, *, include_bias: bool = False) -> np.ndarray:
    """Columns ``x, x², …, x^degree`` (and a leading column of ones when ``include_bias``).

    Examples
    --------
    >>> polynomial_features([1.0, 2.0], 3).tolist()
    [[1.0, 1.0, 1.0], [2.0, 4.0, 8.0]]
    """
    x = as_vector(x, "x")
    degree = as_positive_int(degree, "degree", minimum=0)
    include_bias = as_bool(include_bias, "include_bias")
    first = 0 if include_bias else 1
    if degree < first:
        raise ValueError("degree must be >= 1 when include_bias is False (there would be no columns)")
    with np.errstate(over="ignore"):
        columns = x[:, None] ** np.arange(first, degree + 1)
    if not np.all(np.isfinite(columns)):
        raise ValueError(f"x**{degree} overflows double precision for |x| up to {np.abs(x).max():.3g}; "
                         "rescale x (for example to [-1, 1]) or use a lower degree")
    return columns


class Scaling(NamedTuple):
    """Per-column mean and standard deviation learnt from training data."""

    mean: np.ndarray
    scale: np.ndarray

    def apply(self, X) -> np.ndarray:
        """Standardize ``X`` with the training statistics: ``(X − mean) / scale``."""
        mean, scale = self._checked()
        X = as_matrix(X)
        if X.shape[1] != mean.shape[0]:
            raise ValueError(f"X has {X.shape[1]} columns but the scaling was fitted on {mean.shape[0]}")
        with np.errstate(over="ignore", invalid="ignore"):
            out = (X - mean) / scale
        if not np.all(np.isfinite(out)):
            raise ValueError("X standardized with these statistics overflows double precision; check its units")
        return out

    def _checked(self):
        mean = as_vector(self.mean, "Scaling.mean")
        scale = as_vector(self.scale, "Scaling.scale", n=mean.shape[0], of="Scaling.mean has {n}")
        if np.any(scale <= 0):
            raise ValueError("Scaling.scale must contain only numbers > 0 (standard deviations)")
        return mean, scale

    def unscale(self, fit: Fit) -> Fit:
        """Express a model fitted on standardized columns in the original units of ``X``."""
        mean, scale = self._checked()
        if not hasattr(fit, "coef") or not hasattr(fit, "intercept"):
            raise TypeError(f"fit must be a Fit (with .intercept and .coef), got {type(fit).__name__}")
        coef = as_vector(fit.coef, "fit.coef", n=mean.shape[0], of="the scaling has {n} columns")
        intercept = as_number(fit.intercept, "fit.intercept")
        coef = coef / scale
        return Fit(float(intercept - mean @ coef), coef)


def fit_scaling(X, *, ddof: int = 0) -> Scaling:
    """Learn the column means and standard deviations of the training ``X``.

    ``ddof=0`` matches scikit-learn's ``StandardScaler``; ``ddof=1`` matches R's ``scale()``.
    A constant column keeps scale 1 (it cannot be standardized, and it carries no information).

    Examples
    --------
    >>> import numpy as np
    >>> s = fit_scaling(np.array([[1.0, 10.0], [3.0, 30.0]]))
    >>> s.apply([[2.0, 20.0]]).tolist()
    [[0.0, 0.0]]
    """
    X = as_matrix(X)
    ddof = as_choice(ddof, "ddof", (0, 1))
    if X.shape[0] <= ddof:
        raise ValueError(f"X needs more than {ddof} rows to estimate a standard deviation")
    # Standard deviations of huge or tiny columns are taken in rescaled units: the squares would overflow.
    s = power_of_two_scale(X) if is_extreme(X) else 1.0
    scale = (X / s).std(axis=0, ddof=ddof) * s
    scale[scale == 0] = 1.0
    return Scaling((X / s).mean(axis=0) * s, scale)


def train_test_indices(n: int, *, test_fraction: float = 0.25, seed: int = 0):
    """Seeded random split of ``range(n)`` into sorted ``(train, test)`` index arrays."""
    n = as_positive_int(n, "n", minimum=2)
    test_fraction = as_number(test_fraction, "test_fraction", low=0.0, high=1.0, low_open=True, high_open=True)
    seed = as_seed(seed)
    n_test = min(max(1, int(round(n * test_fraction))), n - 1)
    order = np.random.default_rng(seed).permutation(n)
    return np.sort(order[n_test:]), np.sort(order[:n_test])


def train_test_split(X, y, *, test_fraction: float = 0.25, seed: int = 0):
    """Seeded split of ``(X, y)`` into ``X_train, X_test, y_train, y_test``."""
    X = as_matrix(X)
    y = as_vector(y, n=X.shape[0])
    if X.shape[0] < 2:
        raise ValueError(f"X needs at least 2 rows to split into training and test data, got {X.shape[0]}")
    train, test = train_test_indices(X.shape[0], test_fraction=test_fraction, seed=seed)
    return X[train], X[test], y[train], y[test]


def gaussian_basis(x, centres, width: float, *, include_bias: bool = False) -> np.ndarray:
    """Columns ``exp(−(x − μ_j)² / (2 s²))``, one bump per centre ``μ_j`` of width ``s`` (PRML eq. 3.4).

    A leading column of ones is added when ``include_bias``.

    Examples
    --------
    >>> gaussian_basis([0.0, 1.0], [0.0], 1.0).round(4).tolist()
    [[1.0], [0.6065]]
    """
    x = as_vector(x, "x")
    centres = as_vector(centres, "centres")
    width = as_positive_float(width, "width")
    include_bias = as_bool(include_bias, "include_bias")
    bumps = np.exp(-((x[:, None] - centres[None, :]) ** 2) / (2.0 * width**2))
    return np.column_stack([np.ones(x.size), bumps]) if include_bias else bumps
