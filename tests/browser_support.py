"""Driving the course in a real browser: a private JupyterLab server and headless Chromium.

Used by ``tests/test_browser.py``. The server runs from this environment (``sys.executable -m
jupyterlab``) on a free local port, without a token, over a temporary copy of the lessons, with its
own empty settings, workspace, config and data folders, so neither the learner's set-up nor an earlier
run leaks in and nothing the browser does (autosave included) touches the stored notebooks.

The browser is the system Chromium driven by Playwright (Playwright's own browser download cannot be
used here). What the tests look at is what a learner sees: the DOM of JupyterLab 4 and of
ipywidgets 8. The selectors used are

- ``.jp-Notebook-ExecutionIndicator[data-status]``: the kernel status in the notebook toolbar
  (``idle``, ``busy``, ``starting``, ...);
- ``.jp-CodeCell .jp-InputArea-prompt``: ``[3]:`` once run, ``[*]:`` while queued or running;
- ``.jp-OutputArea-output[data-mime-type=...]``: one rendered output; errors and stderr are both
  rendered as ``application/vnd.jupyter.stderr``, widgets as ``...widget-view+json``;
- ``.widget-slider`` with its ``.widget-label`` and the keyboard-operable ``.noUi-handle``
  (``role="slider"``), and ``img.widget-image`` for an explorer's figure.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
ARTIFACTS = REPO / "test-artifacts"

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_ERRORS = ("Error displaying widget", "model not found")

# JupyterLab settings for the test server: every cell rendered (no windowing, so every output is in
# the DOM), no news or update checks (no network, no pop-up over the notebook), no autosave.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "checkForUpdates": False, "fetchNews": "false",
    },
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


def find_chromium() -> str | None:
    """Path of the system Chromium: ``$CHROMIUM``, ``/usr/bin/chromium``, or one on the PATH."""
    candidates = [os.environ.get("CHROMIUM"), "/usr/bin/chromium",
                  shutil.which("chromium"), shutil.which("chromium-browser")]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def lessons() -> list[Path]:
    """Every notebook of the course, in file-browser order."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def slider_lesson() -> Path:
    """The lesson whose λ slider the end-to-end test moves: lesson 02, or lesson 00 while 02 is missing."""
    for pattern in ("02-*.ipynb", "00-*.ipynb"):
        found = sorted(NOTEBOOKS.glob(pattern))
        if found:
            return found[0]
    raise FileNotFoundError(f"neither lesson 02 nor lesson 00 is in {NOTEBOOKS}")


@dataclass(frozen=True)
class StoredOutputs:
    """What a stored notebook should show before it runs."""

    images: int        # image/png outputs
    widget_views: int  # live widgets (explorers) with their stored state
    has_widget_state: bool


def stored_outputs(path: Path) -> StoredOutputs:
    """Count the outputs stored in a notebook file."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    images = views = 0
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            images += "image/png" in data
            views += WIDGET_VIEW in data
    state = nb.get("metadata", {}).get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    return StoredOutputs(images, views, bool(state.get("state")))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer:
    """A private ``jupyter lab`` over a temporary copy of the lessons; use it as a context manager."""

    app = "lab"

    def __init__(self, workdir: Path, notebooks: list[Path], startup_timeout: float = 90.0):
        self.workdir = Path(workdir)
        self.root = self.workdir / "root"
        self.log_path = self.workdir / "jupyterlab.log"
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen | None = None
        self._log = None
        self.root.mkdir(parents=True, exist_ok=True)
        for notebook in notebooks:
            shutil.copy2(notebook, self.root / notebook.name)

    def _prepare_dirs(self) -> dict[str, str]:
        dirs = {name: self.workdir / name for name in ("settings", "workspaces", "config", "data", "runtime")}
        for folder in dirs.values():
            folder.mkdir(parents=True, exist_ok=True)
        for relative, values in LAB_SETTINGS.items():
            target = dirs["settings"] / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(values), encoding="utf-8")
        return {name: str(folder) for name, folder in dirs.items()}

    def command(self, dirs: dict[str, str]) -> list[str]:
        cmd = [
            sys.executable, "-m", "jupyterlab",
            "--no-browser", "--ip=127.0.0.1", f"--port={self.port}", "--ServerApp.port_retries=0",
            "--IdentityProvider.token=",
            f"--ServerApp.root_dir={self.root}",
            f"--LabApp.user_settings_dir={dirs['settings']}",
            f"--LabApp.workspaces_dir={dirs['workspaces']}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        return cmd

    def notebook_url(self, notebook: str, workspace: str) -> str:
        return f"{self.url}/lab/workspaces/{workspace}/tree/{notebook}?reset"

    def start(self) -> LabServer:
        dirs = self._prepare_dirs()
        env = dict(os.environ)
        env.update(JUPYTER_CONFIG_DIR=dirs["config"], JUPYTER_DATA_DIR=dirs["data"],
                   JUPYTER_RUNTIME_DIR=dirs["runtime"], JUPYTER_PLATFORM_DIRS="1",
                   JUPYTERLAB_SETTINGS_DIR=dirs["settings"], JUPYTERLAB_WORKSPACES_DIR=dirs["workspaces"],
                   PYTHONUNBUFFERED="1")
        env.pop("JUPYTER_PATH", None)
        self._log = open(self.log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(self.command(dirs), cwd=self.root, env=env, stdin=subprocess.DEVNULL,
                                        stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with code {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/status", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"jupyter lab did not answer within {self.startup_timeout:.0f} s:\n{self.log()}")

    def log(self, tail: int = 4000) -> str:
        with contextlib.suppress(OSError):
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-tail:]
        return ""

    def stop(self) -> None:
        """Stop the server (it shuts its kernels down); kill its process group if it does not exit."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)  # a clean stop: the server shuts its kernels down
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> LabServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class NotebookServer(LabServer):
    """The same, as Jupyter Notebook 7 (``python -m notebook``): one notebook per page, no status bar."""

    app = "notebook"

    def command(self, dirs: dict[str, str]) -> list[str]:
        cmd = [
            sys.executable, "-m", "notebook",
            "--no-browser", "--ip=127.0.0.1", f"--port={self.port}", "--ServerApp.port_retries=0",
            "--IdentityProvider.token=",
            f"--ServerApp.root_dir={self.root}",
            f"--JupyterNotebookApp.user_settings_dir={dirs['settings']}",
            f"--JupyterNotebookApp.workspaces_dir={dirs['workspaces']}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        return cmd

    def notebook_url(self, notebook: str, workspace: str) -> str:
        return f"{self.url}/notebooks/{notebook}"


SERVERS = {"lab": LabServer, "notebook": NotebookServer}


# ---------------------------------------------------------------------------------------------------
# In-page helpers (JavaScript run in the page by Playwright)

PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"

JS_PROMPTS = f"""() => Array.from(document.querySelectorAll(
    '{PANEL} .jp-CodeCell .jp-InputArea-prompt')).map(p => p.textContent.trim())"""

# The toolbar's indicator says "idle" even before a kernel is attached ("No Kernel"); the kernel is
# ready once the indicator is idle and the status bar names the kernel and says "Idle".
JS_KERNEL_READY = f"""() => {{
    const indicator = document.querySelector('{PANEL} .jp-Notebook-ExecutionIndicator');
    const bar = document.querySelector('#jp-main-statusbar');
    const text = bar ? bar.innerText : '';
    return !!indicator && indicator.dataset.status === 'idle' && text.includes('Idle')
        && !text.includes('No Kernel');
}}"""

# Watches the notebook from before a run starts: remembers whether any cell was queued or running.
JS_WATCH_RUN = f"""() => {{
    window.__courseRunSeen = false;
    const panel = document.querySelector('{PANEL}');
    const check = () => {{
        const busy = panel.querySelector('.jp-Notebook-ExecutionIndicator[data-status="busy"]');
        const queued = Array.from(panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt'))
            .some(p => p.textContent.includes('*'));
        if (busy || queued) window.__courseRunSeen = true;
    }};
    if (window.__courseRunObserver) window.__courseRunObserver.disconnect();
    window.__courseRunObserver = new MutationObserver(check);
    window.__courseRunObserver.observe(panel, {{subtree: true, childList: true, characterData: true,
                                                attributes: true, attributeFilter: ['data-status']}});
}}"""

JS_RUN_FINISHED = f"""() => {{
    const prompts = ({JS_PROMPTS})();
    return window.__courseRunSeen && !prompts.some(p => p.includes('*')) && ({JS_KERNEL_READY})();
}}"""

# Notebook 7 has no status bar: ask the server whether the notebook's kernel is idle.
JS_API_KERNEL_IDLE = """async () => {
    const sessions = await (await fetch('/api/sessions')).json();
    return sessions.length > 0 && sessions.every(s => s.kernel && s.kernel.execution_state === 'idle');
}"""

JS_PROMPTS_SETTLED = f"""() => {{
    const prompts = ({JS_PROMPTS})();
    return window.__courseRunSeen && !prompts.some(p => p.includes('*'));
}}"""

# Errors and stderr are both rendered as application/vnd.jupyter.stderr (the red boxes).
JS_ERROR_OUTPUTS = f"""() => Array.from(document.querySelectorAll(
    '{PANEL} .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
    .map(o => o.innerText.slice(0, 1500))"""

JS_PANEL_TEXT_HAS = f"""(needles) => {{
    const panel = document.querySelector('{PANEL}');
    const text = panel ? panel.innerText : '';
    return needles.filter(n => text.includes(n));
}}"""

# A widget view's output is a Lumino panel holding the widget (no data-mime-type attribute); an
# untrusted notebook shows the view's text/plain fallback instead.
JS_RENDERED = f"""() => {{
    const panel = document.querySelector('{PANEL}');
    if (!panel) return null;
    const outputs = Array.from(panel.querySelectorAll('.jp-OutputArea-output'));
    const views = outputs.filter(o => o.querySelector(':scope > .jupyter-widgets'));
    const controls = 'input, select, button, .widget-slider, .widget-dropdown, .widget-toggle-buttons';
    return {{
        images: outputs.filter(o => o.getAttribute('data-mime-type') === 'image/png').length,
        plainTexts: outputs.filter(o => o.getAttribute('data-mime-type') === 'text/plain')
                           .map(o => o.innerText.trim()),
        views: views.length,
        viewsWithControls: views.filter(v => v.querySelector(controls)).length,
        viewsWithImage: views.filter(v => v.querySelector('img.widget-image')).length,
    }};
}}"""

JS_IMAGE_DATA = """async (img) => {
    const blob = await (await fetch(img.src)).blob();
    return await new Promise((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(reader.result);
        reader.onerror = () => reject(reader.error);
        reader.readAsDataURL(blob);
    });
}"""

# Only this notebook's sessions: a page must not stop the kernels of other pages on the same server
# (the browser benchmark once lost its floor notebook's kernel that way after the first lesson).
JS_SHUTDOWN_SESSIONS = """async (notebook) => {
    const match = document.cookie.match(/(?:^|; )_xsrf=([^;]*)/);
    const headers = match ? {'X-XSRFToken': decodeURIComponent(match[1])} : {};
    const sessions = (await (await fetch('/api/sessions', {headers})).json()).filter(s => s.path === notebook);
    for (const s of sessions) await fetch('/api/sessions/' + s.id, {method: 'DELETE', headers});
    return sessions.length;
}"""


def image_digest(locator) -> str:
    """SHA-256 of the picture an ``<img>`` shows (the bytes behind its ``src``, blob or data URL)."""
    data_url = locator.evaluate(JS_IMAGE_DATA)
    payload = base64.b64decode(data_url.split(",", 1)[1])
    return hashlib.sha256(payload).hexdigest()


class LessonPage:
    """One lesson opened in JupyterLab, in a workspace of its own (nothing restored from another test)."""

    def __init__(self, page, server: LabServer, notebook: str, workspace: str):
        self.page = page
        self.server = server
        self.notebook = notebook
        self.workspace = workspace

    @property
    def panel(self):
        return self.page.locator(PANEL)

    def open(self, timeout: float = 90_000) -> None:
        """Open the notebook and wait until it shows its cells and its kernel is ready and idle."""
        self.page.goto(self.server.notebook_url(self.notebook, self.workspace))
        self.panel.locator(".jp-Cell").first.wait_for(state="visible", timeout=timeout)
        self.wait_for_kernel_idle(timeout)

    def wait_for_kernel_idle(self, timeout: float = 90_000) -> None:
        if getattr(self.server, "app", "lab") == "lab":
            self.page.wait_for_function(JS_KERNEL_READY, timeout=timeout, polling=100)
            return
        deadline = time.monotonic() + timeout / 1000
        while not self.page.evaluate(JS_API_KERNEL_IDLE):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.notebook}: the kernel did not become idle")
            time.sleep(0.2)

    def prompts(self) -> list[str]:
        return self.page.evaluate(JS_PROMPTS)

    def _menu(self, menu: str, item: str) -> None:
        self.page.locator(".lm-MenuBar-item").filter(
            has=self.page.get_by_text(menu, exact=True)).first.click()
        self.page.locator(".lm-Menu-item:not(.lm-mod-disabled)").filter(
            has=self.page.get_by_text(item, exact=True)).first.click()

    def run_all(self, timeout: float = 180_000) -> None:
        """Run > Run All Cells from the menu bar; wait until no cell is queued and the kernel is idle."""
        self.page.evaluate(JS_WATCH_RUN)
        self._menu("Run", "Run All Cells")
        if getattr(self.server, "app", "lab") == "lab":
            self.page.wait_for_function(JS_RUN_FINISHED, timeout=timeout, polling=100)
        else:
            self.page.wait_for_function(JS_PROMPTS_SETTLED, timeout=timeout, polling=100)
            self.wait_for_kernel_idle(timeout)

    def trust(self) -> None:
        """Trust the notebook as a learner would: command palette (Ctrl+Shift+C), "Trust Notebook"."""
        self.page.keyboard.press("Control+Shift+C")
        search = self.page.locator(".lm-CommandPalette-input")
        search.wait_for(state="visible")
        search.fill("Trust Notebook")
        self.page.locator(".lm-CommandPalette-item:not(.lm-mod-disabled)").filter(
            has=self.page.get_by_text("Trust Notebook", exact=True)).first.click()
        self.page.locator(".jp-Dialog button.jp-mod-accept").filter(has_text="Trust").click()
        self.page.locator(".jp-Dialog").wait_for(state="detached")

    def error_outputs(self) -> list[str]:
        return self.page.evaluate(JS_ERROR_OUTPUTS)

    def widget_errors(self) -> list[str]:
        return self.page.evaluate(JS_PANEL_TEXT_HAS, list(WIDGET_ERRORS))

    def rendered(self) -> dict:
        return self.page.evaluate(JS_RENDERED)

    def explorer_slider(self, label: str = "λ"):
        """The live explorer (a widget output with a figure and a slider) and its slider labelled ``label``.

        Returns ``(explorer, slider)`` locators: the first explorer that has a slider labelled ``label``
        and that slider, or else the first explorer and its first slider.
        """
        page = self.page
        explorers = self.panel.locator(".jp-OutputArea-output").filter(
            has=page.locator("img.widget-image")).filter(has=page.locator(".widget-slider"))
        labelled = page.locator(".widget-slider").filter(
            has=page.locator(".widget-label", has_text=label))
        if explorers.filter(has=labelled).count():
            explorer = explorers.filter(has=labelled).first
            return explorer, explorer.locator(".widget-slider").filter(
                has=page.locator(".widget-label", has_text=label)).first
        explorer = explorers.first
        return explorer, explorer.locator(".widget-slider").first

    def shutdown_kernels(self) -> None:
        """Shut down this notebook's kernel (its sessions only; other pages keep theirs)."""
        with contextlib.suppress(Exception):
            self.page.evaluate(JS_SHUTDOWN_SESSIONS, self.notebook)

    def show_first_explorer(self) -> None:
        """Scroll the first widget output (an explorer) into view, for a screenshot worth looking at."""
        view = self.panel.locator(".jp-OutputArea-output").filter(
            has=self.page.locator(":scope > .jupyter-widgets")).first
        with contextlib.suppress(Exception):
            view.scroll_into_view_if_needed(timeout=5_000)

    def screenshot(self, name: str, locator=None) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        (locator or self.page).screenshot(path=str(path))
        return path
