"""Results -> the HTML report (for commissioners) and the Markdown report (for PR comments).

Both are jinja2 templates in ``reports/`` rendered from the same context: a portfolio of
protocols, each with its counts, its most serious findings and every finding as a record
(``report.finding_record``) plus the clause it quotes. Protocol text only ever arrives as
template *data*: HTML is autoescaped (``select_autoescape`` covers ``.html.j2``) and
Markdown goes through :func:`escape_markdown` on every output, so a title holding
``<script>`` or ``{{ 7*7 }}`` is shown literally. Undefined variables are errors
(``StrictUndefined``), so a template typo fails the golden tests instead of printing blanks.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from confide import __version__
from confide.config import Settings
from confide.findings import REGISTRY, Finding, Severity
from confide.report.text import Record, finding_record, summary, summary_line
from confide.resources import data_dir

if TYPE_CHECKING:
    from confide.library import Library
    from confide.loader import Unit
    from confide.check import Result

TOP_FINDINGS = 3
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&!{}])")


def escape_markdown(value: Any) -> Any:
    """Backslash-escape what Markdown (or the HTML it allows) would act on; Markup passes."""
    if isinstance(value, Markup) or value is None or isinstance(value, (int, float)):
        return value
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(value)).replace("\n", " ")


def fenced(text: str, info: str = "") -> Markup:
    """A Markdown code block whose fence is longer than any run of backticks inside it."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return Markup(f"{fence}{info}\n{text}\n{fence}")


@lru_cache(maxsize=2)
def environment(markdown: bool) -> Environment:
    """The jinja2 environment: HTML-autoescaping, or Markdown-escaping every output."""
    loader = FileSystemLoader(str(data_dir("reports")))
    if markdown:
        env = Environment(loader=loader, autoescape=False, undefined=StrictUndefined, finalize=escape_markdown,
                          keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
        env.filters["fenced"] = fenced
        return env
    return Environment(loader=loader, undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True,
                       lstrip_blocks=True,
                       autoescape=select_autoescape(enabled_extensions=("html", "html.j2", "svg"),
                                                    default_for_string=True, default=True))


class Units:
    """The model of each checked protocol, reloaded when a result arrives without one.

    The parallel runner sends back findings only, to keep workers' replies small; the
    report needs titles, clauses and the graph, so it loads those few files again here.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.libraries: dict[str, Library] = {}

    def of(self, result: Result) -> Unit | None:
        """The unit of ``result``: its own, or the file loaded again (None if it cannot be)."""
        if result.unit is not None or result.source is None:
            return result.unit
        from confide.loader import load
        from confide.check import jurisdiction_of, load_library

        file = Path(result.path)
        jurisdiction = jurisdiction_of(file, self.settings)
        if jurisdiction not in self.libraries:
            self.libraries[jurisdiction] = load_library(jurisdiction, self.settings.library,
                                                        self.settings.max_file_size)[0]
        return load(file, result.path, file.parent, self.libraries[jurisdiction], self.settings.max_file_size).unit


def excerpt(result: Result, unit: Unit | None, finding: Finding) -> list[dict[str, Any]]:
    """The lines a finding quotes: its whole clause when it has one, else its own lines."""
    source = result.source
    if source is None or finding.span.path != result.path:
        return []
    first, last = finding.span.line, finding.span.end_line
    if finding.clause is not None and unit is not None:
        clause = next((c for c in unit.root.clauses if c.ref.text == finding.clause), None)
        if clause is not None:
            first, last = clause.span.line, max(clause.end_line, clause.span.line)
    return [{"number": n, "text": source.line(n), "hit": finding.span.line <= n <= finding.span.end_line}
            for n in range(first, last + 1) if n <= len(source.lines)]


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
                                                    "clauses": []})
        if record["clause"] and record["clause"] not in group["clauses"]:
            group["clauses"].append(record["clause"])
    return list(groups.values())[:TOP_FINDINGS]


def protocol_context(result: Result, unit: Unit | None, index: int, with_graph: bool) -> dict[str, Any]:
    """One protocol's section of the report."""
    header = unit.root.header if unit is not None else None
    findings = sorted(result.findings, key=lambda f: (f.waived, -f.severity, f.sort_key()))
    items: list[Record] = []
    for finding in findings:
        record = finding_record(finding)
        rule = REGISTRY.get(finding.code)
        record["title"] = rule.summary if rule else finding.code
        record["excerpt"] = excerpt(result, unit, finding)
        items.append(record)
    drawing, flows = "", []
    if with_graph and unit is not None and header is not None:
        from confide.graph import ObligationGraph
        from confide.report.svg import STATUSES, draw, party_label
        from confide.report.svg import flows as flow_list

        graph = ObligationGraph(unit)
        drawing = draw(graph, header.title.text, f"graph-{index}")
        flows = [{"source": party_label(graph, f.source), "target": party_label(graph, f.target),
                  "clauses": ", ".join(f.clauses), "data": ", ".join(f.data), "status": STATUSES[f.status][0],
                  "unjustified": f.status == "unjustified"} for f in flow_list(graph)]
    counts = summary([result])
    return {
        "id": f"protocol-{index}",
        "path": result.path,
        "title": header.title.text if header else result.path,
        "organisation": header.organisation.text if header and header.organisation else "",
        "service": header.service.text if header and header.service else "",
        "clients": header.clients.text if header and header.clients else "",
        "review_by": header.review_by.isoformat() if header and header.review_by else "",
        "counts": counts,
        "findings": items,
        "top": top_findings(items),
        "svg": Markup(drawing),  # built by ElementTree, which escaped every protocol value
        "flows": flows,
    }


def context(results: list[Result], settings: Settings, with_graph: bool) -> dict[str, Any]:
    """Everything the templates see: the portfolio and the tool's identity."""
    units = Units(settings)
    protocols = [protocol_context(r, units.of(r), i, with_graph) for i, r in enumerate(results, 1)]
    return {"version": __version__, "summary": summary(results), "summary_line": summary_line(results),
            "protocols": protocols}


def render_html(results: list[Result], settings: Settings) -> str:
    """The ``--format html`` report: one self-contained, printable file."""
    return environment(False).get_template("report.html.j2").render(context(results, settings, with_graph=True))


def render_markdown(results: list[Result], settings: Settings) -> str:
    """The ``--format markdown`` report, sized for a pull-request comment."""
    return environment(True).get_template("report.md.j2").render(context(results, settings, with_graph=False))
