"""Paths + Settings -> :class:`Result` per file: discover, load library, load, check.

The one place the stages are chained, so the CLI, ``confide test`` and the benchmark run
exactly the same pipeline.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from confide.config import Settings
from confide.engine import configure, run_rules
from confide.findings import Finding, Severity
from confide.library import Library, assemble, library_files
from confide.loader import DEFAULT_MAX_BYTES, Unit, load, parse_document
from confide.source import SourceFile
from confide.vocabulary import JURISDICTIONS


class UsageError(Exception):
    """The check cannot run at all (exit 2): a missing path, a bad library."""


@dataclass
class Result:
    """One checked file: its source (for excerpts), model and sorted findings."""

    path: str
    source: SourceFile | None
    unit: Unit | None
    findings: list[Finding] = field(default_factory=list)
    # The resolved paths of the files it included: the runner's cache depends on them too.
    included: tuple[str, ...] = ()

    def failing(self, fail_on: Severity) -> list[Finding]:
        """Findings at or above ``fail_on`` that are not waived."""
        return [f for f in self.findings if f.severity >= fail_on and not f.waived]


def is_protocol(file: Path) -> bool:
    """What a folder walk picks up by default: every ``*.protocol``."""
    return file.suffix == ".protocol"


def discover(paths: Iterable[str], exclude: Iterable[str] = (),
             accept: Callable[[Path], bool] = is_protocol) -> list[tuple[Path, str, Path]]:
    """``(file, shown path, root folder)`` for every file named, or below a named folder and accepted."""
    found: list[tuple[Path, str, Path]] = []
    patterns = list(exclude)
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames.sort()
                for name in sorted(filenames):
                    if accept(Path(dirpath) / name):
                        shown = os.path.normpath(os.path.join(dirpath, name))
                        if not any(fnmatch.fnmatch(shown, p) or fnmatch.fnmatch(name, p) for p in patterns):
                            found.append((Path(dirpath) / name, shown, path))
        elif path.exists() or path.is_symlink():
            found.append((path, os.path.normpath(given), path.parent))
        else:
            raise UsageError(f"no such file or folder: {given}")
    return found


def load_library(jurisdiction: str, extra: Iterable[Path], max_bytes: int) -> tuple[Library, list[Finding]]:
    """The library for ``jurisdiction`` plus ``--library`` files, checked."""
    documents = []
    findings: list[Finding] = []
    for index, path in enumerate(library_files(jurisdiction, extra)):
        if not path.is_file():
            if index == 0:
                raise UsageError(f"no built-in law library for jurisdiction '{jurisdiction}'")
            raise UsageError(f"library file not found: {path}")
        shown = str(path) if index else f"<library:{jurisdiction}>"
        # The size limit guards against the files being checked; the shipped library is ours.
        limit = max(max_bytes, DEFAULT_MAX_BYTES) if index == 0 else max_bytes
        _, document, errors = parse_document(path, shown, limit)
        findings.extend(errors)
        if document is not None:
            documents.append(document)
    library, problems = assemble(jurisdiction, documents)
    return library, findings + problems


def check(paths: Iterable[str], settings: Settings) -> Iterator[Result]:
    """Check every protocol under ``paths``; yields results in discovery order.

    A ``--library`` file with problems gets a result of its own, once, before the protocols
    that use it; they are still checked with whatever of it is valid.
    """
    libraries: dict[str, Library] = {}
    for file, shown, root in discover(paths, settings.exclude):
        jurisdiction = jurisdiction_of(file, settings)
        if jurisdiction not in libraries:
            library, problems = load_library(jurisdiction, settings.library, settings.max_file_size)
            libraries[jurisdiction] = library
            yield from library_results(problems)
        yield check_file(file, shown, root, settings, libraries[jurisdiction])


def library_results(problems: Iterable[Finding]) -> list[Result]:
    """One result per library file with problems, by path, its findings sorted (once each)."""
    found = sorted(set(problems), key=Finding.sort_key)
    return [Result(path, None, None, [f for f in found if f.span.path == path])
            for path in sorted({f.span.path for f in found})]


def jurisdiction_of(file: Path, settings: Settings) -> str:
    """``--jurisdiction`` if given, else the protocol's own, else England and Wales."""
    declared = settings.jurisdiction or _declared_jurisdiction(file)
    return declared if declared in JURISDICTIONS else "england-and-wales"


def check_file(file: Path, shown: str, root: Path, settings: Settings, library: Library) -> Result:
    """Check one file against ``library``."""
    loaded = load(file, shown, root, library, settings.max_file_size)
    findings = list(configure(loaded.findings, settings))
    if loaded.unit is not None and not any(f.code.startswith("E") for f in loaded.findings):
        findings.extend(run_rules(loaded.unit, settings))
    findings.sort(key=Finding.sort_key)
    return Result(shown, loaded.source, loaded.unit, findings, loaded.included)


def _declared_jurisdiction(file: Path) -> str | None:
    """A protocol names its jurisdiction; read it cheaply so the right library is loaded.

    Only the start of a regular file is read: a pipe or device would block or never end, and
    a file of one endless line must not be read whole just to choose a library.
    """
    try:
        if not file.is_file():
            return None
        with file.open(encoding="utf-8", errors="replace") as handle:
            for line in handle.read(64 * 1024).splitlines():
                words = line.split("#", 1)[0].split()
                if len(words) >= 2 and words[0] == "jurisdiction":
                    return words[1]
                if words and words[0] == "clause":
                    return None
    except OSError:
        return None
    return None
