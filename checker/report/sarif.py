"""Results -> SARIF 2.1.0 (``--format sarif``), for GitHub code scanning and other CI viewers.

The log is built as plain dicts and written with ``json.dumps``: nothing from a protocol is
ever interpolated into a template. Positions are 1-based with an exclusive end column, as in
:class:`~confide.source.Span`, so they pass through unchanged. Artifact URIs are relative to
the repository root so that code scanning can link each result to the file in the repository.
Fingerprints hash what a finding *is* (code, clause, the text of its line), never where it
is, so an alert survives unrelated lines being added above it.

What GitHub code scanning makes of a log decides its shape (docs/ci.md says the same):

- ``message.text`` is the alert's title, so it is one line; the clause's rewording goes into
  the result's ``suggestion`` property and a SARIF ``fixes`` entry, and the rule's ``help``
  explains the rewording in general.
- Tags, ``precision`` and ``security-severity`` come from the rule's family (:data:`FAMILIES`).
- A run holds at most :data:`MAX_RESULTS` results: GitHub shows no more than that from one
  run (and refuses a run of more than 25,000). Past it the log keeps the most serious and says
  what it left out in a tool notification, which the command line prints as a warning.
- Waived findings are left out unless ``sarif-include-waived`` is set: GitHub ingests results
  marked with ``suppressions`` as open alerts, so a waiver would not quiet code scanning.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from confide import __version__
from confide.check import FileReport, Totals
from confide.findings import Finding, Rule, Severity
from confide.report.records import indented_json, rests_on, subject_record
from confide.report.stream import Fragment, Spool, Write, Writer
from confide.report.text import repository_path, repository_root
from confide.rules import CATALOGUE

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT = "confide/v1"
# GitHub code scanning shows at most 5,000 results of a run and rejects a run of more than
# 25,000 ("SARIF results exceed limit", docs.github.com, code scanning troubleshooting).
MAX_RESULTS = 5_000
CUT_NOTICE = "results-cut"
# On GitHub, a rule tagged "security" is ranked by security-severity (critical >= 9.0,
# high >= 7.0, medium >= 4.0, low) instead of error/warning/note.
SECURITY_SEVERITY = {Severity.ERROR: "8.0", Severity.WARNING: "5.0", Severity.INFO: "2.0"}
# Where the results stand in the log (json.dumps(..., indent=2) of it): each result is indented
# by eight spaces, in the run's results list, whose keys are indented by six.
RESULT_INDENT = " " * 8
RESULTS = '\n      "results": []'
INVOCATIONS = '\n      "invocations": '
NOTICE_ROOM = 1 << 16  # the end of a log that holds its invocations (a notification is a few hundred bytes)
Rank = tuple[int, bool]  # (minus the severity, waived): the cut keeps the lowest first


@dataclass(frozen=True)
class Family:
    """What a rule family means to a code-scanning reader.

    ``disclosure``: its findings say personal information could be shared wrongly, so its
    errors and warnings are security alerts. ``precision``: how often a finding is right
    (GitHub lists the most precise first): ``very-high`` where the finding is read straight
    from the text (a step or a line is there or not), ``high`` where it rests on the law
    library's reading of duties and standards, ``medium`` where it matches wording.
    """

    tags: tuple[str, ...]
    disclosure: bool
    precision: str


FAMILIES: dict[str, Family] = {
    "E": Family(("protocol-language",), False, "very-high"),
    "WAIVER": Family(("waiver",), False, "very-high"),
    "LAW": Family(("law", "confidentiality"), True, "high"),
    "REVIEW": Family(("governance",), False, "very-high"),
    "FDAP": Family(("fdap", "confidentiality"), True, "very-high"),
    "DP": Family(("data-protection", "uk-gdpr"), True, "high"),
    "YP": Family(("young-people", "safeguarding"), True, "high"),
    "CON": Family(("consent", "uk-gdpr"), True, "very-high"),
    "GRAPH": Family(("sharing-flows", "data-protection"), True, "high"),
    "VAGUE": Family(("wording", "law"), True, "medium"),
    "LIB": Family(("law-library",), False, "very-high"),
}


def family(code: str) -> Family:
    """The family of rule ``code``: its letters (``FDAP003`` -> ``FDAP``)."""
    match = re.match(r"[A-Z]+", code)
    return FAMILIES[match.group(0) if match else code]


def artifact_uri(shown: str, root: Path) -> str | None:
    """The file's URI relative to ``root`` (forward slashes, percent-encoded); None for
    pseudo-files such as ``<library:england-and-wales>`` that exist on no disk.
    """
    if shown.startswith("<"):
        return None
    relative = repository_path(shown, root)
    return quote(relative) if not Path(relative).is_absolute() else Path(relative).as_uri()


def prose(text: str) -> str:
    """Docstring text with its paragraphs unwrapped: viewers wrap lines themselves."""
    return "\n\n".join(" ".join(p.split()) for p in text.split("\n\n") if p.strip())


def rule_descriptor(rule: Rule, rules_url: str | None = None, severity: Severity | None = None) -> dict[str, Any]:
    """A ``reportingDescriptor``: the rule's documentation, shown beside each alert.

    ``severity`` is the rule's severity in this run (configuration may re-grade it);
    ``rules_url`` the page its ``helpUri`` points into (no link when None).
    """
    grade = rule.severity if severity is None else severity
    kind = family(rule.code)
    rests = prose(rule.section("Rests on"))
    rewording = prose(rule.section("Compliant rewording"))
    fires_when = prose(rule.section("Fires when") or rule.summary)
    text = "\n\n".join(p for p in (fires_when, f"Rests on: {rests}" if rests else "",
                                   f"Compliant rewording: {rewording}" if rewording else "") if p)
    markdown = "\n\n".join(p for p in (fires_when, f"**Rests on:** {rests}" if rests else "",
                                       f"**Compliant rewording:** {rewording}" if rewording else "") if p)
    security = kind.disclosure and grade >= Severity.WARNING
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.symbol,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": fires_when},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[grade]},
        "properties": {"tags": [*(["security"] if security else []), *kind.tags], "precision": kind.precision,
                       "security-severity": SECURITY_SEVERITY[grade]},
    }
    if rules_url:
        # The anchor of the rule's heading in docs/rules.md, wherever a copy of it is published.
        descriptor["helpUri"] = f"{rules_url}#{rule.code.lower()}-{rule.symbol}"
    return descriptor


def fingerprint(finding: Finding, line_text: str) -> str:
    """A hash of code, clause and the whitespace-normalised text of the finding's line; for a
    finding with no clause but a subject (a trigger, a declaration), of its subject too, so that
    two triggers with the same ``means`` line are never told apart by their order alone (an alert
    dismissed on one must not move to the other when the first is deleted).
    """
    normalised = " ".join(line_text.split())
    parts = [finding.code, finding.clause or "", normalised]
    if finding.clause is None and finding.subject is not None:
        parts += finding.subject  # clause findings keep the fingerprints they always had
    key = "\x1f".join(parts)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def fix(finding: Finding, uri: str) -> dict[str, Any] | None:
    """A SARIF ``fix``: the finding's rewording put in place of the lines it replaces.

    Whole lines are replaced (a region with lines and no columns runs to the end of its last
    line). A suggestion with no lines to replace is an addition whose place is the author's
    choice, so it has no fix; its text is still in the result's ``suggestion`` property.
    """
    if finding.replaces is None:
        return None
    first, last = finding.replaces
    where = f"line {first}" if first == last else f"lines {first}-{last}"
    if not finding.suggestion:
        description = f"Delete {where}"
    elif finding.clause and finding.code != "GRAPH002":
        description = f"Replace clause {finding.clause} ({where}) with the suggested rewording"
    else:
        description = f"Replace {where} with the suggested rewording"
    replacement: dict[str, Any] = {"deletedRegion": {"startLine": first, "endLine": last}}
    if finding.suggestion:
        replacement["insertedContent"] = {"text": finding.suggestion}
    return {"description": {"text": description},
            "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": [replacement]}]}


def result_object(finding: Finding, rule_index: int | None, uri: str | None, print_: str,
                  suppressible: bool) -> dict[str, Any]:
    """One SARIF ``result`` for ``finding``, fingerprinted ``print_``.

    ``suppressible``: waived findings are in this log, so every result says whether it is
    suppressed (SARIF 3.27.23: all results carry ``suppressions``, or none do).
    """
    span = finding.span
    properties: dict[str, Any] = {"clause": finding.clause, "restsOn": rests_on(finding)}
    if finding.suggestion or finding.replaces is not None:
        properties["suggestion"] = finding.suggestion
    if finding.path:
        properties["graphPath"] = list(finding.path)
    if finding.subject:
        properties["subject"] = subject_record(finding.subject)
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": LEVELS[finding.severity],
        "message": {"text": " ".join(finding.message.split())},  # the alert's title: one line
        "partialFingerprints": {FINGERPRINT: print_},
        "properties": properties,
    }
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    if uri is not None:
        result["locations"] = [{"physicalLocation": {
            "artifactLocation": {"uri": uri},
            "region": {"startLine": span.line, "startColumn": span.column,
                       "endLine": span.end_line, "endColumn": max(span.end_column, span.column + 1)},
        }}]
        found = fix(finding, uri)
        if found is not None:
            result["fixes"] = [found]
    if suppressible:
        waived = finding.waived and finding.waiver is not None
        result["suppressions"] = [{"kind": "inSource", "justification": finding.waiver}] if waived else []
    return result


def cut_message(total: Counter[str], kept: Counter[str], limit: int) -> str:
    """The notification of a cut: how many results, which were kept, where to see them all."""
    def counts(c: Counter[str]) -> str:
        words = {"error": "errors", "warning": "warnings", "info": "info"}
        return ", ".join(f"{c[s.label]:,} {words[s.label] if c[s.label] != 1 else s.label}"
                         for s in sorted(Severity, reverse=True) if c[s.label])

    left = total - kept
    return (f"{sum(total.values()):,} results are more than the {limit:,} GitHub code scanning shows from one run: "
            f"this log keeps the {sum(kept.values()):,} most serious ({counts(kept)}) and leaves out "
            f"{sum(left.values()):,} ({counts(left)}); --format json or text lists every finding")


def render_sarif(results: list[FileReport], root: Path | None = None, rules_url: str | None = None,
                 include_waived: bool = False, severity: Mapping[str, Severity] | None = None,
                 limit: int | None = None) -> str:
    """The ``--format sarif`` log of ``results`` (:class:`SarifWriter`), held in memory."""
    from confide.report.stream import render_all

    return render_all(SarifWriter(root, rules_url, include_waived, severity, limit), results)


class SarifWriter(Writer):
    """``--format sarif``: one run, at most ``limit`` (:data:`MAX_RESULTS`) results, and their rules.

    ``include_waived`` keeps waived findings, marked as suppressed; ``severity`` holds the
    run's re-graded rules, so a rule's descriptor grades it as its results are graded.

    The log opens with the rules its results use, and which results are kept past the cut
    depends on how serious all of them are; so each file's findings are spooled where it is
    checked, one line each (severity, waived, fingerprint, the finding as compact JSON:
    ``cache.finding_to_json``); the counts by code (:class:`Totals`) give the cut and most of
    the rules, and the spool is read back to make the results kept (only they: a large
    folder's log keeps a small share of its results). Fingerprints count identical findings
    within a file (each file has its own path, so its own URI), before the cut: a cut never
    renumbers the results kept.
    """

    fmt = "sarif"
    ordered = True

    def __init__(self, root: Path | None = None, rules_url: str | None = None, include_waived: bool = False,
                 severity: Mapping[str, Severity] | None = None, limit: int | None = None) -> None:
        super().__init__()
        self.root = root or repository_root()  # found once, not in every worker for every file
        self.rules_url = rules_url
        self.include_waived = include_waived
        self.severity = dict(severity or {})
        self.limit = limit

    def fragment(self, report: FileReport) -> Fragment | None:
        """The file's results in report order, one line each; unguarded (read back, never printed as it is)."""
        findings = sorted(report.findings, key=Finding.sort_key)
        if not self.include_waived:
            findings = [f for f in findings if not f.waived]
        if not findings:
            return None
        from confide.cache import finding_to_json

        seen: Counter[tuple[str, str]] = Counter()
        out: list[str] = []
        for finding in findings:
            where = finding.span.path
            hashed = fingerprint(finding, report.line(finding.span.line) if where == report.path else "")
            seen[where, hashed] += 1  # identical findings on identical lines (rare) are told apart by their order
            # One line: JSON escapes every line break inside a string (and the fast encoder is used).
            out.append(f"{int(finding.severity)} {int(finding.waived)} {hashed}:{seen[where, hashed]} "
                       f"{json.dumps(finding_to_json(finding), ensure_ascii=False, separators=(',', ':'))}\n")
        return Fragment("".join(out).encode("utf-8", "surrogatepass"), findings[0].sort_key(), findings[-1].sort_key())

    def assemble(self, write: Write, spool: Spool, counted: Totals) -> None:
        """The log: its frame around the results kept, each given its rule's index."""
        limit = MAX_RESULTS if self.limit is None else self.limit
        sizes: Counter[Rank] = Counter()
        codes: dict[Rank, set[str]] = {}
        for (code, label, waived), count in counted.codes.items():
            if self.include_waived or not waived:
                rank = (-Severity.parse(label), waived)
                sizes[rank] += count
                codes.setdefault(rank, set()).add(code)
        kept = _cut(sizes, limit)
        used: set[str] = set()
        for rank, count in kept.items():
            if count == sizes[rank]:
                used |= codes[rank]
            elif count:  # the rank the cut falls in: the codes of its first results, in report order
                used |= {finding.code for finding, _ in _taken(spool, Counter({rank: count}))}
        # The rules the results use (SARIF needs no more), so the log stays small and stable.
        rules = sorted((CATALOGUE[code] for code in used if code in CATALOGUE), key=lambda r: r.code)
        index = {rule.code: i for i, rule in enumerate(rules)}
        head, tail = self._frame(rules, sizes, kept, counted.counts["waived"], limit)
        write(self._safe(head))
        first = True
        uris: dict[str, str | None] = {}
        for finding, print_ in _taken(spool, kept):
            where = finding.span.path
            uri = uris[where] if where in uris else uris.setdefault(where, artifact_uri(where, self.root))
            result = result_object(finding, index.get(finding.code), uri, print_, self.include_waived)
            write(b"\n" if first else b",\n")
            write(self._safe(RESULT_INDENT + indented_json(result, RESULT_INDENT)))
            first = False
        write(self._safe(tail if first else "\n      " + tail))

    def _frame(self, rules: list[Rule], sizes: Counter[Rank], kept: Counter[Rank], waived: int,
               limit: int) -> tuple[str, str]:
        """The log before its first result and after its last."""
        run: dict[str, Any] = {
            "tool": {"driver": {
                "name": "confide",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [rule_descriptor(rule, self.rules_url, self.severity.get(rule.code)) for rule in rules],
            }},
            "automationDetails": {"id": "confide/"},
            "columnKind": "unicodeCodePoints",
            "results": [],
        }
        if kept.total() < sizes.total():
            total: Counter[str] = Counter()
            shown: Counter[str] = Counter()
            for rank, count in sizes.items():
                total[Severity(-rank[0]).label] += count
                shown[Severity(-rank[0]).label] += kept[rank]
            run["invocations"] = [{"executionSuccessful": True, "toolExecutionNotifications": [{
                "descriptor": {"id": CUT_NOTICE}, "level": "warning",
                "message": {"text": cut_message(total, shown, limit)},
                "properties": {"results": sizes.total(), "kept": kept.total()},
            }]}]
        if waived and not self.include_waived:
            run["properties"] = {"waivedLeftOut": waived}
        log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
        before, after = (json.dumps(log, indent=2, ensure_ascii=False) + "\n").split(RESULTS, 1)
        return before + RESULTS[:-1], "]" + after


def _cut(sizes: Counter[Rank], limit: int) -> Counter[Rank]:
    """How many results of each rank a log of at most ``limit`` keeps: the most serious."""
    kept: Counter[Rank] = Counter()
    for rank in sorted(sizes):
        kept[rank] = min(sizes[rank], limit - kept.total())
    return kept


def _taken(spool: Spool, kept: Counter[Rank]) -> Iterator[tuple[Finding, str]]:
    """The first ``kept[rank]`` findings of each rank, in report order, each with its fingerprint
    (a file's fragment: :meth:`SarifWriter.fragment`); only they are read back into findings.
    """
    from confide.cache import finding_from_json

    taken: Counter[Rank] = Counter()
    left = kept.total()
    for data in spool.chunks():
        if not left:
            return
        # Not splitlines: U+2028 and the like stand raw in the JSON.
        for line in data.decode("utf-8", "surrogatepass").split("\n")[:-1]:
            severity, waived, print_, finding = line.split(" ", 3)
            rank = (-int(severity), waived == "1")
            if taken[rank] < kept[rank]:
                taken[rank] += 1
                left -= 1
                yield finding_from_json(json.loads(finding)), print_


def cut_notice(log: str) -> str | None:
    """The warning a log carries when it left results out (None when it kept every one).

    ``log`` may be the end of the log only (its last :data:`NOTICE_ROOM` bytes), so that a large
    log is never read whole: the run's invocations follow its results, and a protocol's words are
    escaped inside the JSON, so no line break inside them can start the run's ``invocations``.
    """
    at = log.rfind(INVOCATIONS)
    if at < 0 or f'"{CUT_NOTICE}"' not in log[at:]:
        return None
    invocations, _ = json.JSONDecoder().raw_decode(log, at + len(INVOCATIONS))
    for invocation in invocations:
        for note in invocation.get("toolExecutionNotifications", []):
            if note.get("descriptor", {}).get("id") == CUT_NOTICE:
                return str(note["message"]["text"])
    return None
