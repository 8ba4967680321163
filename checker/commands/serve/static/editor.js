// The protocol editor: a plain <textarea> (so typing, undo, selection, screen readers and
// keyboard use are the browser's own) over a coloured copy of its text, and a gutter of line
// numbers with a mark on each line that has a finding. The coloured copy is built with
// createElement and textContent only: protocol text is never parsed as markup.
// The keyword lists come from the server (confide.language.keywords), never written here.

const LINE_HEIGHT = 21; // px; app.css uses the same value for the textarea and the copy
const WORD = /[A-Za-z0-9][A-Za-z0-9._-]*/y;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MARKS = { error: "✖", warning: "▲", info: "●" };
const SEVERITY_WORDS = { error: "error", warning: "warning", info: "note" };

export class Editor {
  constructor(textarea, copy, gutter, keywords) {
    this.textarea = textarea;
    this.copy = copy;
    this.gutter = gutter;
    this.blocks = new Set(keywords.blocks);
    this.lines = new Set(keywords.lines);
    this.inner = new Set(keywords.inner);
    this.marks = new Map(); // line -> worst severity
    textarea.addEventListener("input", () => this.paint());
    textarea.addEventListener("scroll", () => {
      this.copy.style.transform = `translateX(${-textarea.scrollLeft}px)`;
    });
  }

  get text() {
    return this.textarea.value;
  }

  set text(value) {
    this.textarea.value = value;
    this.textarea.scrollLeft = 0;
    this.paint();
  }

  // Put `replacement` in place of the text, changing only the part that differs, as typing
  // would: the browser's undo (Ctrl+Z) then takes the change back.
  replace(replacement) {
    const old = this.textarea.value;
    let start = 0;
    while (start < old.length && start < replacement.length && old[start] === replacement[start]) start++;
    let end = 0;
    while (end < old.length - start && end < replacement.length - start
           && old[old.length - 1 - end] === replacement[replacement.length - 1 - end]) end++;
    this.textarea.focus();
    this.textarea.setSelectionRange(start, old.length - end);
    const inserted = replacement.slice(start, replacement.length - end);
    const done = inserted ? document.execCommand("insertText", false, inserted) : document.execCommand("delete");
    if (!done || this.textarea.value !== replacement) {
      this.textarea.value = replacement;
    }
    this.textarea.setSelectionRange(start, start);
    this.paint();
  }

  caretLine() {
    const before = this.textarea.value.slice(0, this.textarea.selectionStart);
    return before.split("\n").length;
  }

  goToLine(line) {
    const lines = this.textarea.value.split("\n");
    const target = Math.max(1, Math.min(line, lines.length));
    let offset = 0;
    for (let i = 0; i < target - 1; i++) offset += lines[i].length + 1;
    const indent = lines[target - 1].length - lines[target - 1].trimStart().length;
    this.textarea.focus();
    this.textarea.setSelectionRange(offset + indent, offset + indent);
    this.gutter.children[target - 1]?.scrollIntoView({ block: "center" });
  }

  // The vertical position of a line inside the editor, for the cards beside it.
  lineTop(line) {
    return (line - 1) * LINE_HEIGHT + this.padding();
  }

  padding() {
    return parseFloat(getComputedStyle(this.textarea).paddingTop) || 0;
  }

  setMarks(findings) {
    this.marks = new Map();
    const order = { error: 3, warning: 2, info: 1 };
    for (const f of findings) {
      if (!f.here || f.waived) continue;
      for (let line = f.line; line <= Math.max(f.line, f.end_line); line++) {
        const held = this.marks.get(line);
        if (!held || order[f.severity] > order[held.severity]) this.marks.set(line, { severity: f.severity, codes: [] });
        this.marks.get(line).codes.push(f.code);
      }
    }
    this.showMarks();
  }

  // The marks alone, on the lines already drawn (the text was drawn as it was typed).
  showMarks() {
    const rows = this.copy.children;
    const cells = this.gutter.children;
    if (rows.length !== this.textarea.value.split("\n").length) {
      this.paint();
      return;
    }
    for (let i = 0; i < rows.length; i++) {
      const mark = this.marks.get(i + 1);
      const wanted = mark ? ` has-${mark.severity}` : "";
      rows[i].className = `copy-line${wanted}`;
      cells[i].className = `gutter-line${wanted}`;
      cells[i].querySelector(".mark")?.remove();
      if (mark) cells[i].append(this.sign(mark));
    }
  }

  sign(mark) {
    const sign = document.createElement("span");
    sign.className = `mark ${mark.severity}`;
    sign.textContent = MARKS[mark.severity];
    sign.title = `${SEVERITY_WORDS[mark.severity]}: ${[...new Set(mark.codes)].join(", ")}`;
    return sign;
  }

  paint() {
    const lines = this.textarea.value.split("\n");
    const copy = document.createDocumentFragment();
    const gutter = document.createDocumentFragment();
    lines.forEach((text, index) => {
      const number = index + 1;
      const mark = this.marks.get(number);
      const row = document.createElement("div");
      row.className = "copy-line" + (mark ? ` has-${mark.severity}` : "");
      this.colour(text, row);
      copy.append(row);
      const cell = document.createElement("div");
      cell.className = "gutter-line" + (mark ? ` has-${mark.severity}` : "");
      const n = document.createElement("span");
      n.className = "n";
      n.textContent = String(number);
      cell.append(n);
      if (mark) cell.append(this.sign(mark));
      gutter.append(cell);
    });
    this.copy.replaceChildren(copy);
    this.gutter.replaceChildren(gutter);
    const height = lines.length * LINE_HEIGHT + 2 * this.padding() + 18;
    this.textarea.style.height = `${height}px`;
  }

  // One line, coloured: comments, quoted text, keywords, modalities, dates.
  colour(text, row) {
    const add = (part, kind) => {
      if (!part) return;
      if (!kind) {
        row.append(document.createTextNode(part));
        return;
      }
      const span = document.createElement("span");
      span.className = kind;
      span.textContent = part;
      row.append(span);
    };
    let i = 0;
    let first = true;
    let afterBlock = false;
    while (i < text.length) {
      const c = text[i];
      if (c === "#") {
        add(text.slice(i), "t-comment");
        return;
      }
      if (c === '"') {
        let j = i + 1;
        while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
        add(text.slice(i, j + 1), "t-text");
        i = j + 1;
        first = false;
        continue;
      }
      WORD.lastIndex = i;
      const found = WORD.exec(text);
      if (found) {
        const word = found[0];
        add(word, this.kind(word, first, afterBlock));
        afterBlock = first && this.blocks.has(word);
        first = false;
        i += word.length;
        continue;
      }
      let j = i + 1;
      while (j < text.length && !/[#"A-Za-z0-9]/.test(text[j])) j++;
      add(text.slice(i, j), null);
      i = j;
    }
    if (!text) row.append(document.createTextNode("\u200b"));
  }

  kind(word, first, afterBlock) {
    if (first && this.blocks.has(word)) return "t-block";
    if (first && this.lines.has(word)) return "t-line";
    if (word === "must" || word === "must-not") return "t-must";
    if (word === "may") return "t-may";
    if (this.inner.has(word)) return "t-inner";
    if (afterBlock) return "t-name";
    if (DATE.test(word)) return "t-date";
    return null;
  }
}
