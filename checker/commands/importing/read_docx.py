"""Read a Word (.docx) policy with python-docx.

Body paragraphs and table cells are read in document order; headers and footers are left out
(they are page furniture). Paragraph text is taken from the XML rather than `Paragraph.text` so
that tracked insertions count and tracked deletions do not: a policy under revision should be
read as it would print with its changes accepted. Content controls (`w:sdt`) are entered, since
many templates wrap the whole body in them. Word's automatic numbering is recomputed, because
real policies often number their clauses that way and the clause number is the clause REF.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from confide.commands.importing.documents import Block, DocumentError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_UNZIPPED = 300 * 1024 * 1024
_HEADING = re.compile(r"^heading\s*(\d)$", re.I)


def _check_package(path: Path) -> None:
    with open(path, "rb") as fh:
        magic = fh.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise DocumentError(f"{path.name}: this Word file is password-protected, or it is an old "
                            "Word (.doc) file renamed. Remove the password, or save it as .docx.")
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if sum(i.file_size for i in zf.infolist()) > MAX_UNZIPPED:
                raise DocumentError(f"{path.name}: this Word file is far too large to be a policy.")
    except zipfile.BadZipFile:
        raise DocumentError(f"{path.name}: this is not a Word document, or it is damaged. Open it "
                            "in Word and save it again as .docx.") from None
    if "word/document.xml" not in names:
        raise DocumentError(f"{path.name}: this file is not a Word document (no document body).")


def _text(el: Any) -> str:
    """Visible text of a paragraph element, with tracked changes accepted."""
    parts = []
    for node in el.iter():
        tag = node.tag
        if tag in (W + "t",):
            if not any(a.tag in (W + "del", W + "moveFrom") for a in node.iterancestors()):
                parts.append(node.text or "")
        elif tag in (W + "tab", W + "br", W + "cr"):
            parts.append(" ")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
    return "".join(parts)


class _Numbering:
    """Recompute Word's automatic numbers ("4.1", "a)", bullets) paragraph by paragraph."""

    def __init__(self, doc: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for an in root.findall(W + "abstractNum"):
            lv = {}
            for lvl in an.findall(W + "lvl"):
                fmt = lvl.find(W + "numFmt")
                txt = lvl.find(W + "lvlText")
                start = lvl.find(W + "start")
                lv[int(lvl.get(W + "ilvl", "0"))] = (
                    fmt.get(W + "val") if fmt is not None else "decimal",
                    txt.get(W + "val") if txt is not None else "",
                    int(start.get(W + "val")) if start is not None else 1)
            abstract[an.get(W + "abstractNumId")] = lv
        for num in root.findall(W + "num"):
            ref = num.find(W + "abstractNumId")
            if ref is not None:
                self.levels[num.get(W + "numId")] = abstract.get(ref.get(W + "val"), {})

    def next(self, num_id: str, ilvl: int) -> tuple[str, str]:
        """(format, rendered number) for the next paragraph of list num_id at level ilvl."""
        levels = self.levels.get(num_id, {})
        fmt, text, start = levels.get(ilvl, ("bullet", "", 1))
        counts = self.counters.setdefault(num_id, [])
        while len(counts) <= ilvl:
            counts.append(levels.get(len(counts), ("", "", 1))[2] - 1)
        counts[ilvl] += 1
        del counts[ilvl + 1:]
        if fmt in ("bullet", "none", ""):
            return fmt or "bullet", ""

        def render(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            n = counts[k] if k < len(counts) else 1
            f = levels.get(k, ("decimal", "", 1))[0]
            if f == "lowerLetter":
                return chr(ord("a") + (n - 1) % 26)
            if f == "upperLetter":
                return chr(ord("A") + (n - 1) % 26)
            if f == "lowerRoman":
                return ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"][(n - 1) % 10]
            return str(n)
        return fmt, re.sub(r"%(\d)", render, text)


def open_docx(path: Path) -> Any:
    """The python-docx document, after checking that the file is a Word package at all."""
    _check_package(path)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise DocumentError(f"{path.name}: this Word document is damaged and cannot be read "
                            f"({exc.__class__.__name__}). Open it in Word and save it again.") from None
    except Exception as exc:  # noqa: BLE001 - lxml raises its own syntax errors for broken XML
        raise DocumentError(f"{path.name}: this Word document is damaged and cannot be read "
                            f"({exc.__class__.__name__}).") from None


def read_docx(path: Path) -> list[Block]:
    """Blocks of a Word document; `page` is the section (a new one at each top heading)."""
    return docx_blocks(open_docx(path))[0]


def docx_blocks(doc: Any) -> tuple[list[Block], list[Any]]:
    """Blocks of an open Word document, and the paragraph elements their `anchor`s index.

    The anchors are what lets `confide check --format docx` put a comment on the very paragraph
    a clause was read from: it reads the document again through this same function.
    """
    anchors: list[Any] = []
    styles = {s.style_id: s for s in doc.styles if s.type is not None}
    numbering = _Numbering(doc)
    raw: list[Block] = []
    tables = 0

    def style_of(p_el: Any) -> Any:
        ppr = p_el.find(W + "pPr")
        sid = ppr.find(W + "pStyle").get(W + "val") if ppr is not None and ppr.find(W + "pStyle") is not None else None
        return styles.get(sid) if sid else None

    def num_of(p_el: Any, style: Any) -> tuple[str, int] | None:
        for holder in (p_el.find(W + "pPr"), style.element.pPr if style is not None else None):
            npr = holder.find(W + "numPr") if holder is not None else None
            if npr is not None and npr.find(W + "numId") is not None:
                ilvl = npr.find(W + "ilvl")
                return npr.find(W + "numId").get(W + "val"), int(ilvl.get(W + "val")) if ilvl is not None else 0
        return None

    def paragraph(p_el: Any) -> None:
        style = style_of(p_el)
        name = style.name if style is not None else ""
        text = _text(p_el)
        num = num_of(p_el, style)
        fmt, label = numbering.next(*num) if num and num[0] != "0" else ("", "")
        m = _HEADING.match(name or "")
        if m or name.lower() == "title":
            raw.append(Block(text=text, page=0, role="heading", level=int(m.group(1)) if m else 0,
                             anchor=anchor(p_el)))
            return
        is_list = bool(num and num[0] != "0") or "list" in name.lower()
        if label and len(re.findall(r"\d+", label)) >= 2:
            raw.append(Block(text=f"{label.rstrip('.')} {text}", page=0, role="body", anchor=anchor(p_el)))
        elif is_list:
            raw.append(Block(text=text, page=0, role="list-item", level=(num[1] if num else 0) + 1,
                             anchor=anchor(p_el)))
        else:
            raw.append(Block(text=text, page=0, role="body", anchor=anchor(p_el)))

    def table(t_el: Any) -> None:
        nonlocal tables
        rows = []
        for tr in t_el.findall(W + "tr"):
            cells = [" ".join(_text(p) for p in tc.iter(W + "p")) for tc in tr.findall(W + "tc")]
            rows.append([" ".join(c.split()) for c in cells])
        if not rows:
            return
        if max(len(r) for r in rows) == 1:          # a box around text, not a table
            for tc in t_el.iter(W + "tc"):
                for p in tc.findall(W + "p"):
                    paragraph(p)
            return
        tables += 1
        first = [c for c in rows[0] if c]
        header = len(rows) > 1 and len(first) >= 2 and all(len(c.split()) <= 6 and not c.endswith(".") for c in first)
        for k, (cells, tr) in enumerate(zip(rows, t_el.findall(W + "tr"), strict=True)):
            role = "table-header" if (k == 0 and header) else "table-row"
            cell = next(tr.iter(W + "p"), None)
            raw.append(Block(text=" ".join(c for c in cells if c), page=0, role=role,
                             cells=tuple(cells), table=tables, anchor=anchor(cell) if cell is not None else None))

    def walk(parent: Any) -> None:
        for child in parent.iterchildren():
            if child.tag == W + "p":
                paragraph(child)
            elif child.tag == W + "tbl":
                table(child)
            elif child.tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    walk(content)

    def anchor(p_el: Any) -> int:
        anchors.append(p_el)
        return len(anchors) - 1

    walk(doc.element.body)
    return _sections(raw), anchors


def _sections(raw: list[Block]) -> list[Block]:
    """Set `page` to the section: a new one starts at each heading of the top level used (Heading
    1, or the highest level present when a document does not use Heading 1).
    """
    levels = [b.level for b in raw if b.role == "heading" and b.level > 0]
    top = min(levels) if levels else None
    out, section, seen = [], 1, False
    for b in raw:
        if b.role == "heading" and b.level == top:
            if seen:
                section += 1
            seen = True
        out.append(replace(b, page=section))
    return out
