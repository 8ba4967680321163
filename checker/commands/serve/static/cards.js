// The findings, as cards beside their lines. Findings on one clause share its one rewording
// (LANGUAGE.md §6), so they make one card; a finding about the whole protocol makes a card of
// its own. The card of the clause the caret is in opens by itself; one opened by hand stays open.

import { $, el } from "./dom.js";

const ORDER = { error: 0, warning: 1, info: 2 };
const SIGNS = { error: "✖", warning: "▲", info: "●" };

export class Cards {
  constructor(editor, onApply) {
    this.editor = editor;
    this.onApply = onApply; // (finding, group) => the rewording is put in place
    this.list = $("cards");
    this.pinned = new Set();
    this.view = null;
  }

  forget() {
    this.pinned.clear();
    this.view = null;
    this.list.replaceChildren();
  }

  show(view) {
    this.view = view;
    const caret = this.editor.caretLine();
    const cards = groups(view).map((group) => this.card(group, caret));
    this.list.replaceChildren(...cards);
    $("clean").hidden = cards.length > 0;
    this.place();
  }

  isOpen(group, caret) {
    return this.pinned.has(group.key) || (caret >= group.lines[0] && caret <= group.lines[1]);
  }

  card(group, caret) {
    const open = this.isOpen(group, caret);
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
    const where = group.clause ? `Clause ${group.clause}` : group.findings[0].here ? "The protocol"
      : group.findings[0].file;
    toggle.append(el("span", `sign ${group.worst}`, SIGNS[group.worst]),
      el("span", "where", `${where}, line ${group.line}`),
      el("span", "tally", Object.entries(counts).map(([w, n]) => `${n} ${w.toLowerCase()}${n > 1 ? "s" : ""}`)
        .join(", ")));
    toggle.addEventListener("click", () => {
      if (item.classList.toggle("open")) this.pinned.add(group.key);
      else this.pinned.delete(group.key);
      toggle.setAttribute("aria-expanded", String(item.classList.contains("open")));
      this.place();
    });
    const go = el("button", "go", `Go to line ${group.line}`);
    go.type = "button";
    go.addEventListener("click", () => this.editor.goToLine(group.line));
    head.append(toggle, go);
    item.append(head, el("p", "headline", group.findings[0].message), this.body(group));
    return item;
  }

  // Every finding in plain English, the clause's one rewording with Apply, and the law.
  body(group) {
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
    const fix = group.fix;
    if (fix) {
      const lines = fix.replaces && (fix.replaces[0] === fix.replaces[1] ? `line ${fix.replaces[0]}`
        : `lines ${fix.replaces[0]}–${fix.replaces[1]}`);
      body.append(el("p", "suggest-label", !fix.replaces ? "Suggested addition, at the end of the protocol"
        : fix.suggestion ? `Suggested rewording of ${lines}` : `Suggested: remove ${lines}`));
      if (fix.suggestion) body.append(el("pre", "suggest", fix.suggestion));
      const apply = el("button", "apply primary", "Apply");
      apply.type = "button";
      apply.setAttribute("aria-label", `Apply the suggested rewording${group.clause ? ` of clause ${group.clause}` : ""}`);
      apply.addEventListener("click", () => {
        this.pinned.delete(group.key);
        this.onApply(fix, group);
      });
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
    return body;
  }

  // Each card sits level with its first line, or just below the card above it.
  place() {
    const items = [...this.list.children];
    const heights = items.map((item) => item.offsetHeight); // measured once, before anything moves
    let bottom = 0;
    items.forEach((item, i) => {
      const top = Math.max(this.editor.lineTop(Number(item.dataset.line)), bottom);
      item.style.top = `${top}px`;
      bottom = top + heights[i] + 8;
    });
    this.list.style.minHeight = `${bottom}px`;
  }

  openAtCaret() {
    if (!this.view) return;
    const caret = this.editor.caretLine();
    const items = new Map([...this.list.children].map((item) => [item.dataset.key, item]));
    for (const group of groups(this.view)) {
      const item = items.get(group.key);
      const open = this.isOpen(group, caret);
      if (item && open !== item.classList.contains("open")) {
        item.classList.toggle("open", open);
        item.querySelector(".toggle").setAttribute("aria-expanded", String(open));
      }
    }
    this.place();
  }
}

function groups(view) {
  const found = new Map();
  for (const f of view.findings) {
    const key = f.here && f.clause ? `clause ${f.clause}` : `${f.code}@${f.file}:${f.line}`;
    if (!found.has(key)) found.set(key, { key, clause: f.here ? f.clause : null, findings: [] });
    found.get(key).findings.push(f);
  }
  const out = [...found.values()];
  for (const group of out) {
    group.findings.sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || a.line - b.line);
    group.line = group.findings[0].here ? Math.min(...group.findings.map((f) => f.line)) : 1;
    group.worst = group.findings.find((f) => !f.waived)?.severity || "info";
    group.fix = group.findings.find((f) => f.suggestion || f.replaces);
    const span = view.clauses.find((k) => k.ref === group.clause);
    group.lines = span ? [span.first, span.last] : [group.line, Math.max(...group.findings.map((f) => f.end_line))];
  }
  return out.sort((a, b) => a.line - b.line || ORDER[a.worst] - ORDER[b.worst]);
}
