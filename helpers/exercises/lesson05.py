"""Exercises of lesson 05: beyond overfitting (conditioning, digits, runaway weights, duplicated features)."""

from __future__ import annotations

import numpy as np

from ..models import ridge_fit, sigmoid
from .framework import Wrong, compare_function, exercise

# --- 05.1 ------------------------------------------------------------------------------------------


def _condition(d, lam):
    d = np.asarray(d, dtype=float)
    return float((d.max() ** 2 + lam) / (d.min() ** 2 + lam))


@exercise("05.1", task="Write ridge_condition_number(d, lam): κ(ZᵀZ + λI) from the singular values d of Z.",
          answer_name="ridge_condition_number")
def judge_condition_number(answer):
    longley_d = [8.58219282, 4.33652487, 1.80410808, 0.48872501, 0.2020719, 0.07763588]
    cases = [(longley_d, 1.0), (longley_d, 0.0), ([1.0, 3.0, 2.0], 0.5), ([2.0, 0.0], 0.1),
             ([0.5, 4.0, 0.01], 10.0)]
    compare_function(answer, _condition, cases, name="ridge_condition_number", mistakes={
        "forgot to square the singular values: the eigenvalues of ZᵀZ are d_j², so κ = (d_max² + λ)/(d_min² + λ)":
            lambda d, lam: float((np.max(d) + lam) / (np.min(d) + lam)),
        "took a square root: (d_max² + λ)/(d_min² + λ) is already the condition number of ZᵀZ + λI "
        "(its square root is that of the stacked matrix [Z; √λ·I])":
            lambda d, lam: float(np.sqrt(_condition(d, lam))),
        "added λ only to the smallest eigenvalue; λI raises every eigenvalue, the largest one too":
            lambda d, lam: float(np.max(d) ** 2 / (np.min(d) ** 2 + lam)),
        "used λ/2: the objective Σ(y − b − x·w)² + λ‖w‖² gives the system (ZᵀZ + λI)w = Zᵀy, with λ itself":
            lambda d, lam: _condition(d, lam / 2),
        "ignored the penalty: with λ > 0 the smallest eigenvalue is d_min² + λ, never below λ":
            lambda d, lam: _condition(d, 0.0) if np.min(d) > 0 else np.inf,
    })
    return "Every eigenvalue moves up by λ, so κ ≤ 1 + d_max²/λ whatever the data: even collinear columns give a finite κ."


# --- 05.2 ------------------------------------------------------------------------------------------

_FEEDBACK_052 = {
    "a": "Both routes compute in the same IEEE double precision (about 16 digits); neither uses extra "
         "precision. What differs is the matrix each one works on.",
    "c": "With λ = 0 the SVD route solves plain least squares; a hidden penalty would bias the coefficients "
         "and could not match NIST's certified values to 11 or more digits.",
    "d": "XᵀX of the Longley design has full rank 7, so the normal equations have exactly one solution. "
         "The problem is not that the solution is undefined but that rounding errors made while forming "
         "XᵀX are amplified by its huge condition number.",
}


@exercise("05.2", task="Multiple choice: why does the SVD route keep the digits that the normal equations lose?",
          answer_name="answer_052")
def judge_digits_choice(answer):
    if not isinstance(answer, str) or answer.strip().lower() not in ("a", "b", "c", "d"):
        raise Wrong("answer with one of the letters 'a', 'b', 'c' or 'd' (as a string).")
    choice = answer.strip().lower()
    if choice in _FEEDBACK_052:
        raise Wrong(f"({choice}) is not the reason. {_FEEDBACK_052[choice]}")
    return ("Forming XᵀX squares the condition number, κ(XᵀX) = κ(X)²; the SVD factors X itself, so rounding "
            "errors are amplified by κ(X) only. That is half as many digits lost.")


# --- 05.3 ------------------------------------------------------------------------------------------


def _step(X, y, w, b, lam, lr, *, data_scale=1.0, pen=2.0, sign=1.0, data_sign=1.0, pen_b=False):
    X, y, w = np.asarray(X, float), np.asarray(y, float), np.asarray(w, float)
    residual = data_sign * (sigmoid(b + X @ w) - y) * data_scale
    grad_w = X.T @ residual + pen * lam * w
    grad_b = residual.sum() + (pen * lam * b if pen_b else 0.0)
    return np.concatenate([w - sign * lr * grad_w, [b - sign * lr * grad_b]])


def _packed(func):
    """Call the learner's ``logistic_step`` and pack its ``(w_new, b_new)`` into one vector."""
    def call(X, y, w, b, lam, lr):
        result = func(np.array(X), np.array(y), np.array(w), b, lam, lr)
        if result is None:
            return None
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise Wrong("`logistic_step` should return a pair `(w_new, b_new)`: the new weights and the new intercept.")
        w_new, b_new = result
        try:
            b_new = np.ravel(np.asarray(b_new, dtype=float))
            w_new = np.ravel(np.asarray(w_new, dtype=float))
        except (TypeError, ValueError):
            raise Wrong("`logistic_step` should return numbers: an array `w_new` and a number `b_new`.") from None
        if b_new.size != 1:
            raise Wrong("the second value returned, `b_new`, should be a single number (the intercept).")
        return np.concatenate([w_new, b_new])
    return call


@exercise("05.3", task="Write logistic_step(X, y, w, b, lam, lr): one gradient step on Σ log-loss + λ‖w‖².",
          answer_name="logistic_step")
def judge_logistic_step(answer):
    if not callable(answer):
        raise Wrong(f"`logistic_step` should be a function (defined with `def`), but it is a {type(answer).__name__}.")
    rng = np.random.default_rng(5)
    X = rng.normal(size=(12, 3))
    y = (X @ [1.0, -2.0, 0.5] + 0.3 * rng.normal(size=12) > 0).astype(float)
    cases = [
        (X, y, np.array([0.5, -1.0, 2.0]), 0.4, 0.7, 0.05),
        (X, y, np.zeros(3), 0.0, 0.0, 0.1),
        (X[:, :2], y, np.array([3.0, -4.0]), -1.2, 2.0, 0.02),
    ]
    compare_function(_packed(answer), _step, cases, name="logistic_step", mistakes={
        "penalized the intercept: b gets the plain data gradient Σ(p_i − y_i), no 2λb":
            lambda *c: _step(*c, pen_b=True),
        "used λ·w instead of 2λ·w: the gradient of λ‖w‖² is 2λw (λ·w belongs to the (λ/2)‖w‖² convention)":
            lambda *c: _step(*c, pen=1.0),
        "stepped uphill: gradient descent subtracts lr times the gradient":
            lambda *c: _step(*c, sign=-1.0),
        "used y − p instead of p − y: the gradient of the log-loss is Σ(p_i − y_i)·x_i":
            lambda *c: _step(*c, data_sign=-1.0),
        "averaged the data gradient over the n points; the course's objective sums the log-loss, "
        "so the data gradient is Xᵀ(p − y) without 1/n":
            lambda *c: _step(*c, data_scale=1.0 / len(c[1])),
    })
    return "Iterate it with λ = 0 on separable data and watch ‖w‖ grow; with λ > 0 it settles."


# --- 05.4 ------------------------------------------------------------------------------------------


def _copies_brute(x, y, k, lam):
    x = np.asarray(x, float)
    return float(ridge_fit(np.tile(x[:, None], (1, k)), y, lam).coef[0])


def _one_feature(x, y, lam):
    return float(ridge_fit(np.asarray(x, float)[:, None], y, lam).coef[0])


@exercise("05.4", task="Write copy_weight(x, y, k, lam): the ridge weight of each of k exact copies of feature x, "
          "from a one-feature fit.", answer_name="copy_weight")
def judge_copy_weight(answer):
    rng = np.random.default_rng(7)
    x = rng.normal(size=30)
    y = 2.0 * x + 0.5 + rng.normal(size=30)
    cases = [(x, y, 1, 5.0), (x, y, 2, 5.0), (x, y, 3, 20.0), (x, y, 5, 0.5), (3.0 * x, y, 4, 40.0)]
    compare_function(answer, _copies_brute, cases, name="copy_weight", mistakes={
        "kept λ for the one-feature fit: with k copies of weight v the penalty is kλv² = (λ/k)(kv)², "
        "so the combined weight u = kv is a one-feature ridge fit with λ/k":
            lambda x, y, k, lam: _one_feature(x, y, lam) / k,
        "returned the combined weight u of all copies; each copy gets u/k":
            lambda x, y, k, lam: _one_feature(x, y, lam / k),
        "used k·λ instead of λ/k: the penalty kλv² written in u = kv is (λ/k)u²":
            lambda x, y, k, lam: _one_feature(x, y, k * lam) / k,
    })
    return ("k copies share the weight evenly, and together act like one feature with a k times weaker "
            "penalty: duplicating a feature is not neutral for ridge.")

