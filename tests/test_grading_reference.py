"""The repository's notebooks, with their reference solutions, pass every check when graded."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from helpers import catalog
from helpers.assignments.execution import CourseNotebook, grade_notebook, take_answers
from helpers.assignments.submissions import read_submission

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
WITH_EXERCISES = [p for p in NOTEBOOKS if CourseNotebook.load(p).exercises]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_reference_answers_pass_screening_without_notes(path):
    course = CourseNotebook.load(path)
    taken = take_answers(course, read_submission(path))
    assert taken.tampering == {}
    assert {ex: notes for ex, notes in taken.notes.items() if notes} == {}
    assert taken.notebook_notes == []
    assert set(taken.sources) == {ex.exercise_id for ex in course.exercises}


def test_every_registered_exercise_is_in_a_notebook():
    in_notebooks = {ex.exercise_id for p in NOTEBOOKS for ex in CourseNotebook.load(p).exercises}
    assert in_notebooks == {entry["id"] for entry in catalog()}


@pytest.fixture(scope="module")
def reference_grades():
    """Each lesson handed in as it is stored, with its reference solutions; two graded at a time."""
    def grade(path):
        return grade_notebook(CourseNotebook.load(path), read_submission(path), timeout=300)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(WITH_EXERCISES, pool.map(grade, WITH_EXERCISES)))


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=lambda p: p.name)
def test_reference_solutions_pass_every_check_when_graded(path, reference_grades):
    course = CourseNotebook.load(path)
    grade = reference_grades[path]
    assert [(r.exercise_id, r.status) for r in grade.results] == [
        (ex.exercise_id, "passed") for ex in course.exercises], [r.message for r in grade.results]
    assert grade.points == sum(ex.points for ex in course.exercises) and grade.runs == 1
    assert grade.notes == []
    assert all(r.message.startswith(f"✔ Exercise {r.exercise_id}: correct") for r in grade.results)
