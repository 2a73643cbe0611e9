"""The machine a benchmark ran on: CPU, cores, Python, the numerical libraries and their BLAS."""

from __future__ import annotations

import os
import platform
from importlib import metadata


def cpu_model() -> str:
    """The CPU's model name as the operating system reports it."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def blas() -> str:
    """The BLAS libraries loaded (NumPy's and SciPy's), with their versions."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown"
    entries = [f"{i.get('internal_api', '?')} {i.get('version', '')}".strip()
               for i in threadpool_info() if i.get("user_api") == "blas"]
    return "; ".join(dict.fromkeys(entries)) or "unknown"


def describe() -> dict[str, str]:
    """What to print next to the figures."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    load = "n/a"
    if hasattr(os, "getloadavg"):
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "CPU": cpu_model(),
        "cores": f"{os.cpu_count()} logical, {usable} usable by this process",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "numpy": _version("numpy"),
        "BLAS": blas(),
        "scikit-learn": _version("scikit-learn"),
        "matplotlib": _version("matplotlib"),
        "ipywidgets": _version("ipywidgets"),
        "nbclient": _version("nbclient"),
        "load average at start (1, 5, 15 min)": load,
    }
