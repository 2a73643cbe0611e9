"""Exercises of lesson 03: the weight-decay update, geometric decay, Adam versus AdamW, ridge by gradient descent."""

from __future__ import annotations

import math

import numpy as np

from ..models import gradient_descent
from .framework import Wrong, compare_function, compare_value, exercise

# --------------------------------------------------------------------------------------------------
# 03.1  one step of gradient descent with the penalty λ‖w‖²


def _decay_step(w, grad_L, lr, lam):
    return (1.0 - 2.0 * lr * lam) * np.asarray(w, float) - lr * np.asarray(grad_L, float)


_STEP_CASES = [
    (np.array([1.0, -2.0, 0.5]), np.array([0.3, 0.1, -0.4]), 0.05, 2.0),
    (np.array([3.0]), np.array([-1.0]), 0.01, 10.0),
    (np.array([0.0, 1.5]), np.array([2.0, 0.0]), 0.1, 0.0),
    (np.array([-0.7, 0.2, 4.0, 1.0]), np.array([1.0, -3.0, 0.5, 0.0]), 0.002, 25.0),
]


@exercise("03.1", task="Write decay_step(w, grad_L, lr, lam): one gradient step on L(w) + λ‖w‖².",
          answer_name="decay_step")
def judge_decay_step(answer):
    def arr(v):
        return np.asarray(v, float)

    compare_function(answer, _decay_step, _STEP_CASES, name="decay_step", mistakes={
        "used the λ/2 convention: the gradient of λ‖w‖² is 2λw, so the shrink factor is 1 − 2ηλ, not 1 − ηλ":
            lambda w, g, lr, lam: (1 - lr * lam) * arr(w) - lr * arr(g),
        "added the data gradient: a descent step moves *against* the gradient, − η∇L":
            lambda w, g, lr, lam: (1 - 2 * lr * lam) * arr(w) + lr * arr(g),
        "forgot to multiply the penalty's gradient 2λw by the learning rate η":
            lambda w, g, lr, lam: (1 - 2 * lam) * arr(w) - lr * arr(g),
        "pushed the weights away from zero: the penalty's gradient 2λw is subtracted, giving 1 − 2ηλ":
            lambda w, g, lr, lam: (1 + 2 * lr * lam) * arr(w) - lr * arr(g),
        "left the penalty out: this is the plain gradient step w − η∇L":
            lambda w, g, lr, lam: arr(w) - lr * arr(g),
    })
    return "Each step first multiplies w by 1 − 2ηλ (the decay), then follows the data gradient."


# --------------------------------------------------------------------------------------------------
# 03.2  how many steps of pure decay bring a weight below 1 % of its start

LR_02, LAM_02 = 0.01, 2.0


def _steps_below(fraction, factor):
    return math.ceil(math.log(fraction) / math.log(factor))


@exercise("03.2", task="With η = 0.01 and λ = 2 and no data gradient, how many steps until |w_t| ≤ 0.01·|w_0|?",
          answer_name="n_steps_1pct")
def judge_steps(answer):
    factor = 1 - 2 * LR_02 * LAM_02
    expected = _steps_below(0.01, factor)
    if isinstance(answer, (float, np.floating)) and not float(answer).is_integer():
        exact = math.log(0.01) / math.log(factor)
        if abs(float(answer) - exact) < 0.5:
            raise Wrong(f"(1 − 2ηλ)^t equals 0.01 at t = {exact:.4f}; steps are whole "
                        "numbers, so round *up*: after the rounded-down number the weight is still above 1 %.")
        raise Wrong("The number of steps is a whole number; solve (1 − 2ηλ)^t ≤ 0.01 for the smallest t.")
    compare_value(answer, expected, what="Your number of steps", mistakes={
        "used the λ/2 convention: the shrink factor is 1 − 2ηλ = 0.96, not 1 − ηλ = 0.98":
            _steps_below(0.01, 1 - LR_02 * LAM_02),
        "rounded down: after that many steps the weight is still just above 1 % of its start":
            _steps_below(0.01, factor) - 1,
        "let the weight lose a fixed amount 2ηλ·w₀ per step; it loses a fixed *fraction* 2ηλ of what is "
        "left, so the decay is geometric and slows down":
            math.ceil(0.99 / (2 * LR_02 * LAM_02)),
    })
    return (f"(1 − 2ηλ)^t = 0.96^t falls below 0.01 at t = {expected}: the weight halves about every 17 steps, "
            "and never reaches exactly zero.")


# --------------------------------------------------------------------------------------------------
# 03.3  multiple choice: Adam's weight_decay versus AdamW

_CHOICES = {
    "a": "Raising weight_decay does not help: Adam divides the penalty's gradient by √v̂ like every other "
         "gradient, so weights with a large gradient history are still decayed less (and where the penalty "
         "dominates, Adam's step is about lr·sign(w) whatever weight_decay is).",
    "b": None,
    "c": "Adding (wd/2)‖w‖² to the loss yourself is exactly what Adam's weight_decay already does: the "
         "penalty's gradient wd·w still goes through the moment estimates and is divided by √v̂.",
    "d": "A smaller learning rate makes every step smaller, the decay included, but the decay is still "
         "divided by √v̂: weights with large gradients are still decayed less than the others.",
}


@exercise("03.3", task="Multiple choice: which change makes Adam shrink every weight by the same factor per step?",
          answer_name="choice")
def judge_adamw(answer):
    if not isinstance(answer, str):
        raise Wrong(f"Answer with one letter as a string, for example \"b\"; got a {type(answer).__name__}.")
    letter = answer.strip().lower().rstrip(").")
    if letter not in _CHOICES:
        raise Wrong(f"{answer!r} is not one of the choices a, b, c, d.")
    if _CHOICES[letter] is not None:
        raise Wrong(f"({letter}) is not it. {_CHOICES[letter]}")
    return ("AdamW multiplies every weight by 1 − lr·wd before the Adam step, so the decay no longer "
            "passes through √v̂ (Loshchilov & Hutter, 2019).")


# --------------------------------------------------------------------------------------------------
# 03.4  ridge regression by gradient descent, with an unpenalized intercept


def _make_case(seed, n, p, lam, n_steps, rel_lr=0.2):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) * rng.uniform(0.5, 2.0, size=p) + rng.normal(2.0, 1.0, size=p)
    y = 3.0 + X @ rng.normal(size=p) + 0.3 * rng.normal(size=n)
    A = np.column_stack([np.ones(n), X])
    lr = rel_lr / (np.linalg.eigvalsh(A.T @ A).max() + lam)
    return X, y, lam, float(lr), n_steps


_GD_CASES = [_make_case(0, 15, 3, 5.0, 20), _make_case(1, 25, 2, 40.0, 200), _make_case(2, 12, 4, 1.0, 3)]


def _gd_reference(X, y, lam, lr, n_steps):
    traj = gradient_descent(X, y, lam, lr=lr, n_steps=n_steps)
    return np.concatenate([[traj.intercepts[-1]], traj.coefs[-1]])


def _gd_variant(X, y, lam, lr, n_steps, *, grad_scale=2.0, pen=2.0, pen_b=0.0, sign=1.0, mean=False,
                intercept=True):
    n, p = X.shape
    b, w = 0.0, np.zeros(p)
    k = 1.0 / n if mean else 1.0
    for _ in range(n_steps):
        r = y - b - X @ w
        gw = sign * (-grad_scale) * k * (X.T @ r) + pen * lam * w
        gb = sign * (-grad_scale) * k * r.sum() + pen_b * lam * b
        w = w - lr * gw
        if intercept:
            b = b - lr * gb
    return np.concatenate([[b], w])


def _as_pair(answer):
    def packed(X, y, lam, lr, n_steps):
        result = answer(X, y, lam, lr, n_steps)
        if result is None:
            return None
        try:
            b, w = result
            return np.concatenate([[float(b)], np.ravel(np.asarray(w, dtype=float))])
        except (TypeError, ValueError):
            raise Wrong("ridge_gd should return a pair (intercept, coef): a number and an array of "
                        "weights, for example `return b, w`.") from None
    return packed


@exercise("03.4", task="Write ridge_gd(X, y, lam, lr, n_steps): gradient descent on Σ(y − b − Xw)² + λ‖w‖² "
          "from zero, intercept unpenalized; return (b, w).", answer_name="ridge_gd")
def judge_ridge_gd(answer):
    if not callable(answer):
        raise Wrong(f"`ridge_gd` should be a function (defined with `def`), but it is a {type(answer).__name__}.")
    compare_function(_as_pair(answer), _gd_reference, _GD_CASES, name="ridge_gd", mistakes={
        "penalized the intercept: b gets the plain data gradient, only w is decayed":
            lambda *c: _gd_variant(*c, pen_b=2.0),
        "used the λ/2 convention: the gradient of λ‖w‖² is 2λw, not λw":
            lambda *c: _gd_variant(*c, pen=1.0),
        "used the mean instead of the sum of squared errors (a gradient divided by n); the course's loss is "
        "the sum Σ(y − b − Xw)²":
            lambda *c: _gd_variant(*c, mean=True),
        "flipped the sign of the data gradient: the gradient of Σr² with r = y − b − Xw is −2Xᵀr":
            lambda *c: _gd_variant(*c, sign=-1.0),
        "dropped the factor 2 of the squared error's derivative: ∇Σr² = −2Xᵀr":
            lambda *c: _gd_variant(*c, grad_scale=1.0),
        "left the intercept out (b stayed 0); it must be learned too, with its own unpenalized gradient −2Σr":
            lambda *c: _gd_variant(*c, intercept=False),
    })
    return "With enough steps this converges to ridge_fit's answer, as the lesson showed."
