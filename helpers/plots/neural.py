"""Figures of lesson 07: first-layer weights as images, decision regions, heat maps of a grid of settings."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.patches import Rectangle

from .._validation import (
    as_array,
    as_axes,
    as_axes_list,
    as_labels,
    as_matrix,
    as_number,
    as_positive_int,
    as_text,
    as_vector,
)
from .style import COLORS

# The two classes: the palette's blue circles and orange triangles (the shape is the second cue).
CLASS_COLORS = (COLORS["data"], COLORS["test"])
CLASS_MARKERS = ("o", "^")
#: The probability of class 1 from blue (class 0) through white to orange (class 1): the regions take their class's colour.
CLASS_CMAP = LinearSegmentedColormap.from_list("classes", [CLASS_COLORS[0], "white", CLASS_COLORS[1]])


def _increasing(values, name: str) -> np.ndarray:
    """A grid axis: at least two points, in increasing order."""
    values = as_vector(values, name, min_size=2)
    if np.any(np.diff(values) <= 0):
        raise ValueError(f"{name} must be a grid in increasing order")
    return values


def weight_images(axes: Sequence[Axes], W, *, title: str | None = None, side: int = 8) -> None:
    """Show the first ``len(axes)`` columns of a first-layer weight matrix as ``side × side`` images.

    Each column holds the weights from every pixel to one hidden unit; one symmetric colour scale per
    row of axes, so that a noisier, larger set of weights looks it.
    """
    axes = as_axes_list(axes)
    W = as_matrix(W, "W")
    side = as_positive_int(side, "side")
    title = as_text(title, "title", optional=True)
    if W.ndim != 2 or W.shape[0] != side * side:
        raise ValueError(f"W must have shape ({side * side}, n_units), got {W.shape}")
    if len(axes) > W.shape[1]:
        raise ValueError(f"{len(axes)} axes but W has only {W.shape[1]} columns (hidden units)")
    limit = float(np.abs(W[:, :len(axes)]).max()) or 1.0
    for j, ax in enumerate(axes):
        ax.imshow(W[:, j].reshape(side, side), cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
    if title:
        axes[0].set_ylabel(title, rotation=0, ha="right", va="center", fontsize=9)


def decision_regions(ax: Axes, xs, ys, prob, X, y, *, title: str, levels=(0.5,)):
    """The predicted probability of class 1 on a grid (shaded), the boundary at 0.5, and the points.

    Returns the image artist, so that an explorer can update it in place.
    """
    as_axes(ax)
    xs, ys = _increasing(xs, "xs"), _increasing(ys, "ys")
    prob = as_array(prob, "prob", shape=(len(ys), len(xs)))
    if prob.min() < 0 or prob.max() > 1:
        raise ValueError(f"prob must hold probabilities in [0, 1], got values from {prob.min():g} to {prob.max():g}")
    X = as_array(X, "X", shape=(None, 2))
    y = as_labels(y, "y", len(X), both=False)
    title = as_text(title, "title")
    levels = as_vector(levels, "levels")
    if np.any((levels <= 0) | (levels >= 1)) or np.any(np.diff(levels) <= 0):
        raise ValueError(f"levels must be probabilities strictly between 0 and 1, in increasing order, got {levels}")
    image = ax.imshow(prob, origin="lower", extent=(xs[0], xs[-1], ys[0], ys[-1]), cmap=CLASS_CMAP, vmin=0, vmax=1,
                      alpha=0.45, aspect="auto", interpolation="bilinear")
    ax.contour(xs, ys, prob, levels=list(levels), colors="black", linewidths=1.2)
    for label, (color, marker) in enumerate(zip(CLASS_COLORS, CLASS_MARKERS)):
        ax.scatter(*X[y == label].T, s=22, color=color, marker=marker, edgecolor="black", linewidth=0.5)
    ax.set(xlim=(xs[0], xs[-1]), ylim=(ys[0], ys[-1]), title=title, xticks=[], yticks=[])
    ax.grid(False)
    return image


def error_heatmap(ax: Axes, errors, *, row_values, col_values, row_label: str, col_label: str, title: str,
                  vmax: float | None = None):
    """A table of errors coloured from low (light) to high (dark), each cell labelled, the best one framed."""
    as_axes(ax)
    row_values, col_values = as_vector(row_values, "row_values"), as_vector(col_values, "col_values")
    errors = as_array(errors, "errors", shape=(len(row_values), len(col_values)))
    row_label, col_label = as_text(row_label, "row_label"), as_text(col_label, "col_label")
    title = as_text(title, "title")
    vmax = None if vmax is None else as_number(vmax, "vmax")
    image = ax.imshow(errors, cmap="viridis_r", vmin=errors.min(), vmax=vmax or errors.max(), aspect="auto")
    for (i, j), value in np.ndenumerate(errors):
        ax.text(j, i, f"{100 * value:.1f}", ha="center", va="center", fontsize=8,
                color="white" if value > 0.5 * (errors.min() + (vmax or errors.max())) else "black")
    best = np.unravel_index(np.argmin(errors), errors.shape)
    ax.add_patch(Rectangle((best[1] - 0.5, best[0] - 0.5), 1, 1, fill=False, edgecolor=COLORS["fit"], linewidth=2.5))
    ax.set_xticks(range(len(col_values)), [f"{v:g}" for v in col_values], fontsize=8)
    ax.set_yticks(range(len(row_values)), [f"{v:g}" for v in row_values], fontsize=8)
    ax.set(xlabel=col_label, ylabel=row_label, title=title)
    ax.grid(False)
    return image
