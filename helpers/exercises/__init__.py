"""Automatic checks for the lessons' exercises.

``check("02.1", answer)`` judges a learner's value, choice or function (called on several probe
inputs) and prints whether it is right; when it is not, it says what is wrong and, where a known
mistake explains it (a penalized intercept, λ/2, unstandardized features, a flipped gradient sign),
names that mistake. An unanswered exercise gets "not attempted yet", never a traceback.

Each lesson registers its exercises in its own module here (``lesson01.py``, ...), which this package
imports on first use; ``catalog()`` lists them all. ``framework`` holds the judging core and explains
how to write a new exercise.
"""

from __future__ import annotations

import importlib
import pkgutil

from .framework import NOT_ATTEMPTED, CheckResult, Exercise, FunctionOutputs, Raised, Unserializable, registry


def _load_lessons() -> dict[str, Exercise]:
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("lesson"):
            importlib.import_module(f"{__name__}.{module.name}")
    return registry


def check(exercise_id: str, answer) -> CheckResult:
    """Check ``answer`` for exercise ``exercise_id``, print the verdict, and return it.

    Examples
    --------
    >>> result = check("00.1", lambda w: float(sum(wi * wi for wi in w)))
    ✔ Exercise 00.1: correct. ...
    >>> result.passed
    True
    """
    result = get(exercise_id).run(answer)
    print(result.message)
    return result


def catalog() -> list[dict]:
    """Every registered exercise as ``{"id", "lesson", "task", "kind", "answer_name", "points"}``, in order."""
    exercises = _load_lessons()
    return [ex.summary() for _, ex in sorted(exercises.items())]


def get(exercise_id: str) -> Exercise:
    """The registered ``Exercise`` with this id (``ValueError`` naming the known ones otherwise)."""
    exercises = _load_lessons()
    if not isinstance(exercise_id, str) or exercise_id not in exercises:
        known = ", ".join(sorted(exercises))
        raise ValueError(f"unknown exercise {exercise_id!r}; the registered exercises are: {known}")
    return exercises[exercise_id]


__all__ = ["NOT_ATTEMPTED", "CheckResult", "Exercise", "FunctionOutputs", "Raised", "Unserializable",
           "catalog", "check", "get"]
