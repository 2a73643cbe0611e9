"""The grade table: ``grades.csv``, and the same points in Canvas's or Moodle's import format.

``grades.csv`` has a row of maximum points, then one row per student (sorted by folder name); one
column per exercise, in the order of the lessons, each lesson's total after its exercises, then the
total and the percentage::

    student,02.1,02.2,lesson 02,total,percent
    (max),1,2,3,3,100
    ada,1,0,1,1,33.3

``--format canvas`` writes Canvas's gradebook import (``Student``, ``ID``, ``SIS User ID``, ``SIS Login
ID``, ``Section``, then one column per lesson and a ``Points Possible`` row); ``--format moodle``
writes Moodle's grade import (``Username``, then one column per lesson). The student is the
instructor's folder name in every format. Every file is written once, at the end, atomically.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

FORMATS = ("csv", "canvas", "moodle")


def _fmt(points: float) -> str:
    return f"{points:g}"


def lesson_label(notebook: str) -> str:
    """``lesson 02`` for ``02-penalized-objective.ipynb``."""
    return f"lesson {notebook.split('-')[0]}"


def _percent(points: float, available: float) -> str:
    return f"{100.0 * points / available:.1f}" if available else "0"


def grade_rows(grades) -> list[list[str]]:
    """The rows of ``grades.csv``: the header, the maximum points, one row per student."""
    maxima = dict(grades.exercises)
    head, top = ["student"], ["(max)"]
    for notebook, ids in grades.lessons:
        head += [*ids, lesson_label(notebook)]
        top += [*(_fmt(maxima[i]) for i in ids), _fmt(sum(maxima[i] for i in ids))]
    rows = [head + ["total", "percent"], top + [_fmt(grades.max_total), "100"]]
    for student in grades.students:
        points = student.points()
        row = [student.student]
        for _, ids in grades.lessons:
            row += [*(_fmt(points.get(i, 0.0)) for i in ids), _fmt(sum(points.get(i, 0.0) for i in ids))]
        rows.append(row + [_fmt(student.total), _percent(student.total, grades.max_total)])
    return rows


def _lesson_points(grades, student) -> list[str]:
    points = student.points()
    return [_fmt(sum(points.get(i, 0.0) for i in ids)) for _, ids in grades.lessons]


def canvas_rows(grades) -> list[list[str]]:
    """Canvas's gradebook import: one assignment column per lesson, and the points possible."""
    maxima = dict(grades.exercises)
    head = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
            *(Path(notebook).stem for notebook, _ in grades.lessons)]
    possible = ["Points Possible", "", "", "", "", *(_fmt(sum(maxima[i] for i in ids)) for _, ids in grades.lessons)]
    rows = [head, possible]
    for student in grades.students:
        rows.append([student.student, "", "", student.student, "", *_lesson_points(grades, student)])
    return rows


def moodle_rows(grades) -> list[list[str]]:
    """Moodle's grade import: the username, then one grade item per lesson."""
    rows = [["Username", *(Path(notebook).stem for notebook, _ in grades.lessons)]]
    for student in grades.students:
        rows.append([student.student, *_lesson_points(grades, student)])
    return rows


def table_text(grades, fmt: str = "csv") -> str:
    """The table in format ``fmt`` (``csv``, ``canvas`` or ``moodle``) as CSV text."""
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}, got {fmt!r}")
    rows = {"csv": grade_rows, "canvas": canvas_rows, "moodle": moodle_rows}[fmt](grades)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def write_tables(grades, path: Path, fmt: str = "csv") -> list[Path]:
    """Write ``grades.csv`` at ``path`` and, for ``canvas``/``moodle``, ``<stem>-<fmt>.csv`` beside it."""
    from .gradebook import write_atomically

    path = Path(path)
    written = [path]
    write_atomically(path, table_text(grades, "csv"))
    if fmt != "csv":
        extra = path.with_name(f"{path.stem}-{fmt}.csv")
        write_atomically(extra, table_text(grades, fmt))
        written.append(extra)
    return written
