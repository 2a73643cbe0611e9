"""Print the course's declared minimum versions as pip constraints (``name==floor``, one a line).

The floors are read from ``pyproject.toml`` (the single list), so the minimum-versions run tests
exactly what the course declares. Only the packages the lessons need are pinned; the test tools
(the ``test`` extra) resolve to whatever pip picks for them.

The course declares Python 3.10, whose standard library has no TOML reader (``tomllib`` is 3.11+).
There this script reads the one list it needs, ``[project] dependencies``, with the small reader
below instead of a package: it runs under the system ``python3`` that creates the minimum-versions
environment, before anything is installed, so ``tomli`` cannot be assumed, and pip's vendored copy
(``pip._vendor.tomli``) is private to pip, absent where pip is (Debian's ``python3`` without
``python3-pip``, a venv made ``--without-pip``) and not promised to stay. The reader fails loudly on
anything it does not understand rather than guess.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _strip_comment(line: str) -> str:
    """``line`` without a trailing ``# comment`` (a ``#`` inside a quoted string is kept)."""
    quote, escaped = None, False
    for i, char in enumerate(line):
        if escaped:
            escaped = False
        elif quote:
            escaped = char == "\\" and quote == '"'  # a backslash escapes only in "basic" strings
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#":
            return line[:i]
    return line


def read_dependencies_without_tomllib(text: str) -> list[str]:
    """The ``dependencies`` array of the ``[project]`` table of a ``pyproject.toml`` given as ``text``.

    Enough TOML for that one array of plain strings (on one line or several, with comments and a
    trailing comma); anything else raises ``ValueError`` naming what it could not read.
    """
    table, collected, inside = None, None, False
    for number, raw in enumerate(text.splitlines(), 1):
        line = _strip_comment(raw).strip()
        if not inside:
            header = re.fullmatch(r"\[\s*([^\[\]]+?)\s*\]", line)
            if header:
                table = header[1]
                continue
            match = re.fullmatch(r"dependencies\s*=\s*(\[.*)", line)
            if table != "project" or not match:
                continue
            collected, inside = match[1], True
        else:
            collected += " " + line
        if collected.rstrip().endswith("]"):
            if "\\" in collected:
                raise ValueError(f"pyproject.toml line {number}: escapes in [project] dependencies are not read here")
            try:
                value = ast.literal_eval(collected)  # TOML basic and literal strings without escapes read as Python's
            except (SyntaxError, ValueError) as exc:
                raise ValueError(f"pyproject.toml line {number}: cannot read [project] dependencies: {collected!r}") from exc
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"pyproject.toml: [project] dependencies must be a list of strings, got {value!r}")
            return value
    raise ValueError("pyproject.toml has no [project] dependencies = [...] list")


def read_dependencies(text: str) -> list[str]:
    """The ``[project] dependencies`` of ``text``: with ``tomllib`` where Python has it (3.11+), else the reader above."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        return read_dependencies_without_tomllib(text)
    return tomllib.loads(text)["project"]["dependencies"]


def constraints(dependencies: list[str]) -> list[str]:
    """``name==floor`` for each ``name>=floor``; a dependency without a plain floor stops the run."""
    out = []
    for spec in dependencies:
        match = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)\s*>=\s*([0-9][^,;\s]*)\s*", spec)
        if not match:
            sys.exit(f"dependency {spec!r} has no plain '>=' floor to test")
        out.append(f"{match[1]}=={match[2]}")
    return out


if __name__ == "__main__":
    print("\n".join(constraints(read_dependencies((ROOT / "pyproject.toml").read_text()))))
