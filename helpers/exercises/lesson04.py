"""Exercises of lesson 04: choosing λ honestly, converting it between libraries, and cross-validation by hand."""

from __future__ import annotations

import numpy as np

from ..features import fit_scaling
from ..model_selection import fold_indices, kfold_mse
from ..models import ridge_fit, ridge_path
from .framework import Array, ChoiceExercise, FunctionExercise, Mistake, Number, Pair, ValueExercise, register

# --- 04.1 ------------------------------------------------------------------------------------------

_OPTIONS = {
    "a": "unbiased, because the test set was not used to fit the weights w",
    "b": "optimistic (too low on average), because the test set was used to choose λ",
    "c": "pessimistic (too high on average)",
    "d": "unbiased, provided the test set is large enough",
}
_FEEDBACK = {
    "a": ("test set only fits w", "(a) would hold for a λ fixed before looking at the test set. Here the test set "
          "picked the λ whose error happened to be smallest, noise included, so that error is biased downward."),
    "c": ("bias the wrong way", "(c) has the direction wrong: taking the minimum over many λ favours the λ whose "
          "test error was luckily low, so the reported number is too good, not too bad."),
    "d": ("a large test set removes the bias", "(d) is tempting, but a larger test set only shrinks the bias; it "
          "never removes it, and the test set has still been used to fit a parameter of the model."),
}

register(ChoiceExercise(
    "04.1", task="Multiple choice: what is wrong with reporting the test error of the λ that minimized the test "
    "error?", answer_name="choice", section="1. Why the test set cannot choose λ", options=_OPTIONS, correct="b",
    mistakes=[Mistake(label, text, key) for key, (label, text) in _FEEDBACK.items()],
    praise="Choosing λ is fitting: the test set that chose it is no longer unseen, and the smallest of many noisy "
           "errors is biased low. Choose λ on validation data; open the test set once, at the end."))


# --- 04.2 ------------------------------------------------------------------------------------------

KERAS_L2, KERAS_N = 0.003, 500

register(ValueExercise(
    "04.2", task=f"The course's λ for Keras's kernel_regularizer=l2({KERAS_L2}) with loss='mse' on n = {KERAS_N} "
    "rows.", answer_name="keras_lam", section="8. The same λ in scikit-learn, Keras and PyTorch", form=Number(),
    expected=lambda: KERAS_N * KERAS_L2,
    factors={KERAS_N: f"the course sums the squared errors and Keras averages them over n = {KERAS_N} rows."},
    mistakes=[
        Mistake("Keras factor as lambda", "used Keras's factor as λ itself: Keras adds l·Σw² to the *mean* loss "
                "(1/n)Σr², so multiply by n to reach the course's sum of squared errors", KERAS_L2),
        Mistake("PyTorch half", "halved it: the factor ½ belongs to PyTorch's weight_decay (whose wd·w is the "
                "gradient of (wd/2)‖w‖²); Keras's l2(l) adds l·Σw² itself", KERAS_N * KERAS_L2 / 2),
        Mistake("divided by n", "divided by n instead of multiplying: the course's objective is n times Keras's",
                KERAS_L2 / KERAS_N),
        Mistake("doubled", "doubled it: l2(l) adds l·Σw², and the course adds λ·Σw², so there is no factor 2",
                2 * KERAS_N * KERAS_L2),
    ],
    praise="λ = n·l: the sum of squared errors is n times the mean, and the penalty must be scaled with it."))


# --- 04.3 ------------------------------------------------------------------------------------------

def _loo_cases():
    cases = []
    for seed, (n, p, lam) in enumerate([(12, 3, 2.0), (20, 5, 0.7), (9, 2, 10.0), (30, 4, 0.0)]):
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


def _hat(X, lam, *, intercept=True, penalize_intercept=False, centred_only=False):
    """The hat matrix; ``centred_only`` leaves out the 1/n of the intercept, ``intercept=False`` fits through 0."""
    n = X.shape[0]
    if penalize_intercept:
        A = np.column_stack([np.ones(n), X])
        return A @ np.linalg.solve(A.T @ A + lam * np.eye(A.shape[1]), A.T)
    Xc = X - X.mean(axis=0) if (intercept or centred_only) else X
    H = Xc @ np.linalg.solve(Xc.T @ Xc + lam * np.eye(X.shape[1]), Xc.T)
    return H + 1.0 / n if intercept and not centred_only else H


def _ordinary_residuals(X, y, lam):
    return y - ridge_fit(X, y, lam).predict(X)


def _hat_residuals(H, y):
    return (y - H @ y) / (1.0 - np.diag(H))


register(FunctionExercise(
    "04.3", task="Write loo_residuals(X, y, lam): the n leave-one-out residuals of ridge from one fit, "
    "(y_i − ŷ_i)/(1 − H_ii).", answer_name="loo_residuals", section="4. Leave-one-out without refitting",
    reference=_loo_by_refitting, probe_inputs=_loo_cases, form=Array(), rtol=1e-6, atol=1e-8, mistakes=[
        Mistake("ordinary residuals", "returned the ordinary residuals y − ŷ: each must be divided by 1 − H_ii, "
                "because point i pulled the fit toward itself", _ordinary_residuals),
        Mistake("intercept left out of the hat matrix", "left the intercept out of the hat matrix: with an "
                "unpenalized intercept H = 11ᵀ/n + X_c(X_cᵀX_c + λI)⁻¹X_cᵀ; without the 11ᵀ/n term both the "
                "fitted values and the leverages H_ii miss the intercept's share",
                lambda X, y, lam: _hat_residuals(_hat(X, lam, centred_only=True), y)),
        Mistake("leverages without 1/n", "took the residuals from the fit but the leverages from "
                "X_c(X_cᵀX_c + λI)⁻¹X_cᵀ alone: the intercept adds 1/n to every H_ii",
                lambda X, y, lam: _ordinary_residuals(X, y, lam) / (1.0 - np.diag(_hat(X, lam, centred_only=True)))),
        Mistake("uncentred X", "built the hat matrix from the uncentred X, a fit through the origin; centre X "
                "and add 11ᵀ/n for the intercept", lambda X, y, lam: _hat_residuals(_hat(X, lam, intercept=False), y)),
        Mistake("penalized intercept", "penalized the intercept (λ on the column of ones): the course never "
                "penalizes b", lambda X, y, lam: _hat_residuals(_hat(X, lam, penalize_intercept=True), y)),
        Mistake("squared denominator", "divided by (1 − H_ii)²: that is the leave-one-out *squared* residual's "
                "denominator; the residual itself is divided by 1 − H_ii once",
                lambda X, y, lam: _ordinary_residuals(X, y, lam) / (1.0 - np.diag(_hat(X, lam))) ** 2),
        Mistake("divided by H_ii", "divided by H_ii instead of 1 − H_ii",
                lambda X, y, lam: _ordinary_residuals(X, y, lam) / np.diag(_hat(X, lam))),
    ],
    praise="One fit gives all n leave-one-out residuals: the identity behind helpers.loo_mse and RidgeCV."))


# --- 04.4 ------------------------------------------------------------------------------------------

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
        elif scale == "own":      # each part scaled with its own statistics
            A, B = fit_scaling(X[train]).apply(X[train]), fit_scaling(X[val]).apply(X[val])
        else:
            A, B = X[train], X[val]
        path = ridge_path(A, y[train], lams)
        pred = path.intercepts[:, None] + path.coefs @ B.T
        errors.append(reduce((y[val][None, :] - pred) ** 2, axis=1))
    return np.array(errors)


def _pair(errors, k, se="se"):
    spread = {"se": errors.std(axis=0, ddof=1) / np.sqrt(k), "ddof0": errors.std(axis=0) / np.sqrt(k),
              "sd": errors.std(axis=0, ddof=1)}[se]
    return errors.mean(axis=0), spread


def _cv_reference(X, y, lams, k, seed):
    return _pair(_fold_errors(X, y, lams, k, seed), k)


def _cv_scaled_on_all_rows(X, y, lams, k, seed):
    scores = kfold_mse(fit_scaling(X).apply(X), y, lams, k=k, seed=seed)
    return scores.mean, scores.se


def _cv_unscaled(X, y, lams, k, seed):
    scores = kfold_mse(X, y, lams, k=k, seed=seed)
    return scores.mean, scores.se


def _cv_se(kind):
    return lambda X, y, lams, k, seed: _pair(_fold_errors(X, y, lams, k, seed), k, kind)


def _cv_sum(X, y, lams, k, seed):
    return _pair(_fold_errors(X, y, lams, k, seed, reduce=np.sum), k)


def _cv_own_scaling(X, y, lams, k, seed):
    return _pair(_fold_errors(X, y, lams, k, seed, scale="own"), k)


register(FunctionExercise(
    "04.4", task="Write cv_scaled(X, y, lams, k, seed): k-fold CV of ridge that standardizes inside each fold; "
    "return (mean, standard error) per λ.", answer_name="cv_scaled",
    section="3. k-fold cross-validation, its standard error, and the one-standard-error rule",
    reference=_cv_reference, probe_inputs=_cv_cases, form=Pair(Array(), Array(), names=("mean", "se")),
    rtol=1e-7, atol=1e-10, mistakes=[
        Mistake("scaled on all rows", "standardized on all rows before splitting: the validation fold then "
                "shaped the scaling it is judged with; fit the scaling on each fold's training rows",
                _cv_scaled_on_all_rows),
        Mistake("validation fold scaled by itself", "scaled the held-out fold with its own mean and standard "
                "deviation; it must be transformed with the statistics of the training rows (apply the "
                "training scaling to it), as new data would be", _cv_own_scaling),
        Mistake("not standardized", "did not standardize at all: the penalty then treats features on different "
                "scales unequally", _cv_unscaled),
        Mistake("ddof=0 standard error", "used the population standard deviation (ddof=0) of the fold errors; "
                "the standard error uses std(ddof=1)/√k", _cv_se("ddof0")),
        Mistake("sd instead of se", "returned the standard deviation of the fold errors, not the standard error: "
                "divide by √k", _cv_se("sd")),
        Mistake("summed fold errors", "summed each fold's squared errors instead of averaging them (a mean "
                "squared error per fold)", _cv_sum),
    ],
    praise="Everything learnt from data, the scaling included, is learnt inside the fold."))
