"""The grader's pieces on their own: data crossing the sandbox, file intake, the sandbox, the tables, the report.

The whole class, honest and hostile, is graded end to end in ``test_grading_class.py``.
"""

from __future__ import annotations

import base64
import io
import json
import os
import sys
from pathlib import Path

import numpy as np
import pytest
from sandbox_probe import probe_source  # tests/ is on sys.path (rootdir-relative import)

from helpers.exercises import framework as judging
from instructor.cli import main
from instructor.execution import ExerciseResult, NotebookGrade, data_of
from instructor.gradebook import ClassGrades, StudentGrade, feedback_text
from instructor.report import report_text
from instructor.sandbox import Limits, run_in_sandbox, sandbox_problem
from instructor.sandboxed import datacodec
from instructor.submissions import collect_class, read_submission
from instructor.tables import table_text, write_tables

ROOT = Path(__file__).resolve().parent.parent
needs_sandbox = pytest.mark.skipif(sandbox_problem() is not None, reason=f"no sandbox: {sandbox_problem()}")


# --- data across the sandbox's wall ------------------------------------------------------------------

@pytest.mark.parametrize("value", [None, True, 3, -2**70, 0.25, float("inf"), "λ/2", (1, [2.5, "a"]),
                                   np.arange(6.0).reshape(2, 3), np.float64(1.5), np.int32(-4), np.array(True)])
def test_data_round_trips_exactly(value):
    back = datacodec.decode(json.loads(json.dumps(datacodec.encode(value))))
    assert type(back) is type(value)
    assert datacodec.same_data(back, value)


def test_nan_round_trips():
    assert np.isnan(datacodec.decode(datacodec.encode(float("nan"))))


class Hostile(str):
    def __eq__(self, other):
        raise AssertionError("a method of the student's object was called")

    __hash__ = str.__hash__

    def __str__(self):
        raise AssertionError("a method of the student's object was called")


class HostileArray(np.ndarray):
    def __array__(self, *args, **kwargs):
        raise AssertionError("a method of the student's object was called")


@pytest.mark.parametrize("value, name", [(Hostile("1"), "Hostile"), (np.zeros(2).view(HostileArray), "HostileArray"),
                                         ({"a": 1}, "dict"), (print, "builtin_function_or_method"),
                                         (np.array([object()]), "ndarray of dtype object")])
def test_anything_but_data_is_unserializable_without_calling_it(value, name):
    assert datacodec.encode(value) == {"t": "unserializable", "type": name}


def test_values_past_the_caps_are_refused():
    with pytest.raises(datacodec.TooLarge):
        datacodec.encode(list(range(datacodec.MAX_NODES + 1)))
    with pytest.raises(datacodec.TooLarge):
        datacodec.encode(np.zeros(datacodec.MAX_ARRAY_BYTES // 2), datacodec.Budget(array_bytes=2**20))


def _npy(arr, allow_pickle=False) -> str:
    buffer = io.BytesIO()
    np.save(buffer, arr, allow_pickle=allow_pickle)
    return base64.b64encode(buffer.getvalue()).decode()


@pytest.mark.parametrize("node", [
    None, [], "x", {"t": 3}, {"t": "float", "v": 0.5}, {"t": "int", "v": "9" * 5000}, {"t": "tuple", "items": "ab"},
    {"t": "ndarray", "npy": "!!!"}, {"t": "ndarray", "npy": _npy(np.array([{"a": 1}], dtype=object), True)},
    {"t": "ndarray", "npy": _npy(np.zeros(2, dtype=[("a", "f8")]))}, {"t": "raised", "type": "X", "message": "m"},
    {"t": "mystery"},
])
def test_malformed_data_decodes_to_unserializable_and_never_raises(node):
    assert isinstance(datacodec.decode(node), datacodec._Unserializable)


def test_deep_nesting_is_refused():
    node = {"t": "none"}
    for _ in range(datacodec.MAX_DEPTH + 2):
        node = {"t": "list", "items": [node]}
    assert "Unserializable" in repr(datacodec.decode(node))


# --- records into the judge's data -------------------------------------------------------------------

class _Kind:
    def __init__(self, kind):
        self.kind = kind


def test_records_become_the_judges_data():
    assert data_of(None, _Kind("value")) is judging.NOT_ATTEMPTED
    assert data_of({"status": "not attempted"}, _Kind("function")) is judging.NOT_ATTEMPTED
    assert data_of({"status": "answered", "kind": "function"}, _Kind("value")) == judging.Unserializable(
        "malformed record")
    value = data_of({"status": "answered", "kind": "choice", "value": datacodec.encode("2")}, _Kind("choice"))
    assert type(value) is str and value == "2"
    record = {"status": "answered", "kind": "function", "callable": True, "type_name": "function",
              "returned": [datacodec.encode(1.5), {"t": "raised", "type": "ValueError", "message": "no"},
                           {"t": "unserializable", "type": "Liar"}], "mutated": [False, False, True]}
    outputs = data_of(record, _Kind("function"))
    assert outputs == judging.FunctionOutputs(True, "function", [1.5, judging.Raised("ValueError", "no"),
                                                                 judging.Unserializable("Liar")], [False, False, True])
    record["mutated"] = [0, 1, 2]
    assert data_of(record, _Kind("function")) == judging.Unserializable("malformed record")


# --- file intake ----------------------------------------------------------------------------------------

NOTEBOOK = json.dumps({"cells": [{"cell_type": "code", "source": "x = 1", "metadata": {
    "nbgrader": {"grade_id": "answer-01-1"}}}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_links_devices_pipes_and_oversized_files_are_refused(tmp_path):
    subs, outside = tmp_path / "subs", tmp_path / "outside"
    for name in ("ok", "link", "hard", "pipe", "big", "pair-a", "pair-b"):
        (subs / name).mkdir(parents=True)
    outside.mkdir()
    (subs / "ok" / "a.ipynb").write_text(NOTEBOOK)
    (subs / "link" / "a.ipynb").symlink_to(subs / "ok" / "a.ipynb")
    (outside / "a.ipynb").write_text(NOTEBOOK)
    os.link(outside / "a.ipynb", subs / "hard" / "a.ipynb")
    os.mkfifo(subs / "pipe" / "a.ipynb")
    (subs / "big" / "a.ipynb").write_text(NOTEBOOK + " " * 2048)
    (subs / "pair-a" / "a.ipynb").write_text(NOTEBOOK)
    os.link(subs / "pair-a" / "a.ipynb", subs / "pair-b" / "a.ipynb")   # both links inside: read
    (subs / "folder-link").symlink_to(subs / "ok")
    students, stray = collect_class(subs, limit=2048)
    problems = {s.name: s.notebooks[0].problem for s in students}
    assert problems["ok"] is None and problems["pair-a"] is None and problems["pair-b"] is None
    assert "symbolic link" in problems["link"]
    assert "hard link to a file outside" in problems["hard"]
    assert "not a regular file" in problems["pipe"]
    assert "larger than" in problems["big"]
    assert stray == ["folder-link (a symbolic link, not followed)"]
    ok = next(s for s in students if s.name == "ok")
    assert [c.grade_id for c in ok.notebooks[0].cells] == ["answer-01-1"]


def test_a_broken_notebook_is_described_not_raised(tmp_path):
    path = tmp_path / "a.ipynb"
    path.write_text(NOTEBOOK[:40])
    assert "not valid notebook JSON" in read_submission(path).problem
    path.write_bytes(b"\x89PNG\r\n")
    assert "not text" in read_submission(path).problem


# --- the sandbox ----------------------------------------------------------------------------------------



@needs_sandbox
def test_the_sandbox_sees_only_what_a_lesson_needs(tmp_path):
    limits = Limits(memory=2**31, processes=64, file_size=2**20)
    run = run_in_sandbox([sys.executable, "-c", probe_source(ROOT)], tmp_path,
                         wall_timeout=60, limits=limits)
    assert run.returncode == 0, run.stderr
    facts = run.messages[-1]
    assert facts["uid"] != 0 or os.geteuid() != 0
    assert facts["pids"] == [1, 2] or len(facts["pids"]) <= 3   # its own PID namespace
    assert set(facts["root"]) <= {"usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "etc", "proc", "dev",
                                  "tmp", "grader", "in", *Path(sys.prefix).parts[1:2], *Path(sys.base_prefix).parts[1:2],
                                  *ROOT.parts[1:2]}
    assert facts["exercises"] == ["__init__.py"]       # the stand-in, not the reference solutions
    assert "notebooks" not in facts["repo"] and "instructor" not in facts["repo"] and "tests" not in facts["repo"]
    assert facts["home"] is False and facts["network"] is False and facts["write_helpers"] is False
    assert facts["tmp"] is True
    assert facts["limits"] == [2**31, 64, 2**20]


STAND_IN = r'''
import json
import helpers
from helpers.exercises import catalog, check
result = helpers.check("00.1", lambda w: 0.0)
try:
    import helpers.exercises.framework
    framework = "importable"
except ImportError:
    framework = "missing"
print(json.dumps({"passed": result.passed, "status": result.status, "catalog": catalog(), "framework": framework,
                  "same": check is helpers.check}))
'''


@needs_sandbox
def test_the_lessons_check_is_a_stand_in_that_only_records(tmp_path):
    run = run_in_sandbox([sys.executable, "-c", STAND_IN], tmp_path, wall_timeout=60, limits=Limits())
    assert run.returncode == 0, run.stderr
    assert run.messages == [{"passed": False, "status": "judged after the run", "catalog": [],
                             "framework": "missing", "same": True}]


@needs_sandbox
def test_processes_left_behind_die_with_the_sandbox(tmp_path):
    marker = tmp_path / "late"
    code = ("import os, time\nif os.fork() == 0:\n    os.setsid()\n    time.sleep(3)\n"
            f"    open({str(marker)!r}, 'w').close()\n    os._exit(0)\nprint('{{}}')")
    run = run_in_sandbox([sys.executable, "-c", code], tmp_path, wall_timeout=60, limits=Limits())
    assert run.returncode == 0, run.stderr
    import time
    time.sleep(4)
    assert not marker.exists()


@needs_sandbox
def test_output_past_the_cap_stops_the_sandbox(tmp_path, monkeypatch):
    import instructor.sandbox as sandbox

    monkeypatch.setattr(sandbox, "MAX_OUTPUT", 2**20)
    code = "import sys\nwhile True:\n    sys.stdout.write('x' * 65536 + '\\n')"
    run = run_in_sandbox([sys.executable, "-c", code], tmp_path, wall_timeout=60, limits=Limits())
    assert run.killed == "output"


def test_grade_refuses_without_a_sandbox_unless_told(tmp_path, monkeypatch, capsys):
    import instructor.cli as cli

    monkeypatch.setattr(cli, "sandbox_problem", lambda: "bubblewrap (bwrap) is not installed")
    (tmp_path / "subs").mkdir()
    assert main(["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "out" / "grades.csv")]) == 3
    err = capsys.readouterr().err
    assert "cannot grade safely: bubblewrap (bwrap) is not installed" in err and "--no-sandbox" in err
    assert not (tmp_path / "out").exists()
    assert main(["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "out" / "grades.csv"), "--no-sandbox",
                 "--notebooks", "00-start-here"]) == 0
    err = capsys.readouterr().err
    assert "WARNING: --no-sandbox" in err and "read the reference solutions" in err


def test_limits_must_be_positive_integers():
    with pytest.raises(ValueError, match="limit memory must be a positive integer"):
        Limits(memory=0)


# --- the tables, the feedback and the report -------------------------------------------------------------

def small_class() -> ClassGrades:
    def result(ex, points, status, mistake=None):
        return ExerciseResult(ex, status, points, 1.0 if ex != "02.2" else 2.0, f"{ex}: {status}", mistake=mistake)

    ada = StudentGrade("ada", [NotebookGrade("01-overfitting.ipynb", [result("01.1", 1.0, "passed")]),
                               NotebookGrade("02-penalized-objective.ipynb",
                                             [result("02.1", 1.0, "passed"), result("02.2", 0.0, "failed", "λ/2")])])
    bo = StudentGrade("bo", [NotebookGrade("01-overfitting.ipynb", [result("01.1", 0.0, "missing")], handed_in=False),
                             NotebookGrade("02-penalized-objective.ipynb",
                                           [result("02.1", 0.0, "failed", "penalized the intercept"),
                                            result("02.2", 0.0, "failed", "λ/2")])])
    return ClassGrades([("01.1", 1.0), ("02.1", 1.0), ("02.2", 2.0)], [ada, bo], [],
                       [("01-overfitting.ipynb", ["01.1"]), ("02-penalized-objective.ipynb", ["02.1", "02.2"])])


def test_grades_csv_has_maxima_lesson_totals_and_percentages():
    assert table_text(small_class()) == (
        "student,01.1,lesson 01,02.1,02.2,lesson 02,total,percent\n"
        "(max),1,1,1,2,3,4,100\n"
        "ada,1,1,1,0,1,2,50.0\n"
        "bo,0,0,0,0,0,0,0.0\n")


def test_canvas_and_moodle_formats():
    assert table_text(small_class(), "canvas") == (
        "Student,ID,SIS User ID,SIS Login ID,Section,01-overfitting,02-penalized-objective\n"
        "Points Possible,,,,,1,3\n"
        "ada,,,ada,,1,1\n"
        "bo,,,bo,,0,0\n")
    assert table_text(small_class(), "moodle") == (
        "Username,01-overfitting,02-penalized-objective\nada,1,1\nbo,0,0\n")
    with pytest.raises(ValueError, match="fmt must be one of csv, canvas, moodle"):
        table_text(small_class(), "excel")


def test_tables_are_written_atomically_beside_each_other(tmp_path):
    written = write_tables(small_class(), tmp_path / "grades.csv", "canvas")
    assert [p.name for p in written] == ["grades.csv", "grades-canvas.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grades-canvas.csv", "grades.csv"]


def test_feedback_mentions_only_lessons_handed_in():
    text = feedback_text(small_class().students[1], 4.0)
    assert "02-penalized-objective" in text and "01-overfitting" not in text


def test_the_report_counts_passes_and_names_common_mistakes():
    text = report_text(small_class())
    assert "| 01.1 | 01-overfitting.ipynb | 1 / 1 | 0 | – |" in text
    assert "| 02.2 | 02-penalized-objective.ipynb | 0 / 2 | 0 | λ/2 (2) |" in text
    assert "| 02.1 | 02-penalized-objective.ipynb | 1 / 2 | 0 | penalized the intercept (1) |" in text
    assert "- 02.2 (02-penalized-objective.ipynb): 0 of 2 passed, most often: λ/2." in text
