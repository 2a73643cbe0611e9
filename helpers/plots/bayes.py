"""Figures of the Bayesian view (lesson 08): function draws, predictive bands, evidence curves, criteria side by side.

Every function takes arrays and the ``ax`` to draw on, labels what it draws, and returns the artists
an explorer may want to update.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .style import COLORS, CYCLE, LINESTYLES

#: The evidence's colour wherever it is drawn (lesson 08's figures and its explorer).
EVIDENCE_COLOR = CYCLE[3]
#: One colour and line style per way of choosing λ; the test error keeps the course's test colour.
CRITERION_STYLES = {"negative log evidence": (EVIDENCE_COLOR, "-"), "GCV": (CYCLE[4], "-."),
                    "leave-one-out": (CYCLE[2], ":"), "10-fold CV": (CYCLE[0], "-"),
                    "test error": (COLORS["test"], LINESTYLES["test"])}


def plot_draws(ax, x_grid, draws, *, truth=None, x=None, t=None, title: str = "", ylim=(-2.5, 2.5)):
    """Functions drawn from a prior or posterior (rows of ``draws``), with the data and sin(2πx) if given."""
    draws = np.atleast_2d(np.asarray(draws, dtype=float))
    lines = ax.plot(x_grid, draws.T, color=COLORS["fit"], linewidth=1.0, alpha=0.6)
    if truth is not None:
        ax.plot(x_grid, truth, color=COLORS["truth"], linestyle=LINESTYLES["truth"], linewidth=1.5, label="sin(2πx)")
    if x is not None and len(x):
        ax.plot(x, t, "o", color=COLORS["data"], mfc="white", markersize=6, label="data")
    ax.set(xlabel="x", ylim=ylim, title=title)
    return lines


def plot_predictive(ax, x_grid, mean, std, *, truth=None, x=None, t=None, title: str = "", ylim=(-2.0, 2.0)):
    """The predictive mean and its ±1 standard deviation band; returns ``(line, band)``."""
    mean, std = np.asarray(mean, float), np.asarray(std, float)
    band = ax.fill_between(x_grid, mean - std, mean + std, color=COLORS["fit"], alpha=0.2,
                           label="±1 predictive sd")
    (line,) = ax.plot(x_grid, mean, color=COLORS["fit"], linewidth=1.5, label="predictive mean")
    if truth is not None:
        ax.plot(x_grid, truth, color=COLORS["truth"], linestyle=LINESTYLES["truth"], linewidth=1.2, label="sin(2πx)")
    if x is not None and len(x):
        ax.plot(x, t, "o", color=COLORS["data"], mfc="white", markersize=6, label="data")
    ax.set(xlabel="x", ylim=ylim, title=title)
    return line, band


def plot_evidence_by_order(ax, orders, curves: Mapping[str, np.ndarray], *, title: str = "model evidence"):
    """Log evidence against the polynomial order M, one line per setting, each maximum ringed."""
    orders = np.asarray(orders)
    for label, values in curves.items():
        values = np.asarray(values, float)
        (line,) = ax.plot(orders, values, "o-", label=label)
        best = int(np.argmax(values))
        ax.plot(orders[best], values[best], "o", ms=13, mfc="none", color=line.get_color())
    ax.set(xlabel="M (polynomial order)", ylabel="ln p(t | α, β)", title=title, xticks=orders)
    ax.legend(loc="lower right", fontsize=8)


def plot_criteria(ax_err, ax_ev, df, curves: Mapping[str, np.ndarray], neg_log_evidence, choices: Mapping[str, float],
                  *, se=None):
    """Every criterion against df(λ): the error-scale ones on ``ax_err``, the negative log evidence on ``ax_ev``.

    ``curves`` maps a name to its values per λ (same order as ``df``); ``se`` is the 10-fold CV standard
    error, drawn as a band; ``choices`` maps a name to the df it chooses, marked on both axes.
    """
    df = np.asarray(df, float)
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
