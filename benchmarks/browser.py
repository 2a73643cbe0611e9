"""Explorer latency in the browser: from a key press on a slider to the new image painted in the page.

Each lesson is opened in JupyterLab and in Notebook 7 (headless Chromium, the same private servers as
the browser tests) and run; then the first slider of each of its explorers is focused and moved one
step with an arrow key, 12 times (6 with ``--quick``). The time is taken inside the page, from the
``keydown`` event to the moment the last of the explorer's images that changed is decoded and the
next frame is drawn (the kernel recomputes, sends the new PNGs, the page swaps and decodes them).

Side by side, in the same page and the same kernel, the **floor**: a cell added at the end of the
lesson's temporary copy shows an ``IntSlider`` whose Python callback sets a ``Label`` to the new
value: the trivial widget round trip, set by the kernel's messaging alone. Explorer and floor
presses alternate, and both are timed the same way: to the frame after their last change, with the
same quiet window (150 ms without a change) to decide that the answer is complete; the window
itself is not part of the time. Target: each explorer's median at most 2× the floor's.

Where the time goes, from the same presses (the page's WebSocket traffic with the kernel): *to
kernel* is keydown to the slider's message leaving the page, *kernel* from there to the arrival of
the last message before the image changed (the kernel's work and the messages' way back), *page*
from that arrival to the new image painted, for the explorer and for the floor (*floor's*);
*received* is what came back per press.

What was found, and which levers were kept (each measured side by side): an earlier version ran the
floor in a second page, and after the first lesson every press timed out because that lesson's
clean-up shut down *every* kernel of the server, the floor's included (the keydown, the slider's
value and the explorer's image all still changed; only the floor never answered); a page now shuts
down only its own kernel, and the floor shares the lesson's page and kernel. Compressing the PNGs
was most of the in-kernel time: ISA-L's deflate (``isal``) instead of zlib's cut the in-kernel
update to 0.34–0.54× (every explorer but lesson 07's then well under 20 ms) and the explorer's
browser latency by 10–30 %; compressing panels or strips on threads gained nothing on two shared
cores, and sending the caption and numbers before the pictures (so that the page lays them out
while the kernel encodes) made no difference that this machine's noise let through. Images
already travel as binary buffers (``ipywidgets.Image``), and an unchanged panel is not sent
again. What remains above the floor is the kernel's work (*kernel*) and the page's (*page*, several
times the floor's): decoding the two 2× PNGs of a lesson-00 move takes about 10 ms of it when timed
alone in the page; the rest of the page's part is not yet broken down.
Skipped when Chromium is missing.
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
QUIET_MS = 150
APPS = ("lab", "notebook")
APP_NAMES = {"lab": "JupyterLab", "notebook": "Notebook 7"}
STAGES = ("to_kernel", "kernel", "page")   # where a press's time goes (see the module docstring)

FLOOR_SOURCE = """# The floor of the browser benchmark: the trivial widget round trip.
import ipywidgets as widgets

floor_slider = widgets.IntSlider(value=0, min=0, max=1000, description="n")
floor_label = widgets.Label("0")
floor_slider.observe(lambda change: setattr(floor_label, "value", str(change["new"])), names="value")
floor_box = widgets.VBox([floor_slider, floor_label])
floor_box.add_class("bench-floor")
floor_box"""

# Every message between the page and its kernel, with its arrival (or departure) time and size,
# recorded before JupyterLab's own handlers see it.
JS_RECORD_SOCKETS = """(() => {
    const log = window.__benchSocketLog = [];
    const Original = window.WebSocket;
    const size = (d) => d.byteLength ?? d.size ?? d.length ?? 0;
    class Recorded extends Original {
        constructor(...args) {
            super(...args);
            this.__kernel = String(args[0]).includes('/api/kernels/');
            this.addEventListener('message', (e) => {
                if (this.__kernel) log.push(['in', performance.now(), size(e.data)]);
            });
        }
        send(data) {
            if (this.__kernel) log.push(['out', performance.now(), size(data)]);
            return super.send(data);
        }
    }
    window.WebSocket = Recorded;
})();"""

# Arms one measurement on the `index`-th `selector` (an explorer, or the floor): resolves with the
# times, from the next keydown, of the slider's message leaving, of the last kernel message before the
# last change of what `watch` selects, and of the frame after that change (for an image: once it is
# decoded), when nothing has changed for `quiet` ms; null if nothing changed within 10 s.
JS_ARM = """([selector, index, watch, quiet]) => {
    const root = document.querySelectorAll(selector)[index];
    const targets = Array.from(root.querySelectorAll(watch));
    const log = window.__benchSocketLog;
    const mark = log.length;
    window.__latency = new Promise((resolve) => {
        let start = null, changed = null, painted = null, pending = 0, timer = null;
        const finish = () => {
            observer.disconnect();
            if (start === null || painted === null) { resolve(null); return; }
            const after = log.slice(mark).filter(([, t]) => t >= start);
            const sent = after.find(([kind]) => kind === 'out');
            const received = after.filter(([kind, t]) => kind === 'in' && t <= changed);
            resolve({total: painted - start, sent: sent ? sent[1] - start : null,
                     lastIn: received.length ? received[received.length - 1][1] - start : null,
                     changed: changed - start, messagesIn: received.length,
                     bytesIn: received.reduce((sum, [, , n]) => sum + n, 0)});
        };
        const quietAgain = () => {
            clearTimeout(timer);
            if (pending === 0) timer = setTimeout(finish, quiet);
        };
        const observer = new MutationObserver((mutations) => {
            if (start === null) return;
            changed = performance.now();
            const images = new Set(mutations.map((m) => m.target).filter((t) => t.tagName === 'IMG'));
            pending += 1;
            clearTimeout(timer);
            Promise.all(Array.from(images, (img) => img.decode().catch(() => null))).then(() => {
                requestAnimationFrame(() => {
                    painted = performance.now();
                    pending -= 1;
                    quietAgain();
                });
            });
        });
        for (const target of targets) {
            observer.observe(target, {subtree: true, attributes: true, attributeFilter: ['src'],
                                      childList: true, characterData: true});
        }
        window.addEventListener('keydown', () => { start = performance.now(); }, {capture: true, once: true});
        setTimeout(finish, 10000);
    });
}"""

# The floor's plain slider gets the same keyboard treatment as the explorers' (see bridge.js), so that
# Notebook 7's shortcuts leave its arrow keys alone.
JS_FLOOR_KEYS = """() => document.querySelectorAll('.bench-floor, .bench-floor [role="slider"]')
    .forEach((e) => e.setAttribute('data-lm-suppress-shortcuts', 'true'))"""


@dataclass
class Press:
    total: float
    to_kernel: float | None
    kernel: float | None
    page: float | None
    received: int


@dataclass
class BrowserRow:
    app: str
    lesson: str
    control: str
    explorer: list[Press] = field(default_factory=list)
    floor: list[Press] = field(default_factory=list)
    error: str | None = None

    @staticmethod
    def _median(presses: list[Press], part: str) -> float:
        return median(getattr(p, part) for p in presses if getattr(p, part) is not None)

    def explorer_median(self, part: str = "total") -> float:
        return self._median(self.explorer, part)

    def floor_median(self, part: str = "total") -> float:
        return self._median(self.floor, part)

    @property
    def ratio(self) -> float:
        return self.explorer_median() / self.floor_median()

    @property
    def met(self) -> bool:
        return self.error is None and bool(self.explorer) and self.ratio <= RATIO_TARGET


def lesson_with_floor(path: Path, folder: Path) -> Path:
    """A copy of the lesson in ``folder`` with the floor's cell added at the end."""
    import nbformat
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(FLOOR_SOURCE))
    copy = folder / path.name
    nbformat.write(nb, copy)
    return copy


def _press(page, selector: str, index: int, watch: str, handle, key: str) -> Press | None:
    page.evaluate(JS_ARM, [selector, index, watch, QUIET_MS])
    handle.focus()
    page.keyboard.press(key)
    value = page.evaluate("window.__latency")
    if value is None:
        return None
    seconds = lambda v: None if v is None else v / 1000.0  # noqa: E731
    sent, last_in = seconds(value["sent"]), seconds(value["lastIn"])
    total = value["total"] / 1000.0
    return Press(total, sent, None if sent is None or last_in is None else last_in - sent,
                 None if last_in is None else total - last_in, int(value["bytesIn"]))


def _direction(handle) -> str:
    now, top = float(handle.get_attribute("aria-valuenow")), float(handle.get_attribute("aria-valuemax"))
    return "ArrowLeft" if now >= top else "ArrowRight"


def _measure_lesson(app: str, lesson, name: str, presses: int, log) -> list[BrowserRow]:
    page = lesson.page
    lesson.open()
    lesson.run_all()
    explorers = lesson.panel.locator(".l2-explorer")
    count = explorers.count()
    page.wait_for_function(f"() => document.querySelectorAll('.l2-explorer.l2-live').length >= {count}")
    page.evaluate(JS_FLOOR_KEYS)
    floor_handle = lesson.panel.locator('.bench-floor [role="slider"]').first
    floor = (".bench-floor", 0, ".widget-label:not(.widget-slider .widget-label)")
    rows = []
    for i in range(count):
        explorer = explorers.nth(i)
        handle = explorer.locator('[role="slider"]').first
        row = BrowserRow(app, name, handle.get_attribute("aria-label") or "slider")
        explorer.scroll_into_view_if_needed()
        target = (".l2-explorer", i, "img.widget-image")
        _press(page, *target, handle, _direction(handle))                       # warm-up, not timed
        _press(page, *floor, floor_handle, _direction(floor_handle))
        missed = 0
        for _ in range(presses):
            t = _press(page, *target, handle, _direction(handle))
            f = _press(page, *floor, floor_handle, _direction(floor_handle))
            if t is None or f is None:
                missed += 1
                continue
            row.explorer.append(t)
            row.floor.append(f)
        if not row.explorer:
            row.error = f"no press answered within 10 s ({missed} tried)"
        rows.append(row)
        log(f"  browser {APP_NAMES[app]} {name} ({row.control}): {ms(row.explorer_median())} ms, "
            f"floor {ms(row.floor_median())} ms, ratio {ratio(row.ratio)}"
            + (f"; {missed} press(es) unanswered" if missed else ""))
    return rows


def run(lessons: list[Path], presses: int = PRESSES, log=print, apps=APPS) -> list[BrowserRow]:
    sys.path.insert(0, str(REPO / "tests"))
    from browser_support import CHROMIUM_ARGS, SERVERS, LessonPage, find_chromium

    chromium = find_chromium()
    if chromium is None:
        log("  browser: no Chromium found; skipped")
        return [BrowserRow("", "(all)", "", error="skipped: no Chromium ($CHROMIUM or /usr/bin/chromium)")]
    from playwright.sync_api import sync_playwright

    rows: list[BrowserRow] = []
    workdir = Path(tempfile.mkdtemp(prefix="course-bench-"))
    copies = workdir / "lessons"
    copies.mkdir()
    paths = [lesson_with_floor(path, copies) for path in lessons]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        for app in apps:
            with SERVERS[app](workdir / app, paths) as server:
                for k, path in enumerate(paths):
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    context.set_default_timeout(60_000)
                    context.add_init_script(JS_RECORD_SOCKETS)
                    lesson = LessonPage(context.new_page(), server, path.name, f"bench-{k}")
                    try:
                        rows += _measure_lesson(app, lesson, path.stem, presses, log)
                    except Exception as exc:  # report the lesson, measure the others
                        rows.append(BrowserRow(app, path.stem, "", error=f"{type(exc).__name__}: {str(exc)[:200]}"))
                        log(f"  browser {APP_NAMES[app]} {path.stem}: {rows[-1].error}")
                    finally:
                        lesson.shutdown_kernels()
                        context.close()
        browser.close()
    return rows


def table(rows: list[BrowserRow]) -> list[str]:
    lines = ["| application | lesson | slider pressed | presses | key press → new image (ms) "
             "| floor: slider → label (ms) | ratio | to kernel / kernel / page (ms) | floor's (ms) "
             "| received (kB) |",
             "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        app = APP_NAMES.get(r.app, r.app)
        if r.error:
            lines.append(f"| {app} | {r.lesson} | {r.error} | | | | | | | |")
            continue
        parts = " / ".join(ms(r.explorer_median(p)) for p in STAGES)
        floor_parts = " / ".join(ms(r.floor_median(p)) for p in STAGES)
        lines.append(f"| {app} | {r.lesson} | {r.control} | {len(r.explorer)} | **{ms(r.explorer_median())}** "
                     f"| {ms(r.floor_median())} | **{ratio(r.ratio)}** | {parts} | {floor_parts} "
                     f"| {r.explorer_median('received') / 1000:.0f} |")
    return lines


def targets(rows: list[BrowserRow]) -> list[tuple[str, bool, str]]:
    out = []
    for r in rows:
        name = (f"browser latency {APP_NAMES.get(r.app, r.app)} {r.lesson} ({r.control}) ≤ {RATIO_TARGET:g}× "
                "the trivial round trip")
        if r.error:
            out.append((name, False, r.error))
        else:
            out.append((name, r.met, f"{ms(r.explorer_median())} ms against {ms(r.floor_median())} ms: "
                                      f"{ratio(r.ratio)}"))
    return out


if __name__ == "__main__":  # python -m benchmarks.browser [presses] [lab|notebook] [lesson prefixes...]
    args = sys.argv[1:]
    count = int(args.pop(0)) if args and args[0].isdigit() else PRESSES
    chosen = tuple(a for a in args if a in APPS) or APPS
    prefixes = [a for a in args if a not in APPS]
    paths = [p for p in sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))
             if not prefixes or any(p.name.startswith(x) for x in prefixes)]
    measured = run(paths, presses=count, apps=chosen)
    print("\n".join(table(measured)))
    print(json.dumps([{"app": r.app, "lesson": r.lesson,
                       "explorer_ms": [round(x.total * 1000, 2) for x in r.explorer],
                       "floor_ms": [round(x.total * 1000, 2) for x in r.floor]} for r in measured]))
