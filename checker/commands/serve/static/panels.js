// The views beside the editor: who is told what (the report's drawing, as an image, and its
// arrows in words), the decision table, the client leaflet, and the scenarios on demand.

import { $, api, el } from "./dom.js";

let drawingUrl = "";

function unusable(panel, words) {
  panel.replaceChildren(el("p", "unusable", words));
}

export function renderDrawing(view) {
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
export function renderTable(view) {
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

export function renderLeaflet(view) {
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

export async function runScenarios(path, text) {
  const box = $("scenario-results");
  box.replaceChildren(el("p", "", "Running…"));
  try {
    const { data } = await api("/api/scenarios", { path, text });
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

export function selectTab(tab) {
  for (const other of document.querySelectorAll('[role="tab"]')) {
    const chosen = other === tab;
    other.setAttribute("aria-selected", String(chosen));
    other.tabIndex = chosen ? 0 : -1;
    $(other.getAttribute("aria-controls")).hidden = !chosen;
  }
  tab.focus();
}

export function zoomDrawing() {
  $("drawing-big").src = drawingUrl;
  $("drawing-big").alt = $("drawing").alt;
  $("drawing-dialog").showModal();
}
