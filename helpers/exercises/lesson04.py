"""Exercises of lesson 04: choosing λ honestly, converting it between libraries, and cross-validation by hand."""

from __future__ import annotations

import numpy as np

from ..features import fit_scaling
from ..model_selection import fold_indices, kfold_mse
from ..models import ridge_fit, ridge_path
from .framework import Wrong, compare_function, compare_value, exercise

# --- 04.1 -------------------------------------------------------------------------------------

_CHOICE_FEEDBACK = {
    "a": "(a) would hold for a λ fixed before looking at the test set. Here the test set picked the λ "
         "whose error happened to be smallest, noise included, so that error is biased downward.",
    "c": "(c) has the direction wrong: taking the minimum over many λ favours the λ whose test error "
         "was luckily low, so the reported number is too good, not too bad.",
    "d": "(d) is tempting, but a larger test set only shrinks the bias; it never removes it, and the "
         "test set has still been used to fit a parameter of the model.",
}


@exercise("04.1", task="Multiple choice: what is wrong with reporting the test error of the λ that "
          "minimized the test error?", answer_name="choice")
def judge_choice(answer):
    if not isinstance(answer, str):
        raise Wrong(f"answer with one letter as a string, for example \"b\"; got {type(answer).__name__}.")
    letter = answer.strip().lower().rstrip(").")
    if letter == "b":
        return ("Choosing λ is fitting: the test set that chose it is no longer unseen, and the smallest of many "
                "noisy errors is biased low. Choose λ on validation data; open the test set once, at the end.")
    if letter in _CHOICE_FEEDBACK:
        raise Wrong(_CHOICE_FEEDBACK[letter])
    raise Wrong(f"{answer!r} is not one of the choices; answer \"a\", \"b\", \"c\" or \"d\".")


# --- 04.2 -------------------------------------------------------------------------------------

KERAS_L2, KERAS_N = 0.003, 500


@exercise("04.2", task=f"The course's λ for Keras's kernel_regularizer=l2({KERAS_L2}) with loss='mse' "
          f"on n = {KERAS_N} rows.", answer_name="keras_lam")
def judge_keras_lambda(answer):
    if isinstance(answer, (str, bytes)):
        raise Wrong(f"keras_lam should be a number, not the text {answer!r}.")
    expected = KERAS_N * KERAS_L2
    compare_value(answer, expected, what="Your λ", mistakes={
        "used Keras's factor as λ itself: Keras adds l·Σw² to the *mean* loss (1/n)Σr², so multiply by n "
        "to reach the course's sum of squared errors": KERAS_L2,
        "halved it: the factor ½ belongs to PyTorch's weight_decay (whose wd·w is the gradient of "
        "(wd/2)‖w‖²); Keras's l2(l) adds l·Σw² itself": KERAS_N * KERAS_L2 / 2,
        "divided by n instead of multiplying: the course's objective is n times Keras's": KERAS_L2 / KERAS_N,
        "doubled it: l2(l) adds l·Σw², and the course adds λ·Σw², so there is no factor 2": 2 * KERAS_N * KERAS_L2,
    })
    return "λ = n·l: the sum of squared errors is n times the mean, and the penalty must be scaled with it."


# --- 04.3 -------------------------------------------------------------------------------------

def _loo_cases():
    cases = []
    for seed, (n, p, lam) in enumerate([(12, 3, 2.0), (20, 5, 0.5), (9, 2, 10.0), (30, 4, 0.0)]):
        rng = np.random.default_rng(40 + seed)
        X = rng.normal(size=(n, p)) * rng.uniform(0.5, 3.0, size=p) + rng.normal(size=p)
        y = X @ rng.normal(size=p) + 3.0 + rng.normal(size=n)
        cases.append((X, y, lam))
    return cases


def _loo_by_refitting(X, y, lam):
    out = np.empty(len(y))
    for i in range(len(y)):
        keep = np.arange(len(y)) != i
        out[i] = y[i] - ridge_fit(X[keep], y[keep], lam).predict(X[i : i + 1])[0]
    return out


def _hat(X, lam, *, intercept=True, penalize_intercept=False):
    n = X.shape[0]
    if penalize_intercept:
        A = np.column_stack([np.ones(n), X])
        return A @ np.linalg.solve(A.T @ A + lam * np.eye(A.shape[1]), A.T)
    Xc = X - X.mean(axis=0) if intercept else X
    H = Xc @ np.linalg.solve(Xc.T @ Xc + lam * np.eye(X.shape[1]), Xc.T)
    return H + 1.0 / n if intercept else H


def _ordinary_residuals(X, y, lam):
    return y - ridge_fit(X, y, lam).predict(X)


@exercise("04.3", task="Write loo_residuals(X, y, lam): the n leave-one-out residuals of ridge from one fit, "
          "(y_i − ŷ_i)/(1 − H_ii).", answer_name="loo_residuals")
def judge_loo_residuals(answer):
    compare_function(answer, _loo_by_refitting, _loo_cases(), name="loo_residuals", rtol=1e-6, atol=1e-8,
                     mistakes={
        "returned the ordinary residuals y − ŷ: each must be divided by 1 − H_ii, because point i pulled "
        "the fit toward itself": _ordinary_residuals,
        "left the intercept out of the hat matrix: with an unpenalized intercept H = 11ᵀ/n + X_c(X_cᵀX_c + λI)⁻¹X_cᵀ, "
        "so every leverage H_ii gets an extra 1/n": lambda X, y, lam: _ordinary_residuals(X, y, lam)
        / (1.0 - np.diag(_hat(X, lam, intercept=False))),
        "penalized the intercept (λ on the column of ones): the course never penalizes b":
            lambda X, y, lam: (y - _hat(X, lam, penalize_intercept=True) @ y)
            / (1.0 - np.diag(_hat(X, lam, penalize_intercept=True))),
        "divided by (1 − H_ii)²: that is the leave-one-out *squared* residual's denominator; the residual "
        "itself is divided by 1 − H_ii once": lambda X, y, lam: _ordinary_residuals(X, y, lam)
        / (1.0 - np.diag(_hat(X, lam))) ** 2,
        "divided by H_ii instead of 1 − H_ii": lambda X, y, lam: _ordinary_residuals(X, y, lam)
        / np.diag(_hat(X, lam)),
    })
    return "One fit gives all n leave-one-out residuals: the identity behind helpers.loo_mse and RidgeCV."


# --- 04.4 -------------------------------------------------------------------------------------

def _cv_cases():
    cases = []
    for seed, (n, p, k) in enumerate([(40, 3, 5), (33, 4, 4), (25, 2, 5)]):
        rng = np.random.default_rng(70 + seed)
        scales = np.array([1.0, 50.0, 0.02, 7.0])[:p]   # features on very different scales
        X = rng.normal(size=(n, p)) * scales + 10.0 * rng.normal(size=p)
        y = X @ (rng.normal(size=p) / scales) + rng.normal(size=n)
        cases.append((X, y, np.array([0.1, 1.0, 10.0, 100.0]), k, seed))
    return cases


def _fold_errors(X, y, lams, k, seed, *, scale="fold", reduce=np.mean):
    X, y, lams = np.asarray(X, float), np.asarray(y, float), np.asarray(lams, float)
    errors = []
    for val in fold_indices(len(y), k, seed=seed):
        train = np.setdiff1d(np.arange(len(y)), val)
        if scale == "fold":
            s = fit_scaling(X[train])
            A, B = s.apply(X[train]), s.apply(X[val])
        else:
            A, B = X[train], X[val]
        path = ridge_path(A, y[train], lams)
        pred = path.intercepts[:, None] + path.coefs @ B.T
        errors.append(reduce((y[val][None, :] - pred) ** 2, axis=1))
    return np.array(errors)


def _cv_reference(X, y, lams, k, seed):
    e = _fold_errors(X, y, lams, k, seed)
    return np.array([e.mean(axis=0), e.std(axis=0, ddof=1) / np.sqrt(k)])


def _cv_scaled_on_all_rows(X, y, lams, k, seed):
    scores = kfold_mse(fit_scaling(X).apply(X), y, lams, k=k, seed=seed)
    return np.array([scores.mean, scores.se])


def _cv_unscaled(X, y, lams, k, seed):
    scores = kfold_mse(X, y, lams, k=k, seed=seed)
    return np.array([scores.mean, scores.se])


def _cv_se(kind):
    def wrong(X, y, lams, k, seed):
        e = _fold_errors(X, y, lams, k, seed)
        se = {"ddof0": e.std(axis=0) / np.sqrt(k), "sd": e.std(axis=0, ddof=1)}[kind]
        return np.array([e.mean(axis=0), se])
    return wrong


def _cv_sum(X, y, lams, k, seed):
    e = _fold_errors(X, y, lams, k, seed, reduce=np.sum)
    return np.array([e.mean(axis=0), e.std(axis=0, ddof=1) / np.sqrt(k)])


@exercise("04.4", task="Write cv_scaled(X, y, lams, k, seed): k-fold CV of ridge that standardizes inside "
          "each fold; return (mean, standard error) per λ.", answer_name="cv_scaled")
def judge_cv_scaled(answer):
    if not callable(answer):
        raise Wrong(f"`cv_scaled` should be a function (defined with `def`), but it is a {type(answer).__name__}.")

    def as_pair(*case):
        out = answer(*case)
        if out is None:
            return None
        try:
            return np.array([np.asarray(out[0], float), np.asarray(out[1], float)])
        except (TypeError, IndexError, ValueError):
            raise Wrong("cv_scaled should return a pair (mean, se) of arrays with one entry per λ.") from None

    compare_function(as_pair, _cv_reference, _cv_cases(), name="cv_scaled", rtol=1e-7, atol=1e-10, mistakes={
        "standardized on all rows before splitting: the validation fold then shaped the scaling it is "
        "judged with; fit the scaling on each fold's training rows": _cv_scaled_on_all_rows,
        "did not standardize at all: the penalty then treats features on different scales unequally": _cv_unscaled,
        "used the population standard deviation (ddof=0) of the fold errors; the standard error uses "
        "std(ddof=1)/√k": _cv_se("ddof0"),
        "returned the standard deviation of the fold errors, not the standard error: divide by √k": _cv_se("sd"),
        "summed each fold's squared errors instead of averaging them (a mean squared error per fold)": _cv_sum,
    })
    return "Everything learnt from data, the scaling included, is learnt inside the fold."
