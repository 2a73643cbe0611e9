"""Exercises of lesson 06 (L2 versus L1): why zeros, λ_max, the elastic net's closed form, coordinate descent."""

from __future__ import annotations

import numpy as np

from ..data import load_diabetes
from ..features import fit_scaling
from ..models import lasso_fit, ridge_fit
from .framework import Array, ChoiceExercise, FunctionExercise, Mistake, Number, Pair, register

# --- 06.1  multiple choice: where do the exact zeros come from? -------------------------------------

WHY_ZEROS = {
    "a": "The L1 penalty is always larger than the L2 penalty, so it pushes the weights harder, all the way to 0.",
    "b": "The slope of λ|w| stays ±λ right up to w = 0, and at 0 any slope in [−λ, λ] is allowed: a weight "
         "whose data pull |2 x_jᵀ r| is at most λ stays at exactly 0. The slope 2λw of λw² fades to 0 as w "
         "does, so only a pull of exactly 0 could hold a ridge weight at 0.",
    "c": "Coordinate descent sets small weights to 0 to save time; an exact solver would find no zeros.",
    "d": "The lasso is fitted on standardized features and ridge is not.",
}

WHY_ZEROS_FEEDBACK = {
    "a": ("L1 always larger", "the L1 penalty is not always larger: for |w| > 1, w² > |w|. And pushing harder "
          "only shrinks more: ridge with a huge λ still has no exact zeros (lesson section 5). What matters is the "
          "slope at 0."),
    "c": ("zeros from the algorithm", "the zeros belong to the minimum itself, not to the algorithm: the "
          "optimality condition |2 x_jᵀ r| ≤ λ holds for them, and scikit-learn's solver finds the same zeros."),
    "d": ("standardization", "both penalties need standardized features, and in this lesson both are fitted on "
          "the same standardized data; ridge still has no exact zeros."),
}

register(ChoiceExercise(
    "06.1", task="Multiple choice: why does the L1 penalty give exact zeros and the L2 penalty not?",
    answer_name="why_zeros", section="1 · The L1 penalty and its subgradient", options=WHY_ZEROS, correct="b",
    mistakes=[Mistake(label, text, key) for key, (label, text) in WHY_ZEROS_FEEDBACK.items()],
    praise="the corner of |w| at 0 is the diamond's corner on the axis, seen one weight at a time."))


# --- 06.2  function: λ_max, from the optimality condition at w = 0 ----------------------------------


def lam_max_reference(X, y):
    """2·max_j |x_jᵀ(y − ȳ)|: below it some weight's data pull exceeds λ (lasso_fit centres X itself)."""
    X, y = np.asarray(X, float), np.asarray(y, float)
    return float(2.0 * np.max(np.abs(X.T @ (y - y.mean()))))


def _lam_max_probes():
    data = load_diabetes()
    probes = [(fit_scaling(data.X).apply(data.X), data.y.copy())]
    for seed, (n, p, sign) in enumerate([(20, 3, -1.0), (35, 5, 1.0), (12, 2, -1.0)]):
        rng = np.random.default_rng(620 + seed)
        X = rng.normal(size=(n, p)) * rng.uniform(0.5, 3.0, size=p) + rng.uniform(1.0, 4.0, size=p)
        w = np.zeros(p)
        w[0] = sign * 3.0               # the largest pull is negative on two probes: abs() matters
        y = 5.0 + X @ w + rng.normal(size=n)
        probes.append((X, y))
    return probes


def _pull(X, y, *, centre=True):
    X, y = np.asarray(X, float), np.asarray(y, float)
    return X.T @ (y - y.mean() if centre else y)


register(FunctionExercise(
    "06.2", task="Write lam_max(X, y): the smallest λ at which helpers.lasso_fit(X, y, λ) returns all weights "
    "exactly 0, from the optimality condition at w = 0.", answer_name="lam_max",
    section="1 · The L1 penalty and its subgradient", reference=lam_max_reference, probe_inputs=_lam_max_probes,
    form=Number(), mistakes=[
        Mistake("no abs", "took the largest pull max_j x_jᵀ(y − ȳ) without abs(): a pull toward negative weights "
                "counts as much as one toward positive weights, so λ_max = 2·max_j |x_jᵀ(y − ȳ)|",
                lambda X, y: float(2.0 * np.max(_pull(X, y)))),
        Mistake("threshold lambda/2", "used the threshold λ/2 as if it were λ: a weight stays 0 while "
                "|2 x_jᵀ r| ≤ λ, so λ_max is 2·max_j |x_jᵀ(y − ȳ)|, with the factor 2",
                lambda X, y: float(np.max(np.abs(_pull(X, y))))),
        Mistake("y not centred", "did not centre y: at w = 0 the intercept is ȳ, so the residual is y − ȳ, not y",
                lambda X, y: float(2.0 * np.max(np.abs(_pull(X, y, centre=False))))),
        Mistake("divided by n", "divided by n, as for a mean squared error; the course's objective sums the "
                "squared errors", lambda X, y: float(2.0 * np.max(np.abs(_pull(X, y)))) / len(y)),
        Mistake("scikit-learn alpha_max", "computed scikit-learn's alpha_max = max_j |x_jᵀ(y − ȳ)| / n, which is "
                "λ_max / (2n) in the course's convention",
                lambda X, y: float(np.max(np.abs(_pull(X, y)))) / len(y)),
        Mistake("standardized inside", "standardized X inside the function: λ_max belongs to the X that lasso_fit "
                "is given; standardizing is the caller's decision",
                lambda X, y: lam_max_reference(fit_scaling(X).apply(X), y)),
    ],
    praise="above λ_max the data's pull on every weight is below λ, so the lasso keeps them all at 0."))


# --- 06.3  function: the elastic net with orthonormal features --------------------------------------


def _soft(z, t):
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


def elastic_net_orthonormal_reference(z, lam1, lam2):
    """argmin_w (w − z)² + lam1·|w| + lam2·w², elementwise: soft-threshold at lam1/2, then divide by 1 + lam2."""
    z = np.asarray(z, dtype=float)
    return _soft(z, lam1 / 2.0) / (1.0 + lam2)


ELASTIC_NET_CASES = [
    (np.array([3.0, -2.0, 0.4, -0.1, 1.0]), 1.0, 0.5),
    (np.array([0.5, -0.6, 2.5, -4.0]), 0.5, 0.0),
    (np.array([1.5, -1.5, 0.2]), 0.0, 2.0),
    (np.linspace(-3.0, 3.0, 13), 2.0, 0.5),
]


def _z(z):
    return np.asarray(z, float)


register(FunctionExercise(
    "06.3", task="Write elastic_net_orthonormal(z, lam1, lam2): the elastic-net weights for orthonormal features, "
    "given the least-squares weights z.", answer_name="elastic_net_orthonormal",
    section="8 · The elastic net: both penalties at once", reference=elastic_net_orthonormal_reference,
    probe_inputs=lambda: ELASTIC_NET_CASES, form=Array(), mistakes=[
        Mistake("threshold lam1", "thresholded at lam1 instead of lam1/2 (the course's loss is a sum of squares "
                "without a ½ in front)", lambda z, l1, l2: _soft(_z(z), l1) / (1 + l2)),
        Mistake("L2 part left out", "left out the L2 part: divide the soft-thresholded value by (1 + lam2)",
                lambda z, l1, l2: _soft(_z(z), l1 / 2)),
        Mistake("shrink before threshold", "shrank by 1/(1 + lam2) first and then thresholded at lam1/2; the "
                "threshold acts on z itself", lambda z, l1, l2: _soft(_z(z) / (1 + l2), l1 / 2)),
        Mistake("hard threshold", "hard-thresholded (kept z unshrunk above the threshold); the lasso part also "
                "moves the surviving weights toward 0 by lam1/2",
                lambda z, l1, l2: np.where(np.abs(_z(z)) > l1 / 2, _z(z), 0.0) / (1 + l2)),
        Mistake("lost the sign", "lost the sign: negative weights must be thresholded toward 0 from below, "
                "S(z, t) = sign(z)·max(|z| − t, 0)", lambda z, l1, l2: np.maximum(_z(z) - l1 / 2, 0.0) / (1 + l2)),
        Mistake("1 + 2 lam2", "divided by (1 + 2·lam2); the derivative of lam2·w² is 2·lam2·w, and that of "
                "(w − z)² is 2(w − z), so the 2s cancel", lambda z, l1, l2: _soft(_z(z), l1 / 2) / (1 + 2 * l2)),
    ],
    praise="the L1 part zeroes and shifts, the L2 part divides: both effects in one rule."))


# --- 06.4  function: coordinate descent for the lasso, with an unpenalized intercept ----------------


def lasso_cd_cases():
    """Small problems with columns of different scales and non-zero means, so that each mistake shows."""
    cases = []
    for seed, (n, p, lam) in enumerate([(30, 4, 8.0), (40, 5, 20.0), (25, 3, 3.0)]):
        rng = np.random.default_rng(60 + seed)
        X = rng.normal(size=(n, p)) * rng.uniform(0.7, 1.6, size=p) + rng.normal(2.0, 1.0, size=p)
        w = np.zeros(p)
        w[: p - 2] = rng.choice([-1.0, 1.0], size=p - 2) * rng.uniform(1.0, 2.0, size=p - 2)
        y = 10.0 + X @ w + 0.5 * rng.normal(size=n)
        cases.append((X, y, lam))
    return cases


def _pair(fit):
    return float(fit.intercept), fit.coef


def _lasso_reference(X, y, lam):
    return _pair(lasso_fit(X, y, lam))


def _penalized_intercept(X, y, lam):
    coef = lasso_fit(np.column_stack([np.ones(len(X)), X]), y, lam, fit_intercept=False).coef
    return float(coef[0]), coef[1:]


register(FunctionExercise(
    "06.4", task="Write lasso_cd(X, y, lam): the lasso by cyclic coordinate descent with an unpenalized intercept, "
    "returning (intercept, coef).", answer_name="lasso_cd",
    section="3 · Coordinate descent: how `helpers.lasso_fit` solves it", reference=_lasso_reference,
    probe_inputs=lasso_cd_cases, form=Pair(Number(), Array(), names=("intercept", "coef")), rtol=1e-5, atol=1e-6,
    mistakes=[
        Mistake("threshold lambda", "thresholded at λ instead of λ/2: the one-weight problem Σ(r − x w)² + λ|w| "
                "gives w = S(x·r, λ/2) / (x·x)", lambda X, y, lam: _pair(lasso_fit(X, y, 2 * lam))),
        Mistake("intercept = mean(y)", "set the intercept to mean(y): after fitting on centred data the intercept "
                "is b = ȳ − x̄·w, because the columns of the original X do not have mean 0",
                lambda X, y, lam: (float(np.mean(y)), lasso_fit(X, y, lam).coef)),
        Mistake("mean instead of sum", "used the mean squared error (dividing the loss by n); the course's loss is "
                "the sum", lambda X, y, lam: _pair(lasso_fit(X, y, len(y) * lam))),
        Mistake("penalized intercept", "penalized the intercept (a column of ones inside the penalty); centre X "
                "and y instead, and set b = mean(y) − mean(X)·w at the end", _penalized_intercept),
        Mistake("no intercept", "fitted no intercept at all (did not centre X and y)",
                lambda X, y, lam: _pair(lasso_fit(X, y, lam, fit_intercept=False))),
        Mistake("ridge update", "used the ridge update x·r / (x·x + λ) instead of soft-thresholding: that "
                "converges to ridge", lambda X, y, lam: _pair(ridge_fit(X, y, lam))),
    ],
    praise="this is what helpers.lasso_fit does (it reads x_jᵀr_j from the Gram matrix to save work)."))
