"""Results -> SARIF 2.1.0 (``--format sarif``), for GitHub code scanning and other CI viewers.

The log is built as plain dicts and written with ``json.dumps``: nothing from a protocol is
ever interpolated into a template. Positions are 1-based with an exclusive end column, as in
:class:`~confide.source.Span`, so they pass through unchanged. Artifact URIs are relative to
the repository root so that code scanning can link each result to the file in the repository.
Fingerprints hash what a finding *is* (code, clause, the text of its line), never where it
is, so an alert survives unrelated lines being added above it.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from confide import __version__
from confide.check import FileReport
from confide.findings import Finding, Rule, Severity
from confide.report.records import rests_on
from confide.report.text import repository_path, repository_root
from confide.rules import CATALOGUE

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/confide-policy/confide"
# Where the rule docs are read from a code-scanning alert; a policy repository that publishes
# its own copy (or the project once it has a public home) sets `rules-url` in its config.
RULES_DOC = f"{INFORMATION_URI}/blob/main/docs/rules.md"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT = "confide/v1"


def artifact_uri(shown: str, root: Path) -> str | None:
    """The file's URI relative to ``root`` (forward slashes, percent-encoded); None for
    pseudo-files such as ``<library:england-and-wales>`` that exist on no disk.
    """
    if shown.startswith("<"):
        return None
    relative = repository_path(shown, root)
    return quote(relative) if not Path(relative).is_absolute() else Path(relative).as_uri()


def rule_descriptor(rule: Rule, rules_url: str = RULES_DOC) -> dict[str, Any]:
    """A ``reportingDescriptor``: the rule's documentation, shown beside each alert."""
    rests_on = rule.section("Rests on")
    rewording = rule.section("Compliant rewording")
    fires_when = rule.section("Fires when") or rule.summary
    text = "\n\n".join(p for p in (fires_when, f"Rests on: {rests_on}" if rests_on else "",
                                   f"Compliant rewording: {rewording}" if rewording else "") if p)
    markdown = "\n\n".join(p for p in (fires_when, f"**Rests on:** {rests_on}" if rests_on else "",
                                       f"**Compliant rewording:** {rewording}" if rewording else "") if p)
    return {
        "id": rule.code,
        "name": rule.symbol,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": fires_when},
        "help": {"text": text, "markdown": markdown},
        "helpUri": f"{rules_url}#{rule.code.lower()}-{rule.symbol}",  # the heading's anchor in docs/rules.md
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [rule.scope]},
    }


def fingerprint(finding: Finding, line_text: str) -> str:
    """A hash of code, clause and the whitespace-normalised text of the finding's line."""
    normalised = " ".join(line_text.split())
    key = "\x1f".join((finding.code, finding.clause or "", normalised))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def result_object(finding: Finding, rule_index: int | None, uri: str | None, line_text: str,
                  occurrence: int) -> dict[str, Any]:
    """One SARIF ``result`` for ``finding``."""
    span = finding.span
    message = finding.message
    if finding.suggestion:
        message += f"\nSuggested wording:\n{finding.suggestion}"
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": LEVELS[finding.severity],
        "message": {"text": message},
        "partialFingerprints": {FINGERPRINT: f"{fingerprint(finding, line_text)}:{occurrence}"},
        "properties": {"clause": finding.clause, "restsOn": rests_on(finding)},
    }
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    if uri is not None:
        result["locations"] = [{"physicalLocation": {
            "artifactLocation": {"uri": uri},
            "region": {"startLine": span.line, "startColumn": span.column,
                       "endLine": span.end_line, "endColumn": max(span.end_column, span.column + 1)},
        }}]
    if finding.path:
        result["properties"]["graphPath"] = list(finding.path)
    if finding.waived and finding.waiver is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": finding.waiver}]
    return result


def render_sarif(results: list[FileReport], root: Path | None = None, rules_url: str | None = None) -> str:
    """The ``--format sarif`` log: one run, every finding, and the rules they use."""
    root = root or repository_root()
    findings = sorted((f for r in results for f in r.findings), key=Finding.sort_key)
    # The rules the results use (SARIF needs no more), so the log stays small and stable.
    rules = sorted({CATALOGUE[f.code] for f in findings if f.code in CATALOGUE}, key=lambda r: r.code)
    index = {rule.code: i for i, rule in enumerate(rules)}
    reports = {r.path: r for r in results}
    seen: Counter[str] = Counter()
    out = []
    for finding in findings:
        report = reports.get(finding.span.path)
        line_text = report.line(finding.span.line) if report else ""
        uri = artifact_uri(finding.span.path, root)
        # Identical findings on identical lines (rare) are told apart by their order.
        key = f"{uri}\x1f{fingerprint(finding, line_text)}"
        seen[key] += 1
        out.append(result_object(finding, index.get(finding.code), uri, line_text, seen[key]))
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "confide",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [rule_descriptor(rule, rules_url or RULES_DOC) for rule in rules],
            }},
            "columnKind": "unicodeCodePoints",
            "results": out,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
