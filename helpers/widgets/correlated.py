"""The explorer of lesson 05: the correlation between two features and λ → coefficient clouds across resamples."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .._validation import as_lambda, as_positive_int
from ..plots.stability import coef_cloud, spread_bars
from ..stability import correlated_pair
from .base import Explorer, Number, fmt_float, new_figure

#: The correlations offered by the slider: spread out where little changes, dense near 1 where a lot does.
RHOS = (0.0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999)


class CorrelatedFeaturesExplorer(Explorer):
    """Least squares and ridge on ``n_boot`` bootstrap resamples of two features with correlation ρ.

    The data come from :func:`helpers.stability.correlated_pair` (``y = x₁ + x₂ + noise``, features
    standardized, sample correlation exactly ρ); the resampled rows are drawn once, in ``__init__``.
    For each ρ on the slider the SVD of every centred resample is also computed once, so moving either
    slider only rescales ``d / (d² + λ)``: the same formula as :func:`helpers.ridge_path`, applied to
    all resamples at once.

    Left: the cloud of ``(w₁, w₂)``, one point per resample, least squares in grey and ridge in vermillion.
    Right: the standard deviation across resamples of ``w₁``, ``w₂`` and ``w₁ + w₂``.

    ``state`` holds ``rho``, ``lam``, ``ls_coefs`` and ``ridge_coefs`` (``(n_boot, 2)`` arrays),
    ``ls_spread`` and ``ridge_spread`` (the three standard deviations) and ``variance_ratio``
    (total variance of the least-squares weights over that of the ridge weights).
    """

    plain_text = "Correlated-features explorer: run this cell, then move the correlation ρ and λ."
    CONTROLS = {"rho_slider": ("correlation ρ between the two features", ""),
                "lam_slider": ("penalty strength λ", "")}
    NUMBERS = (Number("rho", "ρ", "{:g}", "rho"), Number("lam", "λ", fmt_float(3), "lambda"),
               Number("ls_w1_spread", "spread of w₁, least squares", "{:.2f}"),
               Number("ridge_w1_spread", "spread of w₁, ridge", "{:.2f}"),
               Number("variance_ratio", "variance ratio", lambda v: f"{v:.1f}×"))
    PRESETS = {"independent features (ρ = 0)": {"rho_slider": 0.0, "lam_slider": 10.0},
               "correlated, little penalty": {"rho_slider": 0.99, "lam_slider": 0.1},
               "correlated, ridge (λ = 10)": {"rho_slider": 0.99, "lam_slider": 10.0}}

    def __init__(self, *, n: int = 50, n_boot: int = 200, noise: float = 1.0, rho: float = 0.95,
                 lam: float = 10.0, seed: int = 0):
        n = as_positive_int(n, "n", minimum=3)
        self.n_boot = as_positive_int(n_boot, "n_boot", minimum=2)
        lam = as_lambda(lam)
        seed = as_positive_int(seed, "seed", minimum=0)  # not None: the resamples must be reproducible
        if not 0.1 <= lam <= 1000.0:
            raise ValueError(f"lam must be between 0.1 and 1000 (the slider's range), got {lam}")
        if rho not in RHOS:
            raise ValueError(f"rho must be one of the slider's values {RHOS}, got {rho!r}")
        rng = np.random.default_rng(seed + 1)
        self.rows = rng.integers(0, n, size=(self.n_boot, n))  # the resamples: drawn once for every ρ
        self._cache = {}
        for r in RHOS:
            X, y = correlated_pair(n, r, noise=noise, seed=seed)
            Xb, yb = X[self.rows], y[self.rows]                    # (B, n, 2), (B, n)
            Xc = Xb - Xb.mean(axis=1, keepdims=True)
            yc = yb - yb.mean(axis=1, keepdims=True)
            U, d, Vt = np.linalg.svd(Xc, full_matrices=False)     # every resample at once
            uty = np.einsum("bnk,bn->bk", U, yc)
            keep = d > d[:, :1] * n * np.finfo(float).eps         # as ridge_path: drop numerically-zero directions
            self._cache[r] = (np.where(keep, d, 0.0), np.where(keep, uty, 0.0), Vt, keep)

        self.rho_slider = widgets.SelectionSlider(options=list(RHOS), value=rho, description="correlation ρ",
                                                  style={"description_width": "initial"})
        self.lam_slider = widgets.FloatLogSlider(value=lam, base=10, min=-1, max=3, step=0.05,
                                                 description="λ", readout_format=".3g")
        figure, (ax_cloud, ax_bars) = new_figure(height=3.8, ncols=2, widths=(4.7, 4.3))
        empty = np.zeros((self.n_boot, 2))
        self.ls_points, self.ridge_points = coef_cloud(ax_cloud, empty, empty,
                                                       title="weights fitted on each bootstrap resample")
        self.ls_bars, self.ridge_bars = spread_bars(ax_bars, np.ones(3), np.ones(3), ylim=(0.01, 20.0))
        # The true weights' star is drawn after the clouds, so that they never hide it.
        stars = [line for line in ax_cloud.lines if line.get_label() == "true weights"]
        for star in stars:
            star.set(markerfacecolor="#F0E442", markeredgecolor="black", markeredgewidth=1.2, markersize=16)
        dynamic = [self.ls_points, self.ridge_points, *stars, *self.ls_bars.patches, *self.ridge_bars.patches]
        super().__init__([self.rho_slider, self.lam_slider], figure, dynamic=dynamic)

    def coefficients(self, rho: float, lam: float):
        """Least-squares and ridge weights on every resample: two ``(n_boot, 2)`` arrays."""
        d, uty, Vt, keep = self._cache[rho]
        with np.errstate(divide="ignore", invalid="ignore"):
            ls_factor = np.where(keep, 1.0 / np.where(keep, d, 1.0), 0.0)
        ridge_factor = d / (d**2 + lam)
        ls = np.einsum("bk,bkj->bj", ls_factor * uty, Vt)
        ridge = np.einsum("bk,bkj->bj", ridge_factor * uty, Vt)
        return ls, ridge

    @staticmethod
    def _spread(coefs):
        return np.array([coefs[:, 0].std(), coefs[:, 1].std(), coefs.sum(axis=1).std()])

    def update(self) -> str:
        rho = float(self.rho_slider.value)
        lam = float(self.lam_slider.value)
        ls, ridge = self.coefficients(rho, lam)
        self.ls_points.set_offsets(ls)
        self.ridge_points.set_offsets(ridge)
        ls_spread, ridge_spread = self._spread(ls), self._spread(ridge)
        for bar, height in zip(self.ls_bars.patches, ls_spread):
            bar.set_height(height)
        for bar, height in zip(self.ridge_bars.patches, ridge_spread):
            bar.set_height(height)
        ratio = float(ls.var(axis=0).sum() / ridge.var(axis=0).sum())
        self.state = {"rho": rho, "lam": lam, "ls_coefs": ls, "ridge_coefs": ridge,
                      "ls_spread": ls_spread, "ridge_spread": ridge_spread, "variance_ratio": ratio,
                      "ls_w1_spread": float(ls_spread[0]), "ridge_w1_spread": float(ridge_spread[0])}
        return (f"ρ = {rho:g}, λ = {lam:.3g}: spread of w₁ across resamples {ls_spread[0]:.2f} (least squares) "
                f"against {ridge_spread[0]:.2f} (ridge); the weights vary {ratio:.1f}× more without the penalty.")
