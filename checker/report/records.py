"""FileReports -> plain records: one function makes them, every format renders from them.

A record is a finding as a dict (the JSON shape of LANGUAGE.md §7, and more). The JSON report
is the records dumped; text, SARIF, HTML and Markdown read the same fields.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from json.encoder import encode_basestring
from typing import Any

from confide import __version__
from confide.check import FileReport, Totals
from confide.findings import Finding, Severity
from confide.rules import CATALOGUE

Record = dict[str, Any]
# The version of the JSON report's shape (schemas/report-1.json): raised on any change that
# could break a reader (a field removed, renamed or retyped); new fields do not raise it.
SCHEMA_VERSION = 1


def finding_record(finding: Finding) -> Record:
    """One finding as a plain dict (the JSON shape of LANGUAGE.md §7, and more)."""
    rule = CATALOGUE.get(finding.code)
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
        "rests_on": rests_on(finding),
        "suggestion": finding.suggestion,
        "graph_path": list(finding.path),
        "waived": finding.waived,
        "waiver": finding.waiver,
        "subject": subject_record(finding.subject),
    }


def subject_record(subject: tuple[str, str] | None) -> Record | None:
    """What a finding with no clause is about, as JSON: ``{"kind": "trigger", "id": "arrears"}``."""
    return None if subject is None else {"kind": subject[0], "id": subject[1]}


def rests_on(finding: Finding) -> str:
    """What a finding rests on: its own text, or the first paragraph of its rule's "Rests on"."""
    return finding.rests_on or _rule_rests_on(finding.code)


@cache
def _rule_rests_on(code: str) -> str:
    """The first paragraph of the rule's "Rests on", once per code: reading it from the rule's
    docstring was more than half the time of encoding a finding's JSON record (11 of 20 us).
    """
    rule = CATALOGUE.get(code)
    return " ".join(rule.section("Rests on").split("\n\n")[0].split()) if rule else ""


def totals(results: Iterable[FileReport], fail_on: Severity = Severity.ERROR) -> Totals:
    """The totals of ``results``, failing at ``fail_on``."""
    found = Totals()
    for result in results:
        found.add(Totals.of(result, fail_on))
    return found


def summary(results: Iterable[FileReport]) -> Record:
    """Counts by severity (waived findings counted apart), and files checked."""
    return totals(results).summary()


def statistics(counted: Totals) -> list[Record]:
    """How many findings of each code (waived ones apart), most frequent first (``--statistics``)."""
    out = [{"code": code, "symbol": rule.symbol if (rule := CATALOGUE.get(code)) else "", "severity": severity,
            "waived": waived, "count": count} for (code, severity, waived), count in counted.codes.items()]
    return sorted(out, key=lambda r: (-r["count"], r["code"], r["severity"], r["waived"]))


def records(results: list[FileReport]) -> list[Record]:
    """Every finding of every result, sorted by path, line, column, code."""
    findings = sorted((f for r in results for f in r.findings), key=Finding.sort_key)
    return [finding_record(f) for f in findings]


def json_head_tail(counted: Totals, empty: bool) -> tuple[str, str]:
    """The JSON document around its findings: the text before the first record and after the last.

    Each finding is encoded on its own and indented into place (:func:`json_record`), which
    gives exactly the text of one ``json.dumps(..., indent=2)`` of the whole document; but the
    indenting encoder keeps every fragment of its output alive until the end (about five times
    the output's size), so a one-shot dump of a large report peaked at several hundred MB
    (docs/performance.md). With no findings the whole document is the head.
    """
    document = json.dumps({"schema_version": SCHEMA_VERSION, "confide": __version__, "findings": [],
                           "summary": counted.summary()}, indent=2, ensure_ascii=False)
    if empty:
        return document + "\n", ""
    head, tail = document.split('"findings": []', 1)
    return head + '"findings": [\n', "\n  ]" + tail + "\n"


def json_record(finding: Finding) -> str:
    """One finding's record as it stands in the JSON document's ``findings`` list.

    The text of :func:`indented_json` of :func:`finding_record`, four spaces further in, written
    straight from the finding: a report holds about three records per clause, and building the
    dict first and choosing each value's encoding by its type took half the time of encoding it
    (tests/test_json_encoding.py holds the two to the same text).
    """
    span = finding.span
    code = finding.code
    rule = CATALOGUE.get(code)
    return "".join((
        '    {\n      "code": ', encode_basestring(code),
        ',\n      "symbol": ', encode_basestring(rule.symbol) if rule else '""',
        ',\n      "severity": ', encode_basestring(finding.severity.label),
        ',\n      "path": ', encode_basestring(span.path),
        ',\n      "line": ', int.__repr__(span.line),
        ',\n      "column": ', int.__repr__(span.column),
        ',\n      "end_line": ', int.__repr__(span.end_line),
        ',\n      "end_column": ', int.__repr__(span.end_column),
        ',\n      "clause": ', _optional(finding.clause),
        ',\n      "message": ', encode_basestring(finding.message),
        ',\n      "rests_on": ', encode_basestring(rests_on(finding)),
        ',\n      "suggestion": ', encode_basestring(finding.suggestion),
        ',\n      "graph_path": ', indented_json(list(finding.path), "      ") if finding.path else "[]",
        ',\n      "waived": ', "true" if finding.waived else "false",
        ',\n      "waiver": ', _optional(finding.waiver),
        ',\n      "subject": ', indented_json(subject_record(finding.subject), "      "),
        "\n    }"))


def _optional(text: str | None) -> str:
    """A string field that may be missing (null)."""
    return "null" if text is None else encode_basestring(text)


def indented_json(value: Any, indent: str = "") -> str:
    """Exactly ``json.dumps(value, indent=2, ensure_ascii=False)``, about twice as fast on records.

    ``indent=2`` makes the json module use its pure-Python encoder, which was a sixth of a large
    check; a record's strings, numbers and flags are written here with the json module's own C
    string escaper, and anything else is handed to ``json.dumps`` (tests/test_json_encoding.py).
    """
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    inner = indent + "  "
    if kind is dict and all(type(key) is str for key in value):
        items = [f"{inner}{encode_basestring(key)}: {indented_json(item, inner)}" for key, item in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}" if items else "{}"
    if kind is list or kind is tuple:
        items = [inner + indented_json(item, inner) for item in value]
        return "[\n" + ",\n".join(items) + "\n" + indent + "]" if items else "[]"
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + indent)


def summary_line(results: list[FileReport] | Totals) -> str:
    """'3 files checked: 2 errors, 5 warnings, 1 info (1 waived)'."""
    s = (results if isinstance(results, Totals) else totals(results)).summary()
    files = f"{s['files']} file{'s' if s['files'] != 1 else ''} checked"
    parts = [f"{s['error']} error{'s' if s['error'] != 1 else ''}",
             f"{s['warning']} warning{'s' if s['warning'] != 1 else ''}", f"{s['info']} info"]
    waived = f" ({s['waived']} waived)" if s["waived"] else ""
    return f"{files}: {', '.join(parts)}{waived}"
