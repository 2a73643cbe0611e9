"""Figures of lesson 05 (beyond overfitting): digits, condition numbers, runaway weights, coefficient clouds.

Every function takes arrays and the ``ax`` to draw on, draws one idea, labels it, and returns ``ax``
(or, where an explorer updates them later, the artists it created).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes

from .._validation import (
    as_array,
    as_axes,
    as_bool,
    as_color,
    as_colored_curves,
    as_curves,
    as_labels,
    as_mapping,
    as_names,
    as_number,
    as_positive_float,
    as_positive_int,
    as_range,
    as_text,
    as_vector,
    require_nonnegative,
    require_positive,
)
from .style import COLORS


def _colors(colors, name: str, n: int, defaults: list, *, curves: str) -> list:
    """The colours of the ``n`` entries of ``curves``: those given (at least ``n``), else the defaults (if enough)."""
    if colors is None:
        if n > len(defaults):
            raise ValueError(f"{curves} holds {n} curves but there are {len(defaults)} default colours: "
                             f"pass {name}, one colour per curve")
        return defaults[:n]
    if isinstance(colors, (str, bytes)) or not isinstance(colors, (Sequence, np.ndarray)):
        raise TypeError(f"{name} must be a sequence of matplotlib colours, one per curve, got {type(colors).__name__}")
    colors = [as_color(c, f"{name}[{k}]") for k, c in enumerate(colors)]
    if len(colors) < n:
        raise ValueError(f"{name} has {len(colors)} colours but there are {n} curves")
    return colors


LS = COLORS["ols"]
RIDGE = COLORS["ridge"]
NAIVE = COLORS["test"]
SVD = COLORS["data"]


def digits_bars(ax: Axes, names: Sequence[str], digits: Mapping[str, Sequence[float]], *,
                colors: Sequence[str] | None = None, max_digits: float = 15.0, title: str = "") -> Axes:
    """Grouped bars: correct significant digits (LRE) of each coefficient, one colour per solver."""
    as_axes(ax)
    names = list(as_names(names, "names"))
    digits = as_curves(digits, "digits", len(names), of="names has {n} entries")
    k = len(digits)
    width = 0.8 / max(k, 1)
    x = np.arange(len(names))
    colors = _colors(colors, "colors", k, [NAIVE, SVD, RIDGE, LS], curves="digits")
    max_digits, title = as_positive_float(max_digits, "max_digits"), as_text(title, "title")
    for i, ((label, values), color) in enumerate(zip(digits.items(), colors)):
        ax.bar(x + (i - (k - 1) / 2) * width, values, width, color=color, label=label)
    ax.axhline(max_digits, color="black", lw=0.8, ls=":")
    ax.text(len(names) - 0.5, max_digits, "all certified digits", ha="right", va="bottom", fontsize=8)
    ax.set_xticks(x, names, rotation=0)
    ax.set(ylabel="correct significant digits (LRE)", ylim=(0, max_digits + 4), title=title)
    ax.legend(loc="upper left", ncols=k, fontsize=8)
    return ax


def condition_curve(ax: Axes, lams, kappa, *, label: str, color: str = RIDGE, bound=None,
                    show_eps: bool = True, title: str = "") -> Axes:
    """The condition number ``κ(XᵀX + λI)`` against λ on log–log axes, with the bound ``1 + d_max²/λ`` if given."""
    as_axes(ax)
    lams = require_positive(as_vector(lams, "lams"), "lams")
    kappa = require_positive(as_vector(kappa, "kappa", lams.size, of="lams has {n} entries"), "kappa")
    if bound is not None:
        bound = require_positive(as_vector(bound, "bound", lams.size, of="lams has {n} entries"), "bound")
    label, color, title = as_text(label, "label"), as_color(color, "color"), as_text(title, "title")
    show_eps = as_bool(show_eps, "show_eps")
    ax.loglog(lams, kappa, color=color, lw=2, label=label)
    if bound is not None:
        ax.loglog(lams, bound, color="black", lw=1, ls="--", label=r"bound $1 + d_{\max}^2/\lambda$")
    if show_eps:
        ax.axhline(1 / np.finfo(float).eps, color="0.4", lw=0.8, ls=":")
        ax.text(lams[0], 1 / np.finfo(float).eps, r"$1/\varepsilon$ (no digits left)", va="bottom", fontsize=8)
    ax.set(xlabel=r"penalty $\lambda$", ylabel=r"condition number $\kappa$", title=title)
    ax.legend(loc="lower left", fontsize=8)
    return ax


def digits_curve(ax: Axes, lams, measured: Mapping[str, Sequence[float]], *, predicted=None,
                 colors: Sequence[str] | None = None, max_digits: float = 15.0, title: str = "") -> Axes:
    """Correct digits of a solver against λ (semilog-x), with the rule of thumb ``16 − log10 κ`` if given."""
    as_axes(ax)
    lams = require_positive(as_vector(lams, "lams"), "lams")
    measured = as_curves(measured, "measured", lams.size, of="lams has {n} entries")
    colors = _colors(colors, "colors", len(measured), [NAIVE, SVD, RIDGE], curves="measured")
    if predicted is not None:
        predicted = as_vector(predicted, "predicted", lams.size, of="lams has {n} entries")
    max_digits, title = as_positive_float(max_digits, "max_digits"), as_text(title, "title")
    for (label, values), color in zip(measured.items(), colors):
        ax.semilogx(lams, values, "o-", ms=3, color=color, label=label)
    if predicted is not None:
        ax.semilogx(lams, predicted, color="black", lw=1, ls="--",
                    label=r"rule of thumb $16 - \log_{10}\kappa$")
    ax.set(xlabel=r"penalty $\lambda$", ylabel="correct significant digits", ylim=(0, max_digits + 1), title=title)
    ax.legend(loc="lower right", fontsize=8)
    return ax


def coefficient_magnitudes(ax: Axes, coefs: Mapping[str, Sequence[float]], *,
                           colors: Sequence[str] | None = None, truth=None, title: str = "") -> Axes:
    """``|w_j|`` of several fits on a log scale, one marker style per fit, with the true weights if given."""
    as_axes(ax)
    coefs = as_curves(coefs, "coefs")
    if len(coefs) > 4:
        raise ValueError(f"coefs holds {len(coefs)} fits but the figure has marker styles for 4")
    colors = _colors(colors, "colors", len(coefs), [LS, RIDGE, NAIVE], curves="coefs")
    truth = None if truth is None else as_vector(truth, "truth")
    title = as_text(title, "title")
    for (label, values), color, marker in zip(coefs.items(), colors, "osD^"):
        values = np.abs(values)
        ax.semilogy(np.arange(1, values.size + 1), values, marker + "-", color=color, ms=5, label=label)
    if truth is not None:
        truth = np.abs(truth)
        ax.semilogy(np.arange(1, truth.size + 1), truth, "k:", lw=1, label="true weights")
    ax.set(xlabel="coefficient index $j$", ylabel=r"$|w_j|$ (log scale)", title=title)
    ax.legend(fontsize=8)
    return ax


def separable_data(ax: Axes, X, y, boundaries: Mapping[str, tuple] | None = None, *, title: str = "") -> Axes:
    """Two-feature data coloured by class, with decision lines ``b + w·x = 0`` given as ``(b, w, color)``."""
    as_axes(ax)
    X = as_array(X, "X", shape=(None, 2))
    y = as_labels(y, "y", len(X), both=False)
    lines = {}
    for name, entry in as_mapping(boundaries, "boundaries", min_size=0).items() if boundaries is not None else ():
        name = as_text(name, "a name in boundaries")
        if isinstance(entry, (str, bytes)) or not isinstance(entry, Sequence) or len(entry) != 3:
            raise TypeError(f"boundaries[{name!r}] must be a triple (b, w, colour), got {type(entry).__name__}")
        b = as_number(entry[0], f"boundaries[{name!r}] intercept b")
        w = as_vector(entry[1], f"boundaries[{name!r}] weights w", 2, of="the data has {n} features")
        if w[0] == 0:
            raise ValueError(f"boundaries[{name!r}] weights w must have w₁ ≠ 0 (the line is drawn as x₁ against x₂)")
        lines[name] = (b, w, as_color(entry[2], f"boundaries[{name!r}] colour"))
    title = as_text(title, "title")
    for label, color, marker in ((0, COLORS["data"], "o"), (1, COLORS["test"], "s")):
        ax.scatter(X[y == label, 0], X[y == label, 1], s=18, color=color, marker=marker, label=f"class {label}")
    x_range = np.array([X[:, 0].min(), X[:, 0].max()])
    y_lim = (X[:, 1].min() - 0.5, X[:, 1].max() + 0.5)
    for name, (b, w, color) in lines.items():
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
    as_axes(ax)
    steps = require_positive(as_vector(steps, "steps"), "steps")
    curves = as_colored_curves(curves, "curves", steps.size, of="steps has {n} entries")
    hlines = {as_text(label, "a label of hlines"): as_number(level, f"hlines[{label!r}]")
              for label, level in as_mapping(hlines if hlines is not None else {}, "hlines", min_size=0).items()}
    checked_marks = {}
    for label, mark in as_mapping(marks if marks is not None else {}, "marks", min_size=0).items():
        label = as_text(label, "a label of marks")
        if isinstance(mark, (str, bytes)) or not isinstance(mark, Sequence) or len(mark) != 2:
            raise TypeError(f"marks[{label!r}] must be a pair (step, value), got {type(mark).__name__}")
        checked_marks[label] = (as_number(mark[0], f"marks[{label!r}] step", low=0.0, low_open=True),
                                as_number(mark[1], f"marks[{label!r}] value"))
    ylabel, legend_loc, title = as_text(ylabel, "ylabel"), as_text(legend_loc, "legend_loc"), as_text(title, "title")
    logy = as_bool(logy, "logy")
    for label, (values, color) in curves.items():
        ax.plot(steps, values, color=color, lw=2, label=label)
    for label, level in hlines.items():
        ax.axhline(level, color="0.3", lw=0.8, ls="--")
        ax.text(steps[-1], level, label, ha="right", va="bottom", fontsize=8)
    for label, (step, value) in checked_marks.items():
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
    as_axes(ax)
    ls_coefs = as_array(ls_coefs, "ls_coefs", shape=(None, 2))
    ridge_coefs = as_array(ridge_coefs, "ridge_coefs", shape=(None, 2))
    truth = tuple(as_vector(truth, "truth", 2, of="the picture has {n} weights"))
    limits = as_range(limits, "limits")
    title, ls_label = as_text(title, "title"), as_text(ls_label, "ls_label")
    ridge_label = as_text(ridge_label, "ridge_label")
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
    as_axes(ax)
    labels = as_names(labels, "labels")
    of = "labels has {n} entries"
    ls_spread = require_nonnegative(as_vector(ls_spread, "ls_spread", len(labels), of=of), "ls_spread",
                                    "standard deviations")
    ridge_spread = require_nonnegative(as_vector(ridge_spread, "ridge_spread", len(labels), of=of), "ridge_spread",
                                       "standard deviations")
    ylim, title = as_range(ylim, "ylim", positive=True), as_text(title, "title")  # the y axis is logarithmic
    x = np.arange(len(labels))
    ls_bars = ax.bar(x - 0.2, ls_spread, 0.4, color=LS, label="least squares")
    ridge_bars = ax.bar(x + 0.2, ridge_spread, 0.4, color=RIDGE, label="ridge")
    ax.set_yscale("log")
    ax.set_xticks(x, list(labels))
    ax.set(ylim=ylim, ylabel="standard deviation", title=title)
    ax.legend(fontsize=8, loc="upper right")
    return ls_bars, ridge_bars


def change_histograms(ax: Axes, changes: Mapping[str, tuple], *, bounds: Mapping[str, tuple] | None = None,
                      bins: int = 40, xlabel: str = "|change in prediction|", title: str = "") -> Axes:
    """Histograms of prediction changes, ``changes[label] = (values, color)``; ``bounds[label] = (value, color)``
    draws the bound ``‖w‖‖δ‖`` as a vertical line."""
    as_axes(ax)
    changes = as_colored_curves(changes, "changes")
    for label, (values, _) in changes.items():
        require_nonnegative(values, f"changes[{label!r}] values", "sizes of changes")
    checked_bounds = {}
    for label, entry in as_mapping(bounds if bounds is not None else {}, "bounds", min_size=0).items():
        label = as_text(label, "a label of bounds")
        if isinstance(entry, (str, bytes)) or not isinstance(entry, Sequence) or len(entry) != 2:
            raise TypeError(f"bounds[{label!r}] must be a pair (value, colour), got {type(entry).__name__}")
        checked_bounds[label] = (as_number(entry[0], f"bounds[{label!r}] value", low=0.0),
                                 as_color(entry[1], f"bounds[{label!r}] colour"))
    bins = as_positive_int(bins, "bins")
    xlabel, title = as_text(xlabel, "xlabel"), as_text(title, "title")
    top = max(np.max(v) for v, _ in changes.values())
    if checked_bounds:
        top = max(top, max(v for v, _ in checked_bounds.values()))
    if not top > 0:
        raise ValueError("changes must hold at least one change > 0 (the histograms need a range to bin)")
    edges = np.linspace(0.0, top * 1.02, bins + 1)
    for label, (values, color) in changes.items():
        ax.hist(values, bins=edges, color=color, histtype="step", lw=2, label=label)
    for label, (value, color) in checked_bounds.items():
        ax.axvline(value, color=color, lw=1.5, ls="--", label=label)
    ax.set(xlabel=xlabel, ylabel="count", title=title)
    ax.legend(fontsize=8, loc="upper right")
    return ax
