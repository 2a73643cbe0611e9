"""Grading a class, against the floor of merely executing the same notebooks with nbclient.

    python -m benchmarks.grading --students 40 --jobs 2          # 40 students x every lesson
    python -m benchmarks.grading --students 6 --repeats 1        # a first look

The class is made from the course's own notebooks: each student hands in every lesson with each
answer, at random (seeded), right, wrong or left blank, and every answer cell carries the student's
name in a comment, so that no two students' answers are the same and no run is shared (the worst
case for the grader; a class with blank or copied notebooks grades faster). The floor executes each
student's notebook as handed in with nbclient, ``--jobs`` at a time, with no sandbox and no judging;
the grade is ``python -m instructor grade`` on the same folder with the same ``--jobs``. The ratio is
grading time over floor time (medians over ``--repeats``).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import numpy as np
from nbclient import NotebookClient

from .timing import median, ratio, s, seconds

REPO = Path(__file__).resolve().parent.parent


def lessons():
    from instructor.execution import CourseNotebook

    paths = sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    return [nb for nb in (CourseNotebook.load(p) for p in paths) if nb.exercises]


def make_class(folder: Path, students: int, seed: int = 0) -> list[Path]:
    """Write ``students`` folders of notebooks into ``folder``; return every notebook written."""
    rng = np.random.default_rng(seed)
    written = []
    course = lessons()
    for k in range(students):
        student = folder / f"student{k:02d}"
        student.mkdir(parents=True)
        for lesson in course:
            nb = copy.deepcopy(lesson.student)
            answers = {ex.answer_id: ex for ex in lesson.exercises}
            for cell in nb.cells:
                ex = answers.get(cell.metadata.get("nbgrader", {}).get("grade_id"))
                if ex is None:
                    continue
                choice = rng.choice(["right", "wrong", "blank"], p=[0.6, 0.2, 0.2])
                source = ex.answer_source if choice != "blank" else cell.source
                if choice == "wrong":
                    source = source.replace("return ", "return 2 * ", 1) if "return " in source else source + "\n"
                cell.source = f"# {student.name}\n{source}"
            path = student / lesson.name
            nbformat.write(nb, path)
            written.append(path)
    return written


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as workdir:
        NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True, record_timing=False,
                       resources={"metadata": {"path": workdir}}).execute(stderr=subprocess.DEVNULL)


def floor(paths: list[Path], jobs: int) -> None:
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(execute, paths))


def grade(folder: Path, out: Path, jobs: int) -> int:
    from instructor.cli import main

    with contextlib.redirect_stdout(io.StringIO()):
        return main(["grade", str(folder), "--out", str(out), "--jobs", str(jobs)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args(argv)
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    floors, grades = [], []
    with tempfile.TemporaryDirectory(prefix="grading-bench-") as root:
        submissions = Path(root) / "submissions"
        paths = make_class(submissions, args.students)
        print(f"{args.students} students x {len(lessons())} lessons = {len(paths)} notebooks, {args.jobs} jobs")
        for rep in range(args.repeats):
            floor_time, _ = seconds(floor, paths, args.jobs)
            grade_time, code = seconds(grade, submissions, Path(root) / f"out{rep}" / "grades.csv", args.jobs)
            if code != 0:
                print(f"grading failed with exit status {code}", file=sys.stderr)
                return 1
            floors.append(floor_time)
            grades.append(grade_time)
            print(f"  run {rep + 1}/{args.repeats}: floor {s(floor_time)} s, grading {s(grade_time)} s, "
                  f"ratio {ratio(grade_time / floor_time)}")
    print(f"| class | notebooks | floor (s) | grading (s) | ratio |\n|---|---:|---:|---:|---:|\n"
          f"| {args.students} x {len(lessons())} | {len(paths)} | {s(median(floors))} | {s(median(grades))} "
          f"| {ratio(median(g / f for g, f in zip(grades, floors)))} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
