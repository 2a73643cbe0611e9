"""The student version of a lesson: every solution region replaced by a stub, as nbgrader does it.

The repository's notebooks hold each exercise's reference solution between ``### BEGIN SOLUTION`` and
``### END SOLUTION`` in an answer cell (``nbgrader.solution``). The student version is generated from
them, never kept by hand:

- each solution region becomes ``# YOUR CODE HERE`` / ``raise NotImplementedError()``, indented like
  the ``BEGIN SOLUTION`` line, exactly as nbgrader's ``generate_assignment`` writes it (its
  ``ClearSolutions`` step); an answer cell without a region is replaced by the stub as a whole, and a
  region in a cell that is not an answer cell is an error, as in nbgrader;
- ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS`` regions of check cells are removed (nbgrader's
  ``ClearHiddenTests``);
- answer cells are shown (their input is no longer collapsed), answer and check cells lose their
  outputs, and answer cells whose stub now raises when the cell runs are tagged ``raises-exception``,
  so that the notebook still runs top to bottom and each check says "not attempted yet";
- answer, check and task cells cannot be deleted, and check and task cells cannot be edited, in
  JupyterLab (nbgrader's ``LockCells``);
- every other cell is kept as it is, with its outputs.
"""

from __future__ import annotations

import ast
import copy
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
TEXT_STUB = "YOUR ANSWER HERE"
BEGIN_SOLUTION, END_SOLUTION = "BEGIN SOLUTION", "END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"
RAISES = "raises-exception"


class ReleaseError(ValueError):
    """A notebook's solution markers are malformed (unclosed, nested, or outside an answer cell)."""


def nbgrader_meta(cell) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def is_answer(cell) -> bool:
    """An exercise's answer cell: nbgrader's solution cell."""
    return bool(nbgrader_meta(cell).get("solution"))


def is_check(cell) -> bool:
    """An exercise's check cell: nbgrader's autograded test cell."""
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and not meta.get("solution")


def is_locked(cell) -> bool:
    return bool(nbgrader_meta(cell).get("locked"))


def grade_id(cell) -> str | None:
    value = nbgrader_meta(cell).get("grade_id")
    return value if isinstance(value, str) else None


def replace_solution_region(source: str, stub: str = CODE_STUB) -> tuple[str, bool]:
    """Replace every ``BEGIN SOLUTION`` ... ``END SOLUTION`` region of ``source`` with ``stub``.

    Each stub line is indented like the ``BEGIN SOLUTION`` line; both marker lines and everything
    between them are dropped. Returns the new source and whether a region was found.

    Examples
    --------
    >>> text = "def f(w):\\n    ### BEGIN SOLUTION\\n    return w\\n    ### END SOLUTION"
    >>> print(replace_solution_region(text)[0])
    def f(w):
        # YOUR CODE HERE
        raise NotImplementedError()
    """
    return _replace_regions(source, BEGIN_SOLUTION, END_SOLUTION, stub.split("\n"), "solution")


def remove_hidden_tests(source: str) -> tuple[str, bool]:
    """Drop every ``BEGIN HIDDEN TESTS`` ... ``END HIDDEN TESTS`` region (markers included)."""
    return _replace_regions(source, BEGIN_HIDDEN, END_HIDDEN, [], "hidden tests")


def _replace_regions(source: str, begin: str, end: str, stub_lines: list[str], what: str) -> tuple[str, bool]:
    new_lines: list[str] = []
    inside = replaced = False
    for line in source.split("\n"):
        if begin in line:
            if inside:
                raise ReleaseError(f"nested {begin!r} markers (a {what} region is opened twice)")
            inside = replaced = True
            indent = re.match(r"\s*", line).group(0)
            new_lines.extend(indent + stub_line for stub_line in stub_lines)
        elif end in line:
            inside = False
        elif not inside:
            new_lines.append(line)
    if inside:
        raise ReleaseError(f"a {what} region is opened with {begin!r} but never closed with {end!r}")
    return "\n".join(new_lines), replaced


def raises_when_run(source: str) -> bool:
    """True if a ``raise NotImplementedError`` of ``source`` runs when the cell itself runs.

    A stub inside a function body only raises when the function is called (the check reports "not
    attempted yet"); a stub at the cell's top level (a value exercise) raises at once.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False

    def visit(node, in_function: bool) -> bool:
        if isinstance(node, ast.Raise) and not in_function and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(exc, ast.Name) and exc.id == "NotImplementedError":
                return True
        nested = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        return any(visit(child, nested) for child in ast.iter_child_nodes(node))

    return visit(tree, False)


@dataclass
class ReleaseReport:
    """What ``student_version`` did to one notebook."""

    exercises: list[str] = field(default_factory=list)
    tagged: list[str] = field(default_factory=list)


def student_version(nb, name: str = "notebook"):
    """Return ``(student_nb, report)``: a copy of ``nb`` with every solution removed (see the module text)."""
    nb = copy.deepcopy(nb)
    report = ReleaseReport()
    for index, cell in enumerate(nb.cells):
        where = f"{name}, cell {index} ({grade_id(cell) or cell.cell_type})"
        stub = CODE_STUB if cell.cell_type == "code" else TEXT_STUB
        try:
            cell.source, replaced = replace_solution_region(cell.source, stub)
            if is_check(cell):
                cell.source, _ = remove_hidden_tests(cell.source)
        except ReleaseError as exc:
            raise ReleaseError(f"{where}: {exc}") from None
        if replaced and not is_answer(cell):
            raise ReleaseError(f"{where}: a solution region outside an answer cell "
                               "(mark the cell with nbgrader metadata solution: true)")
        if is_answer(cell):
            if not replaced:
                cell.source = stub
            report.exercises.append(str(cell.metadata.get("exercise", grade_id(cell))))
            jupyter = cell.metadata.get("jupyter", {})
            jupyter.pop("source_hidden", None)
            if not jupyter:
                cell.metadata.pop("jupyter", None)
            cell.metadata["deletable"] = False
            if cell.cell_type == "code" and raises_when_run(cell.source):
                tags = cell.metadata.setdefault("tags", [])
                if RAISES not in tags:
                    tags.append(RAISES)
                report.tagged.append(grade_id(cell) or str(index))
        elif is_check(cell) or is_locked(cell):
            cell.metadata["deletable"] = False
            cell.metadata["editable"] = False
        if cell.cell_type == "code" and (is_answer(cell) or is_check(cell)):
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("celltoolbar", None)
    return nb, report


def release_notebook(path: Path, out_dir: Path) -> tuple[Path, ReleaseReport]:
    """Write the student version of ``path`` to ``out_dir/<same name>``; never over the source itself."""
    path, out_dir = Path(path), Path(out_dir)
    target = out_dir / path.name
    if target.resolve() == path.resolve():
        raise ReleaseError(f"--out {out_dir} would overwrite the source notebook {path} with its student "
                           "version; choose another folder")
    nb = nbformat.read(path, as_version=4)
    student, report = student_version(nb, path.name)
    out_dir.mkdir(parents=True, exist_ok=True)
    nbformat.write(student, target)
    return target, report
