"""One look for every figure of the course: a colour-blind-safe palette, line styles as a second cue.

The colours are Okabe and Ito's palette ("Color Universal Design", 2008), chosen so that every pair
the course draws together stays apart under deuteranopia and protanopia (``tests/test_widgets_contract.py``
checks it with Machado, Oliveira and Fernandes' 2009 simulation). Colour is never the only cue: each
role also has its own line style, so a reader who cannot tell two hues apart still tells the curves apart.

Examples
--------
>>> COLORS["truth"], LINESTYLES["truth"]
('#009E73', '--')
"""

from __future__ import annotations

import matplotlib as mpl

#: Okabe–Ito, in their published order (black first).
OKABE_ITO = ("#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")

#: The colour of each role a curve plays in the course's figures.
COLORS = {"data": "#0072B2", "truth": "#009E73", "fit": "#D55E00", "train": "#0072B2",
          "test": "#E69F00", "ridge": "#D55E00", "lasso": "#CC79A7", "ols": "#6E6E6E"}

#: The second cue: the line style of each role (the true curve dashed, test error dashed, ...).
LINESTYLES = {"data": "-", "truth": "--", "fit": "-", "train": "-", "test": "--", "ridge": "-",
              "lasso": "-.", "ols": ":"}

#: Colours for curves beyond the named roles: the first four stay apart under deuteranopia and protanopia
#: (the test checks it); yellow last, weak on white.
CYCLE = ("#0072B2", "#E69F00", "#009E73", "#000000", "#CC79A7", "#D55E00", "#56B4E9", "#6E6E6E", "#F0E442")


def course_style() -> None:
    """Apply the course's Matplotlib defaults (fixed sizes and fonts, so stored figures stay alike)."""
    mpl.rcParams.update({
        "figure.figsize": (9.0, 3.6),
        "figure.dpi": 80,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": mpl.cycler(color=CYCLE),
        "legend.frameon": False,
        "font.size": 10,
    })
