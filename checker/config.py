"""Command-line flags (and, later, ``[tool.confide]``) -> frozen :class:`Settings`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from checker.findings import Severity


@dataclass(frozen=True)
class Settings:
    """Everything a check run needs to know, fixed before the first file is read."""

    fail_on: Severity = Severity.ERROR
    format: str = "text"
    library: tuple[Path, ...] = ()
    jurisdiction: str | None = None
    disable: frozenset[str] = frozenset()
    severity: dict[str, Severity] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    max_file_size: int = 5 * 1024 * 1024
    today: date = field(default_factory=date.today)
