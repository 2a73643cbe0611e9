"""Exercises of lesson 01 (overfitting): the RMSE of a fit, choosing the degree, recognizing overfitting."""

from __future__ import annotations

import numpy as np
from numpy.polynomial.polynomial import polyval

from ..data import load_curvefitting, sample_sine
from ..features import polynomial_features
from ..models import ridge_fit
from .framework import ChoiceExercise, FunctionExercise, Mistake, Number, ValueExercise, register

# The data sets the lesson uses: Bishop's ten points for training, fresh points for validation and test.
VALIDATION = {"n": 50, "seed": 4}
TEST = {"n": 100, "seed": 1}
DEGREES = range(10)


def _fit(x, t, degree):
    """Least-squares coefficients (w0, …, wM), lowest power first; degree 0 is the mean."""
    if degree == 0:
        return np.array([np.mean(t)])
    fit = ridge_fit(polynomial_features(x, degree), t, 0.0)
    return np.concatenate([[fit.intercept], fit.coef])


def _residual(w, x, t):
    return polyval(np.asarray(x, float), np.asarray(w, float)) - np.asarray(t, float)


def fit_rmse(w, x, t):
    """sqrt(mean((y(x, w) − t)²)) for the polynomial with coefficients w0, …, wM (lowest power first)."""
    return float(np.sqrt(np.mean(_residual(w, x, t) ** 2)))


# --- 01.1 ------------------------------------------------------------------------------------------

def _rmse_probes():
    rng = np.random.default_rng(101)
    data = load_curvefitting()
    x_b, t_b = data.X[:, 0], data.y
    x1 = np.linspace(0.0, 1.0, 7)
    x2 = rng.uniform(0.0, 1.0, 12)
    # residuals with a non-zero mean (np.std differs), several sizes N (mean versus sum, N − 1)
    return [
        (np.array([0.5, -1.0, 2.0]), x1, np.sin(2 * np.pi * x1)),
        (_fit(x_b, t_b, 3), x_b, t_b),
        (np.array([0.2, 1.0, -3.0, 0.5]), x2, rng.normal(size=12)),
        (np.array([1.0]), x1, np.linspace(-1.0, 2.0, 7)),
    ]


register(FunctionExercise(
    "01.1", task="Write fit_rmse(w, x, t): the root-mean-square error of the polynomial with coefficients "
    "w = (w0, …, wM) on the points (x, t).", answer_name="fit_rmse",
    section="2. Polynomial fits by least squares", reference=fit_rmse, probe_inputs=_rmse_probes,
    form=Number(), mistakes=[
        Mistake("mean squared error", "returned the mean squared error: the RMSE is its square root",
                lambda w, x, t: float(np.mean(_residual(w, x, t) ** 2))),
        Mistake("root of the sum", "took the square root of the *sum* of squared errors; divide by N first "
                "(the mean), so that data sets of different sizes are comparable",
                lambda w, x, t: float(np.sqrt(np.sum(_residual(w, x, t) ** 2)))),
        Mistake("Bishop's E(w)", "computed Bishop's error E(w) = ½ Σ (y − t)², the quantity least squares "
                "minimizes; the RMSE is sqrt(2E/N)",
                lambda w, x, t: float(0.5 * np.sum(_residual(w, x, t) ** 2))),
        Mistake("Bishop's half in the RMSE", "kept Bishop's ½ inside the root, sqrt(E/N) with E = ½ Σ (y − t)²; "
                "the RMSE is sqrt(2E/N) = sqrt(mean((y − t)²))",
                lambda w, x, t: float(np.sqrt(0.5 * np.mean(_residual(w, x, t) ** 2)))),
        Mistake("np.polyval order", "evaluated the polynomial with np.polyval, which expects the highest "
                "power first; here w is ordered w0, w1, …, wM (use np.polynomial.polynomial.polyval(x, w), "
                "or reverse w)",
                lambda w, x, t: float(np.sqrt(np.mean((np.polyval(w, x) - np.asarray(t, float)) ** 2)))),
        Mistake("std of residuals", "computed the standard deviation of the residuals (np.std subtracts "
                "their mean first); the RMSE also counts a systematic offset",
                lambda w, x, t: float(np.std(_residual(w, x, t)))),
        Mistake("divided by N-1", "divided by N − 1; the RMSE is a plain mean over the N points",
                lambda w, x, t: float(np.sqrt(np.sum(_residual(w, x, t) ** 2) / (len(x) - 1)))),
    ],
    praise="sqrt(mean((y(x, w) − t)²)) is in the units of t, so it compares directly with the noise level σ."))


# --- 01.2 ------------------------------------------------------------------------------------------

def validation_errors():
    """Training, validation and test RMSE of degrees 0–9 fitted to Bishop's ten points."""
    data = load_curvefitting()
    x, t = data.X[:, 0], data.y
    x_val, t_val = sample_sine(VALIDATION["n"], seed=VALIDATION["seed"])
    x_test, t_test = sample_sine(TEST["n"], seed=TEST["seed"])
    fits = [_fit(x, t, m) for m in DEGREES]
    train = np.array([fit_rmse(w, x, t) for w in fits])
    val = np.array([fit_rmse(w, x_val, t_val) for w in fits])
    test = np.array([fit_rmse(w, x_test, t_test) for w in fits])
    return train, val, test


def _best_degree():
    return int(np.argmin(validation_errors()[1]))


register(ValueExercise(
    "01.2", task="Fit degrees 0–9 to Bishop's ten points and set best_degree to the degree with the lowest "
    "RMSE on the validation set sample_sine(50, seed=4).", answer_name="best_degree",
    section="3. Training error falls, test error rises", form=Number(integer=True), expected=_best_degree,
    rtol=0.0, atol=0.0, direction=False, mistakes=[
        Mistake("chose by training error", "chose the degree with the lowest *training* error; that is "
                "always the most flexible model, which fits the noise. Choose by error on held-out "
                "validation data", lambda: int(np.argmin(validation_errors()[0]))),
        Mistake("chose by test error", "chose by the *test* set. The test set is kept for the final "
                "judgement; decisions such as the degree are made on the validation set, otherwise the test "
                "error is no longer an honest estimate", lambda: int(np.argmin(validation_errors()[2]))),
        Mistake("returned the RMSE", "returned the lowest validation RMSE itself; best_degree is the degree "
                "at which it occurs (np.argmin)", lambda: float(validation_errors()[1].min())),
        Mistake("counted coefficients", "counted the coefficients (M + 1) rather than the degree M, or "
                "added 1 to np.argmin's index; the list of errors starts at degree 0",
                lambda: _best_degree() + 1),
    ],
    praise="this degree has the lowest validation RMSE; degrees 3 to 8 are close behind, degree 9 is far "
           "worse on new points although it is best on the training points."))


# --- 01.3 ------------------------------------------------------------------------------------------

# Statements are numbered, so that they cannot be confused with the lesson's curves A, B, C.
CHOICES = {
    "1": "Curve A, because it has the highest training error: it has learned the training points worst.",
    "2": "Curve C, because its test error is higher than its training error.",
    "3": "Curve B, because its training error is zero, and fitting the training points exactly is what "
         "overfitting means.",
    "4": "Curve B, because it fits the training points better than the others yet does worst on new points: "
         "it has fitted the noise of these ten points.",
    "5": "None of them: all three follow the general trend of the data.",
}
CORRECT = "4"
FEEDBACK = {
    "1": "Curve A is too simple, not too flexible: a straight line cannot follow sin(2πx), so its training "
         "and test errors are both high and close to each other. That is underfitting (high bias); more "
         "data would not help it, a more flexible model would.",
    "2": "Almost every fitted model does somewhat worse on new points than on the points it was fitted to, "
         "so a small gap is expected. Curve C has the lowest test error of the three: it is the one to keep.",
    "3": "Right curve, wrong reason. Zero training error is a warning sign, not the definition: with "
         "noise-free targets the same degree-9 polynomial through ten points is an excellent fit (the "
         "explorer shows it at σ = 0). Overfitting is about unseen data: the model fits the training points "
         "better than a simpler one but predicts new points worse, because it has learned their noise.",
    "5": "Compare the test errors: curve B's is several times the others' and far above the noise level "
         "σ = 0.3, so between the training points it does not follow the trend at all.",
}
_LABELS = {"1": "underfitting taken for overfitting", "2": "a small generalization gap",
           "3": "zero training error as the definition", "5": "missed the test error"}
_CURVES = ("A, B and C name the curves; the statements are numbered 1 to 5. Answer with the number of the "
           "statement you think is right, for example answer = \"1\".")

register(ChoiceExercise(
    "01.3", task="Multiple choice: which of the curves A, B, C overfits, and why? Set answer to the number "
    "of the right statement, from \"1\" to \"5\".", answer_name="answer",
    section="3. Training error falls, test error rises", options=CHOICES, correct=CORRECT,
    mistakes=[Mistake(_LABELS[k], FEEDBACK[k], k) for k in FEEDBACK],
    confusable={letter: _CURVES for letter in "ABCDE"},
    praise="Overfitting shows only on data the model has not seen: the lowest training error together with "
           "the highest test error is the signature of a model that has learned the noise."))
