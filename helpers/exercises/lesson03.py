"""Exercises of lesson 03: the weight-decay update, geometric decay, Adam versus AdamW, ridge by gradient descent."""

from __future__ import annotations

import math

import numpy as np

from ..features import fit_scaling
from ..models import gradient_descent
from .framework import (
    Array,
    ChoiceExercise,
    FunctionExercise,
    Mistake,
    Number,
    Pair,
    ValueExercise,
    Wrong,
    register,
)

# --- 03.1  one step of gradient descent with the penalty λ‖w‖² --------------------------------------


def _arr(v):
    return np.asarray(v, float)


def _decay_step(w, grad_L, lr, lam):
    return (1.0 - 2.0 * lr * lam) * _arr(w) - lr * _arr(grad_L)


_STEP_CASES = [
    (np.array([1.0, -2.0, 0.5]), np.array([0.3, 0.1, -0.4]), 0.05, 2.0),
    (np.array([3.0]), np.array([-1.0]), 0.01, 10.0),
    (np.array([0.0, 1.5]), np.array([2.0, 0.0]), 0.1, 0.0),
    (np.array([-0.7, 0.2, 4.0, 1.0]), np.array([1.0, -3.0, 0.5, 0.0]), 0.002, 25.0),
]

register(FunctionExercise(
    "03.1", task="Write decay_step(w, grad_L, lr, lam): one gradient step on L(w) + λ‖w‖².",
    answer_name="decay_step", section="1 · The penalty's gradient is a drag toward zero",
    reference=_decay_step, probe_inputs=lambda: _STEP_CASES, form=Array(), mistakes=[
        Mistake("lambda/2 convention", "used the λ/2 convention: the gradient of λ‖w‖² is 2λw, so the shrink "
                "factor is 1 − 2ηλ, not 1 − ηλ", lambda w, g, lr, lam: (1 - lr * lam) * _arr(w) - lr * _arr(g)),
        Mistake("ascent on the data", "added the data gradient: a descent step moves *against* the gradient, − η∇L",
                lambda w, g, lr, lam: (1 - 2 * lr * lam) * _arr(w) + lr * _arr(g)),
        Mistake("decay without the learning rate", "forgot to multiply the penalty's gradient 2λw by the "
                "learning rate η", lambda w, g, lr, lam: (1 - 2 * lam) * _arr(w) - lr * _arr(g)),
        Mistake("growth instead of decay", "pushed the weights away from zero: the penalty's gradient 2λw is "
                "subtracted, giving 1 − 2ηλ", lambda w, g, lr, lam: (1 + 2 * lr * lam) * _arr(w) - lr * _arr(g)),
        Mistake("penalty left out", "left the penalty out: this is the plain gradient step w − η∇L",
                lambda w, g, lr, lam: _arr(w) - lr * _arr(g)),
    ],
    praise="Each step first multiplies w by 1 − 2ηλ (the decay), then follows the data gradient."))


# --- 03.2  how many steps of pure decay bring a weight below 1 % of its start -----------------------

LR_02, LAM_02 = 0.01, 2.0
_FACTOR = 1 - 2 * LR_02 * LAM_02


def _steps_below(fraction, factor):
    return math.ceil(math.log(fraction) / math.log(factor))


_NOT_ROUNDED = ("solved (1 − 2ηλ)^t = 0.01 exactly; steps are whole numbers, so round *up* (math.ceil): after "
                "the rounded-down number the weight is still above 1 %")


def _screen_rounding(got, expected):
    """Any non-whole answer close to the exact crossing point is the unrounded solution, however many decimals."""
    value = float(got[0])
    exact = math.log(0.01) / math.log(_FACTOR)
    if not value.is_integer() and abs(value - exact) < 0.5:
        raise Wrong(f"`n_steps_1pct` is {value:.6g}. It looks like you {_NOT_ROUNDED}.", "not rounded")


register(ValueExercise(
    "03.2", task="With η = 0.01 and λ = 2 and no data gradient, how many steps until |w_t| ≤ 0.01·|w_0|?",
    answer_name="n_steps_1pct", section="3 · Geometric decay: smaller and smaller, never zero",
    form=Number(integer=True), expected=lambda: _steps_below(0.01, _FACTOR), rtol=0.0, atol=0.0,
    screen=_screen_rounding, mistakes=[
        Mistake("lambda/2 convention", "used the λ/2 convention: the shrink factor is 1 − 2ηλ = 0.96, not "
                "1 − ηλ = 0.98", lambda: _steps_below(0.01, 1 - LR_02 * LAM_02)),
        Mistake("rounded down", "rounded down: after that many steps the weight is still just above 1 % of its start",
                lambda: _steps_below(0.01, _FACTOR) - 1),
        Mistake("linear decay", "let the weight lose a fixed amount 2ηλ·w₀ per step; it loses a fixed *fraction* "
                "2ηλ of what is left, so the decay is geometric and slows down",
                lambda: math.ceil(0.99 / (2 * LR_02 * LAM_02))),
        Mistake("continuous-time decay", "used the continuous-time decay e^(−2ηλt) ≤ 0.01; with whole steps "
                "the factor per step is exactly 1 − 2ηλ, so solve (1 − 2ηλ)^t ≤ 0.01",
                lambda: math.ceil(math.log(100) / (2 * LR_02 * LAM_02))),
        Mistake("not rounded", _NOT_ROUNDED, lambda: math.log(0.01) / math.log(_FACTOR)),
    ],
    praise="(1 − 2ηλ)^t = 0.96^t falls below 0.01 at this t: the weight halves about every 17 steps, and never "
           "reaches exactly zero."))


# --- 03.3  multiple choice: Adam's weight_decay versus AdamW ----------------------------------------

_OPTIONS = {
    "a": "Raise weight_decay to 1e-1.",
    "b": "Switch to torch.optim.AdamW with the same weight_decay.",
    "c": "Set weight_decay=0 and add (1e-2 / 2) * (w ** 2).sum() to the loss yourself.",
    "d": "Lower the learning rate to 1e-4.",
}
_FEEDBACK = {
    "a": ("stronger decay through Adam", "Raising weight_decay does not help: Adam divides the penalty's "
          "gradient by √v̂ like every other gradient, so weights with a large gradient history are still decayed "
          "less (and where the penalty dominates, Adam's step is about lr·sign(w) whatever weight_decay is)."),
    "c": ("penalty in the loss", "Adding (wd/2)‖w‖² to the loss yourself is exactly what Adam's weight_decay "
          "already does: the penalty's gradient wd·w still goes through the moment estimates and is divided by √v̂."),
    "d": ("smaller learning rate", "A smaller learning rate makes every step smaller, the decay included, but the "
          "decay is still divided by √v̂: weights with large gradients are still decayed less than the others."),
}

register(ChoiceExercise(
    "03.3", task="Multiple choice: which change makes Adam shrink every weight by the same factor per step?",
    answer_name="choice", section="8 · Weight decay in practice: SGD, Adam and AdamW", options=_OPTIONS,
    correct="b", mistakes=[Mistake(label, text, key) for key, (label, text) in _FEEDBACK.items()],
    praise="AdamW multiplies every weight by 1 − lr·wd before the Adam step, so the decay no longer passes "
           "through √v̂ (Loshchilov & Hutter, 2019)."))


# --- 03.4  ridge regression by gradient descent, with an unpenalized intercept ----------------------


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
                intercept=True, sequential=False, standardize=False, steps_offset=0):
    """Gradient descent with one of the usual slips switched on; returns [b, w...]."""
    if standardize:
        X = fit_scaling(X).apply(X)
    n, p = X.shape
    b, w = 0.0, np.zeros(p)
    k = 1.0 / n if mean else 1.0
    for _ in range(n_steps + steps_offset):
        r = y - b - X @ w
        gw = sign * (-grad_scale) * k * (X.T @ r) + pen * lam * w
        w = w - lr * gw
        if sequential:  # the intercept's gradient from the residual of the *new* w
            r = y - b - X @ w
        gb = sign * (-grad_scale) * k * r.sum() + pen_b * lam * b
        if intercept:
            b = b - lr * gb
    return np.concatenate([[b], w])


def _as_answer(flat):
    return float(flat[0]), flat[1:]


def _ridge_gd(X, y, lam, lr, n_steps):
    """The reference ridge_gd, returning (b, w) like the learner's."""
    return _as_answer(_gd_reference(X, y, lam, lr, n_steps))


def _gd_mistake(**slip):
    return lambda X, y, lam, lr, n_steps: _as_answer(_gd_variant(X, y, lam, lr, n_steps, **slip))


register(FunctionExercise(
    "03.4", task="Write ridge_gd(X, y, lam, lr, n_steps): gradient descent on Σ(y − b − Xw)² + λ‖w‖² from zero, "
    "intercept unpenalized; return (b, w).", answer_name="ridge_gd",
    section="2 · Where the path ends: the ridge solution", reference=_ridge_gd, probe_inputs=lambda: _GD_CASES,
    form=Pair(Number(), Array()), mistakes=[
        Mistake("penalized intercept", "penalized the intercept: b gets the plain data gradient, only w is decayed",
                _gd_mistake(pen_b=2.0)),
        Mistake("standardized inside", "standardized X inside the function: the check passes raw features and "
                "expects the weights for them; standardizing is the caller's decision", _gd_mistake(standardize=True)),
        Mistake("sequential update", "updated w first and then computed the intercept's gradient from the new w; "
                "both gradients must be taken at the current point, then both parameters updated together",
                _gd_mistake(sequential=True)),
        Mistake("lambda/2 convention", "used the λ/2 convention: the gradient of λ‖w‖² is 2λw, not λw",
                _gd_mistake(pen=1.0)),
        Mistake("mean instead of sum", "used the mean instead of the sum of squared errors (a gradient divided by "
                "n); the course's loss is the sum Σ(y − b − Xw)²", _gd_mistake(mean=True)),
        Mistake("flipped data gradient", "flipped the sign of the data gradient: the gradient of Σr² with "
                "r = y − b − Xw is −2Xᵀr", _gd_mistake(sign=-1.0)),
        Mistake("dropped factor 2", "dropped the factor 2 of the squared error's derivative: ∇Σr² = −2Xᵀr",
                _gd_mistake(grad_scale=1.0)),
        Mistake("intercept left out", "left the intercept out (b stayed 0); it must be learned too, with its own "
                "unpenalized gradient −2Σr", _gd_mistake(intercept=False)),
        Mistake("one step short", "took one step too few (range(1, n_steps) or a loop that stops early): exactly "
                "n_steps updates are asked for", _gd_mistake(steps_offset=-1)),
    ],
    praise="With enough steps this converges to ridge_fit's answer, as the lesson showed."))
