"""Protocol text -> the same protocol in one canonical layout (``confide fmt``), comments kept.

The layout is the one :mod:`confide.language.unparse` writes for suggestions: block heads at the left,
lines inside a block indented two spaces in a fixed order, single spaces, one blank line
between blocks. Blocks keep their order in the file. The text is rebuilt from the model, so
a file with any syntax or validation error is left alone: the model would not hold all of it.

Comments are not in the model, so the parser hands them over as the lexer meets them
(:func:`confide.language.parse.parse` with ``comments``) and each is attached to a line of
code: a comment after code on the same line stays at the end of that line; a comment on a
line of its own goes before the next line of code, except an indented one followed by a
blank line, which closes the block above it. The rebuilt line is found by its keyword (and
its text, where several lines share a keyword, as share lines do).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from confide.config import Settings
from confide.findings import Finding
from confide.language import unparse as R
from confide.language.build import build
from confide.language.model import (
    Assessment,
    Clause,
    DataCategory,
    Document,
    Header,
    Include,
    Law,
    LibraryHeader,
    Recipient,
    Records,
    Scenario,
    Standard,
    Trigger,
)
from confide.language.parse import parse
from confide.source import SourceFile
from lark import Token

BLOCK_TEXT: dict[type, Callable[[Any], str]] = {
    Header: R.header_text, LibraryHeader: R.library_text, Include: R.include_text, Recipient: R.recipient_text,
    DataCategory: R.data_text, Trigger: R.trigger_text, Assessment: R.assessment_text, Records: R.records_text,
    Clause: R.clause_text, Law: R.law_text, Standard: R.standard_text, Scenario: R.scenario_text,
}


class FormatError(Exception):
    """The file cannot be formatted (it has errors); carries the findings that say why."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(findings[0].message if findings else "cannot format")
        self.findings = findings


@dataclass(frozen=True)
class Comment:
    """One ``#`` comment: where it was, and how it sat against the code around it."""

    text: str
    line: int
    trailing: bool  # after code on the same line
    blank_before: bool  # a blank line separates it from the line above
    blank_after: bool  # a blank line separates it from the line below


def _blocks(document: Document) -> list[Any]:
    """Every block of the document, in the order of the file."""
    singles = [document.header, document.library, document.assessment, document.records]
    many = [*document.includes, *document.recipients, *document.data, *document.triggers, *document.clauses,
            *document.laws, *document.standards, *document.scenarios]
    return sorted((b for b in [*singles, *many] if b is not None), key=lambda b: b.span.line)


def _comments(source: SourceFile, tokens: list[Token]) -> list[Comment]:
    def blank(number: int) -> bool:
        return 0 < number <= len(source.lines) and not source.line(number).strip()

    out = []
    for token in tokens:
        line = token.line or 1
        before = source.line(line)[: (token.column or 1) - 1]
        out.append(Comment(str(token).rstrip(), line, bool(before.strip()), blank(line - 1), blank(line + 1)))
    return out


def canonical_line(text: str) -> str:
    """A source line as the canonical layout would write it (for matching only)."""
    return re.sub(r"\s*,\s*", ", ", " ".join(text.split()))


def _target(source: SourceFile, rendered: list[str], start: int, line: int, cut: int | None) -> int:
    """The index of the rebuilt line that stands for source line ``line`` of a block
    (``cut``: the column where a comment at its end begins).
    """
    if line == start:
        return 0
    text = source.line(line)[: cut - 1 if cut else None]
    words = text.split()
    keyword = words[0] if words else ""
    candidates = [i for i, r in enumerate(rendered) if i and r.split()[:1] == [keyword]]
    exact = [i for i in candidates if rendered[i].strip() == canonical_line(text)]
    return (exact or candidates or [0])[0]


def format_text(source: SourceFile) -> str:
    """``source`` in canonical layout; raises :class:`FormatError` if it has errors."""
    parsed = parse(source, comments=True)
    if parsed.tree is None:
        raise FormatError(list(parsed.errors))
    comments = _comments(source, list(parsed.comments))
    cut = {t.line: t.column for t in parsed.comments if t.line is not None and t.column is not None}
    document, problems = build(parsed.tree, source.path)
    if problems:
        raise FormatError(problems)
    blocks = _blocks(document)
    code = [n for n in range(1, len(source.lines) + 1)
            if source.line(n).strip() and not source.line(n).lstrip().startswith("#")]
    rendered = [BLOCK_TEXT[type(b)](b).split("\n") for b in blocks]
    starts = [b.span.line for b in blocks]
    # (block, line index) -> comments before it, at its end, after it; and those at the end of the file.
    before: dict[tuple[int, int], list[Comment]] = {}
    trailing: dict[tuple[int, int], list[Comment]] = {}
    after: dict[tuple[int, int], list[Comment]] = {}
    tail: list[Comment] = []

    def place(line: int) -> tuple[int, int]:
        block = max((i for i, s in enumerate(starts) if s <= line), default=0)
        return block, _target(source, rendered[block], starts[block], line, cut.get(line))

    for comment in comments:
        following = next((n for n in code if n > comment.line), None)
        preceding = next((n for n in reversed(code) if n < comment.line), None)
        indented = source.line(comment.line)[:1].isspace()
        closes = indented and (comment.blank_after or following is None)
        if comment.trailing:
            trailing.setdefault(place(comment.line), []).append(comment)
        elif blocks and closes and preceding is not None and preceding >= starts[0]:
            after.setdefault(place(preceding), []).append(comment)
        elif following is not None and blocks:
            before.setdefault(place(following), []).append(comment)
        else:
            tail.append(comment)
    out: list[str] = []

    def emit_comments(group: list[Comment], indent: str, keep_blanks: bool) -> None:
        for n, comment in enumerate(group):
            if keep_blanks and n and comment.blank_before and out and out[-1]:
                out.append("")
            out.append(indent + comment.text)
        if keep_blanks and group and group[-1].blank_after:
            out.append("")

    for b, lines in enumerate(rendered):
        if out and out[-1]:
            out.append("")
        for i, text in enumerate(lines):
            indent = "" if i == 0 else R.INDENT
            emit_comments(before.get((b, i), []), indent, keep_blanks=i == 0)
            ends = trailing.get((b, i), [])
            # A rebuilt line may merge several source lines: the first end comment stays
            # on the line, the others go just above it.
            out.extend(indent + extra.text for extra in ends[1:])
            out.append(text + (f"  {ends[0].text}" if ends else ""))
            emit_comments(after.get((b, i), []), R.INDENT, keep_blanks=False)
    if tail:
        if out and out[-1]:
            out.append("")  # a comment at the left margin after the last block stands apart, as blocks do
        emit_comments(tail, "", keep_blanks=True)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def format_paths(paths: Sequence[str], check: bool, echo: Callable[[str, bool], None],
                 settings: Settings | None = None) -> int:
    """Format (or with ``check``, only inspect) every protocol under ``paths`` that ``settings`` do not exclude.

    Returns the exit code: 2 when a file or folder could not be read, formatted or written,
    else 1 when ``check`` found a file that would change, else 0. One file that cannot be
    handled is reported and the rest are still formatted. ``echo(message, to_stderr)`` reports.
    A file is rewritten atomically with its permissions kept (confide.files), and never
    through a link that leads out of the folder being formatted.
    """
    from confide.batch import discover
    from confide.files import as_written, write_atomic
    from confide.loader import read_source, real

    changed = failed = unchanged = 0
    for target in discover(paths, settings):
        file, shown = Path(target.file), target.shown
        if target.unreadable is not None:
            failed += 1
            echo(f"{shown}: {target.unreadable}", True)
            continue
        written = real(file)
        if not written.is_relative_to(real(Path(target.root))):
            failed += 1
            echo(f"{shown}: a symbolic link to a file outside the folder being formatted; left alone", True)
            continue
        source = read_source(file, shown)
        try:
            if isinstance(source, Finding):
                raise FormatError([source])
            formatted = format_text(source)
        except FormatError as exc:
            failed += 1
            for finding in exc.findings:
                span = finding.span
                echo(f"{span.path}:{span.line}:{span.column}: cannot format: {finding.code} {finding.message}", True)
                if not isinstance(source, Finding) and span.path == source.path and 1 <= span.line <= len(source.lines):
                    echo(source.excerpt(span), True)  # the line it stops at, with a caret, as check shows it
            continue
        if formatted == source.text:
            unchanged += 1
            continue
        if check:
            changed += 1
            echo(f"would reformat {shown}", False)
            continue
        try:
            write_atomic(written, as_written(written.read_bytes(), formatted))  # CRLF and a BOM kept
        except OSError as exc:  # a WriteError, or the file gone since it was read
            failed += 1
            echo(f"{shown}: {exc}", True)
            continue
        changed += 1
        echo(f"reformatted {shown}", False)
    verb = "would be reformatted" if check else "reformatted"
    parts = [f"{changed} file{'s' if changed != 1 else ''} {verb}", f"{unchanged} unchanged"]
    if failed:
        parts.append(f"{failed} with errors left alone")
    echo(", ".join(parts), False)
    return 2 if failed else 1 if check and changed else 0
