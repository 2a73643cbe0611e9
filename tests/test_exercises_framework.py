"""The judging core: verdicts, named mistakes, produce-data / judge-data, friendly handling of bad answers."""

import numpy as np
import pytest

from helpers import catalog, check
from helpers.exercises import framework, get
from helpers.exercises.framework import NOT_ATTEMPTED, FunctionOutputs, Raised, Unserializable, Wrong


@pytest.fixture(autouse=True)
def fresh_attempts():
    framework.reset_attempts()
    yield
    framework.reset_attempts()


def reference(w):
    return float(np.sum(np.asarray(w, dtype=float) ** 2))


def test_right_answer_passes_and_prints(capsys):
    result = check("00.1", reference)
    assert result.passed and result.status == "passed" and result.points == 1.0 and result.mistake is None
    assert "✔ Exercise 00.1: correct" in capsys.readouterr().out


@pytest.mark.parametrize("answer, phrase, label", [
    (lambda w: float(np.linalg.norm(w)), "returned the norm", "norm not squared"),
    (lambda w: float(np.sum(w)), "without squaring", "sum without squaring"),
    (lambda w: float(np.sum(np.abs(w))), "L1 norm", "L1 norm"),
    (lambda w: float(np.mean(w ** 2)), "mean of the squares", "mean instead of sum"),
])
def test_known_mistakes_are_named_with_a_stable_label(answer, phrase, label):
    result = check("00.1", answer)
    assert result.status == "failed" and result.points == 0.0
    assert phrase in result.message and result.mistake == label


def test_an_unknown_wrong_function_is_shown_its_result_on_one_probe():
    result = check("00.1", lambda w: 42.0)
    assert result.status == "failed" and result.mistake is None
    assert "returned 42; the right result is 5.25" in result.message


def test_the_task_promises_arrays_and_the_probes_are_arrays():
    # (w**2).sum() works on an array, not on a list: the learner was promised "the 1-D array w"
    assert check("00.1", lambda w: float((w**2).sum())).passed


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
    (lambda w: str(float(np.sum(w**2))), "Remove the quotes"),
    (lambda w: True, "True and False are not numbers"),
    (lambda w: np.array([float(np.sum(w**2))]), "a single number"),
])
def test_crashing_or_malformed_answers_get_feedback_not_a_traceback(answer, phrase):
    result = check("00.1", answer)
    assert result.status == "failed"
    assert phrase in result.message and "Traceback" not in result.message


def test_a_function_that_changes_its_input_in_place_is_told_so():
    def squares_in_place(w):
        w **= 2
        return float(w.sum())
    result = check("00.1", squares_in_place)
    assert result.status == "failed" and "changed its input arrays in place" in result.message


def test_unknown_exercise_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown exercise '99.9'.*00.1"):
        check("99.9", reference)


def test_catalog_lists_every_exercise_in_order_with_its_answer_name():
    entries = catalog()
    ids = [e["id"] for e in entries]
    assert ids == sorted(ids) and ids[0] == "00.1"
    assert {"id", "lesson", "task", "kind", "answer_name", "points"} <= set(entries[0])
    assert all(e["task"] and e["answer_name"].isidentifier() for e in entries)
    assert {e["kind"] for e in entries} == {"value", "choice", "function"}
    assert len(set(ids)) == len(ids)


def test_every_lesson_with_exercises_has_at_least_three():
    lessons = {}
    for entry in catalog():
        lessons.setdefault(entry["lesson"], []).append(entry["id"])
    for lesson, ids in lessons.items():
        if lesson != "00":
            assert len(ids) >= 3, f"lesson {lesson} registers only {ids}"


def test_result_does_not_repeat_itself_in_a_notebook():
    result = check("00.1", reference)
    assert result._ipython_display_() is None
    assert repr(result) == "CheckResult('00.1', status='passed', points=1/1)"


# --- produce data / judge data ------------------------------------------------------------------

def test_collect_calls_a_function_on_fresh_copies_of_every_probe():
    exercise = get("00.1")
    seen = []

    def spy(w):
        seen.append(w)
        return reference(w)

    data = exercise.collect(spy)
    assert type(data) is FunctionOutputs and data.is_callable and data.type_name == "function"
    assert len(data.returned) == len(exercise.probes()) >= 3 and data.mutated == [False] * len(seen)
    assert all(type(w) is np.ndarray for w in seen)
    assert all(a is not b for a, b in zip(seen, exercise.probes()))
    assert exercise.judge_data(data).passed


def test_collect_turns_placeholders_and_not_implemented_into_not_attempted():
    assert get("00.1").collect(None) is NOT_ATTEMPTED
    assert get("02.4").collect(...) is NOT_ATTEMPTED
    assert get("00.1").collect(not_attempted) is NOT_ATTEMPTED
    assert get("00.1").judge_data(NOT_ATTEMPTED).status == "not attempted"


def test_collect_records_raised_calls_as_data():
    data = get("00.1").collect(lambda w: 1 / 0)
    assert data.returned[0] == Raised("ZeroDivisionError", "division by zero")


def test_judge_data_of_value_and_choice_exercises_is_the_answer_itself():
    assert get("03.2").collect(113) == 113
    assert get("03.2").judge_data(113).passed
    assert get("03.3").judge_data("b").passed


class Hostile:
    """An object that pretends to be every answer: it must be rejected without its methods being called."""

    calls = []

    def __eq__(self, other):
        Hostile.calls.append("eq")
        return True

    def __float__(self):
        Hostile.calls.append("float")
        return 113.0

    def __array__(self, *args, **kwargs):
        Hostile.calls.append("array")
        return np.array(113.0)

    def __index__(self):
        Hostile.calls.append("index")
        return 113

    def __str__(self):
        Hostile.calls.append("str")
        return "b"

    __repr__ = __str__
    __hash__ = object.__hash__


@pytest.mark.parametrize("data", [
    Hostile(), "113", b"113", True, np.True_, 113 + 0j, np.complex128(113), {"value": 113}, [113], (113,),
    np.array([113]), np.array("113"), np.array([Hostile()], dtype=object), Unserializable("Fit"),
    Raised("ValueError", "boom"), np.zeros((10_000, 1_000)), float("nan"), float("inf"), 10**400,
    FunctionOutputs(True, "function", [113], [False]),
])
def test_judge_data_rejects_whatever_is_not_an_answer_and_never_raises(data):
    Hostile.calls.clear()
    for exercise_id in ("03.2", "03.3", "00.1", "02.2"):
        result = get(exercise_id).judge_data(data)
        assert result.status == "failed", (exercise_id, data)
        assert result.message.startswith(f"✘ Exercise {exercise_id}: not quite.")
    assert Hostile.calls == []


@pytest.mark.parametrize("returned", [
    [Hostile()] * 4, ["5.25"] * 4, [Unserializable("Fit")] * 4, [Raised("TypeError", "no")] * 4, "oops", [1.0],
])
def test_judge_data_rejects_bad_function_outputs_by_exact_type(returned):
    Hostile.calls.clear()
    data = FunctionOutputs(True, "function", returned, [False] * 4)
    result = get("00.1").judge_data(data)
    assert result.status == "failed" and Hostile.calls == []


def test_the_lesson_section_is_pointed_at_after_three_wrong_attempts():
    messages = [check("03.2", 40).message for _ in range(3)]
    assert "Lesson 03, section" not in messages[0] and "Lesson 03, section" not in messages[1]
    assert "Lesson 03, section “3 · Geometric decay" in messages[2]
    assert check("03.2", 113).passed
    assert "Lesson 03, section" not in check("03.2", 40).message


def test_wrong_is_an_exception_with_a_label():
    verdict = Wrong("message", "label")
    assert verdict.message == "message" and verdict.mistake == "label"
