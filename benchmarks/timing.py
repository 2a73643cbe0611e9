"""Small timing utilities shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def seconds(function: Callable[..., object], *args) -> tuple[float, object]:
    """Call ``function(*args)`` once; return (elapsed seconds, its result)."""
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def median(values) -> float:
    values = list(values)
    return statistics.median(values) if values else float("nan")


def ms(value: float) -> str:
    """Seconds as milliseconds with sensible precision."""
    value *= 1000.0
    if value != value:  # NaN
        return "n/a"
    if value < 10:
        return f"{value:.2f}"
    if value < 100:
        return f"{value:.1f}"
    return f"{value:.0f}"


def s(value: float) -> str:
    return "n/a" if value != value else f"{value:.2f}"


def ratio(value: float) -> str:
    if value != value:
        return "n/a"
    if value < 10:
        return f"{value:.2f}×"
    return f"{value:.1f}×" if value < 100 else f"{value:.0f}×"
