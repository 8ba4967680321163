"""Checked protocol -> plain dicts for the drafting page (sent as JSON, shown as text).

Everything here is what the other commands already say, in the shape the page needs:
findings as the reports record them (:func:`confide.report.records.rests_on`), the sharing
drawing the HTML report draws (:func:`confide.report.svg.draw`), the decision table of
``simulate --all``, the client leaflet and the scenario results of ``confide test``. Protocol
text travels as JSON strings and the page puts it in the document as text, never as markup;
the drawing is shown as an image, which cannot run script.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from confide.check import Arrow, Checked
from confide.commands.leaflet import build
from confide.commands.scenarios import FileRun
from confide.commands.simulate import decision_table
from confide.findings import Finding
from confide.language.unparse import expectation_text
from confide.report.records import rests_on
from confide.report.svg import STATUSES, draw
from confide.rules import CATALOGUE

Record = dict[str, Any]
SEVERITY_WORDS = {"error": "Error", "warning": "Warning", "info": "Note"}


def finding_view(finding: Finding, shown: str) -> Record:
    """One finding: where, what, the law it rests on, and its clause's one rewording."""
    rule = CATALOGUE.get(finding.code)
    span = finding.span
    here = span.path == shown
    return {
        "code": finding.code,
        "symbol": rule.symbol if rule else "",
        "severity": finding.severity.label,
        "severity_words": SEVERITY_WORDS[finding.severity.label],
        "file": span.path,
        "here": here,  # in the file being edited (not an included one)
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "clause": finding.clause,
        "message": finding.message,
        "rests_on": rests_on(finding),
        "suggestion": finding.suggestion if here else "",
        "replaces": list(finding.replaces) if finding.replaces and here else None,
        "waived": finding.waived,
        "waiver": finding.waiver,
    }


def arrow_view(arrow: Arrow) -> Record:
    """One drawn flow in words: the text alternative to the drawing."""
    return {"from": arrow.source_label, "to": arrow.target_label, "status": arrow.status,
            "words": STATUSES[arrow.status][0], "clauses": list(arrow.clauses), "data": list(arrow.data)}


def checked_view(checked: Checked, shown: str) -> Record:
    """All the page shows beside the editor for one state of the text."""
    report = checked.report
    outline = report.outline
    counts = {"error": 0, "warning": 0, "info": 0, "waived": 0}
    for finding in report.findings:
        counts["waived" if finding.waived else finding.severity.label] += 1
    view: Record = {
        "path": shown,
        "title": outline.title if outline and outline.header else "",
        "counts": counts,
        "findings": [finding_view(f, shown) for f in report.findings],
        "clauses": [{"ref": ref, "first": first, "last": last} for ref, first, last in (outline.clauses if outline
                                                                                        else ())],
        "usable": checked.graph is not None,
        "drawing": None,
        "table": None,
        "leaflet": None,
    }
    if checked.graph is None or outline is None:
        return view
    view["drawing"] = {"svg": draw(outline.arrows, outline.title, "drawing"),
                       "arrows": [arrow_view(a) for a in outline.arrows]}
    view["table"] = decision_table(checked)
    view["leaflet"] = asdict(build(checked))
    return view


def scenarios_view(files: list[FileRun], protocol: str) -> list[Record]:
    """Each scenario that tests ``protocol``: passed or not, with every expectation's outcome."""
    out = []
    for file in files:
        if file.errors and file.path == protocol:
            out.append({"title": "The scenarios in this protocol cannot be read", "file": file.path,
                        "line": file.errors[0].span.line, "passed": False,
                        "errors": [f"line {e.span.line}: {e.code} {e.message}" for e in file.errors], "outcomes": []})
        for run in file.runs:
            if run.protocol != protocol:
                continue
            out.append({
                "title": run.scenario.title.text,
                "file": file.path,
                "line": run.scenario.span.line,
                "passed": run.passed,
                "errors": [f"{e.code} {e.message}" for e in run.errors],
                "outcomes": [{"expect": expectation_text(o.expectation), "passed": o.passed, "happened": o.happened,
                              "line": o.expectation.span.line} for o in run.outcomes],
            })
    return out
