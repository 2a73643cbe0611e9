"""Check that the packages the course needs are installed at their minimum versions.

The minimums come from the course's own install metadata (``pyproject.toml``), so there is one list.
"""

from __future__ import annotations

from importlib import metadata

from packaging.requirements import Requirement
from packaging.version import Version

COURSE = "l2-course"


def requirements() -> list[Requirement]:
    """The course's required packages (not the optional extras) with their minimum versions."""
    reqs = [Requirement(r) for r in metadata.requires(COURSE) or []]
    return [r for r in reqs if r.marker is None]


def check_environment(verbose_versions: bool = False) -> bool:
    """Print one line per required package, OK or what to do; return True when all are OK.

    The installed versions differ from machine to machine, so they are printed only when
    ``verbose_versions`` is set.
    """
    if not isinstance(verbose_versions, bool):
        raise TypeError(f"verbose_versions must be True or False, got {verbose_versions!r}")
    all_ok = True
    for req in requirements():
        minimum = next((s.version for s in req.specifier if s.operator == ">="), None)
        wanted = f"{req.name} >= {minimum}" if minimum else req.name
        try:
            installed = metadata.version(req.name)
        except metadata.PackageNotFoundError:
            print(f"{wanted:<24} MISSING: run `make lab` again (or `pip install -e .`) to install it")
            all_ok = False
            continue
        if req.specifier.contains(Version(installed), prereleases=True):
            print(f"{wanted:<24} OK" + (f" ({installed})" if verbose_versions else ""))
        else:
            print(f"{wanted:<24} TOO OLD ({installed}): run `pip install --upgrade '{req}'`")
            all_ok = False
    print("All packages meet the course's minimum versions." if all_ok
          else "Some packages need attention (see above).")
    return all_ok
