"""A class's grades: ``grades.csv`` and one feedback file per student.

``grades.csv`` has one row per student (sorted by name) and one column per exercise, in the order of
the lessons and of the exercises in them, holding the points scored, then the total::

    student,00.1,02.1,02.2,total
    ada,1,1,0,2

Each student's ``feedback/<student>.md`` lists every exercise's points and the check's message, and says
what could not be used and why (a file that is not a notebook, a deleted cell, an answer that ran out
of time or reached into the checks).
"""

from __future__ import annotations

import csv
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .execution import KERNEL, CourseNotebook, ExerciseResult, NotebookGrade, grade_notebook, missing_notebook
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


def grade_class(submissions_dir: Path, course_dir: Path, *, notebooks: list[str] | None = None,
                timeout: float = 120.0, jobs: int = 1, kernel_name: str = KERNEL,
                progress=None) -> ClassGrades:
    """Grade every student folder of ``submissions_dir`` against the course's notebooks in ``course_dir``.

    Without ``notebooks``, the lessons graded are those that at least one student handed in.
    """
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

    def run(task):
        student, nb, submitted = task
        try:
            grade = grade_notebook(nb, submitted, timeout=timeout, kernel_name=kernel_name) if submitted \
                else missing_notebook(nb)
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
    return ClassGrades(columns, results, notes)


def _fmt(points: float) -> str:
    return f"{points:g}"


def write_csv(grades: ClassGrades, path: Path) -> None:
    """One row per student, one column per exercise (points scored), then the total."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["student", *[ex for ex, _ in grades.exercises], "total"])
        for student in grades.students:
            points = student.points()
            writer.writerow([student.student, *[_fmt(points.get(ex, 0.0)) for ex, _ in grades.exercises],
                             _fmt(student.total)])


def feedback_text(student: StudentGrade, max_total: float) -> str:
    lines = [f"# Feedback for {student.student}", "",
             f"**Total: {_fmt(student.total)} / {_fmt(max_total)} points.**", ""]
    for grade in student.notebooks:
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
        path.write_text(feedback_text(student, grades.max_total), encoding="utf-8")
        written.append(path)
    return written


def summary(grades: ClassGrades) -> str:
    """The grade table as text, with the points available and who needs a second look."""
    head = ["student", *[ex for ex, _ in grades.exercises], "total"]
    rows = [head, ["(max)", *[_fmt(p) for _, p in grades.exercises], _fmt(grades.max_total)]]
    for student in grades.students:
        points = student.points()
        rows.append([student.student, *[_fmt(points.get(ex, 0.0)) for ex, _ in grades.exercises],
                     _fmt(student.total)])
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    text = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(r, widths)))
            for r in rows]
    review = []
    for student in grades.students:
        flagged = [f"{r.exercise_id} {r.status}" for g in student.notebooks for r in g.results
                   if r.status in ("tampering", "timed out", "not graded")]
        if flagged:
            review.append(f"  {student.student}: {', '.join(flagged)}")
    if review:
        text += ["", "to look at (details in the feedback files):", *review]
    return "\n".join(text + [f"  {note}" for note in grades.notes])
