"""A buffer's URI -> the checker, settings and include folder that ``confide check`` would use.

Settings are read as for the command line (``--config FILE``, else the nearest
``confide.toml`` or ``[tool.confide]`` above the file) every time a buffer is checked, which
is cheap, so an edit to the configuration takes effect on the next check; the server also
re-checks every open buffer when the editor reports that the file changed. A checker (and its
parsed law library) is kept while the settings, the library files and the day stay the same.

Includes stay inside the folder that ``confide check`` on the workspace folder would allow:
the project's folder when the workspace lies in it, else the workspace folder. A file outside
every workspace folder is checked with the first workspace folder as that limit, so none of
its includes outside the workspace is read (each is reported as leaving the folder), and with
the workspace's settings: it brings no configuration of its own from where it lies.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from confide.check import Checker
from confide.config import ConfigError, Settings, load_settings

UNTITLED = "untitled.protocol"  # where a buffer that is not a file is placed, for its includes


@dataclass(frozen=True)
class Placement:
    """Where a buffer is checked from: ``confide check``'s file, shown path and include folder."""

    file: Path
    shown: str
    root: Path


@dataclass
class Projects:
    """The checkers in use, one per settings; ``config``: the file named with ``--config``."""

    config: Path | None = None
    problems: dict[Path, str] = field(default_factory=dict)  # configuration errors, by folder, while they last
    _checkers: dict[Path, tuple[tuple[object, ...], Checker]] = field(default_factory=dict)

    def checker(self, folder: Path) -> Checker:
        """The checker for files in ``folder``, with the settings in force now.

        A configuration that cannot be read leaves the defaults in force; ``problems`` then
        says why, for the server to tell the user.
        """
        try:
            settings = load_settings({}, self.config, cwd=folder)
            self.problems.pop(folder, None)
        except ConfigError as exc:
            settings = Settings()
            self.problems[folder] = str(exc)
        stamp = (settings, tuple(_stamp(p) for p in settings.library), date.today())
        kept = self._checkers.get(folder)
        if kept is not None and kept[0] == stamp:
            return kept[1]
        checker = Checker(settings)
        self._checkers[folder] = (stamp, checker)
        return checker

    def forget(self) -> None:
        """Drop every checker (a configuration or library file changed)."""
        self._checkers.clear()


def place(path: Path | None, uri: str, folders: list[Path], checker: Checker) -> Placement:
    """The file, shown path and include folder for the buffer at ``path`` (None: not a file)."""
    if path is None:  # shown as a file of the workspace, so its includes' paths are the workspace's
        base = folders[0] if folders else Path.cwd()
        return Placement(base / UNTITLED, str(base / UNTITLED), base)
    home = next((f for f in folders if _inside(path, f)), None)
    if home is not None:
        root = checker.root_for(home)
    elif folders:
        root = folders[0]  # outside the workspace: no include outside it is followed
    else:
        root = checker.root_for(path)
    return Placement(path, str(path), root)


def folder_of(path: Path | None, folders: list[Path]) -> Path:
    """The folder the configuration is looked for from: the file's own when it is in the
    workspace (or there is none), else the workspace's: a file opened from elsewhere brings no
    settings of its own (no library file to read from outside, either).
    """
    if path is not None and (not folders or any(_inside(path, f) for f in folders)):
        return path.parent
    return folders[0] if folders else Path.cwd()


def _inside(path: Path, folder: Path) -> bool:
    return os.path.realpath(path).startswith(os.path.realpath(folder) + os.sep)


def _stamp(path: Path) -> tuple[int, int]:
    """When a library file last changed, and its size (zeros while it is missing)."""
    try:
        status = path.stat()
    except OSError:
        return 0, 0
    return status.st_mtime_ns, status.st_size
