"""The per-rule fixture cases in ``tests/rules/<CODE>.yaml``, loaded once for every test module.

Each case is a complete small protocol and the findings of its file's code it must produce
(``expect: []`` means the rule must stay silent). Optional keys, for what a protocol text
alone cannot show: ``files`` (other files beside it, for includes), ``encoding`` (write the
protocol in another encoding), ``max_file_size`` and ``today`` (settings).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from confide.config import Settings

RULES_DIR = Path(__file__).resolve().parent / "rules"
# Waivers are judged against a fixed day, so that the fixtures never expire on their own.
TODAY = date(2026, 6, 1)


@dataclass(frozen=True)
class Case:
    """One fixture case: the protocol, what else it needs, and the findings expected."""

    code: str
    id: str
    protocol: str
    expect: tuple[tuple[str, int, int], ...]
    files: dict[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"
    max_file_size: int | None = None
    today: date = TODAY

    @property
    def test_id(self) -> str:
        """``LAW001-police-no-duty``."""
        return f"{self.code}-{self.id}"

    @property
    def fires(self) -> bool:
        """True when the case expects the rule to fire."""
        return bool(self.expect)

    def settings(self) -> Settings:
        """The settings the case is checked with."""
        if self.max_file_size is None:
            return Settings(today=self.today)
        return Settings(today=self.today, max_file_size=self.max_file_size)

    def write(self, folder: Path) -> Path:
        """Write the protocol (and its companion files) into ``folder``; the protocol's path."""
        for name, body in self.files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(body, encoding="utf-8")
        target = folder / "case.protocol"
        target.write_bytes(self.protocol.encode(self.encoding))
        return target


def _case(code: str, raw: dict[str, Any]) -> Case:
    expect = tuple((e["code"], int(e["line"]), int(e["column"])) for e in raw.get("expect") or ())
    today = raw.get("today", TODAY)
    return Case(code, str(raw["id"]), raw["protocol"], expect, dict(raw.get("files") or {}),
                raw.get("encoding", "utf-8"), raw.get("max_file_size"),
                today if isinstance(today, date) else date.fromisoformat(str(today)))


def load_cases() -> list[Case]:
    """Every case of every fixture file, in code order."""
    cases: list[Case] = []
    for path in sorted(RULES_DIR.glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            cases.append(_case(path.stem, raw))
    return cases


CASES = load_cases()
