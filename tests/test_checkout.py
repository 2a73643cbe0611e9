"""Checkouts on other platforms: a clone made with ``core.autocrlf=true`` (Git for Windows' default)
must keep the data files byte-exact, so that every loader's checksum still passes, and keep notebooks LF."""

import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import load_curvefitting, load_diabetes, load_longley, load_prostate
from helpers.data import SHA256, read_verified

ROOT = Path(__file__).resolve().parent.parent


def _git(*args, cwd=ROOT):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def autocrlf_clone(tmp_path_factory):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    try:
        _git("rev-parse", "--git-dir")
    except subprocess.CalledProcessError:
        pytest.skip("the course is not a git checkout here")
    target = tmp_path_factory.mktemp("clone") / "course"
    # Clone the committed state with CRLF conversion switched on, as on a default Windows install.
    subprocess.run(["git", "-c", "core.autocrlf=true", "clone", "--quiet", "--no-hardlinks",
                    "--config", "core.autocrlf=true", str(ROOT), str(target)], check=True, capture_output=True)
    return target


def test_attributes_mark_the_data_as_binary_and_notebooks_as_lf():
    data = _git("check-attr", "text", "--", "data/longley.csv")
    notebook = _git("check-attr", "eol", "--", "notebooks/01-overfitting.ipynb")
    assert data.strip().endswith("text: unset")
    assert notebook.strip().endswith("eol: lf")


def test_loaders_pass_their_checksums_on_an_autocrlf_clone(autocrlf_clone):
    data_dir = autocrlf_clone / "data"
    for name in SHA256:
        assert b"\r\n" not in (data_dir / name).read_bytes(), f"{name} was checked out with CRLF"
        read_verified(name, data_dir)
    assert load_curvefitting(data_dir).X.shape == (10, 1)
    assert load_prostate(data_dir).X.shape == (97, 8)
    assert load_longley(data_dir).X.shape == (16, 6)
    assert load_diabetes(data_dir).X.shape == (442, 10)


def test_restoring_the_data_on_an_autocrlf_clone_keeps_it_byte_exact(autocrlf_clone):
    # The loaders' error message suggests `git checkout -- data/`: on such a clone it must restore LF bytes.
    target = autocrlf_clone / "data" / "longley.csv"
    target.write_bytes(target.read_bytes().replace(b"\n", b"\r\n"))
    _git("checkout", "--", "data/", cwd=autocrlf_clone)
    read_verified("longley.csv", autocrlf_clone / "data")


def test_notebooks_stay_lf_on_an_autocrlf_clone(autocrlf_clone):
    notebooks = sorted((autocrlf_clone / "notebooks").glob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        assert b"\r\n" not in path.read_bytes(), f"{path.name} was checked out with CRLF"
