"""Figures of lesson 06 (L2 versus L1): penalty shapes, shrinkage rules, constraint regions, paths.

Every function takes arrays and the axes to draw on, never a fitted model. Two small geometry
functions compute the outlines that the figures need: ``ball_outline`` (the L2 disk or the L1
diamond of a given radius) and ``loss_ellipse`` (a level set of a quadratic loss).
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from .._validation import (
    as_array,
    as_axes,
    as_axes_list,
    as_bool,
    as_curves,
    as_figure,
    as_lambda,
    as_mapping,
    as_matrix,
    as_names,
    as_number,
    as_positive_int,
    as_range,
    as_text,
    as_vector,
    require_nonnegative,
    require_positive,
)
from .style import COLORS, CYCLE

PENALTY_COLORS = {"L2": COLORS["ridge"], "L1": COLORS["lasso"]}
PENALTY_NAMES = {"L2": "L2 (ridge)", "L1": "L1 (lasso)"}
FEATURE_COLORS = list(CYCLE)


def log_axis(ax) -> None:
    """A log-scale λ axis with plain tick labels (0.1, 1, 10, ...) and no minor ticks: quick to draw."""
    as_axes(ax)
    ax.set_xscale("log")
    ax.xaxis.set_major_locator(LogLocator(base=10.0))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    ax.xaxis.set_minor_locator(NullLocator())


def _check_penalty(penalty) -> str:
    if penalty not in PENALTY_NAMES:
        raise ValueError(f"penalty must be 'L1' or 'L2', got {penalty!r}")
    return penalty


def ball_outline(penalty: str, radius: float, n_points: int = 401) -> np.ndarray:
    """Points ``(n_points, 2)`` on the boundary of ``{w : ‖w‖ ≤ radius}`` in the plane, closed.

    ``penalty="L2"`` gives the disk ``w₁² + w₂² ≤ radius²``, ``"L1"`` the diamond
    ``|w₁| + |w₂| ≤ radius`` (its corners lie on the axes, at distance ``radius`` from the origin).

    Examples
    --------
    >>> import numpy as np
    >>> xy = ball_outline("L1", 2.0, n_points=9)
    >>> np.abs(xy).sum(axis=1).round(12).tolist() == [2.0] * 9
    True
    """
    _check_penalty(penalty)
    if isinstance(radius, bool) or not isinstance(radius, numbers.Real):
        raise TypeError(f"radius must be a number >= 0, got {radius!r}")
    radius = float(radius)
    if not np.isfinite(radius) or radius < 0:
        raise ValueError(f"radius must be a finite number >= 0, got {radius}")
    n_points = as_positive_int(n_points, "n_points", minimum=5)
    t = np.linspace(0.0, 2.0 * np.pi, n_points)
    u = np.column_stack([np.cos(t), np.sin(t)])
    norms = np.linalg.norm(u, axis=1) if penalty == "L2" else np.abs(u).sum(axis=1)
    return radius * u / norms[:, None]


def loss_ellipse(center, hessian, excess: float, n_points: int = 201) -> np.ndarray:
    """Points ``(n_points, 2)`` where the quadratic loss is ``excess`` above its minimum, closed.

    For least squares ``L(w) = L(ŵ) + (w − ŵ)ᵀ H (w − ŵ)`` with ``H = XᵀX`` (centred ``X``), so the
    level set ``L(w) = L(ŵ) + excess`` is the ellipse ``ŵ + √excess · H^{-1/2} u`` over unit vectors ``u``.

    Examples
    --------
    >>> import numpy as np
    >>> H = np.array([[2.0, 0.5], [0.5, 1.0]])
    >>> xy = loss_ellipse([1.0, 0.0], H, 3.0, n_points=7)
    >>> d = xy - [1.0, 0.0]
    >>> np.einsum("ij,jk,ik->i", d, H, d).round(12).tolist() == [3.0] * 7
    True
    """
    center = as_vector(center, "center")
    H = as_matrix(hessian, "hessian")
    if center.shape != (2,) or H.shape != (2, 2):
        raise ValueError(f"center must have 2 entries and hessian shape (2, 2), got {center.shape} and {H.shape}")
    if not np.allclose(H, H.T):
        raise ValueError("hessian must be symmetric")
    if isinstance(excess, bool) or not isinstance(excess, numbers.Real) or not np.isfinite(excess) or excess < 0:
        raise ValueError(f"excess must be a finite number >= 0, got {excess!r}")
    n_points = as_positive_int(n_points, "n_points", minimum=5)
    values, vectors = np.linalg.eigh(H)
    if values.min() <= 0:
        raise ValueError("hessian must be positive definite (the two features must not be collinear)")
    inv_sqrt = vectors @ np.diag(values**-0.5) @ vectors.T
    t = np.linspace(0.0, 2.0 * np.pi, n_points)
    u = np.column_stack([np.cos(t), np.sin(t)])
    return center + np.sqrt(float(excess)) * u @ inv_sqrt.T


def plot_penalty_shapes(ax_value, ax_slope, w, lam: float):
    """Left: the penalties ``λ|w|`` and ``λw²`` of one weight. Right: their slopes, ``λ·sign(w)`` and ``2λw``.

    At ``w = 0`` the L1 slope is not a number but the interval ``[−λ, λ]`` (the subgradient), drawn
    as a vertical segment.
    """
    as_axes(ax_value, "ax_value"), as_axes(ax_slope, "ax_slope")
    w = as_vector(w, "w")
    lam = as_lambda(lam)
    ax_value.plot(w, lam * w**2, color=PENALTY_COLORS["L2"], label=r"L2: $\lambda w^2$")
    ax_value.plot(w, lam * np.abs(w), color=PENALTY_COLORS["L1"], label=r"L1: $\lambda |w|$")
    ax_value.set(xlabel="weight w", ylabel="penalty", title=f"the penalty of one weight (λ = {lam:g})")
    ax_value.legend(loc="upper center")
    ax_slope.plot(w, 2 * lam * w, color=PENALTY_COLORS["L2"], label=r"L2: $2\lambda w$, fades near 0")
    neg, pos = w[w < 0], w[w > 0]
    ax_slope.plot(neg, np.full(neg.size, -lam), color=PENALTY_COLORS["L1"],
                  label=r"L1: $\lambda\,\mathrm{sign}(w)$, stays $\pm\lambda$")
    ax_slope.plot(pos, np.full(pos.size, lam), color=PENALTY_COLORS["L1"])
    ax_slope.plot([0, 0], [-lam, lam], color=PENALTY_COLORS["L1"], lw=4, alpha=0.5,
                  label=r"L1 subgradient at 0: $[-\lambda, \lambda]$")
    ax_slope.axhline(0, color="black", lw=0.6)
    ax_slope.set(xlabel="weight w", ylabel="slope of the penalty",
                 title="the drag toward 0: its (sub)derivative")
    ax_slope.legend(loc="upper left", fontsize=8)


def plot_shrinkage(ax, z, ridge, lasso, *, lam: float, z_points=None, ridge_points=None,
                   lasso_points=None):
    """The penalized weight against the least-squares weight ``z``: identity, ridge and lasso rules.

    ``ridge`` and ``lasso`` are the rules evaluated on ``z``; the optional ``*_points`` are fitted
    weights (for example from ``ridge_fit`` and ``lasso_fit``) drawn as markers on top.
    """
    as_axes(ax)
    z = as_vector(z, "z")
    ridge, lasso = as_vector(ridge, "ridge", z.size, of="z has {n} entries"), as_vector(lasso, "lasso", z.size, of="z has {n} entries")
    lam = as_lambda(lam)
    given = [v is not None for v in (z_points, ridge_points, lasso_points)]
    if any(given) and not all(given):
        raise ValueError("give z_points, ridge_points and lasso_points together, or none of them")
    if z_points is not None:
        z_points = as_vector(z_points, "z_points")
        ridge_points = as_vector(ridge_points, "ridge_points", z_points.size, of="z_points has {n} entries")
        lasso_points = as_vector(lasso_points, "lasso_points", z_points.size, of="z_points has {n} entries")
    ax.plot(z, z, color=COLORS["ols"], ls=":", label="least squares (no penalty)")
    ax.plot(z, ridge, color=PENALTY_COLORS["L2"], label=r"ridge: $z / (1 + \lambda)$")
    ax.plot(z, lasso, color=PENALTY_COLORS["L1"], label=r"lasso: $S(z, \lambda/2)$")
    ax.axvspan(-lam / 2, lam / 2, color=PENALTY_COLORS["L1"], alpha=0.08, label=r"lasso's zero zone $|z| \leq \lambda/2$")
    if z_points is not None:
        ax.plot(z_points, ridge_points, "o", mfc="none",
                color=PENALTY_COLORS["L2"], label="ridge_fit")
        ax.plot(z_points, lasso_points, "s", mfc="none",
                color=PENALTY_COLORS["L1"], label="lasso_fit")
    ax.axhline(0, color="black", lw=0.6)
    ax.set(xlabel=r"least-squares weight $z_j = \mathbf{q}_j^\top \mathbf{y}$",
           ylabel="penalized weight", title=f"orthonormal features, λ = {lam:g}")
    ax.legend(loc="upper left", fontsize=8)


def draw_geometry(ax, center, hessian, levels, *, names: Sequence[str], limits: tuple[float, float]):
    """The static part of a constraint picture: loss contours (ellipses around ``center``), the least-squares point, axes.

    ``levels`` are the loss values above the minimum at which to draw contours.
    """
    as_axes(ax)
    center = as_vector(center, "center", 2, of="the picture has {n} weights")
    hessian = as_array(hessian, "hessian", shape=(2, 2))
    levels = require_nonnegative(as_vector(levels, "levels"), "levels", "loss values above the minimum")
    names, limits = as_names(names, "names", n=2), as_range(limits, "limits")
    for k, level in enumerate(levels):
        xy = loss_ellipse(center, hessian, level)
        ax.plot(xy[:, 0], xy[:, 1], color="#555555", lw=0.7, alpha=0.6,
                label="loss contours" if k == 0 else None)
    ax.plot(*center, "+", color="black", ms=10, mew=2, label="least squares")
    ax.axhline(0, color="black", lw=0.6)
    ax.axvline(0, color="black", lw=0.6)
    ax.set(xlim=limits, ylim=limits, xlabel=f"weight on {names[0]}", ylabel=f"weight on {names[1]}")
    ax.set_aspect("equal")


def draw_constraint(ax, penalty: str, radius: float, solution, touching):
    """The changing part: the region ``‖w‖ ≤ radius``, the contour that touches it, and the solution.

    Returns ``(region_line, region_fill, touching_line, solution_marker)`` so that an explorer can
    move them later.
    """
    as_axes(ax)
    color = PENALTY_COLORS[_check_penalty(penalty)]
    solution = as_vector(solution, "solution", 2, of="the picture has {n} weights")
    touching = as_array(touching, "touching", shape=(None, 2))
    outline = ball_outline(penalty, radius)
    (region_line,) = ax.plot(outline[:, 0], outline[:, 1], color=color, lw=2)
    (region_fill,) = ax.fill(outline[:, 0], outline[:, 1], color=color, alpha=0.15, lw=0)
    (touching_line,) = ax.plot(touching[:, 0], touching[:, 1], color="black", lw=1.2, ls="--",
                               label="the contour that touches")
    (marker,) = ax.plot([solution[0]], [solution[1]], "o", color=color, mec="black", ms=8,
                        label="penalized solution")
    return region_line, region_fill, touching_line, marker


def plot_paths(ax, lams, coefs, names: Sequence[str], *, title: str, legend: bool = True,
               ylim: tuple[float, float] | None = None):
    """Coefficient paths: ``coefs[k, j]`` is feature ``j``'s weight at ``lams[k]`` (λ on a log axis)."""
    as_axes(ax)
    lams = require_positive(as_vector(lams, "lams"), "lams")
    coefs = as_matrix(coefs, "coefs")
    names = as_names(names, "names")
    title, legend = as_text(title, "title"), as_bool(legend, "legend")
    ylim = None if ylim is None else as_range(ylim, "ylim")
    if coefs.shape != (lams.size, len(names)):
        raise ValueError(f"coefs must have shape (len(lams), len(names)) = {(lams.size, len(names))}, got {coefs.shape}")
    for j, name in enumerate(names):
        ax.plot(lams, coefs[:, j], color=FEATURE_COLORS[j % len(FEATURE_COLORS)], label=name)
    ax.axhline(0, color="black", lw=0.6)
    log_axis(ax)
    ax.set(xlabel="λ (log scale)", ylabel="weight (standardized features)", title=title)
    if ylim is not None:
        ax.set_ylim(ylim)
    if legend:
        ax.legend(loc="upper right", fontsize=8, ncol=2)


def plot_paths_side_by_side(axes, lams, ridge, lasso, names: Sequence[str]):
    """Three panels: ridge paths, lasso paths (same axes), and the count of exact zeros; one legend below."""
    ax_ridge, ax_lasso, ax_zeros = as_axes_list(axes, "axes", n=3)
    lams = require_positive(as_vector(lams, "lams"), "lams")
    names = as_names(names, "names")
    ridge = as_array(ridge, "ridge", shape=(lams.size, len(names)))
    lasso = as_array(lasso, "lasso", shape=(lams.size, len(names)))
    both = np.concatenate([ridge, lasso])
    ylim = (both.min() - 0.05, both.max() + 0.05)
    plot_paths(ax_ridge, lams, ridge, names, title="L2 (ridge): ‖w‖ shrinks, single weights need not", legend=False, ylim=ylim)
    plot_paths(ax_lasso, lams, lasso, names, title="L1 (lasso): weights drop out", legend=False, ylim=ylim)
    ax_lasso.set_ylabel("")
    plot_zero_counts(ax_zeros, lams, (np.asarray(lasso) == 0.0).sum(axis=1), (np.asarray(ridge) == 0.0).sum(axis=1))
    ax_ridge.figure.legend(*ax_ridge.get_legend_handles_labels(), loc="outside lower center",
                           ncol=len(names), fontsize=8)


def plot_zero_counts(ax, lams, zeros_l1, zeros_l2):
    """How many weights are exactly ``0.0`` at each λ, for the lasso and for ridge."""
    as_axes(ax)
    lams = require_positive(as_vector(lams, "lams"), "lams")
    zeros_l1 = require_nonnegative(as_vector(zeros_l1, "zeros_l1", lams.size, of="lams has {n} entries"),
                                   "zeros_l1", "counts of weights")
    zeros_l2 = require_nonnegative(as_vector(zeros_l2, "zeros_l2", lams.size, of="lams has {n} entries"),
                                   "zeros_l2", "counts of weights")
    ax.step(lams, zeros_l1, where="mid", color=PENALTY_COLORS["L1"],
            label="L1 (lasso)")
    ax.step(lams, zeros_l2, where="mid", color=PENALTY_COLORS["L2"],
            ls="--", label="L2 (ridge)")
    log_axis(ax)
    ax.set(xlabel="λ (log scale)", ylabel="weights exactly 0.0", title="exact zeros")
    ax.legend(loc="upper left", fontsize=8)


def plot_off_axis(ax, theta, off_l1, off_l2):
    """How far each solution is from the nearest axis, ``min|w_j| / ‖w‖₂``, against the direction of least squares.

    0 means the solution lies on an axis: one weight is exactly zero.
    """
    as_axes(ax)
    theta = as_vector(theta, "theta")
    off_l1 = as_vector(off_l1, "off_l1", theta.size, of="theta has {n} entries")
    off_l2 = as_vector(off_l2, "off_l2", theta.size, of="theta has {n} entries")
    ax.plot(theta, off_l2, ".-", color=PENALTY_COLORS["L2"], label="L2 solution")
    ax.plot(theta, off_l1, ".-", color=PENALTY_COLORS["L1"], label="L1 solution")
    on_axis = off_l1 == 0.0
    ax.plot(theta[on_axis], off_l1[on_axis], "o", color=PENALTY_COLORS["L1"], mec="black",
            label="L1: one weight exactly 0")
    for axis_angle in (0, 90, 180, 270, 360):
        ax.axvline(axis_angle, color="black", lw=0.5, alpha=0.5)
    ax.set(xlabel="direction of the least-squares point (degrees; the axes at 0, 90, 180, 270)",
           ylabel=r"distance from the nearest axis, $\min_j|w_j| / \|\mathbf{w}\|_2$",
           title="the diamond's corners catch whole ranges of directions", xticks=[0, 90, 180, 270, 360])
    ax.set_ylim(-0.02, 1.35 * max(off_l1.max(), off_l2.max(), 0.1))
    ax.legend(loc="upper center", fontsize=8, ncol=3)


def plot_pair_weights(ax, lasso_pairs, ridge_pairs, names: Sequence[str], *,
                      title: str = "a correlated pair, one point per data set"):
    """Weights of a correlated pair, one point per data set: ``(*_pairs[k, 0], *_pairs[k, 1])``."""
    as_axes(ax)
    lasso_pairs = as_array(lasso_pairs, "lasso_pairs", shape=(None, 2))
    ridge_pairs = as_array(ridge_pairs, "ridge_pairs", shape=(None, 2))
    names, title = as_names(names, "names", n=2), as_text(title, "title")
    ax.plot(ridge_pairs[:, 0], ridge_pairs[:, 1], "o", color=PENALTY_COLORS["L2"], alpha=0.7,
            label="L2 (ridge): shares")
    ax.plot(lasso_pairs[:, 0], lasso_pairs[:, 1], "s", color=PENALTY_COLORS["L1"], alpha=0.7,
            label="L1 (lasso): picks one")
    top = 1.1 * max(np.abs(lasso_pairs).max(), np.abs(ridge_pairs).max())
    ax.plot([0, top], [0, top], color=COLORS["ols"], ls=":", lw=1, label="equal split")
    ax.axhline(0, color="black", lw=0.6)
    ax.axvline(0, color="black", lw=0.6)
    ax.set(xlim=(-0.05 * top, top), ylim=(-0.05 * top, top), xlabel=f"weight on {names[0]}",
           ylabel=f"weight on {names[1]}", title=title)
    ax.set_aspect("equal")
    ax.legend(loc="upper right", fontsize=8)


def plot_test_errors(ax, settings: Sequence[str], lasso_errors, ridge_errors, *, lasso_se=None, ridge_se=None,
                     title: str = "λ chosen by cross-validation"):
    """Grouped bars: test MSE of the lasso and of ridge in each setting, with ± one standard error if given."""
    as_axes(ax)
    settings = as_names(settings, "settings")
    of = "settings has {n} entries"
    lasso_errors = as_vector(lasso_errors, "lasso_errors", len(settings), of=of)
    ridge_errors = as_vector(ridge_errors, "ridge_errors", len(settings), of=of)
    if lasso_se is not None:
        lasso_se = require_nonnegative(as_vector(lasso_se, "lasso_se", len(settings), of=of), "lasso_se",
                                       "standard errors")
    if ridge_se is not None:
        ridge_se = require_nonnegative(as_vector(ridge_se, "ridge_se", len(settings), of=of), "ridge_se",
                                       "standard errors")
    title = as_text(title, "title")
    x = np.arange(len(settings))
    for offset, errors, se, penalty, label in [(-0.2, lasso_errors, lasso_se, "L1", "L1 (lasso)"),
                                               (0.2, ridge_errors, ridge_se, "L2", "L2 (ridge)")]:
        ax.bar(x + offset, errors, 0.4, color=PENALTY_COLORS[penalty], label=label)
        top = errors
        if se is not None:
            ax.errorbar(x + offset, errors, yerr=se, fmt="none", ecolor="black", capsize=3, lw=1)
            top = errors + se                     # the value's label sits above its error bar
        for xi, value, height in zip(x, errors, top):
            ax.text(xi + offset, height, f"{value:.2f}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, list(settings))
    ax.set(ylabel="test MSE (mean over data sets)", title=title)
    ax.legend(loc="upper right", fontsize=8)


def plot_one_weight(ax, grid, objectives: dict, minimizers: dict):
    """The objective of a single weight for several λ (``objectives[label]`` on ``grid``), each minimum marked."""
    as_axes(ax)
    grid = as_vector(grid, "grid")
    objectives = as_curves(objectives, "objectives", grid.size, of="grid has {n} points")
    minimizers = as_mapping(minimizers, "minimizers")
    missing = [label for label in objectives if label not in minimizers]
    if missing:
        raise ValueError(f"minimizers must give the minimizer of every curve in objectives; missing {missing}")
    minimizers = {label: as_number(minimizers[label], f"minimizers[{label!r}]") for label in objectives}
    for k, (label, values) in enumerate(objectives.items()):
        color = FEATURE_COLORS[k % len(FEATURE_COLORS)]
        ax.plot(grid, values - values.min(), color=color, label=label)
        ax.plot([minimizers[label]], [0.0], "o", color=color, mec="black")
    ax.axvline(0, color="black", lw=0.6)
    ax.set(xlabel="weight w", ylabel="objective − its minimum",
           title="one weight: the kink at 0 can hold the minimum")
    ax.legend(loc="upper right", fontsize=8)


def plot_pulls(ax, names: Sequence[str], pulls, coef, lam: float):
    """Bars of the data's pull ``|2 x_jᵀ r|`` on each weight at a lasso solution, with the line at λ.

    Bars of weights that are exactly zero are drawn hatched: they stay below λ.
    """
    as_axes(ax)
    names = as_names(names, "names")
    pulls = np.abs(as_vector(pulls, "pulls", len(names), of="names has {n} entries"))
    coef = as_vector(coef, "coef", len(names), of="names has {n} entries")
    lam = as_lambda(lam)
    zero = coef == 0.0
    x = np.arange(len(names))
    ax.bar(x[~zero], pulls[~zero], color=PENALTY_COLORS["L1"], label="weight ≠ 0: pull = λ")
    ax.bar(x[zero], pulls[zero], color="white", edgecolor=PENALTY_COLORS["L1"], hatch="//",
           label="weight = 0.0: pull ≤ λ")
    ax.axhline(lam, color="black", ls="--", lw=1, label=f"λ = {lam:g}")
    ax.set_xticks(x, list(names), rotation=30)
    ax.set(xlabel="feature", ylabel=r"pull $|2\,\mathbf{x}_j^\top \mathbf{r}|$", title="the lasso's optimality condition",
           ylim=(0, 1.35 * max(lam, pulls.max())))
    ax.legend(loc="upper center", fontsize=8, ncol=3)


def plot_constraint_picture(ax, penalty: str, center, hessian, solution, *, names: Sequence[str],
                            limits: tuple[float, float], levels=None):
    """Loss contours, the region ``‖w‖ ≤ ‖solution‖`` (disk or diamond), the touching contour and the solution."""
    as_axes(ax)
    _check_penalty(penalty)
    center = as_vector(center, "center", 2, of="the picture has {n} weights")
    H = as_array(hessian, "hessian", shape=(2, 2))
    solution = as_vector(solution, "solution", 2, of="the picture has {n} weights")
    names, limits = as_names(names, "names", n=2), as_range(limits, "limits")
    if levels is not None:
        levels = require_nonnegative(as_vector(levels, "levels"), "levels", "loss values above the minimum")
    if levels is None:
        levels = float(center @ H @ center) * np.array([0.04, 0.15, 0.35, 0.65, 1.0])
    draw_geometry(ax, center, H, levels, names=names, limits=limits)
    radius = float(np.abs(solution).sum() if penalty == "L1" else np.linalg.norm(solution))
    d = solution - center
    draw_constraint(ax, penalty, radius, solution, loss_ellipse(center, H, float(d @ H @ d)))
    shape = "diamond ‖w‖₁" if penalty == "L1" else "disk ‖w‖₂"
    ax.set_title(f"{PENALTY_NAMES[penalty]}: the {shape} ≤ {radius:.3f}")


def geometry_legend(figure):
    """One legend under a figure of constraint pictures (the solution's marker in a neutral colour)."""
    as_figure(figure)
    handles = [Line2D([], [], color="#555555", lw=0.7),
               Line2D([], [], marker="+", color="black", ls="none", ms=10, mew=2),
               Line2D([], [], color="black", lw=1.2, ls="--"),
               Line2D([], [], marker="o", color="#bbbbbb", mec="black", ls="none", ms=8)]
    labels = ["loss contours", "least squares", "the contour that touches the region", "penalized solution"]
    return figure.legend(handles, labels, loc="outside lower center", ncol=4, fontsize=8)
