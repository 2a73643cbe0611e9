"""Figures of lesson 05 (beyond overfitting): digits, condition numbers, runaway weights, coefficient clouds.

Every function takes arrays and the ``ax`` to draw on, draws one idea, labels it, and returns ``ax``
(or, where an explorer updates them later, the artists it created).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes

from .style import COLORS

LS = COLORS["ols"]
RIDGE = COLORS["ridge"]
NAIVE = COLORS["test"]
SVD = COLORS["data"]


def digits_bars(ax: Axes, names: Sequence[str], digits: Mapping[str, Sequence[float]], *,
                colors: Sequence[str] | None = None, max_digits: float = 15.0, title: str = "") -> Axes:
    """Grouped bars: correct significant digits (LRE) of each coefficient, one colour per solver."""
    names = list(names)
    k = len(digits)
    width = 0.8 / max(k, 1)
    x = np.arange(len(names))
    colors = list(colors) if colors is not None else [NAIVE, SVD, RIDGE, LS][:k]
    for i, ((label, values), color) in enumerate(zip(digits.items(), colors)):
        ax.bar(x + (i - (k - 1) / 2) * width, np.asarray(values, float), width, color=color, label=label)
    ax.axhline(max_digits, color="black", lw=0.8, ls=":")
    ax.text(len(names) - 0.5, max_digits, "all certified digits", ha="right", va="bottom", fontsize=8)
    ax.set_xticks(x, names, rotation=0)
    ax.set(ylabel="correct significant digits (LRE)", ylim=(0, max_digits + 4), title=title)
    ax.legend(loc="upper left", ncols=k, fontsize=8)
    return ax


def condition_curve(ax: Axes, lams, kappa, *, label: str, color: str = RIDGE, bound=None,
                    show_eps: bool = True, title: str = "") -> Axes:
    """The condition number ``κ(XᵀX + λI)`` against λ on log–log axes, with the bound ``1 + d_max²/λ`` if given."""
    lams = np.asarray(lams, float)
    ax.loglog(lams, np.asarray(kappa, float), color=color, lw=2, label=label)
    if bound is not None:
        ax.loglog(lams, np.asarray(bound, float), color="black", lw=1, ls="--", label=r"bound $1 + d_{\max}^2/\lambda$")
    if show_eps:
        ax.axhline(1 / np.finfo(float).eps, color="0.4", lw=0.8, ls=":")
        ax.text(lams[0], 1 / np.finfo(float).eps, r"$1/\varepsilon$ (no digits left)", va="bottom", fontsize=8)
    ax.set(xlabel=r"penalty $\lambda$", ylabel=r"condition number $\kappa$", title=title)
    ax.legend(loc="lower left", fontsize=8)
    return ax


def digits_curve(ax: Axes, lams, measured: Mapping[str, Sequence[float]], *, predicted=None,
                 colors: Sequence[str] | None = None, max_digits: float = 15.0, title: str = "") -> Axes:
    """Correct digits of a solver against λ (semilog-x), with the rule of thumb ``16 − log10 κ`` if given."""
    lams = np.asarray(lams, float)
    colors = list(colors) if colors is not None else [NAIVE, SVD, RIDGE][: len(measured)]
    for (label, values), color in zip(measured.items(), colors):
        ax.semilogx(lams, np.asarray(values, float), "o-", ms=3, color=color, label=label)
    if predicted is not None:
        ax.semilogx(lams, np.asarray(predicted, float), color="black", lw=1, ls="--",
                    label=r"rule of thumb $16 - \log_{10}\kappa$")
    ax.set(xlabel=r"penalty $\lambda$", ylabel="correct significant digits", ylim=(0, max_digits + 1), title=title)
    ax.legend(loc="lower right", fontsize=8)
    return ax


def coefficient_magnitudes(ax: Axes, coefs: Mapping[str, Sequence[float]], *,
                           colors: Sequence[str] | None = None, truth=None, title: str = "") -> Axes:
    """``|w_j|`` of several fits on a log scale, one marker style per fit, with the true weights if given."""
    colors = list(colors) if colors is not None else [LS, RIDGE, NAIVE][: len(coefs)]
    for (label, values), color, marker in zip(coefs.items(), colors, "osD^"):
        values = np.abs(np.asarray(values, float))
        ax.semilogy(np.arange(1, values.size + 1), values, marker + "-", color=color, ms=5, label=label)
    if truth is not None:
        truth = np.abs(np.asarray(truth, float))
        ax.semilogy(np.arange(1, truth.size + 1), truth, "k:", lw=1, label="true weights")
    ax.set(xlabel="coefficient index $j$", ylabel=r"$|w_j|$ (log scale)", title=title)
    ax.legend(fontsize=8)
    return ax


def separable_data(ax: Axes, X, y, boundaries: Mapping[str, tuple] | None = None, *, title: str = "") -> Axes:
    """Two-feature data coloured by class, with decision lines ``b + w·x = 0`` given as ``(b, w, color)``."""
    X = np.asarray(X, float)
    y = np.asarray(y)
    for label, color, marker in ((0, COLORS["data"], "o"), (1, COLORS["test"], "s")):
        ax.scatter(X[y == label, 0], X[y == label, 1], s=18, color=color, marker=marker, label=f"class {label}")
    x_range = np.array([X[:, 0].min(), X[:, 0].max()])
    y_lim = (X[:, 1].min() - 0.5, X[:, 1].max() + 0.5)
    for name, (b, w, color) in (boundaries or {}).items():
        # b + w1·x1 + w2·x2 = 0  →  x1 = −(b + w2·x2)/w1: draw it as a function of x2
        x2 = np.array(y_lim)
        ax.plot(-(b + w[1] * x2) / w[0], x2, color=color, lw=1.5, label=name)
    ax.set(xlabel="feature $x_1$", ylabel="feature $x_2$", ylim=y_lim, xlim=x_range + [-0.3, 0.3], title=title)
    ax.legend(fontsize=8, loc="upper left")
    return ax


def growth_curves(ax: Axes, steps, curves: Mapping[str, tuple], *, ylabel: str,
                  hlines: Mapping[str, float] | None = None, marks: Mapping[str, tuple] | None = None,
                  logy: bool = False, legend_loc: str = "upper left", title: str = "") -> Axes:
    """Quantities against the step number on a log x axis: ``curves[label] = (values, color)``.

    ``hlines`` draws labelled horizontal levels; ``marks[label] = (step, value)`` marks points.
    """
    steps = np.asarray(steps, float)
    for label, (values, color) in curves.items():
        ax.plot(steps, np.asarray(values, float), color=color, lw=2, label=label)
    for label, level in (hlines or {}).items():
        ax.axhline(level, color="0.3", lw=0.8, ls="--")
        ax.text(steps[-1], level, label, ha="right", va="bottom", fontsize=8)
    for label, (step, value) in (marks or {}).items():
        ax.plot([step], [value], "o", color="black", ms=6, label=label)
    ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel="gradient-descent step $t$", ylabel=ylabel, title=title)
    ax.legend(fontsize=8, loc=legend_loc)
    return ax


def coef_cloud(ax: Axes, ls_coefs, ridge_coefs, *, truth=(1.0, 1.0), limits=(-4.0, 6.0),
               title: str = "", ls_label: str = "least squares", ridge_label: str = "ridge"):
    """Bootstrap clouds of ``(w₁, w₂)`` for least squares and ridge; returns the two scatter artists.

    The dashed line ``w₁ + w₂ = truth₁ + truth₂`` is where the data pin the weights down: along it the
    fit hardly changes, so least squares wanders along it from one resample to the next.
    """
    ls_coefs = np.asarray(ls_coefs, float)
    ridge_coefs = np.asarray(ridge_coefs, float)
    line = np.array(limits, float)
    ax.plot(line, sum(truth) - line, color="0.5", lw=1, ls="--", label=r"$w_1 + w_2$ = true sum")
    ls_points = ax.scatter(ls_coefs[:, 0], ls_coefs[:, 1], s=10, color=LS, alpha=0.6, label=ls_label)
    ridge_points = ax.scatter(ridge_coefs[:, 0], ridge_coefs[:, 1], s=10, color=RIDGE, alpha=0.6, label=ridge_label)
    ax.plot([truth[0]], [truth[1]], "*", color="black", mfc="none", ms=14, zorder=4, label="true weights")
    ax.set(xlim=limits, ylim=limits, xlabel="weight $w_1$", ylabel="weight $w_2$", title=title)
    ax.set_aspect("equal", adjustable="box")
    ax.legend(fontsize=8, loc="upper right")
    return ls_points, ridge_points


def spread_bars(ax: Axes, ls_spread, ridge_spread, *, labels=("$w_1$", "$w_2$", "$w_1 + w_2$"),
                ylim=(0.01, 10.0), title: str = "spread across resamples"):
    """Standard deviation of each quantity across resamples, least squares beside ridge (log y).

    Returns the two ``BarContainer``s so that an explorer can change their heights.
    """
    x = np.arange(len(labels))
    ls_bars = ax.bar(x - 0.2, np.asarray(ls_spread, float), 0.4, color=LS, label="least squares")
    ridge_bars = ax.bar(x + 0.2, np.asarray(ridge_spread, float), 0.4, color=RIDGE, label="ridge")
    ax.set_yscale("log")
    ax.set_xticks(x, list(labels))
    ax.set(ylim=ylim, ylabel="standard deviation", title=title)
    ax.legend(fontsize=8, loc="upper right")
    return ls_bars, ridge_bars


def change_histograms(ax: Axes, changes: Mapping[str, tuple], *, bounds: Mapping[str, tuple] | None = None,
                      bins: int = 40, xlabel: str = "|change in prediction|", title: str = "") -> Axes:
    """Histograms of prediction changes, ``changes[label] = (values, color)``; ``bounds[label] = (value, color)``
    draws the bound ``‖w‖‖δ‖`` as a vertical line."""
    top = max(np.max(np.asarray(v, float)) for v, _ in changes.values())
    if bounds:
        top = max(top, max(v for v, _ in bounds.values()))
    edges = np.linspace(0.0, top * 1.02, bins + 1)
    for label, (values, color) in changes.items():
        ax.hist(np.asarray(values, float), bins=edges, color=color, histtype="step", lw=2, label=label)
    for label, (value, color) in (bounds or {}).items():
        ax.axvline(value, color=color, lw=1.5, ls="--", label=label)
    ax.set(xlabel=xlabel, ylabel="count", title=title)
    ax.legend(fontsize=8, loc="upper right")
    return ax
