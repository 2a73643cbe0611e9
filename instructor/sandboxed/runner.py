"""Inside the sandbox: run the rebuilt notebook in a fresh kernel and report on standard output.

    python runner.py NOTEBOOK TIMEOUT

Standard output is the only way out of the sandbox. It carries JSON lines: ``{"progress": i}`` when
cell ``i`` starts (so the grader knows which answer was running if it has to stop the sandbox), then
``{"record": ...}`` for each exercise's answer record the harness wrote, then one ``{"run": ...}``
with how the run ended and the errors the answer cells raised. The kernel's own standard output and
error go nowhere.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

RECORDS = os.environ.get("GRADING_RECORDS", "/tmp/records")
OUT = sys.stdout


def emit(message: dict) -> None:
    OUT.write(json.dumps(message) + "\n")
    OUT.flush()


def answer_errors(nb) -> dict[str, str]:
    errors = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {})
        if cell.cell_type == "code" and meta.get("nbgrader", {}).get("solution") and meta.get("exercise"):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error" and output.get("ename") != "NotImplementedError":
                    errors[str(meta["exercise"])] = f"{output.get('ename')}: {str(output.get('evalue'))[:500]}"
    return errors


def main(path: str, timeout: float) -> None:
    nb = nbformat.read(path, as_version=4)
    deadline = {"at": None}

    def remaining(cell):
        if deadline["at"] is None:  # the kernel's start is not counted
            deadline["at"] = time.monotonic() + timeout
        return max(0.1, deadline["at"] - time.monotonic())

    def started(cell, cell_index):
        emit({"progress": cell_index})

    quiet = logging.getLogger("grading.kernel")
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False
    workdir = os.path.join(os.environ.get("TMPDIR", "/tmp"), "work")
    os.makedirs(workdir, exist_ok=True)
    client = NotebookClient(nb, timeout_func=remaining, allow_errors=True, record_timing=False,
                            shutdown_kernel="immediate", startup_timeout=120, on_cell_execute=started,
                            log=quiet, kernel_name="python3", resources={"metadata": {"path": workdir}})
    run = {"completed": True}
    try:
        client.execute(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except CellTimeoutError:
        run = {"completed": False, "reason": "timeout"}
    except DeadKernelError:
        run = {"completed": False, "reason": "died"}
    except Exception as exc:  # noqa: BLE001 - reported to the grader as data
        run = {"completed": False, "reason": "error", "detail": f"{type(exc).__name__}: {str(exc)[:500]}"}
    if os.path.isdir(RECORDS):
        for name in sorted(os.listdir(RECORDS)):
            if name.endswith(".json"):
                try:
                    with open(os.path.join(RECORDS, name), encoding="utf-8") as f:
                        emit({"record": json.load(f)})
                except (OSError, ValueError):
                    continue
    run["answer_errors"] = answer_errors(nb)
    emit({"run": run})


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
