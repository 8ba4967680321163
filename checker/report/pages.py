"""FileReports -> the HTML report (for commissioners) and the Markdown report (for PR comments).

Both are jinja2 templates in ``reports/`` rendered from the same context: a portfolio of
protocols, each with its counts, its most serious findings and every finding as a record
(:func:`~confide.report.records.finding_record`) plus the clause it quotes, and the drawing of
its flows. Everything comes from the reports the check produced: nothing is loaded again.
"""

from __future__ import annotations

from typing import Any

from confide import __version__
from confide.check import FileReport
from confide.display import visible
from confide.findings import Finding, Severity
from confide.report.records import Record, finding_record, summary, summary_line
from confide.report.svg import STATUSES, draw
from confide.report.templates import environment
from confide.rules import CATALOGUE
from markupsafe import Markup

TOP_FINDINGS = 3


def excerpt(result: FileReport, finding: Finding) -> list[dict[str, Any]]:
    """The lines a finding quotes: its whole clause when it has one, else its own lines."""
    if finding.span.path != result.path:
        return []
    first, last = finding.span.line, finding.span.end_line
    found = result.outline.clause_lines(finding.clause) if result.outline is not None and finding.clause else None
    if found is not None:
        first, last = found
    return [{"number": n, "text": result.lines[n], "hit": finding.span.line <= n <= finding.span.end_line}
            for n in range(first, last + 1) if n in result.lines]


def top_findings(items: list[Record]) -> list[dict[str, Any]]:
    """The most serious kinds of finding, each once with every clause it concerns.

    A commissioner scanning the portfolio needs "automatic referral (clauses 5.1, 5.2)",
    not the same rule three times; ``items`` is already sorted most serious first.
    """
    groups: dict[str, dict[str, Any]] = {}
    for record in items:
        if record["waived"] or record["severity"] == Severity.INFO.label:
            continue
        group = groups.setdefault(record["code"], {"severity": record["severity"], "title": record["title"],
                                                    "clauses": {}})
        if record["clause"]:
            group["clauses"][record["clause"]] = None  # a dict keeps the order and asks in constant time
    return [{**group, "clauses": list(group["clauses"])} for group in list(groups.values())[:TOP_FINDINGS]]


def protocol_context(result: FileReport, index: int, with_graph: bool) -> dict[str, Any]:
    """One protocol's section of the report."""
    outline = result.outline
    findings = sorted(result.findings, key=lambda f: (f.waived, -f.severity, f.sort_key()))
    items: list[Record] = []
    for finding in findings:
        record = finding_record(finding)
        record["path"] = visible(record["path"])  # a file name may hold a line break: it starts no line
        rule = CATALOGUE.get(finding.code)
        record["title"] = rule.summary if rule else finding.code
        record["excerpt"] = excerpt(result, finding)
        items.append(record)
    drawing, flows = "", []
    if with_graph and outline is not None and outline.arrows:
        drawing = draw(outline.arrows, outline.title, f"graph-{index}")
        flows = [{"source": a.source_label, "target": a.target_label, "clauses": ", ".join(a.clauses),
                  "data": ", ".join(a.data), "status": STATUSES[a.status][0], "unjustified": a.status == "unjustified"}
                 for a in outline.arrows]
    counts = summary([result])
    return {
        "id": f"protocol-{index}",
        "path": visible(result.path),
        "title": outline.title if outline else visible(result.path),
        "organisation": outline.organisation if outline else "",
        "service": outline.service if outline else "",
        "clients": outline.clients if outline else "",
        "review_by": outline.review_by.isoformat() if outline and outline.review_by else "",
        "counts": counts,
        "findings": items,
        "top": top_findings(items),
        "svg": Markup(drawing),  # built by ElementTree, which escaped every protocol value
        "flows": flows,
    }


def context(results: list[FileReport], with_graph: bool) -> dict[str, Any]:
    """Everything the templates see: the portfolio and the tool's identity."""
    protocols = [protocol_context(r, i, with_graph) for i, r in enumerate(results, 1)]
    return {"version": __version__, "summary": summary(results), "summary_line": summary_line(results),
            "protocols": protocols}


def render_html(results: list[FileReport]) -> str:
    """The ``--format html`` report: one self-contained, printable file."""
    return environment(False).get_template("report.html.j2").render(context(results, with_graph=True))


def render_markdown(results: list[FileReport]) -> str:
    """The ``--format markdown`` report, sized for a pull-request comment."""
    return environment(True).get_template("report.md.j2").render(context(results, with_graph=False))
