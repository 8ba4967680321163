"""Paths + Settings -> report :class:`~confide.check.Result` list, in parallel and cached.

``confide check`` runs the same per-file pipeline as :func:`confide.check.check`, but:

- files whose key (bytes, includes, library, settings, version) is in ``.confide-cache/``
  are answered from there without parsing (see :mod:`confide.cache`);
- the rest are checked in worker processes (``--jobs``, default every core), a few files per
  task, because the work is CPU-bound and the GIL would serialise threads;
- results come back in one fixed order whatever the argument order, ``--jobs`` or cache
  state: problems in ``--library`` files first (by path), then files in the order a sorted
  walk of the folders visits them (a folder's own files, then its subfolders). For a single
  folder that is exactly :func:`confide.check.discover`'s order.

The results are for reporting: they carry source and findings but not the model
(``unit`` is None), which keeps the parent's memory flat and the worker replies small.
"""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from confide.cache import (
    CACHE_DIR,
    Cache,
    Entry,
    dependency_state,
    file_key,
    report_key,
    settings_fingerprint,
    settings_text,
)
from confide.config import Settings
from confide.findings import Finding
from confide.library import Library, library_files
from confide.loader import read_source, real
from confide.language.parse import collector_paused
from confide.check import Result, check_file, discover, jurisdiction_of, library_results, load_library

DEFAULT_JURISDICTION = "england-and-wales"
# Below this many files to check, starting worker processes costs more than it saves.
MIN_PARALLEL = 4
# Tasks per worker: enough to balance uneven files, few enough that IPC stays negligible.
TASKS_PER_WORKER = 4
Dependencies = tuple[tuple[str, str], ...]
__all__ = ["CACHE_DIR", "default_jobs", "report", "run"]


def default_jobs() -> int:
    """Every core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class _Job:
    """One file to check, in a form that crosses to a worker process cheaply."""

    index: int
    file: str
    shown: str
    root: str
    jurisdiction: str


class _Libraries:
    """Libraries by jurisdiction, loaded (or answered from the cache) when first needed."""

    def __init__(self, settings: Settings, cache: Cache | None) -> None:
        self.settings = settings
        self.cache = cache
        self.loaded: dict[str, Library] = {}
        self.problems: dict[str, list[Finding]] = {}
        self.bases: dict[str, str] = {}

    def base(self, jurisdiction: str) -> str:
        """The fingerprint every file key of this jurisdiction starts from."""
        if jurisdiction not in self.bases:
            files = library_files(jurisdiction, self.settings.library)
            self.bases[jurisdiction] = settings_fingerprint(self.settings, jurisdiction, files)
        return self.bases[jurisdiction]

    def note(self, jurisdiction: str) -> None:
        """Record the library's own findings: from the cache if possible, else by loading it."""
        if jurisdiction in self.problems:
            return
        files = library_files(jurisdiction, self.settings.library)
        if self.cache is not None and all(p.is_file() for p in files):
            entry = self.cache.lookup(self.base(jurisdiction), Path("."), self.settings.max_file_size)
            if entry is not None:
                self.problems[jurisdiction] = list(entry.findings)
                return
        self.get(jurisdiction)

    def get(self, jurisdiction: str) -> Library:
        """The library itself, parsed (a miss needs it)."""
        if jurisdiction not in self.loaded:
            library, problems = load_library(jurisdiction, self.settings.library, self.settings.max_file_size)
            self.loaded[jurisdiction] = library
            self.problems[jurisdiction] = problems
            if self.cache is not None:
                self.cache.store(self.base(jurisdiction), Entry(tuple(problems), False, (), ()))
        return self.loaded[jurisdiction]

    def results(self) -> list[Result]:
        """One result per library file with problems, by path (as the pipeline reports them)."""
        return library_results(f for found in self.problems.values() for f in found)


def run(paths: Iterable[str], settings: Settings, jobs: int | None = None,
        cache_dir: Path | None = None) -> list[Result]:
    """Check every protocol under ``paths``; ``cache_dir`` None means no cache."""
    cache = Cache(cache_dir) if cache_dir is not None else None
    libraries = _Libraries(settings, cache)
    return _execute(_plan(paths, settings, libraries, cache), settings, libraries, cache, jobs)[0]


Progress = Callable[[int, int], None]  # (files done, files in all), after each file


def report(paths: Iterable[str], settings: Settings, jobs: int | None, cache_dir: Path | None,
           render: Callable[[list[Result]], str], variant: str,
           progress: Progress | None = None) -> tuple[str, bool]:
    """The rendered report of ``paths`` and whether it fails ``fail_on``.

    Re-running an unchanged check is common (CI on every push, an editor on every save), and
    on a large folder re-encoding every finding costs more than answering each file from the
    cache; so the finished report is cached too, under the keys of every file checked, every
    setting, the working folder and ``variant`` (whatever else the rendering depends on, such
    as colour). It is used only when every file could be keyed and no include has changed.
    """
    cache = Cache(cache_dir) if cache_dir is not None else None
    libraries = _Libraries(settings, cache)
    plan = _plan(paths, settings, libraries, cache)
    whole = None
    if cache is not None and all(key is not None for key in plan.keys):
        whole = report_key(variant, str(Path.cwd()), settings_text(settings), [k or "" for k in plan.keys])
        hit = cache.lookup_report(whole, settings.max_file_size)
        if hit is not None:
            return hit
    results, dependencies = _execute(plan, settings, libraries, cache, jobs, progress)
    text, failing = render(results), any(r.failing(settings.fail_on) for r in results)
    if cache is not None and whole is not None:
        cache.store_report(whole, text, failing, dependencies)
    return text, failing


@dataclass(frozen=True)
class _Plan:
    """What a run will check: each file, its jurisdiction and (with a cache) its key."""

    found: list[tuple[Path, str, Path]]
    jurisdictions: list[str]
    keys: list[str | None]


def _plan(paths: Iterable[str], settings: Settings, libraries: _Libraries, cache: Cache | None) -> _Plan:
    found = discover(paths, settings.exclude)
    jurisdictions: list[str] = []
    keys: list[str | None] = []
    for file, shown, root in found:
        # A link out of the folder is refused unread; not even its jurisdiction line is looked at.
        jurisdiction = jurisdiction_of(file, settings) if _inside(file, root) else DEFAULT_JURISDICTION
        libraries.note(jurisdiction)
        jurisdictions.append(jurisdiction)
        keys.append(_key(libraries.base(jurisdiction), file, shown, root, settings) if cache is not None else None)
    return _Plan(found, jurisdictions, keys)


def _execute(plan: _Plan, settings: Settings, libraries: _Libraries, cache: Cache | None,
             jobs: int | None, progress: Progress | None = None) -> tuple[list[Result], list[tuple[str, str, str]]]:
    """Answer what the cache can, check the rest; return results and every include dependency."""
    total = len(plan.found)
    results: list[Result | None] = [None] * len(plan.found)
    dependencies: list[tuple[str, str, str]] = []  # (include path, root, state) of every file
    misses: list[_Job] = []
    for index, ((file, shown, root), key) in enumerate(zip(plan.found, plan.keys)):
        entry = cache.lookup(key, root, settings.max_file_size) if cache is not None and key is not None else None
        hit = _from_entry(entry, file, shown, settings) if entry is not None else None
        if entry is not None and hit is not None:
            results[index] = hit
            dependencies.extend((path, str(root), state) for path, state in entry.dependencies)
            continue
        misses.append(_Job(index, str(file), shown, str(root), plan.jurisdictions[index]))
    if progress is not None:
        progress(total - len(misses), total)
    for done, (job, result, found) in enumerate(_check(misses, settings, libraries, jobs or default_jobs()),
                                                start=total - len(misses) + 1):
        if progress is not None:
            progress(done, total)
        results[job.index] = result
        dependencies.extend((path, job.root, state) for path, state in found)
        key = plan.keys[job.index]
        if cache is not None and key is not None:
            cache.store(key, Entry(tuple(result.findings), result.source is not None, result.included, found))
    checked = sorted((r for r in results if r is not None), key=lambda r: _walk_order(r.path))
    return libraries.results() + checked, dependencies


def _walk_order(path: str) -> tuple[tuple[int, str], ...]:
    """Sort key matching a sorted top-down walk: a folder's files before its subfolders."""
    parts = Path(path).parts
    return (*((1, part) for part in parts[:-1]), (0, parts[-1] if parts else ""))


def _inside(file: Path, root: Path) -> bool:
    return real(file).is_relative_to(real(root))


def _key(base: str, file: Path, shown: str, root: Path, settings: Settings) -> str | None:
    """The cache key of ``file``, or None when it must not or cannot be read for hashing.

    A link out of the checked folder is never read (the loader refuses it), and a file over
    the size limit is not worth caching: the loader rejects it without reading it either.
    """
    try:
        if not _inside(file, root):
            return None
        status = file.stat()
        if not stat.S_ISREG(status.st_mode) or status.st_size > settings.max_file_size:
            return None
        content = file.read_bytes()
    except OSError:
        return None
    return file_key(base, file, shown, root, content)


def _from_entry(entry: Entry, file: Path, shown: str, settings: Settings) -> Result | None:
    source = None
    if entry.has_source:  # the text is needed for excerpts in the text report
        read = read_source(file, shown, settings.max_file_size)
        if isinstance(read, Finding):
            return None
        source = read
    return Result(shown, source, None, list(entry.findings), entry.included)


def _check(jobs: list[_Job], settings: Settings, libraries: _Libraries,
           workers: int) -> Iterator[tuple[_Job, Result, Dependencies]]:
    """Check ``jobs`` here, or in ``workers`` processes when there are enough of them."""
    needed = {job.jurisdiction: libraries.get(job.jurisdiction) for job in jobs}
    workers = min(workers, len(jobs))
    if workers < 2 or len(jobs) < MIN_PARALLEL:
        for job in jobs:
            yield job, *_check_one(job, settings, needed[job.jurisdiction])
        return
    from concurrent.futures import ProcessPoolExecutor  # ~10 ms to import; a one-file check never needs it

    chunk = max(1, len(jobs) // (workers * TASKS_PER_WORKER))
    # The replies are acyclic, so the cyclic collector's passes over the growing pile of
    # findings free nothing; on 10,000 files they made the parent the bottleneck.
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(settings, needed)) as pool, \
            collector_paused():
        for job, (result, dependencies) in zip(jobs, pool.map(_worker_check, jobs, chunksize=chunk)):
            yield job, result, dependencies


_WORKER: tuple[Settings, dict[str, Library]] | None = None  # set once in each worker process


def _start_worker(settings: Settings, libraries: dict[str, Library]) -> None:
    """Give a worker the run's settings and libraries once, not with every task.

    A forked worker inherits the parent's paused garbage collector; parsing does make cycles,
    so the worker turns it back on.
    """
    global _WORKER
    _WORKER = (settings, libraries)
    gc.enable()


def _worker_check(job: _Job) -> tuple[Result, Dependencies]:
    if _WORKER is None:
        raise RuntimeError("worker process was not initialised")
    settings, libraries = _WORKER
    return _check_one(job, settings, libraries[job.jurisdiction])


def _check_one(job: _Job, settings: Settings, library: Library) -> tuple[Result, Dependencies]:
    """Check one file; return its report result and the include paths it depended on."""
    file, root = Path(job.file), Path(job.root)
    result = check_file(file, job.shown, root, settings, library)
    return replace(result, unit=None), _dependencies(file, result, root, settings.max_file_size)


def _dependencies(file: Path, result: Result, root: Path, max_bytes: int) -> Dependencies:
    """Every include path the check looked at (found, missing or refused), with its state.

    Documents are in the order the loader included them, so the n-th document after the
    first was read from the n-th ``included`` path: its own includes are relative to that.
    """
    if result.unit is None:
        return ()
    where = [real(file), *(Path(p) for p in result.included)]
    candidates = sorted({str(real.parent / include.target.text)
                         for real, document in zip(where, result.unit.documents)
                         for include in document.includes})
    return tuple((c, dependency_state(c, root, max_bytes)) for c in candidates)
