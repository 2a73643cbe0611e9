""".ci/minimum_versions.py reads the declared floors on every Python the course declares (3.10 has no tomllib)."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

# The reference reader where Python has one (3.11+); on 3.10 the tests that compare with it are skipped.
tomllib = pytest.importorskip("tomllib") if sys.version_info >= (3, 11) else None
needs_tomllib = pytest.mark.skipif(tomllib is None, reason="Python 3.10 has no tomllib to compare with")

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / ".ci" / "minimum_versions.py"
spec = importlib.util.spec_from_file_location("minimum_versions", SCRIPT)
minimum_versions = importlib.util.module_from_spec(spec)
spec.loader.exec_module(minimum_versions)
reader = minimum_versions.read_dependencies_without_tomllib


@needs_tomllib
def test_the_fallback_reader_reads_pyproject_as_tomllib_does():
    text = (ROOT / "pyproject.toml").read_text()
    assert reader(text) == tomllib.loads(text)["project"]["dependencies"]


def test_the_script_prints_the_same_constraints_without_tomllib():
    # As on Python 3.10: ``import tomllib`` fails, so the script must fall back to its own reader.
    blocked = ("import runpy, sys; sys.modules['tomllib'] = None; "
               f"runpy.run_path({str(SCRIPT)!r}, run_name='__main__')")
    with_tomllib = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, check=True)
    without = subprocess.run([sys.executable, "-c", blocked], capture_output=True, text=True, check=True)
    assert without.stdout == with_tomllib.stdout
    assert "numpy==" in without.stdout


def test_the_fallback_reader_keeps_to_the_project_table():
    text = '''
[tool.other]
dependencies = ["not-this>=1"]

[project]
name = "x"  # a comment
dependencies = [
    "numpy>=1.26",   # why this floor
    'scikit-learn>=1.5', "has#hash>=2",
]

[project.optional-dependencies]
test = ["pytest>=8"]
'''
    assert reader(text) == ["numpy>=1.26", "scikit-learn>=1.5", "has#hash>=2"]
    if tomllib is not None:
        assert reader(text) == tomllib.loads(text)["project"]["dependencies"]
    assert reader('[project]\ndependencies = ["a>=1", "b>=2"]\n') == ["a>=1", "b>=2"]


@pytest.mark.parametrize("text, message", [
    ('[project]\nname = "x"\n', "no \\[project\\] dependencies"),
    ('[tool.x]\ndependencies = ["a>=1"]\n', "no \\[project\\] dependencies"),
    ('[project]\ndependencies = [a>=1]\n', "cannot read"),
    ('[project]\ndependencies = [1, 2]\n', "list of strings"),
    ('[project]\ndependencies = ["a\\u0041>=1"]\n', "escapes"),
])
def test_the_fallback_reader_refuses_what_it_cannot_read(text, message):
    with pytest.raises(ValueError, match=message):
        reader(text)
