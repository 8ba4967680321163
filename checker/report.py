"""Results -> output: one function makes plain records, every format renders from them.

Text is for people at a terminal and in CI logs (``path:line:col: severity CODE message``,
the source line, a caret); JSON is for machines. Further formats (SARIF, HTML, Markdown,
GitHub annotations) render from the same records.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Iterable

from checker import __version__
from checker.findings import REGISTRY, Finding, Severity
from checker.pipeline import Result

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
    """The ``--format json`` document."""
    return json.dumps({"confide": __version__, "findings": records(results), "summary": summary(results)},
                      indent=2, ensure_ascii=False) + "\n"


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
