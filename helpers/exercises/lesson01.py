"""Exercises of lesson 01 (overfitting): the RMSE of a fit, choosing the degree, recognizing overfitting."""

from __future__ import annotations

import numpy as np
from numpy.polynomial.polynomial import polyval

from ..data import load_curvefitting, sample_sine
from ..features import polynomial_features
from ..models import ridge_fit
from .framework import Wrong, compare_function, compare_value, exercise

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


def _rmse(w, x, t):
    residual = polyval(np.asarray(x, float), np.asarray(w, float)) - np.asarray(t, float)
    return float(np.sqrt(np.mean(residual**2)))


def _residual(w, x, t):
    return polyval(np.asarray(x, float), np.asarray(w, float)) - np.asarray(t, float)


def _rmse_cases():
    rng = np.random.default_rng(101)
    data = load_curvefitting()
    x_b, t_b = data.X[:, 0], data.y
    x1 = np.linspace(0.0, 1.0, 7)
    x2 = rng.uniform(0.0, 1.0, 12)
    return [
        ([0.5, -1.0, 2.0], x1, np.sin(2 * np.pi * x1)),
        (_fit(x_b, t_b, 3), x_b, t_b),
        ([0.2, 1.0, -3.0, 0.5], x2, rng.normal(size=12)),
        ([1.0], x1, np.linspace(-1.0, 2.0, 7)),
    ]


@exercise("01.1", task="Write fit_rmse(w, x, t): the root-mean-square error of the polynomial with "
          "coefficients w = (w0, …, wM) on the points (x, t).", answer_name="fit_rmse")
def judge_rmse(answer):
    compare_function(answer, _rmse, _rmse_cases(), name="fit_rmse", mistakes={
        "returned the mean squared error: the RMSE is its square root":
            lambda w, x, t: float(np.mean(_residual(w, x, t) ** 2)),
        "took the square root of the *sum* of squared errors; divide by N first (the mean), so that "
        "data sets of different sizes are comparable":
            lambda w, x, t: float(np.sqrt(np.sum(_residual(w, x, t) ** 2))),
        "computed Bishop's error E(w) = ½ Σ (y − t)², the quantity least squares minimizes; "
        "the RMSE is sqrt(2E/N)":
            lambda w, x, t: float(0.5 * np.sum(_residual(w, x, t) ** 2)),
        "evaluated the polynomial with np.polyval, which expects the highest power first; here w is "
        "ordered w0, w1, …, wM (use np.polynomial.polynomial.polyval(x, w), or reverse w)":
            lambda w, x, t: float(np.sqrt(np.mean((np.polyval(w, x) - np.asarray(t, float)) ** 2))),
        "computed the standard deviation of the residuals (np.std subtracts their mean first); "
        "the RMSE also counts a systematic offset":
            lambda w, x, t: float(np.std(_residual(w, x, t))),
        "divided by N − 1; the RMSE is a plain mean over the N points":
            lambda w, x, t: float(np.sqrt(np.sum(_residual(w, x, t) ** 2) / (len(x) - 1))),
    })
    return "sqrt(mean((y(x, w) − t)²)) is in the units of t, so it compares directly with the noise level σ."


def validation_errors():
    """Training, validation and test RMSE of degrees 0–9 fitted to Bishop's ten points."""
    data = load_curvefitting()
    x, t = data.X[:, 0], data.y
    x_val, t_val = sample_sine(VALIDATION["n"], seed=VALIDATION["seed"])
    x_test, t_test = sample_sine(TEST["n"], seed=TEST["seed"])
    fits = [_fit(x, t, m) for m in DEGREES]
    train = np.array([_rmse(w, x, t) for w in fits])
    val = np.array([_rmse(w, x_val, t_val) for w in fits])
    test = np.array([_rmse(w, x_test, t_test) for w in fits])
    return train, val, test


@exercise("01.2", task="Fit degrees 0–9 to Bishop's ten points and set best_degree to the degree with the "
          "lowest RMSE on the validation set sample_sine(50, seed=4).", answer_name="best_degree")
def judge_best_degree(answer):
    if isinstance(answer, (list, tuple, np.ndarray)) and np.ndim(answer) > 0:
        raise Wrong("best_degree should be a single whole number (a degree from 0 to 9), not a list or array.")
    train, val, test = validation_errors()
    expected = int(np.argmin(val))
    compare_value(answer, expected, what="best_degree", mistakes={
        "chose the degree with the lowest *training* error; that is always the most flexible model, "
        "which fits the noise. Choose by error on held-out validation data":
            int(np.argmin(train)),
        "chose by the *test* set. The test set is kept for the final judgement; decisions such as the "
        "degree are made on the validation set, otherwise the test error is no longer an honest "
        "estimate":
            int(np.argmin(test)),
        "returned the lowest validation RMSE itself; best_degree is the degree at which it occurs "
        "(np.argmin)":
            float(val.min()),
    })
    return (f"degree {expected} has the lowest validation RMSE ({val[expected]:.3f}); degrees 3 to 8 are "
            "close behind, degree 9 is far worse.")


CHOICES = {
    "a": "Curve A, because it has the highest training error: it has learned the training points worst.",
    "b": "Curve C, because its test error is higher than its training error.",
    "c": "Curve B, because its training error is zero, and fitting the training points exactly is what "
         "overfitting means.",
    "d": "Curve B, because it fits the training points better than the others yet does worst on new points: "
         "it has fitted the noise of these ten points.",
    "e": "None of them: all three follow the general trend of the data.",
}
CORRECT = "d"
FEEDBACK = {
    "a": "Curve A is too simple, not too flexible: a straight line cannot follow sin(2πx), so its training "
         "and test errors are both high and close to each other. That is underfitting (high bias); more "
         "data would not help it, a more flexible model would.",
    "b": "Almost every fitted model does somewhat worse on new points than on the points it was fitted to, "
         "so a small gap is expected. Curve C has the lowest test error of the three: it is the one to keep.",
    "c": "Right curve, wrong reason. Zero training error is a warning sign, not the definition: with "
         "noise-free targets the same degree-9 polynomial through ten points is an excellent fit (the "
         "explorer shows it at σ = 0). Overfitting is about unseen data: the model fits the training points "
         "better than a simpler one but predicts new points worse, because it has learned their noise.",
    "e": "Compare the test errors: curve B's is several times the others' and far above the noise level "
         "σ = 0.3, so between the training points it does not follow the trend at all.",
}


@exercise("01.3", task="Multiple choice: which of the curves A, B, C overfits, and why? Set answer to a letter "
          "from 'a' to 'e'.", answer_name="answer")
def judge_which_overfits(answer):
    if not isinstance(answer, str) or answer.strip().lower() not in CHOICES:
        raise Wrong(f"answer should be one of the letters {', '.join(repr(k) for k in CHOICES)} "
                    f"(a string), got {answer!r}.")
    letter = answer.strip().lower()
    if letter != CORRECT:
        raise Wrong(f"You chose ({letter}). {FEEDBACK[letter]}")
    return ("Overfitting shows only on data the model has not seen: the lowest training error together with "
            "the highest test error is the signature of a model that has learned the noise.")
