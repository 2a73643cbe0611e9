"""The explorer of lesson 08: prior width and noise level in, posterior draws, predictive band and evidence out."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import NullLocator

from .._validation import as_number, as_positive_float, as_positive_int, as_seed, as_vector
from ..bayes import log_evidence, posterior, profile_log_evidence
from ..data import load_curvefitting, true_curve
from ..features import gaussian_basis
from ..plots.bayes import EVIDENCE_COLOR
from ..plots.style import COLORS, LINESTYLES
from .base import Explorer, Number, fmt_float, new_figure

PRIOR_RANGE = (-2.0, 1.0)     # log10 of the prior sd 1/√α offered by the slider
NOISE_RANGE = (-2.0, 0.5)     # log10 of the noise sd 1/√β


def _in_range(value, name, log10_range):
    return as_number(value, name, low=10 ** log10_range[0], high=10 ** log10_range[1])


class BayesExplorer(Explorer):
    """Bayesian linear regression on 1-D data with nine Gaussian bumps and a constant, every weight
    under the prior ``N(0, prior_sd² I)`` and noise of standard deviation ``noise_sd``.

    ``x`` and ``y`` default to Bishop's ten points. The controls are ``prior_sd`` (``1/√α``) and
    ``noise_sd`` (``1/√β``), both log sliders. The left panel shows ``n_draws`` functions drawn from the
    posterior and the ±1 sd predictive band; the right panel the log evidence against λ (β at its best
    for each λ) with the implied ``λ = α/β`` marked. ``state`` holds ``alpha``, ``beta``, ``lam``,
    ``log_evidence`` (at these α and β), ``profile_log_evidence`` (at this λ, β at its best),
    ``best_lam`` (the evidence maximum over λ), ``mean_sd`` (the predictive sd averaged over x) and
    ``draws`` (the drawn curves).

    Examples
    --------
    >>> explorer = BayesExplorer(prior_sd=1.0, noise_sd=0.3)     # Bishop's ten points
    >>> round(explorer.state["lam"], 2)                           # λ = α/β = 0.3² / 1.0²
    0.09
    >>> explorer.prior_sd.value = 0.1
    >>> round(explorer.state["lam"], 1)
    9.0
    """

    plain_text = "Bayesian ridge explorer: run this cell, then change the prior width and the noise level."
    CONTROLS = {"prior_sd": ("prior standard deviation of each weight, one over root alpha", ""),
                "noise_sd": ("noise standard deviation, one over root beta", "")}
    NUMBERS = (Number("alpha", "α (weights)", fmt_float(3), "alpha, the prior precision"),
               Number("beta", "β (noise)", fmt_float(3), "beta, the noise precision"),
               Number("lam", "λ = α/β", fmt_float(3), "lambda"),
               Number("log_evidence", "ln p(y | α, β)", "{:.2f}", "log evidence"),
               Number("best_lam", "λ at evidence max", fmt_float(3), "lambda at the evidence maximum"),
               Number("mean_sd", "mean predictive sd", "{:.3f}", "average predictive standard deviation"))

    def __init__(self, x=None, y=None, *, prior_sd: float = 1.0, noise_sd: float = 0.3, n_draws: int = 5,
                 seed: int = 0, width: float = 0.1):
        if x is None and y is None:
            data = load_curvefitting()
            x, y = data.X[:, 0], data.y
        self.x = as_vector(x, "x")
        self.y = as_vector(y, "y", n=self.x.size)
        if self.x.size < 2 or self.x.min() == self.x.max():
            raise ValueError("x must hold at least two different values (the bumps are spread between them)")
        prior_sd = _in_range(prior_sd, "prior_sd", PRIOR_RANGE)
        noise_sd = _in_range(noise_sd, "noise_sd", NOISE_RANGE)
        n_draws = as_positive_int(n_draws, "n_draws")
        seed = as_seed(seed)
        self.width = as_positive_float(width, "width")
        self.centres = np.linspace(self.x.min(), self.x.max(), 9)
        self.Phi = self._basis(self.x)
        self.x_grid = np.linspace(float(self.x.min()), float(self.x.max()), 201)
        self.Phi_grid = self._basis(self.x_grid)
        # Fixed standard-normal draws: moving a control moves the same curves instead of new random ones.
        self.noise = np.random.default_rng(seed).normal(size=(n_draws, self.Phi.shape[1]))
        self.lams = np.logspace(-6, 5, 221)
        self.profile = profile_log_evidence(self.Phi, self.y, self.lams, fit_intercept=False).log_evidence
        self.best_lam = float(self.lams[np.argmax(self.profile)])

        slider = dict(base=10, step=0.05, readout_format=".3g")
        self.prior_sd = widgets.FloatLogSlider(value=prior_sd, min=PRIOR_RANGE[0], max=PRIOR_RANGE[1],
                                               description="prior sd 1/√α", **slider)
        self.noise_sd = widgets.FloatLogSlider(value=noise_sd, min=NOISE_RANGE[0], max=NOISE_RANGE[1],
                                               description="noise sd 1/√β", **slider)

        figures, (ax_fit, ax_ev) = new_figure(height=3.8, ncols=2, widths=(4.8, 4.4))
        ax_fit.plot(self.x_grid, true_curve(self.x_grid), color=COLORS["truth"], linestyle=LINESTYLES["truth"],
                    linewidth=1.4, label="sin(2πx)")
        ax_fit.plot(self.x, self.y, "o", color=COLORS["data"], mfc="white", markersize=6, label="data")
        self.band = ax_fit.fill_between(self.x_grid, -np.ones_like(self.x_grid), np.ones_like(self.x_grid),
                                        color=COLORS["fit"], alpha=0.2, label="±1 predictive sd")
        self.draw_lines = ax_fit.plot(self.x_grid, np.zeros((self.x_grid.size, n_draws)), color=COLORS["fit"],
                                      linewidth=0.9, alpha=0.6)
        (self.mean_line,) = ax_fit.plot(self.x_grid, np.zeros_like(self.x_grid), color=COLORS["fit"],
                                        linewidth=2.0, label="predictive mean")
        ax_fit.set(xlabel="x", ylabel="y", ylim=(-2.5, 2.5), title="posterior draws and predictive band")
        ax_fit.legend(loc="lower left", fontsize=9)

        ax_ev.semilogx(self.lams, self.profile - self.profile.max(), color=EVIDENCE_COLOR,
                       label="ln evidence, β at its best")
        ax_ev.axvline(self.best_lam, color=EVIDENCE_COLOR, linestyle=":", linewidth=1.2, label="evidence maximum")
        ax_ev.set(xlabel="λ = α/β (log scale)", ylabel="ln p(y | λ) − max", ylim=(-30, 2),
                  title="the evidence against λ")
        ax_ev.xaxis.set_minor_locator(NullLocator())   # dozens of minor log ticks would slow the first draw
        (self.marker,) = ax_ev.plot([], [], "o", color="black", markersize=8, label="λ of the sliders")
        ax_ev.legend(loc="lower left", fontsize=9)

        super().__init__([self.prior_sd, self.noise_sd], figures,
                         dynamic=[self.band, *self.draw_lines, self.mean_line, self.marker])

    def _basis(self, x):
        return gaussian_basis(x, self.centres, self.width, include_bias=True)

    def presets(self):
        """The evidence's choice (prior sd for the true noise at the best λ), a prior too narrow, one too wide."""
        noise = 0.3
        snap = lambda v: float(10 ** (round(np.log10(v) / 0.05) * 0.05))  # noqa: E731 - the slider's own grid
        at_best = float(np.clip(noise / np.sqrt(self.best_lam), 10 ** PRIOR_RANGE[0], 10 ** PRIOR_RANGE[1]))
        return {"the evidence's λ": {"prior_sd": snap(at_best), "noise_sd": snap(noise)},
                "prior too narrow": {"prior_sd": 10 ** PRIOR_RANGE[0], "noise_sd": snap(noise)},
                "prior too wide, noise too small": {"prior_sd": 10 ** PRIOR_RANGE[1], "noise_sd": 10 ** NOISE_RANGE[0]}}

    def update(self) -> str:
        alpha = 1.0 / float(self.prior_sd.value) ** 2
        beta = 1.0 / float(self.noise_sd.value) ** 2
        lam = alpha / beta
        post = posterior(self.Phi, self.y, alpha, beta, fit_intercept=False)
        mean, sd = post.predict(self.Phi_grid)
        # w = m + L z with L the Cholesky factor of S: the same z, a new posterior, a consistent curve.
        chol = np.linalg.cholesky(post.cov + 1e-12 * np.trace(post.cov) * np.eye(post.cov.shape[0]))
        draws = (post.mean + self.noise @ chol.T) @ self.Phi_grid.T
        for line, curve in zip(self.draw_lines, draws):
            line.set_ydata(curve)
        self.mean_line.set_ydata(mean)
        upper, lower = mean + sd, mean - sd
        self.band.set_verts([np.column_stack([np.r_[self.x_grid, self.x_grid[::-1]], np.r_[upper, lower[::-1]]])])
        here = float(profile_log_evidence(self.Phi, self.y, [lam], fit_intercept=False).log_evidence[0])
        self.marker.set_data([lam], [max(here - self.profile.max(), -29.0)])
        value = log_evidence(self.Phi, self.y, alpha, beta, fit_intercept=False)
        self.state = {"alpha": alpha, "beta": beta, "lam": lam, "log_evidence": value,
                      "profile_log_evidence": here, "best_lam": self.best_lam, "mean_sd": float(sd.mean()),
                      "draws": draws}
        side = "above" if lam > self.best_lam else "below"
        return (f"Prior sd {self.prior_sd.value:.3g} and noise sd {self.noise_sd.value:.3g} imply λ = α/β = "
                f"{lam:.3g}, {side} the evidence maximum at λ = {self.best_lam:.2g}; the log evidence at these "
                f"α and β is {value:.2f} and the predictive band is {sd.mean():.3f} wide on average.")
