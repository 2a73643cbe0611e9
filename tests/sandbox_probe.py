"""What a program sees from inside the grading sandbox, printed as JSON: the sandbox tests run it."""

_PROBE = r'''
import json, os, resource, socket
def can(action):
    try:
        action()
        return True
    except OSError:
        return False
def connect():
    socket.create_connection(("1.1.1.1", 53), timeout=2).close()
def write_helpers():
    open(os.path.join(REPO, "helpers", "x.txt"), "w").close()
facts = {
    "uid": os.getuid(),
    "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit()),
    "root": sorted(os.listdir("/")),
    "exercises": sorted(os.listdir(os.path.join(REPO, "helpers", "exercises"))),
    "repo": sorted(os.listdir(REPO)),
    "home": os.path.exists(os.path.expanduser("~root/.bash_history")),
    "network": can(connect),
    "write_helpers": can(write_helpers),
    "tmp": can(lambda: open("/tmp/x", "w").close()),
    "limits": [resource.getrlimit(r)[0] for r in (resource.RLIMIT_AS, resource.RLIMIT_NPROC, resource.RLIMIT_FSIZE)],
}
print(json.dumps(facts))
'''


def probe_source(repo) -> str:
    """The probe's source for a checkout at ``repo``."""
    return _PROBE.replace("REPO", repr(str(repo)))
