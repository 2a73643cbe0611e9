"""Grading a class end to end: right, wrong, unanswered, crashing, endless, corrupt, tampering, ... students.

The course here is a small lesson built by the test: exercise 00.1 of lesson 00 and a value exercise
99.1 that the lesson itself registers. Every submission is made from the lesson's student version, the
way a student would hand it in.
"""

import contextlib
import copy
import csv
import io
import json
from pathlib import Path

import nbformat
import pytest

from helpers.assign import main
from helpers.assignments.execution import CourseNotebook, grade_notebook, run_notebook
from helpers.assignments.release import student_version
from helpers.assignments.submissions import read_submission
from helpers.authoring import code, exercise, md, notebook

TIMEOUT = 8  # seconds per notebook: the small lesson needs about one

SETUP = '''
import numpy as np
import helpers
from helpers.exercises.framework import Mistake, Number, ValueExercise, register

register(ValueExercise("99.1", task="Set mean_square to the mean of the squares of 1, 2 and 3.",
                       answer_name="mean_square", form=Number(), expected=lambda: 14 / 3,
                       mistakes=[Mistake("squared the mean", "squared the mean instead of averaging the squares",
                                         4.0)]))
'''

NORM_SOLUTION = '''
def squared_l2_norm(w):
    """Return the sum of the squared entries of the 1-D array w."""
    ### BEGIN SOLUTION
    w = np.asarray(w, dtype=float)
    return float(np.sum(w ** 2))
    ### END SOLUTION
'''

MEAN_SOLUTION = '''
mean_square = None
### BEGIN SOLUTION
mean_square = float(np.mean(np.array([1.0, 2.0, 3.0]) ** 2))
### END SOLUTION
'''

NAME = "50-small-lesson.ipynb"


def small_lesson():
    return notebook([
        md("# A small lesson"),
        code(SETUP),
        *exercise("00.1", "Write `squared_l2_norm(w)`.", NORM_SOLUTION, 'helpers.check("00.1", squared_l2_norm)'),
        md("Next, a value."),
        *exercise("99.1", "Set `mean_square`.", MEAN_SOLUTION, 'helpers.check("99.1", mean_square)', points=2),
        code('print("end of the lesson")'),
    ])


def answered(student_nb, answers: dict[str, str]):
    """A copy of the student version with the given answer cells (by grade_id) filled in."""
    nb = copy.deepcopy(student_nb)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell.source = answers[gid]
    return nb


RIGHT = {"answer-00-1": "def squared_l2_norm(w):\n    return float(np.sum(np.square(w)))",
         "answer-99-1": "mean_square = None\nmean_square = (1 + 4 + 9) / 3"}


def build_class(root: Path) -> tuple[Path, Path]:
    course_dir, subs = root / "course", root / "submissions"
    course_dir.mkdir()
    source = small_lesson()
    nbformat.write(source, course_dir / NAME)
    student, _ = student_version(source)

    def hand_in(name, nb=None, raw: bytes | None = None, filename=NAME, assignment=""):
        folder = subs / name / assignment
        folder.mkdir(parents=True, exist_ok=True)
        if raw is not None:
            (folder / filename).write_bytes(raw)
        else:
            nbformat.write(nb, folder / filename)

    hand_in("right", answered(student, RIGHT))
    (subs / "right" / "timestamp.txt").write_text("2025-03-07 16:59:58")  # as nbgrader collect leaves it
    # nbgrader's submitted/<student>/<assignment>/ layout, and a file renamed by a download
    hand_in("renamed", answered(student, RIGHT), filename="50-small-lesson (1).ipynb", assignment="week1")
    hand_in("wrong", answered(student, {
        "answer-00-1": "def squared_l2_norm(w):\n    return float(np.linalg.norm(w))",
        "answer-99-1": "mean_square = np.mean([1, 2, 3]) ** 2"}))
    hand_in("unanswered", student)
    hand_in("crashing", answered(student, {
        "answer-00-1": "def squared_l2_norm(w):\n    return sum(wi ** 2 for wi in w) / 0",
        "answer-99-1": RIGHT["answer-99-1"]}))
    hand_in("endless", answered(student, {
        "answer-00-1": "def squared_l2_norm(w):\n    total = 0.0\n    while True:\n        total += 1\n",
        "answer-99-1": RIGHT["answer-99-1"]}))
    right_text = json.dumps(nbformat.from_dict(answered(student, RIGHT)))
    hand_in("corrupt", raw=right_text[: len(right_text) // 2].encode())
    hand_in("notanotebook", raw=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (subs / "notanotebook" / "answers.py").write_text(RIGHT["answer-00-1"])
    tampered = answered(student, {
        "answer-00-1": "helpers.check = lambda *args, **kwargs: print('✔ Exercise 00.1: correct.')\n"
                       "def squared_l2_norm(w):\n    return 0.0",
        "answer-99-1": "mean_square = 4.0"})
    for cell in tampered.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "check-99-1":
            cell.source = "print('✔ Exercise 99.1: correct.')"
            cell.metadata["nbgrader"]["points"] = 100
    hand_in("tampering", tampered)
    deleted = answered(student, RIGHT)
    deleted.cells = [c for c in deleted.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "answer-99-1"]
    hand_in("deleted", deleted)
    (subs / "README.txt").write_text("collected on Friday")
    return course_dir, subs


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    course_dir, subs = build_class(root)
    out = root / "grades.csv"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["grade", str(subs), "--out", str(out), "--course", str(course_dir),
                     "--timeout", str(TIMEOUT), "--jobs", "2"])
    return code, out, root / "feedback", printed.getvalue()


EXPECTED = """\
student,00.1,99.1,total
corrupt,0,0,0
crashing,0,2,2
deleted,0,2,2
endless,0,2,2
notanotebook,0,0,0
renamed,1,2,3
right,1,2,3
tampering,0,0,0
unanswered,0,0,0
wrong,0,0,0
"""


def test_the_class_is_graded_exactly(graded_class):
    code, out, _, _ = graded_class
    assert code == 0
    assert out.read_text() == EXPECTED
    rows = list(csv.DictReader(out.open()))
    assert [r["student"] for r in rows] == sorted(r["student"] for r in rows)


def feedback(graded_class, student):
    return (graded_class[2] / f"{student}.md").read_text()


@pytest.mark.parametrize("student, phrases", [
    ("right", ["**Total: 3 / 3 points.**", "✔ Exercise 00.1: correct", "✔ Exercise 99.1: correct"]),
    ("renamed", ["50-small-lesson (1).ipynb was graded as 50-small-lesson.ipynb"]),
    ("right", ["**Total: 3 / 3 points.**\n\n## 50-small-lesson.ipynb\n\n- **00.1** (1 / 1): ✔"]),
    ("wrong", ["It looks like you returned the norm ‖w‖ itself",
               "It looks like you squared the mean instead of averaging the squares"]),
    ("unanswered", ["… Exercise 00.1: not attempted yet", "… Exercise 99.1: not attempted yet"]),
    ("crashing", ["divided by zero", "✔ Exercise 99.1: correct"]),
    ("endless", ["did not finish within the time limit of 8 s", "the rest of the notebook was graded without it",
                 "✔ Exercise 99.1: correct"]),
    ("corrupt", ["not valid notebook JSON", "cut short"]),
    ("notanotebook", ["is not a notebook", "answers.py was not graded"]),
    ("tampering", ["your answer cell was not run", "uses `check`, part of the checking machinery",
                   "the check cell of 99.1 was changed; the course's own check was used",
                   "It looks like you squared the mean", "**Total: 0 / 3 points.**"]),
    ("deleted", ["the answer cell of 00.1 is missing", "the check cell of 00.1 was deleted",
                 "of the lesson's cells were deleted or changed", "✔ Exercise 99.1: correct"]),
])
def test_each_student_is_told_what_happened(graded_class, student, phrases):
    text = feedback(graded_class, student)
    for phrase in phrases:
        assert phrase in text, f"{student}: {phrase!r} not in\n{text}"


def test_every_student_gets_a_feedback_file(graded_class):
    names = sorted(p.stem for p in graded_class[2].glob("*.md"))
    assert names == ["corrupt", "crashing", "deleted", "endless", "notanotebook", "renamed", "right",
                     "tampering", "unanswered", "wrong"]
    assert "Other files" not in feedback(graded_class, "right")  # nbgrader's timestamp.txt is no concern


def test_the_command_prints_the_table_and_what_to_look_at(graded_class):
    printed = graded_class[3]
    assert "student       00.1  99.1  total\n(max)            1     2      3\ncorrupt " in printed
    assert "  endless: 00.1 timed out\n" in printed and "  tampering: 00.1 tampering\n" in printed
    assert "README.txt (next to the student folders) was not graded" in printed
    assert "10 students, 2 exercises" in printed


def test_an_endless_answer_cell_costs_only_its_own_exercise(tmp_path):
    source = small_lesson()
    path = tmp_path / NAME
    nbformat.write(source, path)
    student, _ = student_version(source)
    nb = answered(student, {"answer-00-1": RIGHT["answer-00-1"], "answer-99-1": "while True:\n    pass"})
    nbformat.write(nb, tmp_path / "sub.ipynb")
    grade = grade_notebook(CourseNotebook.load(path), read_submission(tmp_path / "sub.ipynb"), timeout=4)
    assert [(r.exercise_id, r.status, r.points) for r in grade.results] == [
        ("00.1", "passed", 1.0), ("99.1", "timed out", 0.0)]
    assert grade.runs == 2


def test_the_kernel_runs_in_a_temporary_folder(tmp_path, monkeypatch):
    """Relative paths land in a folder removed afterwards, not beside the course or the grades."""
    monkeypatch.chdir(tmp_path)
    nb = notebook([code("import os\nprint(os.getcwd())\nopen('grades.csv', 'w').write('0')")])
    assert run_notebook(nb, timeout=TIMEOUT).completed
    workdir = Path(nb.cells[0].outputs[0]["text"].strip())
    assert workdir.name.startswith("grading-") and workdir.resolve() != tmp_path.resolve()
    assert not workdir.exists() and not (tmp_path / "grades.csv").exists()


def test_grade_help_documents_the_layout(capsys):
    with pytest.raises(SystemExit):
        main(["grade", "--help"])
    text = capsys.readouterr().out
    assert "SUBMISSIONS_DIR/ada/02-penalized-objective.ipynb" in text and "--timeout" in text


def test_grade_reports_a_missing_folder(tmp_path, capsys):
    assert main(["grade", str(tmp_path / "nowhere"), "--out", str(tmp_path / "g.csv")]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_a_grader_failure_on_one_notebook_costs_no_one_else_their_grade(tmp_path, monkeypatch):
    import helpers.assignments.gradebook as gradebook

    course_dir, subs = tmp_path / "course", tmp_path / "subs"
    course_dir.mkdir()
    source = small_lesson()
    nbformat.write(source, course_dir / NAME)
    for name in ("a", "b"):
        (subs / name).mkdir(parents=True)
        nbformat.write(student_version(source)[0], subs / name / NAME)

    def fake(course, submitted, **kwargs):
        if submitted.path.parent.name == "b":
            raise RuntimeError("disk full")
        return grade_notebook(course, None)

    monkeypatch.setattr(gradebook, "grade_notebook", fake)
    grades = gradebook.grade_class(subs, course_dir)
    assert [s.student for s in grades.students] == ["a", "b"]
    assert grades.students[0].notebooks[0].results[0].status == "missing"
    assert "the grader failed (RuntimeError: disk full)" in grades.students[1].notebooks[0].results[0].message
