"""Grade one student's notebook from what can be trusted.

The notebook that runs is not the one the student handed in. It is rebuilt from the course's own
version of the lesson (its student version, see ``release``), and only the student's *answer cells*
are taken over, matched by their nbgrader ``grade_id``. So deleted or edited lesson cells, edited check
cells and changed points do not matter; answer cells that reach for the checking machinery are not
run (``screening``).

The rebuilt notebook runs in a fresh kernel, in a temporary folder, under a time limit for the whole
notebook. After each exercise's check cell a grading cell asks the course's exercise registry for the
verdict on the answer as it stands, and prints it behind a random token the student's code cannot know;
the check cells' own printed output is never read. When an answer runs out of time (or crashes the
kernel), that exercise scores 0 and the notebook is run again without it, so the other answers count.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import secrets
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from ..exercises import catalog
from .release import grade_id, is_answer, is_check, student_version
from .screening import lesson_imports, screen_answer, top_level_bindings
from .submissions import SubmittedNotebook

KERNEL = "python3"
REPO_ROOT = Path(__file__).resolve().parents[2]

_quiet = logging.getLogger("helpers.assignments.kernel")
_quiet.addHandler(logging.NullHandler())
_quiet.propagate = False
_quiet.setLevel(logging.CRITICAL)  # a timeout is reported in the feedback, not as a log line


@dataclass(frozen=True)
class CourseExercise:
    """One exercise as the course's notebook defines it."""

    exercise_id: str
    answer_id: str
    check_id: str | None
    points: float
    answer_source: str
    check_source: str | None


@dataclass
class CourseNotebook:
    """A lesson as the course ships it: the source (with solutions) and the student version built from it."""

    path: Path
    source: nbformat.NotebookNode
    student: nbformat.NotebookNode
    exercises: list[CourseExercise]

    @property
    def name(self) -> str:
        return self.path.name

    @classmethod
    def load(cls, path: Path) -> CourseNotebook:
        path = Path(path)
        source = nbformat.read(path, as_version=4)
        student, _ = student_version(source, path.name)
        checks = {str(c.metadata.get("exercise")): c for c in source.cells if is_check(c)}
        exercises = []
        for cell in source.cells:
            if not is_answer(cell) or cell.cell_type != "code":
                continue
            ex_id = str(cell.metadata.get("exercise") or grade_id(cell))
            check = checks.get(ex_id)
            points = check.metadata["nbgrader"].get("points", 1.0) if check is not None else 0.0
            exercises.append(CourseExercise(ex_id, grade_id(cell), grade_id(check) if check else None,
                                            float(points), cell.source, check.source if check else None))
        return cls(path, source, student, exercises)

    def lesson_cells(self) -> list:
        """The cells that are neither an answer nor a check."""
        return [c for c in self.student.cells if not is_answer(c) and not is_check(c)]


@dataclass
class ExerciseResult:
    """The verdict on one exercise of one student."""

    exercise_id: str
    status: str  # passed, failed, not attempted, timed out, tampering, not graded, missing
    points: float
    max_points: float
    message: str
    notes: list[str] = field(default_factory=list)


@dataclass
class NotebookGrade:
    """One student's grade on one lesson: a result per exercise, and notes about the notebook as a whole."""

    notebook: str
    results: list[ExerciseResult]
    notes: list[str] = field(default_factory=list)
    runs: int = 0

    @property
    def points(self) -> float:
        return sum(r.points for r in self.results)


def _all(course: CourseNotebook, status: str, text: str) -> list[ExerciseResult]:
    return [ExerciseResult(ex.exercise_id, status, 0.0, ex.points,
                           f"✘ Exercise {ex.exercise_id}: {text}") for ex in course.exercises]


def missing_notebook(course: CourseNotebook) -> NotebookGrade:
    """The grade when a student handed in no notebook for this lesson."""
    return NotebookGrade(course.name, _all(course, "missing", f"not graded: no {course.name} was handed in."))


GRADING_CELL = '''\
def _course_grade_(exercise_id={exercise_id!r}, token={token!r}, namespace=globals()):
    import contextlib, io, json
    from helpers.exercises import catalog
    from helpers.exercises.framework import registry
    catalog()
    record = {{"exercise": exercise_id}}
    exercise = registry.get(exercise_id)
    if exercise is None:
        record.update(status="not graded", message=f"exercise {{exercise_id}} is not registered")
    else:
        record.update(answer_name=exercise.answer_name, defined=exercise.answer_name in namespace)
        sink = io.StringIO()
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            try:
                result = exercise.run(namespace.get(exercise.answer_name))
                record.update(status=result.status, message=result.message)
            except BaseException as exc:
                record.update(status="failed", message=f"✘ Exercise {{exercise_id}}: your answer raised "
                              f"{{type(exc).__name__}}: {{exc}}. Fix the error and run the check again.")
    print(token + json.dumps(record))
_course_grade_()
del _course_grade_'''


def _grading_cell(exercise_id: str, token: str):
    cell = nbformat.v4.new_code_cell(GRADING_CELL.format(exercise_id=exercise_id, token=token))
    cell.metadata["exercise"] = exercise_id
    cell.metadata["grading"] = True
    return cell


@dataclass
class _Answers:
    """What is taken from the student's notebook: answer sources, and notes on everything else."""

    sources: dict[str, str] = field(default_factory=dict)        # exercise -> student's answer cell
    tampering: dict[str, list[str]] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)    # exercise -> notes
    notebook_notes: list[str] = field(default_factory=list)


def _answer_cell(ex, submitted, taken, notes, lesson_names, imports, answer_names) -> None:
    """Take the student's answer cell of ``ex`` into ``taken`` if it is there and may be run."""
    cells = submitted.cells_with_id(ex.answer_id)
    if not cells:
        notes.append(f"the answer cell of {ex.exercise_id} is missing from your notebook (deleted, or its "
                     "cell metadata was removed), so it counts as not attempted")
        return
    if len(cells) > 1:
        notes.append(f"your notebook has {len(cells)} answer cells for {ex.exercise_id} (a copied cell?); "
                     "the last one was graded")
    cell = cells[-1]
    if cell.cell_type != "code":
        notes.append(f"the answer cell of {ex.exercise_id} was turned into a {cell.cell_type} cell, so it "
                     "could not run")
        return
    others = {name: "answer" for other, name in answer_names.items()
              if other != ex.exercise_id and name != answer_names.get(ex.exercise_id)}
    screening = screen_answer(cell.source, lesson_names={**lesson_names, **others}, allowed_imports=imports,
                              own_names=set(top_level_bindings(ex.answer_source)))
    if not screening.trusted:
        taken.tampering[ex.exercise_id] = screening.tampering
        return
    notes.extend(screening.notes)
    taken.sources[ex.exercise_id] = cell.source


def take_answers(course: CourseNotebook, submitted: SubmittedNotebook) -> _Answers:
    """Find each exercise's answer cell in ``submitted``, screen it, and note what else was changed."""
    taken = _Answers()
    lesson_sources = [c.source for c in course.lesson_cells() if c.cell_type == "code"]
    lesson_names: dict[str, str] = {}
    for source in lesson_sources:
        lesson_names.update(top_level_bindings(source))
    imports = lesson_imports(lesson_sources)
    registered = {entry["id"]: entry["answer_name"] for entry in catalog()}
    answer_names = {ex.exercise_id: registered[ex.exercise_id] for ex in course.exercises
                    if ex.exercise_id in registered}
    for ex in course.exercises:
        notes = taken.notes.setdefault(ex.exercise_id, [])
        _answer_cell(ex, submitted, taken, notes, lesson_names, imports, answer_names)
        if ex.check_id is not None:
            checks = submitted.cells_with_id(ex.check_id)
            if not checks:
                notes.append(f"the check cell of {ex.exercise_id} was deleted; the course's own check was used")
            elif any(c.source.strip() != (ex.check_source or "").strip() for c in checks):
                notes.append(f"the check cell of {ex.exercise_id} was changed; the course's own check was used")

    submitted_sources = {c.source.strip() for c in submitted.cells}
    known_ids = {ex.answer_id for ex in course.exercises} | {ex.check_id for ex in course.exercises}
    lesson = [c for c in course.lesson_cells() if c.source.strip()]
    gone = [c for c in lesson if c.source.strip() not in submitted_sources]
    course_sources = {c.source.strip() for c in course.source.cells} | {c.source.strip() for c in lesson}
    added = [c for c in submitted.cells if c.cell_type == "code" and c.source.strip()
             and c.grade_id not in known_ids and c.source.strip() not in course_sources]
    if gone:
        taken.notebook_notes.append(f"{len(gone)} of the lesson's cells were deleted or changed in your notebook; "
                                    "the course's own were run")
    if added:
        taken.notebook_notes.append(f"{len(added)} code cell(s) you added were not run: only answer cells are "
                                    "graded, so put everything an answer needs in its answer cell")
    if submitted.skipped_cells:
        taken.notebook_notes.append(f"{submitted.skipped_cells} cell(s) of your notebook could not be read")
    return taken


def build_notebook(course: CourseNotebook, sources: dict[str, str], token: str):
    """The course's student version with the given answers in place and a grading cell after each check."""
    nb = copy.deepcopy(course.student)
    cells = []
    for cell in nb.cells:
        ex_id = str(cell.metadata.get("exercise", ""))
        if is_answer(cell) and cell.cell_type == "code":
            cell.source = sources.get(ex_id, cell.source)
        cells.append(cell)
        if is_check(cell) and ex_id:
            cells.append(_grading_cell(ex_id, token))
    for ex in course.exercises:  # an exercise without a check cell is still judged, right after its answer
        if ex.check_id is None:
            at = next(i for i, c in enumerate(cells) if grade_id(c) == ex.answer_id)
            cells.insert(at + 1, _grading_cell(ex.exercise_id, token))
    nb.cells = cells
    return nb


@dataclass
class RunOutcome:
    completed: bool
    stopped_at: int | None = None
    reason: str | None = None   # "timeout", "died", "error"
    detail: str = ""


def kernel_env() -> dict[str, str]:
    """The kernel's environment: this repository's helpers first on the path, a non-interactive backend."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["MPLBACKEND"] = "Agg"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_notebook(nb, timeout: float, kernel_name: str = KERNEL) -> RunOutcome:
    """Execute ``nb`` in place in a fresh kernel in a temporary folder; ``timeout`` covers the whole notebook."""
    state = {"deadline": None, "index": None}

    def remaining(cell):
        if state["deadline"] is None:
            state["deadline"] = time.monotonic() + timeout
        return max(0.1, state["deadline"] - time.monotonic())

    def started(cell, cell_index):
        state["index"] = cell_index

    with tempfile.TemporaryDirectory(prefix="grading-") as workdir:
        client = NotebookClient(nb, kernel_name=kernel_name, timeout_func=remaining, allow_errors=True,
                                record_timing=False, shutdown_kernel="immediate", startup_timeout=120,
                                on_cell_execute=started, log=_quiet,
                                resources={"metadata": {"path": workdir}})
        try:
            client.execute(env=kernel_env(), stderr=subprocess.DEVNULL)
        except CellTimeoutError:
            return RunOutcome(False, state["index"], "timeout")
        except DeadKernelError:
            return RunOutcome(False, state["index"], "died")
        except Exception as exc:  # noqa: BLE001 - a broken run must not stop the class's grading
            return RunOutcome(False, state["index"], "error", f"{type(exc).__name__}: {exc}")
    return RunOutcome(True)


def _records(nb, token: str) -> dict[str, dict]:
    found = {}
    for cell in nb.cells:
        if not cell.metadata.get("grading"):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                for line in output.get("text", "").splitlines():
                    if line.startswith(token):
                        try:
                            record = json.loads(line[len(token):])
                        except json.JSONDecodeError:
                            continue
                        found[str(record.get("exercise"))] = record
    return found


def _answer_errors(nb) -> dict[str, str]:
    errors = {}
    for cell in nb.cells:
        if is_answer(cell) and cell.cell_type == "code":
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error" and output.get("ename") != "NotImplementedError":
                    errors[str(cell.metadata.get("exercise"))] = f"{output.get('ename')}: {output.get('evalue')}"
    return errors


def grade_notebook(course: CourseNotebook, submitted: SubmittedNotebook | None, *, timeout: float = 120.0,
                   kernel_name: str = KERNEL) -> NotebookGrade:
    """Grade one student's version of one lesson (see the module text). Never raises for a bad submission."""
    if submitted is None:
        return missing_notebook(course)
    if submitted.problem is not None:
        return NotebookGrade(course.name, _all(course, "not graded", f"not graded: {submitted.problem}."))
    taken = take_answers(course, submitted)
    grade = NotebookGrade(course.name, [], list(taken.notebook_notes))
    if not course.exercises:
        return grade
    token = secrets.token_hex(16)
    excluded: dict[str, str] = {}
    records: dict[str, dict] = {}
    errors: dict[str, str] = {}
    stopped: str | None = None
    for _ in range(len(course.exercises) + 1):
        sources = {k: v for k, v in taken.sources.items() if k not in excluded}
        nb = build_notebook(course, sources, token)
        outcome = run_notebook(nb, timeout, kernel_name)
        grade.runs += 1
        records, errors = _records(nb, token), _answer_errors(nb)
        if outcome.completed:
            break
        culprit = None
        if outcome.stopped_at is not None:
            culprit = nb.cells[outcome.stopped_at].metadata.get("exercise")
        if outcome.reason in ("timeout", "died") and culprit and culprit not in excluded \
                and culprit in taken.sources:
            excluded[str(culprit)] = outcome.reason
            continue
        where = f"cell {outcome.stopped_at}" if outcome.stopped_at is not None else "the start"
        stopped = {"timeout": f"the notebook ran out of its {timeout:g} s at {where}",
                   "died": f"the Python kernel stopped at {where}"}.get(
            outcome.reason, f"the notebook could not be run ({outcome.detail})")
        grade.notes.append(f"{stopped}; exercises after that point were not graded")
        break

    for ex in course.exercises:
        ex_id = ex.exercise_id
        notes = list(taken.notes.get(ex_id, []))
        if ex_id in taken.tampering:
            reasons = "; ".join(taken.tampering[ex_id])
            result = ExerciseResult(ex_id, "tampering", 0.0, ex.points,
                                    f"✘ Exercise {ex_id}: not graded: your answer cell was not run because it "
                                    f"reaches into the checking machinery ({reasons}). Answers compute their "
                                    "result and leave the checks alone; ask your instructor if this is a mistake.")
        elif ex_id in excluded:
            why = (f"did not finish within the time limit of {timeout:g} s for the notebook (an endless loop?)"
                   if excluded[ex_id] == "timeout" else "made the Python kernel stop (a crash, or too much memory)")
            result = ExerciseResult(ex_id, "timed out" if excluded[ex_id] == "timeout" else "failed", 0.0, ex.points,
                                    f"✘ Exercise {ex_id}: your answer {why}, so it scores 0; the rest of the "
                                    "notebook was graded without it.")
        elif ex_id in records:
            record = records[ex_id]
            status, message = str(record.get("status")), str(record.get("message"))
            if status == "not attempted" and ex_id in errors:
                name = record.get("answer_name", "the answer")
                status = "failed"
                message = (f"✘ Exercise {ex_id}: your answer cell raised {errors[ex_id]}, so `{name}` was "
                           "not defined. Fix the error and run the cell again.")
            elif ex_id in errors:
                notes.append(f"your answer cell of {ex_id} raised {errors[ex_id]}")
            if status not in ("passed", "failed", "not attempted"):
                status = "not graded"
            result = ExerciseResult(ex_id, status, ex.points if status == "passed" else 0.0, ex.points, message)
        else:
            result = ExerciseResult(ex_id, "not graded", 0.0, ex.points,
                                    f"✘ Exercise {ex_id}: not graded: {stopped or 'its check did not run'}.")
        result.notes = notes
        grade.results.append(result)
    return grade
