"""Every lesson notebook keeps the course's conventions (COURSE.md), checked on the stored files."""

import json
import re
from pathlib import Path

import pytest

from helpers import catalog

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
LESSONS = [p for p in NOTEBOOKS if not p.name.startswith("00-")]


def cells(path):
    return json.loads(path.read_text())["cells"]


def source(cell):
    return "".join(cell["source"])


def test_the_course_has_its_notebooks():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "00-start-here.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_executed_in_order_without_errors(path):
    counts = [c["execution_count"] for c in cells(path) if c["cell_type"] == "code" and source(c).strip()]
    assert counts == list(range(1, len(counts) + 1)), "Restart Kernel and Run All, then save"
    for c in cells(path):
        for output in c.get("outputs", []):
            assert output["output_type"] != "error", f"stored error in: {source(c)[:60]}"
            assert output.get("name") != "stderr", f"stderr output in: {source(c)[:60]}"
    meta = json.loads(path.read_text())["metadata"]
    assert meta["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_machine_paths_addresses_or_numpy_scalar_reprs(path):
    text = json.dumps([c.get("outputs", []) for c in cells(path)])
    assert str(ROOT) not in text and "/root/" not in text
    assert not re.search(r" at 0x[0-9a-f]{6,}", text)
    assert "np.float64(" not in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_widget_state_is_stored(path):
    meta = json.loads(path.read_text())["metadata"]
    if any("application/vnd.jupyter.widget-view+json" in json.dumps(c.get("outputs", [])) for c in cells(path)):
        assert meta["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_layout(path):
    text = "\n".join(source(c) for c in cells(path) if c["cell_type"] == "markdown").lower()
    for heading in ("learning objectives", "key takeaways", "exercise", "further reading"):
        assert heading in text, f"{path.name} has no '{heading}' section"
    code = [source(c) for c in cells(path) if c["cell_type"] == "code"]
    assert sum("assert " in s for s in code) >= 5, "claims are pinned with asserts"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_exercises_have_three_cells_with_nbgrader_metadata(path):
    nb = cells(path)
    lesson = path.name[:2]
    registered = {e["id"] for e in catalog() if e["lesson"] == lesson}
    answers = [c for c in nb if c["metadata"].get("nbgrader", {}).get("solution")]
    found = {c["metadata"]["exercise"] for c in answers}
    assert found == registered, f"{path.name}: exercise cells {sorted(found)} vs registered {sorted(registered)}"
    for cell in answers:
        text = source(cell)
        assert "### BEGIN SOLUTION" in text and "### END SOLUTION" in text
        assert cell["metadata"]["jupyter"]["source_hidden"] is True
        assert cell["metadata"]["nbgrader"]["grade_id"].startswith("answer-")
    for ex_id in found:
        checks = [c for c in nb if c["metadata"].get("exercise") == ex_id and c["metadata"]["nbgrader"].get("grade")]
        assert len(checks) == 1 and f'check("{ex_id}"' in source(checks[0])
        assert "✔" in json.dumps(checks[0]["outputs"], ensure_ascii=False), f"{ex_id}: the reference solution passes"


# A colour written into a lesson's code must come from the course's palette (helpers.plots.style), so
# that every figure stays colour-blind-safe; hex literals and Matplotlib's default-cycle names are refused.
FOREIGN_COLOUR = re.compile(r"""["'](#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}|tab:\w+|C\d|red|green|blue|orange|purple)["']""")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_lessons_draw_with_the_course_palette(path):
    from helpers.plots.style import OKABE_ITO

    allowed = {c.lower() for c in OKABE_ITO}
    for c in cells(path):
        if c["cell_type"] != "code":
            continue
        for match in FOREIGN_COLOUR.finditer(source(c)):
            assert match.group(1).lower() in allowed, (
                f"colour {match.group(1)!r} in: {source(c)[:60]!r}; use COLORS/CYCLE from helpers.plots.style")
