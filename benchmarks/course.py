"""Executing the course: every lesson run with nbclient, against the floor every lesson pays.

The floor is a notebook whose one cell imports what every lesson imports (``numpy``,
``matplotlib.pyplot``, ``ipywidgets`` and ``helpers``): starting a kernel and importing cost that
much whatever a lesson does. One floor notebook runs right after each lesson, so lesson and floor
are timed side by side under the same load; the table quotes medians over the repetitions.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .timing import median, ratio, s, seconds

KERNEL = "python3"
TARGET = 3.0  # the whole course within 3× the floor
FLOOR_SOURCE = "import numpy as np\nimport matplotlib.pyplot as plt\nimport ipywidgets\nimport helpers\n"


def floor_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(FLOOR_SOURCE)]
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3 (ipykernel)", "language": "python"}
    return nb


def execute(nb: nbformat.NotebookNode, folder: Path, timeout: int = 600) -> None:
    """Run ``nb`` top to bottom in a fresh kernel in ``folder``, as ``make execute`` does (nothing is written)."""
    client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL, store_widget_state=True,
                            record_timing=False, resources={"metadata": {"path": str(folder)}})
    client.execute(stderr=subprocess.DEVNULL)  # the kernel process's own notices; cell output is unaffected


@dataclass
class CourseResult:
    lessons: list[str]
    lesson_times: dict[str, list[float]] = field(default_factory=dict)
    floor_times: dict[str, list[float]] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    totals: list[float] = field(default_factory=list)
    floors: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return median(t / f for t, f in zip(self.totals, self.floors))

    @property
    def met(self) -> bool:
        return not self.failures and bool(self.totals) and self.ratio <= TARGET


def run(paths: list[Path], repeats: int = 3, log=print) -> CourseResult:
    result = CourseResult([p.name for p in paths])
    for name in result.lessons:
        result.lesson_times[name], result.floor_times[name] = [], []
    for rep in range(repeats):
        total = floor = 0.0
        for path in paths:
            if path.name in result.failures:
                continue
            nb = nbformat.read(path, as_version=4)
            try:
                elapsed, _ = seconds(execute, nb, path.parent)
            except Exception as exc:  # a lesson that fails is reported, not timed
                result.failures[path.name] = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1][:200]}"
                log(f"  course: {path.name} failed: {result.failures[path.name]}")
                continue
            floor_elapsed, _ = seconds(execute, floor_notebook(), path.parent)
            result.lesson_times[path.name].append(elapsed)
            result.floor_times[path.name].append(floor_elapsed)
            total += elapsed
            floor += floor_elapsed
            log(f"  course run {rep + 1}/{repeats}: {path.name} {elapsed:.2f} s (floor {floor_elapsed:.2f} s)")
        result.totals.append(total)
        result.floors.append(floor)
    return result


def table(result: CourseResult) -> list[str]:
    lines = ["| notebook | executed (s) | floor (s) | ratio |", "|---|---:|---:|---:|"]
    for name in result.lessons:
        if name in result.failures:
            lines.append(f"| {name} | failed: {result.failures[name]} | | |")
            continue
        times, floors = result.lesson_times[name], result.floor_times[name]
        lines.append(f"| {name} | {s(median(times))} | {s(median(floors))} "
                     f"| {ratio(median(t / f for t, f in zip(times, floors)))} |")
    lines.append(f"| **whole course** ({len(result.lessons)} notebooks) | **{s(median(result.totals))}** "
                 f"| **{s(median(result.floors))}** | **{ratio(result.ratio)}** |")
    return lines


def targets(result: CourseResult) -> list[tuple[str, bool, str]]:
    detail = (f"{s(median(result.totals))} s against a floor of {s(median(result.floors))} s: {ratio(result.ratio)}")
    if result.failures:
        detail += f"; failed: {', '.join(result.failures)}"
    return [(f"whole course within {TARGET:.0f}× the floor", result.met, detail)]
