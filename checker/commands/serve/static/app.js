// The drafting page. It holds no knowledge of the language's meaning: it sends the editor's
// text to the server, which checks it with the one check core, and shows what comes back.
// Everything from a protocol is put in the page with textContent (never innerHTML), and the
// sharing drawing is shown as an image, which cannot run script.

import { Cards } from "./cards.js";
import { $, api, el, say } from "./dom.js";
import { Editor } from "./editor.js";
import { renderDrawing, renderLeaflet, renderTable, runScenarios, selectTab, zoomDrawing } from "./panels.js";

const PAUSE_MS = 120; // a pause this long after a keystroke, and the text is checked

const state = {
  path: "", // relative to the served folder
  version: "", // of the file on disk when opened or last saved; "" = not on disk yet
  saved: "", // the text as it is on disk (to know whether there are changes)
  checkedText: null,
  inFlight: false,
  again: false,
  view: null,
  lastInput: 0,
  timer: 0,
  folder: null,
};
let editor = null;
let cards = null;

const words = (name) => name.charAt(0).toUpperCase() + name.slice(1).replaceAll("-", " ");

// ---- the folder ------------------------------------------------------------------------
async function loadFolder() {
  const { data } = await api("/api/folder");
  state.folder = data;
  editor = new Editor($("text"), $("copy"), $("gutter"), data.keywords);
  cards = new Cards(editor, applyFix);
  fillProtocols(data.protocols);
  for (const [select, names] of [[$("new-service"), data.services], [$("new-clients"), data.clients]]) {
    select.replaceChildren(...names.map((name) => {
      const option = el("option", "", words(name));
      option.value = name;
      return option;
    }));
  }
  $("new-service").value = data.services.includes("homeless-hostel") ? "homeless-hostel" : data.services[0];
  $("new-clients").value = "adults";
  const wanted = new URLSearchParams(location.search).get("file");
  if (wanted) {
    await openProtocol(wanted);
  } else if (data.protocols.length === 1) {
    await openProtocol(data.protocols[0]);
  } else {
    $("empty-words").textContent = data.protocols.length
      ? `${data.protocols.length} protocols in ${data.folder}/. Open one, or start a new one.`
      : `There is no protocol in ${data.folder}/ yet: start a new one.`;
    $("empty-list").replaceChildren(...data.protocols.map((path) => {
      const li = el("li");
      const open = el("button", "", path);
      open.type = "button";
      open.addEventListener("click", () => openProtocol(path));
      li.append(open);
      return li;
    }));
  }
  if (data.unreadable.length) {
    const folders = data.unreadable.map(({ folder, why }) => `${folder}/ (${why})`).join(", ");
    say(`Some folders could not be read, so the protocols in them are not listed: ${folders}.`, "warning");
  }
}

function fillProtocols(paths, current = "") {
  const select = $("open-select");
  const prompt = el("option", "", paths.length ? "Choose…" : "(none yet)");
  prompt.value = "";
  const options = paths.map((path) => {
    const option = el("option", "", path);
    option.value = path;
    return option;
  });
  if (current && !paths.includes(current)) {
    const option = el("option", "", `${current} (not saved yet)`);
    option.value = current;
    options.push(option);
  }
  select.replaceChildren(prompt, ...options);
  select.value = current;
}

function dirty() {
  return editor !== null && state.path !== "" && editor.text !== state.saved;
}

function leaveChanges() {
  return !dirty() || confirm(`${state.path} has changes that are not saved. Leave them?`);
}

async function openProtocol(path) {
  try {
    const { data } = await api(`/api/protocol?path=${encodeURIComponent(path)}`);
    show(data);
  } catch (error) {
    say(`Cannot open ${path}: ${error.message}`);
    $("open-select").value = state.path;
  }
}

function show(opened) {
  state.path = opened.path;
  state.version = opened.version;
  state.saved = opened.version ? opened.text : "";
  cards.forget();
  state.view = null;
  state.checkedText = null;
  say("");
  fillProtocols(state.folder.protocols, opened.path);
  $("empty").hidden = true;
  $("workspace").hidden = false;
  $("editor-help").hidden = false;
  $("save-button").disabled = false;
  $("run-scenarios").disabled = false;
  $("protocol-path").textContent = `${state.folder.folder}/${opened.path}`;
  history.replaceState(null, "", `/?file=${encodeURIComponent(opened.path)}`);
  editor.text = opened.text;
  $("scenario-results").replaceChildren();
  updateSaveState();
  checkNow();
}

// ---- checking as the manager types -------------------------------------------------------
function scheduleCheck() {
  state.lastInput = performance.now();
  document.body.dataset.fresh = "false";
  clearTimeout(state.timer);
  state.timer = setTimeout(checkNow, PAUSE_MS);
  updateSaveState();
}

// One check at a time: text typed while a check is on its way is checked as soon as it comes
// back (only the latest text), so fast typing never queues up work on the server.
async function checkNow() {
  clearTimeout(state.timer);
  const text = editor.text;
  if (text === state.checkedText || !state.path) return;
  if (state.inFlight) {
    state.again = true;
    return;
  }
  state.inFlight = true;
  const path = state.path;
  const asked = state.lastInput;
  try {
    const sent = performance.now();
    const { data } = await api("/api/check", { path, text });
    if (path !== state.path) return; // another protocol was opened meanwhile
    const received = performance.now();
    state.checkedText = text;
    state.view = data;
    render(data);
    // For tests and the latency measurement (scripts/serve_latency.py): how long after the last
    // keystroke the findings were on screen, the request's and the drawing's shares of it, and
    // whether they are the findings of the text in the editor now.
    const times = document.body.dataset;
    if (asked) times.checkMs = String(Math.round(performance.now() - asked));
    times.requestMs = String(Math.round(received - sent));
    times.renderMs = String(Math.round(performance.now() - received));
    document.body.dataset.fresh = String(text === editor.text);
  } catch (error) {
    say(`Could not check the protocol: ${error.message}`);
  } finally {
    state.inFlight = false;
    if (state.again) {
      state.again = false;
      checkNow();
    }
  }
}

function render(view) {
  const title = view.title || state.path;
  $("protocol-title").textContent = title;
  document.title = `${title}: confide drafting page`;
  const c = view.counts;
  const parts = [];
  if (c.error) parts.push(`${c.error} error${c.error === 1 ? "" : "s"}`);
  if (c.warning) parts.push(`${c.warning} warning${c.warning === 1 ? "" : "s"}`);
  if (c.info) parts.push(`${c.info} note${c.info === 1 ? "" : "s"}`);
  if (c.waived) parts.push(`${c.waived} waived`);
  const counts = $("counts");
  counts.textContent = parts.length ? `Checked: ${parts.join(", ")}.` : "Checked: no findings. This protocol checks clean.";
  counts.className = `counts ${c.error ? "error" : c.warning ? "warning" : "clean"}`;
  editor.setMarks(view.findings);
  cards.show(view);
  renderDrawing(view);
  renderTable(view);
  renderLeaflet(view);
}

async function applyFix(finding, group) {
  try {
    const { data } = await api("/api/apply", {
      path: state.path, text: editor.text, code: finding.code, clause: finding.clause, line: finding.line,
    });
    editor.replace(data.text);
    say(`Applied the suggested rewording${group.clause ? ` of clause ${group.clause}` : ""}. Ctrl+Z takes it back.`,
      "notice");
    state.lastInput = performance.now();
    await checkNow();
    updateSaveState();
  } catch (error) {
    say(`Not applied: ${error.message}`);
    checkNow();
  }
}

function nextFinding(step) {
  if (!state.view) return;
  const lines = [...new Set(state.view.findings.filter((f) => f.here).map((f) => f.line))].sort((a, b) => a - b);
  if (!lines.length) return;
  const caret = editor.caretLine();
  const target = step > 0 ? lines.find((l) => l > caret) ?? lines[0] : [...lines].reverse().find((l) => l < caret)
    ?? lines[lines.length - 1];
  editor.goToLine(target);
  cards.openAtCaret();
  const found = state.view.findings.filter((f) => f.here && f.line === target).map((f) => `${f.code} ${f.message}`);
  say(`Line ${target}: ${found.join("; ")}`, "notice");
}

// ---- saving// ---- saving ------------------------------------------------------------------------------
function updateSaveState() {
  const words = !state.path ? "" : !state.version ? "New: not saved yet" : dirty() ? "Changes not saved" : "Saved";
  const box = $("save-state");
  if (box.textContent !== words) box.textContent = words;
  box.className = `save-state ${dirty() || (state.path && !state.version) ? "unsaved" : "saved"}`;
}

async function save(base = state.version) {
  if (!state.path) return;
  const text = editor.text;
  try {
    const { status, data } = await api("/api/save", { path: state.path, text, base });
    if (status === 409) {
      conflict(data, text);
      return;
    }
    const fresh = !state.version;
    state.version = data.version;
    state.saved = text;
    updateSaveState();
    say(`Saved ${state.path}.`, "notice");
    if (fresh) {
      const { data: folder } = await api("/api/folder");
      state.folder.protocols = folder.protocols;
      fillProtocols(folder.protocols, state.path);
    }
  } catch (error) {
    say(`Not saved: ${error.message}`);
  }
}

function conflict(data, text) {
  const dialog = $("conflict-dialog");
  $("conflict-words").textContent = data.version
    ? `${state.path} was changed on disk after you opened it (perhaps someone else saved it, or another program). `
      + "Nothing was saved. Here is what your version would change in it."
    : `${state.path} has been deleted from the folder since you opened it. Nothing was saved.`;
  const diff = $("conflict-diff");
  diff.replaceChildren(...(data.diff || "").split("\n").map((line) => {
    const kind = line.startsWith("+") && !line.startsWith("+++") ? "add" : line.startsWith("-") && !line.startsWith("---")
      ? "del" : line.startsWith("@@") ? "hunk" : "";
    return el("span", `diff-line ${kind}`, `${line}\n`);
  }));
  $("conflict-overwrite").onclick = () => {
    dialog.close();
    save(data.version);
  };
  $("conflict-load").onclick = async () => {
    dialog.close();
    if (data.version) await openProtocol(state.path);
  };
  $("conflict-load").hidden = !data.version;
  $("conflict-cancel").onclick = () => dialog.close();
  dialog.showModal();
  $("conflict-cancel").focus();
}

// ---- starting a new protocol ---------------------------------------------------------------
async function startNew(event) {
  event.preventDefault();
  const name = $("new-name").value.trim();
  const path = name.endsWith(".protocol") ? name : `${name}.protocol`;
  const query = new URLSearchParams({ path, service: $("new-service").value, clients: $("new-clients").value });
  try {
    const { data } = await api(`/api/new?${query}`);
    $("new-dialog").close();
    show(data);
    editor.goToLine(1);
  } catch (error) {
    const box = $("new-error");
    box.textContent = error.message;
    box.hidden = false;
  }
}

// ---- wiring ------------------------------------------------------------------------------
function wire() {
  const text = $("text");
  text.addEventListener("input", scheduleCheck);
  for (const event of ["keyup", "click", "focus"]) text.addEventListener(event, () => cards?.openAtCaret());
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      save();
    } else if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      nextFinding(event.key === "ArrowDown" ? 1 : -1);
    }
  });
  $("save-button").addEventListener("click", () => save());
  $("open-select").addEventListener("change", (event) => {
    const path = event.target.value;
    if (path && path !== state.path && leaveChanges()) openProtocol(path);
    else event.target.value = state.path;
  });
  const startDialog = () => {
    if (!leaveChanges()) return;
    $("new-error").hidden = true;
    $("new-dialog").showModal();
  };
  $("new-button").addEventListener("click", startDialog);
  $("empty-new").addEventListener("click", startDialog);
  $("new-form").addEventListener("submit", startNew);
  $("new-cancel").addEventListener("click", () => $("new-dialog").close());
  $("run-scenarios").addEventListener("click", () => runScenarios(state.path, editor.text));
  $("zoom-drawing").addEventListener("click", zoomDrawing);
  $("drawing-close").addEventListener("click", () => $("drawing-dialog").close());
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  for (const tab of tabs) {
    tab.addEventListener("click", () => selectTab(tab));
    tab.addEventListener("keydown", (event) => {
      const at = tabs.indexOf(tab);
      const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (to === undefined) return;
      event.preventDefault();
      selectTab(tabs[(to + tabs.length) % tabs.length]);
    });
  }
  window.addEventListener("beforeunload", (event) => {
    if (dirty()) event.preventDefault();
  });
  window.addEventListener("resize", () => cards?.place());
}

wire();
loadFolder().catch((error) => say(`The page could not start: ${error.message}`));
