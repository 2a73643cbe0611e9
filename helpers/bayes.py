"""Ridge regression read as Bayesian inference: the posterior, the evidence, and choosing λ without held-out data.

The model is ``y = b + X w + ε`` with noise ``ε ~ N(0, β⁻¹ I)`` (``beta`` is the noise *precision*)
and the prior ``w ~ N(0, α⁻¹ I)`` (``alpha`` is the weight precision). As everywhere in the course the
intercept ``b`` is not penalized: it gets a flat prior. Integrating ``b`` out is the same as centring
``X`` and ``y`` and keeping ``n − 1`` data dimensions (the centred data live orthogonal to the vector
of ones), so with ``fit_intercept=True`` every formula below is the textbook one (PRML §3.3, §3.5)
applied to the centred data with ``N = n − 1``; with ``fit_intercept=False`` it is the textbook one
with ``N = n`` and every weight under the prior.

With ``Xc = U diag(d) Vᵀ`` (the centred ``X``; ``d`` padded with zeros up to ``p``):

- posterior ``w | y ~ N(m, S)``, ``S = (α I + β XcᵀXc)⁻¹``, ``m = β S Xcᵀ yc``, which is ``ridge_fit``
  with ``λ = α / β``;
- log evidence ``ln p(y | α, β) = (p/2) ln α + (N/2) ln β − E(m) − ½ Σ_j ln(α + β d_j²) − (N/2) ln 2π``
  with ``E(m) = (β/2) ‖yc − Xc m‖² + (α/2) ‖m‖²`` (PRML eq. 3.86);
- MacKay's fixed point ``γ = Σ_j β d_j² / (α + β d_j²)``, ``α = γ / ‖m‖²``, ``β = (N − γ) / ‖yc − Xc m‖²``,
  where ``γ`` is ``effective_df(X, α / β)``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validation import as_bool, as_lambdas, as_matrix, as_positive_float, as_positive_int, as_vector
from .models import _centre

LOG_2PI = float(np.log(2.0 * np.pi))


class Posterior(NamedTuple):
    """The Gaussian posterior of the weights, ``w | y ~ N(mean, cov)``, and what prediction needs.

    ``intercept`` is the posterior mean of ``b``; ``x_mean`` the column means used for centring; ``n``
    the number of rows (the flat-prior intercept is known to within ``1 / (β n)`` in variance).
    """

    mean: np.ndarray
    cov: np.ndarray
    intercept: float
    beta: float
    x_mean: np.ndarray
    n: int
    fit_intercept: bool

    def predict(self, X) -> tuple[np.ndarray, np.ndarray]:
        """Predictive mean and standard deviation of a new target at each row of ``X``.

        The variance is ``1/β`` (noise) plus the parameter uncertainty ``φᵀ S φ`` with ``φ = x − x̄``,
        plus ``1 / (β n)`` for the intercept when it has the flat prior (PRML eq. 3.59).
        """
        X = as_matrix(X)
        if X.shape[1] != self.mean.shape[0]:
            raise ValueError(f"X has {X.shape[1]} columns but the posterior has {self.mean.shape[0]} weights")
        Z = X - self.x_mean
        mean = self.intercept + X @ self.mean
        var = 1.0 / self.beta + np.einsum("ij,jk,ik->i", Z, self.cov, Z)
        if self.fit_intercept:
            var = var + 1.0 / (self.beta * self.n)
        return mean, np.sqrt(var)


class EvidenceFit(NamedTuple):
    """The result of ``fit_evidence``: the hyperparameters at the evidence maximum and the posterior mean there."""

    alpha: float
    beta: float
    gamma: float
    mean: np.ndarray
    intercept: float
    log_evidence: float
    n_iter: int

    @property
    def lam(self) -> float:
        """The ridge penalty these hyperparameters imply, ``λ = α / β`` (the course's convention)."""
        return self.alpha / self.beta


class ProfileEvidence(NamedTuple):
    """Per λ: the log evidence maximized over β with ``α = λ β`` held in ratio, and that best β."""

    log_evidence: np.ndarray
    beta: np.ndarray


def _prepare(X, y, fit_intercept):
    X = as_matrix(X)
    y = as_vector(y, n=X.shape[0])
    fit_intercept = as_bool(fit_intercept, "fit_intercept")
    n_eff = X.shape[0] - 1 if fit_intercept else X.shape[0]
    if n_eff < 1:
        raise ValueError("with fit_intercept=True the data need at least 2 rows (the intercept uses one)")
    Xc, yc, x_mean, y_mean = _centre(X, y, fit_intercept)
    U, d, Vt = np.linalg.svd(Xc, full_matrices=True)
    p = X.shape[1]
    d_full = np.zeros(p)
    d_full[: d.size] = d           # directions the data do not see have d = 0: only the prior acts there
    # Uᵀ yc for the directions that carry a singular value; the rest of yc is pure residual.
    k = d.size
    uty = U[:, :k].T @ yc
    # What no direction of X can fit, computed directly (a difference of squares would cancel).
    outside = yc - U[:, :k] @ uty
    return X, float(outside @ outside), x_mean, y_mean, Vt.T, d_full, uty, n_eff


def _mean_and_fit(V, d, uty, outside, alpha, beta):
    """Posterior mean m and the two sums of squares ‖yc − Xc m‖² and ‖m‖², from the SVD.

    ``outside`` is the part of ‖yc‖² no direction of X can fit; in direction j the residual is the
    fraction α / (α + β d_j²) of Uᵀyc that the prior holds back.
    """
    k = uty.size
    shrink = beta * d[:k] / (alpha + beta * d[:k] ** 2)
    coef_rot = shrink * uty                                # m in the rotated basis Vᵀ m
    mean = V[:, :k] @ coef_rot
    kept_back = alpha / (alpha + beta * d[:k] ** 2) * uty
    return mean, float(outside + kept_back @ kept_back), float(coef_rot @ coef_rot)


def posterior(X, y, alpha: float, beta: float, *, fit_intercept: bool = True) -> Posterior:
    """Posterior of the weights under the prior ``w ~ N(0, α⁻¹ I)`` and noise precision ``β``.

    ``S = (α I + β XcᵀXc)⁻¹`` and ``m = β S Xcᵀ yc`` (PRML eqs 3.53–3.54 on the centred data), so
    ``m`` is ``ridge_fit(X, y, alpha / beta).coef``: ridge is the posterior mean, and, the posterior
    being Gaussian, also its mode.

    Examples
    --------
    >>> import numpy as np
    >>> from helpers.models import ridge_fit
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(20, 3)); y = X @ [1.0, -2.0, 0.5] + rng.normal(size=20)
    >>> post = posterior(X, y, alpha=2.0, beta=4.0)
    >>> bool(np.allclose(post.mean, ridge_fit(X, y, 0.5).coef))
    True
    """
    alpha = as_positive_float(alpha, "alpha")
    beta = as_positive_float(beta, "beta")
    X, outside, x_mean, y_mean, V, d, uty, _ = _prepare(X, y, fit_intercept)
    mean, _, _ = _mean_and_fit(V, d, uty, outside, alpha, beta)
    cov = (V / (alpha + beta * d**2)) @ V.T
    return Posterior(mean, cov, float(y_mean - x_mean @ mean), beta, x_mean, X.shape[0], bool(fit_intercept))


def log_evidence(X, y, alpha: float, beta: float, *, fit_intercept: bool = True) -> float:
    """The log marginal likelihood ``ln p(y | α, β)``, the weights integrated out (PRML eq. 3.86).

    ``(p/2) ln α + (N/2) ln β − E(m) − ½ Σ_j ln(α + β d_j²) − (N/2) ln 2π``, with ``N = n − 1`` on the
    centred data when the intercept has its flat prior (``fit_intercept=True``), ``N = n`` otherwise.
    It equals the Gaussian log density of the data under ``N(0, β⁻¹ I + α⁻¹ Xc Xcᵀ)`` in those ``N``
    dimensions.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]]); y = np.array([0.1, 0.9, 2.2, 2.8])
    >>> bool(log_evidence(X, y, 1.0, 10.0) > log_evidence(X, y, 1.0, 0.1))
    True
    """
    alpha = as_positive_float(alpha, "alpha")
    beta = as_positive_float(beta, "beta")
    X, outside, _, _, V, d, uty, n_eff = _prepare(X, y, fit_intercept)
    return _log_evidence(V, d, uty, outside, alpha, beta, n_eff)


def _log_evidence(V, d, uty, outside, alpha, beta, n_eff):
    _, rss, norm2 = _mean_and_fit(V, d, uty, outside, alpha, beta)
    p = d.size
    energy = 0.5 * beta * rss + 0.5 * alpha * norm2
    return float(0.5 * p * np.log(alpha) + 0.5 * n_eff * np.log(beta) - energy
                 - 0.5 * np.sum(np.log(alpha + beta * d**2)) - 0.5 * n_eff * LOG_2PI)


def profile_log_evidence(X, y, lams, *, fit_intercept: bool = True) -> ProfileEvidence:
    """The log evidence of ridge at each λ, with the noise precision β set to its best value.

    With ``α = λ β`` the log evidence is ``(N/2) ln β − β s(λ)/2 + (p/2) ln λ − ½ Σ_j ln(λ + d_j²) −
    (N/2) ln 2π`` where ``s(λ) = ‖yc − Xc w_λ‖² + λ ‖w_λ‖²`` is the ridge objective at its minimum; it
    is largest at ``β = N / s(λ)``. The maximum of this curve over λ is MacKay's fixed point. At
    ``λ = 0`` the prior is flat and the evidence is ``−inf``.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> X = rng.normal(size=(30, 4)); y = X @ [1.0, 0.0, -1.0, 0.5] + rng.normal(size=30)
    >>> prof = profile_log_evidence(X, y, [0.1, 1.0, 10.0])
    >>> prof.log_evidence.shape, bool(np.all(prof.beta > 0))
    ((3,), True)
    """
    grid = as_lambdas(lams)
    X, outside, _, _, V, d, uty, n_eff = _prepare(X, y, fit_intercept)
    p, k = d.size, uty.size
    w_rot = d[:k] / (d[:k] ** 2 + grid[:, None]) * uty           # ridge weights in the basis Vᵀw
    kept_back = grid[:, None] / (d[:k] ** 2 + grid[:, None]) * uty
    objective = outside + np.sum(kept_back**2, axis=1) + grid * np.sum(w_rot**2, axis=1)
    with np.errstate(divide="ignore"):
        beta = n_eff / objective
        value = (0.5 * n_eff * np.log(beta) - 0.5 * n_eff + 0.5 * p * np.log(grid)
                 - 0.5 * np.sum(np.log(grid[:, None] + d**2), axis=1) - 0.5 * n_eff * LOG_2PI)
    value = np.where(grid > 0, value, -np.inf)
    return ProfileEvidence(value, beta)


def fit_evidence(X, y, *, alpha_init: float = 1.0, beta_init: float | None = None, tol: float = 1e-10,
                 max_iter: int = 10_000, fit_intercept: bool = True) -> EvidenceFit:
    """Choose α and β by maximizing the evidence, with MacKay's re-estimation (PRML §3.5.2).

    Repeat, from ``alpha_init`` and ``beta_init`` (default ``1 / var(y)``):
    ``m = posterior mean``, ``γ = Σ_j β d_j² / (α + β d_j²)``, ``α ← γ / ‖m‖²``,
    ``β ← (N − γ) / ‖yc − Xc m‖²``, until α and β change by less than ``tol`` (relative).
    ``γ`` is ``effective_df(X, α / β)``, and ``N`` is ``n − 1`` with the flat-prior intercept. The
    defaults are scikit-learn's ``BayesianRidge`` starting values. The evidence can have more than one
    maximum; the iteration climbs to the one its start leads to (``profile_log_evidence`` on a grid of
    λ shows them all).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(2)
    >>> X = rng.normal(size=(50, 3)); y = X @ [1.0, -1.0, 2.0] + 0.5 * rng.normal(size=50)
    >>> fit = fit_evidence(X, y)
    >>> bool(0 < fit.gamma < 3), round(float(1 / np.sqrt(fit.beta)), 1)
    (True, 0.5)
    """
    alpha = as_positive_float(alpha_init, "alpha_init")
    tol = as_positive_float(tol, "tol")
    max_iter = as_positive_int(max_iter, "max_iter")
    X, outside, x_mean, y_mean, V, d, uty, n_eff = _prepare(X, y, fit_intercept)
    if beta_init is None:
        spread = (outside + float(uty @ uty)) / n_eff
        if spread == 0.0:
            raise ValueError("y is constant (after removing the intercept): there is no noise level to estimate")
        beta = 1.0 / spread
    else:
        beta = as_positive_float(beta_init, "beta_init")
    n_iter = 0
    while n_iter < max_iter:
        n_iter += 1
        _, rss, norm2 = _mean_and_fit(V, d, uty, outside, alpha, beta)
        gamma = float(np.sum(beta * d**2 / (alpha + beta * d**2)))
        if rss == 0.0:
            raise ValueError("the data are fitted exactly (zero residual), so the noise precision β has no "
                             "finite maximum; use more rows or fewer features")
        if gamma <= 1e-12 * d.size or norm2 == 0.0:
            # The evidence can have a second maximum at α = ∞ (every weight zero, all of y called noise).
            raise ValueError("the re-estimation ran to α → ∞ (all weights pulled to zero): from this start the "
                             "evidence prefers 'no signal'; try a smaller alpha_init")
        new_alpha, new_beta = gamma / norm2, (n_eff - gamma) / rss
        converged = abs(new_alpha - alpha) <= tol * alpha and abs(new_beta - beta) <= tol * beta
        alpha, beta = new_alpha, new_beta
        if converged:
            break
    if not converged:
        raise RuntimeError(f"fit_evidence did not converge in max_iter={max_iter} re-estimations; raise "
                           "max_iter or tol (the evidence may grow without bound as α → 0 or ∞)")
    mean, _, _ = _mean_and_fit(V, d, uty, outside, alpha, beta)
    gamma = float(np.sum(beta * d**2 / (alpha + beta * d**2)))
    value = _log_evidence(V, d, uty, outside, alpha, beta, n_eff)
    return EvidenceFit(alpha, beta, gamma, mean, float(y_mean - x_mean @ mean), value, n_iter)


def gcv(X, y, lams, *, fit_intercept: bool = True) -> np.ndarray:
    """Generalized cross-validation score of ridge for each λ (Golub, Heath & Wahba, 1979).

    ``GCV(λ) = (1/n) ‖y − H y‖² / (1 − tr H / n)²``, with ``H`` the hat matrix and
    ``tr H = 1 + df(λ)`` when the intercept is fitted (``df(λ)`` alone otherwise). It is leave-one-out
    with every leverage ``H_ii`` replaced by their average. Where ``tr H = n`` the score is ``inf``.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(30, 3)); y = X @ [1.0, 0.0, -1.0] + rng.normal(size=30)
    >>> scores = gcv(X, y, [0.1, 10.0, 1000.0])
    >>> bool(scores[0] < scores[2])
    True
    """
    grid = as_lambdas(lams)
    X, outside, _, _, _, d, uty, _ = _prepare(X, y, fit_intercept)
    n, k = X.shape[0], uty.size
    factors = d[:k] ** 2 / (d[:k] ** 2 + grid[:, None])
    rss = outside + np.sum(((1.0 - factors) * uty) ** 2, axis=1)
    trace = factors.sum(axis=1) + (1.0 if fit_intercept else 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (rss / n) / (1.0 - trace / n) ** 2
    out[n - trace <= 1e-12 * n] = np.inf
    return out
