"""Explorer latency in the browser: from a key press on a slider to the new image in the page.

Each lesson is opened in JupyterLab (headless Chromium, the same private server as the browser tests)
and run; then the first slider of each of its explorers is focused and moved one step with the arrow
keys, 12 times (6 with ``--quick``). The time is taken inside the page: from the ``keydown`` event to
the last change of the explorer's images (the kernel recomputes, sends the new PNGs, the page swaps
them), waiting until the page is quiet before the next press.

Side by side, in a second tab of the same browser, the **floor**: a notebook whose one cell shows an
``IntSlider`` whose Python callback sets a ``Label`` to the new value: the trivial widget round trip,
set by the kernel's messaging alone. Explorer and floor presses alternate, so both see the same load.
Target: each explorer's median at most 2× the floor's. Skipped when Chromium is missing.
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .timing import median, ms, ratio

REPO = Path(__file__).resolve().parent.parent
PRESSES = 12
RATIO_TARGET = 2.0

FLOOR_SOURCE = """import ipywidgets as widgets

floor_slider = widgets.IntSlider(value=0, min=0, max=1000, description="n")
floor_label = widgets.Label("0")
floor_slider.observe(lambda change: setattr(floor_label, "value", str(change["new"])), names="value")
widgets.VBox([floor_slider, floor_label])"""

# Resolves with the time from the next keydown to the last change under `root` (quiet for `quiet` ms).
JS_ARM = """([selector, index, quiet]) => {
    const root = document.querySelectorAll(selector)[index];
    window.__latency = new Promise((resolve) => {
        let start = null, last = null, timer = null;
        const done = () => { observer.disconnect(); resolve(last === null ? null : last - start); };
        const observer = new MutationObserver(() => {
            if (start === null) return;
            last = performance.now();
            clearTimeout(timer);
            timer = setTimeout(done, quiet);
        });
        observer.observe(root, {subtree: true, attributes: true, attributeFilter: ['src'],
                                childList: true, characterData: true});
        window.addEventListener('keydown', () => { start = performance.now(); }, {capture: true, once: true});
        setTimeout(done, 10000);
    });
}"""


@dataclass
class BrowserRow:
    lesson: str
    control: str
    explorer: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    error: str | None = None

    @property
    def ratio(self) -> float:
        return median(self.explorer) / median(self.floor)

    @property
    def met(self) -> bool:
        return self.error is None and bool(self.explorer) and self.ratio <= RATIO_TARGET


def _floor_notebook(path: Path) -> None:
    import nbformat
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(FLOOR_SOURCE)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(nb, path)


def _press(page, selector: str, index: int, handle, key: str, quiet: int = 120) -> float | None:
    page.evaluate(JS_ARM, [selector, index, quiet])
    handle.focus()
    page.keyboard.press(key)
    value = page.evaluate("window.__latency")
    return None if value is None else value / 1000.0


def _direction(handle) -> str:
    now, top = float(handle.get_attribute("aria-valuenow")), float(handle.get_attribute("aria-valuemax"))
    return "ArrowLeft" if now >= top else "ArrowRight"


def run(lessons: list[Path], presses: int = PRESSES, log=print) -> list[BrowserRow]:
    sys.path.insert(0, str(REPO / "tests"))
    from browser_support import CHROMIUM_ARGS, LabServer, LessonPage, find_chromium

    chromium = find_chromium()
    if chromium is None:
        log("  browser: no Chromium found; skipped")
        return [BrowserRow("(all)", "", error="skipped: no Chromium ($CHROMIUM or /usr/bin/chromium)")]
    from playwright.sync_api import sync_playwright

    rows: list[BrowserRow] = []
    workdir = Path(tempfile.mkdtemp(prefix="course-bench-"))
    floor_path = workdir / "floor.ipynb"
    _floor_notebook(floor_path)
    with LabServer(workdir / "server", [*lessons, floor_path]) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(60_000)
        floor = LessonPage(context.new_page(), server, floor_path.name, "bench-floor")
        floor.open()
        floor.run_all()
        floor_handle = floor.panel.locator('.widget-slider [role="slider"]').first
        floor_selector = ".jp-NotebookPanel:not(.lm-mod-hidden) .widget-vbox"
        for k, path in enumerate(lessons):
            lesson = LessonPage(context.new_page(), server, path.name, f"bench-{k}")
            try:
                lesson.open()
                lesson.run_all()
                explorers = lesson.panel.locator(".l2-explorer")
                count = explorers.count()
                lesson.page.wait_for_function(
                    f"() => document.querySelectorAll('.l2-explorer.l2-live').length >= {count}")
                for i in range(count):
                    explorer = explorers.nth(i)
                    handle = explorer.locator('[role="slider"]').first
                    row = BrowserRow(path.stem, handle.get_attribute("aria-label") or "slider")
                    explorer.scroll_into_view_if_needed()
                    _press(lesson.page, ".l2-explorer", i, handle, _direction(handle))  # warm-up, not timed
                    for _ in range(presses):
                        lesson.page.bring_to_front()
                        t = _press(lesson.page, ".l2-explorer", i, handle, _direction(handle))
                        floor.page.bring_to_front()
                        f = _press(floor.page, floor_selector, 0, floor_handle, _direction(floor_handle))
                        if t is not None and f is not None:
                            row.explorer.append(t)
                            row.floor.append(f)
                    rows.append(row)
                    log(f"  browser {path.stem} ({row.control}): {ms(median(row.explorer))} ms, "
                        f"floor {ms(median(row.floor))} ms, ratio {ratio(row.ratio)}")
            except Exception as exc:  # report the lesson, measure the others
                rows.append(BrowserRow(path.stem, "", error=f"{type(exc).__name__}: {str(exc)[:200]}"))
                log(f"  browser {path.stem}: {rows[-1].error}")
            finally:
                lesson.shutdown_kernels()
                lesson.page.close()
        floor.shutdown_kernels()
        browser.close()
    return rows


def table(rows: list[BrowserRow]) -> list[str]:
    lines = ["| lesson | slider pressed | presses | key press → new image (ms) | floor: slider → label (ms) "
             "| ratio |", "|---|---|---:|---:|---:|---:|"]
    for r in rows:
        if r.error:
            lines.append(f"| {r.lesson} | {r.error} | | | | |")
        else:
            lines.append(f"| {r.lesson} | {r.control} | {len(r.explorer)} | **{ms(median(r.explorer))}** "
                         f"| {ms(median(r.floor))} | **{ratio(r.ratio)}** |")
    return lines


def targets(rows: list[BrowserRow]) -> list[tuple[str, bool, str]]:
    out = []
    for r in rows:
        name = f"browser latency {r.lesson} ({r.control}) ≤ {RATIO_TARGET:g}× the trivial round trip"
        if r.error:
            out.append((name, False, r.error))
        else:
            out.append((name, r.met, f"{ms(median(r.explorer))} ms against {ms(median(r.floor))} ms: "
                                      f"{ratio(r.ratio)}"))
    return out


if __name__ == "__main__":  # python -m benchmarks.browser: this part alone, printed
    paths = sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    measured = run(paths, presses=int(sys.argv[1]) if len(sys.argv) > 1 else PRESSES)
    print("\n".join(table(measured)))
    print(json.dumps([{"lesson": r.lesson, "explorer_ms": [round(x * 1000, 2) for x in r.explorer],
                       "floor_ms": [round(x * 1000, 2) for x in r.floor]} for r in measured]))
