"""Paths + a Checker -> :class:`~confide.check.FileReport` per file, in parallel and cached.

``confide check`` on a folder runs the one check core (:mod:`confide.check`) on every
protocol, but:

- files whose key (bytes, place, includes, libraries, confide itself) is in the cache are
  answered from their stored :class:`~confide.check.Analysis` without parsing (see
  :mod:`confide.cache`);
- the rest are analysed in worker processes (``--jobs``, default every core), a few files
  per task, because the work is CPU-bound and the GIL would serialise threads;
- the parent judges every analysis with the run's settings and the day (``check.judge``),
  so neither the cache nor the workers depend on them;
- reports come in one fixed order whatever the argument order, ``--jobs`` or cache state:
  problems in library files first (by path), then files sorted by the path they are shown
  under, which is the order the findings of a report are sorted in (LANGUAGE.md §7).
"""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from confide.cache import (
    Cache,
    Entry,
    dependency_state,
    file_key,
    judged_dates,
    report_key,
    run_fingerprint,
    settings_text,
)
from confide.check import Analysis, Checker, FileReport, judge
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
Dependencies = tuple[tuple[str, str], ...]
Progress = Callable[[int, int], None]  # (files done, files in all), after each file
__all__ = ["Batch", "Target", "default_jobs", "discover"]


def default_jobs() -> int:
    """Every core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


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

    def targets(self, paths: Iterable[str]) -> list[Target]:
        """The files a run over ``paths`` checks."""
        return discover(paths, self.settings, root_for=self.checker.root_for)

    def reports(self, paths: Iterable[str]) -> list[FileReport]:
        """Every file's judged report, library problems first."""
        return self.run(self.targets(paths))[0]

    def run(self, targets: list[Target]) -> tuple[list[FileReport], list[tuple[str, str, str]]]:
        """Reports for ``targets`` and every include dependency (for a cached whole report)."""
        self.checker.library(None)  # the run's own library: any problem in a --library file is reported
        keys = self.keys(targets)
        analyses: list[Analysis | None] = [None] * len(targets)
        dependencies: list[tuple[str, str, str]] = []
        misses: list[int] = []
        for index, (target, key) in enumerate(zip(targets, keys, strict=True)):
            entry = None
            if self.cache is not None and key is not None:
                entry = self.cache.lookup(key, Path(target.root), self.settings.max_file_size)
            if entry is None:
                misses.append(index)
                continue
            analyses[index] = entry.analysis
            dependencies.extend((path, target.root, state) for path, state in entry.dependencies)
        done = len(targets) - len(misses)
        if self.progress is not None:
            self.progress(done, len(targets))
        for index, analysis, found in self._analyse([targets[i] for i in misses], misses):
            done += 1
            if self.progress is not None:
                self.progress(done, len(targets))
            analyses[index] = analysis
            dependencies.extend((path, targets[index].root, state) for path, state in found)
            key = keys[index]
            self.stopped = self.stopped or analysis.stopped
            if self.cache is not None and key is not None and not analysis.stopped:
                self.cache.store(key, Entry(analysis, found))
        if self.cache is not None:
            self.cache.settle()
        reports = [judge(a, self.settings, self.checker.catalogue) for a in analyses if a is not None]
        return self.checker.library_reports() + reports, dependencies

    def keys(self, targets: list[Target]) -> list[str | None]:
        """Each target's cache key (None without a cache, or when it must not be read)."""
        if self.cache is None:
            return [None] * len(targets)
        base = run_fingerprint(self.settings)
        return [_key(base, t, self.settings.max_file_size) for t in targets]

    def report(self, paths: Iterable[str], render: Callable[[list[FileReport]], str], variant: str) -> tuple[str, bool]:
        """The rendered report of ``paths`` and whether it fails ``fail_on``.

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
            # passes (cache.judged_dates), so it is not made afresh every morning.
            used = settings_text(self.settings, leave_out=frozenset({"today"}))
            whole = report_key(variant, str(Path.cwd()), used, [k or "" for k in keys])
            hit = self.cache.lookup_report(whole, self.settings.max_file_size, today)
            if hit is not None:
                return hit
        reports, dependencies = self.run(targets)
        text, failing = render(reports), any(r.failing(self.settings.fail_on) for r in reports)
        if self.cache is not None and whole is not None and not self.stopped:
            self.cache.store_report(whole, text, failing, dependencies, judged_dates(reports), today)
            self.cache.settle()
        return text, failing

    def _analyse(self, targets: list[Target], indexes: list[int]) -> Iterator[tuple[int, Analysis, Dependencies]]:
        """Analyse ``targets`` here, or in worker processes when there are enough of them."""
        workers = min(self.jobs, len(targets) // FILES_PER_WORKER)
        if workers < 2:
            # What is kept for the report is acyclic. Everything alive so far (modules, the library)
            # is set aside, and after each file the few cycles it made (networkx's) are collected
            # and what survives is set aside too: the collector never walks the growing pile of
            # analyses again (a sixth of a 10,000-file run), and each pass is one file's objects.
            gc.freeze()
            try:
                for index, target in zip(indexes, targets, strict=True):
                    analysis, found = _analyse_one(self.checker, target)
                    gc.collect()
                    gc.freeze()
                    yield index, analysis, found
            finally:
                gc.unfreeze()
            return
        from concurrent.futures import ProcessPoolExecutor  # ~10 ms to import; a one-file check never needs it

        chunk = max(1, len(targets) // (workers * TASKS_PER_WORKER))
        # The replies are acyclic, so the cyclic collector's passes over the growing pile of
        # findings free nothing; on 10,000 files they made the parent the bottleneck.
        with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(self.settings,)) as pool, \
                collector_paused():
            for index, (analysis, found) in zip(indexes, pool.map(_worker, targets, chunksize=chunk), strict=True):
                yield index, analysis, found


_WORKER: Checker | None = None  # one per worker process


def _start_worker(settings: Settings) -> None:
    """Give a worker the run's checker once, not with every task.

    A forked worker inherits the parent's paused garbage collector; parsing does make cycles,
    so the worker turns it back on.
    """
    global _WORKER
    _WORKER = Checker(settings)
    gc.enable()


def _worker(target: Target) -> tuple[Analysis, Dependencies]:
    if _WORKER is None:
        raise RuntimeError("worker process was not initialised")
    return _analyse_one(_WORKER, target)


def _analyse_one(checker: Checker, target: Target) -> tuple[Analysis, Dependencies]:
    """Analyse one file; return its analysis and the include paths it depended on."""
    file, root = Path(target.file), Path(target.root)
    if target.unreadable is not None:
        return Analysis(target.shown, (UNREADABLE.finding(Span.point(target.shown, 1, 1), target.unreadable),)), ()
    checked = checker.analyse(file, target.shown, root)
    if checked.unit is None:
        return checked.analysis, ()
    # Documents are in the order the loader included them, so the n-th document after the first
    # was read from the n-th included path: its own includes are relative to that.
    where = [real(file), *(Path(p) for p in checked.analysis.included)]
    candidates = sorted({str(place.parent / include.target.text)
                         for place, document in zip(where, checked.unit.documents, strict=False)
                         for include in document.includes})
    return checked.analysis, tuple((c, dependency_state(c, root, checker.settings.max_file_size)) for c in candidates)


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
