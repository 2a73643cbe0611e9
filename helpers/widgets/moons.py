"""The explorer of lesson 07: a one-hidden-layer network on two moons, with its decay, width and optimizer.

Every combination of the controls is trained once, when the explorer is built (the six decay levels
of one optimizer and width side by side, with ``helpers.neural.train_mlps``), and its predictions on
the picture's grid are stored. The 36 settings are then drawn once each, also at build time, and their
panels kept as PNG bytes: a control move only looks up the stored picture of its setting. It never
trains and never draws.
"""

from __future__ import annotations

import contourpy
import ipywidgets as widgets
import numpy as np
from matplotlib.artist import Artist

from .._validation import (
    as_array,
    as_labels,
    as_matrix,
    as_positive_float,
    as_positive_int,
    as_seed,
    as_vector,
)
from ..neural import accuracy, init_mlp, mlp_forward, train_mlps, weight_norm
from ..plots.neural import CLASS_CMAP, CLASS_COLORS, CLASS_MARKERS
from ..plots.style import COLORS, LINESTYLES
from .base import Explorer, Number, new_figure

LEVELS = ("none", "very weak", "weak", "medium", "strong", "very strong")
#: Adam's ``weight_decay`` (an L2 penalty (wd/2)‖W‖² in the gradient) and AdamW's, level by level.
DECAY = {"Adam + L2": (0.0, 1e-4, 1e-3, 3e-3, 1e-2, 3e-2), "AdamW": (0.0, 0.1, 0.3, 1.0, 3.0, 10.0)}
OPTIMIZER = {"Adam + L2": "adam", "AdamW": "adamw"}
WIDTHS = (4, 16, 64)


def _labels(y, n):
    labels = as_labels(y, "y", n)
    if labels.shape != (n,) or not np.all(np.isin(labels, (0, 1))):
        raise ValueError(f"the labels must be a 1-D array of 0s and 1s, one per row ({n}), got shape {labels.shape}")
    return labels.astype(int)


def train_grid(X, y, *, widths=WIDTHS, lr: float = 0.01, n_steps: int = 600, seed: int = 0) -> dict:
    """Train one network per (optimizer, width, level) side by side; return ``{(name, width, level): params}``.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]]); y = np.array([0, 0, 1, 1])
    >>> nets = train_grid(X, y, widths=(4, 8), n_steps=5)
    >>> len(nets), nets["AdamW", 4, 0][0].shape
    (24, (2, 4))
    """
    X = as_matrix(X)
    if X.shape[1] != 2:
        raise ValueError(f"X must have two columns (points in the plane), got {X.shape[1]}")
    y = _labels(y, X.shape[0])
    if isinstance(widths, (str, bytes)) or not hasattr(widths, "__iter__"):
        raise TypeError(f"widths must be a sequence of layer widths, got {type(widths).__name__}")
    widths = tuple(as_positive_int(w, "widths") for w in widths)
    lr, seed = as_positive_float(lr, "lr"), as_seed(seed)
    nets = {}
    for name in DECAY:          # one stack per optimizer and width: the levels of decay train side by side
        for width in widths:
            start = init_mlp([2, width, 2], seed=seed)
            trained = train_mlps([start] * len(LEVELS), X, y, optimizer=OPTIMIZER[name], lr=lr, n_steps=n_steps,
                                 weight_decay=list(DECAY[name]))
            for level, params in enumerate(trained):
                nets[name, width, level] = params
    return nets


def _shade(prob):
    """The probability as light colours (the colour map blended with white), as RGB bytes ready to draw.

    Shading once here, at construction, leaves a control move only nearest-neighbour resampling to do.
    """
    rgb = CLASS_CMAP(prob)[..., :3]
    return (255 * (0.45 * rgb + 0.55)).astype(np.uint8)


class _PixelMap(Artist):
    """A picture that fills its axes, drawn pixel for pixel (nearest neighbour, no resampling filter).

    ``rgb`` is a (rows, columns, 3) grid of bytes, row 0 at the bottom of the axes. Drawing it costs one
    NumPy lookup, where ``imshow`` would resample and colour-map the picture at every control move.
    """

    def __init__(self, rgb):
        super().__init__()
        self.rgb = rgb
        self._index: dict = {}

    def draw(self, renderer):
        if not self.get_visible():
            return
        x0, y0, x1, y1 = self.axes.bbox.extents
        width, height = int(round(x1 - x0)), int(round(y1 - y0))
        key = (width, height, self.rgb.shape)
        if key not in self._index:
            self._index = {key: ((np.arange(height) * self.rgb.shape[0]) // height,
                                 (np.arange(width) * self.rgb.shape[1]) // width)}
        rows, cols = self._index[key]
        pixels = np.empty((height, width, 4), np.uint8)
        pixels[..., :3] = self.rgb[rows[:, None], cols[None, :]]
        pixels[..., 3] = 255
        gc = renderer.new_gc()
        renderer.draw_image(gc, round(x0), round(y0), pixels)   # Agg takes row 0 as the bottom row
        gc.restore()


def decision_boundary(xs, ys, prob):
    """The 0.5 contour of ``prob`` (on the grid ``xs`` × ``ys``) as one polyline and its total length.

    Returns ``(x, y, length)``: the pieces of the boundary joined with NaN between them (ready for
    ``Line2D.set_data``) and the sum of their lengths, a measure of how much the boundary winds.

    Examples
    --------
    >>> import numpy as np
    >>> xs = ys = np.linspace(0, 1, 11)
    >>> prob = np.tile(xs, (11, 1))                  # p = x: the boundary is the line x = 0.5
    >>> round(decision_boundary(xs, ys, prob)[2], 6)
    1.0
    """
    xs, ys = as_vector(xs, "xs", min_size=2), as_vector(ys, "ys", min_size=2)
    prob = as_array(prob, "prob", shape=(ys.size, xs.size))
    lines = contourpy.contour_generator(xs, ys, prob).lines(0.5)
    if not lines:
        return np.array([np.nan]), np.array([np.nan]), 0.0
    length = float(sum(np.linalg.norm(np.diff(line, axis=0), axis=1).sum() for line in lines))
    joined = np.concatenate([np.vstack([line, [np.nan, np.nan]]) for line in lines])
    return joined[:, 0], joined[:, 1], length


class MoonsExplorer(Explorer):
    """Decision boundary, errors and weight norm of a one-hidden-layer ReLU network on two moons.

    Controls: the decay level, the hidden width and the optimizer (Adam with ``weight_decay``, an L2
    penalty; or AdamW, decoupled decay). Left: the predicted probability of the orange class, the
    boundary (black) and the training points. Right: the test error against the decay level at this
    width, for both optimizers, with the current setting marked.

    ``state`` holds ``optimizer``, ``width``, ``level``, ``weight_decay``, ``train_error``, ``test_error``,
    ``norm`` (of the weight matrices) and ``boundary_length``.
    """

    plain_text = "Two-moons network explorer: run this cell, then set the decay, the width and the optimizer."
    CONTROLS = {"level_slider": ("decay strength", ""), "width_buttons": ("number of hidden units", ""),
                "optimizer_buttons": ("optimizer: Adam with L2 or AdamW", "")}
    NUMBERS = (Number("weight_decay", "weight_decay", "{:g}", "weight decay"),
               Number("train_error", "training error", "{:.1%}"), Number("test_error", "test error", "{:.1%}"),
               Number("norm", "‖W‖", "{:.1f}", "norm of the weights"),
               Number("boundary_length", "boundary length", "{:.1f}"))
    PRESETS = {"overfit": {"level_slider": "none", "width_buttons": 64, "optimizer_buttons": "AdamW"},
               "just right": {"level_slider": "medium", "width_buttons": 64, "optimizer_buttons": "AdamW"},
               "too much decay": {"level_slider": "very strong", "width_buttons": 64,
                                  "optimizer_buttons": "AdamW"}}

    def __init__(self, X_train, y_train, X_test, y_test, *, lr: float = 0.01, n_steps: int = 600,
                 seed: int = 0, resolution: int = 120, nets: dict | None = None):
        X_train, X_test = as_matrix(X_train, "X_train"), as_matrix(X_test, "X_test")
        y_train, y_test = _labels(y_train, X_train.shape[0]), _labels(y_test, X_test.shape[0])
        lr, seed = as_positive_float(lr, "lr"), as_seed(seed)
        resolution = as_positive_int(resolution, "resolution", minimum=10)
        # ``nets`` from an earlier train_grid call on the same data saves training them twice.
        self.nets = nets if nets is not None else train_grid(X_train, y_train, lr=lr, n_steps=n_steps, seed=seed)
        missing = [(name, w, k) for name in DECAY for w in WIDTHS for k in range(len(LEVELS))
                   if (name, w, k) not in self.nets]
        if missing:
            raise ValueError(f"nets lacks {len(missing)} of the explorer's settings, e.g. {missing[0]}; "
                             "build it with train_grid(X_train, y_train)")

        both = np.vstack([X_train, X_test])
        lo, hi = both.min(axis=0) - 0.3, both.max(axis=0) + 0.3
        self.xs = np.linspace(lo[0], hi[0], resolution)
        self.ys = np.linspace(lo[1], hi[1], int(resolution * 0.7))
        grid = np.column_stack([g.ravel() for g in np.meshgrid(self.xs, self.ys)])
        # Everything a move shows is computed here, once per network.
        self.views = {}
        for key, params in self.nets.items():
            logits = mlp_forward(params, grid)
            prob = 1.0 / (1.0 + np.exp(logits[:, 0] - logits[:, 1]))      # softmax of two classes
            prob = prob.reshape(len(self.ys), len(self.xs))
            bx, by, length = decision_boundary(self.xs, self.ys, prob)
            self.views[key] = {"prob": _shade(prob), "boundary": (bx, by), "boundary_length": length,
                               "train_error": 1.0 - accuracy(params, X_train, y_train),
                               "test_error": 1.0 - accuracy(params, X_test, y_test),
                               "norm": weight_norm(params)}

        self.level_slider = widgets.SelectionSlider(options=list(LEVELS), value="weak", description="decay")
        self.width_buttons = widgets.ToggleButtons(options=list(WIDTHS), value=WIDTHS[-1], description="width")
        self.optimizer_buttons = widgets.ToggleButtons(options=list(DECAY), value="AdamW", description="optimizer")

        self._pictures: dict = {}     # setting -> the PNG of each panel, filled by _draw_every_setting
        figures, (ax_map, ax_err) = new_figure(height=3.9, ncols=2, widths=(4.8, 4.2))
        first = self.views["AdamW", WIDTHS[-1], 0]
        self.map = _PixelMap(first["prob"])
        ax_map.add_artist(self.map)
        (self.line,) = ax_map.plot(*first["boundary"], color="black", lw=1.5, label="boundary (p = ½)")
        # The points and the frame (spines) are drawn after the map (dynamic too), or it would cover them.
        points = [ax_map.scatter(*X_train[y_train == label].T, s=24, color=color, marker=marker, edgecolor="black",
                                 linewidth=0.5) for label, (color, marker) in enumerate(zip(CLASS_COLORS, CLASS_MARKERS))]
        ax_map.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), xticks=[], yticks=[],
                   title="the network's decision regions")
        ax_map.grid(False)
        levels = np.arange(len(LEVELS))
        self.curves = {}
        for name, color in zip(DECAY, (COLORS["ols"], COLORS["fit"])):
            (self.curves[name],) = ax_err.plot(levels, np.zeros(len(LEVELS)), marker="o", color=color,
                                               ls=LINESTYLES["test"] if name == "AdamW" else "-",
                                               label=f"{name}, test")
        (self.marker,) = ax_err.plot([0], [0], "o", ms=12, mfc="none", mec="black", mew=1.8, label="this setting")
        all_errors = [v["test_error"] for v in self.views.values()]
        ax_err.set(xticks=levels, xlim=(-0.4, len(LEVELS) - 0.6), ylim=(0, 1.15 * max(all_errors) + 0.02),
                   xlabel="decay strength", ylabel="test error", title="test error at this width")
        ax_err.set_xticklabels([name.replace(" ", "\n") for name in LEVELS], fontsize=9)
        ax_err.legend(loc="upper left", fontsize=9)
        super().__init__([self.level_slider, self.width_buttons, self.optimizer_buttons], figures,
                         dynamic=[self.map, *points, self.line, *ax_map.spines.values(), self.marker,
                                  *self.curves.values()])
        self._draw_every_setting()

    def _setting(self) -> tuple[str, int, int]:
        return self.optimizer_buttons.value, int(self.width_buttons.value), LEVELS.index(self.level_slider.value)

    def _show(self, name: str, width: int, level: int) -> dict:
        """Set the dynamic artists to one setting; return its stored view."""
        view = self.views[name, width, level]
        self.map.rgb = view["prob"]
        self.line.set_data(*view["boundary"])
        for curve_name, curve in self.curves.items():
            curve.set_ydata([self.views[curve_name, width, k]["test_error"] for k in range(len(LEVELS))])
        self.marker.set_data([level], [view["test_error"]])
        return view

    def _draw_every_setting(self) -> None:
        """Draw each of the 36 settings once (blitting over the shared background) and keep its PNGs."""
        current = self._setting()
        for key in self.views:
            if key not in self._pictures:
                self._show(*key)
                self._pictures[key] = Explorer.render(self)
        self._show(*current)

    def render(self) -> list[bytes]:
        """The stored panels of the current setting (drawn at build time; a move draws nothing)."""
        key = self._setting()
        if key not in self._pictures:      # only before _draw_every_setting has run (the first refresh)
            self._pictures[key] = super().render()
        return self._pictures[key]

    def invalidate(self) -> None:
        super().invalidate()
        self._pictures.clear()

    def update(self) -> str:
        name, width, level = self._setting()
        view = self._show(name, width, level)
        wd = DECAY[name][level]
        self.state = {"optimizer": name, "width": width, "level": level, "weight_decay": wd,
                      "train_error": view["train_error"], "test_error": view["test_error"], "norm": view["norm"],
                      "boundary_length": view["boundary_length"]}
        setting = f"{name} with weight_decay = {wd:g}" if wd else f"{name} without decay"
        return (f"{width} hidden units, {setting}: training error {view['train_error']:.1%}, test error "
                f"{view['test_error']:.1%}, weight norm {view['norm']:.1f}, boundary length "
                f"{view['boundary_length']:.1f}.")
