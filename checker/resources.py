"""Where confide's data lives: ``grammar/``, ``reports/`` and the law libraries.

Installed from a wheel, the data sits inside the package (``checker/grammar``...); in a
checkout or an editable install it sits at the repository root. One lookup serves both.
"""

from __future__ import annotations

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
