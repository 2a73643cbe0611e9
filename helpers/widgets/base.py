"""What every explorer shares: labelled controls, presets, sharp figure panels and a live-numbers strip.

How it draws
------------
An explorer draws each of its figure panels once with Matplotlib's Agg renderer and keeps that picture
as a background. On every control change it only updates the data of its *dynamic* artists (the fitted
line, a marker, a bar set), restores the background, draws those artists on top (blitting) and
encodes the PNG shown in an ``ipywidgets.Image``. Redrawing axes, ticks and labels is what makes a
full redraw slow, so this answers a slider move several times faster, needs no plotting extension in
the browser, and can be tested without a kernel: set a control's ``.value``, then read ``state``.

Each panel is its own small figure, drawn at ``DENSITY`` (2) device pixels per CSS pixel and shown at
its natural width (never stretched, so it stays sharp on a 2× display); the panels and the numbers
strip sit in a wrapping row, so on a narrow page they stack instead of shrinking their text.

Writing an explorer (lessons 07 and 08 follow this pattern)
-----------------------------------------------------------
A subclass

1. builds its controls with ``slider(...)``-style ipywidgets and gives each an accessible name and unit
   in ``CONTROLS``: ``{"lam_slider": ("penalty strength λ", "")}`` (attribute name → (name, unit)).
   The name is what a screen reader says for the control; the value it reads is the control's own
   readout (so a log slider says "0.01", not its exponent);
2. declares the numbers strip in ``NUMBERS``: ``Number(key, label, fmt, spoken)`` entries, each reading
   ``state[key]`` (the one that changed at the last move is highlighted and announced politely);
3. declares its teaching moments in ``PRESETS`` (or a ``presets()`` method when they depend on the
   data): ``{"underfit": {"degree": 1}, ...}`` (button label → {control attribute: value}); a "reset"
   button returning every control to its value at construction is added by the base class;
4. draws its panels on figures from ``new_figure`` (one figure per panel), marks the artists that
   move as *dynamic*, and calls ``super().__init__(controls, figures, dynamic)``;
5. implements ``update()``: read the controls, recompute, set the artists' data, record what it
   computed in ``self.state``, and return one plain sentence that says what the figure shows now.
   That sentence is the figure's text alternative and the caption under it.

``plain_text`` (under 110 characters: ipywidgets cuts longer ones) is what a page shows before the
cell runs. ``tests/test_widgets_contract.py`` finds every subclass in ``helpers.widgets`` by itself and
checks all of the above; a subclass that changes something static (axis limits, tick labels) calls
``invalidate()`` in ``update`` so the next render redraws everything.

Before the cell runs
--------------------
A notebook stores each explorer's last state, so a trusted notebook draws it before its kernel runs.
Until a page reports that it shows the explorer *and* the kernel answers, the controls are disabled
and a notice says to run the cell; the kernel's answer makes it live and folds away the static
snapshot above it (the browser half is ``bridge.js``).
"""

from __future__ import annotations

import html
import io
import re
import struct
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as widgets
import numpy as np
import traitlets
from IPython.display import Image as StaticImage
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

from .._validation import as_positive_float, as_positive_int

try:  # ISA-L's deflate, much faster than zlib's at the same level (see _png); zlib where it is missing
    from isal import isal_zlib as _DEFLATE
except ImportError:  # pragma: no cover - isal is a declared dependency
    _DEFLATE = zlib

CSS_DPI = 80          # CSS pixels per inch of figure size: a 4.5-inch panel is 360 px wide on the page
DENSITY = 2           # device pixels per CSS pixel: sharp on 2× (retina) displays
DPI = CSS_DPI * DENSITY
MIN_FONT_POINTS = 9   # 9 pt at 80 px per inch is 10 CSS px: the smallest text an explorer shows
MAX_WIDTH_PX = 1000   # the explorer never grows wider than this, however wide the page
SLIDER_WIDTH = "440px"
PLAIN_TEXT_LIMIT = 110  # ipywidgets cuts a widget's plain-text form after this many characters

_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Number:
    """One entry of the live-numbers strip: ``state[key]`` shown as ``label`` with ``fmt``.

    ``spoken`` is what a screen reader says instead of the label (``"norm of w"`` for ``‖w‖``);
    ``fmt`` is a format string or a function of the value returning the text.

    Examples
    --------
    >>> Number("lam", "λ", "{:.3g}").text(0.0123)
    '0.0123'
    """

    key: str
    label: str
    fmt: Any = "{:.3g}"
    spoken: str | None = None

    def text(self, value) -> str:
        return self.fmt(value) if callable(self.fmt) else self.fmt.format(value)


class Bridge(anywidget.AnyWidget):
    """The browser half of an explorer: accessibility, the stored-state notice, the dark theme."""

    _esm = (_HERE / "bridge.js").read_text(encoding="utf-8")
    _css = (_HERE / "bridge.css").read_text(encoding="utf-8")
    controls = traitlets.List().tag(sync=True)        # [{"name", "unit"}] per control, in DOM order
    alts = traitlets.List().tag(sync=True)            # the text alternative of each panel image
    announcement = traitlets.Unicode("").tag(sync=True)
    alive = traitlets.Int(0).tag(sync=True)           # raised by a page that shows the explorer
    live = traitlets.Bool(False).tag(sync=True)       # set by the kernel in answer


def plain(text: str) -> str:
    """``text`` without HTML tags and entities (the summary as a screen reader should hear it)."""
    return html.unescape(re.sub(r"<[^>]+>", "", text or ""))


class Explorer(widgets.VBox):
    """Base class; see the module docstring for the pattern a subclass follows."""

    #: Shown wherever widgets do not run yet (a page before the cell runs, a plain notebook viewer).
    plain_text = "Explorer: run this cell to use the controls."
    #: attribute name of each control → (accessible name, unit).
    CONTROLS: Mapping[str, tuple[str, str]] = {}
    #: the live-numbers strip.
    NUMBERS: Sequence[Number] = ()
    #: button label → {control attribute: value}.
    PRESETS: Mapping[str, Mapping[str, Any]] = {}

    def __init__(self, controls: list[widgets.Widget], figure, dynamic: Iterable[Artist], **kwargs):
        self.figures: list[Figure] = list(figure) if isinstance(figure, (list, tuple)) else [figure]
        self.figure = self.figures[0]
        self.canvases = [FigureCanvasAgg(f) for f in self.figures]
        self.canvas = self.canvases[0]
        self.dynamic = list(dynamic)
        for artist in self.dynamic:
            artist.set_animated(True)  # left out of the background, drawn on top at each update
        for fig in self.figures:
            _enforce_min_font(fig)
            _freeze_layout(fig)
        self._backgrounds: list = [None] * len(self.figures)
        self._encoded: list[tuple[bytes, bytes] | None] = [None] * len(self.figures)
        self._shown_numbers: dict[str, str] = {}
        self._batch = False
        self.state: dict[str, Any] = {}
        self.controls = controls
        self._names = self._control_names()
        self.images = [widgets.Image(format="png", layout=widgets.Layout(
            width=f"{round(f.get_figwidth() * CSS_DPI)}px", max_width="100%", height="auto"))
            for f in self.figures]
        self.image = self.images[0]
        self.summary = widgets.HTML(layout=widgets.Layout(max_width=f"{MAX_WIDTH_PX}px"))
        self.numbers = widgets.HTML(layout=widgets.Layout(min_width="150px", margin="0 0 0 6px"))
        self.numbers.add_class("l2-numbers")
        self.notice = widgets.HTML(
            "<b>Stored view.</b> Run this cell (or <i>Run ▸ Run All Cells</i>) to bring these controls to "
            "life; until then they do not respond, and the figure above shows the default view.")
        self.notice.add_class("l2-notice")
        self.bridge = Bridge()
        self.initial = {name: getattr(self, name).value for name in self._control_attributes()}
        self.preset_buttons = self._preset_buttons()
        for i, control in enumerate(controls):
            control.add_class("l2-control")
            control.add_class(f"l2-control-{i}")
            if hasattr(control, "style") and "description_width" in control.style.keys:
                control.style.description_width = "initial"
            if "readout" in control.keys:  # a slider: a long track for fine control
                control.layout.width = SLIDER_WIDTH
        rows = [self.notice, widgets.HBox(controls, layout=widgets.Layout(flex_flow="row wrap"))]
        if self.preset_buttons:
            rows.append(widgets.HBox([widgets.Label("go to:"), *self.preset_buttons],
                                     layout=widgets.Layout(flex_flow="row wrap", align_items="center")))
        body = widgets.HBox([*self.images, self.numbers],
                            layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"))
        rows += [body, self.summary, self.bridge]
        kwargs.setdefault("layout", widgets.Layout(max_width=f"{MAX_WIDTH_PX}px"))
        super().__init__(rows, **kwargs)
        self.add_class("l2-explorer")
        self.bridge.controls = [{"name": n, "unit": u} for n, u in self._names]
        for control in [*controls, *self.preset_buttons]:
            control.disabled = True          # until a page shows the explorer and the kernel answers
        for control in controls:
            control.observe(self._on_change, names="value")
        self.bridge.observe(self._go_live, names="alive")
        self.refresh()

    # --- declarations ------------------------------------------------------------------------------
    def _control_attributes(self) -> list[str]:
        """The attribute name of each control, in order (the keys of ``CONTROLS`` and of the presets)."""
        by_id = {id(value): name for name, value in vars(self).items() if isinstance(value, widgets.Widget)}
        return [by_id.get(id(c), f"control{i}") for i, c in enumerate(self.controls)]

    def _control_names(self) -> list[tuple[str, str]]:
        names = []
        for attribute, control in zip(self._control_attributes(), self.controls):
            name, unit = self.CONTROLS.get(attribute, (control.description or attribute, ""))
            names.append((name, unit))
        return names

    def presets(self) -> Mapping[str, Mapping[str, Any]]:
        """The teaching moments: button label → {control attribute: value} (``PRESETS`` by default)."""
        return self.PRESETS

    def _preset_buttons(self) -> list[widgets.Button]:
        buttons = []
        for label, values in {**self.presets(), "reset": self.initial}.items():
            button = widgets.Button(description=label, tooltip=_preset_tooltip(label, values),
                                    layout=widgets.Layout(width="auto"))
            button.on_click(lambda _b, values=values: self.apply(values))
            buttons.append(button)
        return buttons

    def apply(self, values: Mapping[str, Any]) -> None:
        """Set several controls at once (a preset), with a single redraw."""
        self._batch = True
        try:
            for attribute, value in values.items():
                getattr(self, attribute).value = value
        finally:
            self._batch = False
        self.refresh()

    def reset(self) -> None:
        """Every control back to its value at construction."""
        self.apply(self.initial)

    # --- the kernel side of "live" -----------------------------------------------------------------
    def _go_live(self, _change=None) -> None:
        for control in [*self.controls, *self.preset_buttons]:
            control.disabled = False
        self.bridge.live = True

    def __repr__(self) -> str:
        return self.plain_text

    def _on_change(self, _change) -> None:
        if not self._batch:
            self.refresh()

    def invalidate(self) -> None:
        """Redraw the whole figure at the next render (call after changing limits or labels)."""
        self._backgrounds = [None] * len(self.figures)

    def refresh(self) -> None:
        """Recompute from the controls' values and re-render the panels and the numbers strip."""
        text = self.update() or ""
        self.summary.value = text
        for image, png in zip(self.images, self.render()):
            if image.value != png:
                image.value = png
        self.numbers.value, spoken = self._numbers_html()
        titles = "; ".join(t for t in (ax.get_title() for f in self.figures for ax in f.axes) if t)
        alt = f"Figure ({titles}). {plain(text)}" if titles else plain(text)
        self.bridge.alts = [alt] + [""] * (len(self.images) - 1)  # one description for the whole figure
        if spoken:
            self.bridge.announcement = spoken

    def _numbers_html(self) -> tuple[str, str]:
        rows, changed = [], []
        for number in self.NUMBERS:
            if number.key not in self.state:
                continue
            value = number.text(self.state[number.key])
            moved = number.key in self._shown_numbers and self._shown_numbers[number.key] != value
            self._shown_numbers[number.key] = value
            if moved:
                changed.append(f"{number.spoken or number.label} {value}")
            rows.append(f'<div class="l2-number{" l2-changed" if moved else ""}" data-key="{number.key}">'
                        f'<span class="l2-number-label">{html.escape(number.label)}</span>'
                        f'<span class="l2-number-value">{html.escape(value)}</span></div>')
        return "".join(rows), "; ".join(changed)

    def render(self) -> list[bytes]:
        """Draw each panel's dynamic artists over its cached background; return one PNG per panel."""
        out = []
        for k, (fig, canvas) in enumerate(zip(self.figures, self.canvases)):
            if self._backgrounds[k] is None:
                canvas.draw()
                self._backgrounds[k] = canvas.copy_from_bbox(fig.bbox)
            else:
                canvas.restore_region(self._backgrounds[k])
            renderer = canvas.get_renderer()
            for artist in self.dynamic:
                if artist.figure is fig:
                    artist.axes.draw_artist(artist) if artist.axes is not None else artist.draw(renderer)
            pixels = np.asarray(canvas.buffer_rgba())
            raw = pixels.tobytes()
            previous = self._encoded[k]
            if previous is not None and previous[0] == raw:   # an unchanged panel is not re-encoded
                out.append(previous[1])
                continue
            png = _png(pixels)
            self._encoded[k] = (raw, png)
            out.append(png)
        return out

    def render_full_panels(self) -> list[bytes]:
        """Every panel by a full redraw (for comparison with ``render`` in benchmarks and tests)."""
        for artist in self.dynamic:
            artist.set_animated(False)
        try:
            out = []
            for fig in self.figures:
                buffer = io.BytesIO()
                fig.savefig(buffer, format="png", dpi=DPI)
                out.append(buffer.getvalue())
            return out
        finally:
            for artist in self.dynamic:
                artist.set_animated(True)

    def render_full(self, panel: int = 0) -> bytes:
        """One panel (the first by default, the one ``self.image`` shows) by a full redraw."""
        return self.render_full_panels()[panel]

    def snapshot(self) -> StaticImage:
        """The current view as one static image (panels side by side), shown before the live explorer."""
        panels = [Image.open(io.BytesIO(bytes(image.value))).convert("RGB") for image in self.images]
        width, height = sum(p.width for p in panels), max(p.height for p in panels)
        sheet = Image.new("RGB", (width, height), "white")
        x = 0
        for panel in panels:
            sheet.paste(panel, (x, 0))
            x += panel.width
        buffer = io.BytesIO()
        sheet.save(buffer, format="png", optimize=True)
        return StaticImage(data=buffer.getvalue(), format="png", width=min(width // DENSITY, MAX_WIDTH_PX))

    def update(self) -> str | None:  # pragma: no cover - every subclass defines it
        """Read the controls, recompute, update the dynamic artists; return the sentence describing the view."""
        raise NotImplementedError


def _png(rgba: np.ndarray) -> bytes:
    """An RGBA PNG of an ``(h, w, 4)`` canvas buffer, written directly: no row filters, deflate level 1.

    A figure is mostly flat colour, which deflate compresses well unfiltered; skipping PIL's adaptive
    filters makes a 2× panel encode about twice as fast and no larger. The deflate is ISA-L's
    (``isal``) where installed: the same zlib stream, about ten times faster than zlib's level 1
    on a panel, and no larger; compressing was most of an update's time.
    """
    height, width, _ = rgba.shape
    rows = np.empty((height, 1 + 4 * width), np.uint8)
    rows[:, 0] = 0                                   # filter type "none" for every row
    rows[:, 1:] = rgba.reshape(height, 4 * width)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", _DEFLATE.compress(rows, 1))
            + chunk(b"IEND", b""))


def _preset_tooltip(label: str, values: Mapping[str, Any]) -> str:
    settings = ", ".join(f"{k.removesuffix('_slider')} = {v:g}" if isinstance(v, float) else f"{k} = {v}"
                         for k, v in values.items())
    return f"{label}: {settings}"


def _freeze_layout(fig: Figure) -> None:
    """Lay a panel out once, then keep that layout: a layout recomputed at each full redraw can move
    the axes by a pixel (fixed aspect ratios), and the cached background would no longer match."""
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
        fig.set_layout_engine("none")


def _enforce_min_font(fig: Figure) -> None:
    """No text smaller than MIN_FONT_POINTS (legends and annotations included)."""
    for text in fig.findobj(Text):
        if text.get_fontsize() < MIN_FONT_POINTS:
            text.set_fontsize(MIN_FONT_POINTS)


def new_figure(width: float = 9.0, height: float = 3.6, ncols: int = 1, nrows: int = 1, *,
               widths: Sequence[float] | None = None, **kwargs):
    """One Matplotlib figure per panel for an explorer, not managed by pyplot (never shown twice).

    Returns ``(figures, axes)``: with ``ncols == 1`` a single figure and its axes (as ``plt.subplots``),
    otherwise a list of ``ncols`` figures and the tuple of their axes. ``widths`` gives each panel's width
    in inches (default: ``width`` shared equally); ``kwargs`` go to ``Figure.subplots``.

    Examples
    --------
    >>> figures, (left, right) = new_figure(width=9.0, ncols=2)
    >>> [float(f.get_figwidth()) for f in figures]
    [4.5, 4.5]
    """
    width, height = as_positive_float(width, "width"), as_positive_float(height, "height")
    ncols, nrows = as_positive_int(ncols, "ncols"), as_positive_int(nrows, "nrows")
    if widths is not None:
        if isinstance(widths, (str, bytes)) or not isinstance(widths, (Sequence, np.ndarray)):
            raise TypeError(f"widths must be a sequence of widths in inches, one per column, got {type(widths).__name__}")
        widths = [as_positive_float(w, f"widths[{k}]") for k, w in enumerate(widths)]
    kwargs.pop("gridspec_kw", None)
    widths = list(widths) if widths is not None else [width / ncols] * ncols
    if len(widths) != ncols:
        raise ValueError(f"widths must give one width per column ({ncols}), got {len(widths)}")
    figures, axes = [], []
    for w in widths:
        figure = Figure(figsize=(w, height), dpi=DPI, layout="constrained")
        axes.append(figure.subplots(nrows, 1, **kwargs))
        figures.append(figure)
    if ncols == 1:
        return figures[0], axes[0]
    return figures, tuple(axes)


def fmt_float(digits: int = 3):
    """A ``Number`` format: ``digits`` significant digits, without ``e-06`` splitting across lines."""
    def text(value: float) -> str:
        value = float(value)
        if not np.isfinite(value):
            return "∞" if value > 0 else ("−∞" if value < 0 else "—")
        if value != 0 and not 1e-3 <= abs(value) < 1e5:
            mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
            return f"{mantissa}×10{_superscript(int(exponent))}"
        return f"{value:.{digits}g}"
    return text


def fmt_sci(digits: int = 1):
    """A ``Number`` format written as a ``readout_format=".{digits}e"`` slider shows it ("1.5e-8"), so that a
    lesson shows λ one way only.

    Examples
    --------
    >>> fmt_sci(1)(1.523e-8)
    '1.5e-8'
    """
    def text(value: float) -> str:
        mantissa, exponent = f"{float(value):.{digits}e}".split("e")
        return f"{mantissa}e{int(exponent)}"
    return text


def _superscript(n: int) -> str:
    return str(n).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
