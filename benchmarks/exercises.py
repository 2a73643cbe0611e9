"""How long a learner waits for ``check``: every registered exercise, its reference and a wrong answer.

Run with ``python -m benchmarks.exercises``. The first check of an exercise builds its probes and the
outputs of its reference on them (cached afterwards; a value exercise's reference is computed
before the clock starts); the table quotes it and the median of the repeated calls.
"""

from __future__ import annotations

import sys

from helpers.exercises import catalog, framework, get

from .timing import median, ms, seconds

REPEATS = 7


def measure() -> list[dict]:
    rows = []
    for entry in catalog():
        exercise = get(entry["id"])
        reference = exercise.reference_answer()
        wrong = exercise.mistake_answer(exercise.mistakes[-1])
        first, _ = seconds(exercise.run, reference)
        right = [seconds(exercise.run, reference)[0] for _ in range(REPEATS)]
        mistaken = [seconds(exercise.run, wrong)[0] for _ in range(REPEATS)]
        framework.reset_attempts()
        rows.append({"id": entry["id"], "kind": entry["kind"], "first": first, "right": median(right),
                     "wrong": median(mistaken)})
    return rows


def main() -> int:
    rows = measure()
    print("| exercise | kind | first check (ms) | right answer, median (ms) | named mistake, median (ms) |")
    print("|---|---|---:|---:|---:|")
    for row in rows:
        print(f"| {row['id']} | {row['kind']} | {ms(row['first'])} | {ms(row['right'])} | {ms(row['wrong'])} |")
    slowest = max(rows, key=lambda r: r["wrong"])
    print(f"\nslowest repeated check: {slowest['id']} at {ms(slowest['wrong'])} ms (median of {REPEATS})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
