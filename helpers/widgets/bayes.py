"""The explorer of lesson 08: prior width and noise level in, posterior draws, predictive band and evidence out."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import NullLocator

from .._validation import as_positive_float, as_positive_int, as_vector
from ..bayes import log_evidence, posterior, profile_log_evidence
from ..data import true_curve
from ..features import gaussian_basis
from ..plots.style import COLORS
from .base import Explorer, new_figure


class BayesExplorer(Explorer):
    """Bayesian linear regression on 1-D data with nine Gaussian bumps and a constant, every weight
    under the prior ``N(0, prior_sd² I)`` and noise of standard deviation ``noise_sd``.

    The controls are ``prior_sd`` (``1/√α``) and ``noise_sd`` (``1/√β``), both on log sliders. The left
    panel shows ``n_draws`` functions drawn from the posterior and the ±1 sd predictive band; the right
    panel the log evidence against λ (β at its best for each λ) with the implied ``λ = α/β`` marked.
    ``state`` holds ``alpha``, ``beta``, ``lam``, ``log_evidence`` (at these α and β),
    ``profile_log_evidence`` (at this λ, β at its best), ``best_lam`` (the evidence maximum over λ),
    ``mean_sd`` (the predictive sd averaged over x) and ``draws`` (the drawn curves).
    """

    plain_text = ("Bayesian ridge explorer: run this cell, then change the prior width and the noise level "
                  "and watch the posterior.")

    def __init__(self, x, t, *, prior_sd: float = 1.0, noise_sd: float = 0.3, n_draws: int = 5, seed: int = 0,
                 width: float = 0.1):
        self.x = as_vector(x, "x")
        self.t = as_vector(t, "t", n=self.x.size)
        prior_sd = as_positive_float(prior_sd, "prior_sd")
        noise_sd = as_positive_float(noise_sd, "noise_sd")
        n_draws = as_positive_int(n_draws, "n_draws")
        self.centres = np.linspace(self.x.min(), self.x.max(), 9)
        self.width = as_positive_float(width, "width")
        self.Phi = self._basis(self.x)
        lo, hi = float(self.x.min()), float(self.x.max())
        self.x_grid = np.linspace(lo, hi, 201)
        self.Phi_grid = self._basis(self.x_grid)
        # Fixed standard-normal draws: moving a control moves the same curves instead of new random ones.
        self.noise = np.random.default_rng(seed).normal(size=(n_draws, self.Phi.shape[1]))
        self.lams = np.logspace(-8, 4, 241)
        self.profile = profile_log_evidence(self.Phi, self.t, self.lams, fit_intercept=False).log_evidence
        self.best_lam = float(self.lams[np.argmax(self.profile)])

        slider = dict(base=10, step=0.05, readout_format=".3g", continuous_update=True,
                      style={"description_width": "initial"})
        self.prior_sd = widgets.FloatLogSlider(value=prior_sd, min=-2, max=1, description="prior sd 1/√α", **slider)
        self.noise_sd = widgets.FloatLogSlider(value=noise_sd, min=-2, max=0.5, description="noise sd 1/√β",
                                               **slider)

        figure, (ax_fit, ax_ev) = new_figure(width=10.0, height=3.8, ncols=2)
        ax_fit.plot(self.x_grid, true_curve(self.x_grid), color=COLORS["truth"], linewidth=1.2, label="sin(2πx)")
        ax_fit.plot(self.x, self.t, "o", color=COLORS["data"], mfc="white", markersize=6, label="data")
        self.band = ax_fit.fill_between(self.x_grid, -np.ones_like(self.x_grid), np.ones_like(self.x_grid),
                                        color=COLORS["fit"], alpha=0.2, label="±1 predictive sd")
        self.draw_lines = ax_fit.plot(self.x_grid, np.zeros((self.x_grid.size, n_draws)), color=COLORS["fit"],
                                      linewidth=0.9, alpha=0.6)
        (self.mean_line,) = ax_fit.plot(self.x_grid, np.zeros_like(self.x_grid), color=COLORS["fit"], linewidth=2.0,
                                        label="predictive mean")
        ax_fit.set(xlabel="x", ylabel="t", ylim=(-2.0, 2.0), title="posterior draws and predictive band")
        ax_fit.legend(loc="lower left", fontsize=8)

        shown = self.profile - self.profile.max()
        ax_ev.semilogx(self.lams, shown, color="#9467bd", label="ln evidence, β at its best (max = 0)")
        ax_ev.axvline(self.best_lam, color="#9467bd", linestyle=":", linewidth=1.0, label="evidence maximum")
        ax_ev.set(xlabel="λ = α/β (log scale)", ylabel="ln p(t | λ) − max", ylim=(-15, 1),
                  title="the evidence against λ")
        ax_ev.xaxis.set_minor_locator(NullLocator())
        (self.marker,) = ax_ev.plot([], [], "o", color="black", markersize=8, label="λ of the sliders")
        ax_ev.legend(loc="lower left", fontsize=8)

        super().__init__([self.prior_sd, self.noise_sd], figure,
                         dynamic=[self.band, *self.draw_lines, self.mean_line, self.marker])

    def _basis(self, x):
        return gaussian_basis(x, self.centres, self.width, include_bias=True)

    def update(self) -> str:
        alpha = 1.0 / float(self.prior_sd.value) ** 2
        beta = 1.0 / float(self.noise_sd.value) ** 2
        lam = alpha / beta
        post = posterior(self.Phi, self.t, alpha, beta, fit_intercept=False)
        mean, sd = post.predict(self.Phi_grid)
        # w = m + L z with L the Cholesky factor of S: the same z, a new posterior, a consistent curve.
        chol = np.linalg.cholesky(post.cov + 1e-12 * np.eye(post.cov.shape[0]))
        draws = (post.mean + self.noise @ chol.T) @ self.Phi_grid.T
        for line, curve in zip(self.draw_lines, draws):
            line.set_ydata(curve)
        self.mean_line.set_ydata(mean)
        upper, lower = mean + sd, mean - sd
        self.band.set_verts([np.column_stack([np.r_[self.x_grid, self.x_grid[::-1]], np.r_[upper, lower[::-1]]])])
        here = float(profile_log_evidence(self.Phi, self.t, [lam], fit_intercept=False).log_evidence[0])
        self.marker.set_data([lam], [max(here - self.profile.max(), -14.5)])
        value = log_evidence(self.Phi, self.t, alpha, beta, fit_intercept=False)
        self.state = {"alpha": alpha, "beta": beta, "lam": lam, "log_evidence": value,
                      "profile_log_evidence": here, "best_lam": self.best_lam, "mean_sd": float(sd.mean()),
                      "draws": draws}
        return (f"α = {alpha:.3g}, β = {beta:.3g}: λ = α/β = {lam:.3g}; ln p(t | α, β) = {value:.2f} "
                f"(evidence maximum at λ = {self.best_lam:.2g}); average predictive sd {sd.mean():.3f}")
