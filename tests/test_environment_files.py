"""pyproject.toml is the source of truth; environment.yml, the Makefile and CI must agree with it."""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def requirement_map(lines):
    out = {}
    for line in lines:
        match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(>=\s*[0-9][^\s,;]*)?\s*", line)
        assert match, f"cannot read the requirement {line!r}"
        out[match.group(1).lower()] = (match.group(2) or "").replace(" ", "")
    return out


def pyproject_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return requirement_map(project["dependencies"] + project["optional-dependencies"]["test"])


# conda-forge names that differ from the PyPI name of the same package.
CONDA_TO_PYPI = {"python-isal": "isal"}


def environment_requirements():
    text = (ROOT / "environment.yml").read_text()
    section = text.split("dependencies:", 1)[1]
    conda = [line.strip()[2:] for line in section.splitlines() if re.match(r"^  - [A-Za-z]", line)]
    found = requirement_map([c for c in conda if not c.startswith(("python=", "pip"))])
    return {CONDA_TO_PYPI.get(name, name): bound for name, bound in found.items()}


def test_environment_yml_lists_the_same_packages_and_bounds_as_pyproject():
    assert environment_requirements() == pyproject_requirements()


def test_environment_yml_is_for_binder_and_conda():
    text = (ROOT / "environment.yml").read_text()
    assert "- conda-forge" in text and "defaults" not in text
    assert "- python=3.12" in text
    assert re.search(r"- pip:\s*\n\s*- -e \.", text), "the course installs itself through the pip section"


def test_every_dependency_has_a_lower_bound():
    assert all(bound.startswith(">=") for bound in pyproject_requirements().values())


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme


def test_declared_python_floor_installs_every_declared_floor():
    """Each package installed at exactly its declared floor (as in `make test-min`) must accept the course's
    lowest declared Python; packages installed above their floor are not the floor and are not judged."""
    from importlib import metadata

    from packaging.specifiers import SpecifierSet
    from packaging.version import Version

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    python_floor = Version(re.fullmatch(r">=\s*([0-9.]+)", project["requires-python"])[1])
    judged = 0
    for name, bound in requirement_map(project["dependencies"]).items():
        floor = Version(bound[2:])
        try:
            meta = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            continue
        if Version(meta["Version"]) != floor:
            continue
        judged += 1
        needs = meta.get("Requires-Python")
        if needs:
            assert python_floor in SpecifierSet(needs), (
                f"{name} {floor} needs Python {needs}, but requires-python declares {python_floor}")
    if judged == 0:
        pytest.skip("no package is installed at its declared floor here; `make test-min` judges them")
