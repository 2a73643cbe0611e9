"""A whole class graded in the sandbox: honest students get exactly their points, attackers nothing more.

The class is built here from the course's own notebooks (every ``notebooks/NN-*.ipynb`` with
exercises, found by discovery), and each attack from the exercises those notebooks hold. Honest
students: all right, blank, partial, wrong, a renamed file, a nested folder. Every attack is bounded
by the test itself (a few hundred processes at most, memory asked for only when a limit is in place),
so that a limit that fails cannot take the machine down.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import hashlib
import io
import os
import socket
import stat
import subprocess
import textwrap
import time
from pathlib import Path

import nbformat
import pytest

from helpers.exercises import catalog
from helpers.exercises.framework import registry
from instructor.cli import main
from instructor.execution import CourseNotebook
from instructor.sandbox import sandbox_problem

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60  # seconds per notebook; the slowest lesson takes about a quarter of it here
pytestmark = [pytest.mark.grading,
              pytest.mark.skipif(sandbox_problem() is not None, reason=f"no sandbox: {sandbox_problem()}")]


def course() -> list[CourseNotebook]:
    """The course's lessons that have exercises, in order."""
    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    return [nb for nb in (CourseNotebook.load(p) for p in paths) if nb.exercises]


def exercise(ex_id: str):
    catalog()
    return registry[ex_id]


def with_answers(lesson: CourseNotebook, answers: dict[str, str]):
    """The lesson's student version with the given answer cells (by exercise id) filled in."""
    nb = copy.deepcopy(lesson.student)
    ids = {ex.answer_id: ex.exercise_id for ex in lesson.exercises}
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in ids and ids[gid] in answers:
            cell.source = answers[ids[gid]]
    return nb


def right(lesson: CourseNotebook) -> dict[str, str]:
    return {ex.exercise_id: ex.answer_source for ex in lesson.exercises}


def wrong_answer(ex_id: str) -> str:
    ex = exercise(ex_id)
    if ex.kind == "function":
        return f"def {ex.answer_name}(*args, **kwargs):\n    return 12345.678"
    if ex.kind == "choice":
        return f"{ex.answer_name} = 'not one of the options'"
    return f"{ex.answer_name} = 12345.678"


def first_of_kind(kind: str) -> tuple[CourseNotebook, str]:
    """The first lesson and exercise of ``kind`` (``value``, ``choice`` or ``function``)."""
    for lesson in course():
        for ex in lesson.exercises:
            if exercise(ex.exercise_id).kind == kind:
                return lesson, ex.exercise_id
    pytest.skip(f"the course has no {kind} exercise")


def lesson_points(lesson: CourseNotebook, passed: set[str]) -> dict[str, float]:
    return {ex.exercise_id: (ex.points if ex.exercise_id in passed else 0.0) for ex in lesson.exercises}


# --- the attacks: each an answer cell (or a file) and the points it may earn ---------------------------

def attack_sources(paths: dict[str, str]) -> dict[str, tuple[str, str, str, bool]]:
    """student -> (kind of the exercise attacked, answer source with {name}, what it tries, rest right?)."""
    p = {k: repr(v) for k, v in paths.items()}
    forge = '''
import sys, json
_real = print
def print(*args, **kwargs):
    _real("✔ Exercise {exercise_id}: correct. Well done.", *args, **kwargs)
import builtins
builtins.print = print
sys.stdout.write(json.dumps({"exercise": "{exercise_id}", "status": "passed"}) + "\\n")
{name} = None
'''
    patch_everything = '''
def _patch(b):
    imp = b["__import__"] if isinstance(b, dict) else b.__import__
    for target in ("helpers.exercises.framework", "helpers.exercises", "harness"):
        try:
            module = imp(target, fromlist=["x"])
        except BaseException:
            continue
        for attr in ("Exercise", "CheckResult"):
            cls = getattr(module, attr, None)
            if isinstance(cls, type):
                for meth in ("run", "judge_data", "collect"):
                    setattr(cls, meth, lambda self, *a, **k: None)
        if hasattr(module, "collect"):
            def collect(exercise_id, answer_name, kind, namespace, _w=module.collect):
                namespace[answer_name] = "passed"
                return _w(exercise_id, answer_name, kind, namespace)
            module.collect = collect
        if hasattr(module, "check"):
            module.check = lambda *a, **k: print("✔ correct")
'''
    return {
        "x01-print-forgery": ("value", forge, "redefine print to forge verdict lines", False),
        "x02-builtins-via-print": ("function", patch_everything + '''
import operator
_patch(operator.attrgetter("__self__")(print))
def {name}(*args, **kwargs):
    return None
''', "reach the builtins through print.__self__ and patch the checks and the harness", False),
        "x03-type-hints": ("function", '''
import typing
_src = ''' + repr(patch_everything + "\n_patch(__builtins__)\n") + '''
class Holder:
    x: "__import__('builtins').exec(_src) or int"
try:
    typing.get_type_hints(Holder, globalns=globals())
except BaseException:
    pass
def {name}(*args, **kwargs):
    return None
''', "run the patch from a string annotation through typing.get_type_hints", False),
        "x04-ctypes": ("function", '''
import numpy as np
_src = ''' + repr(patch_everything + "\n_patch(__builtins__)\n") + '''
np.ctypeslib.ctypes.pythonapi.PyRun_SimpleString(_src.encode())
def {name}(*args, **kwargs):
    return 0.0
''', "run the patch through ctypes' PyRun_SimpleString", False),
        "x05-str-eq": ("choice", '''
class Anything(str):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    __hash__ = str.__hash__
    def strip(self, *a):
        return self
    def lower(self):
        return self
{name} = Anything("1")
''', "a str subclass whose __eq__ is always True", False),
        "x07-break-helpers": ("function", f'''
import glob, os
for path in glob.glob(os.path.join({p['repo']}, "helpers", "*.py")) + glob.glob(os.path.join({p['repo']}, "helpers", "exercises", "*.py")):
    try:
        with open(path, "a") as f:
            f.write("\\nraise ImportError('broken by a student')\\n")
    except OSError:
        pass
for path in ({p['repo_marker']}, {p['outside_marker']}):
    try:
        open(path, "w").write("written by a student")
    except OSError:
        pass
def {{name}}(*args, **kwargs):
    return 0.0
''', "append `raise ImportError` to the course's helpers/ and write into the checkout", False),
        "x08-detached-rewriter": ("function", f'''
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(8)
        for path in ({p['grades']}, {p['outside_marker']}):
            try:
                open(path, "w").write("student,total\\nx08-detached-rewriter,1000\\n")
            except OSError:
                pass
    os._exit(0)
def {{name}}(*args, **kwargs):
    return 0.0
''', "a detached process that rewrites grades.csv after the grader has exited", False),
        "x09-fromfile-thief": ("function", f'''
import numpy as np
_loot = []
for path in ({p['other_submission']}, {p['reference']}, {p['outside_secret']}, "/root/.bash_history", "/etc/passwd"):
    try:
        _loot.append(np.fromfile(path, dtype=np.uint8)[:400].tobytes().decode("utf-8", "replace"))
    except Exception as exc:
        _loot.append(type(exc).__name__)
def {{name}}(*args, **kwargs):
    raise RuntimeError("LOOT " + " | ".join(_loot))
''', "np.fromfile on another submission, the reference solutions and a secret, returned in an exception", False),
        "x10-writes-outside": ("function", f'''
import numpy as np
import matplotlib.pyplot as plt
for path in ({p['outside_png']}, {p['repo_png']}, {p['submissions_png']}):
    try:
        plt.imsave(path, np.zeros((4, 4)))
    except Exception:
        pass
for path in ({p['outside_npy']}, {p['repo_npy']}):
    try:
        np.lib.format.open_memmap(path, mode="w+", dtype=np.float64, shape=(16,))
    except Exception:
        pass
def {{name}}(*args, **kwargs):
    return 0.0
''', "plt.imsave and open_memmap outside the grading folder", False),
        "x11-30gb": ("function", '''
import resource
import numpy as np
_soft = resource.getrlimit(resource.RLIMIT_AS)[0]
if _soft == resource.RLIM_INFINITY or _soft > 16 * 2**30:
    raise SystemExit("no memory limit in place: the 30 GB allocation was not tried")
_hog = np.ones(30 * 2**30 // 8)
def {name}(*args, **kwargs):
    return float(_hog.sum())
''', "allocate 30 GB", True),
        "x12-process-bomb": ("function", '''
import os, time
_started = 0
try:
    for _ in range(400):
        if os.fork() == 0:
            time.sleep(20)
            os._exit(0)
        _started += 1
except OSError as exc:
    _stopped = type(exc).__name__
else:
    _stopped = "nothing"
def {name}(*args, **kwargs):
    raise RuntimeError(f"started {_started} processes, stopped by {_stopped}")
''', "start 400 processes", True),
        "x13-endless-loop": ("value", '''
while True:
    pass
''', "an endless loop in one answer", True),
        "x14-network": ("function", f'''
import socket
_reached = []
for host in ("127.0.0.1", "1.1.1.1"):
    try:
        socket.create_connection((host, {paths['port']} if host == "127.0.0.1" else 53), timeout=2).close()
        _reached.append(host)
    except OSError:
        pass
def {{name}}(*args, **kwargs):
    raise RuntimeError(f"NETWORK reached {{_reached}}")
''', "connect to the grader's machine and to the internet", False),
        "x15-kill-kernel": ("value", '''
import os
os._exit(1)
''', "end its own kernel in one answer", True),
        "x16-kill-everything": ("value", '''
import os, signal
for pid in os.listdir("/proc"):
    if pid.isdigit() and int(pid) != os.getpid():
        try:
            os.kill(int(pid), signal.SIGKILL)
        except OSError:
            pass
{name} = None
''', "kill every process it can see (the grader included, if it could see it)", True),
        "x17-hostile-array": ("value", '''
import numpy as np
class Liar(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)
    def __array__(self, *a, **k):
        raise SystemExit("judged by calling my methods")
    def __float__(self):
        raise SystemExit("judged by calling my methods")
{name} = np.zeros(3).view(Liar)
''', "an ndarray subclass with hostile __eq__, __array__, __float__", False),
        "x18-disk-filler": ("function", '''
import os
_written = 0
try:
    with open("/tmp/filler", "wb") as f:
        for _ in range(64):
            f.write(b"\\0" * (16 * 2**20))
            _written += 16
except OSError as exc:
    _stopped = type(exc).__name__
else:
    _stopped = "nothing"
def {name}(*args, **kwargs):
    raise RuntimeError(f"wrote {_written} MB, stopped by {_stopped}")
''', "write 1 GB into a file", False),
        "x19-forged-record": ("value", '''
import json, os
os.makedirs("/tmp/records", exist_ok=True)
for ex_id in ALL_IDS:
    with open(f"/tmp/records/{ex_id}.json", "w") as f:
        json.dump({"exercise": ex_id, "kind": "value", "status": "passed", "points": 100}, f)
{name} = None
'''.replace("ALL_IDS", repr([e.exercise_id for n in course() for e in n.exercises])),
                             "write forged answer records for every exercise", False),
    }


SPECIAL_FILES = ("x06-symlink", "x20-hard-link-outside", "x21-fifo", "x22-oversized", "x23-device")


def build_class(grading: Path, outside: Path, honest_only: bool = False) -> tuple[Path, dict[str, dict]]:
    """Write the class into ``grading/submissions``; return it and every student's expected points."""
    subs = grading / "submissions"
    lessons = course()
    expected: dict[str, dict[str, float]] = {}

    def hand_in(student, lesson, nb, name=None, folder=""):
        target = subs / student / folder
        target.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target / (name or lesson.name))

    def full(student, points):
        expected[student] = points

    all_ids = [ex.exercise_id for lesson in lessons for ex in lesson.exercises]
    zero = dict.fromkeys(all_ids, 0.0)

    # honest students
    cy = dict(zero)
    for lesson in lessons:
        half = {ex.exercise_id for i, ex in enumerate(lesson.exercises) if i % 2 == 0}
        hand_in("cy-partial", lesson, with_answers(lesson, {k: v for k, v in right(lesson).items() if k in half}))
        cy.update(lesson_points(lesson, half))
    full("cy-partial", cy)
    if honest_only:
        return subs, expected
    ada, dee = dict(zero), dict(zero)
    for lesson in lessons:
        hand_in("ada-right", lesson, with_answers(lesson, right(lesson)))
        ada.update(lesson_points(lesson, {ex.exercise_id for ex in lesson.exercises}))
        hand_in("bob-blank", lesson, lesson.student)
        hand_in("dee-wrong", lesson, with_answers(lesson, {ex.exercise_id: wrong_answer(ex.exercise_id)
                                                           for ex in lesson.exercises}))
    full("ada-right", ada)
    full("bob-blank", dict(zero))
    full("dee-wrong", dee)
    first = lessons[0]
    hand_in("eve-renamed", first, with_answers(first, right(first)), name=f"{Path(first.name).stem} (1).ipynb")
    full("eve-renamed", {**zero, **lesson_points(first, {ex.exercise_id for ex in first.exercises})})
    last = lessons[-1]
    hand_in("fay-nested", last, with_answers(last, right(last)), folder="week1")
    full("fay-nested", {**zero, **lesson_points(last, {ex.exercise_id for ex in last.exercises})})

    # the attacks on answers
    paths = {"repo": str(ROOT), "grades": str(grading / "out" / "grades.csv"),
             "repo_marker": str(ROOT / "helpers" / "STUDENT_WAS_HERE"), "outside_marker": str(outside / "marker"),
             "other_submission": str(subs / "ada-right" / first.name),
             "reference": str(ROOT / "helpers" / "exercises" / "framework.py"),
             "outside_secret": str(outside / "secret.txt"), "outside_png": str(outside / "x.png"),
             "repo_png": str(ROOT / "x.png"), "submissions_png": str(subs / "ada-right" / "x.png"),
             "outside_npy": str(outside / "x.npy"), "repo_npy": str(ROOT / "data" / "x.npy"),
             "port": str(PORT)}
    for student, (kind, source, _, rest_right) in attack_sources(paths).items():
        lesson, ex_id = first_of_kind(kind)
        answers = right(lesson) if rest_right else {}
        answers[ex_id] = textwrap.dedent(source).replace("{name}", exercise(ex_id).answer_name) \
            .replace("{exercise_id}", ex_id)
        hand_in(student, lesson, with_answers(lesson, answers))
        earned = {e.exercise_id for e in lesson.exercises if rest_right and e.exercise_id != ex_id}
        full(student, {**zero, **lesson_points(lesson, earned)})

    # the attacks on file intake
    ada_file = subs / "ada-right" / first.name
    for student in SPECIAL_FILES:
        (subs / student).mkdir(parents=True)
        full(student, dict(zero))
    (subs / "x06-symlink" / first.name).symlink_to(ada_file)
    copy_outside = outside / "solutions.ipynb"
    nbformat.write(with_answers(first, right(first)), copy_outside)
    os.link(copy_outside, subs / "x20-hard-link-outside" / first.name)
    os.mkfifo(subs / "x21-fifo" / first.name)
    with open(subs / "x22-oversized" / first.name, "wb") as f:
        f.truncate(64 * 2**20)
    try:
        os.mknod(subs / "x23-device" / first.name, 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # /dev/zero
    except OSError:  # not root: a link to the device instead
        os.symlink("/dev/zero", subs / "x23-device" / first.name)
    return subs, expected


def expected_rows(expected: dict[str, dict[str, float]]) -> list[list[str]]:
    lessons = course()
    head, top = ["student"], ["(max)"]
    for lesson in lessons:
        head += [ex.exercise_id for ex in lesson.exercises] + [f"lesson {lesson.name[:2]}"]
        top += [f"{ex.points:g}" for ex in lesson.exercises] + [f"{sum(ex.points for ex in lesson.exercises):g}"]
    available = sum(ex.points for lesson in lessons for ex in lesson.exercises)
    rows = [head + ["total", "percent"], top + [f"{available:g}", "100"]]
    for student in sorted(expected):
        points, row = expected[student], [student]
        for lesson in lessons:
            ids = [ex.exercise_id for ex in lesson.exercises]
            row += [f"{points[i]:g}" for i in ids] + [f"{sum(points[i] for i in ids):g}"]
        total = sum(points.values())
        rows.append(row + [f"{total:g}", f"{100 * total / available:.1f}"])
    return rows


def snapshot(folder: Path, skip: Path | None = None) -> dict[str, str]:
    """Every file below ``folder`` (but ``skip``) with a digest of its content, without following links."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if skip is not None and (path == skip or skip in path.parents):
            continue
        if path.is_symlink() or not path.is_file():
            found[str(path)] = "link or special"
        else:
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def git_status() -> str:
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout


PORT = 0


def grade(subs: Path, out: Path) -> tuple[int, str]:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["grade", str(subs), "--out", str(out), "--timeout", str(TIMEOUT), "--jobs", "2",
                     "--memory", "3072", "--processes", "128"])
    return code, printed.getvalue()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    global PORT
    root = tmp_path_factory.mktemp("hostile")
    grading, outside = root / "grading", root / "outside"
    grading.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("THE-INSTRUCTORS-SECRET")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    PORT = listener.getsockname()[1]
    subs, expected = build_class(grading, outside)
    before_outside, before_git = snapshot(root, skip=grading), git_status()
    out = grading / "out" / "grades.csv"
    start = time.monotonic()
    code, printed = grade(subs, out)
    elapsed = time.monotonic() - start
    table = out.read_bytes()
    connections = 0
    with contextlib.suppress(BlockingIOError):
        while True:
            listener.accept()[0].close()
            connections += 1
    time.sleep(20)  # anything left behind by a student would act now
    yield {"code": code, "printed": printed, "out": out, "table": table, "expected": expected, "root": root,
           "grading": grading, "outside": outside, "before_outside": before_outside, "before_git": before_git,
           "connections": connections, "elapsed": elapsed, "subs": subs}
    listener.close()


def test_the_whole_grade_table_is_exact(graded):
    assert graded["code"] == 0, graded["printed"]
    rows = list(csv.reader(io.StringIO(graded["table"].decode())))
    assert rows == expected_rows(graded["expected"]), graded["printed"]


def test_the_grade_table_is_unchanged_after_the_grader_has_exited(graded):
    assert graded["out"].read_bytes() == graded["table"]


def test_nothing_outside_the_grading_folder_was_created_or_changed(graded):
    assert snapshot(graded["root"], skip=graded["grading"]) == graded["before_outside"]
    assert git_status() == graded["before_git"]
    assert not (ROOT / "helpers" / "STUDENT_WAS_HERE").exists()
    assert not (graded["subs"] / "ada-right" / "x.png").exists()


def test_no_student_reached_the_network(graded):
    assert graded["connections"] == 0
    assert "NETWORK reached ['" not in feedback(graded, "x14-network")


def feedback(graded, student: str) -> str:
    return (graded["grading"] / "out" / "feedback" / f"{student}.md").read_text()


def test_stolen_files_are_not_in_the_feedback(graded):
    text = feedback(graded, "x09-fromfile-thief")
    assert "LOOT" in text
    for secret in ("THE-INSTRUCTORS-SECRET", "BEGIN SOLUTION", "registry", "root:x:0"):
        assert secret not in text


def test_limits_stop_the_memory_hog_and_the_process_bomb(graded):
    hog = feedback(graded, "x11-30gb")
    assert "no memory limit in place" not in hog
    assert "MemoryError" in hog or "made the notebook stop" in hog, hog
    bomb = feedback(graded, "x12-process-bomb")
    if "started" in bomb:
        started = int(bomb.split("started ")[1].split(" ")[0])
        assert started < 128 and "BlockingIOError" in bomb, bomb
    else:
        assert "made the notebook stop" in bomb, bomb
    filler = feedback(graded, "x18-disk-filler")
    assert "stopped by nothing" not in filler, filler


def test_refused_files_say_why(graded):
    assert "symbolic link" in feedback(graded, "x06-symlink")
    assert "hard link" in feedback(graded, "x20-hard-link-outside")
    assert "not a regular file" in feedback(graded, "x21-fifo")
    assert "larger than" in feedback(graded, "x22-oversized")
    assert "not a regular file" in feedback(graded, "x23-device") or "symbolic link" in feedback(graded, "x23-device")


def test_an_endless_or_crashing_answer_costs_only_itself(graded):
    assert "time limit" in feedback(graded, "x13-endless-loop")
    assert "made the notebook stop" in feedback(graded, "x15-kill-kernel")


def test_feedback_covers_only_the_lessons_handed_in(graded):
    lessons = course()
    text = feedback(graded, "eve-renamed")
    assert f"## {lessons[0].name}" in text
    assert all(f"## {lesson.name}" not in text for lesson in lessons[1:])
    assert "was graded as" in text


def test_the_class_report_counts_passes(graded):
    report = (graded["grading"] / "out" / "report.md").read_text()
    assert (graded["grading"] / "out" / "report.png").stat().st_size > 1000
    students_with = {ex.exercise_id: 0 for lesson in course() for ex in lesson.exercises}
    for points in graded["expected"].values():
        for ex_id, value in points.items():
            students_with[ex_id] += value > 0
    for ex_id, passed in students_with.items():
        assert f"| {ex_id} | " in report
        line = next(line for line in report.splitlines() if line.startswith(f"| {ex_id} | "))
        assert f"| {passed} / " in line, line


def test_an_honest_row_is_the_same_without_the_hostile_students(graded, tmp_path):
    subs, _ = build_class(tmp_path / "grading", tmp_path, honest_only=True)
    out = tmp_path / "grading" / "out" / "grades.csv"
    code, printed = grade(subs, out)
    assert code == 0, printed
    alone = {row[0]: row for row in csv.reader(io.StringIO(out.read_text()))}
    together = {row[0]: row for row in csv.reader(io.StringIO(graded["table"].decode()))}
    assert alone["cy-partial"] == together["cy-partial"]
    assert alone["(max)"] == together["(max)"]
