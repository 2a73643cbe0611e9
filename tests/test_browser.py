"""The course in a real browser: JupyterLab driven in headless Chromium, as a learner would use it.

One private JupyterLab server and one browser serve every test here (see ``browser_support``). Each
lesson is opened in a fresh workspace of its own and its kernel is shut down afterwards. Screenshots
go to ``test-artifacts/``.

These tests are skipped, saying why, only when no Chromium is installed (``apt-get install
chromium``); ``make test-fast`` leaves them out (``-m "not browser"``).
"""

from __future__ import annotations

import contextlib
import itertools
import re
import time

import pytest
from browser_support import (
    CHROMIUM_ARGS,
    LabServer,
    LessonPage,
    find_chromium,
    image_digest,
    lessons,
    slider_lesson,
    stored_outputs,
)

CHROMIUM = find_chromium()
NO_CHROMIUM = ("no Chromium found ($CHROMIUM, /usr/bin/chromium, or chromium/chromium-browser on the PATH); "
               "install it (apt-get install chromium) to run the browser tests")

pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)]

LESSONS = lessons()
_workspaces = itertools.count()


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory):
    """One JupyterLab server for the whole module, over a temporary copy of the lessons."""
    with LabServer(tmp_path_factory.mktemp("jupyterlab"), LESSONS) as server:
        yield server


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
def open_lesson(browser, lab_server, request):
    """Open a lesson in a new browser context; its kernel is shut down and the context closed after.

    When the test fails, the page as it was is saved to test-artifacts/<test>-failure.png.
    """
    opened: list[tuple[object, LessonPage]] = []
    failed_before = request.session.testsfailed

    def _open(name: str) -> LessonPage:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(30_000)
        page = context.new_page()
        lesson = LessonPage(page, lab_server, name, workspace=f"test-{next(_workspaces)}")
        opened.append((context, lesson))
        lesson.open()
        return lesson

    yield _open
    failed = request.session.testsfailed > failed_before  # the call phase is reported before teardown
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


def _wait_until(condition, timeout: float, message: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(interval)


# ---------------------------------------------------------------------------------------------------
# Lesson 02 (lesson 00 while 02 is not written): run it, move λ with the keyboard, the figure changes.

SLIDER_LESSON = slider_lesson()


@pytest.mark.parametrize("notebook", [SLIDER_LESSON.name])
def test_moving_lambda_with_the_keyboard_redraws_the_explorer(open_lesson, notebook):
    lesson = open_lesson(notebook)
    lesson.run_all()
    _no_errors(lesson, "after Run All Cells")

    explorer, slider = lesson.explorer_slider("λ")
    assert slider.count() == 1, f"{notebook}: no live explorer with a slider after Run All Cells"
    explorer.scroll_into_view_if_needed()
    image = explorer.locator("img.widget-image").first
    handle = slider.locator('.noUi-handle[role="slider"]').first
    readout = slider.locator(".widget-readout").first
    before_value, before_image = readout.inner_text(), image_digest(image)
    lesson.screenshot(f"{SLIDER_LESSON.stem}-slider-before.png")

    handle.focus()
    for _ in range(10):                      # ten steps to the right, as a learner with the arrow keys
        lesson.page.keyboard.press("ArrowRight")
    after_value = _wait_until(lambda: readout.inner_text() != before_value and readout.inner_text(), 10,
                              f"{notebook}: the λ readout did not move from {before_value}")
    _wait_until(lambda: image_digest(image) != before_image, 15,
                f"{notebook}: the explorer's figure did not change when λ moved from {before_value} to {after_value}")
    lesson.wait_for_kernel_idle()
    lesson.screenshot(f"{SLIDER_LESSON.stem}-slider-after.png")
    _no_errors(lesson, f"after moving λ to {after_value}")


# ---------------------------------------------------------------------------------------------------
# Every lesson: stored outputs and explorers show before anything runs; Run All Cells shows no error.

@pytest.mark.parametrize("path", LESSONS, ids=[path.stem for path in LESSONS])
def test_lesson_shows_its_stored_outputs_and_runs_without_error(open_lesson, path):
    stored = stored_outputs(path)
    assert stored.widget_views >= 1, f"{path.name} has no stored explorer output; run `make execute`"
    assert stored.has_widget_state, f"{path.name} was stored without widget state; run `make execute`"

    lesson = open_lesson(path.name)

    # As a fresh clone opens it (untrusted): stored figures, and each explorer's plain-text form.
    _wait_until(lambda: lesson.rendered()["images"] >= stored.images, 30,
                f"{path.name}: fewer than the {stored.images} stored figures are shown")
    shown = lesson.rendered()
    assert not [text for text in shown["plainTexts"] if text.startswith(("VBox(", "<"))], (
        f"{path.name}: an explorer shows a bare repr instead of its plain-text form: {shown['plainTexts']}")
    _no_errors(lesson, "as opened")

    # Trusted (as after Restart Kernel and Run All, or Trust Notebook), before running: the explorers
    # are drawn from the widget state stored in the notebook, with their controls.
    lesson.trust()
    _wait_until(lambda: lesson.rendered()["viewsWithControls"] >= stored.widget_views, 30,
                f"{path.name}: the stored explorers do not show their controls before the lesson runs "
                f"({lesson.rendered()})")
    lesson.show_first_explorer()
    lesson.screenshot(f"{path.stem}-stored.png")
    _no_errors(lesson, "trusted, before running")

    lesson.run_all()
    lesson.show_first_explorer()
    lesson.screenshot(f"{path.stem}-run.png")
    _no_errors(lesson, "after Run All Cells")
    shown = lesson.rendered()
    assert shown["viewsWithControls"] >= 1 and shown["viewsWithImage"] >= 1, (
        f"{path.name}: after Run All Cells no live explorer with a figure is shown ({shown})")
