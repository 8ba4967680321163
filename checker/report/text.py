"""FileReports -> what a person reads at a terminal or in a CI log, and GitHub annotations.

Text: ``path:line:col: severity CODE message`` (the line editors and CI parse), the source
line with a caret, what the finding rests on and the suggested wording. GitHub: one workflow
command per finding, so each appears on the pull request's diff.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from confide.check import FileReport
from confide.display import visible
from confide.findings import Finding, Severity
from confide.report.records import rests_on, summary_line
from confide.source import excerpt


def render_text(results: list[FileReport], style: Any = None, show_info: bool = True) -> str:
    """Human output; ``style(text, severity)`` colours a severity word (None: no colour)."""
    out: list[str] = []
    for result in results:
        for finding in result.findings:
            if finding.severity == Severity.INFO and not show_info:
                continue
            word = finding.severity.label + (" (waived)" if finding.waived else "")
            if style is not None:
                word = style(word, finding.severity)
            span = finding.span
            out.append(f"{shown_path(span.path)}:{span.line}:{span.column}: {word} {finding.code} "
                       f"{visible(finding.message)}")
            if span.path == result.path and result.line(span.line):
                out.append(excerpt(result.line(span.line), span))
            because = rests_on(finding)
            if because:
                out.append(f"      = rests on: {visible(because)}")
            if finding.waived and finding.waiver:
                out.append(f"      = waived: {visible(finding.waiver)}")
            if finding.suggestion:
                lines = [visible(line) for line in finding.suggestion.split("\n")]
                out.append(f"      = suggest: {lines[0]}")
                out.extend(f"                 {line}" for line in lines[1:])
    out.append(summary_line(results))
    return "\n".join(out) + "\n"


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
    """``shown`` relative to ``root`` with forward slashes; absolute if it lies outside."""
    path = Path(shown).resolve()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


ANNOTATION_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _command_data(text: str) -> str:
    """Escape a workflow command's message (GitHub's ``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _command_property(text: str) -> str:
    """Escape a workflow command's property value (GitHub's ``escapeProperty``)."""
    return _command_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(results: list[FileReport]) -> str:
    """``--format github``: one ``::error file=…,line=…::message`` annotation per finding.

    Waived findings become notices, so they stay visible without turning the check red.
    """
    out = []
    root = repository_root()
    for finding in sorted((f for r in results for f in r.findings), key=Finding.sort_key):
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
        out.append(f"::{level} {','.join(props)}::{_command_data(message)}")
    out.append(summary_line(results))
    return "\n".join(out) + "\n"
