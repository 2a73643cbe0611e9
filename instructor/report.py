"""The class report: ``report.md`` beside ``grades.csv``, with a figure, for deciding what to re-teach.

For each exercise it gives how many of the students who handed in the lesson passed it, and the named
mistakes their answers matched most often (the checks' ``mistake`` labels, such as "λ/2
convention"). The figure, ``report.png``, shows the share who passed each exercise.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

TOP_MISTAKES = 3


def exercise_stats(grades) -> list[dict]:
    """Per exercise: its lesson, how many handed it in, how many passed, and the common mistakes."""
    lesson_of = {ex: notebook for notebook, ids in grades.lessons for ex in ids}
    stats = []
    for exercise_id, points in grades.exercises:
        results = [r for s in grades.students for g in s.notebooks if g.handed_in
                   for r in g.results if r.exercise_id == exercise_id]
        mistakes = Counter(r.mistake for r in results if r.mistake)
        stats.append({"exercise": exercise_id, "lesson": lesson_of.get(exercise_id, ""), "points": points,
                      "handed_in": len(results), "passed": sum(r.status == "passed" for r in results),
                      "not_attempted": sum(r.status == "not attempted" for r in results),
                      "mistakes": sorted(mistakes.items(), key=lambda item: (-item[1], item[0]))[:TOP_MISTAKES]})
    return stats


def report_text(grades, figure_name: str | None = "report.png") -> str:
    """The Markdown of the class report."""
    stats = exercise_stats(grades)
    lines = ["# Class report", "",
             f"{len(grades.students)} students; the table counts, for each exercise, the students who "
             "handed in its lesson.", ""]
    if figure_name:
        lines += [f"![share of students who passed each exercise]({figure_name})", ""]
    lines += ["| exercise | lesson | passed | not attempted | most common mistakes |", "|---|---|---:|---:|---|"]
    for row in stats:
        mistakes = "; ".join(f"{label} ({count})" for label, count in row["mistakes"]) or "–"
        lines.append(f"| {row['exercise']} | {row['lesson']} | {row['passed']} / {row['handed_in']} | "
                     f"{row['not_attempted']} | {mistakes} |")
    reteach = [row for row in stats if row["handed_in"] and row["passed"] / row["handed_in"] < 0.5]
    lines += ["", "## To re-teach", ""]
    if reteach:
        for row in reteach:
            named = f", most often: {row['mistakes'][0][0]}" if row["mistakes"] else ""
            lines.append(f"- {row['exercise']} ({row['lesson']}): {row['passed']} of {row['handed_in']} "
                         f"passed{named}.")
    else:
        lines.append("- Every exercise was passed by at least half of the students who handed it in.")
    return "\n".join(lines) + "\n"


def write_report(grades, folder: Path) -> list[Path]:
    """Write ``report.md`` and ``report.png`` into ``folder``; return the paths."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .gradebook import write_atomically

    folder = Path(folder)
    stats = exercise_stats(grades)
    figure_path = folder / "report.png"
    fig, ax = plt.subplots(figsize=(max(4.0, 0.5 * len(stats) + 1.5), 3.0))
    shares = [row["passed"] / row["handed_in"] if row["handed_in"] else 0.0 for row in stats]
    ax.bar([row["exercise"] for row in stats], shares, color="#4C72B0")
    ax.set_ylim(0, 1)
    ax.set_ylabel("share who passed")
    ax.set_xlabel("exercise")
    ax.tick_params(axis="x", labelrotation=90)
    fig.tight_layout()
    temporary = folder / ".report.png.part"
    fig.savefig(temporary, format="png", metadata={"Software": None})
    plt.close(fig)
    temporary.replace(figure_path)
    path = folder / "report.md"
    write_atomically(path, report_text(grades, figure_path.name))
    return [path, figure_path]
