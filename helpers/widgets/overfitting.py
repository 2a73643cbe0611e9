"""The explorer of lesson 01: polynomial degree, number of points and noise level against the fit and its errors.

Training points are drawn like Bishop's (PRML §1.1): x evenly spaced on [0, 1], y = sin(2πx) plus
Gaussian noise of standard deviation σ. A fixed test set of fresh points from the same source measures
how well each fit does on data it has not seen. Changing σ rescales the same noise draws, so the
points move smoothly rather than jumping to a new sample. These are not Bishop's own ten points (his
are in ``data/``, used in lesson 02): the explorer needs a draw for every N, and its figure says so.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from numpy.polynomial.polynomial import polyval

from .._validation import as_nonnegative_float, as_positive_int, as_vector
from ..data import sample_sine, true_curve
from ..features import polynomial_features
from ..models import ridge_fit
from ..plots.fits import plot_error_curves, plot_fit
from .base import Explorer, Number, new_figure

DEGREES = tuple(range(10))
SIZES = (5, 8, 10, 12, 15, 20, 30, 50, 100, 200)
RMSE_TOP = 10.0        # the error axis: logarithmic above ...
RMSE_LINEAR = 1e-2     # ... and linear below 0.01, down to 0, so that no error is ever clipped


def polynomial_fit(x, y, degree: int) -> np.ndarray:
    """Least-squares polynomial coefficients ``(w0, w1, …, wM)``, lowest power first.

    ``w0`` is the intercept of ``ridge_fit`` with λ = 0 on the columns ``x, …, x^M``; a degree-0
    model is the constant that minimizes Σ(w0 − y)², the mean of ``y``. With fewer points than
    weights the minimum-norm solution is returned (it passes through every point).
    """
    x = as_vector(x, "x")
    y = as_vector(y, "y", x.size, of="x has {n} entries")
    degree = as_positive_int(degree, "degree", minimum=0)
    if degree == 0:
        return np.array([y.mean()])
    fit = ridge_fit(polynomial_features(x, degree), y, 0.0)
    return np.concatenate([[fit.intercept], fit.coef])


def rmse(w, x, y) -> float:
    """Root-mean-square error ``sqrt(mean((ŷ(x, w) − y)²))`` of the polynomial with coefficients ``w``."""
    w, x = as_vector(w, "w"), as_vector(x, "x")
    y = as_vector(y, "y", x.size, of="x has {n} entries")
    return float(np.sqrt(np.mean((polyval(x, w) - y) ** 2)))


class OverfittingExplorer(Explorer):
    """Sliders for the degree M, the number of training points N and the noise level σ.

    Left: the training points, the true curve sin(2πx) and the least-squares polynomial of degree M.
    Right: training and test RMSE of every degree 0–9 for the current N and σ, the current degree
    circled, and the noise level σ (the test error of the true curve itself, in expectation).

    ``state`` holds ``degree``, ``n_points``, ``noise``, ``coef`` (w0..wM), ``train_rmse`` and
    ``test_rmse`` of the current degree, ``train_curve`` and ``test_curve`` (all degrees) and
    ``best_degree`` (lowest test RMSE).
    """

    plain_text = "Overfitting explorer: run this cell, then change the degree M, points N and noise σ."
    CONTROLS = {"degree": ("polynomial degree M", ""), "n_points": ("number of training points N", "points"),
                "noise": ("noise level σ", "")}
    NUMBERS = (Number("degree", "degree M", "{:d}"), Number("n_points", "points N", "{:d}"),
               Number("noise", "noise σ", "{:.2f}", "noise sigma"),
               Number("train_rmse", "training RMSE", "{:.3f}"), Number("test_rmse", "test RMSE", "{:.3f}"),
               Number("best_degree", "best degree", "{:d}"))
    PRESETS = {"underfit (M = 1)": {"degree": 1, "n_points": 10, "noise": 0.3},
               "just right (M = 3)": {"degree": 3, "n_points": 10, "noise": 0.3},
               "overfit (M = 9)": {"degree": 9, "n_points": 10, "noise": 0.3},
               "overfit, more data (N = 100)": {"degree": 9, "n_points": 100, "noise": 0.3}}

    def __init__(self, degree: int = 9, n_points: int = 10, noise: float = 0.3, *, seed: int = 9,
                 n_test: int = 500, test_seed: int = 1):
        degree = as_positive_int(degree, "degree", minimum=0)
        if degree not in DEGREES:
            raise ValueError(f"degree must be one of {DEGREES[0]}..{DEGREES[-1]}, got {degree!r}")
        n_points = as_positive_int(n_points, "n_points")
        if n_points not in SIZES:
            raise ValueError(f"n_points must be one of {SIZES}, got {n_points!r}")
        noise = as_nonnegative_float(noise, "noise")
        if not noise <= 1.0:
            raise ValueError(f"noise must be between 0 and 1 (the slider's range), got {noise!r}")
        # Not None: each N's training set is drawn with seed + N, the same points on every run.
        seed = as_positive_int(seed, "seed", minimum=0)
        n_test = as_positive_int(n_test, "n_test")
        test_seed = as_positive_int(test_seed, "test_seed", minimum=0)
        # Unit-variance noise draws, scaled by σ at each update: one training set per N, one test set.
        self._train = {}
        for n in SIZES:
            x, y = sample_sine(n, noise=1.0, seed=seed + n, evenly_spaced=True)
            self._train[n] = (x, y - true_curve(x))
        x_test, y_test = sample_sine(n_test, noise=1.0, seed=test_seed)
        self.x_test, self._test_noise, self._test_truth = x_test, y_test - true_curve(x_test), true_curve(x_test)
        self.x_grid = np.linspace(0.0, 1.0, 300)

        self.degree = widgets.IntSlider(value=degree, min=0, max=DEGREES[-1], description="degree M")
        self.n_points = widgets.SelectionSlider(options=list(SIZES), value=n_points, description="points N")
        self.noise = widgets.FloatSlider(value=noise, min=0.0, max=1.0, step=0.05, description="noise σ",
                                         readout_format=".2f")

        figure, (ax_fit, ax_err) = new_figure(width=8.8, height=3.8, ncols=2)
        x0, e0 = self._train[n_points]
        fit_artists = plot_fit(ax_fit, x0, true_curve(x0) + noise * e0, self.x_grid, np.zeros_like(self.x_grid),
                               y_true=true_curve(self.x_grid), fit_label="least-squares fit",
                               title="fit (points drawn as in Bishop, not his)", ylim=(-2.0, 2.0))
        placeholder = np.ones(len(DEGREES))
        err_artists = plot_error_curves(ax_err, DEGREES, placeholder, placeholder, xlabel="degree M",
                                        ylabel="RMSE (log above 0.01)", noise_floor=noise,
                                        title="error of every degree")
        ax_err.set_yscale("symlog", linthresh=RMSE_LINEAR, linscale=0.6)
        ax_err.set_ylim(0.0, RMSE_TOP)
        err_artists.best.set_label("current degree")
        ax_err.legend(fontsize=9, loc="upper left", ncol=2)
        ax_err.set_xticks(DEGREES)
        self.points, self.fit_line = fit_artists.points, fit_artists.fit
        self.train_line, self.test_line = err_artists.train, err_artists.test
        self.marker, self.floor = err_artists.best, err_artists.floor
        super().__init__([self.degree, self.n_points, self.noise], figure,
                         dynamic=[self.points, self.fit_line, self.train_line, self.test_line,
                                  self.marker, self.floor])

    def data(self):
        """The current training set ``(x, y)`` and test set ``(x_test, y_test)``."""
        sigma = float(self.noise.value)
        x, e = self._train[self.n_points.value]
        return (x, true_curve(x) + sigma * e), (self.x_test, self._test_truth + sigma * self._test_noise)

    def update(self) -> str:
        degree, n, sigma = int(self.degree.value), int(self.n_points.value), float(self.noise.value)
        (x, y), (x_test, y_test) = self.data()
        coefs = [polynomial_fit(x, y, m) for m in DEGREES]
        train = np.array([rmse(w, x, y) for w in coefs])
        test = np.array([rmse(w, x_test, y_test) for w in coefs])
        shown = lambda v: np.minimum(v, RMSE_TOP)  # noqa: E731 - a huge test error is drawn at the top edge
        self.points.set_offsets(np.column_stack([x, y]))
        self.fit_line.set_ydata(polyval(self.x_grid, coefs[degree]))
        self.train_line.set_ydata(shown(train))
        self.test_line.set_ydata(shown(test))
        self.marker.set_data([degree], [shown(test[degree])])
        self.floor.set_ydata([shown(sigma)] * 2)
        self.state = {"degree": degree, "n_points": n, "noise": sigma, "coef": coefs[degree],
                      "train_rmse": float(train[degree]), "test_rmse": float(test[degree]),
                      "train_curve": train, "test_curve": test, "best_degree": int(np.argmin(test))}
        note = " (as many weights as points: the curve passes through every point)" if degree + 1 >= n else ""
        return (f"degree {degree}, N = {n}, σ = {sigma:.2f}: training RMSE {train[degree]:.3f}, "
                f"test RMSE {test[degree]:.3f}; the lowest test RMSE is at degree {int(np.argmin(test))}{note}. "
                f"The training points are a draw like Bishop's, not his own ten.")
