"""Hand out the exercises without their solutions, then grade what the students hand back.

    python -m helpers.assign release [NOTEBOOKS...] --out DIR
    python -m helpers.assign grade SUBMISSIONS_DIR --out grades.csv

``release`` writes the student version of each notebook (every lesson in notebooks/ by default) to
DIR. ``grade`` runs every student's notebooks and writes grades.csv and a feedback file per student.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .assignments.execution import KERNEL, REPO_ROOT
from .assignments.release import ReleaseError, release_notebook

COURSE_DIR = REPO_ROOT / "notebooks"

RELEASE_HELP = """\
Write the student version of each notebook to DIR, under the same file name. Each solution region
(### BEGIN SOLUTION ... ### END SOLUTION) becomes

    # YOUR CODE HERE
    raise NotImplementedError()

indented like the markers, exactly as nbgrader's generate_assignment does; answer and check cells lose
their outputs; everything else keeps its outputs. The student version runs top to bottom, and each
unanswered check says "not attempted yet". The source notebooks are never changed.
"""

GRADE_HELP = """\
Grade a class. SUBMISSIONS_DIR holds one folder per student, named after the student, with the
student's notebooks in it under the course's file names (nbgrader's layout; nbgrader's submitted/
folder, with one more level for the assignment, works as it is):

    SUBMISSIONS_DIR/ada/02-penalized-objective.ipynb
    SUBMISSIONS_DIR/ada/03-gradient-shrinkage.ipynb
    SUBMISSIONS_DIR/grace/02-penalized-objective.ipynb

A notebook saved under another name is recognized by the exercises in it.

Each notebook is rebuilt from the course's own version of the lesson, with only the student's answer
cells taken over; it runs in a fresh kernel, in a temporary folder, within --timeout seconds for the
whole notebook (the kernel's start not counted). Each exercise is judged by the course's own checks
after its answer has run. An answer that runs out of time scores 0, and the notebook is run again
without it; an answer cell that reaches into the checks is not run and scores 0.

Writes grades.csv (one row per student, one column per exercise with the points scored, then the
total) and FEEDBACK/<student>.md with every check's message and everything that could not be used
(not a notebook, broken JSON, deleted cells, an endless loop, tampering). A broken submission never
stops the run.
"""


def _release(args) -> int:
    paths = args.notebooks or sorted(COURSE_DIR.glob("*.ipynb"))
    if not paths:
        print(f"no notebooks to release in {COURSE_DIR}", file=sys.stderr)
        return 2
    for path in paths:
        if not Path(path).is_file():
            print(f"no such notebook: {path}", file=sys.stderr)
            return 2
    for path in paths:
        try:
            target, report = release_notebook(Path(path), args.out)
        except ReleaseError as exc:
            print(f"cannot release {path}: {exc}", file=sys.stderr)
            return 1
        count = len(report.exercises)
        print(f"{target}: {count} exercise{'s' if count != 1 else ''} without solutions"
              + (f" ({', '.join(report.exercises)})" if count else ""))
    return 0


def _grade(args) -> int:
    from .assignments.gradebook import grade_class, summary, write_csv, write_feedback

    if not args.submissions.is_dir():
        print(f"no such folder: {args.submissions}", file=sys.stderr)
        return 2
    feedback_dir = args.feedback or args.out.parent / "feedback"
    start = time.perf_counter()

    def progress(student, grade):
        print(f"  {student} / {grade.notebook}: {grade.points:g} of "
              f"{sum(r.max_points for r in grade.results):g} points", flush=True)

    try:
        grades = grade_class(args.submissions, args.course, notebooks=args.notebooks, timeout=args.timeout,
                             jobs=args.jobs, kernel_name=args.kernel, progress=progress)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    write_csv(grades, args.out)
    written = write_feedback(grades, feedback_dir)
    print()
    print(summary(grades))
    print(f"\n{args.out}: {len(grades.students)} students, {len(grades.exercises)} exercises; "
          f"feedback in {feedback_dir}/ ({len(written)} files); {time.perf_counter() - start:.0f} s")
    return 0


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="python -m helpers.assign", description=__doc__,
                                          formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = main_parser.add_subparsers(dest="command", required=True)

    release = commands.add_parser("release", help="write the student version of the notebooks",
                                  description=RELEASE_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    release.add_argument("notebooks", nargs="*", type=Path,
                         help="notebooks to release (default: every notebook in notebooks/)")
    release.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the student versions")
    release.set_defaults(run=_release)

    grade = commands.add_parser("grade", help="grade the notebooks a class handed in",
                                description=GRADE_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    grade.add_argument("submissions", type=Path, metavar="SUBMISSIONS_DIR",
                       help="one folder per student, holding that student's notebooks")
    grade.add_argument("--out", type=Path, default=Path("grades.csv"), metavar="CSV",
                       help="the grade table (default: grades.csv)")
    grade.add_argument("--feedback", type=Path, default=None, metavar="FEEDBACK",
                       help="folder for the feedback files (default: feedback/ next to --out)")
    grade.add_argument("--course", type=Path, default=COURSE_DIR, metavar="DIR",
                       help="the course's own notebooks, with solutions (default: this repository's notebooks/)")
    grade.add_argument("--notebooks", nargs="+", default=None, metavar="NAME",
                       help="grade only these lessons (default: every lesson some student handed in)")
    grade.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                       help="seconds allowed to run one student's notebook (default: 120)")
    grade.add_argument("--jobs", type=int, default=1, metavar="N", help="notebooks graded at the same time (default: 1)")
    grade.add_argument("--kernel", default=KERNEL, help=f"Jupyter kernel to run them in (default: {KERNEL})")
    grade.set_defaults(run=_grade)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
