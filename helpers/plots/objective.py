"""Figures of lesson 02 (the penalized objective): its two terms, coefficient bars, eigenvalues,
the loss contours with the constraint circle and the ridge path, bias and variance, shrinkage factors.

Every function takes arrays and the ``ax`` to draw on, labels what it draws, and returns the artists
an explorer may update. Nothing here fits a model. One small function computes what a figure needs:
``loss_surface``, the data loss of centred data on a grid of two weights.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> import numpy as np
>>> fig, ax = plt.subplots()
>>> lines = plot_objective_terms(ax, [-2.0, 0.0, 2.0], [1.0, 2.0, 3.0], [0.5, 0.3, 0.1])
>>> sorted(lines)
['data', 'penalty', 'total']
>>> plt.close(fig)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.ticker import FuncFormatter, NullFormatter, NullLocator

from .._validation import (
    as_array,
    as_axes,
    as_bool,
    as_choice,
    as_curves,
    as_lambda,
    as_mapping,
    as_matrix,
    as_names,
    as_number,
    as_positive_float,
    as_positive_int,
    as_range,
    as_text,
    as_vector,
)
from .style import COLORS, CYCLE

#: Colours of the objective's parts: the data term, the penalty term and their sum.
TERM_COLORS = {"data": COLORS["train"], "penalty": COLORS["ridge"], "total": "black"}
#: Colours for several curves of one kind (one per λ, per component, per feature).


def _vector(values, name: str, n: int | None = None, of: str = "the first argument") -> np.ndarray:
    return as_vector(values, name, n, of=of + " has {n} entries")


SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _power_label(value: float) -> str:
    """``1000.0`` -> ``"10³"``; ``1.0`` -> ``"1"``; ``0.1`` -> ``"0.1"``; ``10.0`` -> ``"10"``."""
    k = int(round(np.log10(value)))
    if k in (-1, 0, 1):
        return f"{10.0 ** k:g}"
    return "10" + str(k).translate(SUPERSCRIPTS)


def _decade_label(value, _position=None) -> str:
    """Tick label for a log axis: powers of ten in plain Unicode (mathtext is slow to typeset)."""
    if value <= 0:
        return ""
    k = np.log10(value)
    return _power_label(value) if abs(k - round(k)) < 1e-9 else ""


def log_axis(ax, which: str = "y") -> None:
    """Put ``which`` axis of ``ax`` on a log scale labelled 1, 10, 10², … in plain text."""
    as_axes(ax)
    as_choice(which, "which", ("x", "y"))
    axis = ax.yaxis if which == "y" else ax.xaxis
    (ax.set_yscale if which == "y" else ax.set_xscale)("log")
    axis.set_major_formatter(FuncFormatter(_decade_label))
    axis.set_minor_locator(NullLocator())  # minor ticks cost more to draw than they tell
    axis.set_minor_formatter(NullFormatter())


def weight_label(j: int) -> str:
    """``3`` -> ``"w₃"``."""
    j = as_positive_int(j, "j", minimum=0)
    return "w" + str(j).translate(SUBSCRIPTS)


def _title(ax, title: str) -> None:
    # A title at a fixed height: Matplotlib otherwise searches for a free spot on every draw.
    ax.set_title(title, y=1.0)


def loss_surface(X, y, w1, w2) -> np.ndarray:
    """The data loss ``Σ (y_i − ȳ − (x_i − x̄)·w)²`` on the grid of weights ``w1 × w2``.

    ``X`` has two columns. Centring profiles the unpenalized intercept out (for any ``w`` the best
    intercept is ``ȳ − x̄·w``), so the surface depends on the two weights alone. The result has shape
    ``(len(w2), len(w1))``, ready for ``ax.contour(w1, w2, values)``.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0]]); y = X @ [1.0, -1.0]
    >>> float(loss_surface(X, y, [1.0], [-1.0])[0, 0])   # the exact weights: zero loss
    0.0
    """
    X = as_matrix(X)
    if X.shape[1] != 2:
        raise ValueError(f"X must have exactly two columns (two weights), got {X.shape[1]}")
    y = as_vector(y, n=X.shape[0])
    w1, w2 = as_vector(w1, "w1"), as_vector(w2, "w2")
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    G, c = Xc.T @ Xc, Xc.T @ yc
    A, B = np.meshgrid(w1, w2)
    # ‖yc − Xc w‖² = yc·yc − 2 cᵀw + wᵀGw, expanded so that the whole grid costs a few array operations.
    return yc @ yc - 2 * (c[0] * A + c[1] * B) + G[0, 0] * A**2 + 2 * G[0, 1] * A * B + G[1, 1] * B**2


def plot_objective_terms(ax, log_lams, data_loss, penalty, *, current: float | None = None,
                         title: str = "the two terms of J at its minimum", ylim=None) -> dict:
    """The data term ``Σ err²``, the penalty ``λ‖w‖²`` and their sum ``J``, against ln λ, on a log scale.

    ``current`` (an ln λ) draws a vertical line there. Returns ``{"data", "penalty", "total"}`` lines
    (and ``"current"`` when drawn).
    """
    ax = as_axes(ax)
    x = _vector(log_lams, "log_lams")
    data_loss = _vector(data_loss, "data_loss", x.size, "log_lams")
    penalty = _vector(penalty, "penalty", x.size, "log_lams")
    current = None if current is None else as_number(current, "current")
    title = as_text(title, "title")
    ylim = None if ylim is None else as_range(ylim, "ylim", positive=True)  # the y axis is logarithmic
    lines = {}
    (lines["data"],) = ax.plot(x, data_loss, color=TERM_COLORS["data"], lw=2, label="data term Σ err²")
    (lines["penalty"],) = ax.plot(x, penalty, color=TERM_COLORS["penalty"], lw=2, label="penalty λ‖w‖²")
    (lines["total"],) = ax.plot(x, data_loss + penalty, color=TERM_COLORS["total"], lw=1.2, ls="--",
                                label="sum J")
    if current is not None:
        lines["current"] = ax.axvline(float(current), color="0.4", lw=1, ls=":")
    log_axis(ax)
    ax.set(xlabel="ln λ", ylabel="value at the minimizer")
    _title(ax, title)
    if ylim is not None:
        ax.set_ylim(ylim)
    ax.legend(fontsize=8, loc="lower right")
    return lines


def plot_coefficient_magnitudes(ax, coefs: Mapping[str, object], *, feature_labels: Sequence[str] | None = None,
                                title: str = "size of each weight", ylabel: str = "|w_j| (log scale)"):
    """Grouped bars of ``|w_j|`` on a log scale, one group per weight and one colour per fit.

    ``coefs`` maps a label (``"ln λ = 0"``) to a weight vector; all vectors have the same length.
    Returns the list of bar containers.
    """
    ax = as_axes(ax)
    coefs = as_curves(coefs, "coefs")
    arrays = [np.abs(v) for v in coefs.values()]
    p = arrays[0].size
    for (label, _), a in zip(coefs.items(), arrays):
        if a.size != p:
            raise ValueError(f"coefs[{label!r}] has {a.size} weights but the first entry has {p}")
    labels = (list(as_names(feature_labels, "feature_labels", n=p)) if feature_labels is not None
              else [weight_label(j + 1) for j in range(p)])
    title, ylabel = as_text(title, "title"), as_text(ylabel, "ylabel")
    width = 0.8 / len(arrays)
    positions = np.arange(p)
    containers = []
    for k, (label, a) in enumerate(zip(coefs, arrays)):
        containers.append(ax.bar(positions + (k - (len(arrays) - 1) / 2) * width, a, width,
                                 color=CYCLE[k % len(CYCLE)], label=label))
    log_axis(ax)
    ax.set_xticks(positions, labels)
    ax.set(ylabel=ylabel)
    _title(ax, title)
    ax.legend(fontsize=8)
    return containers


def coefficient_bars(ax, n_bars: int, *, limit: float = 1e6, linthresh: float = 0.1,
                     title: str = "the weights (standardized features)"):
    """Bars for up to ``n_bars`` weights on a symmetric-log axis from ``-limit`` to ``limit``.

    The bars start at height 0; an explorer sets their heights with ``set_height``. The axis is
    linear between ``±linthresh`` and logarithmic beyond, so both 0.1 and 10⁵ stay readable.
    Returns the bar container.
    """
    ax = as_axes(ax)
    n_bars = as_positive_int(n_bars, "n_bars")
    limit, linthresh = as_positive_float(limit, "limit"), as_positive_float(linthresh, "linthresh")
    if not linthresh < limit:
        raise ValueError(f"linthresh must be below limit (the linear part sits inside the axis), "
                         f"got linthresh={linthresh:g} and limit={limit:g}")
    title = as_text(title, "title")
    positions = np.arange(1, n_bars + 1)
    bars = ax.bar(positions, np.zeros(n_bars), 0.7, color=COLORS["fit"])
    ax.axhline(0.0, color="black", lw=0.8)
    ax.set_yscale("symlog", linthresh=linthresh)
    ax.set_ylim(-limit, limit)
    # Label every other decade, written as powers of ten, so that the axis stays readable.
    top = int(np.floor(np.log10(limit)))
    bottom = int(np.ceil(np.log10(linthresh)))
    powers = list(range(top, bottom - 1, -2))[::-1]
    ticks = [-(10.0**k) for k in powers[::-1]] + [0.0] + [10.0**k for k in powers]
    labels = [("−" if v < 0 else "") + _power_label(abs(v)) if v else "0" for v in ticks]
    ax.set_yticks(ticks, labels)
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_xticks(positions, [weight_label(j) for j in positions])
    ax.set_xlim(0.4, n_bars + 0.6)
    ax.set(ylabel="weight (symmetric log scale)")
    _title(ax, title)
    return bars


def plot_eigenvalues(ax, eigenvalues: Mapping[str, object], *, lam: float | None = None, floor: float = 1e-12,
                     title: str = "eigenvalues, smallest to largest"):
    """Sorted eigenvalues of one or more symmetric matrices on a log scale, with a line at ``lam``.

    Values below ``floor`` (a zero eigenvalue computes as ±1e-16 or so) are drawn at ``floor`` with a
    downward triangle, meaning "zero, to rounding". Returns the list of lines.
    """
    ax = as_axes(ax)
    eigenvalues = as_curves(eigenvalues, "eigenvalues")
    lam = None if lam is None else as_lambda(lam)
    floor, title = as_positive_float(floor, "floor"), as_text(title, "title")
    lines = []
    for k, (label, values) in enumerate(eigenvalues.items()):
        values = np.sort(values)
        shown = np.maximum(values, floor)
        color = CYCLE[k % len(CYCLE)]
        index = np.arange(1, values.size + 1)
        (line,) = ax.plot(index, shown, "o-", color=color, label=label)
        zero = values < floor
        if zero.any():
            ax.plot(index[zero], shown[zero], "v", color=color, ms=10)
        lines.append(line)
    if lam is not None:
        lines.append(ax.axhline(float(lam), color="0.3", ls=":", lw=1.2, label=f"λ = {lam:g}"))
    log_axis(ax)
    ax.set(xlabel="rank of the eigenvalue", ylabel="eigenvalue (log scale)")
    _title(ax, title)
    ax.legend(fontsize=8)
    return lines


def plot_constraint_geometry(ax, w1, w2, loss, *, w_ls, path, optima, radii, labels: Sequence[str] | None = None,
                             n_levels: int = 12, title: str = "data loss, constraint circles, ridge path",
                             xlabel: str = "w₁", ylabel: str = "w₂", touching=None):
    """Contours of the data loss over two weights, the ridge path, and for each λ its circle and optimum.

    ``loss`` is ``loss_surface(X, y, w1, w2)``; ``w_ls`` the least-squares point; ``path`` (k, 2) the
    ridge solutions over a λ grid; ``optima`` (m, 2) the ridge solutions for a few λ and ``radii`` their
    norms ``r = ‖w_λ‖``: each circle ``‖w‖ = r`` touches a contour exactly at its optimum. ``labels``
    names each circle in the legend. ``touching``, if given, holds the data loss at each optimum: the
    contour at that level, the one that touches the circle, is drawn solid in the circle's colour.
    """
    ax = as_axes(ax)
    w1, w2 = _vector(w1, "w1"), _vector(w2, "w2")
    loss = as_array(loss, "loss", shape=(w2.size, w1.size))
    w_ls = _vector(w_ls, "w_ls", 2, "a point in the plane")
    path = as_matrix(path, "path")
    optima = as_matrix(optima, "optima")
    radii = _vector(radii, "radii", optima.shape[0], "optima")
    if labels is not None:
        labels = as_names(labels, "labels")
        if len(labels) != radii.size:
            raise ValueError(f"labels has {len(labels)} entries but there are {radii.size} circles")
    n_levels = as_positive_int(n_levels, "n_levels")
    title, xlabel, ylabel = as_text(title, "title"), as_text(xlabel, "xlabel"), as_text(ylabel, "ylabel")
    if touching is not None:
        touching = _vector(touching, "touching", optima.shape[0], "optima")
    if path.shape[1] != 2 or optima.shape[1] != 2:
        raise ValueError("path and optima must have two columns (w1, w2)")
    low, high = loss.min(), loss.max()
    if high > low:  # a flat surface has no contours to draw
        levels = low + (high - low) * np.geomspace(2e-3, 0.7, n_levels)
        ax.contour(w1, w2, loss, levels=levels, colors="0.6", linewidths=0.8)
    ax.plot(path[:, 0], path[:, 1], color=COLORS["ridge"], lw=2, label="ridge path (λ from 0 to ∞)")
    angle = np.linspace(0, 2 * np.pi, 241)
    for k, (point, r) in enumerate(zip(optima, radii)):
        color = CYCLE[(k + 1) % len(CYCLE)]
        ax.plot(r * np.cos(angle), r * np.sin(angle), color=color, lw=1.2, ls="--",
                label=labels[k] if labels is not None else None)
        ax.plot([point[0]], [point[1]], "o", color=color, mec="black", ms=7, zorder=5)
        if touching is not None:  # the contour through the optimum: tangent to the circle there
            ax.contour(w1, w2, loss, levels=[touching[k]], colors=[color], linewidths=1.6)
    ax.plot([w_ls[0]], [w_ls[1]], "*", color=COLORS["ols"], mec="black", ms=15, zorder=6,
            label="least squares (λ = 0)")
    ax.plot([0.0], [0.0], "+", color="black", ms=10, mew=1.5)
    ax.set(xlim=(w1.min(), w1.max()), ylim=(w2.min(), w2.max()), xlabel=xlabel, ylabel=ylabel)
    _title(ax, title)
    ax.set_aspect("equal", adjustable="box")
    ax.legend(fontsize=8, loc="lower left")
    return ax


def plot_against_lambda(ax, log_lams, curves: Mapping[str, object], *, ylabel: str, title: str,
                        xlabel: str = "ln λ", logy: bool = False, styles: Mapping[str, str] | None = None,
                        colors: Mapping[str, str] | None = None, legend_loc: str = "best") -> dict:
    """Named curves against ln λ (or any parameter).

    ``styles`` maps a label to a line style (``"--"``), ``colors`` to a colour; other curves take the
    next colour of the cycle.

    Returns a dict mapping each label to its line.
    """
    ax = as_axes(ax)
    x = _vector(log_lams, "log_lams")
    curves = as_curves(curves, "curves", x.size, of="log_lams has {n} entries")
    ylabel, title, xlabel = as_text(ylabel, "ylabel"), as_text(title, "title"), as_text(xlabel, "xlabel")
    logy, legend_loc = as_bool(logy, "logy"), as_text(legend_loc, "legend_loc")
    styles = dict(as_mapping(styles, "styles", min_size=0)) if styles is not None else {}
    colors = dict(as_mapping(colors, "colors", min_size=0)) if colors is not None else {}
    lines = {}
    for k, (label, values) in enumerate(curves.items()):
        (lines[label],) = ax.plot(x, values, ls=styles.get(label, "-"), color=colors.get(label, CYCLE[k % len(CYCLE)]),
                                  lw=2, label=label)
    if logy:
        log_axis(ax)
    ax.set(xlabel=xlabel, ylabel=ylabel)
    _title(ax, title)
    ax.legend(fontsize=8, loc=legend_loc)
    return lines


def plot_fit_ensemble(ax, x_grid, fits, *, mean=None, truth=None, n_shown: int = 20, ylim=(-1.6, 1.6),
                      title: str = "", xlabel: str = "x", ylabel: str = "prediction"):
    """Fits from several training sets (rows of ``fits`` over ``x_grid``), their mean and the true curve.

    The first ``n_shown`` rows are drawn thin; the spread among them is the variance, the gap between
    their mean and the true curve the bias.
    """
    ax = as_axes(ax)
    x_grid = _vector(x_grid, "x_grid")
    fits = as_matrix(fits, "fits")
    if fits.shape[1] != x_grid.size:
        raise ValueError(f"fits has {fits.shape[1]} columns but x_grid has {x_grid.size} points")
    n_shown, ylim = as_positive_int(n_shown, "n_shown"), as_range(ylim, "ylim")
    title, xlabel, ylabel = as_text(title, "title"), as_text(xlabel, "xlabel"), as_text(ylabel, "ylabel")
    mean = None if mean is None else _vector(mean, "mean", x_grid.size, "x_grid")
    truth = None if truth is None else _vector(truth, "truth", x_grid.size, "x_grid")
    for k, row in enumerate(fits[:n_shown]):
        ax.plot(x_grid, row, color=COLORS["fit"], lw=0.7, alpha=0.35,
                label=f"fits to {min(n_shown, len(fits))} training sets" if k == 0 else None)
    if mean is not None:
        ax.plot(x_grid, mean, color="black", lw=2, label="mean fit")
    if truth is not None:
        ax.plot(x_grid, truth, "--", color=COLORS["truth"], lw=2,
                label="true curve")
    ax.set(xlabel=xlabel, ylabel=ylabel, ylim=ylim, xlim=(x_grid.min(), x_grid.max()))
    _title(ax, title)
    ax.legend(fontsize=8, loc="lower left")
    return ax


def plot_profiles(ax, x, coefs, names: Sequence[str], *, xlabel: str, ylabel: str = "weight",
                  title: str = "", label_ends: bool = True):
    """Each column of ``coefs`` (k, p) against ``x`` (k,): coefficient profiles along a path.

    With ``label_ends`` each profile is labelled with its name at the end where ``x`` is largest;
    otherwise a legend names them.
    """
    ax = as_axes(ax)
    x = _vector(x, "x")
    coefs = as_matrix(coefs, "coefs")
    if coefs.shape[0] != x.size:
        raise ValueError(f"coefs has {coefs.shape[0]} rows but x has {x.size} entries")
    names = as_names(names, "names")
    if len(names) != coefs.shape[1]:
        raise ValueError(f"names has {len(names)} entries but coefs has {coefs.shape[1]} columns")
    xlabel, ylabel, title = as_text(xlabel, "xlabel"), as_text(ylabel, "ylabel"), as_text(title, "title")
    label_ends = as_bool(label_ends, "label_ends")
    end = int(np.argmax(x))
    for j, name in enumerate(names):
        color = CYCLE[j % len(CYCLE)]
        ax.plot(x, coefs[:, j], color=color, lw=1.8, label=name)
        if label_ends:
            ax.annotate(name, (x[end], coefs[end, j]), xytext=(4, 0), textcoords="offset points",
                        fontsize=8, color=color, va="center")
    ax.axhline(0.0, color="black", lw=0.8)
    ax.set(xlabel=xlabel, ylabel=ylabel)
    _title(ax, title)
    if label_ends:
        ax.set_xlim(x.min(), x.max() + 0.12 * (x.max() - x.min()))
    else:
        ax.legend(fontsize=7, ncol=2, loc="upper left")
    return ax
