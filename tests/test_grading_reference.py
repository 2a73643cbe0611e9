"""The repository's notebooks, with their reference solutions, are taken over by the grader as they are.

That the reference solutions then pass every check when graded is tested with the whole class, in
``test_grading_class.py`` (student "ada").
"""

from pathlib import Path

import pytest

from helpers import catalog
from instructor.execution import CourseNotebook, take_answers
from instructor.submissions import read_submission

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_reference_answers_are_taken_without_notes(path):
    course = CourseNotebook.load(path)
    taken = take_answers(course, read_submission(path))
    assert {ex: notes for ex, notes in taken.notes.items() if notes} == {}
    assert taken.notebook_notes == []
    assert set(taken.sources) == {ex.exercise_id for ex in course.exercises}


def test_every_registered_exercise_is_in_a_notebook():
    in_notebooks = {ex.exercise_id for p in NOTEBOOKS for ex in CourseNotebook.load(p).exercises}
    assert in_notebooks == {entry["id"] for entry in catalog()}
