"""Input checks shared by the public helpers.

Every public function validates what a learner passes in, so that a mistake surfaces as a
``ValueError``/``TypeError`` naming the argument, never as a traceback from deep inside NumPy.
"""

from __future__ import annotations

import numbers

import numpy as np


def as_matrix(X, name: str = "X") -> np.ndarray:
    """Return ``X`` as a finite float array of shape ``(n, p)``."""
    try:
        A = np.asarray(X, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a 2-D array of numbers, got {type(X).__name__}") from exc
    if A.ndim != 2:
        raise ValueError(f"{name} must be 2-D with shape (n_samples, n_features), got shape {A.shape}")
    if A.shape[0] == 0 or A.shape[1] == 0:
        raise ValueError(f"{name} must have at least one row and one column, got shape {A.shape}")
    if not np.all(np.isfinite(A)):
        raise ValueError(f"{name} contains NaN or infinite values; clean or impute them first")
    return A


def as_vector(y, name: str = "y", n: int | None = None) -> np.ndarray:
    """Return ``y`` as a finite 1-D float array, of length ``n`` when given."""
    try:
        v = np.asarray(y, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a 1-D array of numbers, got {type(y).__name__}") from exc
    if v.ndim != 1:
        raise ValueError(f"{name} must be 1-D with shape (n_samples,), got shape {v.shape}")
    if n is not None and v.shape[0] != n:
        raise ValueError(f"{name} has {v.shape[0]} entries but X has {n} rows; they must match")
    if not np.all(np.isfinite(v)):
        raise ValueError(f"{name} contains NaN or infinite values; clean or impute them first")
    return v


def as_lambda(lam, name: str = "lam") -> float:
    """Return a penalty strength as a float, requiring it to be finite and non-negative."""
    if isinstance(lam, bool) or not isinstance(lam, numbers.Real):
        if isinstance(lam, np.ndarray) and lam.ndim == 0:
            lam = lam.item()
        else:
            raise TypeError(f"{name} must be a single non-negative number, got {type(lam).__name__}")
    lam = float(lam)
    if not np.isfinite(lam) or lam < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {lam}")
    return lam


def as_lambdas(lams, name: str = "lams") -> np.ndarray:
    """Return a grid of penalty strengths as a finite, non-negative 1-D float array."""
    try:
        grid = np.atleast_1d(np.asarray(lams, dtype=float))
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a 1-D array of non-negative numbers") from exc
    if grid.ndim != 1 or grid.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array of non-negative numbers, got shape {grid.shape}")
    if not np.all(np.isfinite(grid)) or np.any(grid < 0):
        raise ValueError(f"{name} must contain only finite numbers >= 0, got {grid}")
    return grid


def as_positive_int(value, name: str, minimum: int = 1) -> int:
    """Return ``value`` as an int that is at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value}")
    return int(value)


def as_positive_float(value, name: str) -> float:
    """Return ``value`` as a finite float > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number, got {value!r}")
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value}")
    return value
