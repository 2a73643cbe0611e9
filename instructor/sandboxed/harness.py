"""Inside the sandbox's kernel: turn each exercise's answer into data, and nothing more.

The grader adds, after each exercise's check cell, a cell that calls ``collect``. It writes the answer
(or, for a function exercise, what the function returned on each of the exercise's probe inputs) as
data-only JSON (``datacodec``) to ``$GRADING_RECORDS/<exercise>.json``. No verdict is computed here:
the grader reads these records after the sandbox has ended and judges them with the course's own
checks, which this kernel never sees. Whatever a student's code does to this process can only spoil
its own records.
"""

from __future__ import annotations

import json
import os

import datacodec

RECORDS = os.environ.get("GRADING_RECORDS", "/tmp/records")
PROBES = os.environ.get("GRADING_PROBES", "/in/probes.json")
MAX_MESSAGE = 2000


def _probes(exercise_id: str) -> list:
    with open(PROBES, encoding="utf-8") as f:
        nodes = json.load(f).get(exercise_id, [])
    return nodes


def _text(exc: BaseException) -> str:
    try:
        return str(exc)[:MAX_MESSAGE]
    except BaseException:  # noqa: BLE001 - a hostile __str__ only loses the message
        return "(the message could not be read)"


def _function_record(answer, exercise_id: str) -> dict:
    nodes = _probes(exercise_id)
    returned, mutated = [], []
    budget = datacodec.Budget()
    for node in nodes:
        args = datacodec.decode(node)
        try:
            value = answer(*args)
        except NotImplementedError:
            return {"status": "not attempted"}
        except BaseException as exc:  # noqa: BLE001 - every failure is data for the judge
            returned.append({"t": "raised", "type": type(exc).__name__, "message": _text(exc)})
        else:
            try:
                returned.append(datacodec.encode(value, budget))
            except datacodec.TooLarge:
                returned.append({"t": "unserializable", "type": "value too large"})
        mutated.append(not datacodec.same_data(args, datacodec.decode(node)))
    return {"status": "answered", "callable": True, "type_name": type(answer).__name__,
            "returned": returned, "mutated": mutated}


def collect(exercise_id: str, answer_name: str, kind: str, namespace: dict) -> None:
    """Write the record of ``exercise_id``'s answer, ``namespace[answer_name]``, for the grader."""
    answer = namespace.get(answer_name)
    if answer is None or answer is Ellipsis:
        record = {"status": "not attempted"}
    elif kind == "function":
        if callable(answer):
            record = _function_record(answer, exercise_id)
        else:
            record = {"status": "answered", "callable": False, "type_name": type(answer).__name__,
                      "returned": [], "mutated": []}
    else:
        try:
            record = {"status": "answered", "value": datacodec.encode(answer)}
        except datacodec.TooLarge:
            record = {"status": "answered", "value": {"t": "unserializable", "type": "value too large"}}
    record.update(exercise=exercise_id, kind=kind)
    os.makedirs(RECORDS, exist_ok=True)
    path = os.path.join(RECORDS, f"{exercise_id}.json")
    with open(path + ".part", "w", encoding="utf-8") as f:
        json.dump(record, f)
    os.replace(path + ".part", path)
