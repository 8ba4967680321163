"""Paths named on a command line + Settings -> the files a run checks, as :class:`Target` s in a fixed order.

What a folder walk leaves out, so a run sees the protocols a person would call theirs:

- **hidden folders** (``.git``, ``.venv``, ``.cache`` ...) below a named folder are not entered;
- **git-ignored files**: inside a git work tree the walk is git's own (``git ls-files --cached
  --others --exclude-standard``), so nested ``.gitignore`` files, ``.git/info/exclude``, the
  user's global excludes and negated patterns count exactly as ``git status`` counts them,
  in one subprocess per named folder and with no new dependency (a pattern library such as
  pathspec would see only the ``.gitignore`` files it was shown). Outside a work tree, or
  without git, the folder is walked directly: no ``.gitignore`` applies there, for git either.
  ``respect-gitignore = false`` turns this off;
- **exclude** patterns, relative to the configuration file (:func:`confide.config.matches`).

A file named explicitly is checked even when it matches ``exclude``, unless ``force-exclude``
is set: pre-commit and editors name every file, and rely on that to honour the configuration.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from confide.check import UsageError
from confide.config import Settings

GIT_TIMEOUT = 60  # seconds: listing even a very large work tree takes a fraction of that


@dataclass(frozen=True)
class Target:
    """One file to check: where it is, how it is shown, and the folder its includes stay in.

    ``unreadable`` holds why a folder below a named one could not be listed: it is reported
    (E006 in ``check``, an error in ``fmt`` and ``test``), never skipped in silence, since the
    files in it might be the ones that fail.
    """

    file: str
    shown: str
    root: str
    unreadable: str | None = None


def is_protocol(file: Path) -> bool:
    """What a folder walk picks up by default: every ``*.protocol``."""
    return file.suffix == ".protocol"


def discover(paths: Iterable[str], settings: Settings | None = None, accept: Callable[[Path], bool] = is_protocol,
             root_for: Callable[[Path], Path] | None = None) -> list[Target]:
    """Every file named, and every accepted file below a named folder, sorted by shown path.

    ``root_for`` gives the folder a named path's includes must stay inside (the check core's
    rule); without it, the named folder or the named file's own folder.
    """
    settings = settings or Settings()
    found: dict[str, Target] = {}
    # One file named twice (relative and absolute, or through a symlink) is checked once, shown as
    # first named: pre-commit and editors name files by absolute path beside a folder's walk.
    seen: set[str] = set()
    resolved = _Resolver()

    def add(shown: str, target: Target) -> None:
        real = resolved(target.file)
        if shown in found or real in seen:
            return
        found[shown] = target
        # A link out of its folder is refused unread (E006): it must not stand for the file it points at.
        if real.startswith(os.path.join(resolved.folder(target.root), "")):
            seen.add(real)

    for given in paths:
        path = Path(given)
        root = str(root_for(path) if root_for else (path if path.is_dir() else path.parent))
        if path.is_dir():
            if settings.force_exclude and settings.excludes(given):
                continue
            files, unlisted = _walk(path, settings)
            for file in files:
                if accept(file) and not settings.excludes(str(file)):
                    shown = os.path.normpath(file)
                    add(shown, Target(str(file), shown, root))
            for folder, reason in unlisted:
                shown = os.path.normpath(folder)
                add(shown, Target(shown, shown, root, f"cannot read the folder {shown}: {reason}"))
        elif path.exists() or path.is_symlink():
            if settings.force_exclude and settings.excludes(given):
                continue
            shown = os.path.normpath(given)
            add(shown, Target(given, shown, root))
        else:
            raise UsageError(f"no such file or folder: {given}")
    return [found[shown] for shown in sorted(found)]


class _Resolver:
    """A file's resolved path, each folder resolved once (a walk of 10,000 files shares a few folders)."""

    def __init__(self) -> None:
        self.folders: dict[str, str] = {}

    def __call__(self, file: str) -> str:
        if os.path.islink(file):
            return os.path.realpath(file)
        folder, name = os.path.split(os.path.abspath(file))
        return os.path.join(self.folder(folder), name)

    def folder(self, folder: str) -> str:
        """A folder's resolved path."""
        real = self.folders.get(folder)
        if real is None:
            real = self.folders[folder] = os.path.realpath(folder)
        return real


Unlisted = list[tuple[str, str]]  # (a folder that could not be read, why)


def _walk(folder: Path, settings: Settings) -> tuple[list[Path], Unlisted]:
    """Every file below ``folder`` that is not hidden, in an excluded folder or git-ignored; and
    the folders below it that could not be read.
    """
    listed = _git_files(folder) if settings.respect_gitignore else None
    if listed is not None:
        names, unlisted = listed
        return [folder / name for name in names if not _hidden(Path(name).parent) and (folder / name).exists()], \
            [(str(folder / name), why) for name, why in unlisted if not _hidden(Path(name))]
    out: list[Path] = []
    unreadable: Unlisted = []

    def refused(error: OSError) -> None:
        unreadable.append((error.filename or str(folder), error.strerror or str(error)))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=refused):
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith(".") and not settings.excludes(os.path.join(dirpath, d)))
        out.extend(Path(dirpath) / name for name in sorted(filenames))
    return out, unreadable


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") and part not in {".", ".."} for part in relative.parts)


# How git says it skipped a folder it could not list (it goes on, and exits 0); git runs with
# LC_ALL=C, so the message is never translated.
_GIT_UNREADABLE = re.compile(r"could not open directory '(.+?)/?': (.+)$", re.MULTILINE)


def _git_files(folder: Path) -> tuple[list[str], Unlisted] | None:
    """The files git does not ignore below ``folder`` and the folders it could not read (both
    relative to it); None outside a work tree.
    """
    git = shutil.which("git")
    if git is None:
        return None
    try:
        done = subprocess.run([git, "-C", str(folder), "ls-files", "-z", "--cached", "--others",
                               "--exclude-standard", "--", "."],
                              capture_output=True, timeout=GIT_TIMEOUT, check=False,
                              env={**os.environ, "LC_ALL": "C", "LANGUAGE": ""})  # its warnings in English
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None  # not a work tree (or git cannot read it): walk the folder itself
    names = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    skipped = _GIT_UNREADABLE.findall(done.stderr.decode("utf-8", "surrogateescape"))
    return sorted({name for name in names if name}), [(name, why.strip()) for name, why in skipped]
