"""``confide check`` options + a Checker -> the report, the fixes and the exit code.

The command line only wires (:mod:`confide.cli`); what ``check`` does with its options lives
here: standard input (``-``, named by ``--stdin-filename``), ``--fix`` and ``--diff``
(:mod:`confide.commands.fix`), ``-q``, ``--statistics`` and ``--exit-zero``. Files go through
the batch runner (workers and cache) like any check; only the files with something to fix
are checked again, in this process, edit by edit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from confide.batch import Batch, Progress
from confide.check import Checker, FileReport, UsageError
from confide.files import write_atomic
from confide.report import render
from confide.report.records import summary_line
from confide.report.text import render_statistics

Echo = Callable[[str, bool], None]  # (text, to stderr)
# (text, its syntax): how the output must show a protocol's text as data (confide.display.guard);
# None for a report render() made safe already, or a protocol given back whole (stdin --fix).
Emit = Callable[[str, str | None], None]
STDIN = "-"


@dataclass(frozen=True)
class CheckRun:
    """What ``confide check`` was asked to do, besides the settings."""

    paths: tuple[str, ...] = (".",)
    quiet: bool = False
    statistics: bool = False
    exit_zero: bool = False
    fix: bool = False
    diff: bool = False
    stdin_filename: str | None = None
    jobs: int | None = None
    cache_dir: Path | None = None
    style: Any = None  # colours a severity word in text output (None: no colour)


def run(options: CheckRun, checker: Checker, emit: Emit, echo: Echo,
        read_stdin: Callable[[], str], progress: Progress | None = None) -> int:
    """Check (and fix) what ``options`` name; ``emit`` the report; return the exit code."""
    if STDIN in options.paths:
        if len(options.paths) > 1:
            raise UsageError("'-' (standard input) cannot be mixed with other paths")
        return _stdin(options, checker, emit, echo, read_stdin())
    if options.stdin_filename:
        raise UsageError("--stdin-filename names standard input: give '-' as the path")
    batch = Batch(checker, options.jobs, options.cache_dir, progress)
    render_reports = _renderer(options, checker)
    if options.fix or options.diff:
        changed = _fix_files(options, checker, batch, emit, echo)
        if options.diff:
            return 1 if changed and not options.exit_zero else 0
        reports = batch.reports(options.paths)
        emit(render_reports(reports), None)
        remaining = sum(len(r.findings) for r in reports)
        echo(f"{remaining} finding{'s remain' if remaining != 1 else ' remains'}", True)
        failing = any(r.failing(checker.settings.fail_on) for r in reports)
    else:
        variant = f"styled={options.style is not None};quiet={options.quiet};statistics={options.statistics}"
        text, failing = batch.report(options.paths, render_reports, variant)
        emit(text, None)
    return 1 if failing and not options.exit_zero else 0


def _renderer(options: CheckRun, checker: Checker) -> Callable[[list[FileReport]], str]:
    settings = checker.settings
    if options.statistics:
        return lambda reports: render_statistics(reports, as_json=settings.format == "json")
    if options.quiet and settings.format in {"text", "github"}:
        return lambda reports: summary_line(reports) + "\n"
    return lambda reports: render(settings.format, reports, settings, options.style)


def _fix_files(options: CheckRun, checker: Checker, batch: Batch, emit: Emit, echo: Echo) -> int:
    """Fix (or with ``--diff``, show the fix of) every file with a fixable finding; the number changed."""
    from confide.commands import fix as fixing  # the formatter's lark and unparse: only when fixing

    lowest = fixing.threshold(checker.settings.fail_on)
    targets = {t.shown: t for t in batch.targets(options.paths)}
    diffs: list[str] = []
    changed = fixed = 0
    for report in batch.reports(options.paths):
        target = targets.get(report.path)
        if target is None or not fixing.edits(report.findings, report.path, lowest):
            continue
        result = fixing.fix_file(checker, Path(target.file), target.shown, Path(target.root), lowest=lowest)
        if not options.quiet:
            fixing.describe(result, echo, would=options.diff)
        if not result.changed:
            continue
        changed += 1
        fixed += result.fixed()
        if options.diff:
            diffs.append(fixing.unified(result))
        else:
            file = Path(target.file)
            write_atomic(file, fixing.line_ends(file.read_bytes(), result.after))
    if options.diff:
        emit("".join(diffs), "text")
    verb = "would fix" if options.diff else "fixed"
    echo(f"{verb} {fixed} finding{'s' if fixed != 1 else ''} in {changed} file{'s' if changed != 1 else ''}", True)
    return changed


def _stdin(options: CheckRun, checker: Checker, emit: Emit, echo: Echo, text: str) -> int:
    """Check text read from standard input; with ``--fix``, print the fixed text instead of the report."""
    name = options.stdin_filename
    shown = name or "<stdin>"
    file = Path(name) if name else Path("stdin.protocol")
    settings = checker.settings
    if name and settings.force_exclude and settings.excludes(name):
        emit(text if options.fix else "" if options.diff else _renderer(options, checker)([]), None)
        return 0
    root = checker.root_for(file)
    if options.fix or options.diff:
        from confide.commands import fix as fixing

        result = fixing.fix_file(checker, file, shown, root, text, fixing.threshold(settings.fail_on))
        if not options.quiet:
            fixing.describe(result, echo, would=options.diff)
        if options.diff:
            emit(fixing.unified(result), "text")
            return 1 if result.changed and not options.exit_zero else 0
        emit(result.after, None)
        report = result.checked.report if result.checked else None
        if report is not None:
            echo(summary_line([report]), True)
        return 1 if report is not None and report.failing(settings.fail_on) and not options.exit_zero else 0
    checked = checker.check(file, shown, root, text)
    reports = checker.library_reports() + [checked.report]
    emit(_renderer(options, checker)(reports), None)
    failing = any(r.failing(settings.fail_on) for r in reports)
    return 1 if failing and not options.exit_zero else 0
