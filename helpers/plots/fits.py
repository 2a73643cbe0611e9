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
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, NullLocator

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
    if axis not in ("x", "y"):
        raise ValueError(f"axis must be 'x' or 'y', got {axis!r}")
    target = ax.xaxis if axis == "x" else ax.yaxis
    (ax.set_xscale if axis == "x" else ax.set_yscale)("log")
    target.set_minor_locator(NullLocator())
    target.set_major_formatter(FuncFormatter(decade_label))


def _check_ax(ax, name: str = "ax") -> Axes:
    if not isinstance(ax, Axes):
        raise TypeError(f"{name} must be a Matplotlib Axes (for example from plt.subplots()), got {type(ax).__name__}")
    return ax


def _vector(values, name: str, n: int | None = None, of: str | None = None) -> np.ndarray:
    try:
        v = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a 1-D array of numbers") from exc
    if v.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {v.shape}")
    if n is not None and v.shape[0] != n:
        raise ValueError(f"{name} has {v.shape[0]} entries but {of} has {n}; they must match")
    return v


def plot_fit(ax, x, t, x_grid, y_fit, *, y_true=None, fit_label: str = "fit", true_label: str = "sin(2πx)",
             data_label: str = "training data", title: str | None = None, ylim=(-1.6, 1.6),
             xlabel: str = "x", ylabel: str = "t", legend: bool = True) -> FitArtists:
    """Draw data points ``(x, t)``, a fitted curve ``y_fit`` over ``x_grid`` and, optionally, the true curve.

    ``y_fit=None`` draws the data (and the true curve) only.

    Parameters
    ----------
    ax : the Axes to draw on.
    x, t : the training inputs and targets (1-D, same length).
    x_grid, y_fit : the fitted curve evaluated on a grid (1-D, same length).
    y_true : the true curve on the same grid, drawn dashed if given.
    ylim : fixed vertical limits, so that wild fits are clipped and figures stay comparable.

    Returns
    -------
    FitArtists(points, truth, fit): ``truth`` / ``fit`` are ``None`` when ``y_true`` / ``y_fit`` are.
    """
    ax = _check_ax(ax)
    x = _vector(x, "x")
    t = _vector(t, "t", x.size, "x")
    x_grid = _vector(x_grid, "x_grid")
    truth = fit = None
    if y_true is not None:
        y_true = _vector(y_true, "y_true", x_grid.size, "x_grid")
        (truth,) = ax.plot(x_grid, y_true, "--", color=COLORS["truth"], lw=1.5, label=true_label)
    if y_fit is not None:
        y_fit = _vector(y_fit, "y_fit", x_grid.size, "x_grid")
        (fit,) = ax.plot(x_grid, y_fit, color=COLORS["fit"], lw=2, label=fit_label)
    points = ax.scatter(x, t, s=30, facecolors="none", edgecolors=COLORS["data"], linewidths=1.5,
                        label=data_label, zorder=3)
    margin = 0.02 * (x_grid.max() - x_grid.min())  # so that points at the ends are not cut in half
    ax.set(xlabel=xlabel, ylabel=ylabel, ylim=ylim, xlim=(x_grid.min() - margin, x_grid.max() + margin))
    if title is not None:
        ax.set_title(title)
    if legend:
        ax.legend(loc="lower left", fontsize=8)
    return FitArtists(points, truth, fit)


def plot_fits(axes, x, t, x_grid, fits: Sequence, titles: Sequence[str], *, y_true=None,
              ylim=(-1.6, 1.6)) -> list[FitArtists]:
    """Several fits of the same data side by side: ``fits[k]`` (values on ``x_grid``) goes to ``axes[k]``.

    Only the first panel gets a legend and a y-label, so the row reads as one figure.
    """
    axes = list(np.ravel(axes))
    if len(fits) != len(axes) or len(titles) != len(axes):
        raise ValueError(f"fits and titles must have one entry per axis: {len(axes)} axes, "
                         f"{len(fits)} fits, {len(titles)} titles")
    drawn = []
    for k, (ax, y_fit, title) in enumerate(zip(axes, fits, titles)):
        drawn.append(plot_fit(ax, x, t, x_grid, y_fit, y_true=y_true, title=title, ylim=ylim,
                              legend=(k == 0), ylabel="t" if k == 0 else ""))
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
    ax = _check_ax(ax)
    param = _vector(param, "param")
    train = _vector(train, "train", param.size, "param")
    test = _vector(test, "test", param.size, "param")
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
    ax = _check_ax(ax)
    param = _vector(param, "param")
    if not isinstance(curves, Mapping) or not curves:
        raise TypeError("curves must be a non-empty mapping {label: values}")
    lines = {}
    for k, (label, values) in enumerate(curves.items()):
        values = _vector(values, f"curves[{label!r}]", param.size, "param")
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
