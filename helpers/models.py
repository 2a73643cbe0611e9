"""Penalized linear models, written out so that every line can be read next to its formula.

The course objective (``Ridge(alpha=lam)`` in scikit-learn) is

    J(w, b) = sum_i (y_i - b - x_i . w)^2 + lam * ||w||^2,

with the intercept ``b`` never penalized. With an intercept the data are centred first, so ``b``
drops out and ``w`` is found on the centred data; ``b`` is then ``mean(y) - mean(X) . w``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import as_lambda, as_lambdas, as_matrix, as_positive_float, as_positive_int, as_vector


class Fit(NamedTuple):
    """A fitted linear model ``y ≈ intercept + X @ coef``."""

    intercept: float
    coef: np.ndarray

    def predict(self, X) -> np.ndarray:
        """Predictions ``intercept + X @ coef`` for the rows of ``X``."""
        X = as_matrix(X)
        if X.shape[1] != self.coef.shape[0]:
            raise ValueError(f"X has {X.shape[1]} columns but the model has {self.coef.shape[0]} weights")
        return self.intercept + X @ self.coef


class Path(NamedTuple):
    """Ridge solutions for a grid of λ: ``coefs[k]`` and ``intercepts[k]`` belong to ``lams[k]``."""

    intercepts: np.ndarray
    coefs: np.ndarray


class Trajectory(NamedTuple):
    """Every iterate of gradient descent: row ``t`` is the model after ``t`` steps (row 0 is the start)."""

    intercepts: np.ndarray
    coefs: np.ndarray


def _check_xy(X, y):
    X = as_matrix(X)
    y = as_vector(y, n=X.shape[0])
    return X, y


def _centre(X, y, fit_intercept):
    if fit_intercept:
        x_mean, y_mean = X.mean(axis=0), y.mean()
        return X - x_mean, y - y_mean, x_mean, y_mean
    return X, y, np.zeros(X.shape[1]), 0.0


def _svd(Xc):
    """Thin SVD with the numerically-zero singular values dropped (they carry no information)."""
    U, d, Vt = np.linalg.svd(Xc, full_matrices=False)
    keep = d > d[0] * max(Xc.shape) * np.finfo(float).eps if d.size and d[0] > 0 else np.zeros(d.shape, bool)
    return U[:, keep], d[keep], Vt[keep]


def ridge_fit(X, y, lam: float, *, fit_intercept: bool = True) -> Fit:
    """Minimize ``Σ (y_i − b − x_i·w)² + lam·‖w‖²`` (the intercept ``b`` is not penalized).

    Solved through the SVD of the centred ``X = U diag(d) Vᵀ``: ``w = V diag(d / (d² + lam)) Uᵀ y``.
    ``XᵀX`` is never formed, so ``lam=0`` is ordinary least squares (the minimum-norm solution when
    ``X`` is rank deficient) and stays accurate on ill-conditioned data such as Longley's.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0], [1.0], [2.0]]); y = np.array([1.0, 3.0, 5.0])
    >>> fit = ridge_fit(X, y, 0.0)
    >>> round(fit.intercept, 6), np.round(fit.coef, 6).tolist()
    (1.0, [2.0])
    """
    lam = as_lambda(lam)
    path = ridge_path(X, y, [lam], fit_intercept=fit_intercept)
    return Fit(float(path.intercepts[0]), path.coefs[0])


def ridge_path(X, y, lams, *, fit_intercept: bool = True) -> Path:
    """Ridge solutions for every λ in ``lams`` from one SVD.

    Returns ``Path(intercepts, coefs)`` with ``coefs`` of shape ``(len(lams), p)``.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(20, 3)); y = X @ [1.0, 2.0, 3.0]
    >>> path = ridge_path(X, y, [0.0, 10.0, 1e6])
    >>> np.linalg.norm(path.coefs, axis=1).round(3).tolist()[0] > np.linalg.norm(path.coefs[2])
    True
    """
    X, y = _check_xy(X, y)
    grid = as_lambdas(lams)
    Xc, yc, x_mean, y_mean = _centre(X, y, fit_intercept)
    U, d, Vt = _svd(Xc)
    # Shrinkage factors d/(d²+λ), one row per λ: each principal direction is scaled separately.
    factors = d / (d**2 + grid[:, None])
    coefs = (factors * (U.T @ yc)) @ Vt
    intercepts = y_mean - coefs @ x_mean
    return Path(intercepts, coefs)


def effective_df(X, lam):
    """Effective degrees of freedom ``df(λ) = Σ d_j² / (d_j² + λ)`` of ridge regression.

    ``d_j`` are the singular values of the centred ``X``. ``lam`` may be a number (returns a float)
    or a grid (returns an array). ``df(0)`` is the rank of the centred ``X``; ``df`` falls toward 0.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.random.default_rng(1).normal(size=(30, 4))
    >>> round(effective_df(X, 0.0), 6)
    4.0
    """
    X = as_matrix(X)
    scalar = np.ndim(lam) == 0
    grid = np.array([as_lambda(lam)]) if scalar else as_lambdas(lam, "lam")
    _, d, _ = _svd(X - X.mean(axis=0))
    df = (d**2 / (d**2 + grid[:, None])).sum(axis=1)
    return float(df[0]) if scalar else df


def _soft_threshold(z, t):
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


def lasso_fit(X, y, lam: float, *, fit_intercept: bool = True, tol: float = 1e-10,
              max_iter: int = 100_000, coef_init=None) -> Fit:
    """Minimize ``Σ (y_i − b − x_i·w)² + lam·‖w‖₁`` by cyclic coordinate descent.

    Each coordinate update is a soft-threshold: ``w_j = S(x_jᵀ r_j, lam/2) / ‖x_j‖²`` with
    ``r_j`` the residual without feature ``j``, so weights land on exactly ``0.0`` where the optimum
    has zeros. This is scikit-learn's ``Lasso(alpha=lam / (2 n))``.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(50, 3)); y = 3 * X[:, 0] + 0.01 * rng.normal(size=50)
    >>> fit = lasso_fit(X, y, 20.0)
    >>> (fit.coef[1:] == 0.0).tolist()
    [True, True]
    """
    X, y = _check_xy(X, y)
    lam = as_lambda(lam)
    tol = as_positive_float(tol, "tol")
    max_iter = as_positive_int(max_iter, "max_iter")
    Xc, yc, x_mean, y_mean = _centre(X, y, fit_intercept)
    p = X.shape[1]
    w = np.zeros(p) if coef_init is None else as_vector(coef_init, "coef_init", n=p).copy()
    # Work with the Gram matrix: the update for w_j needs only G[j] and c[j].
    G, c = Xc.T @ Xc, Xc.T @ yc
    col_sq = np.diag(G).copy()
    active = col_sq > 0
    scale = max(np.abs(c).max(), 1.0)
    for _ in range(max_iter):
        biggest_change = 0.0
        for j in np.flatnonzero(active):
            rho = c[j] - G[j] @ w + col_sq[j] * w[j]
            new = _soft_threshold(rho, lam / 2.0) / col_sq[j]
            biggest_change = max(biggest_change, abs(new - w[j]) * np.sqrt(col_sq[j]))
            w[j] = new
        if biggest_change <= tol * scale:
            break
    else:
        raise RuntimeError(f"lasso_fit did not converge in max_iter={max_iter} sweeps; raise max_iter or tol")
    return Fit(float(y_mean - x_mean @ w), w)


def lasso_path(X, y, lams, *, fit_intercept: bool = True, tol: float = 1e-10) -> Path:
    """Lasso solutions for every λ in ``lams``, each started from the previous one (warm starts)."""
    X, y = _check_xy(X, y)
    grid = as_lambdas(lams)
    order = np.argsort(grid)[::-1]  # from strong to weak penalty: each solution is a good start for the next
    coefs = np.zeros((grid.size, X.shape[1]))
    intercepts = np.zeros(grid.size)
    w = None
    for k in order:
        fit = lasso_fit(X, y, grid[k], fit_intercept=fit_intercept, tol=tol, coef_init=w)
        coefs[k], intercepts[k], w = fit.coef, fit.intercept, fit.coef
    return Path(intercepts, coefs)


def _check_labels(y, n):
    y = as_vector(y, n=n)
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("y must contain only the labels 0 and 1")
    if y.min() == y.max():
        raise ValueError("y must contain both labels 0 and 1; with one class there is no finite optimum")
    return y


def logistic_loss(X, y, coef, intercept: float = 0.0) -> float:
    """Total log-loss ``Σ log(1 + e^{z_i}) − y_i z_i`` with ``z = intercept + X @ coef`` (overflow-safe)."""
    z = intercept + as_matrix(X) @ np.asarray(coef, dtype=float)
    return float(np.sum(np.logaddexp(0.0, z) - np.asarray(y, dtype=float) * z))


def sigmoid(z):
    """The logistic function ``1 / (1 + e^{−z})``, computed without overflow for large ``|z|``."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _no_optimum_message(max_iter, theta):
    return (f"logistic_fit found no finite optimum in {max_iter} Newton steps (the weights reached norm "
            f"{np.linalg.norm(theta):.3g}). With lam=0 on linearly separable data the weights grow "
            "without bound; use lam > 0.")


def logistic_fit(X, y, lam: float, *, fit_intercept: bool = True, tol: float = 1e-10,
                 max_iter: int = 200) -> Fit:
    """Minimize ``Σ log-loss + lam·‖w‖²`` for labels in {0, 1} by Newton's method with line search.

    With ``lam > 0`` the optimum is finite even on linearly separable data, and Newton converges to
    it. With ``lam = 0`` on separable data the loss keeps falling as ``‖w‖`` grows, so no optimum
    exists: the function then raises ``RuntimeError`` saying so. This is scikit-learn's
    ``LogisticRegression(C=1 / (2 lam))``.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[-2.0], [-1.0], [1.0], [2.0]]); y = np.array([0, 0, 1, 1])
    >>> fit = logistic_fit(X, y, 0.5)   # separable data: finite only because lam > 0
    >>> bool(np.isfinite(fit.coef).all())
    True
    """
    X = as_matrix(X)
    y = _check_labels(y, X.shape[0])
    lam = as_lambda(lam)
    tol = as_positive_float(tol, "tol")
    max_iter = as_positive_int(max_iter, "max_iter")
    A = np.column_stack([np.ones(len(y)), X]) if fit_intercept else X
    penalty = np.full(A.shape[1], 2.0 * lam)
    if fit_intercept:
        penalty[0] = 0.0  # the intercept is not penalized

    def objective(theta):
        z = A @ theta
        return np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * penalty @ theta**2

    theta = np.zeros(A.shape[1])
    value = objective(theta)
    for _ in range(max_iter):
        prob = sigmoid(A @ theta)
        grad = A.T @ (prob - y) + penalty * theta
        if np.abs(grad).max() <= tol * len(y):
            break
        hess = (A * (prob * (1 - prob))[:, None]).T @ A + np.diag(penalty)
        step = np.linalg.lstsq(hess, grad, rcond=None)[0]
        # Backtracking keeps every Newton step a descent step.
        t = 1.0
        while True:
            candidate = theta - t * step
            new_value = objective(candidate)
            if new_value <= value - 1e-4 * t * grad @ step or t < 1e-12:
                break
            t /= 2
        theta, value = candidate, new_value
    else:
        raise RuntimeError(_no_optimum_message(max_iter, theta))
    if lam == 0 and np.all(np.abs(sigmoid(A @ theta) - y) < 1e-6):
        # The gradient vanishes only because every point is classified with certainty: separable data.
        raise RuntimeError(_no_optimum_message(max_iter, theta))
    if fit_intercept:
        return Fit(float(theta[0]), theta[1:])
    return Fit(0.0, theta)


def squared_error_gradient(X, y, coef, intercept: float = 0.0):
    """Gradient of ``Σ (y_i − b − x_i·w)²``: returns ``(d/db, d/dw)``."""
    residual = y - intercept - X @ coef
    return -2.0 * residual.sum(), -2.0 * X.T @ residual


def gradient_descent(X, y, lam: float, *, lr: float, n_steps: int, coef_init=None,
                     intercept_init: float = 0.0, fit_intercept: bool = True) -> Trajectory:
    """Run ``w ← w − lr·(∇L(w) + 2·lam·w)`` on the squared-error loss and record every iterate.

    ``L`` is ``Σ (y_i − b − x_i·w)²``; the intercept gets the plain data gradient (it is not
    penalized). Rewritten, each step is ``w ← (1 − 2·lr·lam)·w − lr·∇L(w)``: the weights first shrink
    by a constant factor (weight decay), then follow the data. The fixed point is ``ridge_fit``'s
    answer. The step is stable for ``lr < 1 / (σ_max² + lam)`` with ``σ_max`` the largest singular
    value of the (centred) ``X``.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0], [1.0], [2.0]]); y = np.array([1.0, 3.0, 5.0])
    >>> traj = gradient_descent(X, y, 0.0, lr=0.05, n_steps=2000)
    >>> np.round(traj.coefs[-1], 6).tolist(), round(float(traj.intercepts[-1]), 6)
    ([2.0], 1.0)
    """
    X, y = _check_xy(X, y)
    lam = as_lambda(lam)
    lr = as_positive_float(lr, "lr")
    n_steps = as_positive_int(n_steps, "n_steps", minimum=0)
    p = X.shape[1]
    w = np.zeros(p) if coef_init is None else as_vector(coef_init, "coef_init", n=p).copy()
    b = float(intercept_init)
    coefs = np.empty((n_steps + 1, p))
    intercepts = np.empty(n_steps + 1)
    coefs[0], intercepts[0] = w, b
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, n_steps + 1):
            grad_b, grad_w = squared_error_gradient(X, y, w, b)
            w = w - lr * (grad_w + 2.0 * lam * w)
            if fit_intercept:
                b = b - lr * grad_b
            coefs[t], intercepts[t] = w, b
    if not np.all(np.isfinite(coefs[-1])):
        raise ValueError(f"gradient descent diverged: lr={lr} is too large for this problem; "
                         "it must be below 1 / (largest singular value of X² + lam)")
    return Trajectory(intercepts, coefs)
