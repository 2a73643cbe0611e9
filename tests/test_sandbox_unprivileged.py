"""The grading sandbox when the grader is not root: bubblewrap makes its own user namespace, nobody switches user.

``instructor.sandbox`` has two paths. Run by root, it gives each sandbox slot a user id of its own; run
by anyone else (an instructor's own account), it asks bubblewrap for a user namespace
(``--unshare-user``) and the launcher switches no user. When the tests run as root, the sandbox tests
in ``test_grading.py`` take the first path only; this one runs a grader as the unprivileged user
``nobody`` (with util-linux's ``setpriv``), so that the second path is run and checked too.

The unprivileged grader needs a Python it may read. That is the interpreter running the tests when its
installation is readable by other users; a Python under root's home (pyenv's ``/root/.pyenv``, with
``/root`` closed to others) is not, and then the system's interpreter of the same version is used, with
the course's packages on ``PYTHONPATH``. Without either, or without ``setpriv``, the test is skipped
and says why; a sandbox that unprivileged bubblewrap cannot make (user namespaces disabled) is a skip too.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from sandbox_probe import probe_source  # tests/ is on sys.path (rootdir-relative import)

from instructor.sandbox import sandbox_problem

ROOT = Path(__file__).resolve().parent.parent
SITE_PACKAGES = Path(np.__file__).resolve().parents[1]   # where the course's packages are installed

GRADER = r'''
import json, sys
from pathlib import Path
from instructor.sandbox import Limits, _namespace_args, run_in_sandbox, sandbox_problem
problem = sandbox_problem()
report = {"problem": problem, "namespace_args": _namespace_args()}
if problem is None:
    run = run_in_sandbox([sys.executable, "-c", sys.argv[2]], Path(sys.argv[1]), wall_timeout=60,
                         limits=Limits(memory=2**31, processes=64, file_size=2**20))
    report.update(returncode=run.returncode, messages=run.messages, stderr=run.stderr)
print(json.dumps(report))
'''



def _open_to_others(path: Path) -> bool:
    """Whether a user who is neither the owner nor in the group can reach ``path`` (every folder above searchable)."""
    path = path.resolve()
    try:
        return all(folder.stat().st_mode & stat.S_IXOTH for folder in path.parents) and \
            path.stat().st_mode & (stat.S_IROTH | (stat.S_IXOTH if path.is_dir() else 0))
    except OSError:
        return False


def _unprivileged_python() -> tuple[str, dict] | None:
    """An interpreter ``nobody`` can run, and the environment that gives it the course's packages."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8"}
    if _open_to_others(Path(sys.executable)) and _open_to_others(Path(sys.base_prefix)):
        return sys.executable, {**env, "PYTHONPATH": str(ROOT)}
    system = Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")
    if system.is_file() and _open_to_others(system) and _open_to_others(SITE_PACKAGES):
        return str(system), {**env, "PYTHONPATH": os.pathsep.join([str(SITE_PACKAGES), str(ROOT)])}
    return None


def _nobody() -> tuple[int, int]:
    try:
        entry = pwd.getpwnam("nobody")
        return entry.pw_uid, entry.pw_gid
    except KeyError:
        return 65534, 65534


@pytest.mark.skipif(os.geteuid() != 0, reason="not root: the sandbox tests of test_grading.py already take "
                                              "the unprivileged path")
@pytest.mark.skipif(shutil.which("setpriv") is None, reason="setpriv (util-linux) is needed to run a grader as nobody")
@pytest.mark.skipif(sandbox_problem() is not None, reason=f"no sandbox: {sandbox_problem()}")
def test_an_unprivileged_grader_gets_the_same_walls():
    found = _unprivileged_python()
    if found is None:
        pytest.skip("no Python that the unprivileged user may read: the tests' interpreter lives where other "
                    f"users cannot reach ({sys.executable}) and there is no readable /usr/bin/python"
                    f"{sys.version_info.major}.{sys.version_info.minor}")
    if not _open_to_others(ROOT / "instructor" / "sandboxed" / "launcher.py"):
        pytest.skip(f"the course's checkout {ROOT} is not readable by other users")
    python, env = found
    uid, gid = _nobody()
    # The folder of probe inputs must be readable by the grader; pytest's tmp_path sits under a folder
    # that only root may enter.
    input_dir = Path(tempfile.mkdtemp(prefix="sandbox-unprivileged-"))
    try:
        input_dir.chmod(0o755)
        env["HOME"] = str(input_dir)
        grader = subprocess.run(
            ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--",
             python, "-c", GRADER, str(input_dir), probe_source(ROOT)],
            capture_output=True, text=True, timeout=120, env=env, cwd=input_dir)
    finally:
        shutil.rmtree(input_dir, ignore_errors=True)
    assert grader.returncode == 0, grader.stderr
    report = json.loads(grader.stdout.splitlines()[-1])
    if report["problem"] is not None:
        pytest.skip(f"unprivileged bubblewrap cannot make a sandbox here: {report['problem']}")
    assert report["namespace_args"][0] == "--unshare-user"     # the path under test
    assert report["returncode"] == 0, report["stderr"]
    facts = report["messages"][-1]
    assert facts["uid"] == uid                                  # the grader's own user: no switch, never root
    assert facts["limits"] == [2**31, 64, 2**20]                # the launcher still sets every limit
    assert len(facts["pids"]) <= 3                              # its own PID namespace
    assert "root" not in facts["root"] and "home" not in facts["root"]
    assert facts["exercises"] == ["__init__.py"]                # the stand-in, not the reference solutions
    assert facts["network"] is False and facts["write_helpers"] is False
    assert facts["tmp"] is True
