"""What a class handed in: one folder per student, and in it the student's notebooks.

The layout is nbgrader's::

    SUBMISSIONS_DIR/<student>/<notebook>.ipynb
    SUBMISSIONS_DIR/<student>/<assignment>/<notebook>.ipynb     (nbgrader's submitted/ folder)

The student is the folder's name. A notebook is matched to the course's lesson of the same file name;
one saved under another name ("02-penalized-objective (1).ipynb") is matched by the exercises it
contains. Reading never fails: a file that is not a notebook, or whose JSON is broken, is kept with a
description of what is wrong, and only what can be read (the answer cells, found by their grade_id)
is used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

IGNORED_DIRS = {".ipynb_checkpoints", "__pycache__", ".git"}
IGNORED_FILES = {"timestamp.txt"}  # nbgrader's record of when a notebook was submitted


@dataclass
class SubmittedCell:
    cell_type: str
    source: str
    grade_id: str | None


@dataclass
class SubmittedNotebook:
    """One file a student handed in. ``problem`` says why it could not be read (then ``cells`` is empty)."""

    path: Path
    cells: list[SubmittedCell] = field(default_factory=list)
    problem: str | None = None
    skipped_cells: int = 0

    @property
    def name(self) -> str:
        return self.path.name

    def grade_ids(self) -> set[str]:
        return {c.grade_id for c in self.cells if c.grade_id}

    def cells_with_id(self, grade_id: str) -> list[SubmittedCell]:
        return [c for c in self.cells if c.grade_id == grade_id]


@dataclass
class Student:
    name: str
    notebooks: list[SubmittedNotebook] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def _text(source) -> str | None:
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(line, str) for line in source):
        return "".join(source)
    return None


def read_submission(path: Path) -> SubmittedNotebook:
    """Read ``path`` as leniently as possible; never raises for a bad file."""
    path = Path(path)
    submitted = SubmittedNotebook(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        submitted.problem = f"the file could not be read ({exc.strerror or exc})"
        return submitted
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        submitted.problem = "the file is not a notebook (it is not text: was another file renamed to .ipynb?)"
        return submitted
    except json.JSONDecodeError as exc:
        submitted.problem = (f"the file is not valid notebook JSON (line {exc.lineno}, column {exc.colno}: "
                             f"{exc.msg}); it may have been cut short or edited by hand")
        return submitted
    if not isinstance(data, dict) or "cells" not in data and "worksheets" not in data:
        submitted.problem = "the file is JSON but not a notebook (it has no cells)"
        return submitted
    raw_cells = data.get("cells")
    if raw_cells is None:  # nbformat 3: cells inside worksheets
        raw_cells = [c for ws in data.get("worksheets") or [] if isinstance(ws, dict)
                     for c in ws.get("cells") or []]
    if not isinstance(raw_cells, list):
        submitted.problem = "the file is JSON but its cells are not a list"
        return submitted
    for cell in raw_cells:
        if not isinstance(cell, dict):
            submitted.skipped_cells += 1
            continue
        source = _text(cell.get("source", cell.get("input", "")))
        metadata = cell.get("metadata")
        metadata = metadata if isinstance(metadata, dict) else {}
        nbgrader = metadata.get("nbgrader")
        grade_id = nbgrader.get("grade_id") if isinstance(nbgrader, dict) else None
        if source is None:
            submitted.skipped_cells += 1
            continue
        submitted.cells.append(SubmittedCell(str(cell.get("cell_type", "")), source,
                                             grade_id if isinstance(grade_id, str) else None))
    return submitted


def collect_class(submissions_dir: Path) -> tuple[list[Student], list[str]]:
    """Every student folder of ``submissions_dir`` with the files in it, and the stray files next to them."""
    submissions_dir = Path(submissions_dir)
    if not submissions_dir.is_dir():
        raise ValueError(f"submissions_dir {submissions_dir} is not a folder")
    students, stray = [], []
    for entry in sorted(submissions_dir.iterdir()):
        if entry.name.startswith(".") or entry.name in IGNORED_DIRS:
            continue
        if not entry.is_dir():
            stray.append(entry.name)
            continue
        student = Student(entry.name)
        for path in sorted(p for p in entry.rglob("*") if p.is_file()):
            relative = path.relative_to(entry)
            if any(part.startswith(".") or part in IGNORED_DIRS for part in relative.parts) \
                    or path.name in IGNORED_FILES:
                continue
            if path.suffix == ".ipynb":
                student.notebooks.append(read_submission(path))
            else:
                student.ignored.append(str(relative))
        students.append(student)
    return students, stray
