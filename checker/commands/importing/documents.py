"""Read a policy document into located paragraphs.

Every later stage (sentences, classification, draft items) works on `Paragraph` objects, never on
raw files, so that a Word file, a PDF, Markdown and plain text are all judged by the same rules.
A paragraph knows where it came from (page or section, its position there, the document's own
clause number) because each draft clause must cite its source and a reviewer must find it.

"page" follows the project's import-gold convention: the 1-based PDF page for a PDF, and the
1-based top-level section (everything before the first heading is section 1) for the others.

Readers live in `read_docx`, `read_pdf` and `read_text`; they return `Block`s, and `finalise`
here turns blocks into numbered `Paragraph`s in one place so the formats cannot drift apart.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from confide.check import UsageError


class DocumentError(UsageError):
    """A document that cannot be imported. The message is written for a service manager: it says
    what is wrong with the file and what to do, and the caller prints it without a traceback.
    """


# Limits: a confidentiality policy is a few dozen pages. Anything far larger is almost certainly
# the wrong file (a whole handbook, a scanned archive) and would make the import slow and useless.
MAX_BYTES = 40 * 1024 * 1024
MAX_PAGES = 250
MAX_CHARS = 1_500_000
MAX_PARAGRAPHS = 15_000


@dataclass(frozen=True)
class Block:
    """What a reader found, before numbering: one heading, paragraph, list item or table row."""

    text: str
    page: int
    role: str = "body"                 # heading, body, list-item, table-header or table-row
    level: int = 0                     # heading level (1 = top) or list nesting depth
    cells: tuple[str, ...] = ()        # table rows: the cell texts
    table: int = 0                     # table rows: which table (1-based) they belong to
    page_end: int | None = None        # a paragraph that runs over a page break
    joiner: str = " "                  # how a table row's cells are joined in a quote
    anchor: int | None = None          # Word: which paragraph element it came from (for comments)


@dataclass(frozen=True)
class Paragraph:
    """A located paragraph. `text` has list markers and the clause number removed (quotes never
    contain them) and runs of whitespace collapsed, so a quote is always a substring of it.
    """

    text: str
    page: int
    index: int                         # 1-based position among the paragraphs of its page (headings not counted)
    role: str
    number: str | None = None          # the document's own clause number, e.g. "4.2"
    level: int = 0
    heading: str = ""                  # the nearest heading above (section title)
    lead_in: int | None = None         # list items and table rows: position of their lead-in
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()       # table rows: the table's header cells, if it has them
    table: int = 0
    row: int = 0                       # table rows: 1-based row number below the header
    item: int = 0                      # list items: 1-based position in their list
    page_end: int | None = None
    joiner: str = " "
    anchor: int | None = None


@dataclass
class Document:
    """A read document: its stem (what draft items cite as `doc`), format and paragraphs."""

    stem: str
    fmt: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


_NUMBER = re.compile(r"^(?:(?:section|paragraph|para\.?|clause)\s+)?"
                     r"(\d{1,2}(?:\.\d{1,3}){1,3}[a-z]?\.?|\d{1,2}\.(?=\s))\s+(?=\S)", re.I)
_MARKER = re.compile(r"^(?:[\u2022\u25cf\u25aa\u25e6\u2023\u2043\u2013\u2014\u27a2\u2713\u25a0\u25a1"
                     r"\uf0b7\uf0a7\uf076\uf0d8*+-]|"
                     r"\(?[a-z]\)|\(?[ivx]{1,4}\)|[a-z]\.(?=\s)|\(?\d{1,2}\)|\d{1,2}\.(?=\s))\s+", re.I)
_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    """Collapse whitespace (the quote rule) and drop the soft hyphens and zero-width characters
    that Word and PDF producers leave in text, which would otherwise split words.
    """
    text = text.replace("\u00ad", "").replace("\u200b", "").replace("\ufeff", "").replace("\f", " ")
    return _WS.sub(" ", text).strip()


def split_number(text: str) -> tuple[str | None, str]:
    """Separate a leading clause number ("4.2", "12.") from the text: the number becomes the
    clause REF, and the README's quote rule keeps it out of quotes.
    """
    m = _NUMBER.match(text)
    if not m:
        return None, text
    return m.group(1).rstrip("."), text[m.end():]


def strip_marker(text: str) -> str:
    """Remove a bullet or list number at the start of a list item."""
    return _MARKER.sub("", text, count=1)


def finalise(stem: str, fmt: str, blocks: list[Block], name: str = "") -> Document:
    """Number the blocks, find clause numbers, headings and lead-ins, and apply the size limits.

    Lead-ins: a list's lead-in is the paragraph just before it when that paragraph introduces it
    (it ends with a colon or dash, or with an open word such as "where"), because then the
    lead-in carries the rule (modality, recipient, consent) for every item. A table's lead-in is
    the paragraph just before it, which often states the consent the rows rely on.
    """
    doc = Document(stem=stem, fmt=fmt)
    if len(blocks) > MAX_PARAGRAPHS or sum(len(b.text) for b in blocks) > MAX_CHARS:
        raise DocumentError(
            f"{name or stem}: this document is too long to import as a policy (more than about "
            f"{MAX_CHARS // 6000} pages of text). Split it, or import only the confidentiality policy.")
    heading = ""
    counts: dict[int, int] = {}
    last_body: int | None = None       # position of the last body paragraph, for lead-ins
    list_lead: int | None = None
    item_no = 0
    header: tuple[str, ...] = ()
    row_no, table_lead, cur_table = 0, None, 0
    for b in blocks:
        text = norm(b.text)
        if not text and b.role != "table-row":
            continue
        number = None
        if b.role in ("body", "list-item"):
            number, text = split_number(text)
            if b.role == "list-item":
                text = strip_marker(text)
            if not text:
                continue
        elif b.role == "heading":
            heading = text
        if b.role != "heading":
            counts[b.page] = counts.get(b.page, 0) + 1
        pos = len(doc.paragraphs)
        lead = None
        if b.role == "list-item":
            if not doc.paragraphs or doc.paragraphs[-1].role != "list-item":
                list_lead, item_no = None, 0
                if last_body is not None and last_body == pos - 1 and _introduces(doc.paragraphs[last_body].text):
                    list_lead = last_body
            item_no += 1
            lead = list_lead
        if b.role in ("table-row", "table-header"):
            if b.table != cur_table:
                cur_table, row_no, header = b.table, 0, ()
                table_lead = last_body if last_body is not None and last_body == pos - 1 else None
            lead = table_lead
            if b.role == "table-header":
                header = tuple(norm(c) for c in b.cells)
            else:
                row_no += 1
        para = Paragraph(text=text, page=b.page, index=counts.get(b.page, 0), role=b.role, number=number,
                         level=b.level, heading=heading, lead_in=lead,
                         cells=tuple(norm(c) for c in b.cells),
                         header=header if b.role == "table-row" else (), table=b.table,
                         row=row_no if b.role == "table-row" else 0,
                         item=item_no if b.role == "list-item" else 0,
                         page_end=b.page_end, joiner=b.joiner, anchor=b.anchor)
        doc.paragraphs.append(para)
        if b.role == "body":
            last_body = pos
    return doc


_SENTENCE_END = re.compile(r"[.!?;][\"'\u201d\u2019)\]]*$")
_OPEN_END = re.compile(r"(?:[:\u2013\u2014-]|\b(?:where|if|when|following|include|includes|including|"
                       r"are|is|to|as follows))$", re.I)


def _introduces(text: str) -> bool:
    """A paragraph introduces the list after it when it ends in a colon or an open word, or
    stops mid-sentence ("... must inform the police where staff"): the items complete it.
    """
    return bool(_OPEN_END.search(text.rstrip(" .")) or text.rstrip().endswith(":")
                or not _SENTENCE_END.search(text.rstrip()))


def check_size(path: Path) -> None:
    """Refuse a file too large to be a policy before any reader loads it into memory."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DocumentError(
            f"{path.name}: the file is {size // (1024 * 1024)} MB, too large for a policy document "
            f"(the limit is {MAX_BYTES // (1024 * 1024)} MB). Check that this is the right file.")
    if size == 0:
        raise DocumentError(f"{path.name}: the file is empty.")


def read_document(path: str | Path) -> Document:
    """Read a .docx, .pdf, .md or .txt policy. Raises DocumentError for anything we cannot read."""
    path = Path(path)
    if not path.is_file():
        raise DocumentError(f"{path}: no such file.")
    check_size(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from .read_docx import read_docx
        blocks, fmt = read_docx(path), "docx"
    elif suffix == ".pdf":
        from .read_pdf import read_pdf
        blocks, fmt = read_pdf(path), "pdf"
    elif suffix in (".md", ".markdown"):
        from .read_text import read_markdown
        blocks, fmt = read_markdown(path), "md"
    elif suffix in (".txt", ".text", ""):
        from .read_text import read_plain
        blocks, fmt = read_plain(path), "txt"
    elif suffix == ".doc":
        raise DocumentError(f"{path.name}: this is an old Word (.doc) file. Open it in Word or "
                            "LibreOffice and save it as .docx, then import that.")
    else:
        raise DocumentError(f"{path.name}: cannot import '{suffix}' files. Use a Word (.docx), "
                            "PDF, Markdown (.md) or plain text (.txt) file.")
    doc = finalise(path.stem, fmt, blocks, path.name)
    if not any(p.role != "heading" for p in doc.paragraphs):
        raise DocumentError(f"{path.name}: no text was found in this document.")
    return doc
