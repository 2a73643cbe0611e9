"""The contract every explorer keeps, checked for each one found in ``helpers.widgets`` by introspection.

Each explorer is built exactly as its lesson builds it (the lesson's code cells run up to the cell that
constructs it, with the constructor's arguments recorded), so a new explorer (lessons 07 and 08) is
checked as soon as a lesson uses it; one no lesson uses must build with its defaults. No kernel and
no browser: controls are moved by setting ``.value`` and the pictures are compared as pixels.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import io
import math
import pkgutil
import re
from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import helpers.widgets as package  # noqa: E402
from helpers.plots.style import COLORS, CYCLE, LINESTYLES  # noqa: E402
from helpers.widgets.base import DENSITY, MIN_FONT_POINTS, PLAIN_TEXT_LIMIT, Explorer  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
LESSONS = sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def explorer_classes() -> dict[str, type]:
    found = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Explorer) and cls is not Explorer and cls.__module__ == module.__name__:
                found[f"{info.name}.{cls.__name__}"] = cls
    return found


CLASSES = explorer_classes()


def _built_by_lessons():
    """{class key: (explorer, args, kwargs, lesson)} for every explorer a lesson constructs."""
    from benchmarks.explorers import explorers_in_lesson

    calls: dict[type, tuple] = {}
    originals = {cls: cls.__init__ for cls in CLASSES.values()}

    def recording(cls):
        def init(self, *args, **kwargs):
            if type(self) is cls:
                calls[cls] = (args, kwargs)
            originals[cls](self, *args, **kwargs)
        return init

    built = {}
    try:
        for cls in CLASSES.values():
            cls.__init__ = recording(cls)
        for lesson in LESSONS:
            explorers, error = explorers_in_lesson(lesson, CLASSES)
            assert error is None, f"running {lesson.name} up to its explorer failed: {error}"
            for key, explorer in explorers:
                args, kwargs = calls[type(explorer)]
                built.setdefault(key, (explorer, args, kwargs, lesson.stem))
    finally:
        for cls, init in originals.items():
            cls.__init__ = init
    for key, cls in CLASSES.items():
        if key not in built:
            built[key] = (cls(), (), {}, "(no lesson)")
    return built


@pytest.fixture(scope="module")
def built():
    return _built_by_lessons()


def pixels(png) -> np.ndarray:
    from PIL import Image
    return np.asarray(Image.open(io.BytesIO(bytes(png))).convert("RGB"), dtype=int)


def other_value(control):
    """A value of ``control`` different from its current one, inside its range."""
    from benchmarks.explorers import sweep
    attribute, values = sweep(control, moves=6)
    options = [v for v in values if v != getattr(control, attribute)]
    return attribute, options[len(options) // 2]


KEYS = sorted(CLASSES)


@pytest.mark.parametrize("key", KEYS)
def test_plain_text_form_says_what_it_is_and_to_run_the_cell(built, key):
    explorer = built[key][0]
    text = repr(explorer)
    assert len(text) < PLAIN_TEXT_LIMIT, f"{key}: plain text is {len(text)} characters, ipywidgets cuts at 110"
    assert "run this cell" in text and ("explorer" in text.lower() or "demo" in text.lower())
    assert "VBox" not in text and not text.startswith("<")


@pytest.mark.parametrize("key", KEYS)
def test_every_control_moves_and_changes_the_picture_and_its_description(built, key):
    explorer = built[key][0]
    assert explorer.controls, f"{key} has no controls"
    for control in explorer.controls:
        before_images = [bytes(image.value) for image in explorer.images]
        before_alt, before_numbers = explorer.bridge.alts[0], explorer.numbers.value
        attribute, value = other_value(control)
        original = getattr(control, attribute)
        setattr(control, attribute, value)
        try:
            after = [bytes(image.value) for image in explorer.images]
            assert after != before_images, f"{key}: moving {control.description!r} did not change the picture"
            assert explorer.bridge.alts[0] != before_alt, f"{key}: the text alternative ignored {control.description!r}"
            assert explorer.numbers.value != before_numbers, f"{key}: the numbers strip ignored {control.description!r}"
            assert "l2-changed" in explorer.numbers.value, f"{key}: no number highlighted after a move"
            assert explorer.bridge.announcement, f"{key}: nothing announced after a move"
        finally:
            setattr(control, attribute, original)


@pytest.mark.parametrize("key", KEYS)
def test_fast_render_equals_a_full_redraw(built, key):
    explorer = built[key][0]
    for control in explorer.controls:
        attribute, value = other_value(control)
        original = getattr(control, attribute)
        setattr(control, attribute, value)
        try:
            full = explorer.render_full_panels()
            for k, (image, png) in enumerate(zip(explorer.images, full)):
                fast, slow = pixels(image.value), pixels(png)
                assert fast.shape == slow.shape, f"{key} panel {k}: {fast.shape} against {slow.shape}"
                assert np.mean(np.abs(fast - slow)) < 1.0, f"{key} panel {k} differs from a full redraw"
        finally:
            setattr(control, attribute, original)


@pytest.mark.parametrize("key", KEYS)
def test_panels_are_sharp_capped_and_their_text_readable(built, key):
    explorer = built[key][0]
    for figure, image in zip(explorer.figures, explorer.images):
        css_width = int(image.layout.width.removesuffix("px"))
        assert image.layout.max_width == "100%"
        assert pixels(image.value).shape[1] >= DENSITY * css_width >= 2 * css_width
        assert css_width <= 520, f"{key}: a panel {css_width} px wide cannot sit beside another on a laptop"
        from matplotlib.text import Text
        small = [t.get_text() for t in figure.findobj(Text) if t.get_text() and t.get_fontsize() < MIN_FONT_POINTS]
        assert not small, f"{key}: text under {MIN_FONT_POINTS} pt (10 px on screen): {small[:5]}"
    for control in explorer.controls:
        if "readout" in control.keys:
            assert int(control.layout.width.removesuffix("px")) >= 400, f"{key}: a short slider track"


@pytest.mark.parametrize("key", KEYS)
def test_controls_have_accessible_names_and_the_strip_its_numbers(built, key):
    explorer = built[key][0]
    cls = type(explorer)
    names = explorer.bridge.controls
    assert len(names) == len(explorer.controls)
    for control, spec in zip(explorer.controls, names):
        assert len(spec["name"]) > len(control.description or ""), (
            f"{key}: {control.description!r} has no accessible name beyond its symbol ({spec})")
        assert {"l2-control"} <= set(control._dom_classes)
    assert set(cls.CONTROLS) <= set(vars(explorer)), f"{key}: CONTROLS names attributes that do not exist"
    assert cls.NUMBERS and all(number.key in explorer.state for number in cls.NUMBERS), (
        f"{key}: the numbers strip reads keys missing from state")
    assert explorer.bridge.alts[0].strip() and not re.search(r"<[a-z/]", explorer.bridge.alts[0])


@pytest.mark.parametrize("key", KEYS)
def test_presets_reach_their_teaching_moment_and_reset_returns(built, key):
    explorer = built[key][0]
    presets = explorer.presets()
    assert len(presets) >= 2, f"{key}: fewer than two presets"
    start_state = {k: v for k, v in explorer.state.items() if np.isscalar(v)}
    start_images = [bytes(image.value) for image in explorer.images]
    seen = []
    for label, values in presets.items():
        explorer.apply(values)
        for attribute, value in values.items():
            actual = getattr(explorer, attribute).value
            assert actual == value or math.isclose(actual, value, rel_tol=1e-9), (
                f"{key}: preset {label!r} left {attribute} at {actual}, not {value}")
        seen.append(tuple(sorted((k, str(v)) for k, v in explorer.state.items() if np.isscalar(v))))
    assert len(set(seen)) == len(seen), f"{key}: two presets give the same view"
    explorer.reset()
    assert {k: v for k, v in explorer.state.items() if np.isscalar(v)} == start_state
    assert [bytes(image.value) for image in explorer.images] == start_images
    labels = [b.description for b in explorer.preset_buttons]
    assert labels[-1] == "reset" and labels[:-1] == list(presets)


@pytest.mark.parametrize("key", KEYS)
def test_stored_view_is_disabled_with_a_notice_until_a_page_answers(built, key):
    explorer = built[key][0]
    cls, args, kwargs = type(explorer), built[key][1], built[key][2]
    fresh = cls(*args, **kwargs)
    assert all(c.disabled for c in [*fresh.controls, *fresh.preset_buttons]) and not fresh.bridge.live
    assert "Run this cell" in fresh.notice.value
    fresh.bridge.alive += 1          # what bridge.js does once a page shows the explorer
    assert fresh.bridge.live and not any(c.disabled for c in [*fresh.controls, *fresh.preset_buttons])


BAD = {"lam": [-1.0, float("nan")], "lr": [0.0, -1.0], "noise": [-0.5, float("nan")],
       "log_lam": [float("nan"), 100.0]}
DATA = ("X", "y", "x", "t")


@pytest.mark.parametrize("key", KEYS)
def test_bad_settings_are_refused_with_a_clear_error(built, key):
    explorer, args, kwargs, _ = built[key]
    cls = type(explorer)
    signature = inspect.signature(cls.__init__)
    bound = signature.bind(None, *args, **kwargs)
    bound.apply_defaults()
    tried = 0
    for name, value in list(bound.arguments.items())[1:]:
        bad_values = list(BAD.get(name, []))
        if name in DATA:
            value = value if value is not None else getattr(explorer, name, None)
        if name in DATA and value is not None:
            bad = np.array(value, dtype=float, copy=True)
            bad.flat[0] = np.nan
            bad_values.append(bad)
        for bad in bad_values:
            arguments = dict(bound.arguments)
            arguments.pop("self")
            arguments[name] = bad
            with pytest.raises((ValueError, TypeError), match=re.escape(name)):
                cls(**arguments)
            tried += 1
    assert tried, f"{key}: no setting was tried; give it a lam, lr or data argument to check"


# --- the palette ------------------------------------------------------------------------------------
# Machado, Oliveira and Fernandes (2009), severity 1, on linear RGB.
DEUTERANOPIA = np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                         [-0.011820, 0.042940, 0.968881]])
PROTANOPIA = np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                       [-0.003882, -0.048116, 1.051998]])


def _linear(color: str) -> np.ndarray:
    c = np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ \
        np.clip(linear_rgb, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: str, b: str, vision=None) -> float:
    vision = np.eye(3) if vision is None else vision
    return float(np.linalg.norm(_lab(vision @ _linear(a)) - _lab(vision @ _linear(b))))


PAIRS = [("truth", "fit"), ("data", "fit"), ("data", "truth"), ("train", "test"), ("ridge", "lasso"),
         ("ridge", "ols")]
MIN_DELTA_E = 25.0


@pytest.mark.parametrize("vision", [np.eye(3), DEUTERANOPIA, PROTANOPIA], ids=["typical", "deuteranopia", "protanopia"])
def test_colours_drawn_together_stay_apart_under_colour_blindness(vision):
    for a, b in PAIRS:
        assert delta_e(COLORS[a], COLORS[b], vision) >= MIN_DELTA_E, (a, b)
    for i in range(4):
        for j in range(i):
            assert delta_e(CYCLE[i], CYCLE[j], vision) >= MIN_DELTA_E, (CYCLE[i], CYCLE[j])


def test_the_simulation_catches_the_old_green_and_red():
    assert delta_e("#2ca02c", "#d62728", DEUTERANOPIA) < 10 < delta_e("#2ca02c", "#d62728")


def test_line_style_is_a_second_cue():
    for a, b in [("truth", "fit"), ("train", "test"), ("ridge", "lasso"), ("ridge", "ols")]:
        assert LINESTYLES[a] != LINESTYLES[b], (a, b)


@pytest.mark.parametrize("deflate", ["installed", "zlib"])
def test_panel_png_holds_exactly_the_canvas_pixels(monkeypatch, deflate):
    """The hand-written PNG (ISA-L's deflate, or zlib where isal is missing) decodes to the same RGBA."""
    import zlib

    from PIL import Image

    from helpers.widgets import base
    if deflate == "zlib":
        monkeypatch.setattr(base, "_DEFLATE", zlib)
    elif importlib.util.find_spec("isal") is not None:   # a declared dependency: used when present
        assert base._DEFLATE.__name__ == "isal.isal_zlib"
    rng = np.random.default_rng(3)
    rgba = np.full((37, 53, 4), 255, np.uint8)               # flat colour, as a figure mostly is ...
    rgba[5:30, 7:40, :3] = rng.integers(0, 256, (25, 33, 3))  # ... with a busy patch
    rgba[0, 0] = (12, 34, 56, 78)                              # and a translucent pixel at the corner
    png = base._png(rgba)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    decoded = np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))
    assert decoded.shape == rgba.shape and np.array_equal(decoded, rgba)
    assert len(png) < rgba.nbytes / 2, "the flat part did not compress"
