"""Read plain text and Markdown policies.

Plain text is treated like a PDF's layout text (wrapped lines, page footers, form feeds inside
paragraphs), because that is what a policy saved as text from Word or pasted from a PDF looks
like. Markdown is read by its own structure: headings, blank-line paragraphs, list items and
pipe tables, with inline emphasis and links reduced to their words.

"page" for both is the top-level section: the heading style that starts sections is the
highest-ranked one used more than once (`## ` in a page whose single `# ` is its title; `=`
underlines in text), so a title above the first section does not count as one.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from confide.commands.importing.columns import is_pipe_separator, pipe_cells, pipe_row_text
from confide.commands.importing.documents import Block, DocumentError
from confide.commands.importing.furniture import strip_pages
from confide.commands.importing.layout import layout_blocks


def read_text_file(path: Path) -> str:
    """Decode a text file, refusing binary data (a renamed Word or PDF file, an image)."""
    raw = path.read_bytes()
    if raw[:4] in (b"%PDF", b"PK\x03\x04") or b"\x00" in raw[:8192]:
        raise DocumentError(f"{path.name}: this is not a text file (it looks like a Word, PDF or "
                            "other binary file renamed). Import the original file instead.")
    for enc in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = raw.decode("latin-1")
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.02 * max(1, len(text[:20000])):
        raise DocumentError(f"{path.name}: this file contains binary data, not text.")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def assign_sections(blocks: list[Block]) -> list[Block]:
    """Replace each block's page with its top-level section number (see the module docstring)."""
    levels = [b.level for b in blocks if b.role == "heading"]
    top = next((lv for lv in sorted(set(levels)) if levels.count(lv) >= 2), min(levels, default=0))
    section, seen, out = 1, False, []
    for b in blocks:
        if b.role == "heading" and b.level == top:
            if seen:
                section += 1
            seen = True
        out.append(replace(b, page=section, page_end=None))
    return out


def read_plain(path: Path) -> list[Block]:
    """Blocks of a plain-text policy, pages split at form feeds and stripped of furniture."""
    text = read_text_file(path)
    pages = [page.split("\n") for page in text.split("\f")]
    blocks = layout_blocks(strip_pages(pages))
    # `layout` gives setext underlines levels 1 (=) and 2 (-), and numbered or capitalised headings
    # level 1 as well: move the latter below the underlined ones, so that a capitalised title does
    # not start a section in a text whose sections are underlined.
    ranked = []
    for b in blocks:
        if b.role == "heading" and b.text and b.level in (1, 2) and not _setext(text, b.text):
            b = replace(b, level=b.level + 2)
        ranked.append(b)
    return assign_sections(ranked)


def _setext(text: str, heading: str) -> bool:
    """Was this heading written with an underline in the source text?"""
    pat = re.compile(r"^[ \t]*" + re.escape(heading) + r"[ \t]*\n[ \t]*(?:={3,}|-{3,})[ \t]*$", re.M)
    return bool(pat.search(text))


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_MD_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")


def md_inline(text: str) -> str:
    """Reduce Markdown inline markup to its words (emphasis, code, links, images, HTML)."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\[[^\]]*\]", r"\1", text)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.I)
    text = re.sub(r"</?[a-zA-Z][^>]*>", "", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w_])", r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", text)


_MD_LINK = re.compile(r"!?\[[^\]]*\]\([^)]*\)")


def _navigation(text: str) -> bool:
    """A paragraph or list item made only of links (a page's contents list, breadcrumbs, "Skip to
    main content", "Back to top") is the web page's navigation, not the policy's text.
    """
    return bool(_MD_LINK.search(text)) and not re.search(r"[A-Za-z]", _MD_LINK.sub("", text))


def read_markdown(path: Path) -> list[Block]:
    """Blocks of a Markdown policy; `page` is the top-level section."""
    lines = read_text_file(path).split("\n")
    blocks: list[Block] = []
    para: list[str] = []
    role, level, tables, fence = "body", 0, 0, False

    def close() -> None:
        nonlocal para
        if para and not _navigation(" ".join(para)):
            blocks.append(Block(text=md_inline(" ".join(para)), page=1, role=role, level=level))
        para = []

    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if line.lstrip().startswith(("```", "~~~")):
            close()
            fence = not fence
            i += 1
            continue
        if fence or line.lstrip().startswith("<!--"):
            i += 1
            continue
        line = re.sub(r"^\s*>\s?", "", line)
        m = _MD_HEADING.match(line)
        if m:
            close()
            blocks.append(Block(text=md_inline(m.group(2)), page=1, role="heading", level=len(m.group(1))))
        elif "|" in line and i + 1 < len(lines) and is_pipe_separator(lines[i + 1]):
            close()
            tables += 1
            blocks.append(Block(text=md_inline(pipe_row_text(line)), page=1, role="table-header",
                                cells=tuple(md_inline(c) for c in pipe_cells(line)), table=tables, joiner=" | "))
            i += 2
            while i < len(lines) and "|" in lines[i] and lines[i].strip():
                row = lines[i].rstrip()
                blocks.append(Block(text=md_inline(pipe_row_text(row)), page=1, role="table-row",
                                    cells=tuple(md_inline(c) for c in pipe_cells(row)), table=tables,
                                    joiner=" | "))
                i += 1
            continue
        elif not line.strip() or _MD_RULE.match(line):
            close()
        elif _MD_ITEM.match(line):
            close()
            item = _MD_ITEM.match(line)
            assert item is not None
            role, level = "list-item", len(item.group(1)) // 2 + 1
            para = [item.group(2)]
        else:
            if not para:
                role, level = "body", 0
            para.append(line.strip())
        i += 1
    close()
    return assign_sections(blocks)
