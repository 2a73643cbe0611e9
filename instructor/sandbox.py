"""One operating-system sandbox per graded notebook, with bubblewrap (``bwrap``).

Inside the sandbox the student's notebook sees, read-only, only what a lesson needs: the system's
``/usr`` (with ``/bin``, ``/lib`` as its links), the Python installation and its packages, the
course's ``helpers/`` (its ``exercises/``, which holds the reference solutions, replaced by a
stand-in that only records) and ``data/``, and the rebuilt notebook with the probe inputs. It has no
network, its own PID namespace (every process it starts dies with it), a private ``/tmp`` of bounded
size that is thrown away, and limits on memory, CPU time, processes and file size. Nothing of the
host is writable from inside: the only way out is the runner's standard output, read by the grader
with a size cap.

Run by root, the grader gives each sandbox slot a user id of its own (root is exempt from the process
limit); run by any other user, bubblewrap makes a user namespace and no user is switched. Both paths
are tested: ``tests/test_grading.py`` takes whichever the tests run as, and when that is root,
``tests/test_sandbox_unprivileged.py`` also runs a grader as ``nobody`` for the second.

Examples
--------
>>> limits = Limits()
>>> limits.memory // 2**30, limits.processes
(4, 256)
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import site
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
INSIDE = Path(__file__).resolve().parent / "sandboxed"
GRADER_DIR = "/grader"      # the runner, the harness and the data codec, inside the sandbox
INPUT_DIR = "/in"           # the rebuilt notebook and the probe inputs
SANDBOX_UID_BASE = 61000    # when the grader runs as root, sandbox slot k runs as this uid + k
MAX_OUTPUT = 256 * 2**20    # bytes of the runner's report the grader reads at most
MAX_LINE = 48 * 2**20       # bytes of one message (an answer record with its arrays)


@dataclass(frozen=True)
class Limits:
    """The limits of one sandbox: bytes of memory and of one file, CPU seconds, processes, bytes of /tmp."""

    memory: int = 4 * 2**30
    cpu: int = 600
    processes: int = 256
    file_size: int = 64 * 2**20
    tmp_size: int = 512 * 2**20

    def __post_init__(self):
        for name, value in asdict(self).items():
            if type(value) is not int or value <= 0:
                raise ValueError(f"limit {name} must be a positive integer, got {value!r}")


class SandboxUnavailable(RuntimeError):
    """No sandbox can be made on this machine (no bubblewrap, not Linux, no user namespaces)."""


MISSING_PROTECTIONS = (
    "without the sandbox a student's notebook runs with the grader's own rights: it can read the "
    "reference solutions and the other submissions, write anywhere the grader can (the course's files, "
    "grades.csv), use the network, and start processes that outlive the grading; only the time limit, "
    "and the judging of data outside the student's kernel, still hold"
)


@cache
def sandbox_problem() -> str | None:
    """Why no sandbox can be made here, or None when bubblewrap works."""
    if not sys.platform.startswith("linux"):
        return f"the grading sandbox needs Linux with bubblewrap; this is {sys.platform}"
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return "bubblewrap (bwrap) is not installed (Debian/Ubuntu: apt-get install bubblewrap)"
    try:
        probe = subprocess.run([bwrap, *_namespace_args(), "--ro-bind", "/", "/", "true"],
                               capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bubblewrap could not be started ({exc})"
    if probe.returncode != 0:
        return f"bubblewrap cannot make a sandbox here (user namespaces disabled?): {probe.stderr.strip()}"
    return None


def _namespace_args() -> list[str]:
    args = ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session"]
    if os.geteuid() != 0:
        args.insert(0, "--unshare-user")  # unprivileged bubblewrap needs a user namespace anyway
    return args


def _python_roots() -> list[Path]:
    """Every folder the interpreter and its packages live in (the virtual environment and its base)."""
    roots = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix), Path(sys.base_exec_prefix),
             *(Path(p) for p in site.getsitepackages())}
    roots = {r.resolve() for r in roots if r.exists()}
    return sorted(r for r in roots if not any(o != r and o in r.parents for o in roots))


def course_paths() -> tuple[Path, Path]:
    """Where the lessons' ``helpers`` package and its data files are (as the lessons import them)."""
    import helpers.data

    return Path(helpers.data.__file__).resolve().parent, Path(helpers.data.DATA_DIR).resolve()


def bwrap_command(input_dir: Path, limits: Limits, slot: int, program: list[str]) -> list[str]:
    """The ``bwrap`` command that runs ``program`` inside the sandbox (see the module text)."""
    cmd = [shutil.which("bwrap") or "bwrap", *_namespace_args(), "--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        target = Path("/") / name
        if target.is_symlink():
            cmd += ["--symlink", os.readlink(target), str(target)]
        elif target.is_dir():
            cmd += ["--ro-bind", str(target), str(target)]
    for etc in ("/etc/ld.so.cache", "/etc/localtime", "/etc/alternatives", "/etc/fonts"):
        if Path(etc).exists():
            cmd += ["--ro-bind", etc, etc]
    cmd += ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--size", str(limits.tmp_size), "--tmpfs", "/tmp"]
    helpers, data = course_paths()
    binds = [(root, root) for root in _python_roots()]
    if not any(root in helpers.parents for root, _ in binds):
        binds.append((helpers, helpers))
    binds.append((INSIDE / "standin" / "exercises", helpers / "exercises"))
    if data.is_dir() and not any(root == data or root in data.parents for root, _ in binds):
        binds.append((data, data))
    binds += [(INSIDE, Path(GRADER_DIR)), (Path(input_dir), Path(INPUT_DIR))]
    # bubblewrap would make the folders above a mount point private to root: make them traversable.
    parents = sorted({p for _, dest in binds for p in dest.parents if p != Path("/")} - {Path("/tmp")},
                     key=lambda p: len(p.parts))
    for parent in parents:
        if not any(parent == dest or dest in parent.parents for _, dest in binds):
            cmd += ["--perms", "0755", "--dir", str(parent)]
    for source, dest in binds:
        cmd += ["--ro-bind", str(source), str(dest)]
    cmd += ["--chdir", "/tmp", "--clearenv"]
    env = {"HOME": "/tmp/home", "TMPDIR": "/tmp", "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
           "PYTHONPATH": os.pathsep.join([GRADER_DIR, str(helpers.parent)]), "PYTHONDONTWRITEBYTECODE": "1",
           "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/tmp/matplotlib", "IPYTHONDIR": "/tmp/ipython",
           "JUPYTER_RUNTIME_DIR": "/tmp/jupyter", "JUPYTER_PLATFORM_DIRS": "1", "LANG": "C.UTF-8",
           "GRADING_RECORDS": "/tmp/records", "GRADING_PROBES": f"{INPUT_DIR}/probes.json",
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    for key, value in env.items():
        cmd += ["--setenv", key, value]
    uid = SANDBOX_UID_BASE + slot if os.geteuid() == 0 else None
    if uid is not None:
        cmd += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    launcher_limits = {"memory": limits.memory, "cpu": limits.cpu, "processes": limits.processes,
                       "file_size": limits.file_size, "uid": uid}
    cmd += ["--", sys.executable, f"{GRADER_DIR}/launcher.py", json.dumps(launcher_limits), "--", *program]
    return cmd


@dataclass
class SandboxRun:
    """What came out of one sandbox: the runner's messages, and whether it was stopped from outside."""

    messages: list[dict]
    returncode: int | None
    killed: str | None = None    # "timeout" or "output" (too much written) when the grader stopped it
    stderr: str = ""


def run_in_sandbox(program: list[str], input_dir: Path, *, wall_timeout: float, limits: Limits,
                   slot: int = 0, sandbox: bool = True) -> SandboxRun:
    """Run ``program`` (inside the sandbox unless ``sandbox`` is False) and read its JSON-lines report."""
    if sandbox:
        cmd = bwrap_command(Path(input_dir), limits, slot, program)
        env = None
    else:
        # --no-sandbox: the same launcher (limits, but no user switch) and runner, as the grader's own user.
        def local(part: str) -> str:
            if part.startswith(GRADER_DIR + "/"):
                return str(INSIDE / part.removeprefix(GRADER_DIR + "/"))
            return part.replace(INPUT_DIR + "/", f"{input_dir}/")
        launcher_limits = {**asdict(limits), "uid": None}
        cmd = [sys.executable, str(INSIDE / "launcher.py"), json.dumps(launcher_limits), "--",
               *(local(part) for part in program)]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(INSIDE), str(REPO_ROOT)]), "MPLBACKEND": "Agg",
               "GRADING_PROBES": str(Path(input_dir) / "probes.json"), "PYTHONDONTWRITEBYTECODE": "1",
               "GRADING_RECORDS": str(Path(input_dir) / "records")}
    process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=env, start_new_session=True)
    messages: list[dict] = []
    state = {"read": 0, "killed": None}
    errors: list[bytes] = []

    def read_stdout():
        # readline with a cap: a line without an end cannot make the grader buffer without bound.
        for line in iter(lambda: process.stdout.readline(MAX_LINE), b""):
            state["read"] += len(line)
            if state["read"] > MAX_OUTPUT:
                state["killed"] = "output"
                _stop(process)
                break
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if type(message) is dict:
                messages.append(message)
        process.stdout.close()

    def read_stderr():
        errors.append(process.stderr.read(64 * 1024))
        for _ in iter(lambda: process.stderr.read(65536), b""):
            pass
        process.stderr.close()

    readers = [threading.Thread(target=read_stdout, daemon=True), threading.Thread(target=read_stderr, daemon=True)]
    for reader in readers:
        reader.start()
    try:
        process.wait(timeout=wall_timeout)
    except subprocess.TimeoutExpired:
        state["killed"] = state["killed"] or "timeout"
        _stop(process)
    for reader in readers:
        reader.join(timeout=10)
    for pipe in (process.stdout, process.stderr):   # a reader still blocked must not leak its pipe
        if not any(reader.is_alive() for reader in readers):
            pipe.close()
    return SandboxRun(messages, process.returncode, state["killed"],
                      b"".join(errors).decode("utf-8", "replace")[-4000:])


def _stop(process: subprocess.Popen) -> None:
    """Kill the sandbox: bwrap's namespace dies with it, and every process inside with that."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        pass


def wall_time(timeout: float) -> float:
    """Seconds a sandbox may take in all: the notebook's time plus the kernel's start."""
    return timeout + 90.0


