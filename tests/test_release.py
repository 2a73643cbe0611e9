"""The student version: solution regions replaced exactly as nbgrader does, and every lesson still runs."""

import json
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from instructor.authoring import code, exercise, md, notebook
from instructor.cli import main
from instructor.execution import kernel_env
from instructor.release import (
    CODE_STUB,
    RAISES,
    ReleaseError,
    is_answer,
    is_check,
    raises_when_run,
    release_notebook,
    remove_hidden_tests,
    replace_solution_region,
    student_version,
)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
START = ROOT / "notebooks" / "00-start-here.ipynb"


# --- the stub, as nbgrader's ClearSolutions writes it ------------------------------------------------

def test_a_function_body_keeps_its_indentation():
    source = ('def foo(bar):\n    """Prints `bar`."""\n    ### BEGIN SOLUTION\n    print(bar)\n'
              '    ### END SOLUTION')
    new, replaced = replace_solution_region(source)
    assert replaced
    assert new == ('def foo(bar):\n    """Prints `bar`."""\n    # YOUR CODE HERE\n'
                   '    raise NotImplementedError()')


def test_a_value_exercise_keeps_the_line_before_the_region():
    source = "answer = None\n### BEGIN SOLUTION\nanswer = 'd'\n### END SOLUTION\nprint(answer)"
    assert replace_solution_region(source) == (
        "answer = None\n# YOUR CODE HERE\nraise NotImplementedError()\nprint(answer)", True)


def test_nested_regions_and_deep_indentation():
    source = ("class A:\n    def f(self):\n        if True:\n            ### BEGIN SOLUTION\n            return 1\n"
              "            ### END SOLUTION\n    def g(self):\n\t### BEGIN SOLUTION\n\treturn 2\n\t### END SOLUTION")
    new, _ = replace_solution_region(source)
    assert new == ("class A:\n    def f(self):\n        if True:\n            # YOUR CODE HERE\n"
                   "            raise NotImplementedError()\n    def g(self):\n\t# YOUR CODE HERE\n"
                   "\traise NotImplementedError()")


def test_markers_count_with_any_comment_mark():
    assert replace_solution_region("x = 1\n# BEGIN SOLUTION\nx = 2\n# END SOLUTION")[0] == \
        "x = 1\n# YOUR CODE HERE\nraise NotImplementedError()"


def test_no_region_means_no_change():
    assert replace_solution_region("x = 1\n") == ("x = 1\n", False)


@pytest.mark.parametrize("source, phrase", [
    ("### BEGIN SOLUTION\nx = 1", "never closed"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "nested"),
])
def test_malformed_regions_are_refused(source, phrase):
    with pytest.raises(ReleaseError, match=phrase):
        replace_solution_region(source)


def test_hidden_tests_are_removed_with_their_markers():
    source = 'check("01.1", f)\n### BEGIN HIDDEN TESTS\nassert f(2) == 4\n### END HIDDEN TESTS'
    assert remove_hidden_tests(source) == ('check("01.1", f)', True)


@pytest.mark.parametrize("source, raises", [
    (CODE_STUB, True),
    ("x = None\n" + CODE_STUB, True),
    ("def f(w):\n    # YOUR CODE HERE\n    raise NotImplementedError()", False),
    ("g = lambda: (_ for _ in ()).throw(NotImplementedError())", False),
    ("for i in range(2):\n    raise NotImplementedError", True),
    ("x = 1", False),
])
def test_which_stubs_raise_when_the_cell_runs(source, raises):
    assert raises_when_run(source) is raises


# --- a whole notebook --------------------------------------------------------------------------------

def small_lesson():
    return notebook([
        md("# Lesson"),
        code("import numpy as np\nimport helpers\nprint('ready')"),
        *exercise("00.1", "Write `squared_l2_norm(w)`.",
                  "def squared_l2_norm(w):\n    ### BEGIN SOLUTION\n    return float(np.sum(np.square(w)))\n"
                  "    ### END SOLUTION", 'helpers.check("00.1", squared_l2_norm)'),
        *exercise("00.9", "Set `value`.", "value = None\n### BEGIN SOLUTION\nvalue = 3\n### END SOLUTION",
                  "print(value)\n### BEGIN HIDDEN TESTS\nassert value == 3\n### END HIDDEN TESTS"),
    ])


def executed(nb):
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="stored\n")]
            cell.execution_count = 1
    return nb


def test_student_version_of_a_notebook():
    source = executed(small_lesson())
    source.metadata["celltoolbar"] = "Create Assignment"
    student, report = student_version(source)
    assert report.exercises == ["00.1", "00.9"] and report.tagged == ["answer-00-9"]
    cells = student.cells
    answer, check = cells[3], cells[4]
    assert answer.source == "def squared_l2_norm(w):\n    # YOUR CODE HERE\n    raise NotImplementedError()"
    assert "jupyter" not in answer.metadata and answer.metadata["deletable"] is False
    assert answer.metadata["nbgrader"] == source.cells[3].metadata["nbgrader"]
    assert answer.outputs == [] and answer.execution_count is None
    assert check.outputs == [] and check.metadata["editable"] is False and check.metadata["deletable"] is False
    assert cells[2].metadata["editable"] is False  # the task
    assert cells[6].metadata["tags"] == [RAISES] and cells[6].source.endswith(CODE_STUB)
    assert cells[7].source == "print(value)"
    assert cells[1].outputs == source.cells[1].outputs and cells[1].execution_count == 1  # kept as it was
    assert "celltoolbar" not in student.metadata
    assert "BEGIN SOLUTION" in source.cells[3].source  # the source is not touched


def test_an_answer_cell_without_markers_becomes_the_stub_and_a_region_elsewhere_is_refused():
    nb = small_lesson()
    nb.cells[3].source = "def squared_l2_norm(w):\n    return 0"
    student, _ = student_version(nb)
    assert student.cells[3].source == CODE_STUB
    nb.cells[1].source += "\n### BEGIN SOLUTION\n### END SOLUTION"
    with pytest.raises(ReleaseError, match="cell 1.*outside an answer cell"):
        student_version(nb)


def test_release_command_writes_student_versions_and_never_over_the_source(tmp_path, capsys):
    nbformat.write(small_lesson(), tmp_path / "10-small.ipynb")
    assert main(["release", str(tmp_path / "10-small.ipynb"), str(START), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "2 exercises without solutions (00.1, 00.9)" in out
    released = nbformat.read(tmp_path / "out" / "00-start-here.ipynb", as_version=4)
    assert not any("BEGIN SOLUTION" in c.source for c in released.cells)
    assert main(["release", str(tmp_path / "10-small.ipynb"), "--out", str(tmp_path)]) == 1
    assert "would overwrite the source" in capsys.readouterr().err
    assert "BEGIN SOLUTION" in (tmp_path / "10-small.ipynb").read_text()


def test_release_help_shows_the_stub(capsys):
    with pytest.raises(SystemExit):
        main(["release", "--help"])
    assert "raise NotImplementedError()" in capsys.readouterr().out


# --- every lesson of the course, released, runs top to bottom -----------------------------------------

def run_released(path, out_dir):
    """Release ``path`` and run the student version top to bottom; return it executed, or the error."""
    released, report = release_notebook(path, out_dir)
    nb = nbformat.read(released, as_version=4)
    try:
        with tempfile.TemporaryDirectory() as workdir:  # a folder of its own, as a student's copy would be
            NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": workdir}}
                           ).execute(env=kernel_env())  # raises at the first error not tagged raises-exception
    except Exception as exc:  # noqa: BLE001 - reported by the test of this notebook
        return nb, report, exc
    return nb, report, None


@pytest.fixture(scope="module")
def released_runs(tmp_path_factory):
    """Every lesson released and run, two at a time (each kernel uses one core)."""
    out = tmp_path_factory.mktemp("released")
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(NOTEBOOKS, pool.map(lambda p: run_released(p, out), NOTEBOOKS)))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_released_lesson_runs_and_every_check_says_not_attempted(path, released_runs):
    nb, report, error = released_runs[path]
    assert error is None, f"{path.name}: the student version does not run top to bottom: {error}"
    assert not any("### BEGIN SOLUTION" in c.source for c in nb.cells)
    checks = [c for c in nb.cells if is_check(c)]
    assert len(checks) == len(report.exercises) >= 1
    for cell in checks:
        text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        assert f"Exercise {cell.metadata['exercise']}: not attempted yet" in text, (path.name, text)
    for cell in nb.cells:
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if errors:
            assert is_answer(cell) and RAISES in cell.metadata.get("tags", [])
            assert errors[0].ename == "NotImplementedError"


# --- grading with nbgrader itself ---------------------------------------------------------------------

STRICT = '''
import instructor.nbgrader_checks
import helpers

def squared_l2_norm(w):
    return 0.0

try:
    helpers.check("00.1", squared_l2_norm)
except AssertionError as exc:
    print("raised:", exc)
helpers.check("00.1", lambda w: 0.0)  # a lesson's demonstration of a wrong answer only prints

def squared_l2_norm(w):
    return float(sum(x * x for x in w))

assert helpers.check("00.1", squared_l2_norm).passed
'''


def test_under_nbgrader_the_learners_own_check_raises_unless_right():
    run = subprocess.run([sys.executable, "-c", STRICT], capture_output=True, text=True, env=kernel_env(),
                         cwd=tempfile.gettempdir(), timeout=120)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("✘ Exercise 00.1: not quite") and lines[1].startswith("raised: ✘ Exercise 00.1")
    assert lines[2].startswith("✘ Exercise 00.1: not quite") and lines[3].startswith("✔ Exercise 00.1: correct")
    assert len(lines) == 4
