"""Inside the sandbox, first: set the limits, give up root if the grader had it, then start the runner.

    python launcher.py LIMITS_JSON -- PROGRAM ARGS...

``LIMITS_JSON`` holds ``memory`` (bytes of address space per process), ``cpu`` (CPU seconds per
process), ``processes`` (processes and threads of the sandbox's user), ``file_size`` (bytes per file
written) and ``uid`` (a user id to switch to, or null). The limits are inherited by every process the
student's code starts, and none can raise them again.
"""

from __future__ import annotations

import json
import os
import resource
import sys


def main(argv: list[str]) -> None:
    limits = json.loads(argv[0])
    program = argv[argv.index("--") + 1:]
    uid = limits.get("uid")
    if uid is not None:
        # The sandbox was started by root: run as a user of its own, so that the process limit, which
        # root is exempt from, applies and counts only this sandbox's processes.
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
    for name, which in (("memory", resource.RLIMIT_AS), ("cpu", resource.RLIMIT_CPU),
                        ("processes", resource.RLIMIT_NPROC), ("file_size", resource.RLIMIT_FSIZE)):
        value = int(limits[name])
        resource.setrlimit(which, (value, value))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.execv(program[0], program)


if __name__ == "__main__":
    main(sys.argv[1:])
