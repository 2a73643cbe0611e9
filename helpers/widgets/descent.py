"""The explorer of lesson 03: λ and the learning rate η move a gradient-descent path on the loss contours."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .._validation import as_lambda, as_matrix, as_positive_float, as_positive_int, as_range, as_vector
from ..models import gradient_descent, ridge_path
from ..plots.descent import DECAY, PLAIN, loss_contours, loss_grid, mark_point
from ..plots.style import COLORS, LINESTYLES
from .base import Explorer, Number, new_figure

LAMS = (0.0, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0)


class DescentExplorer(Explorer):
    """Gradient descent on ``Σ (y_i − b − x_i·w)² + λ‖w‖²`` for a two-weight problem, from ``coef_init``.

    Left: the path of ``(w1, w2)`` over the contours of the data loss, the ridge solution for the chosen
    λ (star) and the curve of ridge solutions for every λ. Right: both weights against the step, with
    dashed lines at the ridge solution they should approach. Each step is
    ``w ← (1 − 2ηλ)·w − η∇L(w)``; it converges when ``η < 1/(d_max² + λ)``.

    ``state`` holds ``lam``, ``lr``, ``path`` (the iterates), ``ridge`` (the target), ``shrink``
    (the factor ``1 − 2ηλ``), ``lr_max`` (the stability limit), ``stable`` and ``distance`` (from the
    last iterate to the ridge solution).
    """

    plain_text = "Gradient-descent explorer: run this cell, then move λ and the step size η; watch the path."
    CONTROLS = {"lam_slider": ("penalty strength λ", ""), "lr_slider": ("learning rate η", "")}
    NUMBERS = (Number("lam", "λ", "{:g}", "lambda"), Number("lr", "η", "{:.4f}", "eta"),
               Number("shrink", "1 − 2ηλ", "{:.3f}", "decay factor"),
               Number("lr_max", "η limit", "{:.4f}", "eta limit"),
               Number("distance", "distance to ridge", lambda d: "diverged" if not np.isfinite(d) else f"{d:.2g}"))

    def __init__(self, X, y, coef_init, *, n_steps: int = 80, lam: float = 10.0, lr: float = 0.004,
                 lr_range: tuple[float, float] = (0.0005, 0.012)):
        X = as_matrix(X)
        n_steps = as_positive_int(n_steps, "n_steps")
        lam = as_lambda(lam)
        lr = as_positive_float(lr, "lr")
        low, high = as_range(lr_range, "lr_range", positive=True)
        if not low <= lr <= high:
            raise ValueError(f"lr must lie in lr_range {lr_range} (the slider's range), got {lr}")
        if X.shape[1] != 2:
            raise ValueError(f"X must have exactly two columns (two weights to draw), got {X.shape[1]}")
        self.X, self.y = X, as_vector(y, n=X.shape[0])
        self.w0 = as_vector(coef_init, "coef_init", n=2)
        self.n_steps = int(n_steps)
        d = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
        self.d_max2 = float(d[0] ** 2)
        if lam not in LAMS:
            raise ValueError(f"lam must be one of {LAMS}, got {lam}")

        self.lam_slider = widgets.SelectionSlider(options=[(f"{v:g}", v) for v in LAMS], value=lam,
                                                  description="λ")
        self.lr_slider = widgets.FloatSlider(value=lr, min=lr_range[0], max=lr_range[1], step=0.0005,
                                             description="η", readout_format=".4f")
        self.lr_step = 0.0005

        # Everything static is computed and drawn once: contours, the ridge solutions for all λ.
        fine = np.concatenate([[0.0], np.geomspace(0.01, 1e5, 300)])
        self.ridge_curve = ridge_path(X, self.y, fine).coefs
        self.targets = {lam_: coef for lam_, coef in zip(LAMS, ridge_path(X, self.y, list(LAMS)).coefs)}
        pts = np.vstack([self.ridge_curve, self.w0[None, :]])
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        pad = 0.25 * (hi - lo).max() + 0.2
        self.box = (lo[0] - pad, hi[0] + pad, lo[1] - pad, hi[1] + pad)
        w1 = np.linspace(self.box[0], self.box[1], 120)
        w2 = np.linspace(self.box[2], self.box[3], 120)

        figure, (ax_path, ax_steps) = new_figure(height=4.0, ncols=2, widths=(4.6, 4.4))
        loss_contours(ax_path, w1, w2, loss_grid(X, self.y, w1, w2),
                      title="path on the contours of the data loss")
        ax_path.plot(self.ridge_curve[:, 0], self.ridge_curve[:, 1], ":", color=DECAY, lw=1,
                     label="ridge solutions, all λ")
        mark_point(ax_path, self.ridge_curve[0], label="least squares (λ = 0)", color=PLAIN, size=10)
        mark_point(ax_path, self.w0, label="start w₀", color="white", marker="o", size=6)
        (self.path_line,) = ax_path.plot([], [], "o-", color=COLORS["data"], ms=2.5, lw=1,
                                         label="gradient descent")
        (self.target,) = ax_path.plot([], [], "*", color=DECAY, ms=14, mec="black", mew=0.6,
                                      label="ridge solution, this λ")
        ax_path.set(xlim=self.box[:2], ylim=self.box[2:])
        ax_path.legend(loc="lower left", fontsize=9)

        steps = np.arange(self.n_steps + 1)
        span = np.abs(np.vstack([self.ridge_curve, self.w0[None, :]])).max()
        (self.w1_line,) = ax_steps.plot(steps, np.zeros_like(steps, float), color=COLORS["data"], label="w₁")
        (self.w2_line,) = ax_steps.plot(steps, np.zeros_like(steps, float), color=COLORS["test"],
                                        ls=LINESTYLES["test"], label="w₂")
        (self.w1_target,) = ax_steps.plot([0, self.n_steps], [0, 0], ":", color=COLORS["data"], lw=1.2)
        (self.w2_target,) = ax_steps.plot([0, self.n_steps], [0, 0], ":", color=COLORS["test"], lw=1.2,
                                          label="ridge solution (dotted)")
        ax_steps.axhline(0, color="black", lw=0.5)
        ax_steps.set(xlim=(0, self.n_steps), ylim=(-1.3 * span, 1.3 * span), xlabel="step t",
                     ylabel="weight", title="the weights against the step")
        ax_steps.legend(loc="upper right", fontsize=9)

        super().__init__([self.lam_slider, self.lr_slider], figure,
                         dynamic=[self.path_line, self.target, self.w1_line, self.w2_line,
                                  self.w1_target, self.w2_target])

    def limit(self, lam: float) -> float:
        """The largest stable learning rate for ``lam``: ``min(1/(d²_max + λ), 1/n)``."""
        return min(1.0 / (self.d_max2 + lam), 1.0 / self.X.shape[0])

    def presets(self):
        """Stable, at the edge of stability and diverging, at the lesson's λ = 10, on the slider's steps."""
        lam, step = 10.0, self.lr_step
        low, high = self.lr_slider.min, self.lr_slider.max
        edge = self.limit(lam)
        snap = lambda v: float(min(max(round(v / step) * step, low), high))  # noqa: E731
        below, above = snap(np.floor(0.98 * edge / step) * step), snap(np.ceil(1.04 * edge / step) * step)
        return {"stable (η = ½ limit)": {"lam_slider": lam, "lr_slider": snap(0.5 * edge)},
                "at the edge": {"lam_slider": lam, "lr_slider": below},
                "diverging": {"lam_slider": lam, "lr_slider": above}}

    def update(self) -> str:
        lam, lr = float(self.lam_slider.value), float(self.lr_slider.value)
        with np.errstate(over="ignore", invalid="ignore"):
            try:
                path = gradient_descent(self.X, self.y, lam, lr=lr, n_steps=self.n_steps,
                                        coef_init=self.w0).coefs
            except ValueError:  # diverged to inf: keep the finite part of the story
                path = np.full((self.n_steps + 1, 2), np.nan)
                path[0] = self.w0
        # Each principal direction of w is multiplied by 1 − 2η(d_j² + λ) per step, the intercept by 1 − 2ηn.
        lr_max = self.limit(lam)
        stable = lr < lr_max
        target = self.targets[lam]
        shown = np.where(np.abs(path) < 1e6, path, np.nan)  # points far off the axes are not drawn
        self.path_line.set_data(shown[:, 0], shown[:, 1])
        self.target.set_data([target[0]], [target[1]])
        self.w1_line.set_ydata(shown[:, 0])
        self.w2_line.set_ydata(shown[:, 1])
        self.w1_target.set_ydata([target[0]] * 2)
        self.w2_target.set_ydata([target[1]] * 2)
        last = path[-1]
        distance = float(np.linalg.norm(last - target)) if np.all(np.isfinite(last)) else float("inf")
        shrink = 1.0 - 2.0 * lr * lam
        self.state = {"lam": lam, "lr": lr, "path": path, "ridge": target, "shrink": shrink,
                      "lr_max": lr_max, "stable": stable, "distance": distance}
        verdict = (f"after {self.n_steps} steps the weights are {distance:.2g} from the ridge solution"
                   if stable else "it diverges: η is above the limit, each step overshoots further")
        if shrink > 0:
            decay = f"every step first multiplies w by 1 − 2ηλ = {shrink:.3f}, a decay toward zero"
        elif shrink > -1:
            decay = (f"1 − 2ηλ = {shrink:.3f} is negative: the decay step overshoots zero and flips the sign of w "
                     f"at every step (η &gt; 1/(2λ)), so this is no longer decay")
        else:
            decay = (f"1 − 2ηλ = {shrink:.3f} ≤ −1: the decay step alone flips the sign of w and makes it larger "
                     f"at every step, so it diverges")
        return (f"λ = {lam:g}, η = {lr:.4f}: {decay}; stable for η &lt; 1/(d²<sub>max</sub> + λ) = {lr_max:.4f}; "
                f"{verdict}.")
