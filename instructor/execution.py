"""Grade one student's notebook: run it in a sandbox that only produces data, judge that data here.

The notebook that runs is not the one the student handed in. It is rebuilt from the course's own
version of the lesson (its student version, see ``release``), and only the student's *answer cells*
are taken over, matched by their nbgrader ``grade_id``. After each exercise's check cell, a grading
cell hands the answer to the harness (``sandboxed/harness.py``), which writes it as data: the value,
or what the answer function returned on the exercise's probe inputs (computed here, by the course's
checks, and passed in as data).

The notebook runs in a sandbox (``sandbox``) that cannot see the course's checks, the other
submissions or the grader's files. When it has ended, the grader reads the records and judges each
with ``Exercise.judge_data``: verdicts are computed only in this process, from data, so nothing the
student's code does to its own interpreter can change one. When an answer runs out of time or
crashes the kernel, that exercise scores 0 and the notebook is run again without it.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from helpers.exercises import catalog
from helpers.exercises import framework as judging

from .release import grade_id, is_answer, is_check, student_version
from .sandbox import GRADER_DIR, INPUT_DIR, Limits, run_in_sandbox, wall_time
from .sandboxed import datacodec
from .submissions import SubmittedNotebook

REPO_ROOT = Path(__file__).resolve().parents[1]


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
    status: str  # passed, failed, not attempted, timed out, not graded, missing
    points: float
    max_points: float
    message: str
    notes: list[str] = field(default_factory=list)
    mistake: str | None = None


@dataclass
class NotebookGrade:
    """One student's grade on one lesson: a result per exercise, and notes about the notebook as a whole."""

    notebook: str
    results: list[ExerciseResult]
    notes: list[str] = field(default_factory=list)
    runs: int = 0
    handed_in: bool = True

    @property
    def points(self) -> float:
        return sum(r.points for r in self.results)


@dataclass(frozen=True)
class Settings:
    """How notebooks are run: seconds per notebook, the sandbox's limits, and whether there is one."""

    timeout: float = 120.0
    limits: Limits = field(default_factory=Limits)
    sandbox: bool = True


def _all(course: CourseNotebook, status: str, text: str) -> list[ExerciseResult]:
    return [ExerciseResult(ex.exercise_id, status, 0.0, ex.points,
                           f"✘ Exercise {ex.exercise_id}: {text}") for ex in course.exercises]


def missing_notebook(course: CourseNotebook) -> NotebookGrade:
    """The grade when a student handed in no notebook for this lesson."""
    return NotebookGrade(course.name, _all(course, "missing", f"not graded: no {course.name} was handed in."),
                         handed_in=False)


GRADING_CELL = ("import harness as _course_harness_\n"
                "_course_harness_.collect({exercise_id!r}, {answer_name!r}, {kind!r}, globals())\n"
                "del _course_harness_")


def _grading_cell(exercise_id: str, answer_name: str, kind: str):
    cell = nbformat.v4.new_code_cell(GRADING_CELL.format(exercise_id=exercise_id, answer_name=answer_name,
                                                         kind=kind))
    cell.metadata["exercise"] = exercise_id
    cell.metadata["grading"] = True
    return cell


@dataclass
class _Answers:
    """What is taken from the student's notebook: answer sources, and notes on everything else."""

    sources: dict[str, str] = field(default_factory=dict)        # exercise -> student's answer cell
    notes: dict[str, list[str]] = field(default_factory=dict)    # exercise -> notes
    notebook_notes: list[str] = field(default_factory=list)


def take_answers(course: CourseNotebook, submitted: SubmittedNotebook) -> _Answers:
    """Find each exercise's answer cell in ``submitted`` and note what else was changed."""
    taken = _Answers()
    for ex in course.exercises:
        notes = taken.notes.setdefault(ex.exercise_id, [])
        cells = submitted.cells_with_id(ex.answer_id)
        if not cells:
            notes.append(f"the answer cell of {ex.exercise_id} is missing from your notebook (deleted, or its "
                         "cell metadata was removed), so it counts as not attempted")
        else:
            if len(cells) > 1:
                notes.append(f"your notebook has {len(cells)} answer cells for {ex.exercise_id} (a copied "
                             "cell?); the last one was graded")
            if cells[-1].cell_type != "code":
                notes.append(f"the answer cell of {ex.exercise_id} was turned into a {cells[-1].cell_type} "
                             "cell, so it could not run")
            else:
                taken.sources[ex.exercise_id] = cells[-1].source
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


def registered(exercise_id: str):
    """The course's registered exercise ``exercise_id`` (the judging code), or None."""
    catalog()  # imports every lesson's exercises
    return judging.registry.get(exercise_id)


def build_notebook(course: CourseNotebook, sources: dict[str, str]):
    """The course's student version with the given answers in place and a grading cell after each check."""
    nb = copy.deepcopy(course.student)
    cells = []
    for cell in nb.cells:
        ex_id = str(cell.metadata.get("exercise", ""))
        if is_answer(cell) and cell.cell_type == "code":
            cell.source = sources.get(ex_id, cell.source)
        cells.append(cell)
        exercise = registered(ex_id) if ex_id else None
        if is_check(cell) and exercise is not None:
            cells.append(_grading_cell(ex_id, exercise.answer_name, exercise.kind))
    for ex in course.exercises:  # an exercise without a check cell is still judged, right after its answer
        exercise = registered(ex.exercise_id)
        if ex.check_id is None and exercise is not None:
            at = next(i for i, c in enumerate(cells) if grade_id(c) == ex.answer_id)
            cells.insert(at + 1, _grading_cell(ex.exercise_id, exercise.answer_name, exercise.kind))
    nb.cells = cells
    return nb


def probes_document(course: CourseNotebook) -> dict:
    """The probe inputs of the lesson's function exercises, as data for the harness."""
    document = {}
    for ex in course.exercises:
        exercise = registered(ex.exercise_id)
        if exercise is not None and exercise.kind == "function":
            document[ex.exercise_id] = [datacodec.encode(tuple(probe)) for probe in exercise.probes()]
    return document


@dataclass
class RunOutcome:
    """How one run of a rebuilt notebook ended, and the records its harness wrote."""

    completed: bool
    stopped_at: int | None = None
    reason: str | None = None   # "timeout", "died", "error"
    detail: str = ""
    records: dict[str, dict] = field(default_factory=dict)
    answer_errors: dict[str, str] = field(default_factory=dict)


def run_notebook(nb, probes: dict, settings: Settings, slot: int = 0) -> RunOutcome:
    """Run ``nb`` in a fresh sandbox (see ``sandbox``) and read back what its runner reported."""
    with tempfile.TemporaryDirectory(prefix="grading-in-") as input_dir:
        os.chmod(input_dir, 0o755)
        (Path(input_dir) / "notebook.ipynb").write_text(nbformat.writes(nb), encoding="utf-8")
        (Path(input_dir) / "probes.json").write_text(json.dumps(probes), encoding="utf-8")
        program = [sys.executable, f"{GRADER_DIR}/runner.py", f"{INPUT_DIR}/notebook.ipynb", str(settings.timeout)]
        run = run_in_sandbox(program, Path(input_dir), wall_timeout=wall_time(settings.timeout),
                             limits=settings.limits, slot=slot, sandbox=settings.sandbox)
    outcome = RunOutcome(False)
    last = None
    for message in run.messages:
        if type(message.get("progress")) is int:
            last = message["progress"]
        elif type(message.get("record")) is dict and type(message["record"].get("exercise")) is str:
            outcome.records[message["record"]["exercise"]] = message["record"]
        elif type(message.get("run")) is dict:
            report = message["run"]
            outcome.completed = report.get("completed") is True
            outcome.reason = report.get("reason") if type(report.get("reason")) is str else None
            outcome.detail = str(report.get("detail", ""))[:500]
            errors = report.get("answer_errors")
            if type(errors) is dict:
                outcome.answer_errors = {str(k): str(v)[:600] for k, v in errors.items()}
    if run.killed == "timeout":
        outcome.completed, outcome.reason = False, "timeout"
    elif run.killed == "output":
        outcome.completed, outcome.reason = False, "died"
    elif not any(type(m.get("run")) is dict for m in run.messages):
        outcome.completed, outcome.reason = False, "died"   # the runner itself was stopped from inside
        outcome.detail = run.stderr[-300:]
    if not outcome.completed:
        outcome.stopped_at = last
    return outcome


def data_of(record: dict | None, exercise):
    """The data the judge gets for ``record``: the value, a ``FunctionOutputs``, or a stand-in."""
    if record is None or record.get("status") == "not attempted":
        return judging.NOT_ATTEMPTED
    if record.get("kind") != exercise.kind:
        return judging.Unserializable("malformed record")
    if exercise.kind != "function":
        return datacodec.decode(record.get("value"), judging.Unserializable)
    returned, mutated = record.get("returned"), record.get("mutated")
    is_callable, type_name = record.get("callable"), record.get("type_name")
    if type(returned) is not list or type(mutated) is not list or type(is_callable) is not bool \
            or type(type_name) is not str or not all(type(m) is bool for m in mutated) \
            or len(returned) != len(mutated):
        return judging.Unserializable("malformed record")
    return judging.FunctionOutputs(is_callable, type_name[:200],
                                   [datacodec.decode(node, judging.Unserializable, judging.Raised)
                                    for node in returned], list(mutated))


def judge(exercise, record: dict | None) -> judging.CheckResult | None:
    """The course's verdict on one record, or None if the judge itself failed."""
    try:
        return exercise.judge_data(data_of(record, exercise))
    except Exception:  # noqa: BLE001 - judge_data must not raise; if it does, the exercise is not graded
        return None


@dataclass
class Judged:
    """The result of running one set of answers: shared by every student who handed in the same answers."""

    outcome: RunOutcome
    excluded: dict[str, str]
    stopped: str | None
    runs: int


def run_answers(course: CourseNotebook, sources: dict[str, str], settings: Settings, slot: int = 0) -> Judged:
    """Run the lesson with ``sources`` as its answers, again without any answer that timed out or crashed."""
    probes = probes_document(course)
    excluded: dict[str, str] = {}
    stopped = None
    runs = 0
    for _ in range(len(course.exercises) + 1):
        nb = build_notebook(course, {k: v for k, v in sources.items() if k not in excluded})
        outcome = run_notebook(nb, probes, settings, slot)
        runs += 1
        if outcome.completed:
            break
        culprit = None
        if outcome.stopped_at is not None and 0 <= outcome.stopped_at < len(nb.cells):
            culprit = nb.cells[outcome.stopped_at].metadata.get("exercise")
        if outcome.reason in ("timeout", "died") and culprit and culprit not in excluded and culprit in sources:
            excluded[str(culprit)] = outcome.reason
            continue
        where = f"cell {outcome.stopped_at}" if outcome.stopped_at is not None else "the start"
        stopped = {"timeout": f"the notebook ran out of its {settings.timeout:g} s at {where}",
                   "died": f"the notebook's sandbox stopped at {where}"}.get(
            outcome.reason, f"the notebook could not be run ({outcome.detail})")
        break
    return Judged(outcome, excluded, stopped, runs)


def answers_key(course: CourseNotebook, sources: dict[str, str], settings: Settings) -> str:
    """Identical answers to the same lesson give the same run: the key under which it is reused."""
    text = json.dumps([str(course.path.resolve()), sorted(sources.items()), repr(settings)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def grade_notebook(course: CourseNotebook, submitted: SubmittedNotebook | None, *, settings: Settings | None = None,
                   slot: int = 0, judged: Judged | None = None) -> NotebookGrade:
    """Grade one student's version of one lesson (see the module text). Never raises for a bad submission."""
    settings = settings or Settings()
    if submitted is None:
        return missing_notebook(course)
    if submitted.problem is not None:
        return NotebookGrade(course.name, _all(course, "not graded", f"not graded: {submitted.problem}."))
    taken = take_answers(course, submitted)
    grade = NotebookGrade(course.name, [], list(taken.notebook_notes))
    if not course.exercises:
        return grade
    if judged is None:
        judged = run_answers(course, taken.sources, settings, slot)
    grade.runs = judged.runs
    if judged.stopped:
        grade.notes.append(f"{judged.stopped}; exercises after that point were not graded")
    for ex in course.exercises:
        result = _exercise_result(ex, judged, settings)
        result.notes = list(taken.notes.get(ex.exercise_id, [])) + result.notes
        grade.results.append(result)
    return grade


def _exercise_result(ex: CourseExercise, judged: Judged, settings: Settings) -> ExerciseResult:
    ex_id = ex.exercise_id
    exercise = registered(ex_id)
    record = judged.outcome.records.get(ex_id)
    errors = judged.outcome.answer_errors
    if exercise is None:
        return ExerciseResult(ex_id, "not graded", 0.0, ex.points,
                              f"✘ Exercise {ex_id}: not graded: the course has no check for it.")
    if ex_id in judged.excluded:
        why = (f"did not finish within the time limit of {settings.timeout:g} s for the notebook (an endless loop?)"
               if judged.excluded[ex_id] == "timeout"
               else "made the notebook stop (a crash, too much memory, or a limit of the sandbox)")
        return ExerciseResult(ex_id, "timed out" if judged.excluded[ex_id] == "timeout" else "failed", 0.0,
                              ex.points, f"✘ Exercise {ex_id}: your answer {why}, so it scores 0; the rest of "
                              "the notebook was graded without it.")
    if record is None:
        return ExerciseResult(ex_id, "not graded", 0.0, ex.points,
                              f"✘ Exercise {ex_id}: not graded: {judged.stopped or 'its answer could not be read'}.")
    verdict = judge(exercise, record)
    if verdict is None or verdict.status not in ("passed", "failed", "not attempted"):
        return ExerciseResult(ex_id, "not graded", 0.0, ex.points,
                              f"✘ Exercise {ex_id}: not graded: the check could not judge the answer.")
    status, message, notes = verdict.status, verdict.message, []
    if status == "not attempted" and ex_id in errors:
        status = "failed"
        message = (f"✘ Exercise {ex_id}: your answer cell raised {errors[ex_id]}, so `{exercise.answer_name}` "
                   "was not defined. Fix the error and run the cell again.")
    elif ex_id in errors:
        notes.append(f"your answer cell of {ex_id} raised {errors[ex_id]}")
    return ExerciseResult(ex_id, status, ex.points if status == "passed" else 0.0, ex.points, message, notes,
                          verdict.mistake if status == "failed" else None)


def kernel_env() -> dict[str, str]:
    """An environment for running a course notebook outside the sandbox: the course first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["MPLBACKEND"] = "Agg"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env
