"""Build notebook cells that follow the course's conventions.

Lesson notebooks are ordinary ``.ipynb`` files; these functions only save writing the same metadata by
hand when a lesson is written or restructured: the nbgrader metadata of an exercise's answer cell
(with its input collapsed, so a reader sees the task before the solution), the locked check cell,
and explorer cells whose output nbval cannot compare.
"""

from __future__ import annotations

import textwrap

import nbformat

NBGRADER_SCHEMA = 3
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"


def md(text: str):
    """A markdown cell (the text is dedented)."""
    return nbformat.v4.new_markdown_cell(textwrap.dedent(text).strip("\n"))


def code(source: str, *, tags: list[str] | None = None):
    """A code cell (the source is dedented)."""
    cell = nbformat.v4.new_code_cell(textwrap.dedent(source).strip("\n"))
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def explorer(source: str):
    """A cell that displays an explorer: its output is live widget state, which nbval cannot compare."""
    return code("# NBVAL_IGNORE_OUTPUT\n" + textwrap.dedent(source).strip("\n"))


def grade_id(exercise_id: str, kind: str) -> str:
    return f"{kind}-{exercise_id.replace('.', '-')}"


def exercise(exercise_id: str, task: str, solution: str, check: str, *, points: float = 1.0) -> list:
    """The three cells of an exercise: the task, the answer (solution between nbgrader's markers), the check.

    ``solution`` must contain the ``### BEGIN SOLUTION`` / ``### END SOLUTION`` markers; the student
    version replaces what lies between them (``python -m instructor release``).
    """
    solution = textwrap.dedent(solution).strip("\n")
    if BEGIN not in solution or END not in solution:
        raise ValueError(f"the solution of exercise {exercise_id} must contain {BEGIN!r} and {END!r}")
    task_cell = md(task)
    task_cell.metadata["nbgrader"] = {"grade": False, "locked": True, "solution": False, "task": False,
                                      "grade_id": grade_id(exercise_id, "task"), "schema_version": NBGRADER_SCHEMA}
    answer = code(solution)
    answer.metadata["nbgrader"] = {"grade": False, "locked": False, "solution": True, "task": False,
                                   "grade_id": grade_id(exercise_id, "answer"), "schema_version": NBGRADER_SCHEMA}
    answer.metadata["jupyter"] = {"source_hidden": True}
    answer.metadata["exercise"] = exercise_id
    checker = code(check)
    checker.metadata["nbgrader"] = {"grade": True, "locked": True, "solution": False, "task": False,
                                    "points": points, "grade_id": grade_id(exercise_id, "check"),
                                    "schema_version": NBGRADER_SCHEMA}
    checker.metadata["exercise"] = exercise_id
    return [task_cell, answer, checker]


def notebook(cells: list):
    """A notebook with the course's kernel metadata."""
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb
