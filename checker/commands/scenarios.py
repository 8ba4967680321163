"""Paths -> :class:`FileRun` per scenario file: policy tests run against their protocol.

A scenario (LANGUAGE.md §5) sits inside a protocol or in its own ``*.scenario`` file that
names its ``protocol-file``. Each ``expect`` becomes an :class:`Outcome` saying whether it
held and what the protocol actually makes staff do, so a failing policy test reads like a
failing unit test. Results render as compiler-style text or as JUnit XML for CI.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from confide.batch import Target
from confide.batch import discover as walk
from confide.check import INPUT_ERRORS, Checked, Checker
from confide.commands.situation import Situation, applicable, shared_text, verb, why_not
from confide.display import shortened, visible
from confide.findings import Finding
from confide.graph import ObligationGraph
from confide.inputs import INVALID, UNREADABLE
from confide.language.model import Document, Expectation, Scenario
from confide.language.unparse import expectation_text
from confide.loader import NEEDS_PROTOCOL, parse_document, protocol_of, read_inside
from confide.names import check_scenario
from confide.source import SourceFile, Span


@dataclass(frozen=True)
class Outcome:
    """One ``expect`` line: whether it held, and what actually happened."""

    expectation: Expectation
    passed: bool
    happened: str


@dataclass(frozen=True)
class ScenarioRun:
    """One scenario run against its protocol; ``errors`` stop it from running at all."""

    scenario: Scenario
    protocol: str
    outcomes: tuple[Outcome, ...] = ()
    errors: tuple[Finding, ...] = ()

    @property
    def passed(self) -> bool:
        """Every expectation held and nothing stopped the run."""
        return not self.errors and all(o.passed for o in self.outcomes)


@dataclass(frozen=True)
class FileRun:
    """The scenarios of one file; ``errors`` are problems with the file itself."""

    path: str
    runs: tuple[ScenarioRun, ...] = ()
    errors: tuple[Finding, ...] = ()
    sources: tuple[SourceFile, ...] = ()  # the files its errors point into, to quote their lines

    @property
    def passed(self) -> bool:
        """Every scenario passed and the file could be read."""
        return not self.errors and all(r.passed for r in self.runs)


def discover(paths: Iterable[str], checker: Checker) -> list[Target]:
    """Named files, and below named folders every ``*.scenario`` and every protocol with scenarios.

    A protocol is looked into with the check core's reader, inside the folder being checked: one
    that cannot be read (a link leading out of the folder, a binary) is kept, so that the run
    reports it, never skipped in silence.
    """
    named = {os.path.normpath(path) for path in paths}
    found = walk(paths, checker.settings, accept=lambda file: file.suffix in {".scenario", ".protocol"},
                 root_for=checker.root_for)
    return [target for target in found if target.unreadable is not None or target.shown in named
            or Path(target.file).suffix == ".scenario" or _has_scenarios(target, checker)]


def _has_scenarios(target: Target, checker: Checker) -> bool:
    source = read_inside(Path(target.file), target.shown, Path(target.root), checker.settings.max_file_size)
    if isinstance(source, Finding):
        return True  # let the run report why it cannot be read
    return any(line.startswith("scenario") for line in source.lines)


def run(paths: Iterable[str], checker: Checker) -> list[FileRun]:
    """Run every scenario found under ``paths``."""
    return [run_file(target, checker) for target in discover(paths, checker)]


def run_file(target: Target, checker: Checker) -> FileRun:
    """Run the scenarios of one ``.scenario`` or ``.protocol`` file."""
    file, shown, root = Path(target.file), target.shown, Path(target.root)
    if target.unreadable is not None:  # a folder that could not be listed fails the run, never passes it
        return FileRun(shown, errors=(UNREADABLE.finding(Span.point(shown, 1, 1), target.unreadable),))
    source, document, problems = parse_document(file, shown, checker.settings.max_file_size, root)
    errors = tuple(f for f in problems if f.severity.label == "error")
    if document is None or errors:
        return FileRun(shown, errors=errors or tuple(problems), sources=(source,) if source else ())
    if not document.scenarios and document.header is None and document.library is None:
        # Empty, or comments alone: `check` fails it (E005), and a run that tested nothing must too.
        needs = "a scenario file needs a 'scenario \"TITLE\"' block" if file.suffix == ".scenario" else NEEDS_PROTOCOL
        return FileRun(shown, errors=(INVALID.finding(Span.point(shown, 1, 1), needs),))
    return run_document(document, file, shown, root, checker, source)


def run_document(document: Document, file: Path, shown: str, root: Path, checker: Checker,
                 source: SourceFile | None = None) -> FileRun:
    """Run the scenarios of a file already read (the drafting page runs its editor's text);
    ``source``: its text, to quote the lines its errors point at.
    """
    runs: list[ScenarioRun] = []
    opened: dict[str, Checked | tuple[Finding, ...]] = {}
    sources = [source] if source is not None else []
    for scenario in document.scenarios:
        found = protocol_of(scenario, file, shown, root, document.header is not None)
        if isinstance(found, Finding):
            runs.append(ScenarioRun(scenario, "", errors=(found,)))
            continue
        protocol_path, protocol_shown = found
        if protocol_shown not in opened:
            opened[protocol_shown] = _open(checker, protocol_path, protocol_shown, root, sources)
        protocol = opened[protocol_shown]
        if isinstance(protocol, tuple):
            runs.append(ScenarioRun(scenario, protocol_shown, errors=protocol))
            continue
        graph = protocol.graph
        if graph is None:
            continue
        names = tuple(check_scenario(scenario, graph.unit, graph.unit.source.path))
        if names:
            runs.append(ScenarioRun(scenario, protocol_shown, errors=names))
            continue
        runs.append(ScenarioRun(scenario, protocol_shown, tuple(evaluate(scenario, graph))))
    return FileRun(shown, tuple(runs), sources=tuple(sources))


def _open(checker: Checker, path: Path, shown: str, root: Path,
          sources: list[SourceFile]) -> Checked | tuple[Finding, ...]:
    """The protocol, checked; or its input errors when it cannot be used (its text then joins
    ``sources``, to quote the lines they point at).
    """
    checked = checker.check(path, shown, root)
    if checked.graph is None:
        if checked.source is not None:
            sources.append(checked.source)
        return tuple(f for f in checked.findings if f.code in INPUT_ERRORS) or checked.findings
    if checked.unit is not None and checked.unit.root.header is None:
        # A file of scenarios alone (or a law library): no clause of it applies anywhere, so
        # every `expect no-share` would pass; it is not the protocol the scenario meant.
        return (INVALID.finding(Span.point(shown, 1, 1), f"{NEEDS_PROTOCOL}; {shown} has none, so there is "
                                "nothing for a scenario to test"),)
    return checked


def evaluate(scenario: Scenario, graph: ObligationGraph) -> Iterator[Outcome]:
    """One outcome per ``expect`` line, in order."""
    situation = Situation.of(scenario, graph)
    for expect in scenario.expectations:
        if expect.kind == "share":
            yield _share(expect, graph, situation)
        elif expect.kind == "no-share":
            yield _no_share(expect, graph, situation)
        else:
            yield _steps(expect, graph, situation)


def _share(expect: Expectation, graph: ObligationGraph, situation: Situation) -> Outcome:
    clauses = applicable(graph, situation)
    found: dict[tuple[str, str, str], list[str]] = {}
    missing = []
    for recipient in (r.text for r in expect.recipients):
        for data in (d.text for d in expect.data):
            by = next(((c, s) for c in clauses for s in graph.shares_with(c, recipient, data)), None)
            if by is None:
                missing.append(_nothing_shared(graph, situation, recipient, data))
            else:
                found.setdefault((by[0].ref.text, verb(by[1]), recipient), []).append(data)
    if missing:
        return Outcome(expect, False, "; ".join(missing))
    return Outcome(expect, True, "; ".join(f"clause {ref} {how} {', '.join(data)} with {recipient}"
                                           for (ref, how, recipient), data in found.items()))


def _nothing_shared(graph: ObligationGraph, situation: Situation, recipient: str, data: str) -> str:
    """Why ``data`` does not reach ``recipient``: what does, and which clauses stay out and why."""
    clauses = applicable(graph, situation)
    other = [f"clause {c.ref.text} shares {shared_text(graph, s)}" for c in clauses
             for s in graph.shares_with(c, recipient)]
    if other:
        return f"{data} is not shared with {recipient}: " + "; ".join(other)
    idle = [f"clause {c.ref.text} {why_not(graph, c, situation)}" for c in graph.clauses
            if c not in clauses and graph.shares_with(c, recipient, data)]
    if idle:
        return f"nothing is shared with {recipient}: " + "; ".join(idle)
    return f"no clause shares {data} with {recipient} in any situation"


def _no_share(expect: Expectation, graph: ObligationGraph, situation: Situation) -> Outcome:
    """``expect no-share [DATA] with RECIPIENT``: nothing (or not that data) reaches them."""
    clauses = applicable(graph, situation)
    data: list[str | None] = [d.text for d in expect.data] or [None]
    shared = list(dict.fromkeys(f"clause {c.ref.text} {verb(s)} {shared_text(graph, s)}" for r in expect.recipients
                                for item in data for c in clauses for s in graph.shares_with(c, r.text, item)))
    if shared:
        return Outcome(expect, False, "; ".join(shared))
    who = ", ".join(r.text for r in expect.recipients)
    if expect.data:
        return Outcome(expect, True, f"{', '.join(d.text for d in expect.data)} is not shared with {who}")
    return Outcome(expect, True, f"nothing is shared with {who}")


def _steps(expect: Expectation, graph: ObligationGraph, situation: Situation) -> Outcome:
    wanted = [s.text for s in expect.steps]
    # Steps are safeguards on a disclosure: a clause that discloses nothing (anonymised data, the
    # organisation's own safeguarding lead) asks for none (LANGUAGE.md §3).
    clauses = [c for c in applicable(graph, situation) if graph.facts(c).discloses]
    if not clauses:
        return Outcome(expect, False, "no clause discloses anything in this situation, so no steps are required")
    lacking = []
    for clause in clauses:
        held = {s.text for s in clause.steps}
        gaps = [s for s in wanted if s not in held]
        if gaps:
            lacking.append(f"clause {clause.ref.text} does not require {', '.join(gaps)}")
    if lacking:
        return Outcome(expect, False, "; ".join(lacking))
    refs = ", ".join(c.ref.text for c in clauses)
    many = len(clauses) > 1
    return Outcome(expect, True, f"clause{'s' if many else ''} {refs} require{'' if many else 's'} {', '.join(wanted)}")


def _where(finding: Finding) -> str:
    return f"{finding.span.path}:{finding.span.line}:{finding.span.column}"


def _error_lines(error: Finding, quoted: dict[str, SourceFile]) -> list[str]:
    """An error as ``confide check`` shows one: where, what, and the source line with a caret."""
    source = quoted.get(error.span.path)
    shown = [visible(f"{_where(error)}: error {error.code} {shortened(error.message)}")]
    if source is not None and 1 <= error.span.line <= len(source.lines):
        shown.append(source.excerpt(error.span))
    return shown


def render_text(files: list[FileRun], verbose: bool = True) -> str:
    """'path:line:col: pass|FAIL expect …: what happened', then a one-line summary; not
    ``verbose`` (``--failures-only``): only the scenarios that failed, and what failed in them.
    Each line is made :func:`visible`, so a line break in a file name cannot start a line of its own.
    """
    out: list[str] = []
    for file in files:
        quoted = {source.path: source for source in file.sources}
        for error in file.errors:
            out.extend(_error_lines(error, quoted))
        for run in file.runs:
            if run.passed and not verbose:
                continue
            span = run.scenario.span
            status = "ok" if run.passed else "FAILED"
            out.append(visible(f"{span.path}:{span.line}:{span.column}: scenario \"{run.scenario.title.text}\" "
                               f"{status}"))
            for error in run.errors:
                out.extend(_error_lines(error, quoted))
            for outcome in run.outcomes:
                if outcome.passed and not verbose:
                    continue
                at = outcome.expectation.span
                word = "pass" if outcome.passed else "FAIL"
                out.append(visible(f"{at.path}:{at.line}:{at.column}: {word} "
                                   f"{expectation_text(outcome.expectation)}: {outcome.happened}"))
    out.append(summary_line(files))
    return "\n".join(out) + "\n"


def summary_line(files: list[FileRun]) -> str:
    """'3 files, 7 scenarios, 15 expectations: 14 passed, 1 failed, 0 errors'."""
    runs = [r for f in files for r in f.runs]
    outcomes = [o for r in runs for o in r.outcomes]
    failed = sum(not o.passed for o in outcomes)
    errors = sum(len(f.errors) for f in files) + sum(len(r.errors) for r in runs)
    return (f"{len(files)} file{'s' if len(files) != 1 else ''}, {len(runs)} scenario{'s' if len(runs) != 1 else ''}, "
            f"{len(outcomes)} expectations: {len(outcomes) - failed} passed, {failed} failed, "
            f"{errors} error{'s' if errors != 1 else ''}")


def render_junit(files: list[FileRun]) -> str:
    """JUnit XML: a testsuite per file, a testcase per scenario, a failure per unmet ``expect``.

    Every value from a protocol or a file name is shown with its control characters made
    visible (confide.display), so the document is valid XML whatever the input.
    """
    x = visible
    root = ET.Element("testsuites", name="confide test")
    for file in files:
        failures = sum(not r.passed and not r.errors for r in file.runs)
        errors = sum(bool(r.errors) for r in file.runs) + bool(file.errors)
        suite = ET.SubElement(root, "testsuite", name=x(file.path), tests=str(len(file.runs) + bool(file.errors)),
                              failures=str(failures), errors=str(errors))
        if file.errors:
            case = ET.SubElement(suite, "testcase", name="read scenarios", classname=x(file.path), file=x(file.path))
            for error in file.errors:
                ET.SubElement(case, "error", message=x(f"{error.code} {error.message}"),
                              type=error.code).text = x(f"{_where(error)}: {error.message}")
        for run in file.runs:
            case = ET.SubElement(suite, "testcase", name=x(run.scenario.title.text), classname=x(file.path),
                                 file=x(file.path), line=str(run.scenario.span.line))
            for error in run.errors:
                ET.SubElement(case, "error", message=x(f"{error.code} {error.message}"),
                              type=error.code).text = x(f"{_where(error)}: {error.message}")
            for outcome in run.outcomes:
                if not outcome.passed:
                    at = outcome.expectation.span
                    said = expectation_text(outcome.expectation)
                    ET.SubElement(case, "failure", message=x(f"{said}: {outcome.happened}"),
                                  type="unmet-expectation").text = (
                        x(f"{at.path}:{at.line}:{at.column}: {said}") + "\n" + x(f"actually: {outcome.happened}"))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
