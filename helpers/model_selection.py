"""Choosing λ: exact leave-one-out without refitting, and seeded k-fold cross-validation."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import (
    as_bool,
    as_lambdas,
    as_matrix,
    as_positive_int,
    as_seed,
    as_vector,
    is_extreme,
    power_of_two_scale,
)
from .models import _centre, _svd, ridge_path


class CVScores(NamedTuple):
    """Cross-validated error per λ: ``mean[k]`` and its standard error ``se[k]`` belong to ``lams[k]``."""

    mean: np.ndarray
    se: np.ndarray


def _left_singular(Xc):
    """U and d of the thin SVD of the centred X (leave-one-out needs no V).

    For a wide, well-conditioned X they come from the n×n Gram matrix X Xᵀ = U diag(d²) Uᵀ, several
    times cheaper than the SVD; squaring the condition number is harmless below 1e4. Otherwise the SVD.
    """
    n, p = Xc.shape
    if p > n:
        evals, U = np.linalg.eigh(Xc @ Xc.T)
        top = evals[-1]
        keep = evals > top * 100 * max(n, p) * np.finfo(float).eps  # below: rounding, i.e. rank deficiency
        if top > 0 and evals[keep][0] > top * 1e-8:
            return U[:, keep], np.sqrt(evals[keep])
    U, d, _ = _svd(Xc)
    return U, d


def loo_mse(X, y, lams, *, fit_intercept: bool = True) -> np.ndarray:
    """Exact leave-one-out mean squared error of ridge for each λ, without refitting.

    Ridge is a linear smoother, ``ŷ = H y``; leaving point ``i`` out changes its residual to
    ``(y_i − ŷ_i) / (1 − H_ii)``. With ``X = U diag(d) Vᵀ`` (centred), ``H_ii = 1/n + Σ_j U_ij² d_j²/(d_j²+λ)``,
    the ``1/n`` being the unpenalized intercept. Equal to refitting ``n`` times, at the cost of one SVD.
    Where ``H_ii = 1`` (``λ = 0`` with as many weights as points) leaving a point out is not defined
    by the identity and the entry is ``inf``.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(30, 3)); y = X @ [1.0, 0.0, -1.0] + rng.normal(size=30)
    >>> errors = loo_mse(X, y, [0.1, 10.0, 1000.0])
    >>> bool(errors[0] < errors[2])
    True
    """
    X = as_matrix(X)
    y = as_vector(y, n=X.shape[0])
    grid = as_lambdas(lams)
    fit_intercept = as_bool(fit_intercept, "fit_intercept")
    n = X.shape[0]
    if n < 2:
        raise ValueError("leave-one-out needs at least 2 rows in X")
    # Extreme magnitudes in rescaled units: X = sx·X', y = sy·y' give LOO(λ) = sy²·LOO'(λ/sx²).
    sx = power_of_two_scale(X) if is_extreme(X) else 1.0
    sy = power_of_two_scale(y) if is_extreme(y) else 1.0
    with np.errstate(over="ignore", under="ignore"):
        grid = grid / sx / sx
    Xc, yc, _, _ = _centre(X / sx, y / sy, fit_intercept)
    U, d = _left_singular(Xc)
    shrink = d**2 / (d**2 + grid[:, None])              # (L, r)
    fitted = (shrink * (U.T @ yc)) @ U.T                  # centred fitted values, (L, n)
    leverage = (U**2) @ shrink.T                          # (n, L)
    if fit_intercept:
        leverage = leverage + 1.0 / n
    residual = yc[None, :] - fitted                       # centring leaves residuals unchanged
    with np.errstate(divide="ignore", invalid="ignore"):
        loo_residual = residual / (1.0 - leverage.T)
    out = np.mean(loo_residual**2, axis=1)
    undefined = np.any(1.0 - leverage.T <= 1e-12, axis=1)
    out[undefined] = np.inf
    with np.errstate(over="ignore"):
        out = out * np.float64(sy) * sy
    if np.any(~np.isfinite(out) & ~undefined):
        raise ValueError("the leave-one-out error is beyond double precision for y this large; rescale y")
    return out


def fold_indices(n: int, k: int, *, seed: int = 0) -> list[np.ndarray]:
    """Split ``range(n)`` into ``k`` shuffled folds of near-equal size (seeded)."""
    n = as_positive_int(n, "n", minimum=2)
    k = as_positive_int(k, "k", minimum=2)
    seed = as_seed(seed)
    if k > n:
        raise ValueError(f"k={k} folds need at least {k} rows, but there are only n={n}")
    order = np.random.default_rng(seed).permutation(n)
    return np.array_split(order, k)


def kfold_mse(X, y, lams, *, k: int = 5, seed: int = 0, fit_intercept: bool = True) -> CVScores:
    """k-fold cross-validated MSE of ridge for each λ: mean over folds and its standard error.

    The standard error is ``std(fold errors, ddof=1) / sqrt(k)``, the quantity the one-standard-error
    rule uses. Folds are drawn with ``np.random.default_rng(seed)``, so results are reproducible.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(40, 3)); y = X @ [1.0, 0.0, -1.0] + rng.normal(size=40)
    >>> scores = kfold_mse(X, y, [0.1, 1.0, 10.0], k=5)
    >>> scores.mean.shape, bool(np.all(scores.se > 0))
    ((3,), True)
    """
    X = as_matrix(X)
    y = as_vector(y, n=X.shape[0])
    grid = as_lambdas(lams)
    fit_intercept = as_bool(fit_intercept, "fit_intercept")
    folds = fold_indices(X.shape[0], k, seed=seed)
    errors = np.empty((len(folds), grid.size))
    for f, val in enumerate(folds):
        train = np.setdiff1d(np.arange(X.shape[0]), val)
        path = ridge_path(X[train], y[train], grid, fit_intercept=fit_intercept)
        predictions = path.intercepts[:, None] + path.coefs @ X[val].T
        with np.errstate(over="ignore"):
            errors[f] = np.mean((y[val][None, :] - predictions) ** 2, axis=1)
    if not np.all(np.isfinite(errors)):
        raise ValueError("the cross-validated error is beyond double precision for y this large; rescale y")
    return CVScores(errors.mean(axis=0), errors.std(axis=0, ddof=1) / np.sqrt(len(folds)))


def one_standard_error_rule(lams, scores: CVScores) -> float:
    """The largest λ whose CV error is within one standard error of the best (ESL §7.10).

    ``scores`` is a :class:`CVScores` (from :func:`kfold_mse`): errors >= 0 and standard errors >= 0,
    one of each per λ in ``lams``.

    Examples
    --------
    >>> one_standard_error_rule([0.1, 1.0, 10.0], CVScores([2.0, 1.0, 1.4], [0.2, 0.5, 0.3]))
    10.0
    """
    grid = as_lambdas(lams)
    if not hasattr(scores, "mean") or not hasattr(scores, "se"):
        raise TypeError(f"scores must be a CVScores (with .mean and .se), got {type(scores).__name__}")
    mean = as_vector(scores.mean, "scores.mean", n=grid.size, of="lams has {n} (one entry per λ)")
    se = as_vector(scores.se, "scores.se", n=grid.size, of="lams has {n} (one entry per λ)")
    if np.any(mean < 0) or np.any(se < 0):
        raise ValueError("scores.mean and scores.se must be >= 0 (mean squared errors and their standard errors)")
    best = int(np.argmin(mean))
    within = mean <= mean[best] + se[best]
    return float(grid[within].max())
