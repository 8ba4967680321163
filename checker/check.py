"""A protocol (a file, or text) + Settings -> :class:`Checked`: the one check core.

Every command goes through a :class:`Checker`: ``check``, ``explain``, ``test``,
``simulate``, ``graph``, ``leaflet``, ``diff``, the reports, the language server and the
drafting page. It holds the settings and one library cache, so what any command says about a
clause never disagrees with the findings.

A check has two halves:

- :meth:`Checker.analyse` reads, parses and follows includes, checks names, builds the
  obligation graph, runs every rule and works out each clause's one rewording. The
  :class:`Analysis` it gives depends only on the file, what it includes, the law library and
  confide itself, so the batch runner may keep it in its cache.
- :func:`judge` applies what belongs to the run and the day: selected, ignored and re-graded
  codes, waivers (which expire) and the review date. It is cheap, and runs on every report.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from confide import vocabulary as V
from confide.budget import OverBudget, budget, checkpoint
from confide.config import Settings
from confide.findings import Catalogue, Finding, Rule, Severity
from confide.inputs import INVALID, UNREADABLE, UNUSED_WAIVER
from confide.language.parse import collector_paused
from confide.source import SourceFile, Span

# The stages a check runs are imported when a check runs: a command answered from the cache,
# `confide rules` or `--version` never loads the parser, the graph or the rules it does not use.
if TYPE_CHECKING:
    from confide.graph import ObligationGraph
    from confide.language.model import Clause
    from confide.library import Library
    from confide.unit import Unit

DEFAULT_JURISDICTION = "england-and-wales"
# Findings that stop the rules: the text could not be read whole, so no verdict can be trusted.
INPUT_ERRORS = frozenset({"E001", "E002", "E003", "E004", "E005", "E006"})
# Rules whose remedy lies elsewhere than the clause (LANGUAGE.md §6): they keep their own suggestion.
OWN_REMEDY = frozenset({"GRAPH002"})


class UsageError(Exception):
    """The check cannot run at all (exit 2): a missing path, a missing library file."""


@dataclass(frozen=True)
class Arrow:
    """Everything one party shares with another under one footing: what the reports draw."""

    source: str
    target: str
    source_label: str
    target_label: str
    status: str  # "unjustified", "justified" or "consent"
    clauses: tuple[str, ...]
    data: tuple[str, ...]


@dataclass(frozen=True)
class WaiverNote:
    """An ``allow`` line, resolved to its rule code, to be judged against the day of the report."""

    clause: str
    code: str
    justification: str
    until: date | None
    span: Span


@dataclass(frozen=True)
class TriggerNote:
    """A trigger as reports quote it: its own wording beside the standard it claims (§4), and the
    REFs of the protocol's clauses that act on it.
    """

    id: str
    wording: str
    standard: str  # the 'means' standard's id, '' when the trigger names none
    standard_title: str
    clauses: tuple[str, ...]


@dataclass(frozen=True)
class Outline:
    """What a report says of a protocol besides its findings (no model: plain, small, cacheable)."""

    title: str
    organisation: str = ""
    service: str = ""
    clients: str = ""
    review_by: date | None = None
    header: Span | None = None  # the protocol line; REVIEW001 points at the review-by date when written
    review_span: Span | None = None
    clauses: tuple[tuple[str, int, int], ...] = ()  # REF, first line, last line
    arrows: tuple[Arrow, ...] = ()
    waivers: tuple[WaiverNote, ...] = ()
    triggers: tuple[TriggerNote, ...] = ()

    def trigger(self, name: str) -> TriggerNote | None:
        """The protocol's own trigger ``name``, as reports quote it."""
        return next((t for t in self.triggers if t.id == name), None)

    def triggers_of(self, ref: str) -> tuple[TriggerNote, ...]:
        """The triggers clause ``ref`` acts on, in declaration order."""
        return self._trigger_index.get(ref, ())

    @cached_property
    def _trigger_index(self) -> dict[str, tuple[TriggerNote, ...]]:
        """REF -> the triggers it acts on, built once (a card asks for each clause)."""
        index: dict[str, tuple[TriggerNote, ...]] = {}
        for note in self.triggers:
            for ref in note.clauses:
                index[ref] = (*index.get(ref, ()), note)
        return index

    def clause_lines(self, ref: str) -> tuple[int, int] | None:
        """The first and last line of clause ``ref`` of the protocol's own file."""
        return self._clause_index.get(ref)

    @cached_property
    def _clause_index(self) -> dict[str, tuple[int, int]]:
        """REF -> lines, built once: every finding asks for its clause, so a scan per question
        made a 10,000-clause report quadratic. The first clause of a REF wins, as in a scan.
        """
        index: dict[str, tuple[int, int]] = {}
        for ref, first, last in self.clauses:
            index.setdefault(ref, (first, last))
        return index


@dataclass(frozen=True)
class Analysis:
    """One file analysed: findings at their default severity, before the run's settings apply."""

    path: str
    findings: tuple[Finding, ...]
    lines: Mapping[int, str] = field(default_factory=dict)  # the source lines findings quote
    outline: Outline | None = None
    included: tuple[str, ...] = ()  # resolved paths of included files (the cache depends on them)
    stopped: bool = False  # over the per-file budget: depends on the machine, so never cached


@dataclass(frozen=True)
class FileReport:
    """One file as a report shows it: its judged findings and what it quotes."""

    path: str
    findings: tuple[Finding, ...]
    lines: Mapping[int, str] = field(default_factory=dict)
    outline: Outline | None = None

    def line(self, number: int) -> str:
        """Source line ``number`` if the report kept it, else ''."""
        return self.lines.get(number, "")

    def failing(self, fail_on: Severity) -> list[Finding]:
        """Findings at or above ``fail_on`` that are not waived."""
        return [f for f in self.findings if f.severity >= fail_on and not f.waived]


@dataclass
class Totals:
    """What a report says about all its files together, added up file by file as they pass.

    A worker adds up its own file; the parent adds the workers' totals; so the summary, the exit
    code, ``--statistics`` and the cached report's dates never need every finding at once.
    """

    files: int = 0
    counts: Counter[str] = field(default_factory=Counter)  # by severity label, waived apart
    codes: Counter[tuple[str, str, bool]] = field(default_factory=Counter)  # (code, severity, waived)
    failing: bool = False
    dates: set[str] = field(default_factory=set)  # what the report was judged against the day by

    @classmethod
    def of(cls, report: FileReport, fail_on: Severity = Severity.ERROR) -> Totals:
        """One file's totals."""
        totals = cls(1, failing=bool(report.failing(fail_on)))
        # Counted by ``Counter.update`` over lists (the counting loop is in C): about three
        # findings a clause, each counted twice.
        keys = [(finding.code, finding.severity.label, finding.waived) for finding in report.findings]
        totals.codes.update(keys)
        totals.counts.update(["waived" if waived else label for _, label, waived in keys])
        outline = report.outline
        if outline is not None:
            totals.dates.update(w.until.isoformat() for w in outline.waivers if w.until)
            if outline.review_by:
                totals.dates.add(outline.review_by.isoformat())
        return totals

    def add(self, other: Totals) -> None:
        """Count ``other``'s files in too."""
        self.files += other.files
        self.counts.update(other.counts)
        self.codes.update(other.codes)
        self.failing = self.failing or other.failing
        self.dates |= other.dates

    def summary(self) -> dict[str, Any]:
        """Counts by severity (waived findings counted apart), and files checked."""
        return {"files": self.files, "error": self.counts["error"], "warning": self.counts["warning"],
                "info": self.counts["info"], "waived": self.counts["waived"]}


@dataclass(frozen=True)
class Checked:
    """A checked protocol with its model: what the single-protocol commands work from."""

    analysis: Analysis
    report: FileReport
    source: SourceFile | None = None
    unit: Unit | None = None
    graph: ObligationGraph | None = None
    checker: Checker | None = None  # judges the clauses of included files, which the report leaves out

    @property
    def path(self) -> str:
        """The path the protocol is shown under."""
        return self.analysis.path

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The judged findings."""
        return self.report.findings

    @property
    def model(self) -> ObligationGraph:
        """The obligation graph; a protocol with input errors has none (commands print those)."""
        if self.graph is None:
            raise UsageError(f"{self.path} has errors that stop it being checked; run 'confide check' on it")
        return self.graph

    def clause_findings(self, ref: str) -> list[Finding]:
        """The findings about clause ``ref``, in source order.

        The report holds the protocol's own clauses only (an included file is reported where it
        is checked itself). A clause of an included file is judged here, as this protocol
        includes it (§3: against its service and client groups), so that ``simulate`` and
        ``explain`` never call a clause lawful because it was moved into an include.
        """
        graph, checker = self.graph, self.checker
        if graph is None or checker is None or ref in graph.own_refs:
            return [f for f in self.report.findings if f.clause == ref]
        clause = next((c for c in graph.clauses if c.ref.text == ref), None)
        return checker.included_findings(clause, graph) if clause is not None else []


class Checker:
    """Settings and one library cache: the one way any command checks a protocol."""

    def __init__(self, settings: Settings | None = None, catalogue: Catalogue | None = None) -> None:
        self.settings = settings or Settings()
        self._catalogue = catalogue
        self._libraries: dict[str, tuple[Library, list[Finding], dict[str, SourceFile]]] = {}

    @property
    def catalogue(self) -> Catalogue:
        """The rules this checker runs (every rule unless it was given others)."""
        if self._catalogue is None:
            from confide.rules import CATALOGUE

            self._catalogue = CATALOGUE
        return self._catalogue

    # ---- libraries -------------------------------------------------------------------------
    def jurisdiction(self, declared: str | None) -> str:
        """``--jurisdiction`` if given, else the protocol's own, else England and Wales."""
        chosen = self.settings.jurisdiction or declared
        return chosen if chosen in V.JURISDICTIONS else DEFAULT_JURISDICTION

    def library(self, declared: str | None) -> Library:
        """The law library for a protocol that declares ``declared``, loaded once per run."""
        jurisdiction = self.jurisdiction(declared)
        if jurisdiction not in self._libraries:
            self._libraries[jurisdiction] = self._load_library(jurisdiction)
        return self._libraries[jurisdiction][0]

    def _load_library(self, jurisdiction: str) -> tuple[Library, list[Finding], dict[str, SourceFile]]:
        from confide.library import assemble, library_files
        from confide.loader import duplicates, parse_document

        documents = []
        findings: list[Finding] = []
        sources: dict[str, SourceFile] = {}
        for index, path in enumerate(library_files(jurisdiction, self.settings.library)):
            if not path.is_file():
                if index == 0:
                    raise UsageError(f"no built-in law library for jurisdiction '{jurisdiction}'")
                if path.is_dir():
                    raise UsageError(f"library {path} is a folder; name a law library file")
                raise UsageError(f"library file not found: {path}")
            shown = str(path) if index else f"<library:{jurisdiction}>"
            # The size limit guards against the files being checked; the shipped library is ours.
            limit = max(self.settings.max_file_size, 5 * 1024 * 1024) if index == 0 else self.settings.max_file_size
            source, document, errors = parse_document(path, shown, limit)
            findings.extend(errors)
            if source is not None:
                sources[shown] = source
            if document is not None:
                documents.append(document)
                # Within one file an id is declared once; a later file overriding it is the point of --library.
                findings.extend(duplicates([document]))
        library, problems = assemble(jurisdiction, documents)
        return library, findings + problems, sources

    def library_reports(self) -> list[FileReport]:
        """One report per library file with problems, among the libraries used so far, by path."""
        found: dict[str, set[Finding]] = {}
        sources: dict[str, SourceFile] = {}
        for _, problems, files in self._libraries.values():
            sources.update(files)
            for finding in problems:
                found.setdefault(finding.span.path, set()).add(finding)
        return [judge(Analysis(path, tuple(sorted(items, key=Finding.sort_key)),
                               _quoted(sources.get(path), items, None)), self.settings, self.catalogue)
                for path, items in sorted(found.items())]

    def library_problem(self) -> str | None:
        """One line saying why a library used so far cannot be trusted (its first error, and how
        many more), or None: every command stops on it (exit 2), ``check`` included.
        """
        errors = sorted({f for _, problems, _ in self._libraries.values() for f in problems
                         if f.severity == Severity.ERROR}, key=Finding.sort_key)
        if not errors:
            return None
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        return (f"the law library has errors: {first.span.path}:{first.span.line}: {first.code} {first.message}{more}; "
                "nothing can be judged against it until they are fixed")

    # ---- protocols -------------------------------------------------------------------------
    def root_for(self, path: Path) -> Path:
        """The folder a protocol's includes must stay inside.

        The project's folder (where the configuration file is) when the path lies inside it,
        so every command checking a file of a project follows the same includes; otherwise the
        folder named, or the named file's own folder.
        """
        project = self.settings.project
        if project is not None and os.path.realpath(path).startswith(os.path.realpath(project) + os.sep):
            return project
        return path if path.is_dir() else path.parent

    def analyse(self, file: Path, shown: str, root: Path, text: str | bytes | None = None) -> Checked:
        """Analyse one protocol (``text``: its content, when it is not read from ``file``; bytes,
        from standard input, are decoded with the checks a file's bytes get).

        Within the run's per-file budget (``time-budget``, ``memory-budget``): a file that
        costs more is reported as E006 and its analysis marked ``stopped`` (never cached).

        The cyclic garbage collector is paused for the file: a check allocates many small objects
        that live until it ends, so the collector's passes during it free nothing. Reference
        counting frees as usual, and the few cycles a file makes (networkx's, when an onward path
        is asked about) are collected after it.
        """
        try:
            with budget(self.settings.time_budget, self.settings.memory_budget), collector_paused():
                return self._analyse(file, shown, root, text)
        except (OverBudget, MemoryError) as exc:
            reason = str(exc) if isinstance(exc, OverBudget) else "ran out of memory while being checked"
            finding = UNREADABLE.finding(Span.point(shown, 1, 1), f"{shown} {reason}; it was stopped: split it "
                                         "into smaller files joined with 'include', or raise the budget in the "
                                         "configuration if the file is trusted")
            analysis = Analysis(shown, (finding,), stopped=True)
            return Checked(analysis, judge(analysis, self.settings, self.catalogue))

    def _analyse(self, file: Path, shown: str, root: Path, text: str | bytes | None) -> Checked:
        from confide.graph import ObligationGraph
        from confide.loader import load, placed
        from confide.names import check_names

        loaded = load(file, shown, root, self.library, self.settings.max_file_size, text)
        unit = loaded.unit
        findings = list(loaded.findings)
        waivers: tuple[WaiverNote, ...] = ()
        if unit is not None:
            findings.extend(check_names(unit))
            waivers, problems = self._waivers(unit.root.clauses)
            findings.extend(problems)
            findings = [placed(f, unit.root) for f in findings]
        graph = None
        if unit is not None and not any(f.code in INPUT_ERRORS for f in findings):
            graph = ObligationGraph(unit)
            findings.extend(self._rules(unit, graph))
        findings.sort(key=Finding.sort_key)
        # Waivers are judged only when the rules ran: with an input error there is nothing to waive yet.
        outline = _outline(unit, graph, waivers if graph is not None else ()) if unit is not None else None
        analysis = Analysis(shown, tuple(findings), _quoted(loaded.source, findings, outline), outline,
                            loaded.included)
        return Checked(analysis, judge(analysis, self.settings, self.catalogue), loaded.source, unit, graph, self)

    def included_findings(self, clause: Clause, graph: ObligationGraph) -> list[Finding]:
        """The clause rules' findings on a clause of an included file, as the run shows them (its
        own ``allow`` lines waiving what they name, as in the file's own report).
        """
        found = [f for rule in self.catalogue.values() if rule.scope == "clause" and rule.check is not None
                 for f in rule.check(clause, graph)]
        chosen = [c for f in found if (c := _configure(f, self.settings)) is not None]
        waivers, _ = self._waivers((clause,))
        return sorted(_apply_waivers(chosen, waivers, self.settings.today, self.settings), key=Finding.sort_key)

    def check(self, file: Path, shown: str, root: Path, text: str | bytes | None = None) -> Checked:
        """Analyse and judge one protocol, as ``confide check`` does."""
        return self.analyse(file, shown, root, text)

    def open(self, path: str) -> Checked:
        """One protocol named on a command line; a missing file is a usage error (exit 2)."""
        file = Path(path)
        if file.is_dir():
            raise UsageError(f"{path} is a folder; this command takes one protocol file")
        if not file.is_file():
            raise UsageError(f"no such protocol file: {path}")
        return self.check(file, os.path.normpath(path), self.root_for(file))

    def _waivers(self, clauses: tuple[Clause, ...]) -> tuple[tuple[WaiverNote, ...], list[Finding]]:
        """Each ``allow`` line resolved to a rule code; one naming no rule, or an input code (E001-E006,
        which nothing may waive), is E005.
        """
        notes: list[WaiverNote] = []
        problems: list[Finding] = []
        for clause in clauses:
            for waiver in clause.waivers:
                found = self.catalogue.lookup(waiver.rule.text)
                if found is None:
                    guess = self.catalogue.guess(waiver.rule.text)
                    problems.append(INVALID.finding(waiver.rule.span, f"'{waiver.rule.text}' is not a rule code or "
                                                    "symbol" + (f"; did you mean '{guess}'?" if guess else "")))
                    continue
                if found.code in INPUT_ERRORS:
                    problems.append(INVALID.finding(waiver.rule.span, f"{found.code} cannot be waived: an input "
                                                    "error means the protocol was not read whole; fix it instead"))
                    continue
                notes.append(WaiverNote(clause.ref.text, found.code, waiver.justification.text, waiver.until,
                                        waiver.span))
        return tuple(notes), problems

    def _rules(self, unit: Unit, graph: ObligationGraph) -> list[Finding]:
        """Every rule once per scope, then each clause's one rewording on its findings.

        The clause rules run a clause at a time, with one look at the budget per clause rather
        than per rule and clause. The order findings are found in changes nothing: they are
        sorted by place, code and message, and each code is one rule's.
        """
        raw: list[Finding] = []
        clause_rules = [r for r in self.catalogue.values() if r.scope == "clause" and r.check is not None]
        for item in self.catalogue.values():
            if item.check is None or item.scope in {"input", "dated", "clause"}:
                continue
            checkpoint()
            raw.extend(item.check(graph))
        checks = [r.check for r in clause_rules if r.check is not None]
        for clause in unit.root.clauses:
            checkpoint()
            for check in checks:
                raw.extend(check(clause, graph))
        return _reworded(raw, unit, graph, clause_rules)


def _reworded(raw: list[Finding], unit: Unit, graph: ObligationGraph, rules: Sequence[Rule]) -> list[Finding]:
    """Attach to every finding on a clause that clause's one rewording (LANGUAGE.md §6)."""
    from confide.rules.rewording import reword
    from confide.rules.vague import unborne

    unlabelled = unborne(graph)
    decided = {c.ref.text for _, _, clauses in unlabelled.values() for c in clauses}
    wanted = {f.clause for f in raw if f.clause and f.severity >= Severity.WARNING and f.code not in OWN_REMEDY}
    wanted |= decided
    suggestions = {}
    for clause in unit.root.clauses:
        if clause.ref.text in wanted and clause.ref.text not in suggestions:
            checkpoint()
            suggestions[clause.ref.text] = reword(clause, graph, rules, frozenset(unlabelled))
    out = []
    for finding in raw:
        ref = finding.clause if finding.code not in OWN_REMEDY else None
        if finding.code == "VAGUE002" and finding.subject and finding.subject[1] in unlabelled:
            ref = unlabelled[finding.subject[1]][2][0].ref.text  # the first clause the label decides
        found = suggestions.get(ref) if ref else None
        if found is not None:
            finding = finding.reworded(found.text, found.replaces)
        out.append(finding)
    return out


def judge(analysis: Analysis, settings: Settings, catalogue: Catalogue | None = None) -> FileReport:
    """The findings of ``analysis`` as this run shows them: selected, re-graded, waived, dated."""
    from confide.rules.review import review_overdue

    chosen = [configured for f in analysis.findings if (configured := _configure(f, settings)) is not None]
    outline = analysis.outline
    if outline is not None:
        chosen = _apply_waivers(chosen, outline.waivers, settings.today, settings)
        if outline.header is not None:
            at = outline.review_span or outline.header
            due = review_overdue.check(outline.review_by, at, settings.today) if review_overdue.check else ()
            chosen.extend(c for f in due if (c := _configure(f, settings)) is not None)
    chosen.sort(key=Finding.sort_key)
    return FileReport(analysis.path, tuple(chosen), analysis.lines, outline)


def _configure(finding: Finding, settings: Settings) -> Finding | None:
    """Drop a finding the run does not select (or ignores); re-grade it if configured."""
    if not settings.selects(finding.code, finding.span.path):
        return None
    override = settings.severity.get(finding.code)
    return replace(finding, severity=override) if override is not None else finding


def _apply_waivers(findings: list[Finding], waivers: tuple[WaiverNote, ...], today: date,
                   settings: Settings) -> list[Finding]:
    """Mark findings an ``allow`` line covers; an expired waiver leaves the finding failing and says so;
    a waiver that covers nothing is reported (WAIVER001).
    """
    used: set[int] = set()
    out = []
    for finding in findings:
        match = next((i for i, w in enumerate(waivers) if w.clause == finding.clause and w.code == finding.code), None)
        if match is None:
            out.append(finding)
            continue
        used.add(match)
        waiver = waivers[match]
        expired = waiver.until is not None and waiver.until < today
        note = f" (waiver expired on {waiver.until.isoformat()})" if expired and waiver.until else ""
        out.append(replace(finding, waiver=waiver.justification, waiver_expired=expired,
                           message=finding.message + note))
    for i, waiver in enumerate(waivers):
        if i not in used:
            stale = UNUSED_WAIVER.finding(
                waiver.span, f"waiver for {waiver.code} in clause {waiver.clause} matches no finding; remove it",
                clause=waiver.clause,
                replaces=(waiver.span.line, waiver.span.end_line))  # the rewording: nothing in its place
            configured = _configure(stale, settings)
            if configured is not None:
                out.append(configured)
    return out


def _outline(unit: Unit, graph: ObligationGraph | None, waivers: tuple[WaiverNote, ...]) -> Outline:
    header = unit.root.header
    clauses = tuple((c.ref.text, c.span.line, max(c.end_line, c.span.line)) for c in unit.root.clauses)
    if header is None:
        return Outline(title=unit.source.path, clauses=clauses, waivers=waivers)
    return Outline(
        title=header.title.text,
        organisation=header.organisation.text if header.organisation else "",
        service=header.service.text if header.service else "",
        clients=header.clients.text if header.clients else "",
        review_by=header.review_by,
        header=header.span,
        review_span=header.review_span,
        clauses=clauses,
        arrows=arrows(graph) if graph is not None else (),
        waivers=waivers,
        triggers=trigger_notes(unit, graph) if graph is not None else (),
    )


def trigger_notes(unit: Unit, graph: ObligationGraph) -> tuple[TriggerNote, ...]:
    """The protocol's own triggers with their wording, the standard each claims and its clauses."""
    from confide.rules.vague import wording

    acting: dict[str, dict[str, None]] = {t.id.text: {} for t in unit.root.triggers}
    for clause in unit.root.clauses:  # once through the clauses, not once per trigger
        for name in clause.when:
            if name.text in acting:
                acting[name.text][clause.ref.text] = None
    notes = []
    for trigger in unit.root.triggers:
        means = trigger.means.text if trigger.means is not None else ""
        standard = graph.library.standards.get(means) if means else None
        title = standard.title.text if standard is not None and standard.title is not None else ""
        notes.append(TriggerNote(trigger.id.text, wording(trigger), means, title, tuple(acting[trigger.id.text])))
    return tuple(notes)


def arrows(graph: ObligationGraph) -> tuple[Arrow, ...]:
    """The sharing flows grouped by (from, to, footing), prohibitions left out, in clause order."""
    # Clause refs and data names kept as the keys of dicts (ordered sets): thousands of clauses
    # can share one arrow, and a list searched for each one made a 20,000-clause file quadratic.
    grouped: dict[tuple[str, str, str], tuple[dict[str, None], dict[str, None]]] = {}
    for flow in graph.flows:
        if flow.prohibited:
            continue
        refs, data = grouped.setdefault((flow.subject, flow.recipient, flow.status), ({}, {}))
        refs[flow.clause.ref.text] = None
        data.update(dict.fromkeys(d.text for d in flow.share.data))
    return tuple(Arrow(s, t, party_label(graph, s), party_label(graph, t, subject=False), status, tuple(refs),
                       tuple(data)) for (s, t, status), (refs, data) in grouped.items())


def party_label(graph: ObligationGraph, party: str, subject: bool = True) -> str:
    """How a party is named: the organisation for its staff (the subject ``staff``), a
    recipient's own name (even one a protocol calls ``staff``), else its id.
    """
    if subject and party == "staff":
        return f"{graph.organisation} staff"
    declared = graph.unit.recipients.get(party)
    return declared.label.text if declared and declared.label else party


def _quoted(source: SourceFile | None, findings: list[Finding] | set[Finding],
            outline: Outline | None) -> dict[int, str]:
    """The source lines a report quotes: every finding's lines, whole clauses for clause findings,
    the protocol line (REVIEW001) and waiver lines (WAIVER001), judged later.
    """
    if source is None:
        return {}
    wanted: set[int] = set()
    clauses: set[str] = set()  # a clause has about three findings: its lines are added once
    for finding in findings:
        span = finding.span
        if span.path != source.path:
            continue
        wanted.update(range(span.line, span.end_line + 1))
        if finding.clause:
            clauses.add(finding.clause)
    if outline is not None:
        for ref in clauses:
            lines = outline.clause_lines(ref)
            if lines is not None:
                wanted.update(range(lines[0], lines[1] + 1))
        for at in (outline.header, outline.review_span):
            if at is not None:
                wanted.add(at.line)
        for waiver in outline.waivers:
            wanted.update(range(waiver.span.line, waiver.span.end_line + 1))
    return {n: source.line(n) for n in sorted(wanted) if 0 < n <= len(source.lines)}
