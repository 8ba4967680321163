"""Helpers for the import tests: small documents made on the fly, the library, the scorer, the samples."""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

from confide.check import Checker
from confide.library import Library

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
# ../shared beside the checkout (as in CI); CONFIDE_SHARED names it elsewhere (a worktree).
SHARED_PROSE = Path(os.environ.get("CONFIDE_SHARED", ROOT.parent / "shared")) / "prose"
SAMPLES = ["ropewalk.docx", "tidemark.txt", "srp.md", "sdisa.pdf"]
OWN_PROSE = [HERE / "prose" / "prose" / n for n in ("harbour.txt", "northgate.md", "brightwater.docx")] + \
    [HERE / "prose" / "prose2" / n for n in ("meadowbank.txt", "fenwick.docx", "causeway.pdf")] + \
    [HERE / "prose" / "prose3" / n for n in ("clearwater.md", "lanterns.pdf")] + \
    [HERE / "prose" / "prose4" / "kestrel.docx"] + \
    [HERE / "prose" / "prose5" / n for n in ("junction.docx", "brannock.pdf")] + \
    [HERE / "prose" / "prose6" / n for n in ("amberley.md", "hollins.txt")]
OWN_GOLD = [HERE / "prose" / "prose" / "own_gold.jsonl", HERE / "prose" / "prose2" / "own_gold2.jsonl",
            HERE / "prose" / "prose3" / "own_gold3.jsonl", HERE / "prose" / "prose4" / "own_gold4.jsonl",
            HERE / "prose" / "prose5" / "own_gold5.jsonl", HERE / "prose" / "prose6" / "own_gold6.jsonl"]
# The auditor's second round: two policies with layouts none of the others has (a two-column PDF
# that changes layout part-way down a page, a flowchart, soft hyphens; Word footnotes and a
# summary table), held out until the importer was fixed on them.
PROSE5 = OWN_PROSE[-4:-2]
PROSE5_GOLD = OWN_GOLD[-2]
# The third round: a web privacy notice exported to Markdown (question headings, recipient lists
# under a lead-in, a lawful-basis table, navigation links) and a 72-column text policy whose
# (a), (b), (c) lines complete their clause's sentence, with a contact-list appendix.
PROSE6 = OWN_PROSE[-2:]
PROSE6_GOLD = OWN_GOLD[-1]


@lru_cache(maxsize=1)
def library() -> Library:
    """The England and Wales law library, as the check core loads it."""
    return Checker().library(None)


def make_docx(path: Path, blocks: list[tuple[str, str]], table: list[list[str]] | None = None,
              header: str | None = None) -> Path:
    """A .docx from (style, text) pairs; style "h1"/"h2" for headings, a style name otherwise."""
    import docx

    d = docx.Document()
    if header:
        d.sections[0].header.paragraphs[0].text = header
        d.sections[0].footer.paragraphs[0].text = "Page footer text"
    for style, text in blocks:
        if style.startswith("h"):
            d.add_heading(text, level=int(style[1:]))
        else:
            d.add_paragraph(text, style=style)
    if table:
        t = d.add_table(rows=0, cols=len(table[0]))
        for row in table:
            for cell, text in zip(t.add_row().cells, row, strict=True):
                cell.text = text
    d.save(str(path))
    return path


def make_pdf(path: Path, pages: list[list[str]], header: str | None = "Example Trust | Policy",
             footer: bool = True) -> Path:
    """A text PDF: each page's strings drawn as lines, with a running header and a "Page N of M" footer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for n, lines in enumerate(pages, start=1):
        c.setFont("Helvetica", 9)
        if header:
            c.drawString(56, 800, header)
        if footer:
            c.drawRightString(540, 30, f"Page {n} of {len(pages)}")
        c.setFont("Helvetica", 11)
        y = 760
        for line in lines:
            if line:
                c.drawString(56, y, line)
            y -= 14
        c.showPage()
    c.save()
    return path


def load_score() -> ModuleType | None:
    """The project's scorer, imported from ../shared/prose (None when it is not there)."""
    path = SHARED_PROSE / "score.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("confide_import_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def import_items(path: Path) -> list[dict[str, Any]]:
    """The draft items of one document."""
    from confide.commands.importing.items import import_document

    return import_document(path, library().standards)
