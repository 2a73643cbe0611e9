"""What every explorer shares: controls above a figure that is redrawn in place.

An explorer draws its figure once with Matplotlib's Agg renderer and keeps that picture as a
background. On every control change it only updates the data of its *dynamic* artists (the fitted
line, a marker, a bar set), restores the background, draws those artists on top (blitting) and
encodes the PNG shown in an ``ipywidgets.Image``. Redrawing axes, ticks and labels is what makes a
full redraw slow, so this answers a slider move several times faster, needs no plotting extension in
the browser, and can be tested without a kernel: set a control's ``.value``, then read ``state``.

A subclass that changes something static (axis limits, tick labels) calls ``invalidate()`` in
``update`` so the next render redraws everything.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import ipywidgets as widgets
from IPython.display import Image as StaticImage
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

DPI = 80


class Explorer(widgets.VBox):
    """Base class: a subclass builds its controls, figure and dynamic artists, and implements ``update``.

    The subclass calls ``super().__init__(controls, figure, dynamic)`` once its artists exist, and in
    ``update`` reads the controls, recomputes, sets the artists' data, records what it computed in
    ``self.state`` (for tests) and may return a one-line HTML summary shown under the figure.
    """

    #: Shown wherever widgets do not run yet (a page before the cell runs, a plain notebook viewer).
    plain_text = "Explorer: run this cell to use the controls."

    def __init__(self, controls: list[widgets.Widget], figure: Figure, dynamic: Iterable[Artist], **kwargs):
        self.figure = figure
        self.canvas = FigureCanvasAgg(figure)
        self.dynamic = list(dynamic)
        for artist in self.dynamic:
            artist.set_animated(True)  # left out of the background, drawn on top at each update
        self._background = None
        self.state: dict[str, Any] = {}
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
        self.summary = widgets.HTML()
        self.controls = controls
        super().__init__([widgets.HBox(controls), self.image, self.summary], **kwargs)
        for control in controls:
            control.observe(self._on_change, names="value")
        self.refresh()

    def __repr__(self) -> str:
        return self.plain_text

    def _on_change(self, _change) -> None:
        self.refresh()

    def invalidate(self) -> None:
        """Redraw the whole figure at the next render (call after changing limits or labels)."""
        self._background = None

    def refresh(self) -> None:
        """Recompute from the controls' values and re-render the image."""
        text = self.update()
        self.summary.value = text or ""
        self.image.value = self.render()

    def render(self) -> bytes:
        """Draw the dynamic artists over the cached background and return the picture as PNG bytes."""
        if self._background is None:
            self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        else:
            self.canvas.restore_region(self._background)
        for artist in self.dynamic:
            artist.axes.draw_artist(artist) if artist.axes is not None else artist.draw(self.canvas.get_renderer())
        width, height = self.canvas.get_width_height()
        picture = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        picture.save(buffer, format="png", compress_level=1)  # fast compression: size matters less than time
        return buffer.getvalue()

    def render_full(self) -> bytes:
        """The same picture by a full redraw (for comparison in benchmarks and tests)."""
        for artist in self.dynamic:
            artist.set_animated(False)
        try:
            buffer = io.BytesIO()
            self.figure.savefig(buffer, format="png", dpi=DPI)
            return buffer.getvalue()
        finally:
            for artist in self.dynamic:
                artist.set_animated(True)

    def snapshot(self) -> StaticImage:
        """The current view as a static image, for the figure shown before the live explorer."""
        return StaticImage(data=self.image.value, format="png")

    def update(self) -> str | None:  # pragma: no cover - every subclass defines it
        """Read the controls, recompute, update the dynamic artists; optionally return an HTML summary."""
        raise NotImplementedError


def new_figure(width: float = 9.0, height: float = 3.6, ncols: int = 1, nrows: int = 1, **kwargs):
    """A Matplotlib figure for an explorer, not managed by pyplot (so it is never shown twice)."""
    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    axes = figure.subplots(nrows, ncols, **kwargs)
    return figure, axes
