"""The machinery behind ``check``: a registry of exercises and the comparison of an answer with the reference.

A lesson module registers an exercise with the ``@exercise`` decorator on a *judge*: a function that
receives the learner's answer and either returns normally (correct, optionally with a remark string)
or raises ``Wrong("what differs")``. The framework turns "not answered yet" and crashes inside the
learner's code into friendly messages, so judges only deal with real answers.

For the common cases, ``compare_function`` and ``compare_value`` do the comparing and the naming of
known mistakes.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

registry: dict[str, Exercise] = {}


class Wrong(Exception):
    """Raised by a judge when the answer is not right; the message is shown to the learner."""


class NotAttempted(Exception):
    """Raised when the answer is still the unanswered placeholder."""


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one answer: ``status`` is ``"passed"``, ``"failed"`` or ``"not attempted"``."""

    exercise_id: str
    status: str
    message: str
    points: float
    max_points: float

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    def __repr__(self) -> str:
        return f"CheckResult({self.exercise_id!r}, status={self.status!r}, points={self.points:g}/{self.max_points:g})"

    def _ipython_display_(self):
        # check() has printed the message already; showing the result as the cell's value would repeat it.
        pass


@dataclass(frozen=True)
class Exercise:
    """One registered exercise: its id ("LL.N"), the task in a line, the answer's variable name, the judge."""

    exercise_id: str
    task: str
    answer_name: str
    judge: Callable[[Any], str | None]
    points: float = 1.0

    @property
    def lesson(self) -> str:
        return self.exercise_id.split(".")[0]

    def summary(self) -> dict:
        return {"id": self.exercise_id, "lesson": self.lesson, "task": self.task,
                "answer_name": self.answer_name, "points": self.points}

    def _result(self, status, text):
        points = self.points if status == "passed" else 0.0
        mark = {"passed": "✔", "failed": "✘", "not attempted": "…"}[status]
        return CheckResult(self.exercise_id, status, f"{mark} Exercise {self.exercise_id}: {text}", points, self.points)

    def run(self, answer) -> CheckResult:
        if answer is None or answer is Ellipsis:
            return self._result("not attempted", "not attempted yet. Write your answer in the cell above "
                                f"(it should define `{self.answer_name}`), run it, then run this check again.")
        try:
            with np.errstate(all="ignore"):
                remark = self.judge(answer)
        except (NotAttempted, NotImplementedError):
            return self._result("not attempted", "not attempted yet. Replace `raise NotImplementedError()` "
                                "in the cell above with your answer, run it, then run this check again.")
        except Wrong as verdict:
            return self._result("failed", f"not quite. {verdict}")
        except Exception as exc:  # the learner's own code crashed: report where, not a traceback
            where = traceback.extract_tb(exc.__traceback__)[-1]
            in_answer = "<ipython-input" in where.filename or where.filename.startswith("/tmp/ipykernel")
            place = f" (line {where.lineno} of your answer)" if in_answer else ""
            return self._result("failed", f"your answer raised {type(exc).__name__}: {exc}{place}. "
                                "Fix the error and run the check again.")
        return self._result("passed", "correct. " + (remark or "Well done."))


def exercise(exercise_id: str, *, task: str, answer_name: str, points: float = 1.0):
    """Register the decorated judge as exercise ``exercise_id`` (for example ``"02.1"``)."""
    def register(judge):
        if exercise_id in registry:
            raise ValueError(f"exercise {exercise_id!r} is registered twice")
        registry[exercise_id] = Exercise(exercise_id, task, answer_name, judge, points)
        return judge
    return register


def _describe(value) -> str:
    arr = np.asarray(value)
    if arr.ndim == 0:
        return f"{float(arr):.6g}" if np.issubdtype(arr.dtype, np.number) else repr(value)
    return np.array2string(arr, precision=4, threshold=8, suppress_small=True)


def _close(a, b, rtol, atol) -> bool:
    try:
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def compare_value(answer, expected, *, mistakes: dict[str, Any] | None = None,
                  rtol: float = 1e-6, atol: float = 1e-9, what: str = "Your answer") -> None:
    """Raise ``Wrong`` unless ``answer`` equals ``expected``; name a known mistake whose value it equals."""
    try:
        answer_shape = np.shape(answer)
    except ValueError:  # ragged lists and the like
        raise Wrong(f"{what} is not a number or a regular array of numbers.") from None
    if answer_shape != np.shape(expected):
        raise Wrong(f"{what} has shape {answer_shape}, expected {np.shape(expected)}.")
    if _close(answer, expected, rtol, atol):
        return
    for explanation, wrong_value in (mistakes or {}).items():
        if _close(answer, wrong_value, rtol, atol):
            raise Wrong(f"{what} is {_describe(answer)}, expected {_describe(expected)}. "
                        f"It looks like you {explanation}.")
    raise Wrong(f"{what} is {_describe(answer)}, expected {_describe(expected)}.")


def compare_function(func, reference: Callable, cases: list[tuple], *,
                     mistakes: dict[str, Callable] | None = None, rtol: float = 1e-6,
                     atol: float = 1e-9, name: str = "your function") -> None:
    """Call ``func(*case)`` and ``reference(*case)`` on every case; raise ``Wrong`` at the first difference.

    ``mistakes`` maps an explanation ("penalized the intercept") to a function that makes that
    mistake; if the learner's output equals one of them on the failing case, the mistake is named.
    """
    if not callable(func):
        raise Wrong(f"`{name}` should be a function (defined with `def`), but it is a {type(func).__name__}.")
    for case in cases:
        expected = reference(*case)
        got = func(*case)
        if got is None:
            raise Wrong(f"`{name}` returned None: did you forget the `return` statement?")
        if _close(got, expected, rtol, atol):
            continue
        for explanation, wrong in (mistakes or {}).items():
            if _close(got, wrong(*case), rtol, atol):
                raise Wrong(f"On one of the test inputs {name} returned {_describe(got)} instead of "
                            f"{_describe(expected)}. It looks like you {explanation}.")
        raise Wrong(f"On one of the test inputs {name} returned {_describe(got)} instead of {_describe(expected)}.")
