"""Exercises of lesson 05: beyond overfitting (conditioning, digits, runaway weights, duplicated features)."""

from __future__ import annotations

import numpy as np

from ..models import ridge_fit, sigmoid
from .framework import Array, ChoiceExercise, FunctionExercise, Mistake, Number, Pair, register

# --- 05.1 ------------------------------------------------------------------------------------------


def _condition(d, lam):
    d = np.asarray(d, dtype=float)
    return float((d.max() ** 2 + lam) / (d.min() ** 2 + lam))


_LONGLEY_D = np.array([8.58219282, 4.33652487, 1.80410808, 0.48872501, 0.2020719, 0.07763588])


def _condition_probes():
    # no λ = 0.5: there λ² and λ/2 coincide, and the two mistakes could not be told apart
    return [(_LONGLEY_D.copy(), 1.0), (_LONGLEY_D.copy(), 0.0), (np.array([1.0, 3.0, 2.0]), 0.3),
            (np.array([2.0, 0.05]), 0.1), (np.array([0.5, 4.0, 0.01]), 10.0)]


register(FunctionExercise(
    "05.1", task="Write ridge_condition_number(d, lam): κ(ZᵀZ + λI) from the singular values d of Z.",
    answer_name="ridge_condition_number", section="1. Numerical stability", reference=_condition,
    probe_inputs=_condition_probes, form=Number(), mistakes=[
        Mistake("singular values not squared", "forgot to square the singular values: the eigenvalues of ZᵀZ are "
                "d_j², so κ = (d_max² + λ)/(d_min² + λ)",
                lambda d, lam: float((np.max(d) + lam) / (np.min(d) + lam))),
        Mistake("square root", "took a square root: (d_max² + λ)/(d_min² + λ) is already the condition number "
                "of ZᵀZ + λI (its square root is that of the stacked matrix [Z; √λ·I])",
                lambda d, lam: float(np.sqrt(_condition(d, lam)))),
        Mistake("lambda on the smallest only", "added λ only to the smallest eigenvalue; λI raises every "
                "eigenvalue, the largest one too", lambda d, lam: float(np.max(d) ** 2 / (np.min(d) ** 2 + lam))),
        Mistake("lambda/2 convention", "used λ/2: the objective Σ(y − b − x·w)² + λ‖w‖² gives the system "
                "(ZᵀZ + λI)w = Zᵀy, with λ itself", lambda d, lam: _condition(d, lam / 2)),
        Mistake("lambda squared", "added λ² to the eigenvalues: ZᵀZ + λI adds λ itself (λ² would come from "
                "writing the penalty as ‖λw‖²)", lambda d, lam: _condition(d, lam**2)),
        Mistake("penalty ignored", "ignored the penalty: with λ > 0 the smallest eigenvalue is d_min² + λ, never "
                "below λ", lambda d, lam: _condition(d, 0.0)),
    ],
    praise="Every eigenvalue moves up by λ, so κ ≤ 1 + d_max²/λ whatever the data: even collinear columns give a "
           "finite κ."))


# --- 05.2 ------------------------------------------------------------------------------------------

_OPTIONS_052 = {
    "a": "SVD routines compute in a higher (extended) precision than np.linalg.solve.",
    "b": "Forming AᵀA squares the condition number; the SVD works on A itself, so rounding errors are not "
         "amplified by κ(A)² but by κ(A) plus a κ(A)² term damped by the small residual.",
    "c": "The SVD quietly adds a small penalty λ, which stabilizes the solution.",
    "d": "AᵀA is singular for the Longley data, so solve returns one of many solutions.",
}
_FEEDBACK_052 = {
    "a": ("extended precision", "Both routes compute in the same IEEE double precision (about 16 digits); neither "
          "uses extra precision. What differs is the matrix each one works on."),
    "c": ("hidden penalty", "With λ = 0 the SVD route solves plain least squares; a hidden penalty would bias the "
          "coefficients and could not match NIST's certified values to 11 or more digits."),
    "d": ("singular normal equations", "AᵀA of the Longley design has full rank 7, so the normal equations have "
          "exactly one solution. The problem is not that the solution is undefined but that rounding errors made "
          "while forming AᵀA are amplified by its huge condition number."),
}

register(ChoiceExercise(
    "05.2", task="Multiple choice: why does the SVD route keep the digits that the normal equations lose?",
    answer_name="answer_052", section="1. Numerical stability", options=_OPTIONS_052, correct="b",
    mistakes=[Mistake(label, text, key) for key, (label, text) in _FEEDBACK_052.items()],
    praise="Forming AᵀA squares the condition number, and the normal equations amplify rounding errors by about "
           "κ(A)². The SVD factors A itself; for least squares its errors grow like κ(A) + κ(A)²·tan θ, where θ "
           "is the angle between y and the columns of A. The κ² term is there because the residual is not zero: "
           "on Longley (columns scaled to unit length) κ ≈ 4.3·10⁴, but κ²·tan θ ≈ 6.5·10⁶ dominates. It is still "
           "1/tan θ ≈ 300 times smaller than κ² ≈ 1.9·10⁹, which is why the SVD keeps several more digits."))


# --- 05.3 ------------------------------------------------------------------------------------------


def _step(X, y, w, b, lam, lr, *, data_scale=1.0, pen=2.0, sign=1.0, data_sign=1.0, pen_b=False):
    """One gradient step on Σ log-loss + pen/2·2λ‖w‖², with one of the usual slips switched on."""
    X, y, w = np.asarray(X, float), np.asarray(y, float), np.asarray(w, float)
    residual = data_sign * (sigmoid(b + X @ w) - y) * data_scale
    grad_w = X.T @ residual + pen * lam * w
    grad_b = residual.sum() + (pen * lam * b if pen_b else 0.0)
    return w - sign * lr * grad_w, float(b - sign * lr * grad_b)


def _step_probes():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(12, 3))
    y = (X @ [1.0, -2.0, 0.5] + 0.3 * rng.normal(size=12) > 0).astype(float)
    return [(X, y, np.array([0.5, -1.0, 2.0]), 0.4, 0.7, 0.05), (X, y, np.zeros(3), 0.0, 0.0, 0.1),
            (X[:, :2].copy(), y, np.array([3.0, -4.0]), -1.2, 2.0, 0.02)]


def _step_with(**slip):
    return lambda X, y, w, b, lam, lr: _step(X, y, w, b, lam, lr, **slip)


register(FunctionExercise(
    "05.3", task="Write logistic_step(X, y, w, b, lam, lr): one gradient step on Σ log-loss + λ‖w‖²; return "
    "(w_new, b_new).", answer_name="logistic_step",
    section="2. Runaway weights: logistic regression on separable data", reference=_step,
    probe_inputs=_step_probes, form=Pair(Array(), Number(), names=("w_new", "b_new")), mistakes=[
        Mistake("penalized intercept", "penalized the intercept: b gets the plain data gradient Σ(p_i − y_i), "
                "no 2λb", _step_with(pen_b=True)),
        Mistake("lambda/2 convention", "used λ·w instead of 2λ·w: the gradient of λ‖w‖² is 2λw (λ·w belongs to "
                "the (λ/2)‖w‖² convention)", _step_with(pen=1.0)),
        Mistake("uphill step", "stepped uphill: gradient descent subtracts lr times the gradient",
                _step_with(sign=-1.0)),
        Mistake("y - p", "used y − p instead of p − y: the gradient of the log-loss is Σ(p_i − y_i)·x_i",
                _step_with(data_sign=-1.0)),
        Mistake("mean instead of sum", "averaged the data gradient over the n points; the course's objective sums "
                "the log-loss, so the data gradient is Xᵀ(p − y) without 1/n",
                lambda X, y, w, b, lam, lr: _step(X, y, w, b, lam, lr, data_scale=1.0 / len(y))),
    ],
    praise="Iterate it with λ = 0 on separable data and watch ‖w‖ grow; with λ > 0 it settles."))


# --- 05.4 ------------------------------------------------------------------------------------------


def _copies_brute(x, y, k, lam):
    x = np.asarray(x, float)
    return float(ridge_fit(np.tile(x[:, None], (1, k)), y, lam).coef[0])


def _one_feature(x, y, lam):
    return float(ridge_fit(np.asarray(x, float)[:, None], y, lam).coef[0])


def _copy_probes():
    rng = np.random.default_rng(7)
    x = rng.normal(size=30)
    y = 2.0 * x + 0.5 + rng.normal(size=30)
    return [(x, y, 1, 5.0), (x, y, 2, 5.0), (x, y, 3, 20.0), (x, y, 5, 0.7), (3.0 * x, y, 4, 40.0)]


register(FunctionExercise(
    "05.4", task="Write copy_weight(x, y, k, lam): the ridge weight of each of k exact copies of feature x, from a "
    "one-feature fit.", answer_name="copy_weight", section="3. Correlated features", reference=_copies_brute,
    probe_inputs=_copy_probes, form=Number(), mistakes=[
        Mistake("kept lambda", "kept λ for the one-feature fit: with k copies of weight v the penalty is "
                "kλv² = (λ/k)(kv)², so the combined weight u = kv is a one-feature ridge fit with λ/k",
                lambda x, y, k, lam: _one_feature(x, y, lam) / k),
        Mistake("combined weight", "returned the combined weight u of all copies; each copy gets u/k",
                lambda x, y, k, lam: _one_feature(x, y, lam / k)),
        Mistake("k times lambda", "used k·λ instead of λ/k: the penalty kλv² written in u = kv is (λ/k)u²",
                lambda x, y, k, lam: _one_feature(x, y, k * lam) / k),
        Mistake("lambda over k squared", "used λ/k²: the penalty is kλv², and with v = u/k that is (λ/k)u², "
                "one power of k only", lambda x, y, k, lam: _one_feature(x, y, lam / k**2) / k),
    ],
    praise="k copies share the weight evenly, and together act like one feature with a k times weaker penalty: "
           "duplicating a feature is not neutral for ridge."))
