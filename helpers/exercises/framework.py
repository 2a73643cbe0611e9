"""The judging core behind ``check``: one way to read, compare and explain every exercise's answer.

Judging is split in two steps, so that an answer can be judged outside the Python process that
produced it (the instructors' grader does exactly that):

1. **Produce data** (``Exercise.collect(answer)``), run where the answer lives. A value or a
   multiple-choice answer is returned as it is. A function answer is called on fresh deep copies of
   every probe input (``Exercise.probes()``), and what it gave comes back as ``FunctionOutputs``:
   the return value of each call (or ``Raised``) and whether the call changed its inputs in place.
   ``None``, ``...`` or a ``NotImplementedError`` give the singleton ``NOT_ATTEMPTED``.
2. **Judge data** (``Exercise.judge_data(data)``): pure, never calls the learner's code and never
   raises. Every value is accepted or rejected by *exact* type checks (``type(x) is float``, a real
   ``np.ndarray``), so objects that only pretend to be numbers (``__float__``, ``__array__``, an
   ``__eq__`` that returns True), strings, bytes, bools and ``None`` are rejected with a message that
   says what was given and what is expected.

``Exercise.run(answer)`` is ``judge_data(collect(answer))`` plus a pointer to the lesson's section
after three wrong attempts in one session; ``check(exercise_id, answer)`` prints its message.

How to add an exercise
----------------------
Create (or extend) ``helpers/exercises/lessonNN.py`` and call ``register`` with one of three kinds.
The module is imported automatically, and the contract test ``tests/test_exercises_contract.py``
covers the new exercise the day it is registered.

**A value** (a number or an array the learner computes)::

    from .framework import Array, ChoiceExercise, FunctionExercise, Mistake, Number, Pair, ValueExercise, register

    register(ValueExercise(
        "07.2", task="The λ of Keras's l2(0.01) on n = 200 rows.", answer_name="lam_keras",
        section="3. Keras's l2", form=Number(),
        expected=lambda: 200 * 0.01,                     # computed lazily, never shown to the learner
        mistakes=[Mistake("keras factor as lambda", "used Keras's factor l as λ; multiply by n",
                          lambda: 0.01)],
        praise="λ = n·l."))

``form`` says what an answer is: ``Number()`` (``integer=True`` for a count or a degree),
``Array(allow_list=False)`` (shape taken from the reference) or ``Pair(first, second, names=("b", "w"))``.
``factors`` names ratios worth a question (``{67: "did you use the mean instead of the sum?"}``),
``direction=False`` hides "too large / too small" where it would let a learner bisect (a degree), and
``screen`` is an optional look at the answer before the comparison (03.2's unrounded step count). A value's
message says which way and roughly how far a wrong answer is ("about 10× too large"), names the
mistake whose value it equals, and never contains the expected value.

**A choice** (multiple choice, the answer a ``str``)::

    register(ChoiceExercise(
        "07.3", task="...", answer_name="choice", section="...",
        options={"a": "text of (a)", "b": "text of (b)", "c": "..."}, correct="b",
        mistakes=[Mistake("adam decay scaled", "why (a) is wrong...", "a"), ...],
        praise="why (b) is right"))

One ``Mistake`` per wrong option, its third field being the option's label. The parser accepts
``b``, ``B``, ``(b)``, ``b)``, ``b.``, surrounding spaces or quotes, and the option's full text. Use
labels that cannot be confused with other labels of the lesson (numbers when the lesson has curves
A, B, C).

**A function** (the learner writes a function)::

    register(FunctionExercise(
        "07.4", task="...", answer_name="decay_step", section="...",
        reference=_decay_step,                           # the right function, in the learner's shape
        probe_inputs=_decay_probes,                      # () -> list of argument tuples
        form=Array(),                                    # what one call must return
        mistakes=[Mistake("lambda/2 convention", "used the λ/2 convention: ...", _decay_half)],
        praise="..."))

**Probes** are the argument tuples the answer is called with: at least three, deterministic, made
only of data (``int``, ``float``, ``str``, ``bool``, real NumPy arrays, tuples and lists of those), in
the types the task promises (arrays where it says arrays). Choose them so that each named mistake,
and the usual slips (a flipped sign, a lost ``abs``, a transpose, a mean for a sum, an off-by-one),
give results different from the reference's *and from each other's*: λ = 0.5 makes λ² and λ/2 equal,
so no probe should use it.

**Named mistakes** are ``Mistake(label, explanation, answer)``: ``label`` is short and stable (the
class report counts it), ``explanation`` completes "It looks like you ..." and says why it is wrong,
``answer`` is the wrong answer itself (a value, a zero-argument function computing it, an option's
label, or a function with the answer's signature). An answer is said to make a mistake when it
equals that mistake's answer on every probe; the contract test checks that every mistake is
reachable and distinct. Name at least the three mistakes a learner is most likely to make.

**Also** give ``section``, a heading of the lesson's notebook (the hint after three wrong attempts
points there; the contract test checks that the heading exists), and record at least five real wrong
answers, with the message each must get, in ``tests/exercise_answers/lessonNN.py``.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

registry: dict[str, Exercise] = {}

#: How many wrong attempts at one exercise before the message points at the lesson's section.
HINT_AFTER = 3


class _NotAttemptedType:
    """The type of ``NOT_ATTEMPTED``: the answer is still the unanswered placeholder."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_ATTEMPTED"

    def __reduce__(self):
        return (_NotAttemptedType, ())


NOT_ATTEMPTED = _NotAttemptedType()


@dataclass(frozen=True)
class Raised:
    """Stands for "this call raised": the exception's type name and message."""

    type_name: str
    message: str


@dataclass(frozen=True)
class Unserializable:
    """Stands for a value that could not be turned into data (an object, a module, a generator...)."""

    type_name: str


@dataclass(frozen=True)
class FunctionOutputs:
    """What calling an answer on each probe gave: ``returned[i]`` (a value or ``Raised``), ``mutated[i]``."""

    is_callable: bool
    type_name: str
    returned: list
    mutated: list


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one answer: ``status`` is ``"passed"``, ``"failed"`` or ``"not attempted"``.

    ``mistake`` is the short label of the named mistake the answer matched, or ``None``.
    """

    exercise_id: str
    status: str
    message: str
    points: float
    max_points: float
    mistake: str | None = None

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    def __repr__(self) -> str:
        return (f"CheckResult({self.exercise_id!r}, status={self.status!r}, "
                f"points={self.points:g}/{self.max_points:g})")

    def _ipython_display_(self):
        # check() has printed the message already; showing the result as the cell's value would repeat it.
        pass


class Wrong(Exception):
    """Raised inside a judge when an answer is not right; ``mistake`` is the label of a named mistake."""

    def __init__(self, message: str, mistake: str | None = None):
        super().__init__(message)
        self.message = message
        self.mistake = mistake


@dataclass(frozen=True)
class Mistake:
    """A known mistake: a stable ``label``, the ``explanation`` shown, and the wrong ``answer`` itself."""

    label: str
    explanation: str
    answer: Any


# --------------------------------------------------------------------------------------------------
# reading data by exact type: nothing here calls a method of an object the learner made

_NUMPY_REALS = frozenset({np.float16, np.float32, np.float64, np.longdouble, np.int8, np.int16, np.int32,
                          np.int64, np.uint8, np.uint16, np.uint32, np.uint64, np.intc, np.uintc,
                          np.longlong, np.ulonglong})
_SAFE_REPR = (str, bytes, bool, type(None), int, float)


def type_name(value) -> str:
    """The name of ``value``'s type, read without calling anything ``value`` defines."""
    try:
        name = type.__getattribute__(type(value), "__name__")
    except Exception:  # noqa: BLE001 - a hostile metaclass; the name is only for the message
        return "object"
    return name if isinstance(name, str) else "object"


def _given(value) -> str:
    """Say what was given: the value itself for short plain data, otherwise its type."""
    kind = type(value)
    if value is NOT_ATTEMPTED:
        return "nothing"
    if kind is Raised:
        return f"an error ({_text(value.type_name)})"
    if kind is Unserializable:
        return f"a {_text(value.type_name)} object"
    if kind in _SAFE_REPR:
        text = repr(value)
        return f"the {type_name(value)} {text if len(text) <= 30 else text[:27] + '...'}"
    if kind is np.ndarray:
        return f"an array of dtype {value.dtype} and shape {value.shape}"
    if kind in (list, tuple):
        return f"a {kind.__name__} of {len(value)} item{'s' if len(value) != 1 else ''}"
    if kind is complex or kind in (np.complex64, np.complex128):
        return "a complex number"
    return f"a {type_name(value)}"


def _text(value) -> str:
    """A field of grader-made data as text: a ``str`` as it is, anything else only by its type."""
    return value if type(value) is str else type_name(value)


def _real_number(value) -> float | None:
    """``value`` as a float if it is a real number (int, float, NumPy real scalar, 0-d real array)."""
    kind = type(value)
    if kind is int or kind is float or kind in _NUMPY_REALS:
        try:
            return float(value)
        except OverflowError:
            return math.inf
    if kind is np.ndarray and value.ndim == 0 and value.dtype.kind in "iuf":
        return float(value[()])
    return None


@dataclass(frozen=True)
class Form:
    """What an answer (or one call's return value) must be; ``read`` returns its parts as float arrays."""

    def read(self, value, what: str) -> list[np.ndarray]:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class Number(Form):
    """A real number; ``integer=True`` for a whole number (an ``int``, or a float such as 113.0)."""

    integer: bool = False

    def describe(self) -> str:
        return "a whole number (an int)" if self.integer else "a number (an int or a float)"

    def read(self, value, what: str) -> list[np.ndarray]:
        number = _real_number(value)
        if number is None:
            hint = ""
            if type(value) in (str, bytes):
                hint = " Remove the quotes: a number written as text is not a number."
            elif type(value) is bool or type(value) is np.bool_:
                hint = " True and False are not numbers here."
            elif type(value) in (list, tuple) or type(value) is np.ndarray:
                hint = " Give a single number, not a collection."
            raise Wrong(f"{what} should be {self.describe()}, but it is {_given(value)}.{hint}")
        if math.isnan(number):
            raise Wrong(f"{what} is NaN (not a number): somewhere a 0/0 or a NaN in the data crept in.")
        if math.isinf(number):
            raise Wrong(f"{what} is infinite: something overflowed or was divided by zero.")
        return [np.array(number)]


@dataclass(frozen=True)
class Array(Form):
    """A real NumPy array of the reference's shape; a list is accepted only with ``allow_list=True``."""

    allow_list: bool = False

    def describe(self) -> str:
        return "a NumPy array of numbers" + (" (or a list)" if self.allow_list else "")

    def read(self, value, what: str) -> list[np.ndarray]:
        if type(value) in (list, tuple) and self.allow_list:
            value = _list_to_array(value)
            if value is None:
                raise Wrong(f"{what} should be a list of numbers, all of one length per row.")
        if type(value) is not np.ndarray:
            hint = ""
            if type(value) in (list, tuple):
                hint = " Wrap it with np.array(...) (or compute it with NumPy operations)."
            raise Wrong(f"{what} should be {self.describe()}, but it is {_given(value)}.{hint}")
        if value.dtype.kind not in "iuf":
            raise Wrong(f"{what} should hold real numbers, but its dtype is {value.dtype}.")
        if value.size and not np.all(np.isfinite(value)):
            raise Wrong(f"{what} contains NaN or infinite values.")
        return [value.astype(float)]


def _list_to_array(items) -> np.ndarray | None:
    flat = []
    for item in items:
        if type(item) in (list, tuple):
            inner = _list_to_array(item)
            if inner is None:
                return None
            flat.append(inner)
        else:
            number = _real_number(item)
            if number is None:
                return None
            flat.append(np.array(number))
    try:
        return np.array(flat, dtype=float)
    except ValueError:
        return None


@dataclass(frozen=True)
class Pair(Form):
    """A pair ``(first, second)``, for example ``(b, w)``: a tuple (or list) of two answers."""

    first: Form = field(default_factory=Number)
    second: Form = field(default_factory=Array)
    names: tuple[str, str] = ("b", "w")

    def describe(self) -> str:
        return f"a pair ({self.names[0]}, {self.names[1]})"

    def read(self, value, what: str) -> list[np.ndarray]:
        if type(value) not in (tuple, list) or len(value) != 2:
            raise Wrong(f"{what} should be {self.describe()}: {self.first.describe()} and "
                        f"{self.second.describe()}, as in `return {self.names[0]}, {self.names[1]}`; "
                        f"it is {_given(value)}.")
        return (self.first.read(value[0], f"the first item of {what}, {self.names[0]},")
                + self.second.read(value[1], f"the second item of {what}, {self.names[1]},"))


def _same_shapes(got: list[np.ndarray], expected: list[np.ndarray], what: str, form: Form) -> None:
    for index, (g, e) in enumerate(zip(got, expected)):
        if g.shape != e.shape:
            part = what
            if type(form) is Pair:
                part = f"{form.names[index]} (item {index + 1} of {what})"
            if e.ndim == 0:
                raise Wrong(f"{part} should be a single number, but it has shape {g.shape}.")
            hint = ""
            if g.ndim == 2 and g.shape[::-1] == e.shape:
                hint = " It looks transposed."
            elif g.size == e.size:
                hint = " It has the right number of entries: flatten or reshape it."
            raise Wrong(f"{part} has shape {g.shape}, but it should have shape {e.shape}.{hint}")


def _close(got: list[np.ndarray], expected: list[np.ndarray], rtol: float, atol: float) -> bool:
    return all(g.shape == e.shape and bool(np.allclose(g, e, rtol=rtol, atol=atol, equal_nan=False))
               for g, e in zip(got, expected))


def _data_copy(value):
    return copy.deepcopy(value)


def same_data(a, b) -> bool:
    """Whether two pieces of data are identical (exact types, arrays equal with NaN equal to NaN)."""
    if type(a) is not type(b):
        return False
    if type(a) is np.ndarray:
        return a.shape == b.shape and a.dtype == b.dtype and bool(np.array_equal(a, b, equal_nan=True))
    if type(a) in (list, tuple):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b))
    if type(a) is float or type(a) in _NUMPY_REALS:
        return a == b or (a != a and b != b)
    if type(a) in (int, str, bool, bytes, type(None)):
        return a == b
    return False


def _describe_number(x: float) -> str:
    return f"{x:.6g}"


def _describe_parts(parts: list[np.ndarray]) -> str:
    shown = []
    for part in parts:
        if part.ndim == 0:
            shown.append(_describe_number(float(part)))
        else:
            shown.append(np.array2string(part, precision=4, threshold=8, suppress_small=True))
    return shown[0] if len(shown) == 1 else "(" + ", ".join(shown) + ")"


def _ratio_hint(got: float, expected: float, factors: dict[float, str]) -> str:
    """Which way and roughly how far a wrong number is, without giving the number away."""
    if expected == 0.0:
        return "It should be zero." if got != 0.0 else ""
    if got == 0.0:
        return "It is zero, and it should not be."
    if (got > 0) != (expected > 0):
        return "It has the wrong sign." + (" Did you lose an abs()?" if abs(got) != abs(expected) else "")
    ratio = got / expected
    for factor, question in factors.items():
        for f, word in ((factor, "large"), (1 / factor, "small")):
            if math.isclose(ratio, f, rel_tol=0.02):
                return f"It is {factor:g}× too {word}: {question}"
    if ratio >= 3:
        return f"It is about {_round_1(ratio)}× too large."
    if ratio <= 1 / 3:
        return f"It is about {_round_1(1 / ratio)}× too small."
    return "It is too large." if ratio > 1 else "It is too small."


def _round_1(x: float) -> str:
    """One significant figure: enough to see a convention's factor, too little to read off the answer."""
    return f"{float(f'{x:.1g}'):g}"


# --------------------------------------------------------------------------------------------------
# the exercises


@dataclass
class Exercise:
    """One registered exercise. Subclasses say what the answer is: a value, a choice, a function."""

    exercise_id: str
    task: str
    answer_name: str
    section: str = ""
    points: float = 1.0
    mistakes: Sequence[Mistake] = ()
    praise: str = "Well done."
    kind = "value"

    def __post_init__(self):
        labels = [m.label for m in self.mistakes]
        if len(set(labels)) != len(labels):
            raise ValueError(f"exercise {self.exercise_id}: mistake labels must be distinct, got {labels}")

    @property
    def lesson(self) -> str:
        return self.exercise_id.split(".")[0]

    def summary(self) -> dict:
        return {"id": self.exercise_id, "lesson": self.lesson, "task": self.task, "kind": self.kind,
                "answer_name": self.answer_name, "points": self.points}

    def probes(self) -> list[tuple]:
        return []

    # --- produce data --------------------------------------------------------------------------
    def collect(self, answer):
        """The data to judge: the answer itself, or ``NOT_ATTEMPTED`` for the unanswered placeholder."""
        if answer is None or answer is Ellipsis:
            return NOT_ATTEMPTED
        return answer

    # --- judge data ----------------------------------------------------------------------------
    def judge_data(self, data) -> CheckResult:
        """Judge collected data; pure, never raises, never calls anything the learner wrote."""
        if data is NOT_ATTEMPTED:
            where = ("Replace `raise NotImplementedError()` in the cell above with your answer"
                     if self.kind == "function" else
                     f"Write your answer in the cell above (it should define `{self.answer_name}`)")
            return self._result("not attempted", f"not attempted yet. {where}, run it, then run this check again.")
        try:
            with np.errstate(all="ignore"):
                remark = self._judge(data)
        except Wrong as verdict:
            return self._result("failed", f"not quite. {verdict.message}", verdict.mistake)
        except Exception as exc:  # noqa: BLE001 - a judge must answer whatever it is given
            return self._result("failed", f"this answer could not be judged ({type(exc).__name__}); "
                                f"{self.answer_name} should be {self.expects()}.")
        return self._result("passed", "correct. " + remark)

    def run(self, answer) -> CheckResult:
        """``judge_data(collect(answer))``, pointing at the lesson's section after repeated wrong attempts."""
        result = self.judge_data(self.collect(answer))
        if result.status == "failed":
            _wrong_attempts[self.exercise_id] = _wrong_attempts.get(self.exercise_id, 0) + 1
            if _wrong_attempts[self.exercise_id] >= HINT_AFTER and self.section:
                result = CheckResult(result.exercise_id, result.status,
                                     f"{result.message} (Lesson {self.lesson}, section “{self.section}”, "
                                     "derives this step by step: it is worth re-reading.)",
                                     result.points, result.max_points, result.mistake)
        elif result.status == "passed":
            _wrong_attempts.pop(self.exercise_id, None)
        return result

    # --- for subclasses ------------------------------------------------------------------------
    def _judge(self, data) -> str:
        raise NotImplementedError

    def expects(self) -> str:
        raise NotImplementedError

    def reference_answer(self):
        """The right answer, in the form a learner would give it (used by the tests)."""
        raise NotImplementedError

    def mistake_answer(self, mistake: Mistake):
        """The wrong answer a learner making ``mistake`` would give (used by the tests)."""
        return mistake.answer

    def _result(self, status, text, mistake=None) -> CheckResult:
        points = self.points if status == "passed" else 0.0
        mark = {"passed": "✔", "failed": "✘", "not attempted": "…"}[status]
        return CheckResult(self.exercise_id, status, f"{mark} Exercise {self.exercise_id}: {text}",
                           points, self.points, mistake)

    def _reject_stand_ins(self, data) -> None:
        if type(data) is Raised:
            raise Wrong(f"computing `{self.answer_name}` raised {_text(data.type_name)}: {_text(data.message)}. "
                        "Fix the error and run the check again.")
        if type(data) is Unserializable:
            raise Wrong(f"`{self.answer_name}` is a {_text(data.type_name)} object; it should be {self.expects()}.")


_wrong_attempts: dict[str, int] = {}


def reset_attempts() -> None:
    """Forget the wrong attempts counted in this session (the tests start each case afresh)."""
    _wrong_attempts.clear()


@dataclass
class ValueExercise(Exercise):
    """The learner computes a value; ``expected`` is a zero-argument function computing the right one."""

    form: Form = field(default_factory=Number)
    expected: Callable[[], Any] = None
    rtol: float = 1e-6
    atol: float = 1e-9
    #: ratios worth naming, e.g. ``{67: "did you use the mean instead of the sum?"}``
    factors: dict = field(default_factory=dict)
    #: show "too large / too small"; off for answers such as a degree, where that would be a bisection
    direction: bool = True
    #: an exercise-specific look at an answer before the comparison: (parts, expected parts) -> None
    screen: Callable | None = None
    kind = "value"

    def __post_init__(self):
        super().__post_init__()
        self._cache: dict[str, list[np.ndarray]] = {}

    def expects(self) -> str:
        return self.form.describe()

    def expected_parts(self) -> list[np.ndarray]:
        if "expected" not in self._cache:
            self._cache["expected"] = self.form.read(self.expected(), "the reference")
        return self._cache["expected"]

    def mistake_parts(self, mistake: Mistake) -> list[np.ndarray]:
        if mistake.label not in self._cache:
            value = mistake.answer() if callable(mistake.answer) else mistake.answer
            self._cache[mistake.label] = [np.asarray(p, dtype=float) for p in self.form.read(value, "mistake")]
        return self._cache[mistake.label]

    def reference_answer(self):
        return self.expected()

    def mistake_answer(self, mistake: Mistake):
        return mistake.answer() if callable(mistake.answer) else mistake.answer

    def _judge(self, data) -> str:
        self._reject_stand_ins(data)
        what = f"`{self.answer_name}`"
        got = self.form.read(data, what)
        expected = self.expected_parts()
        _same_shapes(got, expected, what, self.form)
        if self.screen is not None:
            self.screen(got, expected)
        if _close(got, expected, self.rtol, self.atol):
            return self.praise
        for mistake in self.mistakes:
            if _close(got, self.mistake_parts(mistake), self.rtol, self.atol):
                raise Wrong(f"{what} is {_describe_parts(got)}. It looks like you {mistake.explanation}.",
                            mistake.label)
        if type(self.form) is Number and self.form.integer and not float(got[0]).is_integer():
            raise Wrong(f"{what} should be a whole number, but it is {float(got[0]):.6g}.")
        hint = ""
        if self.direction and len(got) == 1 and got[0].ndim == 0:
            hint = " " + _ratio_hint(float(got[0]), float(expected[0]), self.factors)
        raise Wrong(f"{what} = {_describe_parts(got)} is not right.{hint}".rstrip()
                    + " Check each step of your computation against the task.")


_LABEL = re.compile(r"\(?\s*([A-Za-z0-9])\s*[).:]?")


def _normalized(text: str) -> str:
    text = re.sub(r"[*`$\\]", "", text).lower()
    return re.sub(r"\s+", " ", text).strip().rstrip(".;").strip()


@dataclass
class ChoiceExercise(Exercise):
    """Multiple choice: the answer is one option's label as a ``str``; one ``Mistake`` per wrong option."""

    options: dict = field(default_factory=dict)
    correct: str = ""
    #: a note for answers that look like another label of the lesson (01.3's curves A, B, C)
    confusable: dict = field(default_factory=dict)
    kind = "choice"

    def __post_init__(self):
        super().__post_init__()
        if self.correct not in self.options:
            raise ValueError(f"exercise {self.exercise_id}: correct={self.correct!r} is not an option")
        wrong = set(self.options) - {self.correct}
        named = {m.answer for m in self.mistakes}
        if named != wrong:
            raise ValueError(f"exercise {self.exercise_id}: every wrong option needs one Mistake, "
                             f"missing {sorted(wrong - named)}")

    def labels_text(self) -> str:
        return ", ".join(self.options)

    def expects(self) -> str:
        return f"one of the labels {self.labels_text()}, as a string (for example \"{next(iter(self.options))}\")"

    def reference_answer(self):
        return self.correct

    def parse(self, data) -> str:
        """The option's label chosen by ``data``; ``Wrong`` for anything that is not one."""
        if type(data) is not str:
            raise Wrong(f"`{self.answer_name}` should be a string, one of {self.labels_text()} "
                        f"(for example {self.answer_name} = \"{next(iter(self.options))}\"); "
                        f"it is {_given(data)}.")
        text = data.strip()
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
            text = text[1:-1].strip()
        match = _LABEL.fullmatch(text)
        if match and match.group(1).lower() in self.options:
            return match.group(1).lower()
        for label, option in self.options.items():
            if _normalized(text) == _normalized(option):
                return label
        note = self.confusable.get(re.sub(r"[().\s]", "", text).upper(), "") if len(text) <= 4 else ""
        raise Wrong(f"answer with one of {self.labels_text()}; got {_given(data)}. {note}".rstrip())

    def _judge(self, data) -> str:
        self._reject_stand_ins(data)
        label = self.parse(data)
        if label == self.correct:
            return self.praise
        mistake = next(m for m in self.mistakes if m.answer == label)
        raise Wrong(f"({label}) is not it. {mistake.explanation}", mistake.label)


@dataclass
class FunctionExercise(Exercise):
    """The learner writes a function; it is called on every probe and compared with ``reference``."""

    reference: Callable = None
    probe_inputs: Callable[[], list[tuple]] = None
    form: Form = field(default_factory=Number)
    rtol: float = 1e-6
    atol: float = 1e-9
    kind = "function"

    def __post_init__(self):
        super().__post_init__()
        self._probes: list[tuple] | None = None
        self._outputs: dict[str, list] = {}

    def expects(self) -> str:
        return f"a function (defined with `def {self.answer_name}(...)`) that returns {self.form.describe()}"

    def probes(self) -> list[tuple]:
        if self._probes is None:
            self._probes = [tuple(p) for p in self.probe_inputs()]
        return _data_copy(self._probes)

    def reference_answer(self):
        return self.reference

    # --- produce data --------------------------------------------------------------------------
    def collect(self, answer):
        if answer is None or answer is Ellipsis:
            return NOT_ATTEMPTED
        if not callable(answer):
            return FunctionOutputs(False, type_name(answer), [], [])
        returned, mutated = [], []
        for probe in self.probes():
            pristine, given = _data_copy(probe), _data_copy(probe)
            try:
                with np.errstate(all="ignore"):
                    returned.append(answer(*given))
            except NotImplementedError:
                return NOT_ATTEMPTED
            except Exception as exc:  # noqa: BLE001 - the learner's code crashed: report it, no traceback
                returned.append(Raised(type_name(exc), _exception_text(exc)))
            mutated.append(not same_data(pristine, given))
        return FunctionOutputs(True, type_name(answer), returned, mutated)

    # --- judge data ----------------------------------------------------------------------------
    def outputs_of(self, function: Callable, key: str) -> list:
        """Our own function's canonical outputs on every probe (``None`` where it is undefined)."""
        if key not in self._outputs:
            outputs = []
            for probe in self.probes():
                try:
                    with np.errstate(all="ignore"):
                        parts = self.form.read(function(*probe), "output")
                except Exception:  # noqa: BLE001 - a mistake may be undefined on a probe (0/0, say)
                    parts = None
                outputs.append(parts)
            self._outputs[key] = outputs
        return self._outputs[key]

    def _judge(self, data) -> str:
        self._reject_stand_ins(data)
        name = f"`{self.answer_name}`"
        if type(data) is not FunctionOutputs:
            raise Wrong(f"{name} should be {self.expects()}, but it is {_given(data)}.")
        if data.is_callable is not True:
            raise Wrong(f"{name} should be a function (defined with `def`), but it is a "
                        f"{data.type_name if type(data.type_name) is str else 'value'}.")
        probes = self.probes()
        returned, mutated = data.returned, data.mutated
        if type(returned) is not list or type(mutated) is not list or len(returned) != len(probes):
            raise Wrong(f"{name} was not called on every test input; run the check again.")
        expected = self.outputs_of(self.reference, "reference")
        got = []
        for index, value in enumerate(returned):
            where = f"On test input {index + 1} of {len(probes)} ({_describe_probe(probes[index])})"
            if type(value) is Raised:
                raise Wrong(f"{where} your function raised {_text(value.type_name)}: {_text(value.message)}. "
                            "Fix the error and run the check again.")
            if index < len(mutated) and mutated[index] is True:
                raise Wrong(f"{where} your function changed its input arrays in place (with `+=`, `-=` "
                            "or an assignment into an argument). Work on a copy, or write `w = w - ...` "
                            "which makes a new array, so that the caller's data stays as it was.")
            if value is None:
                raise Wrong(f"{where} {name} returned None: did you forget the `return` statement?")
            if type(value) is Unserializable:
                raise Wrong(f"{where} {name} returned a {_text(value.type_name)} object; it should return "
                            f"{self.form.describe()}.")
            try:
                parts = self.form.read(value, f"the result of {name}")
                _same_shapes(parts, expected[index], f"the result of {name}", self.form)
            except Wrong as verdict:
                raise Wrong(f"{where}: {verdict.message}") from None
            got.append(parts)
        wrong = [i for i in range(len(probes)) if not _close(got[i], expected[i], self.rtol, self.atol)]
        if not wrong:
            return self.praise
        for mistake in self.mistakes:
            theirs = self.outputs_of(mistake.answer, mistake.label)
            if all(theirs[i] is not None and _close(got[i], theirs[i], self.rtol, self.atol)
                   for i in range(len(probes))):
                how_many = (f"all {len(probes)}" if len(wrong) == len(probes)
                            else f"{len(wrong)} of the {len(probes)}")
                raise Wrong(f"{name} gives the wrong result on {how_many} test inputs. "
                            f"It looks like you {mistake.explanation}.", mistake.label)
        first = wrong[0]
        slip = _slip(got[first], expected[first], probes[first])
        how_many = f"all {len(probes)}" if len(wrong) == len(probes) else f"{len(wrong)} of the {len(probes)}"
        raise Wrong(f"On test input {first + 1} of {len(probes)} ({_describe_probe(probes[first])}) {name} "
                    f"returned {_describe_parts(got[first])}; the right result is "
                    f"{_describe_parts(expected[first])}.{slip} It is wrong on {how_many} test inputs.")


def _slip(got: list[np.ndarray], expected: list[np.ndarray], probe: tuple) -> str:
    """Name a generic slip (sign, abs, mean for sum, a factor 2) that explains the difference."""
    g = np.concatenate([p.ravel() for p in got])
    e = np.concatenate([p.ravel() for p in expected])
    if not np.any(e):
        return ""
    n = next((len(a) for a in probe if type(a) is np.ndarray and a.ndim >= 1 and len(a) > 2), None)
    checks = [(-e, " It has the opposite sign: check the sign of each term."),
              (np.abs(e), " It has lost the signs: is there an abs() too many?"),
              (2 * e, " It is twice too large: check the factors 2 (and ½ conventions)."),
              (e / 2, " It is half as large as it should be: check the factors 2 (and ½ conventions).")]
    if n:
        checks += [(e / n, f" It is {n}× too small: did you use the mean instead of the sum?"),
                   (e * n, f" It is {n}× too large: did you use the sum instead of the mean?")]
    for candidate, text in checks:
        if np.allclose(g, candidate, rtol=1e-6, atol=1e-9) and not np.allclose(g, e, rtol=1e-6, atol=1e-9):
            return text
    return ""


def _describe_probe(probe: tuple) -> str:
    shown = []
    for arg in probe:
        if type(arg) is np.ndarray:
            shown.append(f"array {arg.shape}" if arg.ndim else f"{float(arg):g}")
        elif type(arg) in (int, float):
            shown.append(f"{arg:g}")
        elif type(arg) in (list, tuple):
            shown.append(f"{type(arg).__name__} of {len(arg)}")
        else:
            shown.append(type_name(arg))
    return ", ".join(shown)


def _exception_text(exc: BaseException) -> str:
    try:
        text = str(exc)
    except Exception:  # noqa: BLE001 - an exception whose __str__ fails still has a type
        text = ""
    return text if len(text) <= 200 else text[:197] + "..."


def register(exercise: Exercise) -> Exercise:
    """Add ``exercise`` to the registry (ids are unique)."""
    if exercise.exercise_id in registry:
        raise ValueError(f"exercise {exercise.exercise_id!r} is registered twice")
    registry[exercise.exercise_id] = exercise
    return exercise
