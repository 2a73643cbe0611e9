"""The warm-up explorer of lesson 00: one weight, one slider, the penalty pulling the weight to zero."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .._validation import as_lambda, as_positive_int
from ..models import ridge_fit
from ..plots.style import COLORS, LINESTYLES
from .base import Explorer, Number, fmt_float, new_figure


class ShrinkageDemo(Explorer):
    """Fit ``y = b + w·x`` with penalty ``λw²`` on a fixed small sample; the λ slider moves the line.

    ``state`` holds ``lam`` and the fitted ``coef``.
    """

    plain_text = "Shrinkage demo: run this cell, then move λ and watch the fitted line flatten."
    CONTROLS = {"slider": ("penalty strength λ", "")}
    NUMBERS = (Number("lam", "λ", fmt_float(3), "lambda"), Number("coef", "weight w", "{:.3f}"))
    PRESETS = {"no penalty": {"slider": 0.01}, "moderate": {"slider": 10.0}, "strong": {"slider": 1000.0}}

    def __init__(self, seed: int = 0, lam: float = 0.01):
        lam = as_lambda(lam)
        seed = as_positive_int(seed, "seed", minimum=0)  # not None: the demo shows the same points every run
        if not 0.01 <= lam <= 1000.0:
            raise ValueError(f"lam must be between 0.01 and 1000 (the slider's range), got {lam}")
        rng = np.random.default_rng(seed)
        self.x = np.linspace(-1.0, 1.0, 12)
        self.y = 1.5 * self.x + 0.3 * rng.normal(size=self.x.size)
        self.lams = np.logspace(-2, 3, 200)
        self.slider = widgets.FloatLogSlider(value=lam, base=10, min=-2, max=3, step=0.05,
                                             description="λ", readout_format=".3g")
        figure, (ax_fit, ax_path) = new_figure(ncols=2)
        ax_fit.scatter(self.x, self.y, color=COLORS["data"], label="data")
        (self.line,) = ax_fit.plot(self.x, self.x, color=COLORS["fit"], ls=LINESTYLES["fit"], lw=2,
                                   label="penalized fit")
        ax_fit.set(xlabel="x", ylabel="y", ylim=(-2.5, 2.5), title="the fit")
        ax_fit.legend(loc="upper left")
        X = self.x[:, None]
        path = [ridge_fit(X, self.y, lam).coef[0] for lam in self.lams]
        ax_path.semilogx(self.lams, path, color=COLORS["fit"])
        (self.marker,) = ax_path.plot([], [], "o", color="black")
        ax_path.set(xlabel="λ", ylabel="weight w", title="the weight against λ")
        super().__init__([self.slider], figure, dynamic=[self.line, self.marker])

    def update(self) -> str:
        lam = float(self.slider.value)
        fit = ridge_fit(self.x[:, None], self.y, lam)
        self.line.set_ydata(fit.predict(self.x[:, None]))
        self.marker.set_data([lam], [fit.coef[0]])
        self.state = {"lam": lam, "coef": float(fit.coef[0])}
        return (f"λ = {lam:.3g}: the fitted line has slope w = {fit.coef[0]:.3f}; the marker on the right "
                f"sits at that weight on the curve of w against λ.")
