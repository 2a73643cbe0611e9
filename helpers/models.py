"""Penalized linear models, written out so that every line can be read next to its formula.

The course objective (``Ridge(alpha=lam)`` in scikit-learn) is

    J(w, b) = sum_i (y_i - b - x_i . w)^2 + lam * ||w||^2,

with the intercept ``b`` never penalized. With an intercept the data are centred first, so ``b``
drops out and ``w`` is found on the centred data; ``b`` is then ``mean(y) - mean(X) . w``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import (
    as_bool,
    as_labels,
    as_lambda,
    as_lambdas,
    as_matrix,
    as_number,
    as_positive_float,
    as_positive_int,
    as_vector,
    is_extreme,
    power_of_two_scale,
)


class Fit(NamedTuple):
    """A fitted linear model ``y ≈ intercept + X @ coef``."""

    intercept: float
    coef: np.ndarray

    def predict(self, X) -> np.ndarray:
        """Predictions ``intercept + X @ coef`` for the rows of ``X``."""
        intercept = as_number(self.intercept, "Fit.intercept")
        coef = as_vector(self.coef, "Fit.coef")
        X = as_matrix(X)
        if X.shape[1] != coef.shape[0]:
            raise ValueError(f"X has {X.shape[1]} columns but the model has {coef.shape[0]} weights")
        with np.errstate(over="ignore", invalid="ignore"):
            out = intercept + X @ coef
        if not np.all(np.isfinite(out)):
            raise ValueError("the predictions overflow double precision: X or the weights are too large")
        return out


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


def _finite_result(values, what: str):
    """Refuse to hand back a NaN or inf that only the size of the inputs caused."""
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{what} is beyond the range of double precision (about 1.8e308) for inputs this "
                         "large; rescale X or y (for example standardize X and divide y by its scale)")
    return values


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
    >>> norms = np.linalg.norm(path.coefs, axis=1)
    >>> bool(norms[0] > norms[1] > norms[2])   # a larger λ gives smaller weights
    True
    """
    X, y = _check_xy(X, y)
    grid = as_lambdas(lams)
    fit_intercept = as_bool(fit_intercept, "fit_intercept")
    # Data near the ends of the float range (|x| ~ 1e154 squares to inf) is solved in rescaled units:
    # with X = sx·X' and y = sy·y', the solution is w = (sy/sx)·w'(λ/sx²) and b = sy·b'. Powers of two
    # keep the rescaling exact.
    sx = power_of_two_scale(X) if is_extreme(X) else 1.0
    sy = power_of_two_scale(y) if is_extreme(y) else 1.0
    with np.errstate(over="ignore", under="ignore"):
        grid_scaled = grid / sx / sx
    Xc, yc, x_mean, y_mean = _centre(X / sx, y / sy, fit_intercept)
    U, d, Vt = _svd(Xc)
    # Shrinkage factors d/(d²+λ), one row per λ: each principal direction is scaled separately.
    factors = d / (d**2 + grid_scaled[:, None])
    coefs = (factors * (U.T @ yc)) @ Vt
    intercepts = y_mean - coefs @ x_mean
    with np.errstate(over="ignore", invalid="ignore"):
        coefs, intercepts = coefs * (np.float64(sy) / sx), intercepts * sy
    _finite_result(coefs, "the ridge solution")
    _finite_result(intercepts, "the ridge intercept")
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
    sx = power_of_two_scale(X) if is_extreme(X) else 1.0  # df(λ; X) = df(λ/sx²; X/sx): no overflow in d²
    X = X / sx
    with np.errstate(over="ignore", under="ignore"):
        grid = grid / sx / sx
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
    fit_intercept = as_bool(fit_intercept, "fit_intercept")
    tol = as_positive_float(tol, "tol")
    max_iter = as_positive_int(max_iter, "max_iter")
    p = X.shape[1]
    w = np.zeros(p) if coef_init is None else as_vector(coef_init, "coef_init", n=p, of="X has {n} columns").copy()
    # Extreme magnitudes are solved in rescaled units: with X = sx·X', y = sy·y' and w = (sy/sx)·w',
    # the objective is sy²·[‖y' − b' − X'w'‖² + λ/(sx·sy)·‖w'‖₁].
    sx = power_of_two_scale(X) if is_extreme(X) else 1.0
    sy = power_of_two_scale(y) if is_extreme(y) else 1.0
    with np.errstate(over="ignore", under="ignore"):
        lam_scaled, w = float(np.float64(lam) / sx / sy), w * (np.float64(sx) / sy)
    if not np.all(np.isfinite(w)):
        raise ValueError("coef_init is too large for data of this scale")
    Xc, yc, x_mean, y_mean = _centre(X / sx, y / sy, fit_intercept)
    # Work with the Gram matrix: the update for w_j needs only G[j] and c[j].
    G, c = Xc.T @ Xc, Xc.T @ yc
    col_sq = np.diag(G).copy()
    active = col_sq > 0
    scale = max(np.abs(c).max(), 1.0)
    for _ in range(max_iter):
        biggest_change = 0.0
        for j in np.flatnonzero(active):
            rho = c[j] - G[j] @ w + col_sq[j] * w[j]
            new = _soft_threshold(rho, lam_scaled / 2.0) / col_sq[j]
            biggest_change = max(biggest_change, abs(new - w[j]) * np.sqrt(col_sq[j]))
            w[j] = new
        if biggest_change <= tol * scale:
            break
    else:
        raise RuntimeError(f"lasso_fit did not converge in max_iter={max_iter} sweeps; raise max_iter or tol")
    with np.errstate(over="ignore", invalid="ignore"):
        intercept, w = sy * (y_mean - x_mean @ w), w * (np.float64(sy) / sx)
    _finite_result(w, "the lasso solution")
    return Fit(float(_finite_result(intercept, "the lasso intercept")), w)


def lasso_path(X, y, lams, *, fit_intercept: bool = True, tol: float = 1e-10) -> Path:
    """Lasso solutions for every λ in ``lams``, each started from the previous one (warm starts)."""
    X, y = _check_xy(X, y)
    grid = as_lambdas(lams)
    fit_intercept = as_bool(fit_intercept, "fit_intercept")
    tol = as_positive_float(tol, "tol")
    order = np.argsort(grid)[::-1]  # from strong to weak penalty: each solution is a good start for the next
    coefs = np.zeros((grid.size, X.shape[1]))
    intercepts = np.zeros(grid.size)
    w = None
    for k in order:
        fit = lasso_fit(X, y, grid[k], fit_intercept=fit_intercept, tol=tol, coef_init=w)
        coefs[k], intercepts[k], w = fit.coef, fit.intercept, fit.coef
    return Path(intercepts, coefs)


def logistic_loss(X, y, coef, intercept: float = 0.0) -> float:
    """Total log-loss ``Σ log(1 + e^{z_i}) − y_i z_i`` with ``z = intercept + X @ coef`` (overflow-safe).

    ``y`` holds labels 0 and 1, one per row of ``X``; ``coef`` one weight per column.

    Examples
    --------
    >>> import numpy as np
    >>> round(logistic_loss(np.array([[1.0], [-1.0]]), [1, 0], [0.0]), 6)   # 2·log 2
    1.386294
    """
    X = as_matrix(X)
    y = as_labels(y, n=X.shape[0], both=False)
    coef = as_vector(coef, "coef", n=X.shape[1], of="X has {n} columns")
    intercept = as_number(intercept, "intercept")
    with np.errstate(over="ignore", invalid="ignore"):
        z = intercept + X @ coef
        loss = float(np.sum(np.logaddexp(0.0, z) - y * z))
    return float(_finite_result(loss, "the log-loss"))


def sigmoid(z):
    """The logistic function ``1 / (1 + e^{−z})``, computed without overflow for large ``|z|``.

    Examples
    --------
    >>> sigmoid([0.0, 1000.0, -1000.0]).tolist()
    [0.5, 1.0, 0.0]
    """
    z = _real_z(z)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _real_z(z):
    """``z`` as a real array; ±inf are allowed (their sigmoid is 1 or 0), NaN is not."""
    from ._validation import as_array

    scalar = np.ndim(z) == 0 and not isinstance(z, (list, tuple))
    a = as_array(np.atleast_1d(z) if scalar and z is not None and not isinstance(z, str) else z, "z",
                 allow_nonfinite=True)
    if np.any(np.isnan(a)):
        raise ValueError("z contains NaN; the sigmoid of NaN is undefined")
    return a.reshape(()) if scalar else a


def _separable_message(max_iter, theta):
    return (f"logistic_fit found no finite optimum: with lam=0 the classes are linearly separable, so the "
            f"log-loss keeps falling as the weights grow (norm {np.linalg.norm(theta):.3g} after "
            f"{max_iter} Newton steps at most); use lam > 0.")


def logistic_fit(X, y, lam: float, *, fit_intercept: bool = True, tol: float = 1e-10,
                 max_iter: int = 200) -> Fit:
    """Minimize ``Σ log-loss + lam·‖w‖²`` for labels in {0, 1} by Newton's method with line search.

    With ``lam > 0`` the optimum is finite even on linearly separable data, and Newton converges to
    it. With ``lam = 0`` on separable data the loss keeps falling as ``‖w‖`` grows, so no optimum
    exists: the function then raises ``RuntimeError`` saying so. This is scikit-learn's
    ``LogisticRegression(C=1 / (2 lam))``.

    The stopping rule is relative, so it does not depend on the units of ``X``: Newton stops when every
    entry of the gradient is below ``tol·n·max(1, max|A|)`` (``A = [1, X]``), or when rounding stalls
    the line search at an optimum (the gradient is then as small as double precision can resolve).
    Columns of extreme magnitude are rescaled internally (``w = w'/s``, ``lam' = lam/s²``).

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[-2.0], [-1.0], [1.0], [2.0]]); y = np.array([0, 0, 1, 1])
    >>> fit = logistic_fit(X, y, 0.5)   # separable data: finite only because lam > 0
    >>> bool(np.isfinite(fit.coef).all())
    True
    """
    X = as_matrix(X)
    y = as_labels(y, n=X.shape[0])
    lam = as_lambda(lam)
    fit_intercept = as_bool(fit_intercept, "fit_intercept")
    tol = as_positive_float(tol, "tol")
    max_iter = as_positive_int(max_iter, "max_iter")
    # Newton is invariant to the units of X, but the Hessian Σ p(1−p) x xᵀ overflows for |x| ~ 1e154.
    sx = power_of_two_scale(X) if is_extreme(X) else 1.0
    with np.errstate(over="ignore", under="ignore"):
        lam_scaled = float(np.float64(lam) / sx / sx)
    X = X / sx
    A = np.column_stack([np.ones(len(y)), X]) if fit_intercept else X
    penalty = np.full(A.shape[1], 2.0 * lam_scaled)
    if fit_intercept:
        penalty[0] = 0.0  # the intercept is not penalized

    def objective(theta):
        z = A @ theta
        return np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * penalty @ theta**2

    theta = np.zeros(A.shape[1])
    value = objective(theta)
    # The gradient is a sum of n terms each as large as the entries of A: measured against that, the
    # rule reads the same whatever the units of X (the absolute rule refused valid fits on big inputs).
    gtol = tol * len(y) * max(1.0, float(np.abs(A).max()))
    converged, decrease = False, float("nan")
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(max_iter):
            prob = sigmoid(A @ theta)
            grad = A.T @ (prob - y) + penalty * theta
            hess = (A * (prob * (1 - prob))[:, None]).T @ A + np.diag(penalty)
            step = np.linalg.lstsq(hess, grad, rcond=None)[0]
            decrease = float(grad @ step)  # gᵀH⁻¹g: twice the decrease Newton predicts
            if not np.isfinite(decrease):
                break
            if np.abs(grad).max() <= gtol or not np.any(grad):
                converged = True
                break
            # Backtracking keeps every Newton step a descent step.
            t, accepted = 1.0, False
            while t >= 1e-12:
                candidate = theta - t * step
                new_value = objective(candidate)
                if new_value <= value - 1e-4 * t * decrease:
                    accepted = True
                    break
                t /= 2
            if not accepted:
                # No step along the Newton direction lowers the objective by more than rounding: the
                # iterate sits at the optimum as exactly as double precision allows (it exists for lam > 0).
                converged = lam > 0 or decrease <= 1e-8 * (1.0 + abs(value))
                break
            theta, value = candidate, new_value
    certain = bool(np.all(np.abs(sigmoid(A @ theta) - y) < 1e-6))
    if lam == 0 and certain:
        # The gradient vanishes only because every point is classified with certainty: separable data.
        raise RuntimeError(_separable_message(max_iter, theta))
    if not converged:
        raise RuntimeError(f"logistic_fit did not converge in max_iter={max_iter} Newton steps (last "
                           f"predicted decrease {decrease:.3g}, objective {value:.6g}); raise max_iter or tol")
    theta = theta / np.r_[1.0, np.full(X.shape[1], sx)] if fit_intercept else theta / sx
    if fit_intercept:
        return Fit(float(theta[0]), theta[1:])
    return Fit(0.0, theta)


def squared_error_gradient(X, y, coef, intercept: float = 0.0):
    """Gradient of ``Σ (y_i − b − x_i·w)²``: returns ``(d/db, d/dw)``.

    Examples
    --------
    >>> import numpy as np
    >>> grad_b, grad_w = squared_error_gradient(np.array([[1.0], [2.0]]), np.array([1.0, 2.0]), np.array([0.0]))
    >>> float(grad_b), grad_w.tolist()
    (-6.0, [-10.0])
    """
    X, y = _check_xy(X, y)
    coef = as_vector(coef, "coef", n=X.shape[1], of="X has {n} columns")
    intercept = as_number(intercept, "intercept")
    return _squared_error_gradient(X, y, coef, intercept)


def _squared_error_gradient(X, y, coef, intercept):
    residual = y - intercept - X @ coef
    return -2.0 * residual.sum(), -2.0 * X.T @ residual


def gradient_descent(X, y, lam: float, *, lr: float, n_steps: int, coef_init=None,
                     intercept_init: float = 0.0, fit_intercept: bool = True) -> Trajectory:
    """Run ``w ← w − lr·(∇L(w) + 2·lam·w)`` on the squared-error loss and record every iterate.

    ``L`` is ``Σ (y_i − b − x_i·w)²``; the intercept gets the plain data gradient (it is not
    penalized). Rewritten, each step is ``w ← (1 − 2·lr·lam)·w − lr·∇L(w)``: the weights first shrink
    by a constant factor (weight decay), then follow the data. The fixed point is ``ridge_fit``'s
    answer. The step is stable for ``lr <= 1 / μ_max`` with ``μ_max`` the largest eigenvalue of
    ``AᵀA + lam·P`` (``A = [1, X]`` with an intercept, ``P`` the identity with 0 for the intercept);
    for centred ``X`` that is ``1 / max(σ_max² + lam, n)``. A larger ``lr`` is refused before the first
    step, with the limit in the message.

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
    fit_intercept = as_bool(fit_intercept, "fit_intercept")
    p = X.shape[1]
    w = np.zeros(p) if coef_init is None else as_vector(coef_init, "coef_init", n=p, of="X has {n} columns").copy()
    b = as_number(intercept_init, "intercept_init")
    lr_max = gradient_descent_lr_limit(X, lam, fit_intercept=fit_intercept)
    if lr > lr_max * (1 + 1e-9):  # the slack forgives rounding in a limit the caller computed
        raise ValueError(f"lr={lr:.6g} is above the stability limit {lr_max:.6g} for this X and lam: every "
                         f"step would overshoot further and the weights would grow without bound; use "
                         f"lr <= {lr_max:.6g} (for example {0.5 * lr_max:.3g})")
    coefs = np.empty((n_steps + 1, p))
    intercepts = np.empty(n_steps + 1)
    coefs[0], intercepts[0] = w, b
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, n_steps + 1):
            grad_b, grad_w = _squared_error_gradient(X, y, w, b)
            w = w - lr * (grad_w + 2.0 * lam * w)
            if fit_intercept:
                b = b - lr * grad_b
            coefs[t], intercepts[t] = w, b
    if not (np.all(np.isfinite(coefs[-1])) and np.isfinite(intercepts[-1])):
        raise ValueError("gradient descent overflowed although lr is below the stability limit: X, y or "
                         "coef_init are too large for double precision; standardize X and rescale y")
    return Trajectory(intercepts, coefs)


def gradient_descent_lr_limit(X, lam: float, *, fit_intercept: bool = True) -> float:
    """The largest stable learning rate of :func:`gradient_descent`: ``1 / μ_max(AᵀA + lam·P)``.

    The objective's Hessian is ``2(AᵀA + lam·P)``; a gradient step multiplies the error along each
    eigenvector by ``1 − 2·lr·μ``, which stays within ``[−1, 1]`` exactly when ``lr <= 1/μ_max``.

    Examples
    --------
    >>> import numpy as np
    >>> gradient_descent_lr_limit(np.array([[-1.0], [1.0]]), 0.0)   # μ_max = max(‖x‖², n) = 2
    0.5
    """
    X = as_matrix(X)
    lam = as_lambda(lam)
    fit_intercept = as_bool(fit_intercept, "fit_intercept")
    A = np.column_stack([np.ones(X.shape[0]), X]) if fit_intercept else X
    s = power_of_two_scale(A)
    penalty = np.full(A.shape[1], np.float64(lam) / s / s)
    if fit_intercept:
        penalty[0] = 0.0
    with np.errstate(over="ignore"):
        top = np.linalg.eigvalsh((A / s).T @ (A / s) + np.diag(penalty))[-1] * np.float64(s) * s
    return float(1.0 / top) if top > 0 else float("inf")
