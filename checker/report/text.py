"""Results -> output: one function makes plain records, every format renders from them.

Text is for people at a terminal and in CI logs (``path:line:col: severity CODE message``,
the source line, a caret); JSON is for machines; GitHub annotations are workflow commands.
SARIF (``confide.report.sarif``), HTML and Markdown (``confide.report.pages``) live in their own modules,
imported only when asked for, so ``--format json`` never loads jinja2.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

from confide import __version__
from confide.config import Settings
from confide.findings import REGISTRY, Finding, Severity
from confide.check import Result

Record = dict[str, Any]


def finding_record(finding: Finding) -> Record:
    """One finding as a plain dict (the JSON shape of LANGUAGE.md §7, and more)."""
    rule = REGISTRY.get(finding.code)
    return {
        "code": finding.code,
        "symbol": rule.symbol if rule else "",
        "severity": finding.severity.label,
        "path": finding.span.path,
        "line": finding.span.line,
        "column": finding.span.column,
        "end_line": finding.span.end_line,
        "end_column": finding.span.end_column,
        "clause": finding.clause,
        "message": finding.message,
        "rests_on": finding.rests_on,
        "suggestion": finding.suggestion,
        "graph_path": list(finding.path),
        "waived": finding.waived,
        "waiver": finding.waiver.justification.text if finding.waiver and finding.waiver.justification else None,
    }


def summary(results: Iterable[Result]) -> Record:
    """Counts by severity (waived findings counted apart), and files checked."""
    counts: Counter[str] = Counter()
    files = 0
    for result in results:
        files += 1
        for finding in result.findings:
            counts["waived" if finding.waived else finding.severity.label] += 1
    return {"files": files, "error": counts["error"], "warning": counts["warning"],
            "info": counts["info"], "waived": counts["waived"]}


def records(results: list[Result]) -> list[Record]:
    """Every finding of every result, sorted by path, line, column, code."""
    findings = sorted((f for r in results for f in r.findings), key=Finding.sort_key)
    return [finding_record(f) for f in findings]


def render_json(results: list[Result]) -> str:
    """The ``--format json`` document.

    Each finding is encoded on its own and indented into place, which gives exactly the text
    of one ``json.dumps(..., indent=2)`` of the whole document; but the indenting encoder keeps
    every fragment of its output alive until the end (about five times the output's size), so
    a one-shot dump of a large report peaked at several hundred MB (docs/performance.md).
    """
    document = json.dumps({"confide": __version__, "findings": [], "summary": summary(results)},
                          indent=2, ensure_ascii=False)
    findings = sorted((f for r in results for f in r.findings), key=Finding.sort_key)
    if not findings:
        return document + "\n"
    head, tail = document.split('"findings": []', 1)
    parts = [head, '"findings": [\n']
    for finding in findings:
        encoded = json.dumps(finding_record(finding), indent=2, ensure_ascii=False)
        parts += ["    ", encoded.replace("\n", "\n    "), ",\n"]
    parts[-1] = "\n  ]"
    return "".join([*parts, tail, "\n"])


def summary_line(results: list[Result]) -> str:
    """'3 files checked: 2 errors, 5 warnings, 1 info (1 waived)'."""
    s = summary(results)
    files = f"{s['files']} file{'s' if s['files'] != 1 else ''} checked"
    parts = [f"{s['error']} error{'s' if s['error'] != 1 else ''}",
             f"{s['warning']} warning{'s' if s['warning'] != 1 else ''}", f"{s['info']} info"]
    waived = f" ({s['waived']} waived)" if s["waived"] else ""
    return f"{files}: {', '.join(parts)}{waived}"


def render_text(results: list[Result], style: Any = None, show_info: bool = True) -> str:
    """Human output; ``style(text, severity)`` colours a severity word (None: no colour)."""
    out: list[str] = []
    sources = {r.path: r.source for r in results}
    for result in results:
        for finding in result.findings:
            if finding.severity == Severity.INFO and not show_info:
                continue
            word = finding.severity.label + (" (waived)" if finding.waived else "")
            if style is not None:
                word = style(word, finding.severity)
            span = finding.span
            out.append(f"{span.path}:{span.line}:{span.column}: {word} {finding.code} {finding.message}")
            source = sources.get(span.path)
            if source is not None and source.line(span.line):
                out.append(source.excerpt(span))
            if finding.rests_on:
                out.append(f"      = rests on: {finding.rests_on}")
            if finding.waived and finding.waiver and finding.waiver.justification:
                out.append(f"      = waived: {finding.waiver.justification.text}")
            if finding.suggestion:
                lines = finding.suggestion.splitlines()
                out.append(f"      = suggest: {lines[0]}")
                out.extend(f"                 {line}" for line in lines[1:])
    out.append(summary_line(results))
    return "\n".join(out) + "\n"


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


def render_github(results: list[Result]) -> str:
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
        props = [f"file={_command_property(path)}", f"line={span.line}", f"col={span.column}",
                 f"endLine={span.end_line}", f"title={_command_property(title)}"]
        if span.end_line == span.line:
            props.insert(4, f"endColumn={span.end_column}")
        message = finding.message
        if finding.rests_on:
            message += f"\nRests on: {finding.rests_on}"
        if finding.suggestion:
            message += f"\nSuggested wording:\n{finding.suggestion}"
        out.append(f"::{level} {','.join(props)}::{_command_data(message)}")
    out.append(summary_line(results))
    return "\n".join(out) + "\n"


def render(fmt: str, results: list[Result], style: Any = None, settings: Settings | None = None) -> str:
    """The report in ``fmt`` (one of ``config.FORMATS``); ``style`` colours text output only.

    ``settings`` lets the HTML and Markdown reports reload a protocol's model when the
    results carry none (the parallel runner returns findings only).
    """
    if fmt == "json":
        return render_json(results)
    if fmt == "github":
        return render_github(results)
    if fmt == "sarif":
        from confide.report.sarif import render_sarif

        return render_sarif(results, rules_url=settings.rules_url if settings else None)
    if fmt in {"markdown", "html"}:
        from confide.report import pages

        settings = settings or Settings()
        return pages.render_markdown(results, settings) if fmt == "markdown" else pages.render_html(results, settings)
    return render_text(results, style)
