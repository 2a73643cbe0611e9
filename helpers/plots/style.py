"""One look for every figure of the course."""

from __future__ import annotations

import matplotlib as mpl

COLORS = {"data": "#1f77b4", "truth": "#2ca02c", "fit": "#d62728", "train": "#1f77b4",
          "test": "#ff7f0e", "ridge": "#d62728", "lasso": "#9467bd", "ols": "#7f7f7f"}


def course_style() -> None:
    """Apply the course's Matplotlib defaults (fixed sizes and fonts, so stored figures stay alike)."""
    mpl.rcParams.update({
        "figure.figsize": (9.0, 3.6),
        "figure.dpi": 80,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
        "font.size": 10,
    })
