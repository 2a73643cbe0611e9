// The browser half of every explorer (see base.py): accessible names and values, the text
// alternative, a polite live region, the selected state of toggles, the stored-state notice, and
// the dark-theme variant. It only decorates the DOM that ipywidgets draws; all numbers come from Python.

function explorerRoot(el) {
  return el.closest(".l2-explorer");
}

// One polite live region per explorer, kept in the DOM so screen readers announce its changes.
function liveRegion(root) {
  let region = root.querySelector(":scope > .l2-announce");
  if (!region) {
    region = document.createElement("div");
    region.className = "l2-announce l2-visually-hidden";
    region.setAttribute("aria-live", "polite");
    region.setAttribute("role", "status");
    root.appendChild(region);
  }
  return region;
}

function readoutText(control) {
  const readout = control.querySelector(".widget-readout");
  if (!readout) return null;
  const text = (readout.value !== undefined && readout.tagName === "INPUT") ? readout.value : readout.textContent;
  return (text || "").trim();
}

function decorateControl(control, spec) {
  if (!spec) return;
  const name = spec.name;
  const value = readoutText(control);
  const spoken = value === null ? null : `${value}${spec.unit ? " " + spec.unit : ""}`;
  const handle = control.querySelector('.noUi-handle[role="slider"], [role="slider"]');
  if (handle) {
    handle.setAttribute("aria-label", name);
    if (spoken !== null && handle.getAttribute("aria-valuetext") !== spoken) {
      handle.setAttribute("aria-valuetext", spoken);
    }
  }
  const select = control.querySelector("select");
  if (select) select.setAttribute("aria-label", name);
  const buttons = control.querySelectorAll("button");
  if (control.classList.contains("widget-toggle-buttons") || control.querySelector(".widget-toggle-button")) {
    const group = control.querySelector(".widget-toggle-buttons") || control;
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", name);
    buttons.forEach((b) => {
      const pressed = b.classList.contains("mod-active") ? "true" : "false";
      if (b.getAttribute("aria-pressed") !== pressed) b.setAttribute("aria-pressed", pressed);
    });
  }
}

// Keys on a focused control go to the control, not to the notebook's shortcuts. The notebook's
// command-mode bindings (arrows move the cell selection) use selectors such as
// `.jp-Notebook.jp-mod-commandMode :focus`, which the focused handle itself matches; Lumino stops
// its search at an element carrying `data-lm-suppress-shortcuts` only if it meets that element
// before a match, so the attribute goes on every focusable control as well as on the explorer.
// Notebook 7 processes those bindings at the window in the capture phase, before the slider's own
// handler, so stopping propagation in the widget could not help there. Tab still leaves the explorer.
const FOCUSABLE = '[role="slider"], button, select, input, textarea, [tabindex]';

function suppressShortcuts(element) {
  if (!element.hasAttribute("data-lm-suppress-shortcuts")) element.setAttribute("data-lm-suppress-shortcuts", "true");
}

function decorate(model, root) {
  suppressShortcuts(root);
  root.querySelectorAll(FOCUSABLE).forEach(suppressShortcuts);
  const specs = model.get("controls") || [];
  root.querySelectorAll(".l2-control").forEach((control) => {
    const index = Number((Array.from(control.classList).find((c) => c.startsWith("l2-control-")) || "").slice(11));
    decorateControl(control, specs[index]);
  });
  const alts = model.get("alts") || [];
  root.querySelectorAll("img.widget-image").forEach((img, i) => {
    const alt = alts[i] === undefined ? "" : alts[i];
    if (img.getAttribute("alt") !== alt) img.setAttribute("alt", alt);
  });
  const numbers = root.querySelector(".l2-numbers");
  if (numbers) {
    numbers.setAttribute("role", "group");
    numbers.setAttribute("aria-label", "numbers of this view");
  }
  const dark = document.body.dataset.jpThemeLight === "false";
  root.classList.toggle("l2-dark", dark);
  root.classList.toggle("l2-live", !!model.get("live"));
  const snapshot = previousSnapshot(root);
  if (snapshot) {
    snapshot.classList.toggle("l2-dark", dark);
    snapshot.classList.toggle("l2-snapshot-hidden", !!model.get("live"));
  }
}

// The static figure of the default view sits in the cell just before the explorer's cell; once the
// explorer is live it would be the same figure twice, so it is folded away.
function previousSnapshot(root) {
  const cell = root.closest(".jp-Cell");
  if (!cell) return null;
  let previous = cell.previousElementSibling;
  while (previous && !previous.classList.contains("jp-Cell")) previous = previous.previousElementSibling;
  if (!previous || !previous.querySelector('.jp-OutputArea-output img')) return null;
  return previous.querySelector(".jp-Cell-outputArea") || previous;
}

function render({ model, el }) {
  el.classList.add("l2-bridge");
  let root = null;
  let observer = null;
  let queued = false;
  const schedule = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      root = root || explorerRoot(el);
      if (root) decorate(model, root);
    });
  };
  const attach = () => {
    root = explorerRoot(el);
    if (!root) {
      setTimeout(attach, 50);
      return;
    }
    liveRegion(root);
    observer = new MutationObserver(schedule);
    observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true,
                             attributeFilter: ["class", "src"] });
    themeObserver.observe(document.body, { attributes: true, attributeFilter: ["data-jp-theme-light"] });
    schedule();
  };
  const themeObserver = new MutationObserver(schedule);
  const announce = () => {
    if (root) liveRegion(root).textContent = model.get("announcement") || "";
  };
  model.on("change:announcement", announce);
  model.on("change:controls change:alts change:live", schedule);
  attach();
  // Tell the kernel that a page shows this explorer. Drawn from a notebook's stored state there is
  // no kernel to hear it, so the explorer stays in its "run this cell" state.
  if (!model.get("live")) {
    try {
      model.set("alive", (model.get("alive") || 0) + 1);
      model.save_changes();
    } catch (error) {
      // no kernel connection: the stored view
    }
  }
  return () => {
    if (observer) observer.disconnect();
    themeObserver.disconnect();
    model.off("change:announcement", announce);
    model.off("change:controls change:alts change:live", schedule);
  };
}

export default { render };
