"""Print the course's declared minimum versions as pip constraints (``name==floor``, one a line).

The floors are read from ``pyproject.toml`` (the single list), so the minimum-versions run tests
exactly what the course declares. Only the packages the lessons need are pinned; the test tools
(the ``test`` extra) resolve to whatever pip picks for them.
"""

import re
import sys
import tomllib
from pathlib import Path

root = Path(__file__).resolve().parent.parent
project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
for spec in project["dependencies"]:
    match = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)\s*>=\s*([0-9][^,;\s]*)\s*", spec)
    if not match:
        sys.exit(f"dependency {spec!r} has no plain '>=' floor to test")
    print(f"{match[1]}=={match[2]}")
