"""What a class handed in: one folder per student, and in it the student's notebooks.

The layout is nbgrader's::

    SUBMISSIONS_DIR/<student>/<notebook>.ipynb
    SUBMISSIONS_DIR/<student>/<assignment>/<notebook>.ipynb     (nbgrader's submitted/ folder)

The student is the folder's name. A notebook is matched to the course's lesson of the same file name;
one saved under another name ("02-penalized-objective (1).ipynb") is matched by the exercises it
contains. Files are read, never followed: symbolic links, hard links to files outside the folder,
devices, pipes and oversized files are refused with a reason, and everything is read before any
student's code runs. Reading never fails: a file that is not a notebook, or whose JSON is broken, is kept with a
description of what is wrong, and only what can be read (the answer cells, found by their grade_id)
is used.
"""

from __future__ import annotations

import json
import os
import stat
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


MAX_NOTEBOOK_BYTES = 20 * 2**20  # a lesson with its figures is well under this


def _refusal(info: os.stat_result, outside_links: bool, limit: int) -> str | None:
    """Why a file may not be read, from its ``lstat`` alone, or None."""
    if stat.S_ISLNK(info.st_mode):
        return "it is a symbolic link, and links are never followed: hand in the notebook itself"
    if not stat.S_ISREG(info.st_mode):
        return "it is not a regular file (a device, a pipe or a socket)"
    if outside_links:
        return "it is a hard link to a file outside the submissions folder: hand in the notebook itself"
    if info.st_size > limit:
        return f"it is larger than {limit // 2**20} MB"
    return None


def _read_regular(path: Path, info: os.stat_result, limit: int) -> bytes:
    """The bytes of ``path``, if it is still the regular file ``info`` describes (never through a link)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        now = os.fstat(fd)
        if not stat.S_ISREG(now.st_mode) or (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino):
            raise OSError("the file changed while it was being read")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise OSError(f"it is larger than {limit // 2**20} MB")
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_submission(path: Path, *, info: os.stat_result | None = None, outside_links: bool = False,
                    limit: int = MAX_NOTEBOOK_BYTES) -> SubmittedNotebook:
    """Read ``path`` as leniently as possible, but never through a link; never raises for a bad file."""
    path = Path(path)
    submitted = SubmittedNotebook(path)
    try:
        info = info or os.lstat(path)
        refusal = _refusal(info, outside_links, limit)
        if refusal is not None:
            submitted.problem = f"the file was refused: {refusal}"
            return submitted
        raw = _read_regular(path, info, limit)
    except OSError as exc:
        submitted.problem = f"the file could not be read ({exc.strerror or exc})"
        return submitted
    return parse_submission(submitted, raw)


def parse_submission(submitted: SubmittedNotebook, raw: bytes) -> SubmittedNotebook:
    """Fill ``submitted`` from the bytes of a notebook file."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        submitted.problem = "the file is not a notebook (it is not text: was another file renamed to .ipynb?)"
        return submitted
    except (json.JSONDecodeError, RecursionError) as exc:
        where = f" (line {exc.lineno}, column {exc.colno}: {exc.msg})" if isinstance(exc, json.JSONDecodeError) else ""
        submitted.problem = (f"the file is not valid notebook JSON{where}; it may have been cut short or "
                             "edited by hand")
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


def _walk(folder: Path, depth: int = 0):
    """Every entry below ``folder`` with its ``lstat``, without following a single link."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        info = entry.stat(follow_symlinks=False)
        yield Path(entry.path), info
        if stat.S_ISDIR(info.st_mode) and depth < 8 and entry.name not in IGNORED_DIRS \
                and not entry.name.startswith("."):
            yield from _walk(Path(entry.path), depth + 1)


def collect_class(submissions_dir: Path, *, limit: int = MAX_NOTEBOOK_BYTES) -> tuple[list[Student], list[str]]:
    """Every student folder of ``submissions_dir`` with the files in it, and the stray entries next to them.

    Everything is read here, before any student's code runs. Symbolic links, hard links to files
    outside ``submissions_dir``, devices, pipes and files over ``limit`` bytes are refused with a
    reason, never opened.
    """
    submissions_dir = Path(submissions_dir)
    if not submissions_dir.is_dir():
        raise ValueError(f"submissions_dir {submissions_dir} is not a folder")
    tops = []
    for entry in sorted(os.scandir(submissions_dir), key=lambda e: e.name):
        if entry.name.startswith(".") or entry.name in IGNORED_DIRS:
            continue
        tops.append((Path(entry.path), entry.stat(follow_symlinks=False)))
    folders = [(path, info) for path, info in tops if stat.S_ISDIR(info.st_mode)]
    stray = [path.name + (" (a symbolic link, not followed)" if stat.S_ISLNK(info.st_mode) else "")
             for path, info in tops if not stat.S_ISDIR(info.st_mode)]
    files = {folder: [(p, i) for p, i in _walk(folder) if not stat.S_ISDIR(i.st_mode)] for folder, _ in folders}
    links_inside: dict[tuple[int, int], int] = {}
    for entries in files.values():
        for _, info in entries:
            if stat.S_ISREG(info.st_mode):
                links_inside[(info.st_dev, info.st_ino)] = links_inside.get((info.st_dev, info.st_ino), 0) + 1
    students = []
    for folder, _ in folders:
        student = Student(folder.name)
        for path, info in files[folder]:
            relative = path.relative_to(folder)
            if any(part.startswith(".") or part in IGNORED_DIRS for part in relative.parts) \
                    or path.name in IGNORED_FILES:
                continue
            if path.suffix == ".ipynb":
                outside = stat.S_ISREG(info.st_mode) and info.st_nlink > links_inside[(info.st_dev, info.st_ino)]
                student.notebooks.append(read_submission(path, info=info, outside_links=outside, limit=limit))
            else:
                student.ignored.append(str(relative))
        students.append(student)
    return students, stray
