"""Where confide's data lives: ``grammar/``, ``reports/`` and the law libraries.

Installed from a wheel, the data sits inside the package (``checker/grammar``...); in a
checkout or an editable install it sits at the repository root. One lookup serves both.
"""

from __future__ import annotations

import os
import stat
from importlib import resources
from pathlib import Path

_PACKAGE = Path(str(resources.files("confide")))


def data_dir(name: str) -> Path:
    """The folder ``name`` (``grammar``, ``reports``, ``laws``), installed or in a checkout."""
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    beside = _PACKAGE.parent / name
    if beside.is_dir():
        return beside
    raise FileNotFoundError(f"confide is missing its {name}/ folder; reinstall the package")


def grammar_path() -> Path:
    """The protocol grammar."""
    return data_dir("grammar") / "protocol.lark"


def library_path(jurisdiction: str) -> Path:
    """The built-in law library for ``jurisdiction`` (e.g. ``england-and-wales``)."""
    return data_dir("laws") / f"{jurisdiction}.protocol"


def private_cache_dir(purpose: str | None = None) -> Path | None:
    """This user's own cache folder for confide (``$XDG_CACHE_HOME/confide``), or None.

    Only ever a folder that this user owns and nobody else can write to or read: what is kept
    there (the compiled grammar, check results, the key that signs them) is loaded back on the
    next run, so a folder another user could plant a file in must not be used
    (docs/security.md). Created on first use with mode 0700; a folder that exists with any
    other owner or looser mode is refused, as is a symbolic link. ``purpose`` names a
    subfolder (``grammar``, ``results``), held to the same test.
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "confide"
    for place in (folder, folder / purpose) if purpose else (folder,):
        try:
            place.mkdir(mode=0o700, parents=True, exist_ok=True)
            status = os.lstat(place)
        except OSError:
            return None
        if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid() or status.st_mode & 0o077:
            return None
    return folder / purpose if purpose else folder
