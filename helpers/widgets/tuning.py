"""The explorer of lesson 04: a λ slider over the cross-validation curve, with the coefficients at that λ."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import NullLocator

from .._validation import (
    as_lambda,
    as_matrix,
    as_names,
    as_positive_int,
    as_range,
    as_vector,
    as_whole_numbers,
)
from ..model_selection import kfold_mse, one_standard_error_rule
from ..models import effective_df, ridge_fit, ridge_path
from ..plots.selection import plot_cv_curve
from ..plots.style import COLORS
from .base import Explorer, Number, fmt_float, new_figure


class TuningExplorer(Explorer):
    """Move λ along the k-fold cross-validation curve of ridge; see the CV error ± its standard error
    at that λ and the fitted coefficients next to the least-squares ones.

    ``X`` should already be standardized (on the training rows). The controls are ``slider`` (λ, on a
    log scale) and ``folds`` (k). ``state`` holds ``lam``, ``k``, ``df``, ``cv_mean``, ``cv_se``,
    ``coef``, ``best_lam``, ``one_se_lam`` and ``within_one_se`` (whether the CV error at λ is within one
    standard error of the best one).
    """

    plain_text = "λ-tuning explorer: run this cell, then move λ along the cross-validation curve."
    CONTROLS = {"slider": ("penalty strength λ", ""), "folds": ("number of cross-validation folds k", "")}
    NUMBERS = (Number("lam", "λ", fmt_float(3), "lambda"), Number("df", "df(λ)", "{:.2f}", "degrees of freedom"),
               Number("cv_mean", "CV error", "{:.3f}"), Number("cv_se", "± 1 SE", "{:.3f}", "standard error"),
               Number("best_lam", "λ at CV minimum", fmt_float(3), "lambda at the CV minimum"),
               Number("one_se_lam", "one-SE λ", fmt_float(3), "one standard error lambda"))

    def __init__(self, X, y, feature_names, *, lam: float = 1.0, k: int = 10, folds=(5, 10, 20),
                 seed: int = 0, log10_range=(-2.0, 4.0)):
        self.X = as_matrix(X)
        lam = as_lambda(lam)
        self.y = as_vector(y, n=self.X.shape[0])
        feature_names = as_names(feature_names, "feature_names", n=self.X.shape[1])
        folds = as_whole_numbers(folds, "folds", minimum=2)
        k = as_positive_int(k, "k", minimum=2)
        if k not in folds:
            raise ValueError(f"k={k} must be one of the offered folds {folds}")
        self.names = feature_names
        self.seed = as_positive_int(seed, "seed", minimum=0)  # not None: the folds must be the same each run
        lo, hi = as_range(log10_range, "log10_range")
        if not 10**lo <= lam <= 10**hi:
            raise ValueError(f"lam must lie in the slider's range 10**{lo:g}..10**{hi:g}, got {lam}")
        self.lams = np.logspace(lo, hi, int(round((hi - lo) / 0.05)) + 1)
        # Everything that does not depend on the slider is computed once.
        self.curves = {f: kfold_mse(self.X, self.y, self.lams, k=f, seed=seed) for f in folds}
        self.choices = {f: (float(self.lams[np.argmin(c.mean)]), one_standard_error_rule(self.lams, c))
                        for f, c in self.curves.items()}
        self.ls_coef = ridge_fit(self.X, self.y, 0.0).coef
        path = ridge_path(self.X, self.y, self.lams)

        self.slider = widgets.FloatLogSlider(value=lam, base=10, min=lo, max=hi, step=0.05,
                                             description="λ", readout_format=".3g")
        self.folds = widgets.Dropdown(options=[(f"{f}-fold CV", f) for f in folds], value=k,
                                      description="folds")

        figure, (ax_cv, ax_coef) = new_figure(height=3.8, ncols=2, widths=(4.8, 4.4))
        first = self.curves[k]
        self.line, self.band = plot_cv_curve(ax_cv, self.lams, first.mean, first.se, style="band",
                                             title="k-fold cross-validation error")
        top = max(float(np.max(c.mean + c.se)) for c in self.curves.values())
        bottom = min(float(np.min(c.mean - c.se)) for c in self.curves.values())
        pad = 0.05 * (top - bottom)
        ax_cv.set_ylim(bottom - pad, top + pad)
        margin = 10 ** 0.12  # the λ marker and its error bar stay whole at both ends of the slider
        ax_cv.set_xlim(self.lams[0] / margin, self.lams[-1] * margin)
        ax_cv.xaxis.set_minor_locator(NullLocator())   # dozens of minor log ticks would slow the first draw
        (self.vline,) = ax_cv.plot([lam, lam], [bottom - pad, top + pad], color="grey", linewidth=1.0,
                                   linestyle="--")
        (self.threshold,) = ax_cv.plot([], [], color=COLORS["ridge"], linewidth=1.0, linestyle=":",
                                       label="best CV error + 1 SE")
        (self.errorbar,) = ax_cv.plot([], [], color="black", linewidth=2.5, solid_capstyle="butt")
        (self.point,) = ax_cv.plot([], [], "o", color="black", label="λ of the slider ± 1 SE")
        (self.best_mark,) = ax_cv.plot([], [], "v", color=COLORS["fit"], markersize=9, label="smallest CV error")
        (self.one_se_mark,) = ax_cv.plot([], [], "^", color=COLORS["ridge"], mfc="white", markersize=9,
                                         label="one-standard-error rule")
        ax_cv.legend(loc="upper left", fontsize=9)

        positions = np.arange(len(self.names))
        ax_coef.plot(positions, self.ls_coef, "_", color="black", markersize=18, markeredgewidth=2,
                     label="least squares (λ = 0)")
        self.bars = ax_coef.bar(positions, np.zeros(len(self.names)), 0.6, color=COLORS["ridge"],
                                alpha=0.8, label="ridge at λ")
        span = max(float(np.abs(path.coefs).max()), float(np.abs(self.ls_coef).max()))
        ax_coef.set_ylim(-1.1 * span, 1.1 * span)
        ax_coef.axhline(0.0, color="grey", linewidth=0.8)
        ax_coef.set_xticks(positions, self.names, rotation=30)
        ax_coef.set(ylabel="coefficient (per standard deviation)", title="coefficients at λ")
        ax_coef.legend(loc="upper right", fontsize=9)

        dynamic = [self.line, self.band, self.vline, self.threshold, self.errorbar, self.point, self.best_mark,
                   self.one_se_mark, *self.bars.patches]
        super().__init__([self.slider, self.folds], figure, dynamic=dynamic)

    def presets(self):
        """λ at the CV minimum and at the one-standard-error choice (for the current k), and the default."""
        best, one_se = self.choices[int(self.folds.value)]
        snap = lambda v: float(self.lams[int(np.argmin(np.abs(np.log(self.lams) - np.log(v))))])  # noqa: E731
        return {"λ at the CV minimum": {"slider": snap(best)}, "λ by the one-SE rule": {"slider": snap(one_se)},
                "too little penalty": {"slider": float(self.lams[0])},
                "too much penalty": {"slider": float(self.lams[-1])}}

    def update(self) -> str:
        lam, k = float(self.slider.value), int(self.folds.value)
        curve = self.curves[k]
        best, one_se = self.choices[k]
        # The CV error at exactly this λ (same folds as the curve), and the fit on all rows.
        here = kfold_mse(self.X, self.y, [lam], k=k, seed=self.seed)
        mean, se = float(here.mean[0]), float(here.se[0])
        fit = ridge_fit(self.X, self.y, lam)
        df = effective_df(self.X, lam)

        self.line.set_ydata(curve.mean)
        upper, lower = curve.mean + curve.se, curve.mean - curve.se
        self.band.set_verts([np.column_stack([np.r_[self.lams, self.lams[::-1]], np.r_[upper, lower[::-1]]])])
        self.vline.set_xdata([lam, lam])
        self.errorbar.set_data([lam, lam], [mean - se, mean + se])
        self.point.set_data([lam], [mean])
        i_best, i_one = int(np.argmin(np.abs(self.lams - best))), int(np.argmin(np.abs(self.lams - one_se)))
        self.best_mark.set_data([best], [curve.mean[i_best]])
        self.one_se_mark.set_data([one_se], [curve.mean[i_one]])
        for bar, value in zip(self.bars.patches, fit.coef):
            bar.set_height(value)

        i_min = int(np.argmin(curve.mean))
        limit = curve.mean[i_min] + curve.se[i_min]
        self.threshold.set_data(self.lams[[0, -1]], [limit, limit])
        within = bool(mean <= limit)
        self.state = {"lam": lam, "k": k, "df": df, "cv_mean": mean, "cv_se": se, "coef": fit.coef.copy(),
                      "best_lam": best, "one_se_lam": one_se, "within_one_se": within}
        verdict = "within" if within else "more than"
        return (f"λ = {lam:.3g} (df = {df:.2f}): {k}-fold CV error {mean:.3f} ± {se:.3f}, {verdict} one "
                f"standard error of the best; smallest-error λ = {best:.3g}, one-SE λ = {one_se:.3g}.")
