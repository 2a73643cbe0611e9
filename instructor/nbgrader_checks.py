"""Checks that fail loudly, for grading the lessons with nbgrader's own ``autograde``.

nbgrader awards a test cell's points when the cell runs without an error. The course's check cells
print their verdict and never raise (a learner sees a message, not a traceback), so under nbgrader
every check would score. Importing this module when the grading kernel starts makes ``check`` raise
``AssertionError`` with the check's message when the learner's answer is not right (wrong, crashing or
not attempted), so nbgrader scores it 0 and shows the message in its feedback. In
``nbgrader_config.py``::

    c.Execute.extra_arguments = ["--IPKernelApp.exec_lines=import instructor.nbgrader_checks"]

Only the check of the learner's own answer raises: the object checked is the one the notebook binds
to the exercise's answer name (``squared_l2_norm`` for 00.1). A lesson cell that shows what the check
says to a deliberately wrong answer keeps printing. Learners never import this module.
"""

from __future__ import annotations

import helpers
from helpers import exercises
from helpers.exercises.framework import registry

_lenient_check = exercises.check


def _notebook_namespace() -> dict:
    try:
        from IPython import get_ipython
        shell = get_ipython()
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        shell = None
    if shell is not None:
        return shell.user_ns
    import __main__
    return vars(__main__)


def is_learners_answer(exercise_id: str, answer) -> bool:
    """True if ``answer`` is what the notebook binds to the exercise's answer name."""
    exercise = registry.get(exercise_id)
    if exercise is None:
        return False
    namespace = _notebook_namespace()
    return exercise.answer_name in namespace and namespace[exercise.answer_name] is answer


def check(exercise_id: str, answer):
    """``helpers.check``; raises ``AssertionError(message)`` if the learner's own answer is not right."""
    result = _lenient_check(exercise_id, answer)
    if not result.passed and is_learners_answer(exercise_id, answer):
        raise AssertionError(result.message)
    return result


helpers.check = exercises.check = check
