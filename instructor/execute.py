"""Re-run notebooks in place, top to bottom, storing outputs and widget state.

    python -m instructor.execute notebooks/*.ipynb

Each notebook runs in a fresh kernel of this environment, in its own folder (as JupyterLab would run
it). Widget state is stored so that a lesson opened before it is run shows its controls rather than
"model not found"; per-cell timing metadata is not recorded, so a re-run changes only what changed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KERNEL = "python3"


def execute_notebook(path: Path, timeout: int = 600) -> None:
    """Execute ``path`` in place with a fresh kernel."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL, store_widget_state=True,
                            record_timing=False, resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3 (ipykernel)", "language": "python"}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.validate(nb)
    nbformat.write(nb, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    args = parser.parse_args(argv)
    for path in args.notebooks:
        if not path.is_file():
            print(f"no such notebook: {path}", file=sys.stderr)
            return 2
        start = time.perf_counter()
        print(f"executing {path} ...", flush=True)
        execute_notebook(path, args.timeout)
        print(f"  done in {time.perf_counter() - start:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
