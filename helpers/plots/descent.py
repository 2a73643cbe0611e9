"""Figures of lesson 03 (gradient shrinkage): descent paths on loss contours, decay curves, shrinkage factors.

Every function takes arrays and the ``ax`` to draw on, draws one idea, labels it, and returns ``ax``.
Labels are plain Unicode text (w₁, d²) rather than TeX: it reads the same and draws several times faster.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import LogFormatter, NullFormatter

from .._validation import (
    as_array,
    as_axes,
    as_bool,
    as_curves,
    as_mapping,
    as_matrix,
    as_names,
    as_number,
    as_positive_int,
    as_text,
    as_vector,
)
from .style import COLORS, CYCLE

#: Colours for the curves of this lesson (the course palette, plus one for the unpenalized run).
PLAIN = COLORS["ols"]
DECAY = COLORS["ridge"]


def log_scale(ax: Axes, which: str = "y") -> Axes:
    """Put one axis on a log scale with plain tick labels (1e-05, 0.01, 1, 100)."""
    as_axes(ax)
    if which not in ("x", "y"):
        raise ValueError(f"which must be 'x' or 'y', got {which!r}")
    axis = ax.yaxis if which == "y" else ax.xaxis
    (ax.set_yscale if which == "y" else ax.set_xscale)("log")
    axis.set_major_formatter(LogFormatter(labelOnlyBase=True))
    axis.set_minor_formatter(NullFormatter())
    return ax


def loss_grid(X, y, w1, w2) -> np.ndarray:
    """The sum of squared errors ``Σ (y_i − ȳ − x_i·w)²`` of centred data on the grid ``w1 × w2``.

    ``X`` has two columns; the result has shape ``(len(w2), len(w1))``, ready for ``ax.contour``.
    Centring profiles the unpenalized intercept out, so the surface depends on the weights alone.
    """
    X = as_matrix(X)
    if X.shape[1] != 2:
        raise ValueError(f"X must have 2 columns, got shape {X.shape}")
    y = as_vector(y, n=len(X))
    w1, w2 = as_array(w1, "w1", ndim=1), as_array(w2, "w2", ndim=1)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    G, c, s = Xc.T @ Xc, Xc.T @ yc, yc @ yc
    A, B = np.meshgrid(np.asarray(w1, float), np.asarray(w2, float))
    return s - 2 * (c[0] * A + c[1] * B) + G[0, 0] * A**2 + 2 * G[0, 1] * A * B + G[1, 1] * B**2


def loss_contours(ax: Axes, w1, w2, values, *, n_levels: int = 10, color: str = "0.65",
                  title: str = "", xlabel: str = "weight w₁", ylabel: str = "weight w₂") -> Axes:
    """Contour lines of a loss surface: levels spaced geometrically above its minimum on the grid."""
    as_axes(ax)
    w1, w2 = as_array(w1, "w1", ndim=1), as_array(w2, "w2", ndim=1)
    values = as_array(values, "values", shape=(len(w2), len(w1)))
    n_levels = as_positive_int(n_levels, "n_levels")
    title, xlabel, ylabel = as_text(title, "title"), as_text(xlabel, "xlabel"), as_text(ylabel, "ylabel")
    low, high = values.min(), values.max()
    levels = low + (high - low) * np.geomspace(1e-3, 0.6, n_levels)
    ax.contour(w1, w2, values, levels=levels, colors=color, linewidths=0.8)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.set_aspect("equal", adjustable="box")
    return ax


def descent_path(ax: Axes, path, *, label: str, color: str, n_markers: int = 25,
                 marker: str = "o") -> Axes:
    """A gradient-descent path ``path[t] = (w1, w2)``: a line through all iterates, dots on the first few."""
    as_axes(ax)
    path = as_array(path, "path", shape=(None, 2))
    label, color = as_text(label, "label"), as_text(color, "color")
    n_markers = as_positive_int(n_markers, "n_markers", minimum=0)
    ax.plot(path[:, 0], path[:, 1], "-", color=color, lw=1.2, label=label)
    shown = path[:n_markers]
    ax.plot(shown[:, 0], shown[:, 1], marker, color=color, ms=3)
    return ax


def mark_point(ax: Axes, w, *, label: str, color: str, marker: str = "*", size: float = 14) -> Axes:
    """One labelled point (an optimum, a starting point)."""
    as_axes(ax)
    w = as_array(w, "w", shape=(2,))
    label, color = as_text(label, "label"), as_text(color, "color")
    size = as_number(size, "size", low=0, low_open=True)
    ax.plot([w[0]], [w[1]], marker, color=color, ms=size, mec="black", mew=0.6, label=label, zorder=5)
    return ax


def step_arrows(ax: Axes, w, data_step, decay_step, *, scale: float = 1.0) -> Axes:
    """One update split in two: the data step ``−η∇L`` and the decay step ``−2ηλw``, head to tail.

    ``scale`` magnifies both arrows equally so a small step is visible; the sum is drawn dashed.
    """
    as_axes(ax)
    w, a, b = (as_array(v, n, shape=(2,)) for v, n in ((w, "w"), (data_step, "data_step"), (decay_step, "decay_step")))
    scale = as_number(scale, "scale", low=0, low_open=True)
    a, b = scale * a, scale * b
    style = dict(angles="xy", scale_units="xy", scale=1, width=0.006, zorder=4)
    ax.quiver(*w, *a, color=COLORS["data"], label="data step −η∇L", **style)
    ax.quiver(*(w + a), *b, color=DECAY, label="decay step −2ηλw", **style)
    ax.annotate("", xy=w + a + b, xytext=w, arrowprops=dict(arrowstyle="->", ls="--", color="black"))
    ax.plot([w[0]], [w[1]], "o", color="black", ms=4)
    return ax


def curves_against_steps(ax: Axes, steps, curves: Mapping[str, np.ndarray], *, ylabel: str, title: str,
                         log: bool = False, styles: Mapping[str, dict] | None = None,
                         xlabel: str = "step t") -> Axes:
    """Several quantities against the step number, one labelled line each (``styles`` per label)."""
    as_axes(ax)
    steps = as_vector(steps, "steps")
    curves = as_curves(curves, "curves", steps.size, of="steps has {n} entries")
    ylabel, title, xlabel = as_text(ylabel, "ylabel"), as_text(title, "title"), as_text(xlabel, "xlabel")
    log = as_bool(log, "log")
    styles = as_mapping(styles if styles is not None else {}, "styles", min_size=0)
    for label, style in styles.items():
        as_mapping(style, f"styles[{label!r}]", min_size=0)  # keyword arguments of ax.plot
    for label, values in curves.items():
        ax.plot(steps, values, label=label, **styles.get(label, {}))
    if log:
        log_scale(ax, "y")
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend()
    return ax


def shrinkage_scatter(ax: Axes, ols_coef, ridge_coefs: Mapping[float, np.ndarray]) -> Axes:
    """Ridge weights against least-squares weights, one colour per λ, with the lines of slope 1/(1+λ)."""
    as_axes(ax)
    ols_coef = as_array(ols_coef, "ols_coef", ndim=1)
    if not isinstance(ridge_coefs, Mapping):
        raise TypeError(f"ridge_coefs must be a mapping from λ to weights, got {type(ridge_coefs).__name__}")
    ridge_coefs = {as_number(lam, "ridge_coefs key", low=0): as_array(c, f"ridge_coefs[{lam!r}]", shape=ols_coef.shape)
                   for lam, c in ridge_coefs.items()}
    span = np.array([-1.1, 1.1]) * np.abs(ols_coef).max()
    ax.plot(span, span, color=PLAIN, lw=0.8, label="no shrinkage (slope 1)")
    for (lam, coef), color in zip(ridge_coefs.items(), CYCLE[:4]):
        ax.plot(span, span / (1 + lam), "--", color=color, lw=0.8)
        ax.plot(ols_coef, coef, "o", color=color, label=f"λ = {lam:g}: slope 1/(1+λ) = {1 / (1 + lam):.2f}")
    ax.set(xlabel="least-squares weight", ylabel="ridge weight", title="orthonormal design: every weight ÷ (1+λ)")
    ax.legend(fontsize=8)
    return ax


def _subscript(k: int) -> str:
    return "".join("₀₁₂₃₄₅₆₇₈₉"[int(c)] for c in str(k))


def factor_curves(ax: Axes, lams, d, measured_lams, measured) -> Axes:
    """The shrinkage factors ``d_j²/(d_j²+λ)`` against λ (lines) and measured ratios (dots), one per direction."""
    as_axes(ax)
    lams, d = as_array(lams, "lams", ndim=1), as_array(d, "d", ndim=1)
    measured_lams = as_array(measured_lams, "measured_lams", ndim=1)
    measured = as_array(measured, "measured", shape=(len(measured_lams), len(d)))
    cmap = mpl.colormaps["viridis"]
    for j, dj in enumerate(d):
        color = cmap(j / max(len(d) - 1, 1))
        ax.plot(lams, dj**2 / (dj**2 + lams), color=color, lw=1, label=f"d{_subscript(j + 1)}² = {dj**2:.0f}")
        ax.plot(measured_lams, measured[:, j], "o", color=color, ms=3)
    log_scale(ax, "x")
    ax.set(xlabel="λ", ylabel="ridge ÷ least squares", ylim=(0, 1.02),
           title="each principal direction scaled by d²/(d² + λ)")
    ax.legend(fontsize=7, ncol=2, title="lines: formula, dots: measured", title_fontsize=7)
    return ax


def conditioning(ax_kappa: Axes, ax_steps: Axes, lams, kappa, counted, bound, *, tol: float) -> tuple[Axes, Axes]:
    """Condition number against λ (left) and gradient-descent steps to a tolerance against λ (right)."""
    as_axes(ax_kappa, "ax_kappa"), as_axes(ax_steps, "ax_steps")
    lams = as_array(lams, "lams", ndim=1)
    kappa, bound = (as_array(v, n, shape=lams.shape) for v, n in ((kappa, "kappa"), (bound, "bound")))
    as_array(counted, "counted", shape=lams.shape)  # checked only: its first entry is printed as an integer
    tol = as_number(tol, "tol", low=0, low_open=True)
    x = np.where(lams > 0, lams, np.nan)
    shown = lams > 0
    ax_kappa.plot(x[shown], np.asarray(kappa)[shown], "o-", color=DECAY)
    log_scale(ax_kappa, "x")
    ax_kappa.axhline(kappa[0], color=PLAIN, ls="--", lw=0.8, label=f"λ = 0: κ = {kappa[0]:.1f}")
    ax_kappa.set(xlabel="λ", ylabel="condition number κ", ylim=(0, None),
                 title="κ(λ) = (d²max + λ) / (d²min + λ)")
    ax_kappa.legend()
    ax_steps.plot(x[shown], np.asarray(counted)[shown], "o", color=DECAY, label="counted")
    ax_steps.plot(x[shown], np.asarray(bound)[shown], "-", color="black", lw=0.8,
                  label="bound log(tol) / log((κ−1)/(κ+1))")
    log_scale(ax_steps, "x")
    ax_steps.axhline(counted[0], color=PLAIN, ls="--", lw=0.8, label=f"λ = 0: {counted[0]} steps")
    ax_steps.set(xlabel="λ", ylabel="steps", ylim=(0, None),
                 title=f"steps until ‖w − w*‖ ≤ {tol:g}·‖w*‖")
    ax_steps.legend()
    return ax_kappa, ax_steps


def coefficient_paths(ax: Axes, x, coefs, *, names: Sequence[str], style: str = "-", xlabel: str,
                      title: str, label_lines: bool = True, log: bool = True) -> Axes:
    """Each weight (a column of ``coefs``) against ``x``, one colour per weight (named in a legend if ``label_lines``)."""
    as_axes(ax)
    x = as_array(x, "x", ndim=1)
    coefs = as_array(coefs, "coefs", shape=(len(x), None))
    names = as_names(names, n=coefs.shape[1])
    xlabel, title = as_text(xlabel, "xlabel"), as_text(title, "title")
    label_lines, log = as_bool(label_lines, "label_lines"), as_bool(log, "log")
    for j in range(coefs.shape[1]):
        ax.plot(x, coefs[:, j], style, color=CYCLE[j % len(CYCLE)], lw=1.2, label=names[j] if label_lines else None)
    if label_lines:
        ax.legend(fontsize=7, ncol=2)
    if log:
        log_scale(ax, "x")
    ax.axhline(0, color="black", lw=0.5)
    ax.set(xlabel=xlabel, ylabel="weight", title=title)
    return ax
