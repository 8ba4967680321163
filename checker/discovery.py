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
    """One file to check: where it is, how it is shown, and the folder its includes stay in."""

    file: str
    shown: str
    root: str


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
    for given in paths:
        path = Path(given)
        root = str(root_for(path) if root_for else (path if path.is_dir() else path.parent))
        if path.is_dir():
            if settings.force_exclude and settings.excludes(given):
                continue
            for file in _walk(path, settings):
                if accept(file) and not settings.excludes(str(file)):
                    shown = os.path.normpath(file)
                    found.setdefault(shown, Target(str(file), shown, root))
        elif path.exists() or path.is_symlink():
            if settings.force_exclude and settings.excludes(given):
                continue
            shown = os.path.normpath(given)
            found.setdefault(shown, Target(given, shown, root))
        else:
            raise UsageError(f"no such file or folder: {given}")
    return [found[shown] for shown in sorted(found)]


def _walk(folder: Path, settings: Settings) -> list[Path]:
    """Every file below ``folder`` that is not hidden, in an excluded folder or git-ignored."""
    listed = _git_files(folder) if settings.respect_gitignore else None
    if listed is not None:
        return [folder / name for name in listed if not _hidden(Path(name).parent) and (folder / name).exists()]
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith(".") and not settings.excludes(os.path.join(dirpath, d)))
        out.extend(Path(dirpath) / name for name in sorted(filenames))
    return out


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") and part not in {".", ".."} for part in relative.parts)


def _git_files(folder: Path) -> list[str] | None:
    """The files git does not ignore below ``folder`` (relative to it); None outside a work tree."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        done = subprocess.run([git, "-C", str(folder), "ls-files", "-z", "--cached", "--others",
                               "--exclude-standard", "--", "."],
                              capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None  # not a work tree (or git cannot read it): walk the folder itself
    names = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    return sorted({name for name in names if name})
