"""Exercises of lesson 06 (L2 versus L1): why zeros, λ_max, the elastic net's closed form, coordinate descent."""

from __future__ import annotations

import numpy as np

from ..data import load_diabetes
from ..features import fit_scaling
from ..models import lasso_fit, ridge_fit
from .framework import Wrong, compare_function, compare_value, exercise

# ---------------------------------------------------------------------------------------------------
# 06.1 — multiple choice: where do the exact zeros come from?

WHY_ZEROS = {
    "a": "The L1 penalty is always larger than the L2 penalty, so it pushes the weights harder, all the way to 0.",
    "b": "The slope of λ|w| stays ±λ right up to w = 0, and at 0 any slope in [−λ, λ] is allowed: a weight "
         "whose data pull |2 x_jᵀ r| is at most λ stays at exactly 0. The slope 2λw of λw² fades to 0 as w "
         "does, so only a pull of exactly 0 could hold a ridge weight at 0.",
    "c": "Coordinate descent sets small weights to 0 to save time; an exact solver would find no zeros.",
    "d": "The lasso is fitted on standardized features and ridge is not.",
}

WHY_ZEROS_FEEDBACK = {
    "a": "the L1 penalty is not always larger: for |w| > 1, w² > |w|. And pushing harder only shrinks more: "
         "ridge with a huge λ still has no exact zeros (lesson section 5). What matters is the slope at 0.",
    "c": "the zeros belong to the minimum itself, not to the algorithm: the optimality condition "
         "|2 x_jᵀ r| ≤ λ holds for them, and scikit-learn's solver finds the same zeros.",
    "d": "both penalties need standardized features, and in this lesson both are fitted on the same "
         "standardized data; ridge still has no exact zeros.",
}


def _letter(answer) -> str:
    if not isinstance(answer, str) or answer.strip().lower() not in WHY_ZEROS:
        raise Wrong(f"answer with one letter as a string, one of {', '.join(repr(k) for k in WHY_ZEROS)} "
                    f"(for example why_zeros = \"a\"); got {answer!r}.")
    return answer.strip().lower()


@exercise("06.1", task="Multiple choice: why does the L1 penalty give exact zeros and the L2 penalty not?",
          answer_name="why_zeros")
def judge_why_zeros(answer):
    letter = _letter(answer)
    if letter != "b":
        raise Wrong(f"({letter}) is not it: {WHY_ZEROS_FEEDBACK[letter]}")
    return "the corner of |w| at 0 is the diamond's corner on the axis, seen one weight at a time."


# ---------------------------------------------------------------------------------------------------
# 06.2 — value: λ_max of the diabetes data


def _diabetes_lam_max(*, standardize=True, ddof=0, factor=2.0, mean=False):
    data = load_diabetes()
    X = fit_scaling(data.X, ddof=ddof).apply(data.X) if standardize else data.X
    yc = data.y - data.y.mean()
    value = factor * np.max(np.abs(X.T @ yc))
    return float(value / len(yc) if mean else value)


@exercise("06.2", task="Compute λ_max, the smallest λ at which every lasso weight is 0, for the standardized "
          "diabetes data.", answer_name="lam_max")
def judge_lam_max(answer):
    try:
        value = float(answer)
    except (TypeError, ValueError):
        raise Wrong(f"lam_max should be a single number, got {type(answer).__name__}.") from None
    expected = _diabetes_lam_max()
    compare_value(value, expected, rtol=1e-6, what="lam_max", mistakes={
        "used the threshold λ/2 as if it were λ: a weight stays 0 while |2 x_jᵀ r| ≤ λ, so λ_max is "
        "2·max_j |x_jᵀ(y − ȳ)|, with the factor 2": _diabetes_lam_max(factor=1.0),
        "divided by n, as for a mean squared error; the course's objective sums the squared errors":
            _diabetes_lam_max(mean=True),
        "computed scikit-learn's alpha_max = max_j |x_jᵀ(y − ȳ)| / n, which is λ_max / (2n) in the course's "
        "convention": _diabetes_lam_max(factor=1.0, mean=True),
        "forgot to standardize the features (helpers.fit_scaling(X).apply(X)); on raw features λ_max "
        "depends on the units of each column": _diabetes_lam_max(standardize=False),
        "standardized with ddof=1 (R's scale()); the course standardizes with fit_scaling's default ddof=0":
            _diabetes_lam_max(ddof=1),
    })
    return "above λ_max the data's pull on every weight is below λ, so the lasso keeps them all at 0."


# ---------------------------------------------------------------------------------------------------
# 06.3 — function: the elastic net with orthonormal features


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


@exercise("06.3", task="Write elastic_net_orthonormal(z, lam1, lam2): the elastic-net weights for orthonormal "
          "features, given the least-squares weights z.", answer_name="elastic_net_orthonormal")
def judge_elastic_net(answer):
    compare_function(answer, elastic_net_orthonormal_reference, ELASTIC_NET_CASES,
                     name="elastic_net_orthonormal", mistakes={
        "thresholded at lam1 instead of lam1/2 (the course's loss is a sum of squares without a ½ in front)":
            lambda z, l1, l2: _soft(np.asarray(z, float), l1) / (1 + l2),
        "left out the L2 part: divide the soft-thresholded value by (1 + lam2)":
            lambda z, l1, l2: _soft(np.asarray(z, float), l1 / 2),
        "shrank by 1/(1 + lam2) first and then thresholded at lam1/2; the threshold acts on z itself":
            lambda z, l1, l2: _soft(np.asarray(z, float) / (1 + l2), l1 / 2),
        "hard-thresholded (kept z unshrunk above the threshold); the lasso part also moves the surviving "
        "weights toward 0 by lam1/2":
            lambda z, l1, l2: np.where(np.abs(z) > l1 / 2, z, 0.0) / (1 + l2),
        "lost the sign: negative weights must be thresholded toward 0 from below, S(z, t) = sign(z)·max(|z| − t, 0)":
            lambda z, l1, l2: np.maximum(np.asarray(z, float) - l1 / 2, 0.0) / (1 + l2),
        "divided by (1 + 2·lam2); the derivative of lam2·w² is 2·lam2·w, and that of (w − z)² is 2(w − z), "
        "so the 2s cancel": lambda z, l1, l2: _soft(np.asarray(z, float), l1 / 2) / (1 + 2 * l2),
    })
    return "the L1 part zeroes and shifts, the L2 part divides: both effects in one rule."


# ---------------------------------------------------------------------------------------------------
# 06.4 — function: coordinate descent for the lasso, with an unpenalized intercept


def _flatten(result, name="lasso_cd"):
    """``(intercept, coef)`` (or a ``Fit``) as one array ``[intercept, *coef]``."""
    if result is None:
        return None
    try:
        intercept, coef = result
        return np.concatenate([[float(intercept)], np.asarray(coef, dtype=float).ravel()])
    except (TypeError, ValueError):
        raise Wrong(f"`{name}` should return a pair (intercept, coef): a number and an array of weights; "
                    f"got {type(result).__name__}.") from None


def _flat_fit(fit):
    return np.concatenate([[fit.intercept], fit.coef])


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


@exercise("06.4", task="Write lasso_cd(X, y, lam): the lasso by cyclic coordinate descent with an unpenalized "
          "intercept, returning (intercept, coef).", answer_name="lasso_cd")
def judge_lasso_cd(answer):
    if not callable(answer):
        raise Wrong(f"`lasso_cd` should be a function (defined with `def`), but it is a {type(answer).__name__}.")

    def flat_answer(X, y, lam):
        return _flatten(answer(X.copy(), y.copy(), lam))

    def with_ones(X):
        return np.column_stack([np.ones(len(X)), X])

    compare_function(flat_answer, lambda X, y, lam: _flat_fit(lasso_fit(X, y, lam)), lasso_cd_cases(),
                     name="lasso_cd", rtol=1e-5, atol=1e-6, mistakes={
        "thresholded at λ instead of λ/2: the one-weight problem Σ(r − x w)² + λ|w| gives "
        "w = S(x·r, λ/2) / (x·x)": lambda X, y, lam: _flat_fit(lasso_fit(X, y, 2 * lam)),
        "used the mean squared error (dividing the loss by n); the course's loss is the sum":
            lambda X, y, lam: _flat_fit(lasso_fit(X, y, len(y) * lam)),
        "penalized the intercept (a column of ones inside the penalty); centre X and y instead, and set "
        "b = mean(y) − mean(X)·w at the end":
            lambda X, y, lam: lasso_fit(with_ones(X), y, lam, fit_intercept=False).coef,
        "fitted no intercept at all (did not centre X and y)":
            lambda X, y, lam: _flat_fit(lasso_fit(X, y, lam, fit_intercept=False)),
        "used the ridge update x·r / (x·x + λ) instead of soft-thresholding: that converges to ridge":
            lambda X, y, lam: _flat_fit(ridge_fit(X, y, lam)),
    })
    return "this is what helpers.lasso_fit does (it reads x_jᵀr_j from the Gram matrix to save work)."
