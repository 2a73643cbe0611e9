"""Hand out the exercises without their solutions, then grade what the students hand back.

    python -m instructor release [NOTEBOOKS...] --out DIR
    python -m instructor grade SUBMISSIONS_DIR --out grades.csv

``release`` writes the student version of each notebook (every lesson in notebooks/ by default) to
DIR. ``grade`` runs every student's notebooks, each in its own sandbox, and writes grades.csv, a
class report and a feedback file per student.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .execution import REPO_ROOT
from .release import ReleaseError, release_notebook
from .sandbox import MISSING_PROTECTIONS, Limits, sandbox_problem
from .tables import FORMATS

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

A notebook saved under another name is recognized by the exercises in it. Every file is read before
any student's code runs; symbolic links, hard links to files outside SUBMISSIONS_DIR, devices, pipes
and files over 20 MB are refused with the reason in the feedback.

Each notebook is rebuilt from the course's own version of the lesson, with only the student's answer
cells taken over, and runs in a sandbox of its own (bubblewrap): no network, a read-only view of only
Python, its packages and the course's helpers/ and data/ (not the checks, not the other submissions,
not the output folder), a private /tmp, its own process namespace, and the limits below. The kernel
only writes each answer down as data; the course's checks judge that data in the grader's process
afterwards. An answer that runs out of time or hits a limit scores 0 and the notebook is run again
without it. Identical answers to a lesson (blank notebooks, say) are run once.

Writes grades.csv (a row of maximum points, one row per student, one column per exercise with the
points scored, each lesson's total, the total and the percentage), with --format canvas|moodle also
grades-canvas.csv or grades-moodle.csv, report.md and report.png (what the class passed and the most
common mistakes), and FEEDBACK/<student>.md. Everything is written once, at the end. A broken or
hostile submission never stops the run.

Without bubblewrap (macOS, Windows, a Linux without user namespaces) grading stops unless
--no-sandbox is given.
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
    from .execution import Settings
    from .gradebook import grade_class, summary, write_feedback
    from .report import write_report
    from .tables import write_tables

    if not args.submissions.is_dir():
        print(f"no such folder: {args.submissions}", file=sys.stderr)
        return 2
    problem = sandbox_problem()
    if problem is not None and not args.no_sandbox:
        print(f"cannot grade safely: {problem}.\nInstall bubblewrap, or pass --no-sandbox to grade without "
              "the sandbox (only for work you trust).", file=sys.stderr)
        return 3
    if args.no_sandbox:
        print(f"WARNING: --no-sandbox: {MISSING_PROTECTIONS}.", file=sys.stderr)
    try:
        limits = Limits(memory=int(args.memory * 2**20), cpu=int(args.cpu), processes=int(args.processes),
                        file_size=int(args.file_size * 2**20))
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    settings = Settings(timeout=args.timeout, limits=limits, sandbox=not args.no_sandbox)
    feedback_dir = args.feedback or args.out.parent / "feedback"
    start = time.perf_counter()

    def progress(student, grade):
        if grade.handed_in:
            print(f"  {student} / {grade.notebook}: {grade.points:g} of "
                  f"{sum(r.max_points for r in grade.results):g} points", flush=True)

    try:
        grades = grade_class(args.submissions, args.course, notebooks=args.notebooks, settings=settings,
                             jobs=args.jobs, progress=progress)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    tables = write_tables(grades, args.out, args.format)
    written = write_feedback(grades, feedback_dir)
    report = write_report(grades, args.out.parent)
    print()
    print(summary(grades))
    print(f"\n{', '.join(map(str, tables))}: {len(grades.students)} students, {len(grades.exercises)} exercises; "
          f"{report[0]}; feedback in {feedback_dir}/ ({len(written)} files); {grades.runs} notebook runs; "
          f"{time.perf_counter() - start:.0f} s")
    return 0


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="python -m instructor", description=__doc__,
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
    grade.add_argument("--format", choices=FORMATS, default="csv",
                       help="also write the table in Canvas's or Moodle's import format (default: csv only)")
    defaults = Limits()
    grade.add_argument("--memory", type=float, default=defaults.memory / 2**20, metavar="MB",
                       help=f"memory per process in the sandbox (default: {defaults.memory // 2**20})")
    grade.add_argument("--cpu", type=int, default=defaults.cpu, metavar="SECONDS",
                       help=f"CPU seconds per process in the sandbox (default: {defaults.cpu})")
    grade.add_argument("--processes", type=int, default=defaults.processes, metavar="N",
                       help=f"processes and threads in the sandbox (default: {defaults.processes})")
    grade.add_argument("--file-size", type=float, default=defaults.file_size / 2**20, metavar="MB",
                       help=f"size of one file written in the sandbox (default: {defaults.file_size // 2**20})")
    grade.add_argument("--no-sandbox", action="store_true",
                       help="grade without the sandbox where none is available (says what is then unprotected)")
    grade.set_defaults(run=_grade)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
