"""``confide check`` options + a Checker -> the report, the fixes and the exit code.

The command line only wires (:mod:`confide.cli`); what ``check`` does with its options lives
here: standard input (``-``, named by ``--stdin-filename``), ``--fix`` and ``--diff``
(:mod:`confide.commands.fix`), ``-q``, ``--statistics`` and ``--exit-zero``. Files go through
the batch runner (workers and cache) like any check; only the files with something to fix
are checked again, in this process, edit by edit.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from confide.batch import Batch, Progress
from confide.check import Checker, FileReport, UsageError
from confide.files import as_written, write_atomic
from confide.findings import Finding
from confide.loader import decode_source
from confide.report import writer
from confide.report.records import summary_line, totals
from confide.report.stream import SummaryWriter, Writer, render_text

Echo = Callable[[str, bool], None]  # (text, to stderr)
# (text, its syntax): how the output must show a protocol's text as data (confide.display.guard);
# None for a protocol given back whole (stdin --fix): bytes when they were not UTF-8 text.
Emit = Callable[[str | bytes, str | None], None]
# A finished report, made safe to print by its writer: a private temporary file, read from its start.
Deliver = Callable[[IO[bytes]], None]
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


# Formats that are files for a tool or a reader (uploaded to code scanning, published, posted as
# a comment): --statistics, a table of counts, must never be written in their place.
DOCUMENTS = frozenset({"sarif", "html", "markdown"})


def refuse(options: CheckRun, fmt: str) -> None:
    """Combinations that cannot give what they name, refused before anything is checked (exit 2).

    ``--statistics`` is counts, as text or a JSON list: with SARIF, HTML or Markdown it would
    put a table where a pipeline expects that document (a ``confide.sarif`` upload GitHub
    rejects, or worse accepts as empty). SARIF of standard input needs the file it stands for:
    code scanning places every result in a file of the repository, and rejects a result with
    no location; a made-up name would open alerts on a file that does not exist.
    """
    if options.statistics and fmt in DOCUMENTS:
        raise UsageError(f"--statistics prints counts as text or JSON, not --format {fmt}: drop one of them")
    if fmt == "sarif" and STDIN in options.paths and not options.stdin_filename and not (options.fix or options.diff):
        raise UsageError("--format sarif of standard input ('-') needs --stdin-filename PATH, "
                         "the repository file it stands for")


def run(options: CheckRun, checker: Checker, emit: Emit, deliver: Deliver, echo: Echo,
        read_stdin: Callable[[], bytes], progress: Progress | None = None) -> int:
    """Check (and fix) what ``options`` name; ``deliver`` the report; return the exit code."""
    refuse(options, checker.settings.format)
    if STDIN in options.paths:
        if len(options.paths) > 1:
            raise UsageError("'-' (standard input) cannot be mixed with other paths")
        return _stdin(options, checker, emit, deliver, echo, read_stdin())
    if options.stdin_filename:
        raise UsageError("--stdin-filename names standard input: give '-' as the path")
    batch = Batch(checker, options.jobs, options.cache_dir, progress)
    chosen = _writer(options, checker)
    if options.fix or options.diff:
        changed = _fix_files(options, checker, batch, emit, echo)
        if options.diff:
            _nothing_found(options.paths, batch, echo)
            return 1 if changed and not options.exit_zero else 0
        reports = batch.reports(options.paths)
        failing = _deliver(chosen, reports, deliver, checker)
        remaining = sum(len(r.findings) for r in reports)
        echo(f"{remaining} finding{'s remain' if remaining != 1 else ' remains'}", True)
    else:
        variant = f"styled={options.style is not None};quiet={options.quiet};statistics={options.statistics}"
        with tempfile.TemporaryFile() as out:  # private, and gone when closed
            failing = batch.report(options.paths, chosen, variant, out)
            out.seek(0)
            deliver(out)
    _nothing_found(options.paths, batch, echo)
    return 1 if failing and not options.exit_zero else 0


def _nothing_found(paths: tuple[str, ...], batch: Batch, echo: Echo) -> None:
    """Warn when the folders named held no protocol to check: a mistyped folder in CI would
    otherwise pass green having checked nothing. Not an exit 2: the folder was read, and an
    empty one is a state a repository can be in (every protocol excluded, none written yet).
    Files named one by one and all excluded (pre-commit) are said nothing about.
    """
    held = [os.path.realpath(t.file) for t in batch.found]
    empty = [p for p in dict.fromkeys(paths) if os.path.isdir(p)
             and not any(f.startswith(os.path.join(os.path.realpath(p), "")) for f in held)]
    if empty:
        echo(f"confide: warning: no *.protocol files to check in {', '.join(empty)}", True)


def _deliver(chosen: Writer, reports: list[FileReport], deliver: Deliver, checker: Checker) -> bool:
    """Write the report of reports already in memory (one protocol, or after --fix); whether it fails."""
    counted = totals(reports, checker.settings.fail_on)
    with tempfile.TemporaryFile() as out:
        chosen.write((chosen.fragment(r) for r in reports), counted, out)
        out.seek(0)
        deliver(out)
    return counted.failing


def _writer(options: CheckRun, checker: Checker) -> Writer:
    settings = checker.settings
    if options.statistics:
        return SummaryWriter(statistics=True, as_json=settings.format == "json")
    if options.quiet and settings.format in {"text", "github"}:
        return SummaryWriter()
    return writer(settings.format, settings, options.style)


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
            write_atomic(file, as_written(file.read_bytes(), result.after))
    if options.diff:
        emit("".join(diffs), "text")
    verb = "would fix" if options.diff else "fixed"
    echo(f"{verb} {fixed} finding{'s' if fixed != 1 else ''} in {changed} file{'s' if changed != 1 else ''}", True)
    return changed


def _stdin(options: CheckRun, checker: Checker, emit: Emit, deliver: Deliver, echo: Echo, raw: bytes) -> int:
    """Check the bytes of standard input, decoded with the checks a file's bytes get (E006 for
    UTF-16, NUL bytes, another encoding); with ``--fix``, print the fixed text instead of the report.
    """
    name = options.stdin_filename
    shown = name or "<stdin>"
    file = Path(name) if name else Path("stdin.protocol")
    settings = checker.settings
    if name and settings.force_exclude and settings.excludes(name):
        if options.fix or options.diff:
            emit(raw if options.fix else "", None)
        else:
            _deliver(_writer(options, checker), [], deliver, checker)
        return 0
    root = checker.root_for(file)
    failed = 0 if options.exit_zero else 1
    if options.fix or options.diff:
        from confide.commands import fix as fixing

        decoded = decode_source(raw, shown, settings.max_file_size)
        if isinstance(decoded, Finding):
            # Not protocol text: said on stderr, and given back as it came (an editor puts what
            # --fix prints in place of its buffer), never mangled by a decoder.
            echo(render_text([checker.check(file, shown, root, raw).report]).rstrip("\n"), True)
            if options.fix:
                emit(raw, None)
            return failed
        result = fixing.fix_file(checker, file, shown, root, decoded.text, fixing.threshold(settings.fail_on))
        if not options.quiet:
            fixing.describe(result, echo, would=options.diff)
        if options.diff:
            emit(fixing.unified(result), "text")
            return failed if result.changed else 0
        emit(as_written(raw, result.after), None)  # the input's line ends and byte-order mark, as a file keeps
        report = result.checked.report if result.checked else None
        if report is not None:
            echo(summary_line([report]), True)
        return failed if report is not None and report.failing(settings.fail_on) else 0
    checked = checker.check(file, shown, root, raw)
    failing = _deliver(_writer(options, checker), checker.library_reports() + [checked.report], deliver, checker)
    return failed if failing else 0
