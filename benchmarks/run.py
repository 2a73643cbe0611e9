"""Run the course's benchmarks, print the tables and write docs/performance.md.

    python -m benchmarks.run                 # everything (a few minutes)
    python -m benchmarks.run --only solvers  # one part: course, explorers, browser, solvers or neural
    python -m benchmarks.run --quick         # fewer repetitions, for a first look
    python -m benchmarks.run --strict        # exit with status 1 when a target is missed

BLAS runs on one thread by default (``--blas-threads``): the machine's cores are shared with
whatever else runs, and a multi-threaded BLAS on busy cores measures the contention rather than
the code. The same limit is passed to the kernels that execute the lessons.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
OUTPUT = REPO / "docs" / "performance.md"
PARTS = ("course", "explorers", "browser", "solvers", "neural")
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


def lessons() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=PARTS, action="append", help="run only this part (repeatable)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (figures are then rougher)")
    parser.add_argument("--repeats", type=int, help="repetitions of the course and solver timings")
    parser.add_argument("--blas-threads", type=int, default=1, help="BLAS threads (0: the library's default)")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write the report")
    parser.add_argument("--no-write", action="store_true", help="print the tables only")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a target is missed")
    args = parser.parse_args(argv)
    parts = args.only or list(PARTS)

    if args.blas_threads > 0:  # before NumPy starts its thread pool, and inherited by the kernels
        for variable in THREAD_VARIABLES:
            os.environ[variable] = str(args.blas_threads)
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

    from threadpoolctl import threadpool_limits

    from . import browser, course, explorers, neural, solvers
    from .machine import describe
    from .report import render

    machine = describe()
    machine["BLAS threads used"] = str(args.blas_threads) if args.blas_threads > 0 else "library default"
    given = sys.argv[1:] if argv is None else argv
    machine["command"] = "`" + " ".join(["python -m benchmarks.run", *given]) + "`"
    paths = lessons()
    print(f"benchmarks on {machine['CPU']} ({machine['cores']}), Python {machine['Python']}, numpy {machine['numpy']}")
    results: dict[str, object] = {}
    start = time.perf_counter()
    with threadpool_limits(args.blas_threads if args.blas_threads > 0 else None):
        if "solvers" in parts:
            print(">> solvers")
            results["solvers"] = solvers.run(repeats=args.repeats or (3 if args.quick else 5))
        if "neural" in parts:
            print(">> lesson 07's training step against PyTorch")
            results["neural"] = neural.run(repeats=args.repeats or (3 if args.quick else 5))
        if "explorers" in parts:
            print(">> explorers")
            results["explorers"] = explorers.run(paths, moves=10 if args.quick else explorers.MOVES)
        if "browser" in parts:
            print(">> explorers in the browser")
            results["browser"] = browser.run(paths, presses=6 if args.quick else browser.PRESSES)
        if "course" in parts:
            print(">> course execution")
            results["course"] = course.run(paths, repeats=args.repeats or (1 if args.quick else 3))
    machine["load average at end (1, 5, 15 min)"] = (
        ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a")
    text, all_met = render(results, machine, time.perf_counter() - start, quick=args.quick)
    print()
    print(text)
    if not args.no_write:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        if set(parts) != set(PARTS):
            print(f"(only {', '.join(parts)} measured: {args.output} is left as it is; run all parts to rewrite it)")
        else:
            args.output.write_text(text, encoding="utf-8")
            print(f"written to {args.output.relative_to(REPO) if args.output.is_relative_to(REPO) else args.output}")
    return 1 if args.strict and not all_met else 0


if __name__ == "__main__":
    sys.exit(main())
