"""Figures for choosing λ: validation curves, cross-validation curves with error bars, regularization paths.

Every function takes arrays and the ``ax`` to draw on, labels what it draws, and returns the artists
an explorer may want to update.
"""

from __future__ import annotations

import numpy as np

from .._validation import (
    as_array,
    as_axes,
    as_choice,
    as_color,
    as_curves,
    as_mapping,
    as_names,
    as_number,
    as_text,
    as_vector,
    require_nonnegative,
    require_positive,
)
from .style import COLORS


def _positive(lams, name="lams"):
    return require_positive(as_vector(lams, name), name, "every λ > 0: they are drawn on a log axis")


def _optional_lambda(value, name: str) -> float | None:
    """A λ to mark on the log axis, or ``None``."""
    return None if value is None else as_number(value, name, low=0.0, low_open=True)


_PER_LAMBDA = "there must be one entry per λ and lams has {n}"


def mark_lambda(ax, lam: float, label: str, *, color: str = "black", linestyle: str = "--"):
    """A vertical line at ``lam`` with a legend entry; returns the line."""
    as_axes(ax)
    lam = as_number(lam, "lam", low=0.0, low_open=True)
    label, linestyle = as_text(label, "label"), as_text(linestyle, "linestyle")
    color = as_color(color, "color")
    return ax.axvline(lam, color=color, linestyle=linestyle, linewidth=1.2, label=label)


def plot_validation_curve(ax, lams, train_error, validation_error, *, chosen: float | None = None,
                          title: str = "validation curve"):
    """Training and validation error against λ (log axis), the chosen λ marked."""
    as_axes(ax)
    lams = _positive(lams)
    train_error = as_vector(train_error, "train_error", lams.size, of=_PER_LAMBDA)
    validation_error = as_vector(validation_error, "validation_error", lams.size, of=_PER_LAMBDA)
    chosen, title = _optional_lambda(chosen, "chosen"), as_text(title, "title")
    ax.semilogx(lams, train_error, color=COLORS["train"], label="training error")
    ax.semilogx(lams, validation_error, color=COLORS["test"], label="validation error")
    if chosen is not None:
        mark_lambda(ax, chosen, f"smallest validation error, λ = {chosen:.3g}")
    ax.set(xlabel="λ (log scale)", ylabel="mean squared error", title=title)
    ax.legend(loc="upper left", frameon=True, framealpha=0.9, edgecolor="none")


def plot_split_curves(ax, lams, curves, *, title: str = "one validation split each"):
    """Validation curves from several random splits (rows of ``curves``), each one's minimum marked."""
    as_axes(ax)
    lams = _positive(lams)
    curves = np.atleast_2d(as_array(curves, "curves"))
    if curves.ndim != 2 or curves.shape[1] != lams.size:
        raise ValueError(f"curves must have one row per split and {lams.size} columns (one per λ), "
                         f"got shape {curves.shape}")
    title = as_text(title, "title")
    for k, curve in enumerate(curves):
        (line,) = ax.semilogx(lams, curve, linewidth=1.0, alpha=0.8, label=f"split {k + 1}")
        best = int(np.argmin(curve))
        ax.plot(lams[best], curve[best], "o", color=line.get_color())
    ax.set(xlabel="λ (log scale)", ylabel="validation mean squared error", title=title)
    ax.legend(loc="upper left", fontsize=8, ncols=2)


def plot_cv_curve(ax, lams, mean, se, *, best: float | None = None, one_se: float | None = None,
                  label: str = "cross-validated error", color: str | None = None, style: str = "bars",
                  title: str = "cross-validation curve", ylabel: str = "mean squared error"):
    """Cross-validated error against λ with ± one standard error, as error bars or a band.

    ``best`` and ``one_se`` mark the λ of smallest error and the one-standard-error choice.
    Returns ``(line, band)``: the mean curve and the band (``None`` when ``style="bars"``).
    """
    as_axes(ax)
    lams = _positive(lams)
    mean = as_vector(mean, "mean", lams.size, of=_PER_LAMBDA)
    se = require_nonnegative(as_vector(se, "se", lams.size, of=_PER_LAMBDA), "se", "standard errors")
    best, one_se = _optional_lambda(best, "best"), _optional_lambda(one_se, "one_se")
    label, title, ylabel = as_text(label, "label"), as_text(title, "title"), as_text(ylabel, "ylabel")
    color = None if color is None else as_color(color, "color")
    as_choice(style, "style", ("bars", "band"))
    color = color or COLORS["test"]
    band = None
    if style == "bars":
        every = max(1, lams.size // 20)
        container = ax.errorbar(lams, mean, yerr=se, color=color, ecolor=color, elinewidth=0.8, capsize=2,
                                errorevery=every, label=f"{label} ± 1 SE")
        line = container.lines[0]
    else:
        (line,) = ax.plot(lams, mean, color=color, label=label)
        band = ax.fill_between(lams, mean - se, mean + se, color=color, alpha=0.2, linewidth=0,
                               label="± one standard error")
    ax.set_xscale("log")
    if best is not None:
        mark_lambda(ax, best, f"smallest CV error, λ = {best:.3g}", color=COLORS["fit"], linestyle=":")
    if one_se is not None:
        mark_lambda(ax, one_se, f"one-standard-error rule, λ = {one_se:.3g}", color="black")
        i = int(np.argmin(mean))
        ax.axhline(mean[i] + se[i], color="grey", linewidth=1.0, linestyle="-.",
                   label="smallest CV error + 1 SE")
    ax.set(xlabel="λ (log scale)", ylabel=ylabel, title=title)
    ax.legend(loc="upper left", fontsize=8)
    return line, band


def plot_loo_check(ax, lams, fast, refit, *, title: str = "leave-one-out error: formula vs n refits"):
    """The leave-one-out curve from the hat-matrix formula (line) and from refitting (markers)."""
    as_axes(ax)
    lams = _positive(lams)
    fast = as_vector(fast, "fast", lams.size, of=_PER_LAMBDA)
    refit = as_vector(refit, "refit", lams.size, of=_PER_LAMBDA)
    title = as_text(title, "title")
    ax.semilogx(lams, fast, color=COLORS["fit"], label="hat-matrix formula (one SVD)")
    every = max(1, lams.size // 15)
    ax.semilogx(lams[::every], refit[::every], "o", mfc="none", color="black",
                label="n refits, each without one point")
    ax.set(xlabel="λ (log scale)", ylabel="leave-one-out mean squared error", title=title)
    ax.legend(loc="upper left")


def _spread(values, gap):
    """Label heights near ``values`` but at least ``gap`` apart (labels at a path's end must not overlap)."""
    values = np.asarray(values, float)
    order = np.argsort(values)
    placed = values[order].copy()
    for i in range(1, placed.size):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    placed -= (placed - values[order]).mean()      # re-centre on the true values
    out = np.empty_like(placed)
    out[order] = placed
    return out


def plot_path(ax, x, coefs, names, *, chosen: float | None = None, chosen_label: str = "chosen",
              xlabel: str = "effective degrees of freedom df(λ)", title: str = "ridge coefficient path"):
    """Coefficients (columns of ``coefs``) against ``x`` (for example df(λ)), each labelled at its right end.

    With ``x = df(λ)`` this is ESL's Figure 3.8: the least-squares fit at the right, all coefficients
    zero at df = 0. ``chosen`` draws a vertical line at that ``x``.
    """
    as_axes(ax)
    x = as_vector(x, "x")
    names = as_names(names, "names")
    coefs = as_array(coefs, "coefs", shape=(x.size, len(names)))
    chosen = None if chosen is None else as_number(chosen, "chosen")
    chosen_label, xlabel = as_text(chosen_label, "chosen_label"), as_text(xlabel, "xlabel")
    title = as_text(title, "title")
    right = int(np.argmax(x))
    label_y = _spread(coefs[right], gap=0.045 * (coefs.max() - coefs.min()))
    for j, name in enumerate(names):
        (line,) = ax.plot(x, coefs[:, j], linewidth=1.4)
        ax.annotate(name, (x[right], coefs[right, j]), xytext=(x[right] + 0.15, label_y[j]),
                    textcoords="data", va="center", fontsize=8, color=line.get_color())
    ax.axhline(0.0, color="grey", linewidth=0.8)
    if chosen is not None:
        ax.axvline(chosen, color="black", linestyle="--", linewidth=1.2, label=f"{chosen_label}")
        ax.legend(loc="upper left")
    ax.set(xlabel=xlabel, ylabel="coefficient (per standard deviation of the feature)", title=title)
    ax.set_xlim(x.min() - 0.2, x.max() + 1.0)


def plot_coefficient_bars(ax, names, columns: dict, *, title: str = "coefficients",
                          ylabel: str = "coefficient", xlabel: str = "feature"):
    """Grouped bars: one group per feature, one bar per entry of ``columns`` (label → values)."""
    as_axes(ax)
    names = as_names(names, "names")
    columns = {as_text(label, "a label of columns"): as_array(values, f"columns[{label!r}]", shape=(len(names),))
               for label, values in as_mapping(columns, "columns").items()}
    title, ylabel, xlabel = as_text(title, "title"), as_text(ylabel, "ylabel"), as_text(xlabel, "xlabel")
    k = len(columns)
    positions = np.arange(len(names))
    width = 0.8 / k
    containers = []
    for i, (label, values) in enumerate(columns.items()):
        containers.append(ax.bar(positions + (i - (k - 1) / 2) * width, values, width, label=label))
    ax.axhline(0.0, color="grey", linewidth=0.8)
    ax.set_xticks(positions, names, rotation=30)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend(loc="upper right", fontsize=8)
    return containers


def plot_optimism(ax, gaps: dict, *, title: str = "reported minus actual error"):
    """Histograms of (reported error − actual error on new data), one per procedure (label → gaps).

    A procedure whose histogram sits left of zero reports errors that are too good.
    """
    as_axes(ax)
    gaps = as_curves(gaps, "gaps")
    title = as_text(title, "title")
    values = list(gaps.values())
    everything = np.concatenate(values)
    lo, hi = np.quantile(everything, [0.01, 0.99])
    bins = np.linspace(lo, hi, 31)
    colors = [COLORS["fit"], COLORS["train"], COLORS["lasso"], COLORS["ols"]]
    if len(gaps) > len(colors):
        raise ValueError(f"gaps holds {len(gaps)} procedures but the figure has colours for {len(colors)}")
    for (label, v), color in zip(gaps.items(), colors):
        ax.hist(np.clip(v, lo, hi), bins=bins, alpha=0.45, color=color,
                label=f"{label} (mean {v.mean():+.4f})")
        ax.axvline(v.mean(), color=color, linewidth=1.5)
    ax.axvline(0.0, color="black", linewidth=1.0, linestyle="--")
    ax.set(xlabel="reported error − actual error on new data", ylabel="number of repetitions", title=title)
    ax.legend(loc="upper left", fontsize=8)
