// The drafting page. It holds no knowledge of the language's meaning: it sends the editor's
// text to the server, which checks it with the one check core, and shows what comes back.
// Everything from a protocol is put in the page with textContent (never innerHTML), and the
// sharing drawing is shown as an image, which cannot run script.

import { Editor } from "./editor.js";

const PAUSE_MS = 120; // a pause this long after a keystroke, and the text is checked
const TOKEN = document.querySelector('meta[name="confide-token"]').content;
const $ = (id) => document.getElementById(id);

const state = {
  path: "", // relative to the served folder
  version: "", // of the file on disk when opened or last saved; "" = not on disk yet
  saved: "", // the text as it is on disk (to know whether there are changes)
  checkedText: null,
  inFlight: false,
  again: false,
  view: null,
  pinned: new Set(), // cards opened by hand stay open
  lastInput: 0,
  timer: 0,
  folder: null,
};
let editor = null;

// ---- talking to the server -------------------------------------------------------------
async function api(path, body) {
  const init = { headers: { "X-Confide-Token": TOKEN } };
  if (body !== undefined) {
    init.method = "POST";
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const raw = await response.text();
  let data = null;
  try {
    data = JSON.parse(raw);
  } catch {
    data = { error: raw || `the server answered ${response.status}` };
  }
  if (!response.ok && response.status !== 409) {
    throw new Error(data?.error || `the server answered ${response.status}`);
  }
  return { status: response.status, data };
}

function say(words, kind = "error") {
  const box = $("message");
  box.textContent = words;
  box.className = `message ${kind}`;
  box.hidden = !words;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const words = (name) => name.charAt(0).toUpperCase() + name.slice(1).replaceAll("-", " ");

// ---- the folder ------------------------------------------------------------------------
async function loadFolder() {
  const { data } = await api("/api/folder");
  state.folder = data;
  editor = new Editor($("text"), $("copy"), $("gutter"), data.keywords);
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
  state.pinned.clear();
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
  $("cards").replaceChildren();
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
  renderCards(view);
  renderDrawing(view);
  renderTable(view);
  renderLeaflet(view);
}

// ---- findings, beside their lines ----------------------------------------------------------
// Findings on one clause share its one rewording, so they make one card; a finding about the
// whole protocol makes a card of its own.
function groups(view) {
  const found = new Map();
  for (const f of view.findings) {
    const key = f.here && f.clause ? `clause ${f.clause}` : `${f.code}@${f.file}:${f.line}`;
    if (!found.has(key)) found.set(key, { key, clause: f.here ? f.clause : null, findings: [] });
    found.get(key).findings.push(f);
  }
  const order = { error: 0, warning: 1, info: 2 };
  const out = [...found.values()];
  for (const group of out) {
    group.findings.sort((a, b) => order[a.severity] - order[b.severity] || a.line - b.line);
    group.line = group.findings[0].here ? Math.min(...group.findings.map((f) => f.line)) : 1;
    group.worst = group.findings.find((f) => !f.waived)?.severity || "info";
    group.fix = group.findings.find((f) => f.suggestion);
    const span = view.clauses.find((k) => k.ref === group.clause);
    group.lines = span ? [span.first, span.last] : [group.line, Math.max(...group.findings.map((f) => f.end_line))];
  }
  return out.sort((a, b) => a.line - b.line || order[a.worst] - order[b.worst]);
}

function renderCards(view) {
  const list = $("cards");
  const caret = editor.caretLine();
  const cards = groups(view).map((group) => card(group, caret));
  list.replaceChildren(...cards);
  $("clean").hidden = cards.length > 0;
  placeCards();
}

function card(group, caret) {
  const open = state.pinned.has(group.key) || (caret >= group.lines[0] && caret <= group.lines[1]);
  const item = el("li", `card ${group.worst}${open ? " open" : ""}`);
  item.dataset.line = String(group.line);
  item.dataset.key = group.key;
  item.dataset.codes = group.findings.map((f) => f.code).join(" ");
  const head = el("div", "card-head");
  const toggle = el("button", "toggle");
  toggle.type = "button";
  toggle.setAttribute("aria-expanded", String(open));
  const counts = {};
  for (const f of group.findings) counts[f.severity_words] = (counts[f.severity_words] || 0) + 1;
  const where = group.clause ? `Clause ${group.clause}` : group.findings[0].here ? "The protocol" :
    group.findings[0].file;
  toggle.append(el("span", `sign ${group.worst}`, { error: "✖", warning: "▲", info: "●" }[group.worst]),
    el("span", "where", `${where}, line ${group.line}`),
    el("span", "tally", Object.entries(counts).map(([w, n]) => `${n} ${w.toLowerCase()}${n > 1 ? "s" : ""}`)
      .join(", ")));
  toggle.addEventListener("click", () => {
    if (item.classList.toggle("open")) state.pinned.add(group.key);
    else state.pinned.delete(group.key);
    toggle.setAttribute("aria-expanded", String(item.classList.contains("open")));
    placeCards();
  });
  const go = el("button", "go", `Go to line ${group.line}`);
  go.type = "button";
  go.addEventListener("click", () => editor.goToLine(group.line));
  head.append(toggle, go);
  item.append(head);
  item.append(el("p", "headline", group.findings[0].message));
  const body = el("div", "card-body");
  const list = el("ul", "finding-list");
  for (const f of group.findings) {
    const li = el("li", `finding ${f.severity}${f.waived ? " waived" : ""}`);
    li.append(el("span", `badge ${f.severity}`, f.waived ? "Waived" : f.severity_words), " ",
      el("code", "code", f.code), " ", el("span", "finding-message", f.message));
    if (f.waived && f.waiver) li.append(el("span", "waiver", ` Waived: ${f.waiver}`));
    list.append(li);
  }
  body.append(list);
  if (group.fix) {
    const fix = group.fix;
    body.append(el("p", "suggest-label", fix.replaces ? `Suggested rewording of lines ${fix.replaces[0]}–${fix.replaces[1]}`
      : "Suggested addition, at the end of the protocol"));
    body.append(el("pre", "suggest", fix.suggestion));
    const apply = el("button", "apply primary", "Apply");
    apply.type = "button";
    apply.setAttribute("aria-label", `Apply the suggested rewording${group.clause ? ` of clause ${group.clause}` : ""}`);
    apply.addEventListener("click", () => applyFix(fix, group));
    body.append(apply);
  }
  // The law each finding rests on, once: findings of one principle share its text.
  const laws = new Map();
  for (const f of group.findings) {
    if (f.rests_on) laws.set(f.rests_on, [...(laws.get(f.rests_on) || []), f.code]);
  }
  if (laws.size) {
    body.append(el("p", "law-heading", laws.size === 1 ? "The law it rests on" : "The law they rest on"));
    const held = el("ul", "laws");
    for (const [words, codes] of laws) {
      const li = el("li", "law");
      li.append(el("span", "law-codes", `${codes.join(", ")}: `), document.createTextNode(words));
      held.append(li);
    }
    body.append(held);
  }
  item.append(body);
  return item;
}

// Each card sits level with its first line, or just below the card above it.
function placeCards() {
  const items = [...$("cards").children];
  const heights = items.map((item) => item.offsetHeight); // measured once, before anything moves
  let bottom = 0;
  items.forEach((item, i) => {
    const top = Math.max(editor.lineTop(Number(item.dataset.line)), bottom);
    item.style.top = `${top}px`;
    bottom = top + heights[i] + 8;
  });
  $("cards").style.minHeight = `${bottom}px`;
}

function openCardAtCaret() {
  if (!state.view) return;
  const caret = editor.caretLine();
  for (const group of groups(state.view)) {
    const item = [...$("cards").children].find((c) => c.dataset.key === group.key);
    if (!item) continue;
    const open = state.pinned.has(group.key) || (caret >= group.lines[0] && caret <= group.lines[1]);
    if (open !== item.classList.contains("open")) {
      item.classList.toggle("open", open);
      item.querySelector(".toggle").setAttribute("aria-expanded", String(open));
    }
  }
  placeCards();
}

async function applyFix(finding, group) {
  try {
    const { data } = await api("/api/apply", {
      path: state.path, text: editor.text, code: finding.code, clause: finding.clause, line: finding.line,
    });
    state.pinned.delete(group.key);
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
  openCardAtCaret();
  const found = state.view.findings.filter((f) => f.here && f.line === target).map((f) => `${f.code} ${f.message}`);
  say(`Line ${target}: ${found.join("; ")}`, "notice");
}

// ---- the views beside the editor ----------------------------------------------------------
let drawingUrl = "";

function unusable(panel, words) {
  panel.replaceChildren(el("p", "unusable", words));
}

function renderDrawing(view) {
  const img = $("drawing");
  const flows = $("flows");
  if (drawingUrl) URL.revokeObjectURL(drawingUrl);
  drawingUrl = "";
  $("zoom-drawing").hidden = true;
  if (!view.drawing) {
    img.hidden = true;
    $("drawing-caption").textContent = "Shown again once the protocol has no errors that stop it being read.";
    flows.replaceChildren();
    return;
  }
  if (!view.drawing.svg) {
    img.hidden = true;
    $("drawing-caption").textContent = "This protocol shares nothing with anyone.";
    flows.replaceChildren();
    return;
  }
  drawingUrl = URL.createObjectURL(new Blob([view.drawing.svg], { type: "image/svg+xml" }));
  img.src = drawingUrl;
  img.hidden = false;
  $("zoom-drawing").hidden = false;
  img.alt = `Drawing of who is told what: ${view.drawing.arrows.length} arrow${view.drawing.arrows.length === 1 ? "" : "s"}, listed below in words.`;
  $("drawing-caption").textContent = "";
  flows.replaceChildren(...view.drawing.arrows.map((a) => {
    const li = el("li", `flow ${a.status}`);
    li.append(el("span", "flow-who", `${a.from} → ${a.to}`), ": ", el("span", "", a.data.join(", ")),
      ` (clause${a.clauses.length === 1 ? "" : "s"} ${a.clauses.join(", ")}) `, el("span", `flow-status ${a.status}`, a.words));
    return li;
  }));
}

// The decision table is the text `confide simulate --all` prints; it is laid out here as tables
// (one per event: who the client is and what they said, then what staff do), and any line
// that is not a row stays a paragraph, so nothing it says is lost.
function renderTable(view) {
  const box = $("table");
  if (!view.table) {
    unusable(box, "Shown again once the protocol has no errors that stop it being read.");
    return;
  }
  const parts = [];
  let table = null;
  let gaps = null;
  for (const line of view.table.split("\n").slice(1)) {
    const row = /^ {2}(\S.*?:)\s+(.*)$/.exec(line);
    if (line.startsWith("When ")) {
      table = el("table", "situations");
      table.append(el("caption", "", line));
      const head = el("tr");
      head.append(el("th", "", "Client, and their agreement"), el("th", "", "What staff do"));
      head.firstChild.scope = head.lastChild.scope = "col";
      table.append(head);
      parts.push(table);
    } else if (row && table) {
      const tr = el("tr", row[2].startsWith("LEFT TO CHANCE") ? "gap" : "");
      const who = el("th", "", row[1].replace(/:$/, ""));
      who.scope = "row";
      tr.append(who, el("td", "", row[2]));
      table.append(tr);
    } else if (line.startsWith("  - ") && gaps) {
      gaps.append(el("li", "", line.slice(4)));
    } else if (line.trim()) {
      table = null;
      parts.push(el("p", line.startsWith("Left to chance") ? "chance" : "", line));
      if (line.startsWith("Left to chance")) {
        gaps = el("ul", "chance-list");
        parts.push(gaps);
      }
    }
  }
  box.replaceChildren(...parts);
}

function renderLeaflet(view) {
  const article = $("leaflet");
  const leaflet = view.leaflet;
  if (!leaflet) {
    unusable(article, "Shown again once the protocol has no errors that stop it being read.");
    return;
  }
  const parts = [el("h2", "leaflet-title", leaflet.title)];
  if (leaflet.organisation) parts.push(el("p", "leaflet-org", leaflet.organisation));
  for (const section of leaflet.sections) {
    parts.push(el(section.level === 3 ? "h4" : "h3", "", section.heading));
    for (const paragraph of section.paragraphs) parts.push(el("p", "", paragraph));
    if (section.points.length) {
      const ul = el("ul");
      ul.append(...section.points.map((point) => el("li", "", point)));
      parts.push(ul);
    }
  }
  parts.push(el("p", "leaflet-source", leaflet.source));
  article.replaceChildren(...parts);
}

async function runScenarios() {
  const box = $("scenario-results");
  box.replaceChildren(el("p", "", "Running…"));
  try {
    const { data } = await api("/api/scenarios", { path: state.path, text: editor.text });
    if (!data.scenarios.length) {
      box.replaceChildren(el("p", "", "No scenario tests this protocol yet. Write one in the protocol, or in a "
        + ".scenario file in this folder that names it with protocol-file (see docs/language.md §5)."));
      return;
    }
    const passed = data.scenarios.filter((s) => s.passed).length;
    const summary = el("p", `scenario-summary ${passed === data.scenarios.length ? "pass" : "fail"}`,
      `${passed} of ${data.scenarios.length} scenario${data.scenarios.length === 1 ? "" : "s"} passed.`);
    const list = el("ol", "scenarios");
    for (const s of data.scenarios) {
      const li = el("li", `scenario ${s.passed ? "pass" : "fail"}`);
      const head = el("h3", "");
      head.append(el("span", `verdict ${s.passed ? "pass" : "fail"}`, s.passed ? "Pass" : "Fail"), " ",
        document.createTextNode(s.title), el("span", "where", ` (${s.file}, line ${s.line})`));
      li.append(head);
      for (const error of s.errors) li.append(el("p", "form-error", error));
      const outcomes = el("ul", "outcomes");
      for (const o of s.outcomes) {
        const item = el("li", o.passed ? "pass" : "fail");
        item.append(el("span", `verdict ${o.passed ? "pass" : "fail"}`, o.passed ? "pass" : "FAIL"), " ",
          el("code", "", o.expect), el("span", "happened", `: ${o.happened}`));
        outcomes.append(item);
      }
      li.append(outcomes);
      list.append(li);
    }
    box.replaceChildren(summary, list);
  } catch (error) {
    box.replaceChildren(el("p", "form-error", `Could not run the scenarios: ${error.message}`));
  }
}

function selectTab(tab) {
  for (const other of document.querySelectorAll('[role="tab"]')) {
    const chosen = other === tab;
    other.setAttribute("aria-selected", String(chosen));
    other.tabIndex = chosen ? 0 : -1;
    $(other.getAttribute("aria-controls")).hidden = !chosen;
  }
  tab.focus();
}

// ---- saving ------------------------------------------------------------------------------
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
  for (const event of ["keyup", "click", "focus"]) text.addEventListener(event, openCardAtCaret);
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
  $("run-scenarios").addEventListener("click", runScenarios);
  $("zoom-drawing").addEventListener("click", () => {
    $("drawing-big").src = drawingUrl;
    $("drawing-big").alt = $("drawing").alt;
    $("drawing-dialog").showModal();
  });
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
  window.addEventListener("resize", placeCards);
}

wire();
loadFolder().catch((error) => say(`The page could not start: ${error.message}`));
