"""Figures for curve fitting: fitted curves over their data, and error curves against a parameter.

Every function takes arrays and the Matplotlib ``ax`` (or axes) to draw on, and returns the artists it
created, so that an explorer can keep them and update their data. Nothing here fits a model: the
caller evaluates its fit on a grid and passes the values.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> import numpy as np
>>> fig, ax = plt.subplots()
>>> x = np.linspace(0, 1, 5); grid = np.linspace(0, 1, 50)
>>> artists = plot_fit(ax, x, np.sin(2 * np.pi * x), grid, np.zeros(50), y_true=np.sin(2 * np.pi * grid))
>>> artists.fit.get_label()
'fit'
>>> plt.close(fig)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
from matplotlib.ticker import FuncFormatter, NullLocator

from .._validation import (
    as_axes,
    as_axes_list,
    as_bool,
    as_choice,
    as_curves,
    as_names,
    as_nonnegative_float,
    as_number,
    as_range,
    as_text,
    as_vector,
    require_positive,
)
from .style import COLORS, CYCLE


class FitArtists(NamedTuple):
    """What ``plot_fit`` drew: the data points, the true curve (or ``None``) and the fitted curve."""

    points: object
    truth: object
    fit: object


class ErrorArtists(NamedTuple):
    """What ``plot_error_curves`` drew: the two error lines, the best-point marker and the floor line."""

    train: object
    test: object
    best: object
    floor: object


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def decade_label(value: float, _position=None) -> str:
    """Tick label for a logarithmic axis: ``0.01``…``1000`` written out, other powers of ten as ``10⁶``.

    Plain text rather than mathtext: it reads the same and draws several times faster.
    """
    value = as_number(value, "value")
    if not value > 0:
        return ""
    exponent = int(round(np.log10(value)))
    if not np.isclose(value, 10.0**exponent, rtol=1e-6):
        return ""
    if -2 <= exponent <= 3:
        return f"{value:g}"
    return "10" + str(exponent).translate(_SUPERSCRIPT)


def set_log_scale(ax, axis: str = "y") -> None:
    """Put ``axis`` ("x" or "y") of ``ax`` on a log scale with decade labels and no minor ticks."""
    as_axes(ax)
    as_choice(axis, "axis", ("x", "y"))
    target = ax.xaxis if axis == "x" else ax.yaxis
    (ax.set_xscale if axis == "x" else ax.set_yscale)("log")
    target.set_minor_locator(NullLocator())
    target.set_major_formatter(FuncFormatter(decade_label))


def _grid(x_grid) -> np.ndarray:
    x_grid = as_vector(x_grid, "x_grid", min_size=2)
    if not x_grid.max() > x_grid.min():
        raise ValueError("x_grid must span an interval (its smallest and largest values differ)")
    return x_grid


def plot_fit(ax, x, y, x_grid, y_fit, *, y_true=None, fit_label: str = "fit", true_label: str = "sin(2πx)",
             data_label: str = "training data", title: str | None = None, ylim=(-1.6, 1.6),
             xlabel: str = "x", ylabel: str = "y", legend: bool = True) -> FitArtists:
    """Draw data points ``(x, y)``, a fitted curve ``y_fit`` over ``x_grid`` and, optionally, the true curve.

    ``y_fit=None`` draws the data (and the true curve) only.

    Parameters
    ----------
    ax : the Axes to draw on.
    x, y : the training inputs and targets (1-D, same length).
    x_grid, y_fit : the fitted curve evaluated on a grid (1-D, same length).
    y_true : the true curve on the same grid, drawn dashed if given.
    ylim : fixed vertical limits, so that wild fits are clipped and figures stay comparable.

    Returns
    -------
    FitArtists(points, truth, fit): ``truth`` / ``fit`` are ``None`` when ``y_true`` / ``y_fit`` are.
    """
    ax = as_axes(ax)
    x = as_vector(x, "x")
    y = as_vector(y, "y", x.size, of="x has {n} entries")
    x_grid = _grid(x_grid)
    if y_true is not None:
        y_true = as_vector(y_true, "y_true", x_grid.size, of="x_grid has {n} points")
    if y_fit is not None:
        y_fit = as_vector(y_fit, "y_fit", x_grid.size, of="x_grid has {n} points")
    fit_label, true_label = as_text(fit_label, "fit_label"), as_text(true_label, "true_label")
    data_label, title = as_text(data_label, "data_label"), as_text(title, "title", optional=True)
    ylim, legend = as_range(ylim, "ylim"), as_bool(legend, "legend")
    xlabel, ylabel = as_text(xlabel, "xlabel"), as_text(ylabel, "ylabel")
    truth = fit = None
    if y_true is not None:
        (truth,) = ax.plot(x_grid, y_true, "--", color=COLORS["truth"], lw=1.5, label=true_label)
    if y_fit is not None:
        (fit,) = ax.plot(x_grid, y_fit, color=COLORS["fit"], lw=2, label=fit_label)
    points = ax.scatter(x, y, s=30, facecolors="none", edgecolors=COLORS["data"], linewidths=1.5,
                        label=data_label, zorder=3)
    margin = 0.02 * (x_grid.max() - x_grid.min())  # so that points at the ends are not cut in half
    ax.set(xlabel=xlabel, ylabel=ylabel, ylim=ylim, xlim=(x_grid.min() - margin, x_grid.max() + margin))
    if title is not None:
        ax.set_title(title)
    if legend:
        ax.legend(loc="lower left", fontsize=8)
    return FitArtists(points, truth, fit)


def plot_fits(axes, x, y, x_grid, fits: Sequence, titles: Sequence[str], *, y_true=None,
              ylim=(-1.6, 1.6)) -> list[FitArtists]:
    """Several fits of the same data side by side: ``fits[k]`` (values on ``x_grid``) goes to ``axes[k]``.

    Only the first panel gets a legend and a y-label, so the row reads as one figure.
    """
    axes = as_axes_list(axes)
    x = as_vector(x, "x")
    y = as_vector(y, "y", x.size, of="x has {n} entries")
    x_grid = _grid(x_grid)
    if isinstance(fits, (str, bytes)) or not isinstance(fits, (Sequence, np.ndarray)):
        raise TypeError(f"fits must be a list of fitted curves (one per axis, each on x_grid), got {type(fits).__name__}")
    fits = [None if f is None else as_vector(f, f"fits[{k}]", x_grid.size, of="x_grid has {n} points")
            for k, f in enumerate(fits)]
    titles = as_names(titles, "titles")
    if len(fits) != len(axes) or len(titles) != len(axes):
        raise ValueError(f"fits and titles must have one entry per axis: {len(axes)} axes, "
                         f"{len(fits)} fits, {len(titles)} titles")
    if y_true is not None:
        y_true = as_vector(y_true, "y_true", x_grid.size, of="x_grid has {n} points")
    ylim = as_range(ylim, "ylim")
    drawn = []
    for k, (ax, y_fit, title) in enumerate(zip(axes, fits, titles)):
        drawn.append(plot_fit(ax, x, y, x_grid, y_fit, y_true=y_true, title=title, ylim=ylim,
                              legend=(k == 0), ylabel="y" if k == 0 else ""))
    return drawn


def plot_error_curves(ax, param, train, test, *, xlabel: str, ylabel: str = "RMSE",
                      train_label: str = "training", test_label: str = "test", noise_floor: float | None = None,
                      mark_best: bool = True, logx: bool = False, logy: bool = False,
                      title: str | None = None, ylim=None) -> ErrorArtists:
    """Training and test (or validation) error against a parameter: a degree, ln λ, a number of points.

    ``noise_floor`` draws a horizontal line at the error of the true function (the noise level σ for
    an RMSE), the best any model can do on new data. ``mark_best`` circles the lowest test error.

    Returns
    -------
    ErrorArtists(train, test, best, floor): ``best``/``floor`` are ``None`` when not drawn.
    """
    ax = as_axes(ax)
    param = as_vector(param, "param")
    train = as_vector(train, "train", param.size, of="param has {n} entries")
    test = as_vector(test, "test", param.size, of="param has {n} entries")
    xlabel, ylabel = as_text(xlabel, "xlabel"), as_text(ylabel, "ylabel")
    train_label, test_label = as_text(train_label, "train_label"), as_text(test_label, "test_label")
    if noise_floor is not None:
        noise_floor = as_nonnegative_float(noise_floor, "noise_floor")
    mark_best, logx, logy = as_bool(mark_best, "mark_best"), as_bool(logx, "logx"), as_bool(logy, "logy")
    if logx:
        require_positive(param, "param", "logx puts it on a log axis")
    title = as_text(title, "title", optional=True)
    ylim = None if ylim is None else as_range(ylim, "ylim", positive=logy)
    (train_line,) = ax.plot(param, train, "o-", color=COLORS["train"], ms=4, label=train_label)
    (test_line,) = ax.plot(param, test, "s--", color=COLORS["test"], ms=4, label=test_label)
    best = None
    if mark_best:
        k = int(np.nanargmin(test))
        (best,) = ax.plot([param[k]], [test[k]], "o", ms=12, mfc="none", mec="black",
                          label=f"lowest {test_label} error")
    floor = None
    if noise_floor is not None:
        floor = ax.axhline(float(noise_floor), color="gray", ls=":", lw=1.5, label="noise level σ")
    if logx:
        set_log_scale(ax, "x")
        if param.size <= 12:  # label each value of the parameter (for example each N)
            ax.set_xticks(param, [f"{p:g}" for p in param])
    if logy:
        set_log_scale(ax, "y")
    ax.set(xlabel=xlabel, ylabel=ylabel)
    if ylim is not None:
        ax.set_ylim(ylim)
    if title is not None:
        ax.set_title(title)
    ax.legend(fontsize=8)
    return ErrorArtists(train_line, test_line, best, floor)


def plot_curves(ax, param, curves: Mapping[str, object], *, xlabel: str, ylabel: str, logx: bool = False,
                logy: bool = False, title: str | None = None, marker: str = "o") -> dict:
    """Any number of named curves against one parameter (for example ‖w‖ and κ against the degree).

    Returns a dict mapping each label to its line.
    """
    ax = as_axes(ax)
    param = as_vector(param, "param")
    curves = as_curves(curves, "curves", param.size, of="param has {n} entries")
    xlabel, ylabel = as_text(xlabel, "xlabel"), as_text(ylabel, "ylabel")
    logx, logy = as_bool(logx, "logx"), as_bool(logy, "logy")
    if logx:
        require_positive(param, "param", "logx puts it on a log axis")
    title, marker = as_text(title, "title", optional=True), as_text(marker, "marker")
    lines = {}
    for k, (label, values) in enumerate(curves.items()):
        (lines[label],) = ax.plot(param, values, marker + "-", ms=4, color=CYCLE[k % len(CYCLE)], label=label)
    if logx:
        set_log_scale(ax, "x")
    if logy:
        set_log_scale(ax, "y")
    ax.set(xlabel=xlabel, ylabel=ylabel)
    if title is not None:
        ax.set_title(title)
    if len(curves) > 1:
        ax.legend(fontsize=8)
    return lines
