"""The contract every registered exercise keeps, parametrized over ``catalog()``.

A new exercise (lessons 07 and 08 register theirs later) is covered the day it is registered: its
reference answer passes in every form its task allows; the usual malformed answers (text, a bool,
None, NaN, a list where an array is asked for, a wrong shape, an object that only pretends) are
rejected with feedback and no traceback; every named mistake is reachable with its own label; a
value exercise never prints its expected value; a multiple-choice exercise accepts every spelling.
"""

from __future__ import annotations

import copy
import math
import re
from pathlib import Path

import numpy as np
import pytest

from helpers.exercises import catalog, framework, get
from helpers.exercises.framework import (
    NOT_ATTEMPTED,
    Array,
    FunctionOutputs,
    Number,
    Pair,
    Raised,
    Unserializable,
    same_data,
)

ROOT = Path(__file__).resolve().parents[1]
ENTRIES = catalog()
IDS = [e["id"] for e in ENTRIES]
BY_KIND = {kind: [e["id"] for e in ENTRIES if e["kind"] == kind] for kind in ("value", "choice", "function")}
MISTAKES = [(e["id"], m.label) for e in ENTRIES for m in get(e["id"]).mistakes]


@pytest.fixture(autouse=True)
def fresh_attempts():
    framework.reset_attempts()
    yield
    framework.reset_attempts()


def assert_rejected(result, exercise_id):
    assert result.status == "failed", result.message
    assert result.message.startswith(f"✘ Exercise {exercise_id}: not quite. ")
    assert "Traceback" not in result.message and "File \"" not in result.message
    assert result.points == 0.0


# --- every exercise --------------------------------------------------------------------------------

@pytest.mark.parametrize("exercise_id", IDS)
def test_the_reference_answer_passes(exercise_id):
    exercise = get(exercise_id)
    result = exercise.run(exercise.reference_answer())
    assert result.passed and result.mistake is None and result.points == exercise.points, result.message


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_exercise_is_described_completely(exercise_id):
    exercise = get(exercise_id)
    assert exercise.kind in ("value", "choice", "function")
    assert exercise.task and exercise.answer_name.isidentifier() and exercise.points > 0
    assert exercise.section, "the hint after three wrong attempts needs the lesson's section"
    assert len(exercise.mistakes) >= 3, "name at least the three most likely mistakes"
    assert all(m.label and m.explanation for m in exercise.mistakes)


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_section_named_in_the_hint_exists_in_the_lesson(exercise_id):
    exercise = get(exercise_id)
    notebooks = list((ROOT / "notebooks").glob(f"{exercise.lesson}-*.ipynb"))
    if not notebooks:
        pytest.skip(f"lesson {exercise.lesson} has no notebook yet")
    import nbformat
    headings = [line.lstrip("#").strip() for cell in nbformat.read(notebooks[0], as_version=4).cells
                if cell.cell_type == "markdown" for line in cell.source.splitlines() if line.startswith("#")]
    assert exercise.section in headings


@pytest.mark.parametrize("exercise_id, label", MISTAKES)
def test_each_named_mistake_is_reachable_with_its_own_label(exercise_id, label):
    exercise = get(exercise_id)
    mistake = next(m for m in exercise.mistakes if m.label == label)
    result = exercise.run(exercise.mistake_answer(mistake))
    assert result.status == "failed" and result.mistake == label, result.message
    assert mistake.explanation in result.message


@pytest.mark.parametrize("exercise_id", IDS)
def test_unanswered_is_not_attempted(exercise_id):
    exercise = get(exercise_id)
    for placeholder in (None, ...):
        assert exercise.run(placeholder).status == "not attempted"
    assert exercise.judge_data(NOT_ATTEMPTED).status == "not attempted"
    if exercise.kind == "function":
        def not_yet(*args):
            raise NotImplementedError()
        assert exercise.run(not_yet).status == "not attempted"


class Pretender:
    """Pretends to be any answer; the judge must reject it without calling any of these."""

    calls: list[str] = []

    def __eq__(self, other):
        Pretender.calls.append("__eq__")
        return True

    def __float__(self):
        Pretender.calls.append("__float__")
        return 1.0

    def __array__(self, *args, **kwargs):
        Pretender.calls.append("__array__")
        return np.array(1.0)

    def __str__(self):
        Pretender.calls.append("__str__")
        return "b"

    def __len__(self):
        Pretender.calls.append("__len__")
        return 2

    def __iter__(self):
        Pretender.calls.append("__iter__")
        return iter([1.0, np.ones(3)])

    __hash__ = object.__hash__


HOSTILE_DATA = [Pretender(), "1.0", b"1", True, np.False_, 1 + 2j, {"answer": 1.0}, set(), object(),
                Unserializable("Fit"), Raised("RuntimeError", "boom"), np.zeros((3000, 3000)),
                np.array(["1.0"]), np.array([Pretender()], dtype=object), np.float64("nan"), float("inf"),
                10**500, [Pretender(), Pretender()], (Pretender(), np.ones(2)),
                FunctionOutputs(True, "function", [Pretender()], [False]),
                FunctionOutputs(True, "function", "not a list", "nor this"),
                FunctionOutputs(Pretender(), Pretender(), [], [])]


@pytest.mark.parametrize("exercise_id", IDS)
def test_judge_data_rejects_hostile_data_without_calling_it_and_never_raises(exercise_id):
    exercise = get(exercise_id)
    Pretender.calls.clear()
    for data in HOSTILE_DATA:
        assert_rejected(exercise.judge_data(data), exercise_id)
    if exercise.kind == "function":
        n = len(exercise.probes())
        for returned in ([Pretender()] * n, [Unserializable("Fit")] * n, [Raised("TypeError", "no")] * n,
                         ["1.0"] * n, [True] * n, [None] * n, [{"b": 1}] * n, [np.zeros((3000, 3000))] * n):
            assert_rejected(exercise.judge_data(FunctionOutputs(True, "function", returned, [False] * n)),
                            exercise_id)
        assert_rejected(exercise.judge_data(FunctionOutputs(False, "float", [], [])), exercise_id)
    assert Pretender.calls == []


# --- value exercises -------------------------------------------------------------------------------

def _value_forms(value, form):
    """The reference value written every way its task allows."""
    if type(form) is Number:
        forms = [float(value), np.float64(value), np.array(float(value)), np.float32(value)]
        if float(value).is_integer():
            forms += [int(value), np.int64(value)]
        return forms
    return [value]


def _malformed_values(value, form):
    if type(form) is Number:
        return [str(value), repr(value).encode(), True, False, float("nan"), [value], (value,),
                np.array([value]), np.array([[value]]), complex(value), np.str_(str(value)), Pretender()]
    arr = np.asarray(value)
    return [str(arr.tolist()), True, np.full(arr.shape, np.nan), arr.tolist(), arr.ravel()[:-1], arr[None],
            Pretender()]


@pytest.mark.parametrize("exercise_id", BY_KIND["value"])
def test_a_value_is_accepted_in_every_form_the_task_allows(exercise_id):
    exercise = get(exercise_id)
    value = exercise.reference_answer()
    for form in _value_forms(value, exercise.form):
        result = exercise.run(form)
        assert result.passed, (form, result.message)


@pytest.mark.parametrize("exercise_id", BY_KIND["value"])
def test_a_malformed_value_is_rejected_with_feedback(exercise_id):
    exercise = get(exercise_id)
    Pretender.calls.clear()
    for bad in _malformed_values(exercise.reference_answer(), exercise.form):
        result = exercise.run(bad)
        assert_rejected(result, exercise_id)
        assert result.mistake is None
        assert exercise.answer_name in result.message
    assert Pretender.calls == []


def _number_spellings(x: float) -> list[str]:
    spellings = {f"{x:g}", f"{x:.6g}", f"{x:.4g}", f"{x:.3g}", f"{x:.1f}", f"{x:.2f}", f"{x:.3f}", repr(float(x))}
    if float(x).is_integer():
        spellings.add(str(int(x)))
    return sorted(spellings, key=len, reverse=True)


def _wrong_values(exercise):
    value = float(exercise.reference_answer())
    wrong = [exercise.mistake_answer(m) for m in exercise.mistakes]
    wrong += [value * f for f in (1.01, 0.9, 1.5, 0.5, 2.0, 10.0, 0.1, 67.0, 500.0)] + [-value, value + 1, value - 1]
    if exercise.form.integer:
        wrong += [float(round(value)) + 3, round(value) - 2, value + 0.5]
    return wrong


@pytest.mark.parametrize("exercise_id", BY_KIND["value"])
def test_no_message_of_a_value_exercise_contains_the_expected_value(exercise_id):
    exercise = get(exercise_id)
    expected = float(exercise.reference_answer())
    for _round in range(2):  # the second round also carries the hint after three wrong attempts
        for wrong in _wrong_values(exercise):
            result = exercise.run(wrong)
            assert result.status == "failed", (wrong, result.message)
            shown = result.message.split(":", 1)[1]
            if type(wrong) in (int, float) or isinstance(wrong, np.number):
                shown = shown.replace(f"{float(wrong):.6g}", "<the answer>")   # the learner's own answer, echoed
            for spelling in _number_spellings(expected):
                assert not re.search(rf"(?<![\d.]){re.escape(spelling)}(?![\d])", shown), (spelling, result.message)


@pytest.mark.parametrize("exercise_id", BY_KIND["value"])
def test_a_far_off_value_is_told_its_direction(exercise_id):
    exercise = get(exercise_id)
    if not exercise.direction:
        pytest.skip("this exercise does not say which way (it would turn the check into a bisection)")
    value = float(exercise.reference_answer())
    whole = round if exercise.form.integer else float
    assert "too large" in exercise.run(whole(value * 37.0)).message
    assert "too small" in exercise.run(whole(value / 37.0)).message
    assert "wrong sign" in exercise.run(-value).message


# --- choice exercises ------------------------------------------------------------------------------

def _spellings(label: str, option_text: str) -> list[str]:
    return [label, label.upper(), f"({label})", f"{label})", f"{label}.", f" {label} ", f"\t{label}\n",
            f'"{label}"', f"'{label}'", f"( {label.upper()} )", option_text, option_text.upper(), f"  {option_text}  "]


@pytest.mark.parametrize("exercise_id", BY_KIND["choice"])
def test_every_spelling_of_every_option_is_read_as_that_option(exercise_id):
    exercise = get(exercise_id)
    labels = {m.answer: m.label for m in exercise.mistakes}
    for label, text in exercise.options.items():
        for spelling in _spellings(label, text):
            result = exercise.run(spelling)
            if label == exercise.correct:
                assert result.passed, (spelling, result.message)
            else:
                assert result.mistake == labels[label], (spelling, result.message)


@pytest.mark.parametrize("exercise_id", BY_KIND["choice"])
def test_anything_else_is_asked_for_one_of_the_labels(exercise_id):
    exercise = get(exercise_id)
    labels = ", ".join(exercise.options)
    correct = exercise.correct
    for bad in ["z", "", "bb", f"{correct} or {correct}", f"{correct}, {correct}", "none", "?", "(", "9"]:
        result = exercise.run(bad)
        assert_rejected(result, exercise_id)
        assert f"answer with one of {labels}" in result.message and result.mistake is None
    for bad in [b"b", correct.encode(), [correct], (correct,), True, 2, 2.0, np.str_(correct), Pretender()]:
        result = exercise.run(bad)
        assert_rejected(result, exercise_id)
        assert "should be a string" in result.message and result.mistake is None


# --- function exercises ----------------------------------------------------------------------------

_DATA_LEAVES = (int, float, str, bool)


def _is_data(value) -> bool:
    if type(value) is np.ndarray:
        return value.dtype.kind in "iuf"
    if type(value) in (tuple, list):
        return all(_is_data(v) for v in value)
    return type(value) in _DATA_LEAVES


@pytest.mark.parametrize("exercise_id", BY_KIND["function"])
def test_probes_are_data_only_deterministic_and_at_least_three(exercise_id):
    exercise = get(exercise_id)
    probes = exercise.probes()
    assert len(probes) >= 3 and all(type(p) is tuple for p in probes)
    assert all(_is_data(p) for p in probes)
    assert same_data(probes, exercise.probes())
    assert probes[0] is not exercise.probes()[0]   # fresh copies every time


@pytest.mark.parametrize("exercise_id", BY_KIND["function"])
def test_the_reference_returns_data_a_grader_can_carry(exercise_id):
    exercise = get(exercise_id)
    data = exercise.collect(exercise.reference_answer())
    assert type(data) is FunctionOutputs and data.is_callable and not any(data.mutated)
    assert all(_is_data(r) for r in data.returned)
    assert exercise.judge_data(copy.deepcopy(data)).passed


def _map_output(output, form, change):
    """Apply ``change(part, kind)`` to each part of an output of ``form`` ('number' or 'array' parts)."""
    if type(form) is Pair:
        return (_map_output(output[0], form.first, change), _map_output(output[1], form.second, change))
    return change(output, "array" if type(form) is Array else "number")


def _wrapped(reference, form, change):
    return lambda *args: _map_output(reference(*args), form, change)


MALFORMATIONS = {
    "a string": lambda part, kind: str(part),
    "a bool": lambda part, kind: True,
    "None": lambda part, kind: None,
    "NaN": lambda part, kind: np.full(np.shape(part), np.nan) if kind == "array" else float("nan"),
    "a list for an array": lambda part, kind: np.asarray(part).tolist() if kind == "array" else [part],
    "a wrong shape": lambda part, kind: np.append(np.ravel(part), 0.0) if kind == "array" else np.array([part]),
    "an extra axis": lambda part, kind: np.asarray(part)[None, ...] if kind == "array" else np.array([[part]]),
    "an object": lambda part, kind: Pretender(),
}


@pytest.mark.parametrize("exercise_id", BY_KIND["function"])
@pytest.mark.parametrize("malformation", sorted(MALFORMATIONS))
def test_a_malformed_return_value_is_rejected_with_feedback(exercise_id, malformation):
    exercise = get(exercise_id)
    Pretender.calls.clear()
    answer = _wrapped(exercise.reference_answer(), exercise.form, MALFORMATIONS[malformation])
    result = exercise.run(answer)
    assert_rejected(result, exercise_id)
    assert result.mistake is None
    assert Pretender.calls == []


@pytest.mark.parametrize("exercise_id", BY_KIND["function"])
def test_a_whole_return_value_of_the_wrong_kind_is_named(exercise_id):
    exercise = get(exercise_id)
    reference = exercise.reference_answer()
    for wrong, phrase in [(lambda *a: str(reference(*a)), "Remove the quotes" if type(exercise.form) is Number
                           else "it is the str"),
                          (lambda *a: None, "forget the `return`"),
                          (lambda *a: 1 / 0, "ZeroDivisionError"),
                          (3.0, "should be a function"),
                          ("def f(): pass", "should be a function")]:
        result = exercise.run(wrong)
        assert_rejected(result, exercise_id)
        assert phrase in result.message, result.message


@pytest.mark.parametrize("exercise_id", BY_KIND["function"])
def test_a_function_that_changes_its_inputs_in_place_is_told_so(exercise_id):
    exercise = get(exercise_id)
    reference = exercise.reference_answer()

    def vandal(*args):
        out = reference(*copy.deepcopy(args))
        for arg in args:
            if type(arg) is np.ndarray and arg.size:
                arg.flat[0] += 1.0
                break
        return out

    result = exercise.run(vandal)
    assert_rejected(result, exercise_id)
    assert "in place" in result.message


def _first_array_length(args):
    return next((len(a) for a in args if type(a) is np.ndarray and a.ndim >= 1 and len(a) > 2), None)


SLIPS = {
    "a flipped sign": lambda part, args: -np.asarray(part, float),
    "a lost sign (abs)": lambda part, args: np.abs(np.asarray(part, float)),
    "twice too large": lambda part, args: 2.0 * np.asarray(part, float),
    "half": lambda part, args: 0.5 * np.asarray(part, float),
    "a mean for a sum": lambda part, args: np.asarray(part, float) / (_first_array_length(args) or 3),
    "a sum for a mean": lambda part, args: np.asarray(part, float) * (_first_array_length(args) or 3),
    "off by one": lambda part, args: np.asarray(part, float) + 1.0,
    "reversed (an index slip or a transpose)": lambda part, args: np.asarray(part, float)[::-1].T,
}


@pytest.mark.parametrize("exercise_id", BY_KIND["function"])
@pytest.mark.parametrize("slip", sorted(SLIPS))
def test_the_probes_catch_the_usual_slips(exercise_id, slip):
    exercise = get(exercise_id)
    reference, form = exercise.reference_answer(), exercise.form
    if slip == "a lost sign (abs)" and all(np.all(np.concatenate([np.ravel(p) for p in (
            out if type(form) is Pair else [out])]) >= 0) for out in (reference(*a) for a in exercise.probes())):
        pytest.skip("every right result is non-negative, so abs() changes nothing")

    def slipped(*args):
        out = reference(*args)
        parts = list(out) if type(form) is Pair else [out]
        changed = [SLIPS[slip](part, args) for part in parts]
        changed = [float(c) if c.ndim == 0 else c for c in changed]
        return tuple(changed) if type(form) is Pair else changed[0]

    assert exercise.run(slipped).status == "failed"


def test_lambda_squared_and_lambda_half_are_told_apart():
    # the example: at λ = 0.5 the two coincide, so the probes avoid it
    assert all(not math.isclose(probe[-1], 0.5) for probe in get("05.1").probes())
    assert get("05.1").run(lambda d, lam: (max(d) ** 2 + lam**2) / (min(d) ** 2 + lam**2)).mistake == "lambda squared"
    assert get("05.1").run(lambda d, lam: (max(d) ** 2 + lam / 2) / (min(d) ** 2 + lam / 2)).mistake == \
        "lambda/2 convention"
