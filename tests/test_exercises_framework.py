"""The exercise checks: verdicts, named mistakes, friendly handling of unanswered and crashing answers."""

import numpy as np
import pytest

from helpers import catalog, check
from helpers.exercises.framework import Wrong, compare_function, compare_value


def reference(w):
    return float(np.sum(np.asarray(w, dtype=float) ** 2))


def test_right_answer_passes_and_prints(capsys):
    result = check("00.1", reference)
    assert result.passed and result.status == "passed" and result.points == 1.0
    assert "✔ Exercise 00.1: correct" in capsys.readouterr().out


@pytest.mark.parametrize("answer, phrase", [
    (lambda w: float(np.linalg.norm(w)), "returned the norm"),
    (lambda w: float(np.sum(w)), "without squaring"),
    (lambda w: float(np.sum(np.abs(w))), "L1 norm"),
])
def test_known_mistakes_are_named(answer, phrase):
    result = check("00.1", answer)
    assert result.status == "failed" and result.points == 0.0
    assert phrase in result.message


def test_unknown_wrong_answer_says_what_differs():
    result = check("00.1", lambda w: 42.0)
    assert result.status == "failed"
    assert "returned 42 instead of 5.25" in result.message


def not_attempted(w):
    raise NotImplementedError()


@pytest.mark.parametrize("answer", [None, Ellipsis, not_attempted])
def test_unanswered_is_not_attempted_yet(answer):
    result = check("00.1", answer)
    assert result.status == "not attempted"
    assert "not attempted yet" in result.message


@pytest.mark.parametrize("answer, phrase", [
    (lambda w: w[99], "IndexError"),
    (lambda w: undefined_name, "NameError"),  # noqa: F821
    (lambda w: None, "forget the `return`"),
    (3.0, "should be a function"),
])
def test_crashing_or_malformed_answers_get_feedback_not_a_traceback(answer, phrase):
    result = check("00.1", answer)
    assert result.status == "failed"
    assert phrase in result.message


def test_unknown_exercise_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown exercise '99.9'.*00.1"):
        check("99.9", reference)


def test_catalog_lists_every_exercise_in_order_with_its_answer_name():
    entries = catalog()
    ids = [e["id"] for e in entries]
    assert ids == sorted(ids) and ids[0] == "00.1"
    assert {"id", "lesson", "task", "answer_name", "points"} <= set(entries[0])
    assert all(e["task"] and e["answer_name"].isidentifier() for e in entries)
    assert len(set(ids)) == len(ids)


def test_every_lesson_with_exercises_has_at_least_three():
    lessons = {}
    for entry in catalog():
        lessons.setdefault(entry["lesson"], []).append(entry["id"])
    for lesson, ids in lessons.items():
        if lesson != "00":
            assert len(ids) >= 3, f"lesson {lesson} registers only {ids}"


def test_compare_value_names_a_mistake_and_checks_shape():
    compare_value(2.0 + 1e-12, 2.0)
    with pytest.raises(Wrong, match="used λ/2"):
        compare_value(1.0, 2.0, mistakes={"used λ/2": 1.0})
    with pytest.raises(Wrong, match="shape"):
        compare_value([1.0, 2.0], 2.0)
    with pytest.raises(Wrong, match="not a number"):
        compare_value([[1.0], [1.0, 2.0]], [1.0, 2.0])


def test_compare_function_stops_at_the_first_differing_case():
    with pytest.raises(Wrong, match="penalized the intercept"):
        compare_function(lambda a: a + 1, lambda a: a, [(1.0,)], mistakes={"penalized the intercept": lambda a: a + 1})


def test_result_does_not_repeat_itself_in_a_notebook():
    result = check("00.1", reference)
    assert result._ipython_display_() is None
    assert repr(result) == "CheckResult('00.1', status='passed', points=1/1)"
