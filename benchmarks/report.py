"""docs/performance.md: the machine, the three tables, and which targets are met."""

from __future__ import annotations

import datetime as _dt

from . import browser, course, explorers, neural, solvers
from .timing import s


def render(results: dict, machine: dict[str, str], elapsed: float, quick: bool = False) -> tuple[str, bool]:
    lines = [
        "# Performance",
        "",
        "Where a learner waits: running a lesson, moving an explorer's control, and the solvers the lessons",
        "call. Written by `make bench` (`python -m benchmarks.run`); every figure is a median of several",
        "runs, and every ratio is measured side by side in the same run, under the same load.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
    ]
    lines += [f"| {key} | {value} |" for key, value in machine.items()]
    threads = machine.get("BLAS threads used", "library default")
    if threads != "library default":
        plural = "" if threads == "1" else "s"
        lines += ["", f"BLAS ran on {threads} thread{plural}, here and in the kernels that execute the lessons "
                  "(`--blas-threads`): the cores are shared, and a multi-threaded BLAS on busy cores measures the "
                  "contention rather than the code."]
    when = _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    lines += ["", f"Measured {when}; the benchmarks took {s(elapsed)} s"
              + (" (`--quick`: fewer repetitions, rougher figures)." if quick else "."), ""]

    checks: list[tuple[str, bool, str]] = []
    if "course" in results:
        result = results["course"]
        lines += ["## Running the course", "", _doc(course),
                  f"Medians of {len(result.totals)} run(s); *ratio* is the median of the per-run ratios.", ""]
        lines += course.table(result) + [""]
        checks += course.targets(result)
    if "explorers" in results:
        rows, errors = results["explorers"]
        lines += ["## Explorer response", "", _doc(explorers), ""]
        lines += explorers.table(rows, errors) + [""]
        checks += explorers.targets(rows, errors)
    if "browser" in results:
        rows = results["browser"]
        lines += ["## Explorer latency in the browser", "", _doc(browser), ""]
        lines += browser.table(rows) + [""]
        checks += browser.targets(rows)
    if "solvers" in results:
        rows = results["solvers"]
        lines += ["## Solvers", "", _doc(solvers),
                  "*Speed-up* is the scikit-learn time over the helper's, median of the per-repetition ratios; "
                  "the differences compare the last repetition's results (coefficients relative to their "
                  "largest magnitude, LOO errors entry by entry).", ""]
        lines += solvers.table(rows) + [""]
        checks += solvers.targets(rows)

    if "neural" in results:
        lines += ["## A training step of lesson 07", "", _doc(neural), ""]
        lines += neural.table(results["neural"]) + [""]
        checks += neural.targets(results["neural"])

    met = sum(ok for _, ok, _ in checks)
    lines += ["## Targets", "", f"{met} of {len(checks)} met.", "", "| target | met | measured |", "|---|:---:|---|"]
    lines += [f"| {name} | {'yes' if ok else '**no**'} | {detail} |" for name, ok, detail in checks]
    lines.append("")
    return "\n".join(lines), met == len(checks)


def _doc(module) -> str:
    """A module's docstring, minus its first line, as a paragraph of the report."""
    text = (module.__doc__ or "").strip().split("\n", 1)
    return text[1].strip() + "\n" if len(text) > 1 else ""
