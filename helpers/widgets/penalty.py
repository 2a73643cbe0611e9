"""The explorer of lesson 02: λ (on a logarithmic slider) and the polynomial degree against the fit,
the weights, and the two terms of the penalized objective with their sum."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .._validation import as_number, as_positive_int, as_vector
from ..data import load_curvefitting, sample_sine, true_curve
from ..features import fit_scaling, polynomial_features
from ..models import ridge_fit, ridge_path
from ..plots.fits import plot_fit
from ..plots.objective import coefficient_bars, plot_objective_terms
from .base import Explorer, Number, fmt_float, fmt_sci, new_figure


class PenaltyExplorer(Explorer):
    """Fit a polynomial of the chosen degree by ridge on standardized features, for the chosen λ.

    The objective is ``J(w, b) = Σ (t_i − b − z_i·w)² + λ‖w‖²`` with ``z_i`` the standardized powers
    ``x, x², …, x^degree`` and the intercept ``b`` not penalized. The figure shows the fit over the
    data and the true curve, the weights as bars, and the data term, the penalty and ``J`` at the
    minimizer against ln λ, with the current λ marked.

    Controls: ``lam_slider`` (a ``FloatLogSlider`` in base e, the first control) and ``degree_slider``.
    ``state`` holds ``lam``, ``log_lam``, ``degree``, ``intercept``, ``coef``, ``norm``, ``data_term``,
    ``penalty``, ``objective``, ``train_rmse`` and ``test_rmse``.

    Examples
    --------
    >>> exp = PenaltyExplorer()
    >>> exp.lam_slider.value = 1.0
    >>> exp.state["degree"], round(exp.state["log_lam"], 6)
    (9, 0.0)
    """

    plain_text = "Penalty explorer: run this cell, then move λ and the degree; watch the fit and the weights."
    CONTROLS = {"lam_slider": ("penalty strength λ", ""), "degree_slider": ("polynomial degree", "")}
    NUMBERS = (Number("lam", "λ", fmt_sci(1), "lambda"), Number("norm", "‖w‖", fmt_float(3), "norm of w"),
               Number("data_term", "Σ err²", fmt_float(3), "sum of squared errors"),
               Number("penalty", "λ‖w‖²", fmt_float(3), "penalty"),
               Number("objective", "J", fmt_float(3), "objective J"),
               Number("train_rmse", "training RMSE", "{:.3f}"), Number("test_rmse", "test RMSE", "{:.3f}"))
    PRESETS = {"overfit (λ ≈ 0)": {"lam_slider": float(np.exp(-25.0)), "degree_slider": 9},
               "just right (ln λ = −18)": {"lam_slider": float(np.exp(-18.0)), "degree_slider": 9},
               "underfit (λ = 1)": {"lam_slider": 1.0, "degree_slider": 9}}

    LOG_MIN, LOG_MAX, LOG_STEP = -25.0, 5.0, 0.5

    def __init__(self, x=None, y=None, *, log_lam: float = -18.0, degree: int = 9, max_degree: int = 9,
                 n_test: int = 100, seed: int = 1):
        if (x is None) != (y is None):
            raise ValueError("give both x and y, or neither (Bishop's ten points are used then)")
        if x is None:
            data = load_curvefitting()
            x, y = data.X[:, 0], data.y
        self.x = as_vector(x, "x")
        self.y = as_vector(y, "y", n=self.x.size)
        max_degree = as_positive_int(max_degree, "max_degree")
        degree = as_positive_int(degree, "degree")
        if degree > max_degree:
            raise ValueError(f"degree must be between 1 and max_degree={max_degree}, got {degree}")
        log_lam = as_number(log_lam, "log_lam", low=self.LOG_MIN, high=self.LOG_MAX)
        n_test, seed = as_positive_int(n_test, "n_test"), as_positive_int(seed, "seed", minimum=0)
        self.max_degree = max_degree
        self.x_test, self.y_test = sample_sine(n_test, seed=seed)
        self.grid = np.linspace(0.0, 1.0, 200)
        self.log_grid = np.arange(self.LOG_MIN, self.LOG_MAX + self.LOG_STEP / 2, self.LOG_STEP / 2)

        # Everything that depends on the degree only is computed once: the standardized features of
        # the training, test and plotting points, and the two terms of J along the whole λ grid.
        self._by_degree = {}
        for m in range(1, max_degree + 1):
            P = polynomial_features(self.x, m)
            scaling = fit_scaling(P)
            Z = scaling.apply(P)
            path = ridge_path(Z, self.y, np.exp(self.log_grid))
            residuals = self.y - path.intercepts[:, None] - path.coefs @ Z.T
            self._by_degree[m] = {
                "Z": Z,
                "Z_grid": scaling.apply(polynomial_features(self.grid, m)),
                "Z_test": scaling.apply(polynomial_features(self.x_test, m)),
                "data": (residuals**2).sum(axis=1),
                "penalty": np.exp(self.log_grid) * (path.coefs**2).sum(axis=1),
            }

        # The λ slider comes first: it is the control the lesson is about.
        self.lam_slider = widgets.FloatLogSlider(value=float(np.exp(log_lam)), base=float(np.e),
                                                 min=self.LOG_MIN, max=self.LOG_MAX, step=self.LOG_STEP,
                                                 description="λ", readout_format=".1e")
        self.degree_slider = widgets.IntSlider(value=degree, min=1, max=max_degree, description="degree")

        figure, (ax_fit, ax_bars, ax_terms) = new_figure(height=3.6, ncols=3, widths=(4.0, 3.6, 4.4))
        drawn = plot_fit(ax_fit, self.x, self.y, self.grid, np.zeros_like(self.grid),
                         y_true=true_curve(self.grid), fit_label="penalized fit", title="the fit")
        self.fit_line = drawn.fit
        self.bars = coefficient_bars(ax_bars, max_degree)
        first = self._by_degree[degree]
        self.term_lines = plot_objective_terms(ax_terms, self.log_grid, first["data"], first["penalty"],
                                               current=log_lam, ylim=(1e-4, 3e1))
        self.markers = {key: ax_terms.plot([], [], "o", color=self.term_lines[key].get_color(), ms=7)[0]
                        for key in ("data", "penalty", "total")}
        dynamic = [self.fit_line, *self.bars.patches, *self.term_lines.values(), *self.markers.values()]
        super().__init__([self.lam_slider, self.degree_slider], figure, dynamic)

    def update(self) -> str:
        lam = float(self.lam_slider.value)
        log_lam = float(np.log(lam))
        degree = int(self.degree_slider.value)
        cache = self._by_degree[degree]
        fit = ridge_fit(cache["Z"], self.y, lam)
        residuals = self.y - fit.predict(cache["Z"])
        data_term = float(residuals @ residuals)
        penalty = float(lam * fit.coef @ fit.coef)
        test_residuals = self.y_test - fit.predict(cache["Z_test"])

        self.fit_line.set_ydata(fit.predict(cache["Z_grid"]))
        heights = np.zeros(self.max_degree)
        heights[:degree] = fit.coef
        for bar, height in zip(self.bars.patches, heights):
            bar.set_height(height)
        self.term_lines["data"].set_ydata(cache["data"])
        self.term_lines["penalty"].set_ydata(cache["penalty"])
        self.term_lines["total"].set_ydata(cache["data"] + cache["penalty"])
        self.term_lines["current"].set_xdata([log_lam, log_lam])
        for key, value in (("data", data_term), ("penalty", penalty), ("total", data_term + penalty)):
            self.markers[key].set_data([log_lam], [value])

        self.state = {
            "lam": lam, "log_lam": log_lam, "degree": degree, "intercept": fit.intercept,
            "coef": fit.coef.copy(), "norm": float(np.linalg.norm(fit.coef)), "data_term": data_term,
            "penalty": penalty, "objective": data_term + penalty,
            "train_rmse": float(np.sqrt(np.mean(residuals**2))),
            "test_rmse": float(np.sqrt(np.mean(test_residuals**2))),
        }
        s = self.state
        return (f"λ = {fmt_sci(1)(lam)}, degree {degree}: sum of squared errors {data_term:.3g}, penalty λ‖w‖² "
                f"{penalty:.3g}, objective J {s['objective']:.3g}; weight norm ‖w‖ {s['norm']:.3g}; RMSE training "
                f"{s['train_rmse']:.3f}, test {s['test_rmse']:.3f}. The right panel marks ln λ = {log_lam:.1f}.")
