"""Numerical stability: digits lost and kept, condition numbers, and runaway logistic weights.

Lesson 05 measures what the penalty λ‖w‖² does beyond fighting overfitting. This module holds the
measuring tools: the log relative error against certified values, the textbook ("naive") solve of the
normal equations, the condition number of ``XᵀX + λI`` over a grid of λ, the Hilbert matrix, gradient
descent on the penalized logistic loss, and a pair of features with a chosen correlation.

The objective is the course's: ``Σ (y_i − b − x_i·w)² + λ‖w‖²`` (intercept not penalized) for least
squares, ``Σ log-loss + λ‖w‖²`` for logistic regression.
"""

from __future__ import annotations

import numpy as np

from ._validation import (
    as_array,
    as_bool,
    as_labels,
    as_lambda,
    as_lambdas,
    as_matrix,
    as_nonnegative_float,
    as_number,
    as_positive_float,
    as_positive_int,
    as_seed,
    as_vector,
)
from .models import Fit, Trajectory, sigmoid

#: NIST StRD certified least-squares coefficients for the Longley data, in the order
#: intercept, GNPDEFL, GNP, UNEMP, ARMED, POP, YEAR
#: (https://www.itl.nist.gov/div898/strd/lls/data/Longley.shtml; 15 significant digits).
LONGLEY_CERTIFIED = np.array([
    -3482258.63459582,
    15.0618722713733,
    -0.358191792925910e-01,
    -2.02022980381683,
    -1.03322686717359,
    -0.511041056535807e-01,
    1829.15146461355,
])

#: Certified values are given to 15 significant digits, so no more digits can be measured against them.
MAX_DIGITS = 15.0


def log_relative_error(estimate, certified, *, max_digits: float = MAX_DIGITS) -> np.ndarray:
    """The number of correct significant digits, ``LRE = −log10(|estimate − certified| / |certified|)``.

    Computed entry by entry. Where a certified value is 0 the absolute error is used instead
    (``−log10 |estimate|``), as NIST does. The result is clipped to ``[0, max_digits]``: an exact match
    counts as ``max_digits``, an estimate that is not even of the right magnitude (or not finite) as 0.

    Examples
    --------
    >>> log_relative_error([1.0001, 2.0], [1.0, 2.0]).round(2).tolist()
    [4.0, 15.0]
    """
    est = np.atleast_1d(as_array(np.atleast_1d(estimate) if np.ndim(estimate) == 0 and _is_number(estimate)
                                 else estimate, "estimate", allow_nonfinite=True))
    ref = np.atleast_1d(as_array(np.atleast_1d(certified) if np.ndim(certified) == 0 and _is_number(certified)
                                 else certified, "certified", allow_nonfinite=True))
    if est.shape != ref.shape:
        raise ValueError(f"estimate has shape {est.shape} but certified has shape {ref.shape}; they must match")
    if not np.all(np.isfinite(ref)):
        raise ValueError("certified contains NaN or infinite values")
    max_digits = as_positive_float(max_digits, "max_digits")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        error = np.abs(est - ref) / np.where(ref == 0, 1.0, np.abs(ref))
        digits = -np.log10(error)
    digits = np.where(np.isfinite(est), digits, 0.0)
    return np.clip(np.nan_to_num(digits, nan=0.0, posinf=max_digits), 0.0, max_digits)


def _is_number(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def normal_equations_fit(X, y, lam: float = 0.0, *, fit_intercept: bool = True) -> Fit:
    """Solve the penalized least-squares problem the textbook way: form ``AᵀA`` and call ``np.linalg.solve``.

    ``A`` is ``[1, X]`` (or ``X`` without an intercept), used as given: not centred, not scaled. The
    system is ``(AᵀA + λP) θ = Aᵀy`` with ``P`` the identity except a 0 for the intercept, so the
    objective is the course's ``Σ (y_i − b − x_i·w)² + λ‖w‖²``. Forming ``AᵀA`` squares the condition
    number of ``A``, which is why this route loses digits that :func:`helpers.ridge_fit` (SVD) keeps.
    A singular system raises ``numpy.linalg.LinAlgError``.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0], [1.0], [2.0]]); y = np.array([1.0, 3.0, 5.0])
    >>> fit = normal_equations_fit(X, y)
    >>> round(fit.intercept, 6), np.round(fit.coef, 6).tolist()
    (1.0, [2.0])
    """
    X = as_matrix(X)
    y = as_vector(y, n=X.shape[0])
    lam = as_lambda(lam)
    fit_intercept = as_bool(fit_intercept, "fit_intercept")
    A = np.column_stack([np.ones(X.shape[0]), X]) if fit_intercept else X
    penalty = np.full(A.shape[1], lam)
    if fit_intercept:
        penalty[0] = 0.0  # the intercept is not penalized
    theta = np.linalg.solve(A.T @ A + np.diag(penalty), A.T @ y)
    if fit_intercept:
        return Fit(float(theta[0]), theta[1:])
    return Fit(0.0, theta)


def ridge_condition_numbers(X, lams) -> np.ndarray:
    """Condition number ``κ(XᵀX + λI) = (d_max² + λ) / (d_min² + λ)`` for every λ in ``lams``.

    ``d`` are the singular values of ``X`` as given (centre or standardize it first if that is the
    matrix you mean). Computed from the singular values of ``X`` rather than by forming ``XᵀX``, so
    the answer stays accurate even when ``κ`` exceeds ``1/ε ≈ 4.5·10¹⁵``. With more columns than rows,
    or collinear columns, ``d_min = 0`` and ``κ`` is infinite at λ = 0 and ``1 + d_max²/λ`` above it.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.diag([3.0, 1.0])
    >>> ridge_condition_numbers(X, [0.0, 1.0]).tolist()
    [9.0, 5.0]
    """
    X = as_matrix(X)
    grid = as_lambdas(lams)
    d = np.linalg.svd(X, compute_uv=False)
    d_min = d[-1] if X.shape[0] >= X.shape[1] else 0.0
    top, bottom = d[0] ** 2 + grid, d_min**2 + grid
    with np.errstate(divide="ignore"):
        return np.where(bottom > 0, top / np.where(bottom > 0, bottom, 1.0), np.inf)


def hilbert(n: int) -> np.ndarray:
    """The ``n × n`` Hilbert matrix ``H_ij = 1 / (i + j − 1)`` (i, j from 1), a classic ill-conditioned matrix.

    Its condition number grows about like ``e^{3.5 n}``: about 1.6·10¹³ for ``n = 10``.

    Examples
    --------
    >>> hilbert(3).round(4).tolist()
    [[1.0, 0.5, 0.3333], [0.5, 0.3333, 0.25], [0.3333, 0.25, 0.2]]
    """
    n = as_positive_int(n, "n")
    i = np.arange(1, n + 1)
    return 1.0 / (i[:, None] + i[None, :] - 1.0)


def logistic_gradient_descent(X, y, lam: float, *, lr: float, n_steps: int,
                              fit_intercept: bool = True) -> Trajectory:
    """Gradient descent on ``Σ log-loss + lam·‖w‖²`` for labels in {0, 1}, recording every iterate.

    With ``z_i = b + x_i·w`` and ``p_i = σ(z_i)``, each step is

        w ← w − lr·(Xᵀ(p − y) + 2·lam·w),    b ← b − lr·Σ(p_i − y_i)   (b not penalized).

    The sigmoid is the overflow-safe :func:`helpers.sigmoid`, so the run itself never overflows, even
    when the weights grow without bound (``lam = 0`` on separable data). With ``lam > 0`` and
    ``lr < 1 / (‖[1, X]‖₂²/4 + 2·lam)`` it converges to :func:`helpers.logistic_fit`'s optimum.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[-2.0], [-1.0], [1.0], [2.0]]); y = np.array([0, 0, 1, 1])
    >>> traj = logistic_gradient_descent(X, y, 0.5, lr=0.1, n_steps=500)
    >>> traj.coefs.shape
    (501, 1)
    """
    X = as_matrix(X)
    y = as_labels(y, n=X.shape[0], both=False)
    lam = as_lambda(lam)
    lr = as_positive_float(lr, "lr")
    n_steps = as_positive_int(n_steps, "n_steps", minimum=0)
    fit_intercept = as_bool(fit_intercept, "fit_intercept")
    w = np.zeros(X.shape[1])
    b = 0.0
    coefs = np.empty((n_steps + 1, X.shape[1]))
    intercepts = np.empty(n_steps + 1)
    coefs[0], intercepts[0] = w, b
    for t in range(1, n_steps + 1):
        with np.errstate(over="ignore", invalid="ignore"):
            z = b + X @ w
        if not np.all(np.isfinite(z)):
            raise ValueError(f"logistic gradient descent overflowed at step {t}: lr={lr:g} is too large for "
                             "this X (the weights oscillate with growing size); use a smaller lr")
        residual = sigmoid(z) - y
        w = w - lr * (X.T @ residual + 2.0 * lam * w)
        if fit_intercept:
            b = b - lr * residual.sum()
        coefs[t], intercepts[t] = w, b
    return Trajectory(intercepts, coefs)


def correlated_pair(n: int, rho: float, *, noise: float = 1.0, seed: int = 0):
    """Two standardized features with sample correlation exactly ``rho``, and ``y = x₁ + x₂ + noise``.

    The same ``seed`` gives the same underlying draws for every ``rho``: the features are
    ``x₁ = z₁`` and ``x₂ = rho·z₁ + √(1 − rho²)·z₂`` with ``z₁, z₂`` centred, of unit variance and
    exactly uncorrelated in the sample, so each column has mean 0, variance 1 (ddof = 0) and the two
    have correlation ``rho``. Returns ``(X, y)`` with ``X`` of shape ``(n, 2)``; the true weights are (1, 1).

    Examples
    --------
    >>> import numpy as np
    >>> X, y = correlated_pair(30, 0.9)
    >>> round(float(np.corrcoef(X.T)[0, 1]), 12)
    0.9
    """
    n = as_positive_int(n, "n", minimum=3)
    rho = as_number(rho, "rho", low=-1.0, high=1.0)
    noise = as_nonnegative_float(noise, "noise")
    seed = as_seed(seed)
    rng = np.random.default_rng(seed)
    draws = rng.normal(size=(n, 2))
    draws -= draws.mean(axis=0)
    q, r = np.linalg.qr(draws)  # orthonormal, centred columns (centring survives: both lie in 1's complement)
    z = q * np.sign(np.diag(r)) * np.sqrt(n)
    X = np.column_stack([z[:, 0], rho * z[:, 0] + np.sqrt(1.0 - rho**2) * z[:, 1]])
    y = X.sum(axis=1) + noise * rng.normal(size=n)
    return X, y
