"""Explorer response: from setting a control's value to the new figure, against a naive full redraw.

Every explorer is found as a subclass of ``helpers.widgets.base.Explorer`` in the modules of
``helpers.widgets`` and built exactly as its lesson builds it: the lesson's code cells are run, in the
lesson's folder, up to the last cell that constructs an explorer (an explorer no lesson uses is built
with its default arguments, if it has them). Then each control is swept over its range (sliders:
evenly spaced values; selections: every option, back and forth), 20 moves per control
(10 with ``--quick``).

For each move, side by side:

- **response**: ``control.value = v`` (or ``.index`` for a selection) up to its return, which is
  when the explorer has recomputed (``update``), blitted its dynamic artists over the cached
  background and encoded the PNG its ``ipywidgets.Image`` shows (``render``; deflated by ISA-L);
- **naive redraw**: the same recomputation (``update``) plus ``render_full_panels``, a full
  ``savefig`` of the same figure: what the update would cost redrawing everything.

Medians are taken over all moves of all the explorer's controls. Target: the response at most half
the naive redraw, and at most 20 ms.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import os
import pkgutil
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .timing import median, ms, ratio, seconds

MOVES = 20
RATIO_TARGET = 0.5       # response at most half the naive full redraw
ABSOLUTE_TARGET = 0.100  # and well under 100 ms ...
WELL_UNDER = 0.020       # ... and the in-kernel update at most 20 ms (issue 14)


def explorer_classes() -> tuple[dict[str, type], dict[str, str]]:
    """Every Explorer subclass defined in a module of helpers.widgets: {"module.Class": class}, and import errors."""
    import helpers.widgets as package
    from helpers.widgets.base import Explorer

    found, errors = {}, {}
    for info in pkgutil.iter_modules(package.__path__):
        name = f"{package.__name__}.{info.name}"
        try:
            module = importlib.import_module(name)
        except Exception as exc:  # a module being written may not import; say so
            errors[name] = f"{type(exc).__name__}: {exc}"
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Explorer) and cls is not Explorer and cls.__module__ == module.__name__:
                found[f"{info.name}.{cls.__name__}"] = cls
    return found, errors


def _runnable(source: str) -> str:
    """A code cell as plain Python: IPython magics and shell escapes dropped."""
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))


@contextlib.contextmanager
def _in_folder(folder: Path):
    previous = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


def explorers_in_lesson(path: Path, classes: dict[str, type]) -> tuple[list[tuple[str, object]], str | None]:
    """Run a lesson's code up to its last explorer construction; return [(key, explorer)] and any error."""
    import matplotlib.pyplot as plt
    import nbformat

    from helpers.widgets.base import Explorer

    cells = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    names = {cls.__name__ for cls in classes.values()}
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(names))) + r")\s*\(") if names else None
    last = max((i for i, src in enumerate(cells) if pattern and pattern.search(src)), default=-1)
    if last < 0:
        return [], None
    namespace: dict = {"__name__": "__main__"}
    built: dict[int, tuple[str, object]] = {}
    key_of = {cls: key for key, cls in classes.items()}
    sink = io.StringIO()
    try:
        with _in_folder(path.parent), contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink), \
                warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for i, source in enumerate(cells[: last + 1]):
                exec(compile(_runnable(source), f"{path.name}[cell {i}]", "exec"), namespace)  # noqa: S102
                for value in list(namespace.values()):
                    if isinstance(value, Explorer) and id(value) not in built:
                        built[id(value)] = (key_of.get(type(value), type(value).__name__), value)
    except Exception as exc:
        return list(built.values()), f"{type(exc).__name__}: {str(exc)[:200]}"
    finally:
        plt.close("all")
    return list(built.values()), None


def sweep(control, moves: int = MOVES) -> tuple[str, list] | None:
    """The attribute to set and ``moves`` successive values for one control (None if it has no value to sweep)."""
    import ipywidgets as widgets
    from ipywidgets.widgets.widget_selection import _MultipleSelection, _Selection

    def pingpong(values, start):
        values = list(values)
        if len(values) < 2:
            return []
        order = values + values[-2:0:-1]
        i = order.index(start) if start in order else 0
        out = []
        while len(out) < moves:
            i = (i + 1) % len(order)
            out.append(order[i])
        return out

    if isinstance(control, _MultipleSelection):
        return None
    if isinstance(control, _Selection):
        return "index", pingpong(range(len(control.options)), control.index)
    if isinstance(control, widgets.FloatLogSlider):
        exponents = np.linspace(control.min, control.max, moves)
        return "value", pingpong([float(control.base ** e) for e in exponents], None)
    if isinstance(control, (widgets.IntSlider, widgets.BoundedIntText, widgets.IntRangeSlider)):
        if isinstance(control, widgets.IntRangeSlider):
            return None
        values = sorted({int(round(v)) for v in np.linspace(control.min, control.max, moves)})
        return "value", pingpong(values, control.value)
    if isinstance(control, (widgets.FloatSlider, widgets.BoundedFloatText)):
        return "value", pingpong([float(v) for v in np.linspace(control.min, control.max, moves)], None)
    if isinstance(control, (widgets.Checkbox, widgets.ToggleButton)):
        return "value", [bool(i % 2 == 0) != bool(control.value) for i in range(moves)]
    return None


@dataclass
class ExplorerRow:
    key: str
    lesson: str
    controls: list[str] = field(default_factory=list)
    response: list[float] = field(default_factory=list)
    naive: list[float] = field(default_factory=list)
    per_control: dict[str, float] = field(default_factory=dict)
    error: str | None = None

    @property
    def median_response(self) -> float:
        return median(self.response)

    @property
    def median_naive(self) -> float:
        return median(self.naive)

    @property
    def ratio(self) -> float:
        return median(r / n for r, n in zip(self.response, self.naive))

    @property
    def met(self) -> bool:
        return (self.error is None and bool(self.response) and self.ratio <= RATIO_TARGET
                and self.median_response <= WELL_UNDER)


def _label(control, index: int) -> str:
    description = getattr(control, "description", "") or ""
    return description or f"{type(control).__name__} #{index}"


def measure(explorer, row: ExplorerRow, moves: int = MOVES) -> None:
    for index, control in enumerate(explorer.controls):
        plan = sweep(control, moves)
        label = _label(control, index)
        if plan is None or not plan[1]:
            row.controls.append(f"{label} (not swept)")
            continue
        attribute, values = plan
        original = getattr(control, attribute)
        row.controls.append(label)
        setattr(control, attribute, values[0])          # warm-up move, not timed
        setattr(control, attribute, original)
        responses = []
        for value in values:
            if getattr(control, attribute) == value:
                continue
            t_response, _ = seconds(setattr, control, attribute, value)
            t_update, _ = seconds(explorer.update)
            t_full, _ = seconds(explorer.render_full_panels)
            responses.append(t_response)
            row.response.append(t_response)
            row.naive.append(t_update + t_full)
        row.per_control[label] = median(responses)
        setattr(control, attribute, original)


def run(lessons: list[Path], moves: int = MOVES, log=print) -> tuple[list[ExplorerRow], dict[str, str]]:
    import matplotlib
    matplotlib.use("Agg")
    classes, import_errors = explorer_classes()
    rows: list[ExplorerRow] = []
    seen: set[str] = set()
    for path in lessons:
        built, error = explorers_in_lesson(path, classes)
        if error:
            log(f"  explorers: running {path.name} up to its explorer failed: {error}")
        for key, explorer in built:
            row = ExplorerRow(key, path.stem)
            try:
                measure(explorer, row, moves)
            except Exception as exc:
                row.error = f"{type(exc).__name__}: {str(exc)[:200]}"
            rows.append(row)
            seen.add(key)
            log(f"  explorer {key} ({path.stem}): response {ms(row.median_response)} ms, "
                f"naive {ms(row.median_naive)} ms, ratio {ratio(row.ratio)}" + (f", error {row.error}" if row.error else ""))
        if error and not built:
            rows.append(ExplorerRow(f"({path.stem})", path.stem, error=f"lesson code failed: {error}"))
    for key, cls in classes.items():
        if key in seen:
            continue
        row = ExplorerRow(key, "(no lesson)")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                explorer = cls()
        except TypeError as exc:
            row.error = f"no lesson builds it and it needs arguments ({exc})"
        except Exception as exc:
            row.error = f"{type(exc).__name__}: {str(exc)[:200]}"
        else:
            try:
                measure(explorer, row, moves)
            except Exception as exc:
                row.error = f"{type(exc).__name__}: {str(exc)[:200]}"
        rows.append(row)
        log(f"  explorer {key} (no lesson): response {ms(row.median_response)} ms" + (f", error {row.error}" if row.error else ""))
    return rows, import_errors


def table(rows: list[ExplorerRow], import_errors: dict[str, str]) -> list[str]:
    lines = ["| lesson | explorer | controls swept | moves | response (ms) | naive full redraw (ms) "
             "| response / naive | slowest control (ms) |",
             "|---|---|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        if r.error:
            lines.append(f"| {r.lesson} | `{r.key}` | {r.error} | | | | | |")
            continue
        slowest = max(r.per_control.items(), key=lambda kv: kv[1]) if r.per_control else ("", float("nan"))
        lines.append(f"| {r.lesson} | `{r.key}` | {', '.join(r.controls)} | {len(r.response)} "
                     f"| **{ms(r.median_response)}** | {ms(r.median_naive)} | **{ratio(r.ratio)}** "
                     f"| {ms(slowest[1])} ({slowest[0]}) |")
    for module, error in import_errors.items():
        lines.append(f"| | `{module}` | does not import: {error} | | | | | |")
    return lines


def targets(rows: list[ExplorerRow], import_errors: dict[str, str]) -> list[tuple[str, bool, str]]:
    out = []
    for r in rows:
        name = f"explorer `{r.key}` ({r.lesson}): response ≤ {RATIO_TARGET:g}× naive redraw and ≤ {WELL_UNDER * 1000:.0f} ms"
        if r.error:
            out.append((name, False, r.error))
        else:
            out.append((name, r.met, f"{ms(r.median_response)} ms against {ms(r.median_naive)} ms: {ratio(r.ratio)}"))
    for module, error in import_errors.items():
        out.append((f"`{module}` imports", False, error))
    return out
