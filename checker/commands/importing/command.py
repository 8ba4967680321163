"""``confide import DOCUMENT``: a document and the law library -> a draft protocol or its items.

Kept apart from the pipeline so the command line stays wiring only: it reads the document
once, and writes either the draft protocol or the draft items as JSON Lines, the format the
project's scorer (``../shared/prose/score.py``) reads.
"""

from __future__ import annotations

from pathlib import Path

from confide.commands.importing.documents import read_document
from confide.commands.importing.draft import write_draft
from confide.commands.importing.items import document_items, to_jsonl
from confide.library import Library

FORMATS = ("protocol", "json")


def import_text(path: str, library: Library, fmt: str = "protocol") -> str:
    """The draft protocol (``protocol``) or the draft items (``json``) of one document.

    Raises ``DocumentError`` (a usage error: exit 2) for a file that cannot be read as a policy.
    """
    doc = read_document(path)
    items = document_items(doc, library.standards)
    if fmt == "json":
        return to_jsonl(items)
    return write_draft(doc, items, Path(path).name, library)
