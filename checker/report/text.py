"""FileReports -> what a person reads at a terminal or in a CI log, and GitHub annotations.

Text: ``path:line:col: severity CODE message`` (the line editors and CI parse), the source
line with a caret, what the finding rests on and the suggested wording. GitHub: one workflow
command per finding, so each appears on the pull request's diff.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from confide.check import FileReport, Totals
from confide.display import shortened, visible
from confide.findings import Finding, Severity
from confide.report.records import rests_on, statistics, summary_line, totals
from confide.source import excerpt


def file_lines(result: FileReport, style: Any = None) -> list[str]:
    """One file's part of the text report.

    Every finding keeps its own ``path:line:col: severity CODE message`` line (what editors and
    CI parse), its source line and what it rests on; the clause's one rewording (LANGUAGE.md §6)
    follows the clause's last finding once, instead of under every finding.
    """
    out: list[str] = []
    for block in _clause_blocks(list(result.findings)):
        shared = _shared_suggestion(block)
        for finding in block:
            out.extend(_finding_lines(result, finding, style))
            if finding.suggestion and finding.suggestion != shared:
                out.extend(_suggestion_lines(finding.suggestion, finding.replaces))
        if shared:
            out.extend(_suggestion_lines(shared, block[-1].replaces, len(block)))
    return out


def _clause_blocks(findings: list[Finding]) -> list[list[Finding]]:
    """Findings grouped by clause (in order of each clause's first finding); protocol-level ones alone."""
    blocks: list[list[Finding]] = []
    by_clause: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        if finding.clause is None:
            blocks.append([finding])
            continue
        key = (finding.span.path, finding.clause)
        if key not in by_clause:
            by_clause[key] = []
            blocks.append(by_clause[key])
        by_clause[key].append(finding)
    return blocks


def _shared_suggestion(block: list[Finding]) -> str:
    """The rewording most findings of a block carry (the clause's one), or '' when none does."""
    counts = Counter(f.suggestion for f in block if f.suggestion)
    return counts.most_common(1)[0][0] if counts else ""


def _finding_lines(result: FileReport, finding: Finding, style: Any) -> list[str]:
    word = finding.severity.label + (" (waived)" if finding.waived else "")
    if style is not None:
        word = style(word, finding.severity)
    span = finding.span
    message = visible(shortened(finding.message))
    out = [f"{shown_path(span.path)}:{span.line}:{span.column}: {word} {finding.code} {message}"]
    if span.path == result.path and result.line(span.line):
        out.append(excerpt(result.line(span.line), span))
    because = rests_on(finding)
    if because:
        out.append(f"      = rests on: {visible(because)}")
    if finding.waived and finding.waiver:
        out.append(f"      = waived: {visible(finding.waiver)}")
    return out


def _suggestion_lines(suggestion: str, replaces: tuple[int, int] | None, findings: int = 1) -> list[str]:
    """The rewording once, saying which lines it replaces (or that it is added) and for how many findings."""
    if replaces is None:
        where = "add to the file"
    else:
        lines = f"lines {replaces[0]}-{replaces[1]}" if replaces[0] != replaces[1] else f"line {replaces[0]}"
        if not suggestion:
            return [f"      = suggest: delete {lines}"]
        where = f"in place of {lines}"
    scope = f"for all {findings} findings, " if findings > 1 else ""
    return [f"      = suggest ({scope}{where}):",
            *(f"        {visible(line)}".rstrip() for line in suggestion.split("\n"))]


def render_statistics(counted: list[FileReport] | Totals, as_json: bool = False) -> str:
    """``--statistics``: how many findings of each code, most frequent first, then the summary."""
    counted = counted if isinstance(counted, Totals) else totals(counted)
    rows = statistics(counted)
    if as_json:
        return json.dumps(rows, indent=2) + "\n"
    width = max((len(str(r["count"])) for r in rows), default=1)
    lines = [f"{r['count']:>{width}}  {r['code']:<9} {r['severity'] + (' (waived)' if r['waived'] else ''):<17} "
             f"{r['symbol']}".rstrip() for r in rows]
    return "\n".join([*lines, summary_line(counted)]) + "\n"


def shown_path(path: str) -> str:
    """A file's path as the first thing on a line: visible, and never read as a workflow command
    (``./`` before a name that starts with ``::``, which editors and CI still read as the file).
    """
    shown = visible(path)
    return "./" + shown if shown.lstrip().startswith("::") else shown


def repository_root(start: Path | None = None) -> Path:
    """The nearest folder above ``start`` (default: the cwd) holding ``.git``, else ``start``.

    CI viewers (code scanning, annotations) want paths relative to the repository root;
    walking up for ``.git`` finds it as ``git rev-parse --show-toplevel`` would, without git.
    """
    here = (start or Path.cwd()).resolve()
    return next((p for p in (here, *here.parents) if (p / ".git").exists()), here)


def repository_path(shown: str, root: Path) -> str:
    """``shown`` relative to ``root`` with forward slashes; absolute if it lies outside.

    The file itself is named, never what it links to: an annotation belongs on the link the
    repository holds, and must not tell the log where the link points. Its folder is resolved,
    as ``root`` is, so the two compare.
    """
    whole = os.path.abspath(shown)
    path = Path(os.path.realpath(os.path.dirname(whole))) / os.path.basename(whole)
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


ANNOTATION_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _command_data(text: str) -> str:
    """Escape a workflow command's message (GitHub's ``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _command_property(text: str) -> str:
    """Escape a workflow command's property value (GitHub's ``escapeProperty``)."""
    return _command_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, root: Path) -> str:
    """One finding as a workflow command, its path relative to the repository ``root``.

    Waived findings become notices, so they stay visible without turning the check red.
    """
    span = finding.span
    path = span.path if span.path.startswith("<") else repository_path(span.path, root)
    level = "notice" if finding.waived else ANNOTATION_LEVELS[finding.severity]
    title = f"{finding.code}{' (waived)' if finding.waived else ''}"
    props = [f"file={_command_property(visible(path))}", f"line={span.line}", f"col={span.column}",
             f"endLine={span.end_line}", f"title={_command_property(title)}"]
    if span.end_line == span.line:
        props.insert(4, f"endColumn={span.end_column}")
    message = visible(finding.message)
    because = rests_on(finding)
    if because:
        message += f"\nRests on: {visible(because)}"
    if finding.suggestion:
        message += "\nSuggested wording:\n" + "\n".join(visible(line) for line in finding.suggestion.split("\n"))
    return f"::{level} {','.join(props)}::{_command_data(message)}"
