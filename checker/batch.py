"""Paths + a Checker -> each file's judged report, encoded, in order: in parallel and cached.

``confide check`` on a folder runs the one check core (:mod:`confide.check`) on every
protocol, but:

- files whose key (bytes, place, includes, libraries, confide itself) is in the cache are
  answered from their stored :class:`~confide.check.Analysis` without parsing (see
  :mod:`confide.cache`);
- the rest are checked in worker processes (``--jobs``, default every core), a few files
  per task, because the work is CPU-bound and the GIL would serialise threads;
- whoever checks a file also judges it with the run's settings and the day (``check.judge``,
  so neither the cache nor the workers' entries depend on them) and encodes its part of the
  report (``encode``: a report writer's, confide.report.stream): no analysis, source or finding
  crosses back to the parent, which only adds up totals and writes fragments as they come;
- reports come in one fixed order whatever the argument order, ``--jobs`` or cache state:
  problems in library files first (by path), then files sorted by the path they are shown
  under, which is the order the findings of a report are sorted in (LANGUAGE.md §7).
"""

from __future__ import annotations

import contextlib
import gc
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from confide.cache import (
    Cache,
    Entry,
    dependency_state,
    entry_text,
    file_key,
    report_key,
    run_fingerprint,
    settings_text,
)
from confide.check import Analysis, Checker, FileReport, Totals, judge
from confide.config import Settings
from confide.discovery import Target, discover
from confide.inputs import UNREADABLE
from confide.language.parse import collector_paused
from confide.loader import real
from confide.source import Span

# A file takes ~20 ms; a worker costs ~100 ms to start and load the library. So each worker
# needs this many files to pay for itself, and pre-commit's handful of files runs in-process.
FILES_PER_WORKER = 8
# Tasks per worker: enough to balance uneven files, few enough that IPC stays negligible.
TASKS_PER_WORKER = 4
# Files per task at most: a task's reply is held whole (by the worker until the task is done, by
# the parent until its turn comes), so on a large folder replies stay small (docs/performance.md).
MAX_FILES_PER_TASK = 32
Dependencies = tuple[tuple[str, str], ...]
Progress = Callable[[int, int], None]  # (files done, files in all), after each file
Encode = Callable[[FileReport], Any]  # a file's judged report -> its part of the report
__all__ = ["Batch", "Target", "default_jobs", "discover"]


def default_jobs() -> int:
    """Every core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class ReportWriter(Protocol):
    """A report format, file by file (confide.report.stream.Writer)."""

    def fragment(self, report: FileReport) -> Any:
        """One file's part of the report (None: nothing), made wherever the file is checked."""

    def write(self, fragments: Iterable[Any], counted: Totals, out: IO[bytes]) -> None:
        """Write the report of ``fragments`` to ``out``; ``counted`` is complete once they are."""


@dataclass(frozen=True)
class Piece:
    """One file done, in whichever process checked it: all that the parent needs of it."""

    fragment: Any  # its encoded part of the report
    totals: Totals
    dependencies: Dependencies  # include paths as written, with what each held
    entry: str | None = None  # its cache entry's text, when one should be stored
    stopped: bool = False  # over its budget: depends on the machine, so never cached


class Batch:
    """Many files through one checker: cache, workers, and judged reports in a fixed order."""

    def __init__(self, checker: Checker, jobs: int | None = None, cache_dir: Path | None = None,
                 progress: Progress | None = None) -> None:
        self.checker = checker
        self.settings = checker.settings
        self.jobs = jobs or default_jobs()
        # Signed with this user's private key (confide.cache); None when there is no safe place for it.
        self.cache = Cache.open(cache_dir, self.settings.cache_size) if cache_dir is not None else None
        self.progress = progress
        self.stopped = False  # a file ran over its budget: this run's report depends on the machine
        self.dependencies: list[tuple[str, str, str]] = []  # every include of the last run, with its root
        self.found: list[Target] = []  # the files of the last run

    def targets(self, paths: Iterable[str]) -> list[Target]:
        """The files a run over ``paths`` checks (kept in ``found``: whether a run checked anything)."""
        self.found = discover(paths, self.settings, root_for=self.checker.root_for)
        return self.found

    def reports(self, paths: Iterable[str]) -> list[FileReport]:
        """Every file's judged report, library problems first (held in memory: the Python API, --fix)."""
        return list(self.run(self.targets(paths), _as_is))

    def run(self, targets: list[Target], encode: Encode, counted: Totals | None = None) -> Iterator[Any]:
        """Each file's report as ``encode`` makes it, in report order; ``counted`` adds them up."""
        counted = Totals() if counted is None else counted
        fail_on = self.settings.fail_on
        self.checker.library(None)  # the run's own library: any problem in a --library file is reported
        for report in self.checker.library_reports():
            counted.add(Totals.of(report, fail_on))
            yield encode(report)
        keys = self.keys(targets)
        cache = self.cache
        held = [cache is not None and key is not None and cache.holds(key) for key in keys]
        self.dependencies = []
        keep = cache is not None  # whether a file's entry is worth making
        misses = [(t, keep and k is not None) for t, k, h in zip(targets, keys, held, strict=True) if not h]
        with contextlib.ExitStack() as stack:
            fresh = self._analyse(misses, encode, stack)
            for done, (target, key, hit) in enumerate(zip(targets, keys, held, strict=True), 1):
                piece = self._cached(target, key, encode) if hit and key is not None else next(fresh)
                if piece is None:  # stored, but stale or not signed by us: checked here
                    piece = _one(self.checker, target, encode, True)
                counted.add(piece.totals)
                self.dependencies.extend((path, target.root, state) for path, state in piece.dependencies)
                self.stopped = self.stopped or piece.stopped
                if cache is not None and key is not None and piece.entry is not None:
                    cache.store(key, piece.entry)
                if self.progress is not None:
                    self.progress(done, len(targets))
                yield piece.fragment
        if cache is not None:
            cache.settle()

    def _cached(self, target: Target, key: str, encode: Encode) -> Piece | None:
        """A file answered from its cache entry, judged and encoded here."""
        entry = self.cache.lookup(key, Path(target.root), self.settings.max_file_size) if self.cache else None
        if entry is None:
            return None
        return _encoded(self.checker, entry.analysis, entry.dependencies, encode, False)

    def keys(self, targets: list[Target]) -> list[str | None]:
        """Each target's cache key (None without a cache, or when it must not be read)."""
        if self.cache is None:
            return [None] * len(targets)
        base = run_fingerprint(self.settings)
        return [_key(base, t, self.settings.max_file_size) for t in targets]

    def report(self, paths: Iterable[str], writer: ReportWriter, variant: str, out: IO[bytes]) -> bool:
        """Write the report of ``paths`` to ``out`` (a temporary file, read back to cache the report);
        return whether it fails ``fail_on``.

        Re-running an unchanged check is common (CI on every push, an editor on every save), and
        on a large folder re-encoding every finding costs more than answering each file from the
        cache; so the finished report is cached too, under the keys of every file checked, every
        setting, the working folder and ``variant`` (whatever else the rendering depends on, such
        as colour). It is used only when every file could be keyed and no include has changed.
        """
        targets = self.targets(paths)
        keys = self.keys(targets)
        whole = None
        today = self.settings.today
        if self.cache is not None and all(key is not None for key in keys):
            # Not the day itself: the report is the same on any day no waiver or review date
            # passes (Totals.dates), so it is not made afresh every morning.
            used = settings_text(self.settings, leave_out=frozenset({"today"}))
            whole = report_key(variant, str(Path.cwd()), used, [k or "" for k in keys])
            failing = self.cache.lookup_report(whole, self.settings.max_file_size, today, out)
            if failing is not None:
                return failing
        counted = Totals()
        writer.write(self.run(targets, writer.fragment, counted), counted, out)
        cache = self.cache
        if cache is not None and whole is not None and not self.stopped:
            cache.store_report(whole, out, counted.failing, self.dependencies, sorted(counted.dates), today)
            cache.settle()
        return counted.failing

    def _analyse(self, targets: list[tuple[Target, bool]], encode: Encode,
                 stack: contextlib.ExitStack) -> Iterator[Piece]:
        """Check ``targets`` (each with whether to make its cache entry) here, or in worker processes
        when there are enough of them; the pieces come in order.
        """
        workers = min(self.jobs, len(targets) // FILES_PER_WORKER)
        if workers < 2:
            return self._here(targets, encode)
        from concurrent.futures import ProcessPoolExecutor  # ~10 ms to import; a one-file check never needs it

        chunk = max(1, min(MAX_FILES_PER_TASK, len(targets) // (workers * TASKS_PER_WORKER)))
        pool = ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(self.settings, encode))
        stack.callback(pool.shutdown, wait=True, cancel_futures=True)  # a failed write stops the rest
        # The replies are small and acyclic, so the cyclic collector's passes free nothing.
        stack.enter_context(collector_paused())
        return pool.map(_worker, targets, chunksize=chunk)

    def _here(self, targets: list[tuple[Target, bool]], encode: Encode) -> Iterator[Piece]:
        """Check ``targets`` in this process, each :func:`_alone`, once everything alive so far
        (modules, the library) is set aside from the collector, as a worker's is when it starts.
        """
        gc.freeze()
        try:
            for target, entry in targets:
                yield _alone(self.checker, target, encode, entry)
        finally:
            gc.unfreeze()


_WORKER: tuple[Checker, Encode] | None = None  # one per worker process


def _start_worker(settings: Settings, encode: Encode) -> None:
    """Give a worker the run's checker and report writer once, not with every task.

    A forked worker inherits the parent's paused garbage collector; parsing does make cycles,
    so the worker turns it back on.
    """
    global _WORKER
    _WORKER = (Checker(settings), encode)
    gc.enable()
    gc.freeze()


def _worker(task: tuple[Target, bool]) -> Piece:
    if _WORKER is None:
        raise RuntimeError("worker process was not initialised")
    return _alone(_WORKER[0], task[0], _WORKER[1], task[1])


def _alone(checker: Checker, target: Target, encode: Encode, entry: bool) -> Piece:
    """Check one file with the collector paused, then collect the few cycles it made (networkx's)
    and set aside what survives (the library, what is shared between files), so that no pass
    of the collector walks the earlier files' survivors again: each pass is one file's objects.
    """
    with collector_paused():  # judging and encoding too: what they make is freed with the file
        piece = _one(checker, target, encode, entry)
    gc.collect()
    gc.freeze()
    return piece


def _as_is(report: FileReport) -> FileReport:
    """The report itself (for :meth:`Batch.reports`)."""
    return report


def _one(checker: Checker, target: Target, encode: Encode, entry: bool) -> Piece:
    """Check one file, judge it and encode its part of the report; ``entry``: make its cache entry too."""
    analysis, found, report = _analyse_one(checker, target)
    return _encoded(checker, analysis, found, encode, entry, report)


def _encoded(checker: Checker, analysis: Analysis, found: Dependencies, encode: Encode, entry: bool,
             report: FileReport | None = None) -> Piece:
    """A file's piece from its analysis, fresh or cached: judged by the run's settings (unless the
    check just did), encoded.
    """
    report = report if report is not None else judge(analysis, checker.settings, checker.catalogue)
    text = entry_text(Entry(analysis, found)) if entry and not analysis.stopped else None
    return Piece(encode(report), Totals.of(report, checker.settings.fail_on), found, text, analysis.stopped)


def _analyse_one(checker: Checker, target: Target) -> tuple[Analysis, Dependencies, FileReport | None]:
    """Analyse one file; return its analysis, the include paths it depended on and, when the
    check judged it, its report.
    """
    file, root = Path(target.file), Path(target.root)
    if target.unreadable is not None:
        unreadable = UNREADABLE.finding(Span.point(target.shown, 1, 1), target.unreadable)
        return Analysis(target.shown, (unreadable,)), (), None
    checked = checker.analyse(file, target.shown, root)
    unit = checked.unit
    if unit is None or not (any(document.includes for document in unit.documents) or unit.root.scenarios):
        return checked.analysis, (), checked.report
    # Documents are in the order the loader included them, so the n-th document after the first
    # was read from the n-th included path: its own includes are relative to that. A scenario's
    # protocol-file is looked for too (E003 when it is missing), so the result depends on it.
    where = [real(file), *(Path(p) for p in checked.analysis.included)]
    candidates = sorted({str(place.parent / include.target.text)
                         for place, document in zip(where, unit.documents, strict=False)
                         for include in document.includes}
                        | {str(where[0].parent / s.protocol_file.text) for s in unit.root.scenarios if s.protocol_file})
    return (checked.analysis, tuple((c, dependency_state(c, root, checker.settings.max_file_size)) for c in candidates),
            checked.report)


def _key(base: str, target: Target, max_bytes: int) -> str | None:
    """The cache key of a target, or None when it must not or cannot be read for hashing.

    A link out of the checked folder is never read (the loader refuses it), and a file over
    the size limit is not worth caching: the loader rejects it without reading it either.
    """
    file, root = Path(target.file), Path(target.root)
    if target.unreadable is not None:
        return None
    try:
        if not real(file).is_relative_to(real(root)):
            return None
        status = file.stat()
        if not stat.S_ISREG(status.st_mode) or status.st_size > max_bytes:
            return None
        content = file.read_bytes()
    except OSError:
        return None
    return file_key(base, file, target.shown, root, content)


def check_paths(paths: Iterable[str], settings: Settings | None = None, jobs: int = 1) -> list[FileReport]:
    """Check ``paths`` in this process without a cache: the simplest way to use confide from Python."""
    return Batch(Checker(settings or Settings()), jobs).reports(paths)
