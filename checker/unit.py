"""Documents + library -> :class:`Unit`: a protocol as staff read it, with everything it includes.

The loader builds a unit from a protocol file and the files it includes; the names it
declares are gathered here once (the first declaration wins: a second one is E004), so every
later stage looks a name up in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from confide.language.model import DataCategory, Document, Recipient, Trigger
from confide.library import Library
from confide.source import SourceFile


@dataclass(frozen=True)
class Unit:
    """A protocol as staff would read it: its own file plus everything it includes."""

    source: SourceFile
    root: Document
    documents: tuple[Document, ...]
    library: Library
    recipients: dict[str, Recipient] = field(default_factory=dict)
    data: dict[str, DataCategory] = field(default_factory=dict)
    triggers: dict[str, Trigger] = field(default_factory=dict)

    @classmethod
    def of(cls, source: SourceFile, documents: Sequence[Document], library: Library) -> Unit:
        """The unit of ``documents`` (the protocol first, then its includes in the order read)."""
        recipients: dict[str, Recipient] = {}
        data: dict[str, DataCategory] = {}
        triggers: dict[str, Trigger] = {}
        for doc in documents:
            for r in doc.recipients:
                recipients.setdefault(r.id.text, r)
            for d in doc.data:
                data.setdefault(d.id.text, d)
            for t in doc.triggers:
                triggers.setdefault(t.id.text, t)
        return cls(source, documents[0], tuple(documents), library, recipients, data, triggers)
