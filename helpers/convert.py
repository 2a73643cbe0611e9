"""The same penalty strength in the conventions of scikit-learn, Keras and PyTorch.

The course's objective is

    J(w, b) = Σ_i (y_i − b − x_i·w)² + λ‖w‖²,        the intercept b not penalized,

a *sum* of squared errors plus λ times the squared norm. Libraries write the same problem with a
*mean* loss, a factor ½, or the inverse strength ``C``; multiplying a library's objective by a
positive constant does not move its minimizer, so each conversion below is "scale the library's
objective until its data term is the course's, then read off the penalty". ``n`` is the number of
training rows the model is fitted on.

============================================  ==========================================  ==================
library setting                               its documented objective                    course λ
============================================  ==========================================  ==================
``Ridge(alpha=a)``, ``RidgeCV``               ``‖y − b − Xw‖² + a‖w‖²``                   ``λ = a``
``LogisticRegression(C=c, l1_ratio=0)``       ``c·Σ log-loss + ½‖w‖²``                    ``λ = 1/(2c)``
``ElasticNet(alpha=a, l1_ratio=0)``           ``1/(2n)‖y − b − Xw‖² + ½a‖w‖²``            ``λ = n·a``
``SGDRegressor(alpha=a, penalty="l2")``       ``1/n Σ ½(y_i − b − x_i·w)² + ½a‖w‖²``      ``λ = n·a``
Keras ``kernel_regularizer=l2(l)``, MSE loss  ``1/n Σ (y_i − b − x_i·w)² + l‖w‖²``        ``λ = n·l``
PyTorch ``weight_decay=wd`` (SGD, Adam),      ``∇[1/n Σ (y_i − b − x_i·w)²] + wd·w``,     ``λ = n·wd/2``
Keras ``SGD(weight_decay=wd)``, MSE loss      the gradient of ``… + (wd/2)‖w‖²``
``Lasso(alpha=a)`` (an L1 penalty)            ``1/(2n)‖y − b − Xw‖² + a‖w‖₁``             ``λ₁ = 2n·a`` for
                                                                                          ``… + λ₁‖w‖₁``
============================================  ==========================================  ==================

PyTorch's and Keras's weight decay act on every parameter they are given, the bias included, unless
parameter groups (PyTorch) or ``exclude_from_weight_decay`` (Keras) leave it out. ``AdamW`` (and Keras's
``Adam(weight_decay=…)``, which is decoupled the same way) shrinks the weights outside the adaptive
step: it adds no penalty to the loss, so no λ corresponds to it.
"""

from __future__ import annotations

import math

from ._validation import _as_real_scalar, as_lambda, as_matrix, as_number, as_positive_int
from .models import effective_df

__all__ = [
    "conversion_table", "elasticnet_alpha", "keras_l2", "lam_from_elasticnet_alpha", "lam_from_keras_l2",
    "lam_from_lasso_alpha", "lam_from_logistic_C", "lam_from_ridge_alpha", "lam_from_sgd_regressor_alpha",
    "lam_from_torch_weight_decay", "lambda_for_df", "lasso_alpha", "logistic_C", "ridge_alpha",
    "sgd_regressor_alpha", "torch_weight_decay",
]


def _n(n) -> int:
    return as_positive_int(n, "n")


# --- scikit-learn -----------------------------------------------------------------------------

def ridge_alpha(lam: float) -> float:
    """``alpha`` of ``Ridge`` and ``RidgeCV``: the course's λ itself.

    ``Ridge`` minimizes ``‖y − b − Xw‖² + alpha·‖w‖²`` with ``b`` unpenalized, which *is* the course's
    objective, so ``alpha = λ``.

    Examples
    --------
    >>> ridge_alpha(3.0)
    3.0
    """
    return as_lambda(lam)


def lam_from_ridge_alpha(alpha: float) -> float:
    """The course's λ for ``Ridge(alpha=alpha)``: ``λ = alpha``."""
    return as_lambda(alpha, "alpha")


def logistic_C(lam: float) -> float:
    """``C`` of ``LogisticRegression`` (with ``l1_ratio=0``, the pure L2 penalty) for the course's λ.

    scikit-learn minimizes ``C·Σ_i log-loss_i + ½‖w‖²``; the course minimizes
    ``Σ_i log-loss_i + λ‖w‖²``. Multiplying the course's objective by ``C`` gives
    ``C·Σ log-loss + C·λ‖w‖²``, equal to scikit-learn's when ``C·λ = ½``: ``C = 1/(2λ)``.
    ``λ = 0`` (no penalty) gives ``C = inf``, which scikit-learn accepts for an unpenalized fit.

    Examples
    --------
    >>> logistic_C(0.5), logistic_C(5.0)
    (1.0, 0.1)
    """
    lam = as_lambda(lam)
    return float("inf") if lam == 0 else 1.0 / (2.0 * lam)


def lam_from_logistic_C(C: float) -> float:
    """The course's λ for ``LogisticRegression(C=C)``: ``λ = 1/(2C)`` (``C = inf`` gives 0).

    Examples
    --------
    >>> lam_from_logistic_C(1.0)
    0.5
    """
    C = _as_real_scalar(C, "C", "a positive number (or inf for no penalty)")
    if math.isnan(C) or C <= 0:
        raise ValueError(f"C must be > 0 (smaller C means a stronger penalty), got {C}")
    return 0.0 if math.isinf(C) else 1.0 / (2.0 * C)


def lasso_alpha(lam: float, n: int) -> float:
    """``alpha`` of ``Lasso`` for the L1 objective ``‖y − b − Xw‖² + λ‖w‖₁`` (not the course's L2 one).

    ``Lasso`` minimizes ``1/(2n)‖y − b − Xw‖² + alpha·‖w‖₁``. Multiplied by ``2n`` that is
    ``‖y − b − Xw‖² + 2n·alpha·‖w‖₁``, so ``alpha = λ/(2n)``. This is the convention of
    ``helpers.lasso_fit``.

    Examples
    --------
    >>> lasso_alpha(10.0, n=50)
    0.1
    """
    return as_lambda(lam) / (2.0 * _n(n))


def lam_from_lasso_alpha(alpha: float, n: int) -> float:
    """The λ of ``‖y − b − Xw‖² + λ‖w‖₁`` for ``Lasso(alpha=alpha)`` on ``n`` rows: ``λ = 2n·alpha``."""
    return 2.0 * _n(n) * as_lambda(alpha, "alpha")


def elasticnet_alpha(lam: float, n: int) -> float:
    """``alpha`` of ``ElasticNet(l1_ratio=0)`` (its pure ridge case) for the course's λ.

    ``ElasticNet`` minimizes ``1/(2n)‖y − b − Xw‖² + alpha·l1_ratio·‖w‖₁ + ½·alpha·(1 − l1_ratio)·‖w‖²``.
    With ``l1_ratio = 0`` this is ``1/(2n)‖y − b − Xw‖² + ½·alpha·‖w‖²``; multiplied by ``2n`` it is
    ``‖y − b − Xw‖² + n·alpha·‖w‖²``, so ``alpha = λ/n``.

    Examples
    --------
    >>> elasticnet_alpha(10.0, n=50)
    0.2
    """
    return as_lambda(lam) / _n(n)


def lam_from_elasticnet_alpha(alpha: float, n: int) -> float:
    """The course's λ for ``ElasticNet(alpha=alpha, l1_ratio=0)`` on ``n`` rows: ``λ = n·alpha``."""
    return _n(n) * as_lambda(alpha, "alpha")


def sgd_regressor_alpha(lam: float, n: int) -> float:
    """``alpha`` of ``SGDRegressor(penalty="l2")`` (squared-error loss) for the course's λ.

    scikit-learn documents the objective ``E(w, b) = 1/n Σ_i L(y_i, f(x_i)) + alpha·R(w)`` with the
    squared-error loss ``L = ½(y − f(x))²`` and the L2 regularizer ``R(w) = ½‖w‖²``. Multiplied by
    ``2n`` that is ``Σ (y_i − b − x_i·w)² + n·alpha·‖w‖²``, so ``alpha = λ/n``, the same as
    ``ElasticNet(l1_ratio=0)``. (The fit is stochastic: it reaches the minimizer only approximately.)

    Examples
    --------
    >>> sgd_regressor_alpha(10.0, n=50)
    0.2
    """
    return as_lambda(lam) / _n(n)


def lam_from_sgd_regressor_alpha(alpha: float, n: int) -> float:
    """The course's λ for ``SGDRegressor(alpha=alpha, penalty="l2")`` on ``n`` rows: ``λ = n·alpha``."""
    return _n(n) * as_lambda(alpha, "alpha")


# --- Keras and PyTorch ------------------------------------------------------------------------

def keras_l2(lam: float, n: int) -> float:
    """The factor ``l`` of Keras's ``kernel_regularizer=l2(l)`` (with ``loss="mse"``) for the course's λ.

    Keras adds ``l·Σ w²`` to the *mean* loss: it minimizes ``1/n Σ (y_i − b − x_i·w)² + l‖w‖²`` (the
    bias has its own ``bias_regularizer``, ``None`` by default, so it is not penalized). Multiplied by
    ``n``: ``Σ (y_i − b − x_i·w)² + n·l·‖w‖²``, so ``l = λ/n``.

    Examples
    --------
    >>> keras_l2(10.0, n=50)
    0.2
    """
    return as_lambda(lam) / _n(n)


def lam_from_keras_l2(l2: float, n: int) -> float:
    """The course's λ for ``kernel_regularizer=l2(l2)`` with a mean loss over ``n`` rows: ``λ = n·l2``."""
    return _n(n) * as_lambda(l2, "l2")


def torch_weight_decay(lam: float, n: int) -> float:
    """PyTorch's ``weight_decay`` (``torch.optim.SGD`` or ``Adam``, mean loss) for the course's λ.

    PyTorch adds ``wd·w`` to the gradient of the loss, here the mean squared error
    ``1/n Σ (y_i − b − x_i·w)²``; ``wd·w`` is the gradient of ``(wd/2)‖w‖²``, so the optimizer's fixed
    point minimizes ``1/n Σ (y_i − b − x_i·w)² + (wd/2)‖w‖²``. Multiplied by ``n``:
    ``Σ (y_i − b − x_i·w)² + (n·wd/2)‖w‖²``, so ``wd = 2λ/n``. Keras's ``SGD(weight_decay=wd)``, which
    applies ``w ← w − lr·wd·w`` before each gradient step, is the same update. Only the parameters
    in a group with ``weight_decay=wd`` are penalized: put the bias in a group with ``weight_decay=0``
    to match the course's unpenalized intercept. ``AdamW`` is different (see the module docstring).

    Examples
    --------
    >>> torch_weight_decay(10.0, n=50)
    0.4
    """
    return 2.0 * as_lambda(lam) / _n(n)


def lam_from_torch_weight_decay(weight_decay: float, n: int) -> float:
    """The course's λ for PyTorch's ``weight_decay`` on a mean loss over ``n`` rows: ``λ = n·wd/2``."""
    return _n(n) * as_lambda(weight_decay, "weight_decay") / 2.0


# --- the λ for a target complexity ------------------------------------------------------------

def lambda_for_df(X, df: float) -> float:
    """The λ at which ridge on ``X`` has ``df`` effective degrees of freedom.

    ``df(λ) = Σ_j d_j² / (d_j² + λ)`` (``helpers.effective_df``) falls continuously and strictly from the
    rank of the centred ``X`` at ``λ = 0`` toward 0, so each ``df`` in ``(0, rank]`` has exactly one λ.
    It is found by bracketing, then bisection to a relative accuracy of about 1e-13.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.random.default_rng(0).normal(size=(30, 4))
    >>> lam = lambda_for_df(X, 2.0)
    >>> round(effective_df(X, lam), 9)
    2.0
    """
    X = as_matrix(X)
    df = as_number(df, "df")
    rank = effective_df(X, 0.0)
    if df <= 0 or df > rank + 1e-9:
        raise ValueError(f"df must be in (0, {rank:g}] (the rank of the centred X), got {df}")
    if df >= rank - 1e-12:
        return 0.0
    lo, hi = 0.0, 1.0                      # df(lo) > df >= df(hi) once hi is large enough
    while effective_df(X, hi) > df:
        lo, hi = hi, 4.0 * hi
    for _ in range(400):
        mid = 0.5 * (lo + hi)
        if effective_df(X, mid) > df:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-13 * hi:
            break
    return 0.5 * (lo + hi)


def conversion_table(lam: float, n: int) -> list[tuple[str, float]]:
    """Each library's setting for the course's λ on ``n`` rows, as ``(setting, value)`` pairs.

    Examples
    --------
    >>> for setting, value in conversion_table(10.0, n=50)[:2]:
    ...     print(setting, value)
    Ridge(alpha=…) 10.0
    RidgeCV(alphas=[…]) 10.0
    """
    lam, n = as_lambda(lam), _n(n)
    return [
        ("Ridge(alpha=…)", ridge_alpha(lam)),
        ("RidgeCV(alphas=[…])", ridge_alpha(lam)),
        ("LogisticRegression(C=…, l1_ratio=0)", logistic_C(lam)),
        ("ElasticNet(alpha=…, l1_ratio=0)", elasticnet_alpha(lam, n)),
        ("SGDRegressor(alpha=…, penalty='l2')", sgd_regressor_alpha(lam, n)),
        ("keras kernel_regularizer=l2(…)", keras_l2(lam, n)),
        ("keras SGD(weight_decay=…), no momentum", torch_weight_decay(lam, n)),
        ("torch.optim.SGD / Adam(weight_decay=…)", torch_weight_decay(lam, n)),
    ]
