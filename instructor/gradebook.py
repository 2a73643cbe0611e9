"""A class graded: every student's notebooks, and one feedback file per student.

``grade_class`` reads every submission first, then runs each distinct set of answers once, in its
own sandbox, ``jobs`` at a time. Each student's ``feedback/<student>.md`` covers only the lessons they
handed in: every exercise's points and the check's message, and what could not be used and why (a
file that is not a notebook or was refused, a deleted cell, an answer that ran out of time). The grade
tables are written by ``tables``, the class report by ``report``.
"""

from __future__ import annotations

import os
import queue
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .execution import (
    CourseNotebook,
    ExerciseResult,
    Judged,
    NotebookGrade,
    Settings,
    answers_key,
    grade_notebook,
    missing_notebook,
    run_answers,
    take_answers,
)
from .submissions import Student, SubmittedNotebook, collect_class


@dataclass
class StudentGrade:
    student: str
    notebooks: list[NotebookGrade] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(g.points for g in self.notebooks)

    def points(self) -> dict[str, float]:
        return {r.exercise_id: r.points for g in self.notebooks for r in g.results}


@dataclass
class ClassGrades:
    exercises: list[tuple[str, float]]   # (exercise id, points available), in column order
    students: list[StudentGrade]
    notes: list[str] = field(default_factory=list)
    lessons: list[tuple[str, list[str]]] = field(default_factory=list)   # (notebook, its exercise ids)
    runs: int = 0   # notebooks run in a sandbox (identical answers are run once)

    @property
    def max_total(self) -> float:
        return sum(points for _, points in self.exercises)


def load_course(course_dir: Path, names: list[str] | None = None) -> list[CourseNotebook]:
    """The course's lessons that have exercises (all of ``course_dir/*.ipynb``, or only ``names``)."""
    course_dir = Path(course_dir)
    paths = sorted(course_dir.glob("*.ipynb"))
    if names:
        wanted = {Path(n).name if Path(n).suffix == ".ipynb" else f"{Path(n).name}.ipynb" for n in names}
        unknown = wanted - {p.name for p in paths}
        if unknown:
            raise ValueError(f"notebooks {sorted(unknown)} are not in the course folder {course_dir}")
        paths = [p for p in paths if p.name in wanted]
    return [nb for nb in (CourseNotebook.load(p) for p in paths) if nb.exercises]


def match_notebooks(student: Student, course: list[CourseNotebook]) -> tuple[dict[str, SubmittedNotebook], list[str]]:
    """Which of the student's files is which lesson: by file name, else by the exercises inside."""
    matched: dict[str, SubmittedNotebook] = {}
    notes: list[str] = []
    by_name = {nb.name: nb for nb in course}
    rest = []
    for submitted in student.notebooks:
        if submitted.name in by_name and submitted.name not in matched:
            matched[submitted.name] = submitted
        else:
            rest.append(submitted)
    for submitted in rest:
        ids = submitted.grade_ids()
        overlap = {nb.name: len(ids & {i for e in nb.exercises for i in (e.answer_id, e.check_id)}) for nb in course}
        best = max(overlap, key=overlap.get, default=None)
        if best is not None and overlap[best] > 0 and best not in matched:
            matched[best] = submitted
            notes.append(f"{submitted.path.name} was graded as {best} (it holds that lesson's exercises)")
        elif best is not None and overlap[best] > 0:
            notes.append(f"{submitted.path.name} was not graded: {matched[best].path.name} is already graded "
                         f"as {best}")
        elif submitted.problem is not None:
            notes.append(f"{submitted.path.name} was not graded: {submitted.problem}")
        else:
            notes.append(f"{submitted.path.name} was not graded: it is none of the course's notebooks")
    for name in student.ignored:
        notes.append(f"{name} was not graded: it is not a notebook (.ipynb)")
    return matched, notes


class _Runs:
    """Runs shared between students who handed in the same answers to a lesson: each set is run once.

    A run depends only on the lesson and the answer cells (the rest of the notebook is the course's
    own), so reusing it for a second student with the same answers gives that student exactly the
    grade a run of their own would give; blank and copied notebooks cost nothing more.
    """

    def __init__(self, settings: Settings, jobs: int):
        self.settings = settings
        self.slots: queue.Queue[int] = queue.Queue()
        for slot in range(max(1, jobs)):
            self.slots.put(slot)
        self.lock = threading.Lock()
        self.pending: dict[str, threading.Event] = {}
        self.done: dict[str, Judged] = {}
        self.count = 0

    def judged(self, course: CourseNotebook, submitted: SubmittedNotebook) -> Judged:
        sources = take_answers(course, submitted).sources
        key = answers_key(course, sources, self.settings)
        with self.lock:
            event = self.pending.get(key)
            owner = event is None
            if owner:
                event = self.pending[key] = threading.Event()
        if not owner:
            event.wait()
            if key not in self.done:
                raise RuntimeError("the run these answers share with another student failed")
            return self.done[key]
        slot = self.slots.get()
        try:
            result = run_answers(course, sources, self.settings, slot)
            with self.lock:
                self.done[key] = result
                self.count += result.runs
        finally:
            self.slots.put(slot)
            event.set()  # also when the run failed: the students waiting for it are told, not kept waiting
        return result


def grade_class(submissions_dir: Path, course_dir: Path, *, notebooks: list[str] | None = None,
                settings: Settings | None = None, jobs: int = 1, progress=None) -> ClassGrades:
    """Grade every student folder of ``submissions_dir`` against the course's notebooks in ``course_dir``.

    Without ``notebooks``, the lessons graded are those that at least one student handed in. Every
    file is read before the first notebook runs.
    """
    settings = settings or Settings()
    students, stray = collect_class(submissions_dir)
    course = load_course(course_dir, notebooks)
    if not course:
        raise ValueError(f"no notebook with exercises found in the course folder {course_dir}")
    matches = {s.name: match_notebooks(s, course) for s in students}
    if not notebooks:
        handed_in = {name for matched, _ in matches.values() for name in matched}
        course = [nb for nb in course if nb.name in handed_in] or course
    notes = [f"{name} (next to the student folders) was not graded: put each student's notebooks in a "
             "folder named after the student" for name in stray]

    tasks = [(s.name, nb, matches[s.name][0].get(nb.name)) for s in students for nb in course]
    runs = _Runs(settings, jobs)

    def run(task):
        student, nb, submitted = task
        try:
            if submitted is None:
                grade = missing_notebook(nb)
            elif submitted.problem is not None or not nb.exercises:
                grade = grade_notebook(nb, submitted, settings=settings)
            else:
                grade = grade_notebook(nb, submitted, settings=settings, judged=runs.judged(nb, submitted))
        except Exception as exc:  # noqa: BLE001 - one notebook's trouble must not cost the class its grades
            grade = NotebookGrade(nb.name, [ExerciseResult(ex.exercise_id, "not graded", 0.0, ex.points,
                                                           f"✘ Exercise {ex.exercise_id}: not graded: the "
                                                           f"grader failed ({type(exc).__name__}: {exc}).")
                                            for ex in nb.exercises])
        if progress is not None:
            progress(student, grade)
        return grade

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        grades = list(pool.map(run, tasks))
    results = []
    for student in students:
        mine = [g for (name, _, _), g in zip(tasks, grades) if name == student.name]
        results.append(StudentGrade(student.name, mine, matches[student.name][1]))
    columns = [(ex.exercise_id, ex.points) for nb in course for ex in nb.exercises]
    lessons = [(nb.name, [ex.exercise_id for ex in nb.exercises]) for nb in course]
    return ClassGrades(columns, results, notes, lessons, runs.count)


def _fmt(points: float) -> str:
    return f"{points:g}"


def feedback_text(student: StudentGrade, max_total: float) -> str:
    """The feedback of one student: only the lessons they handed in, each exercise's points and message."""
    handed_in = [g for g in student.notebooks if g.handed_in]
    lines = [f"# Feedback for {student.student}", "",
             f"**Total: {_fmt(student.total)} / {_fmt(max_total)} points.**", ""]
    if not handed_in:
        lines += ["No notebook of the graded lessons was found in your folder.", ""]
    for grade in handed_in:
        lines += [f"## {grade.notebook}", ""]
        for result in grade.results:
            lines.append(f"- **{result.exercise_id}** ({_fmt(result.points)} / {_fmt(result.max_points)}): "
                         f"{result.message}")
            lines += [f"  - Note: {note}." for note in result.notes]
        if grade.notes:
            lines += ["", "About this notebook:"] + [f"- {note}." for note in grade.notes]
        lines.append("")
    if student.notes:
        lines += ["## Other files", ""] + [f"- {note}." for note in student.notes] + [""]
    return "\n".join(lines)


def write_feedback(grades: ClassGrades, folder: Path) -> list[Path]:
    """Write ``folder/<student>.md`` for every student; return the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for student in grades.students:
        path = folder / f"{student.student}.md"
        write_atomically(path, feedback_text(student, grades.max_total))
        written.append(path)
    return written


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename: readers see all of it or none."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def summary(grades: ClassGrades) -> str:
    """The grade table as text, with the points available and who needs a second look."""
    from .tables import grade_rows

    rows = grade_rows(grades)
    head = rows[0]
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    text = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(r, widths)))
            for r in rows]
    review = []
    for student in grades.students:
        flagged = [f"{r.exercise_id} {r.status}" for g in student.notebooks for r in g.results
                   if r.status in ("timed out", "not graded") and g.handed_in]
        if flagged:
            review.append(f"  {student.student}: {', '.join(flagged)}")
    if review:
        text += ["", "to look at (details in the feedback files):", *review]
    return "\n".join(text + [f"  {note}" for note in grades.notes])
