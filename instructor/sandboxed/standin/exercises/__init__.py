"""What the sandbox's kernel sees as ``helpers.exercises``: the checks' names, without the checks.

The course's ``helpers/exercises/`` holds the reference solutions, so a graded notebook must not see
it. This stand-in is mounted in its place: the lesson's ``check(...)`` cells still run, print that
the answer is judged after the notebook has run, and return a result that has not passed. No verdict
is given here; ``catalog()`` lists nothing.
"""

from __future__ import annotations


class CheckResult:
    """The stand-in result: the status says the grader judges this answer after the run."""

    def __init__(self, exercise_id: str):
        self.exercise_id = exercise_id
        self.status = "judged after the run"
        self.message = f"Exercise {exercise_id}: your answer is judged by the grader after the notebook has run."
        self.points = 0.0
        self.max_points = 0.0
        self.mistake = None

    @property
    def passed(self) -> bool:
        return False

    def __repr__(self) -> str:
        return f"CheckResult({self.exercise_id!r}, status={self.status!r})"

    def _ipython_display_(self):
        pass


def check(exercise_id, answer=None):
    """Print that the grader judges the answer later, and return a result that has not passed."""
    result = CheckResult(str(exercise_id))
    print(result.message)
    return result


def catalog() -> list:
    return []


Exercise = None


def get(exercise_id):
    """No exercise can be looked up here: the checks are not in the sandbox."""
    raise LookupError(f"exercise {exercise_id!r}: the checks are not available inside the grading sandbox")


__all__ = ["CheckResult", "Exercise", "catalog", "check", "get"]
