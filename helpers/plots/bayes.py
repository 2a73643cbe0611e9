"""Figures of the Bayesian view (lesson 08): function draws, predictive bands, evidence curves, criteria side by side.

Every function takes arrays and the ``ax`` to draw on, labels what it draws, and returns the artists
an explorer may want to update.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .._validation import as_array, as_axes, as_mapping, as_number, as_text, as_vector
from .style import COLORS, CYCLE, LINESTYLES

#: The evidence's colour wherever it is drawn (lesson 08's figures and its explorer).
EVIDENCE_COLOR = CYCLE[3]
#: One colour and line style per way of choosing λ; the test error keeps the course's test colour.
CRITERION_STYLES = {"negative log evidence": (EVIDENCE_COLOR, "-"), "GCV": (CYCLE[4], "-."),
                    "leave-one-out": (CYCLE[2], ":"), "10-fold CV": (CYCLE[0], "-"),
                    "test error": (COLORS["test"], LINESTYLES["test"])}


def _ylim(ylim):
    lo, hi = as_vector(ylim, "ylim", 2)
    if not lo < hi:
        raise ValueError(f"ylim must be (low, high) with low < high, got {tuple(ylim)}")
    return lo, hi


def _curve_and_data(x_grid, truth, x, y):
    x_grid = as_vector(x_grid, "x_grid")
    truth = None if truth is None else as_vector(truth, "truth", x_grid.size, of="x_grid has")
    if (x is None) != (y is None):
        raise ValueError("give the data as both x and y, or neither")
    if x is not None:
        x = as_vector(x, "x", min_size=0)
        y = as_vector(y, "y", x.size, of="x has", min_size=0)
    return x_grid, truth, x, y


def plot_draws(ax, x_grid, draws, *, truth=None, x=None, y=None, title: str = "", ylim=(-2.5, 2.5)):
    """Functions drawn from a prior or posterior (rows of ``draws``), with the data and sin(2πx) if given.

    Examples
    --------
    >>> import numpy as np
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().add_subplot()
    >>> len(plot_draws(ax, np.linspace(0, 1, 5), np.zeros((3, 5)), title="prior draws"))
    3
    """
    ax = as_axes(ax)
    x_grid, truth, x, y = _curve_and_data(x_grid, truth, x, y)
    draws = np.atleast_2d(as_array(draws, "draws"))
    if draws.ndim != 2 or draws.shape[1] != x_grid.size:
        raise ValueError(f"draws must have one row per curve and {x_grid.size} columns (one per x_grid point), "
                         f"got shape {draws.shape}")
    title, ylim = as_text(title, "title"), _ylim(ylim)
    lines = ax.plot(x_grid, draws.T, color=COLORS["fit"], linewidth=1.0, alpha=0.6)
    if truth is not None:
        ax.plot(x_grid, truth, color=COLORS["truth"], linestyle=LINESTYLES["truth"], linewidth=1.5, label="sin(2πx)")
    if x is not None and len(x):
        ax.plot(x, y, "o", color=COLORS["data"], mfc="white", markersize=6, label="data")
    ax.set(xlabel="x", ylim=ylim, title=title)
    return lines


def plot_predictive(ax, x_grid, mean, std, *, truth=None, x=None, y=None, title: str = "", ylim=(-2.0, 2.0)):
    """The predictive mean and its ±1 standard deviation band; returns ``(line, band)``.

    Examples
    --------
    >>> import numpy as np
    >>> from matplotlib.figure import Figure
    >>> line, band = plot_predictive(Figure().add_subplot(), np.linspace(0, 1, 5), np.zeros(5), np.full(5, 0.3))
    >>> line.get_ydata().tolist()
    [0.0, 0.0, 0.0, 0.0, 0.0]
    """
    ax = as_axes(ax)
    x_grid, truth, x, y = _curve_and_data(x_grid, truth, x, y)
    mean = as_vector(mean, "mean", x_grid.size, of="x_grid has")
    std = as_vector(std, "std", x_grid.size, of="x_grid has")
    if np.any(std < 0):
        raise ValueError("std must be >= 0 everywhere (it is a standard deviation)")
    title, ylim = as_text(title, "title"), _ylim(ylim)
    band = ax.fill_between(x_grid, mean - std, mean + std, color=COLORS["fit"], alpha=0.2,
                           label="±1 predictive sd")
    (line,) = ax.plot(x_grid, mean, color=COLORS["fit"], linewidth=1.5, label="predictive mean")
    if truth is not None:
        ax.plot(x_grid, truth, color=COLORS["truth"], linestyle=LINESTYLES["truth"], linewidth=1.2, label="sin(2πx)")
    if x is not None and len(x):
        ax.plot(x, y, "o", color=COLORS["data"], mfc="white", markersize=6, label="data")
    ax.set(xlabel="x", ylim=ylim, title=title)
    return line, band


def plot_evidence_by_order(ax, orders, curves: Mapping[str, np.ndarray], *, title: str = "model evidence"):
    """Log evidence against the polynomial order M, one line per setting, each maximum ringed.

    Examples
    --------
    >>> import numpy as np
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().add_subplot()
    >>> plot_evidence_by_order(ax, np.arange(3), {"fixed α": np.array([-5.0, -2.0, -3.0])})
    >>> ax.get_xlabel()
    'M (polynomial order)'
    """
    ax = as_axes(ax)
    orders = as_vector(orders, "orders")
    curves = as_mapping(curves, "curves")
    title = as_text(title, "title")
    for label, values in curves.items():
        label = as_text(label, "a label of curves")
        values = as_vector(values, f"curves[{label!r}]", orders.size, of="orders has")
        (line,) = ax.plot(orders, values, "o-", label=label)
        best = int(np.argmax(values))
        ax.plot(orders[best], values[best], "o", ms=13, mfc="none", color=line.get_color())
    ax.set(xlabel="M (polynomial order)", ylabel="ln p(y | α, β)", title=title, xticks=orders)
    ax.legend(loc="lower right", fontsize=8)


def plot_criteria(ax_err, ax_ev, df, curves: Mapping[str, np.ndarray], neg_log_evidence, choices: Mapping[str, float],
                  *, se=None):
    """Every criterion against df(λ): the error-scale ones on ``ax_err``, the negative log evidence on ``ax_ev``.

    ``curves`` maps a name to its values per λ (same order as ``df``); ``se`` is the 10-fold CV standard
    error, drawn as a band; ``choices`` maps a name to the df it chooses, marked on both axes.

    Examples
    --------
    >>> import numpy as np
    >>> from matplotlib.figure import Figure
    >>> figure = Figure()
    >>> ax1, ax2 = figure.add_subplot(1, 2, 1), figure.add_subplot(1, 2, 2)
    >>> df = np.array([3.0, 2.0, 1.0])
    >>> plot_criteria(ax1, ax2, df, {"GCV": np.array([1.0, 0.8, 0.9])}, np.array([9.0, 8.0, 9.5]), {"GCV": 2.0})
    >>> [text.get_text() for text in ax1.get_legend().get_texts()]
    ['GCV']
    """
    ax_err, ax_ev = as_axes(ax_err, "ax_err"), as_axes(ax_ev, "ax_ev")
    df = as_vector(df, "df")
    curves = {as_text(name, "a name in curves"): as_vector(values, f"curves[{name!r}]", df.size, of="df has")
              for name, values in as_mapping(curves, "curves").items()}
    neg_log_evidence = as_vector(neg_log_evidence, "neg_log_evidence", df.size, of="df has")
    choices = {as_text(name, "a name in choices"): as_number(value, f"choices[{name!r}]")
               for name, value in as_mapping(choices, "choices", min_size=0).items()}
    se = None if se is None else as_vector(se, "se", df.size, of="df has")
    for name, values in curves.items():
        color, style = CRITERION_STYLES.get(name, ("black", "-"))
        ax_err.plot(df, values, color=color, linestyle=style, label=name, linewidth=2.0 if name == "test error" else 1.4)
        if name == "10-fold CV" and se is not None:
            ax_err.fill_between(df, values - se, values + se, color=color, alpha=0.15)
    ax_ev.plot(df, neg_log_evidence, color=EVIDENCE_COLOR, label="negative log evidence")
    for name, chosen in choices.items():
        color, style = CRITERION_STYLES.get(name, ("black", "-"))
        for ax in (ax_err, ax_ev):
            ax.axvline(chosen, color=color, linestyle=style, linewidth=1.0, alpha=0.8)
    ax_err.set(xlabel="df(λ)", ylabel="mean squared error", title="errors and their estimates")
    ax_ev.set(xlabel="df(λ)", ylabel="−ln p(y | λ)", title="negative log evidence (β at its best)")
    ax_err.legend(loc="upper center", fontsize=8)
    ax_ev.legend(loc="upper center", fontsize=8)
