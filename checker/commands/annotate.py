"""Checked draft + the Word policy it was imported from -> a copy of the policy with the findings as comments.

Managers edit policies in Word, so the review goes where they work: each finding becomes a Word
comment on the paragraph its clause was read from, with the clause's one suggested rewording.
The link is the draft's own ``# from: policy.docx §6 ¶3`` comments (written by ``confide import``):
the policy is read again through the importer's Word reader, which numbers paragraphs the same
way and remembers each one's element. A finding with no source paragraph (about the protocol as
a whole, or a clause the author added) is put on the document's title. The original file is never
changed: the commented copy is written to a new file.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from confide.check import Checked, UsageError
from confide.commands.importing.documents import finalise
from confide.commands.importing.read_docx import docx_blocks, open_docx
from confide.display import visible
from confide.files import write_atomic
from confide.findings import Finding
from confide.report.records import rests_on

AUTHOR, INITIALS = "confide", "CF"
_FROM = re.compile(r"^\s*# from: (?P<name>.+?) (?:p\.|§)(?P<page>\d+) ¶(?P<paragraph>\d+): ")


@dataclass(frozen=True)
class Placed:
    """A finding and where in the Word document it goes (None: on the title)."""

    finding: Finding
    at: tuple[int, int] | None


def source_of(lines: tuple[str, ...], line: int) -> tuple[int, int] | None:
    """(section, paragraph) of the nearest ``# from:`` comment above ``line`` in its block.

    A block is a run of non-blank lines: a clause, a trigger or an ``at-assessment`` or
    ``records`` block, whose ``# from:`` comments sit just above what they source.
    """
    n = line
    while 0 < n <= len(lines) and lines[n - 1].strip():
        found = _FROM.match(lines[n - 1])
        if found:
            return int(found.group("page")), int(found.group("paragraph"))
        n -= 1
    return None


def place(checked: Checked) -> list[Placed]:
    """Every judged finding of the draft with the (section, paragraph) it came from, in report order."""
    report = checked.report
    lines = checked.source.lines if checked.source is not None else ()
    outline = report.outline
    out = []
    for finding in report.findings:
        span = outline.clause_lines(finding.clause) if outline is not None and finding.clause else None
        # A mislabelled trigger (VAGUE002) is raised where the first clause it decides is.
        decided = next((r.span for r in finding.related if finding.code == "VAGUE002" and r.span.path == report.path),
                       None)
        line = span[0] if span else decided.line if decided else finding.span.line
        own = finding.span.path == report.path
        out.append(Placed(finding, source_of(lines, line) if own else None))
    return out


def comment_text(finding: Finding) -> list[str]:
    """The paragraphs of one comment: the finding, what it rests on, and the suggested rewording."""
    where = f" (clause {finding.clause})" if finding.clause else ""
    paragraphs = [f"{finding.code} {finding.severity.label}{where}: {finding.message}"]
    basis = rests_on(finding)
    if basis:
        paragraphs.append(f"Rests on: {basis}")
    if finding.suggestion:
        paragraphs.append("Suggested rewording:")
        paragraphs += finding.suggestion.splitlines()
    return [xml_text(p) for p in paragraphs]


def xml_text(text: str) -> str:
    r"""Text for a Word document: a line break is a space, any other control character is shown.

    XML cannot hold most control characters, so a finding quoting the draft must not break the
    file; the rest (C1 controls, bidirectional overrides, non-characters) are shown as in every
    other output (``\x9b``, ``\u202e``: display.visible), never passed on to the reader.
    """
    return visible(text.replace("\n", " "))


def annotate_word(checked: Checked, policy: Path, output: Path) -> int:
    """Write ``policy`` with one comment per finding to ``output``; the number of comments written."""
    if policy.suffix.lower() != ".docx":
        raise UsageError(f"{policy}: only a Word (.docx) policy can carry the findings as comments")
    if output.resolve() == policy.resolve():
        raise UsageError(f"{output}: write the commented copy to a new file, not over the policy itself")
    document = open_docx(policy)
    blocks, anchors = docx_blocks(document)
    paragraphs = finalise(policy.stem, "docx", blocks, policy.name).paragraphs
    where = {(p.page, p.index): p.anchor for p in paragraphs if p.role != "heading" and p.anchor is not None}
    title = next((p.anchor for p in paragraphs if p.role == "heading" and p.anchor is not None),
                 paragraphs[0].anchor if paragraphs else None)
    placed = place(checked)
    for item in placed:
        anchor = where.get(item.at) if item.at else None
        at = anchor if anchor is not None else title
        runs = _runs(document, anchors[at] if at is not None else None)
        first, *more = comment_text(item.finding)
        comment = document.add_comment(runs, text=first, author=AUTHOR, initials=INITIALS)
        for text in more:
            comment.add_paragraph(text)
    write_atomic(output, saved(document))
    return len(placed)



def saved(document: Any) -> bytes:
    """A Word document as its file's bytes, so it is written as every output is (confide.files)."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

def _runs(document: Any, element: Any) -> Any:
    """The runs of a paragraph element to anchor a comment on (a new empty run where it has none)."""
    from docx.text.paragraph import Paragraph

    if element is not None:
        paragraph = Paragraph(element, document._body)
    else:
        paragraph = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    return paragraph.runs or [paragraph.add_run("")]
