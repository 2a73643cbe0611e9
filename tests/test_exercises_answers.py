"""Recorded answers, most of them wrong, each with the verdict and the message it must get.

The answers live in ``tests/exercise_answers/lessonNN.py`` (see the README there): answer cells as a
learner writes them, run in a namespace like the lesson's, then checked with ``check``.
"""

from __future__ import annotations

import importlib.util
import io
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from helpers.exercises import catalog, check, framework

ANSWER_DIR = Path(__file__).parent / "exercise_answers"
MIN_WRONG = 5


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(f"exercise_answers_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LESSONS = {path.stem.removeprefix("lesson"): _load(path) for path in sorted(ANSWER_DIR.glob("lesson*.py"))}
CASES = [(lesson, i, answer) for lesson, module in LESSONS.items() for i, answer in enumerate(module.ANSWERS)]


def _prelude_namespace(lesson: str, cache: dict = {}) -> dict:  # noqa: B006 - a deliberate per-run cache
    if lesson not in cache:
        namespace: dict = {}
        exec(LESSONS[lesson].PRELUDE, namespace)  # noqa: S102 - the lesson's own setup code
        cache[lesson] = namespace
    return dict(cache[lesson])


@pytest.mark.parametrize("lesson, index, answer", CASES,
                         ids=[f"{a['exercise']}-{i}" for _, i, a in CASES])
def test_a_recorded_answer_gets_its_verdict_and_message(lesson, index, answer):
    framework.reset_attempts()
    registered = {e["id"]: e for e in catalog()}
    assert answer["exercise"] in registered, f"{answer['exercise']} is not a registered exercise"
    namespace = _prelude_namespace(lesson)
    with redirect_stdout(io.StringIO()):
        exec(answer["source"], namespace)  # noqa: S102 - a learner's answer cell
        result = check(answer["exercise"], namespace.get(registered[answer["exercise"]]["answer_name"]))
    assert result.status == answer.get("status", "failed"), result.message
    assert result.mistake == answer["mistake"], result.message
    assert answer["says"] in result.message, result.message


@pytest.mark.parametrize("exercise_id", [e["id"] for e in catalog()])
def test_every_exercise_has_at_least_five_recorded_wrong_answers(exercise_id):
    wrong = [a for _, _, a in CASES if a["exercise"] == exercise_id and a.get("status", "failed") == "failed"]
    assert len(wrong) >= MIN_WRONG, f"{exercise_id} has {len(wrong)} recorded wrong answers; add some to " \
        f"tests/exercise_answers/lesson{exercise_id[:2]}.py"


@pytest.mark.parametrize("exercise_id", [e["id"] for e in catalog()])
def test_the_recorded_answers_reach_at_least_three_named_mistakes(exercise_id):
    named = {a["mistake"] for _, _, a in CASES if a["exercise"] == exercise_id and a["mistake"]}
    assert len(named) >= 3, f"{exercise_id}: the recorded answers reach only {sorted(named)}"
