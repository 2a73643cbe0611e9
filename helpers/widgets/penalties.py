"""The explorer of lesson 06: the same two-feature problem under the L2 disk and the L1 diamond.

Left: the loss contours of a two-feature least-squares problem, the constraint region whose size
matches the penalized solution at the chosen λ (the disk ``‖w‖₂ ≤ ‖w(λ)‖₂`` or the diamond
``‖w‖₁ ≤ ‖w(λ)‖₁``), the contour that touches it, and the solution. Right: the coefficient paths of
the chosen penalty with the current λ marked (the other penalty's paths faint, for comparison).
Both paths are computed once over the slider's grid, so a move only looks up a row.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

from .._validation import as_choice, as_matrix, as_names, as_number, as_vector
from ..models import lasso_path, ridge_fit, ridge_path
from ..plots.penalties import (
    FEATURE_COLORS,
    PENALTY_COLORS,
    PENALTY_NAMES,
    ball_outline,
    draw_constraint,
    draw_geometry,
    geometry_legend,
    log_axis,
    loss_ellipse,
)
from .base import Explorer, Number, fmt_float, new_figure

LOG_MIN, LOG_MAX, LOG_STEP = -1.0, 3.0, 0.05


class PenaltyExplorer(Explorer):
    """λ and the penalty (L1 or L2) → the constraint region, the touching contour, the solution, the paths.

    ``X`` must have exactly two columns (standardize them first). ``state`` holds ``lam``,
    ``penalty``, ``coef`` (the penalized weights), ``n_zero`` (how many are exactly 0.0),
    ``radius`` (the region's size, ``‖w‖₂`` or ``‖w‖₁``) and ``excess`` (how far the loss at the
    solution is above the least-squares minimum).
    """

    plain_text = "L2-versus-L1 explorer: run this cell, then move λ and switch the penalty (disk or diamond)."
    CONTROLS = {"slider": ("penalty strength λ", ""), "toggle": ("penalty: L2 disk or L1 diamond", "")}
    NUMBERS = (Number("lam", "λ", fmt_float(3), "lambda"), Number("penalty", "penalty", "{}"),
               Number("w1", "w₁", "{:.3f}", "w 1"), Number("w2", "w₂", "{:.3f}", "w 2"),
               Number("n_zero", "weights exactly 0", "{:d}"), Number("radius", "region size", "{:.3f}"))

    def __init__(self, X, y, names: Sequence[str], *, lam: float = 10**1.8, penalty: str = "L1"):
        X = as_matrix(X)
        y = as_vector(y, n=X.shape[0])
        if X.shape[1] != 2:
            raise ValueError(f"X must have exactly 2 columns (one per axis of the picture), got {X.shape[1]}")
        names = as_names(names, "names", n=2)
        lam = as_number(lam, "lam", low=0.0, low_open=True)
        as_choice(penalty, "penalty", tuple(PENALTY_NAMES))
        self.names = tuple(names)
        self.lams = 10.0 ** np.arange(LOG_MIN, LOG_MAX + LOG_STEP / 2, LOG_STEP)
        # Both paths once, over exactly the values the slider can take.
        self.paths = {"L2": ridge_path(X, y, self.lams).coefs, "L1": lasso_path(X, y, self.lams).coefs}
        Xc = X - X.mean(axis=0)
        self.hessian = Xc.T @ Xc                      # L(w) = L(ŵ) + (w − ŵ)ᵀ H (w − ŵ)
        self.center = ridge_fit(X, y, 0.0).coef        # the least-squares point ŵ
        values, vectors = np.linalg.eigh(self.hessian)
        self._inv_sqrt = vectors @ np.diag(values**-0.5) @ vectors.T
        t = np.linspace(0.0, 2.0 * np.pi, 201)
        self._circle = np.column_stack([np.cos(t), np.sin(t)]) @ self._inv_sqrt.T
        self._unit = {p: ball_outline(p, 1.0) for p in ("L1", "L2")}

        self.slider = widgets.FloatLogSlider(value=self._snap(lam), base=10, min=LOG_MIN, max=LOG_MAX,
                                             step=LOG_STEP, description="λ", readout_format=".3g",
                                             continuous_update=True)
        self.toggle = widgets.ToggleButtons(options=[("L2 · disk", "L2"), ("L1 · diamond", "L1")],
                                            value=penalty, description="penalty",
                                            style={"button_width": "auto", "description_width": "initial"})

        figure, (ax_geo, ax_path) = new_figure(height=4.4, ncols=2, widths=(4.6, 4.6))
        excess_at_zero = float(self.center @ self.hessian @ self.center)
        extent = 1.25 * max(np.abs(self.center).max(), np.abs(self.center).sum())
        draw_geometry(ax_geo, self.center, self.hessian, excess_at_zero * np.array([0.04, 0.15, 0.35, 0.65, 1.0]),
                      names=self.names, limits=(-0.45 * extent, extent))
        coef = self.paths[penalty][self.index]
        self.region_line, self.region_fill, self.touching, self.marker = draw_constraint(
            ax_geo, penalty, 1.0, coef, loss_ellipse(self.center, self.hessian, 1.0))
        legend = geometry_legend(figure[0])          # four entries in two rows: the panel is narrow
        handles, labels = legend.legend_handles, [text.get_text() for text in legend.texts]
        legend.remove()
        figure[0].legend(handles, labels, loc="outside lower center", ncols=2, fontsize=9)
        ax_geo.set_title("loss contours meet the constraint region")

        self.lines, self.faint, self.dots = [], [], []
        for j, name in enumerate(self.names):
            color = FEATURE_COLORS[j]
            (line,) = ax_path.plot(self.lams, self.paths[penalty][:, j], color=color, lw=2, label=name)
            (faint,) = ax_path.plot(self.lams, self.paths["L2"][:, j], color=color, lw=1, ls=":", alpha=0.7)
            (dot,) = ax_path.plot([], [], "o", color=color, mec="black", ms=7)
            self.lines.append(line)
            self.faint.append(faint)
            self.dots.append(dot)
        self.vline = ax_path.axvline(self.lams[0], color="black", lw=1)
        ax_path.axhline(0, color="black", lw=0.6)
        both = np.concatenate([self.paths["L1"], self.paths["L2"]])
        span = both.max() - min(both.min(), 0.0)
        log_axis(ax_path)
        ax_path.set(xlim=(self.lams[0], self.lams[-1]),
                    ylim=(min(both.min(), 0.0) - 0.08 * span, both.max() + 0.08 * span),
                    xlabel="λ (log scale)", ylabel="weight (standardized features)")
        ax_path.legend(loc="upper right", fontsize=9)
        ax_path.set_title("paths (dotted: the other penalty)")
        dynamic = [self.region_fill, self.region_line, self.touching, self.marker,
                   *self.faint, *self.lines, self.vline, *self.dots]
        # A fixed aspect ratio makes constrained layout depend on the previous layout: lay out once, then
        # freeze it, so that the cached background and a full redraw place the axes identically.
        for panel in figure:
            FigureCanvasAgg(panel)
            panel.get_layout_engine().execute(panel)
            panel.set_layout_engine("none")
        super().__init__([self.slider, self.toggle], figure, dynamic=dynamic)

    def presets(self):
        """Small λ (the two penalties alike), the first λ where L1 sets one weight and both weights to 0,
        and L2 at that same λ (no zero)."""
        zeros = (self.paths["L1"] == 0.0).sum(axis=1)
        one = float(self.lams[int(np.argmax(zeros >= 1))]) if np.any(zeros >= 1) else float(self.lams[-1])
        out = {"small λ": {"slider": float(self.lams[0]), "toggle": "L1"},
               "L1: one weight exactly 0": {"slider": one, "toggle": "L1"},
               "L2 at the same λ": {"slider": one, "toggle": "L2"}}
        if np.any(zeros >= 2):
            out["L1: both weights 0"] = {"slider": float(self.lams[int(np.argmax(zeros >= 2))]), "toggle": "L1"}
        return out

    def _grid_index(self, lam: float) -> int:
        """Row of the precomputed paths nearest to ``lam`` on the slider's log grid."""
        k = int(round((np.log10(lam) - LOG_MIN) / LOG_STEP))
        return min(max(k, 0), self.lams.size - 1)

    @property
    def index(self) -> int:
        """Row of the precomputed paths for the slider's current λ."""
        return self._grid_index(self.slider.value)

    def _snap(self, lam: float) -> float:
        if isinstance(lam, bool) or not isinstance(lam, numbers.Real) or not np.isfinite(lam) or lam <= 0:
            raise ValueError(f"lam must be a finite number > 0, got {lam!r}")
        return float(self.lams[self._grid_index(lam)])

    def update(self) -> str:
        penalty = self.toggle.value
        other = "L1" if penalty == "L2" else "L2"
        k = self.index
        lam = float(self.lams[k])
        coef = self.paths[penalty][k]
        radius = float(np.abs(coef).sum() if penalty == "L1" else np.linalg.norm(coef))
        outline = radius * self._unit[penalty]
        d = coef - self.center
        excess = float(d @ self.hessian @ d)
        ellipse = self.center + np.sqrt(excess) * self._circle
        color = PENALTY_COLORS[penalty]

        self.region_line.set_data(outline[:, 0], outline[:, 1])
        self.region_line.set_color(color)
        self.region_fill.set_xy(outline)
        self.region_fill.set_facecolor(color)
        self.touching.set_data(ellipse[:, 0], ellipse[:, 1])
        self.marker.set_data([coef[0]], [coef[1]])
        self.marker.set_markerfacecolor(color)
        for j in range(2):
            self.lines[j].set_ydata(self.paths[penalty][:, j])
            self.faint[j].set_ydata(self.paths[other][:, j])
            self.dots[j].set_data([lam], [coef[j]])
        self.vline.set_xdata([lam, lam])

        n_zero = int(np.sum(coef == 0.0))
        self.state = {"lam": lam, "penalty": penalty, "coef": coef.copy(), "n_zero": n_zero,
                      "radius": radius, "excess": excess, "w1": float(coef[0]), "w2": float(coef[1])}
        zeros = {0: "no weight is zero", 1: "one weight is exactly 0", 2: "both weights are exactly 0"}[n_zero]
        shape = "diamond ‖w‖₁" if penalty == "L1" else "disk ‖w‖₂"
        return (f"{PENALTY_NAMES[penalty]}, λ = {lam:.3g}: the {shape} ≤ {radius:.3f}; "
                f"solution w = ({coef[0]:.3f}, {coef[1]:.3f}): {zeros}.")
