"""The course in a real browser, as a learner uses it: JupyterLab and Jupyter Notebook 7 in headless Chromium.

One private server per application and one browser serve every test here (see ``browser_support``).
Each lesson is opened in a fresh page and its kernel is shut down afterwards. For every lesson, in
both applications:

- opened untrusted (a fresh clone): the stored figures and each explorer's plain-text form, whole;
- trusted, before running: every explorer drawn from its stored state says so and its controls are
  disabled (it does not pretend to respond);
- after Run All Cells: no error, every explorer live, the static snapshot above it folded away, and
  every control of every explorer moved *with the keyboard*: the figure changes, the control's
  accessible name and value (as Chromium's accessibility tree computes them) are right, toggles say
  which one is pressed, the figure's text alternative and the polite live region follow.

Screenshots go to ``test-artifacts/``. Skipped, saying why, only when no Chromium is installed
(``apt-get install chromium``); ``make test-fast`` leaves them out (``-m "not browser"``).
"""

from __future__ import annotations

import contextlib
import itertools
import re
import time

import pytest
from browser_support import (
    CHROMIUM_ARGS,
    SERVERS,
    LessonPage,
    find_chromium,
    image_digest,
    lessons,
    stored_outputs,
)

CHROMIUM = find_chromium()
NO_CHROMIUM = ("no Chromium found ($CHROMIUM, /usr/bin/chromium, or chromium/chromium-browser on the PATH); "
               "install it (apt-get install chromium) to run the browser tests")

pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)]

LESSONS = lessons()
APPS = ("lab", "notebook")
_workspaces = itertools.count()


@pytest.fixture(scope="module", params=APPS, ids=["jupyterlab", "notebook7"])
def server(request, tmp_path_factory):
    """One server per application for the whole module, over a temporary copy of the lessons."""
    with SERVERS[request.param](tmp_path_factory.mktemp(request.param), LESSONS) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the whole module."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # a declared test dependency: missing means a broken environment
        pytest.fail(f"the browser tests need the playwright package (pip install -e '.[test]'): {exc}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def open_lesson(browser, server, request):
    """Open a lesson in a new browser context; its kernel is shut down and the context closed after."""
    opened: list[tuple[object, LessonPage]] = []
    failed_before = request.session.testsfailed

    def _open(name: str, width: int = 1400) -> LessonPage:
        context = browser.new_context(viewport={"width": width, "height": 1000})
        context.set_default_timeout(30_000)
        page = context.new_page()
        lesson = LessonPage(page, server, name, workspace=f"test-{next(_workspaces)}")
        opened.append((context, lesson))
        lesson.open()
        return lesson

    yield _open
    failed = request.session.testsfailed > failed_before
    for context, lesson in opened:
        if failed:
            with contextlib.suppress(Exception):
                lesson.screenshot(re.sub(r"[^\w.-]+", "-", request.node.name).strip("-") + "-failure.png")
        lesson.shutdown_kernels()
        context.close()


def _no_errors(lesson: LessonPage, when: str) -> None:
    errors = lesson.error_outputs()
    assert not errors, f"{lesson.notebook} {when}: a cell shows an error:\n\n" + "\n---\n".join(errors)
    widget_errors = lesson.widget_errors()
    assert not widget_errors, f"{lesson.notebook} {when}: the page shows {widget_errors}"


def _wait_until(condition, timeout: float, message, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(message() if callable(message) else message)
        time.sleep(interval)


def _figure(explorer) -> str:
    images = explorer.locator("img.widget-image")
    return "".join(image_digest(images.nth(i)) for i in range(images.count()))


def _move_with_keyboard(lesson, explorer, control, where: str) -> str:
    """Move one control with the keyboard: the notebook's own shortcuts must not take the keys."""
    page = lesson.page
    before = _figure(explorer)
    handle = control.locator('[role="slider"]')
    if handle.count():
        name = handle.get_attribute("aria-label")
        assert name and len(name) > 2, f"{where}: a slider has no accessible name"
        # The accessibility tree, as Chromium computes it: a slider with exactly this name.
        assert explorer.get_by_role("slider", name=name, exact=True).count() == 1, f"{where}: {name!r} not in the tree"
        readout = control.locator(".widget-readout")
        old = readout.inner_text()
        key = "ArrowLeft" if float(handle.get_attribute("aria-valuenow")) >= float(
            handle.get_attribute("aria-valuemax")) else "ArrowRight"
        handle.focus()
        for _ in range(3):
            page.keyboard.press(key)
        _wait_until(lambda: readout.inner_text() != old, 10, f"{where}: {name} readout stayed at {old}")
        new = readout.inner_text().strip()
        _wait_until(lambda: (handle.get_attribute("aria-valuetext") or "").startswith(new), 5,
                    lambda: f"{where}: {name} announces {handle.get_attribute('aria-valuetext')!r}, shows {new!r}")
        what = f"slider {name!r}: {old} → {new} (announced {handle.get_attribute('aria-valuetext')!r})"
    elif control.locator("select").count():
        select = control.locator("select")
        name = select.get_attribute("aria-label")
        assert name and explorer.get_by_role("combobox", name=name, exact=True).count() == 1, where
        # A native <select>: reached with the keyboard (focus), its option chosen as the browser's list would.
        select.focus()
        options = select.locator("option").all_inner_texts()
        select.select_option(index=(options.index(select.locator("option:checked").inner_text()) + 1) % len(options))
        what = f"dropdown {name!r}: now {select.input_value()}"
    else:
        buttons = control.locator("button")
        name = control.evaluate(
            "c => (c.matches('[role=group]') ? c : c.querySelector('[role=group]'))?.getAttribute('aria-label')")
        assert name, f"{where}: a toggle group has no accessible name"
        pressed = control.locator('button[aria-pressed="true"]')
        assert pressed.count() == 1, f"{where}: {name}: not exactly one button says it is pressed"
        label = control.locator('button[aria-pressed="false"]').first.inner_text().strip().lstrip("✓ ").strip()
        # by its whole text (a "4" must not match "64"): the pressed state moves
        target = control.locator("button", has_text=re.compile(rf"^\s*(✓\s*)?{re.escape(label)}\s*$"))
        target.focus()
        page.keyboard.press("Enter")
        _wait_until(lambda: target.get_attribute("aria-pressed") == "true", 10,
                    f"{where}: {name}: pressing {label!r} did not select it")
        assert buttons.count() >= 2
        what = f"toggle {name!r}: {label!r} pressed"
    _wait_until(lambda: _figure(explorer) != before, 15, f"{where}: the figure did not change ({what})")
    return what


@pytest.mark.parametrize("path", LESSONS, ids=[path.stem for path in LESSONS])
def test_lesson_explorers_work_from_the_keyboard_and_speak_to_screen_readers(open_lesson, server, path):
    stored = stored_outputs(path)
    assert stored.widget_views >= 1, f"{path.name} has no stored explorer output; run `make execute`"
    assert stored.has_widget_state, f"{path.name} was stored without widget state; run `make execute`"
    lesson = open_lesson(path.name)
    app = server.app

    # Untrusted, as a fresh clone opens it: stored figures, and each explorer's plain-text form, whole.
    _wait_until(lambda: lesson.rendered()["images"] >= stored.images, 30,
                f"{path.name}: fewer than the {stored.images} stored figures are shown")
    texts = lesson.rendered()["plainTexts"]
    forms = [t for t in texts if "run this cell" in t]
    assert len(forms) >= stored.widget_views, f"{path.name}: plain-text forms missing: {texts}"
    assert not [t for t in forms if t.endswith("…") or len(t) >= 110], f"{path.name}: cut-off forms {forms}"
    _no_errors(lesson, "as opened")

    # Trusted, before running: drawn from the stored state, disabled, and saying so.
    lesson.trust()
    explorers = lesson.panel.locator(".l2-explorer")
    _wait_until(lambda: explorers.count() >= stored.widget_views, 30, f"{path.name}: stored explorers not drawn")
    for i in range(explorers.count()):
        explorer = explorers.nth(i)
        explorer.scroll_into_view_if_needed()
        notice = explorer.locator(".l2-notice")
        _wait_until(lambda notice=notice: notice.is_visible(), 10, f"{path.name}: no stored-state notice")
        assert "Run this cell" in notice.inner_text()
        assert explorer.locator(".noUi-target[disabled], select[disabled], button[disabled]").count() >= 1, (
            f"{path.name}: a stored explorer's controls respond although no kernel runs")
    lesson.show_first_explorer()
    lesson.screenshot(f"{app}-{path.stem}-stored.png")
    _no_errors(lesson, "trusted, before running")

    lesson.run_all()
    _no_errors(lesson, "after Run All Cells")
    live = lesson.panel.locator(".l2-explorer.l2-live")
    _wait_until(lambda: live.count() == explorers.count(), 20, f"{path.name}: an explorer did not come alive")
    assert lesson.panel.locator(".l2-snapshot-hidden").count() >= 1, f"{path.name}: the snapshot shows twice"

    checked = []
    for i in range(explorers.count()):
        explorer = explorers.nth(i)
        explorer.scroll_into_view_if_needed()
        assert not explorer.locator(".l2-notice").is_visible()
        figure = explorer.get_by_role("img", name=re.compile(r"^Figure \("))
        assert figure.count() == 1, f"{path.name}: the figure has no text alternative"
        alt = figure.get_attribute("alt")
        controls = explorer.locator(".l2-control")
        for k in range(controls.count()):
            checked.append(_move_with_keyboard(lesson, explorer, controls.nth(k), f"{app} {path.name}"))
        _wait_until(lambda figure=figure, alt=alt: figure.get_attribute("alt") != alt, 10,
                    f"{path.name}: the text alternative did not follow the figure")
        region = explorer.get_by_role("status")
        assert region.count() == 1 and region.get_attribute("aria-live") == "polite"
        _wait_until(lambda region=region: region.inner_text().strip(), 10, f"{path.name}: nothing announced")
        assert explorer.locator(".l2-number.l2-changed").count() >= 1, f"{path.name}: no number highlighted"
        # A preset and the reset, from the keyboard.
        before = _figure(explorer)
        preset = explorer.get_by_role("button").filter(has_not_text="reset").last
        preset.focus()
        lesson.page.keyboard.press("Enter")
        _wait_until(lambda explorer=explorer, before=before: _figure(explorer) != before, 15,
                    f"{path.name}: a preset did not change the figure")
        reset = explorer.get_by_role("button", name="reset", exact=True)
        reset.focus()
        lesson.page.keyboard.press("Enter")
    lesson.wait_for_kernel_idle()
    lesson.show_first_explorer()
    lesson.screenshot(f"{app}-{path.stem}-run.png")
    _no_errors(lesson, "after moving every control")
    assert checked, f"{path.name}: no control was moved"


def test_narrow_page_stacks_panels_and_dark_theme_does_not_glare(open_lesson, server):
    """Lesson 02's three panels on a 1000-px-wide page: stacked at full size, so text stays ≥ 10 px."""
    if server.app != "lab":
        pytest.skip("the layout is the same in Notebook 7; checked once, in JupyterLab")
    path = next(p for p in LESSONS if p.name.startswith("02-"))
    lesson = open_lesson(path.name, width=1000)
    lesson.run_all()
    explorer = lesson.panel.locator(".l2-explorer.l2-live").first
    explorer.wait_for()
    explorer.scroll_into_view_if_needed()
    boxes = explorer.locator("img.widget-image").evaluate_all(
        "imgs => imgs.map(i => ({top: i.getBoundingClientRect().top, shown: i.clientWidth, "
        "natural: i.naturalWidth, css: parseFloat(i.style.width)}))")
    assert len({round(b["top"]) for b in boxes}) >= 2, f"the panels did not stack: {boxes}"
    for box in boxes:
        assert box["natural"] >= 2 * box["css"], f"a panel is not drawn at 2× density: {box}"
        assert box["shown"] >= 0.95 * box["css"], f"a panel was shrunk (text under 10 px): {box}"
    lesson.screenshot("lab-02-narrow.png")
    # JupyterLab Dark: JupyterLab sets this attribute on <body>; the figures switch to their dark variant.
    lesson.page.evaluate("document.body.dataset.jpThemeLight = 'false'")
    _wait_until(lambda: explorer.evaluate("e => e.classList.contains('l2-dark')"), 5, "no dark variant")
    assert "invert" in explorer.locator("img.widget-image").first.evaluate("i => getComputedStyle(i).filter")
    lesson.screenshot("lab-02-dark.png")
