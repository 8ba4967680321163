"""FileReports -> the HTML report (for commissioners) and the Markdown report (for PR comments).

Both are jinja2 templates in ``reports/`` rendered from the same context: a portfolio of
protocols, most serious first, each with a one-line verdict (:mod:`~confide.report.verdict`),
then one card per clause holding every finding on it and the clause's one rewording, a card for
the protocol's own findings, and the notes (info findings) folded away. Everything comes from
the reports the check produced: nothing is loaded again. A folder's report is written one
protocol at a time (:class:`PagesWriter`): only the table's rows are held for every protocol.
The Markdown report is put together card by card so that it can stop before GitHub's limit on
a comment and say what it left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from confide import __version__
from confide.check import FileReport, Outline, Totals, TriggerNote
from confide.display import visible
from confide.findings import Finding, Severity
from confide.report.records import Record, finding_record, summary, summary_line
from confide.report.stream import BLOCK, Fragment, Spool, Write, Writer
from confide.report.svg import STATUSES, draw
from confide.report.templates import environment
from confide.report.verdict import ALWAYS_SAID, verdict
from confide.rules import CATALOGUE
from markupsafe import Markup

# GitHub refuses a comment longer than this many characters.
COMMENT_LIMIT = 65_536


def excerpt(result: FileReport, first: int, last: int, hits: Iterable[Finding] = ()) -> list[dict[str, Any]]:
    """Lines ``first``..``last`` of the protocol's own file, marking those the findings point at."""
    marked = {n for f in hits for n in range(f.span.line, f.span.end_line + 1)}
    return [{"number": n, "text": result.lines[n], "hit": n in marked}
            for n in range(first, last + 1) if n in result.lines]


def said(note: TriggerNote) -> dict[str, Any]:
    """A trigger as a card quotes it: its own wording beside the standard it claims (§4)."""
    return {"id": note.id, "wording": note.wording, "standard": note.standard, "title": note.standard_title,
            "clauses": ", ".join(note.clauses)}


def item(finding: Finding, shared: str, outline: Outline | None = None) -> Record:
    """One finding in a card: its record, its rule's title, and its own remedy when it is not the
    card's rewording (GRAPH002 changes another place; protocol-level findings each add something).
    A finding about a trigger carries the trigger as quoted (:func:`said`): on paper, where the
    message is not printed, that is what shows which situation the finding is about.
    """
    record = finding_record(finding)
    subject = finding.subject
    note = outline.trigger(subject[1]) if outline is not None and subject and subject[0] == "trigger" else None
    record["trigger"] = said(note) if note is not None else None
    record["path"] = visible(record["path"])  # a file name may hold a line break: it starts no line
    rule = CATALOGUE.get(finding.code)
    record["title"] = rule.summary if rule else finding.code
    record["own_suggestion"] = finding.suggestion if finding.suggestion and finding.suggestion != shared else None
    # A remedy of no words over some lines is to delete them (an unused declaration, a stale waiver).
    record["deletes"] = finding.replaces if not finding.suggestion else None
    record["sentence"] = finding.message if finding.message.endswith((".", "?", "!")) else finding.message + "."
    return record


def by_grounds(items: list[Record]) -> list[dict[str, Any]]:
    """Findings that rest on the same law or principle, together, so it is said once."""
    groups: dict[str, list[Record]] = {}
    for record in items:
        groups.setdefault(record["rests_on"], []).append(record)
    return [{"rests_on": grounds, "findings": members} for grounds, members in groups.items()]


def card(result: FileReport, clause: str | None, findings: list[Finding], ident: str) -> dict[str, Any]:
    """A clause's card (or, with ``clause`` None, the protocol's own): its findings, most serious
    first, its lines as written and its one rewording.
    """
    findings = sorted(findings, key=lambda f: (f.waived, -f.severity, f.sort_key()))
    live = [f for f in findings if not f.waived]
    serious = [f for f in findings if f.severity >= Severity.WARNING or f.waived]
    notes = [f for f in findings if f.severity < Severity.WARNING and not f.waived]
    shared = next((f.suggestion for f in findings if f.clause and f.suggestion and f.code != "GRAPH002"), "")
    lines = result.outline.clause_lines(clause) if clause and result.outline is not None else None
    own = [f for f in findings if f.span.path == result.path]
    if lines is None and own:
        lines = min(f.span.line for f in own), max(f.span.end_line for f in own)
    worst = max((f.severity for f in live), default=None)
    # With no rewording of the clause itself, a lone remedy found elsewhere (GRAPH002's change to
    # the recipient, say) stands beside the clause instead.
    remedies = {f.suggestion for f in serious if f.suggestion and f.suggestion != shared}
    change = shared or (remedies.pop() if len(remedies) == 1 and not shared else "")
    return {
        "id": ident,
        "clause": clause,
        "severity": worst.label if worst is not None else "waived",
        "first_line": lines[0] if lines else 0,
        "lines": lines,
        "excerpt": excerpt(result, *lines, hits=own) if lines and clause else [],
        "suggestion": change,
        "rewords": change == shared,
        "triggers": [said(t) for t in result.outline.triggers_of(clause)] if clause and result.outline else [],
        "groups": by_grounds([item(f, change, result.outline) for f in serious]),
        "notes": [item(f, change, result.outline) for f in notes],
        "count": len(findings),
    }


def cards(result: FileReport, prefix: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The protocol's cards, most serious first, and the cards holding only notes (folded away)."""
    grouped: dict[str | None, list[Finding]] = {}
    for finding in result.findings:
        grouped.setdefault(finding.clause, []).append(finding)
    made = [card(result, clause, found, f"{prefix}-{'protocol' if clause is None else n}")
            for n, (clause, found) in enumerate(grouped.items())]
    shown = [c for c in made if c["groups"]]
    rank = {"error": 0, "warning": 1, "waived": 2, "info": 3}
    shown.sort(key=lambda c: (rank[c["severity"]], c["clause"] is not None, c["first_line"]))
    folded = sorted((c for c in made if not c["groups"]), key=lambda c: (c["clause"] is not None, c["first_line"]))
    return shown, folded


def cite(shown: list[dict[str, Any]], ident: str, numbers: dict[str, int] | None = None) -> None:
    """Number the grounds the cards rest on, in reading order: the first card to rest on a law or
    principle quotes it, later ones refer back to its number (several clauses often share one).
    ``numbers``: the grounds already quoted, and their numbers, where the numbering runs on from
    earlier protocols (the Markdown report, read top to bottom in one comment).
    """
    numbers = {} if numbers is None else numbers
    for shown_card in shown:
        for group in shown_card["groups"]:
            grounds = group["rests_on"]
            group["first"] = grounds not in numbers
            group["ref"] = numbers.setdefault(grounds, len(numbers) + 1) if grounds else 0
            group["anchor"] = f"{ident}-grounds-{group['ref']}"


def portfolio_entry(result: FileReport) -> dict[str, Any]:
    """What the portfolio's table and its order need of a protocol: made where the file is checked."""
    outline = result.outline
    return {
        "path": visible(result.path),
        "title": outline.title if outline else visible(result.path),
        "organisation": outline.organisation if outline else "",
        "review_by": outline.review_by.isoformat() if outline and outline.review_by else "",
        "overdue": any(f.code == ALWAYS_SAID and not f.waived for f in result.findings),
        "counts": summary([result]),
        "verdict": verdict(result.findings),
        "findings": len(result.findings),
    }


def protocol_context(result: FileReport, index: int, with_graph: bool,
                     numbers: dict[str, int] | None = None) -> dict[str, Any]:
    """One protocol's section of the report; ``index``: where it came among the files checked (from
    1); ``numbers``: the grounds quoted before it (:func:`cite`; each HTML section quotes its own).
    """
    outline = result.outline
    ident = f"protocol-{index}"
    shown, folded = cards(result, ident)
    drawing, flows = "", []
    if with_graph and outline is not None and outline.arrows:
        drawing = draw(outline.arrows, outline.title, f"graph-{index}")
        flows = [{"source": a.source_label, "target": a.target_label, "clauses": ", ".join(a.clauses),
                  "data": ", ".join(a.data), "status": STATUSES[a.status][0], "unjustified": a.status == "unjustified"}
                 for a in outline.arrows]
    cite(shown, ident, numbers)
    return {
        **portfolio_entry(result),
        "id": ident,
        "service": outline.service if outline else "",
        "clients": outline.clients if outline else "",
        "cards": shown,
        "folded": folded,
        "notes": sum(c["count"] for c in folded) + sum(len(c["notes"]) for c in shown),
        "svg": Markup(drawing),  # built by ElementTree, which escaped every protocol value
        "flows": flows,
    }


def portfolio(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The table's rows: each protocol's entry (:func:`portfolio_entry`) numbered, in place, in the
    order the files came, then most serious first: errors, then warnings, then an overdue review,
    then notes; the title breaks ties.
    """
    rows = list(entries)
    for n, row in enumerate(rows, 1):
        row["id"], row["number"] = f"protocol-{n}", n
    return sorted(rows, key=lambda p: (-p["counts"]["error"], -p["counts"]["warning"], not p["overdue"],
                                       -p["counts"]["info"], p["title"].casefold(), p["path"]))


def render_html(results: list[FileReport]) -> str:
    """The ``--format html`` report: one self-contained, printable file (:class:`PagesWriter`)."""
    from confide.report.stream import render_all

    return render_all(PagesWriter("html"), results)


def render_markdown(results: list[FileReport], limit: int = COMMENT_LIMIT) -> str:
    """The ``--format markdown`` report, cut to ``limit`` characters (:class:`PagesWriter`)."""
    from confide.report.stream import render_all

    return render_all(PagesWriter("markdown", limit), results)


class PagesWriter(Writer):
    """``--format html`` and ``--format markdown``: the portfolio, most serious first, then each protocol.

    The table at the top lists every protocol in the order their sections follow, so each file
    comes with its row's entry (:func:`portfolio_entry`, kept in memory: one small entry per
    file) and its report as a JSON line, spooled and read back one protocol at a time as its
    section is rendered. A protocol's number (``protocol-3``) is where it came among the files.
    """

    def __init__(self, fmt: str, limit: int = COMMENT_LIMIT) -> None:
        super().__init__()
        self.fmt = fmt
        self.limit = limit  # Markdown: a pull-request comment's length

    def fragment(self, report: FileReport) -> Fragment:
        """The file's report as a JSON line, unguarded (it is read back, never printed), and its entry."""
        from confide.cache import report_to_json

        return Fragment((report_to_json(report) + "\n").encode("utf-8", "surrogatepass"), entry=portfolio_entry(report))

    def assemble(self, write: Write, spool: Spool, counted: Totals) -> None:
        """The page, the protocols' sections rendered one at a time, guarded."""
        rows = portfolio(spool.entries)
        page = {"version": __version__, "summary": counted.summary(), "summary_line": summary_line(counted),
                "protocols": rows}
        if self.fmt == "html":
            template = environment(False).get_template("report.html.j2")
            self._write_lines(write, template.generate(page, sections=(_section(spool, row, True) for row in rows)))
        else:
            write(self._safe(self._markdown(page, spool, sum(counted.counts.values()))))

    def _write_lines(self, write: Write, chunks: Iterable[str]) -> None:
        """Write ``chunks`` guarded, a block of whole lines at a time (so guarded as one text would be)."""
        held: list[str] = []
        size = 0
        for chunk in chunks:
            held.append(chunk)
            size += len(chunk)
            if size >= BLOCK and "\n" in chunk:
                text = "".join(held)
                end = text.rindex("\n") + 1
                write(self._safe(text[:end]))
                held, size = [text[end:]], len(text) - end
        write(self._safe("".join(held)))

    def _markdown(self, page: dict[str, Any], spool: Spool, findings: int) -> str:
        """The Markdown report, cut to ``limit`` characters (a pull-request comment).

        The summary table comes first, then each protocol's cards, most serious first. When the
        next piece would not fit, the report stops there and ends with a note saying what it left
        out and how to see everything; room for that note is kept from the start. Protocols are
        rendered only until the report is past the limit: what is left out is counted from the
        entries (every finding of a protocol is on one of its cards).
        """
        macros: Any = environment(True).get_template("report.md.j2").module
        held: list[tuple[str, int, int]] = []  # (text, the protocol it belongs to (-1: the summary), findings)
        size = 0
        for piece in _markdown_pieces(macros, page, spool):
            held.append(piece)
            size += len(piece[0])
            if size > self.limit:
                break
        else:
            return "".join(text for text, _, _ in held)
        room = self.limit - len(str(macros.cut(page, 999_999, 999_999, self.limit)))
        used = kept = 0
        while kept < len(held) and used + len(held[kept][0]) <= room:
            used += len(held[kept][0])
            kept += 1
        shown = Counter[int]()
        for _, n, count in held[:kept]:
            shown[n] += count
        left = sum(1 for n, row in enumerate(page["protocols"]) if row["findings"] > shown[n])
        return ("".join(text for text, _, _ in held[:kept])
                + str(macros.cut(page, findings - shown.total(), left, self.limit)))


def _section(spool: Spool, row: dict[str, Any], with_graph: bool,
             numbers: dict[str, int] | None = None) -> dict[str, Any]:
    """The section of the protocol of ``row``, from its report in the spool."""
    from confide.cache import report_from_json

    return protocol_context(report_from_json(spool.text(row["number"] - 1)), row["number"], with_graph, numbers)


def _markdown_pieces(macros: Any, page: dict[str, Any], spool: Spool) -> Iterator[tuple[str, int, int]]:
    """The Markdown report piece by piece: each with the protocol it belongs to and the findings it shows."""
    yield str(macros.head(page)), -1, 0
    for row in page["protocols"]:
        yield str(macros.row(row)), -1, 0
    # A pull-request comment is read top to bottom: a law or principle quoted for one protocol is
    # referred to by its number in the next, not quoted again (most protocols rest on the same few).
    numbers: dict[str, int] = {}
    for n, row in enumerate(page["protocols"]):
        protocol = _section(spool, row, False, numbers)
        yield str(macros.protocol(protocol)), n, 0
        for shown in protocol["cards"]:
            yield str(macros.card(shown)), n, shown["count"]
        if protocol["folded"]:
            yield str(macros.notes(protocol)), n, sum(c["count"] for c in protocol["folded"])
