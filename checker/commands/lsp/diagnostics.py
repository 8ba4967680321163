"""A checked protocol's findings -> LSP diagnostics, each linked to its rule's documentation.

Every finding of the report becomes one diagnostic: its code, severity, range, the places it
rests on (the other clause of a contradiction, each hop of an onward path) as related
information, and ``codeDescription`` pointing at the rule's entry in the rule catalogue. A
waived finding is shown as a hint (it never fails the check), and an unused declaration is
faded, as editors show unused code.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from confide.check import Checked
from confide.config import Settings
from confide.findings import Finding, Rule, Severity
from confide.resources import data_dir
from confide.rules import CATALOGUE
from confide.source import Span
from lsprotocol import types

from .positions import Lines

SOURCE = "confide"
SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
UNNECESSARY = frozenset({"GRAPH003", "WAIVER001"})  # what deleting would fix: shown faded

UriOf = Callable[[str], str]


def rule_href(rule: Rule, settings: Settings) -> str | None:
    """Where the rule's documentation is read: ``rules-url`` when the configuration sets one,
    else the rule catalogue of this checkout (docs/rules.md), else nowhere.

    The anchor is the heading's, as the Markdown renderers of GitHub and editors make it.
    """
    base = settings.rules_url or _local_catalogue()
    return f"{base}#{rule.code.lower()}-{rule.symbol}" if base else None


@cache
def _local_catalogue() -> str | None:
    """docs/rules.md beside the package (a checkout or an editable install), looked for once."""
    try:
        catalogue = data_dir("docs") / "rules.md"
    except FileNotFoundError:
        return None
    return catalogue.as_uri() if catalogue.is_file() else None


def diagnostic(finding: Finding, lines: Lines, settings: Settings, uri_of: UriOf, shown: str) -> types.Diagnostic:
    """One finding as an editor shows it."""
    rule = CATALOGUE.get(finding.code)
    href = rule_href(rule, settings) if rule is not None else None
    message = finding.message
    severity = SEVERITIES[finding.severity]
    if finding.waived:
        message += f" (waived: {finding.waiver})"
        severity = types.DiagnosticSeverity.Hint
    here = finding.span.path == shown
    if not here:  # a finding about another file (rare): shown at the top, saying where
        message = f"{finding.span.path}:{finding.span.line}:{finding.span.column}: {message}"
    related = [types.DiagnosticRelatedInformation(
        location=types.Location(uri=uri_of(r.span.path), range=_range(r.span, lines, shown)), message=r.message)
        for r in finding.related]
    return types.Diagnostic(
        range=lines.range(finding.span) if here else lines.whole_lines(1, 1),
        message=message,
        severity=severity,
        code=finding.code,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        related_information=related or None,
        tags=[types.DiagnosticTag.Unnecessary] if finding.code in UNNECESSARY else None,
        data={"clause": finding.clause} if finding.clause else None,
    )


def diagnostics(checked: Checked, lines: Lines, settings: Settings, uri_of: UriOf) -> list[types.Diagnostic]:
    """Every finding of ``checked`` as a diagnostic, in report order."""
    return [diagnostic(f, lines, settings, uri_of, checked.path) for f in checked.report.findings]


def failure(message: str, checked: bool = False) -> list[types.Diagnostic]:
    """One diagnostic at the top of the file: why it could not be checked at all (never a stale
    list), or, with ``checked``, what makes its findings doubtful.
    """
    return [types.Diagnostic(range=types.Range(start=types.Position(line=0, character=0),
                                               end=types.Position(line=0, character=0)),
                             message=message if checked else f"confide could not check this file: {message}",
                             severity=types.DiagnosticSeverity.Error, source=SOURCE)]


def _range(span: Span, lines: Lines, shown: str) -> types.Range:
    """A related place's range: exact in this buffer; elsewhere, columns counted in characters
    (the same as the client's units for all but characters outside the Basic Multilingual Plane).
    """
    if span.path == shown:
        return lines.range(span)
    return types.Range(start=types.Position(line=span.line - 1, character=span.column - 1),
                       end=types.Position(line=span.end_line - 1, character=span.end_column - 1))


def uri_for(path: str, library_file: Callable[[str], Path]) -> str:
    """The URI of a path findings and the model use: a library pseudo-path (``<library:NAME>``)
    is the shipped library file; anything else is a file path.
    """
    if path.startswith("<library:") and path.endswith(">"):
        return library_file(path[len("<library:"):-1]).as_uri()
    return Path(path).resolve().as_uri()
