"""Turn pages of monospaced lines (PDF layout extraction, plain text) into blocks.

Both formats wrap paragraphs over several lines and break pages in the middle of sentences, so
both need the same work: rejoin wrapped lines into paragraphs, tell headings, numbered clauses,
list items and table rows apart, and rejoin a paragraph that a page break has cut in two. The
rules use only layout evidence (blank lines, indentation, markers, line length, punctuation),
never a document's wording.
"""
from __future__ import annotations

import re

from confide.commands.importing.columns import (
    drop_arrow_labels,
    find_regions,
    is_pipe_separator,
    pipe_cells,
    pipe_row_text,
    read_columns,
)
from confide.commands.importing.documents import Block, split_number

_RULE_EQ = re.compile(r"^\s*={3,}\s*$")
_RULE_DASH = re.compile(r"^\s*-{3,}\s*$")
_BULLET = re.compile(r"^\s*(?:[\u2022\u25cf\u25aa\u25e6\u2023\u2043\u27a2\u2713\u25a0\u25a1"
                     r"\uf0b7\uf0a7\uf076\uf0d8*+-]|"
                     r"\u2013)\s+\S")
_ENUM = re.compile(r"^\s*(?:\(?[a-z]\)|\(?[ivx]{1,4}\)|\(?\d{1,2}\)|\d{1,2}\.|[a-z]\.)\s+\S", re.I)
_CLAUSE = re.compile(r"^\s*\d{1,2}(?:\.\d{1,3}){1,3}[a-z]?\.?\s+\S")
_TERMINAL = re.compile(r"[.!?:;][\"'\u201d\u2019)\]]*$")
_OPEN_WORDS = {"the", "a", "an", "of", "with", "to", "and", "or", "for", "in", "on", "by", "be", "is", "are", "that",
               "their", "our", "your", "its", "from", "as", "at"}
_NUMBERED_TITLE = re.compile(r"^\s*\d{1,2}\.?\s+[A-Z][a-z]+(?:\s+[\w'\u2019,&-]+){0,7}\s*$")
_TOP_HEADING = re.compile(r"^\s*(?:\d{1,2}\.?|appendix\s+[a-z0-9]+\.?|annex\s+[a-z0-9]+\.?|part\s+\w+\.?)\s+\S", re.I)


def _pipe_table(lines: list[str], i: int) -> int:
    """Length of a pipe table starting at line i (0 if none): two or more consecutive lines with
    at least two cells each, or a header line followed by a |---| separator.
    """
    j = i
    while j < len(lines) and lines[j].count("|") >= 1 and len(pipe_cells(lines[j])) >= 2:
        j += 1
    has_sep = any(is_pipe_separator(lines[k]) for k in range(i, j))
    return j - i if (j - i >= 2 and (has_sep or j - i >= 3)) else 0


def _is_heading(lines: list[str], i: int) -> int:
    """Heading level of line i (0 if not a heading). Setext underlines give 1 (=) or 2 (-);
    otherwise a short line without final punctuation, alone between blank lines, is a heading:
    level 1 if it is numbered like a top-level section or written in capitals, else 2.
    """
    line = lines[i].strip()
    if not line or is_pipe_separator(line):
        return 0
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    if _RULE_EQ.match(nxt):
        return 1
    if _RULE_DASH.match(nxt) and len(nxt.strip()) >= min(len(line), 3) - 2:
        return 2
    prev_blank = i == 0 or not lines[i - 1].strip() or (
        bool(_NUMBERED_TITLE.match(line)) and bool(_TERMINAL.search(lines[i - 1].rstrip())))
    next_blank = not nxt.strip() or bool(_CLAUSE.match(nxt)) or (
        bool(_NUMBERED_TITLE.match(line)) and nxt.strip()[:1].isupper())
    words = line.split()
    if not (prev_blank and next_blank) or len(words) > 12 or _TERMINAL.search(line) or _BULLET.match(line):
        return 0
    if line[0].islower() or line.endswith(",") or words[-1].lower() in _OPEN_WORDS:
        return 0
    if not any(ln.strip() for ln in lines[i + 1:]):
        return 0                      # the last line of a page: a sentence cut by the page break
    if _CLAUSE.match(line):
        return 0
    if _TOP_HEADING.match(line) or (line.upper() == line and any(c.isalpha() for c in line)):
        return 1
    return 2


# First halves of hyphenated compounds ("self-harm", "follow-up"): a line that ends in one of
# them keeps its hyphen unless the document itself writes the word unbroken.
_COMPOUND_FIRST = {"self", "non", "co", "multi", "anti", "ex", "pre", "post", "well", "semi", "sub", "cross", "follow",
                   "sign", "need", "one", "two", "three", "re", "inter", "over", "under", "out", "long", "short",
                   "full", "part", "half", "high", "low", "face", "day", "night", "age", "risk", "case", "drop",
                   "check", "e", "on", "off", "in", "up", "top", "third", "first", "second", "child", "young", "safe",
                   "data", "user", "peer", "mid", "twenty", "thirty", "forty", "fifty", "year", "time", "decision"}
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:-[A-Za-z\u00c0-\u024f]+)*")


def vocabulary(pages: list[list[str]]) -> set[str]:
    """Every word the document writes on one line, lower-cased, hyphenated compounds included:
    the evidence for telling a soft hyphen at a line end ("infor- mation") from a compound's.
    """
    out: set[str] = set()
    for lines in pages:
        for ln in lines:
            for w in _WORD.findall(ln.lower()):
                out.add(w)
                out.update(w.split("-"))
    return out


def join_lines(parts: list[str], vocab: set[str]) -> str:
    """Wrapped lines as one paragraph. A letter, a hyphen at the line end and a lower-case
    continuation is a word broken by the typesetter ("Jobce-" "ntre Plus"): it is joined without
    the hyphen, unless the document writes the hyphenated compound, or the first half is a
    compound's and the document never writes the word unbroken.
    """
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        head = re.search(r"(?<![A-Za-z-])([A-Za-z]+)-$", out)
        tail = re.match(r"[a-z]+", part)
        if head and tail:
            whole = (head.group(1) + tail.group()).lower()
            compound = f"{head.group(1)}-{tail.group()}".lower()
            if whole in vocab or (compound not in vocab and head.group(1).lower() not in _COMPOUND_FIRST):
                out = out[:-1] + part
                continue
            out += part
            continue
        out = f"{out} {part}" if out else part
    return out


def page_blocks(lines: list[str], page: int, width: int, table_base: int,
                vocab: set[str] | None = None) -> list[Block]:
    """Blocks of one page. `width` is the usual line length, used to spot the short last line
    that ends a paragraph when no blank line follows it; `vocab` the document's words (see
    `join_lines`).
    """
    lines = read_columns(drop_arrow_labels(lines))   # two-column runs: the left column, then the right
    regions = {r.start: r for r in find_regions(lines)}
    blocks: list[Block] = []
    cur: list[str] = []
    cur_role, cur_indent = "body", 0
    tables = table_base

    def close() -> None:
        nonlocal cur
        if cur:
            blocks.append(Block(text=join_lines(cur, vocab or set()), page=page, role=cur_role,
                                level=cur_indent))
        cur = []

    i = 0
    while i < len(lines):
        line = lines[i]
        if i in regions:
            close()
            r = regions[i]
            tables += 1
            for k, row in enumerate(r.rows):
                role = "table-header" if (k == 0 and r.header) else "table-row"
                blocks.append(Block(text=" ".join(c for c in row if c), page=page, role=role,
                                    cells=tuple(row), table=tables))
            i = r.end
            continue
        n_pipe = _pipe_table(lines, i)
        if n_pipe:
            close()
            tables += 1
            rows = [ln for ln in lines[i:i + n_pipe] if not is_pipe_separator(ln)]
            has_sep = any(is_pipe_separator(ln) for ln in lines[i:i + n_pipe])
            for k, ln in enumerate(rows):
                role = "table-header" if (k == 0 and has_sep) else "table-row"
                blocks.append(Block(text=pipe_row_text(ln), page=page, role=role,
                                    cells=tuple(pipe_cells(ln)), table=tables, joiner=" | "))
            i += n_pipe
            continue
        stripped = line.strip()
        after_heading = i == 0 or not lines[i - 1].strip() or bool(blocks and blocks[-1].role == "heading")
        if not stripped or _RULE_EQ.match(line) or (_RULE_DASH.match(line) and after_heading):
            close()
            i += 1
            continue
        level = _is_heading(lines, i)
        if level:
            close()
            blocks.append(Block(text=stripped, page=page, role="heading", level=level))
            i += 1
            continue
        indent = len(line) - len(line.lstrip())
        starts_new = bool(_CLAUSE.match(line) or _BULLET.match(line) or _ENUM.match(line))
        if cur and not starts_new and not _ends_paragraph(cur[-1], stripped, width):
            cur.append(stripped)
        else:
            close()
            cur = [stripped]
            cur_indent = indent
            cur_role = "list-item" if (_BULLET.match(line) or (_ENUM.match(line) and not _CLAUSE.match(line)
                                                               and _list_context(blocks))) else "body"
        i += 1
    close()
    return blocks


def _list_context(blocks: list[Block]) -> bool:
    """"1. text" is a list item after a lead-in or another item, or after a sentence left
    unfinished (the items complete it: "... must inform the police where staff"); otherwise a
    numbered paragraph.
    """
    if not blocks:
        return False
    last = blocks[-1]
    return last.role == "list-item" or last.text.rstrip().endswith(":") or (
        last.role == "body" and (bool(re.search(r"\b(?:where|if|when|following|are|include)$", last.text.rstrip(),
                                                re.I)) or not _TERMINAL.search(last.text.rstrip())))


def _ends_paragraph(prev: str, line: str, width: int) -> bool:
    """A paragraph ends without a blank line when its last line stops well short of the usual
    width after a full stop and the next line starts a new sentence.
    """
    prev = prev.rstrip()
    return bool(_TERMINAL.search(prev)) and len(prev) < 0.6 * width and line[:1].isupper()


def usual_width(pages: list[list[str]]) -> int:
    """The 90th-percentile length of text lines: the wrap width of the document."""
    lengths = sorted(len(ln.strip()) for lines in pages for ln in lines if len(ln.strip()) > 20)
    return lengths[int(len(lengths) * 0.9)] if lengths else 80


def layout_blocks(pages: list[list[str]]) -> list[Block]:
    """Blocks of a whole document, with paragraphs cut by a page break joined back together."""
    width = usual_width(pages)
    vocab = vocabulary(pages)
    out: list[Block] = []
    tables = 0
    for n, lines in enumerate(pages, start=1):
        blocks = page_blocks(lines, n, width, tables, vocab)
        tables = max([tables] + [b.table for b in blocks])
        if out and blocks and _continues(out[-1], blocks[0]):
            prev = out.pop()
            blocks[0] = Block(text=join_lines([prev.text, blocks[0].text], vocab), page=prev.page, role=prev.role,
                              level=prev.level, page_end=blocks[0].page_end or n)
        out.extend(blocks)
    return out


def _continues(prev: Block, first: Block) -> bool:
    """Does the first block of a page continue the last block of the page before?"""
    if prev.role not in ("body", "list-item") or first.role != "body":
        return False
    number, _ = split_number(first.text)
    if number or _BULLET.match(first.text) or _ENUM.match(first.text):
        return False
    text = first.text.lstrip()
    return not _TERMINAL.search(prev.text.rstrip()) or text[:1].islower()
