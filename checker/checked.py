"""Path -> :class:`Checked`: one protocol run through the check pipeline, with its graph.

``confide test``, ``simulate``, ``explain FILE REF``, ``diff``, ``graph`` and ``leaflet`` all
start from a protocol that has been loaded and checked exactly as ``confide check`` does it,
so what they say about a clause never disagrees with the findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from confide.config import Settings
from confide.findings import Finding
from confide.graph import ObligationGraph
from confide.library import Library
from confide.check import Result, UsageError, check_file, jurisdiction_of, load_library


@dataclass(frozen=True)
class Checked:
    """A checked protocol: its result (findings, unit) and obligation graph."""

    result: Result
    graph: ObligationGraph

    @property
    def path(self) -> str:
        """The path the protocol is shown under."""
        return self.result.path

    def clause_findings(self, ref: str) -> list[Finding]:
        """The rule findings about clause ``ref``, in source order."""
        return [f for f in self.result.findings if f.clause == ref]


@dataclass
class Checker:
    """Checks protocols one by one, loading each jurisdiction's library once."""

    settings: Settings = field(default_factory=Settings)
    libraries: dict[str, Library] = field(default_factory=dict)

    def library(self, file: Path) -> Library:
        """The library for the protocol at ``file``; library problems stop the run (exit 2)."""
        jurisdiction = jurisdiction_of(file, self.settings)
        if jurisdiction not in self.libraries:
            library, problems = load_library(jurisdiction, self.settings.library, self.settings.max_file_size)
            if any(p.severity.label == "error" for p in problems):
                raise UsageError(f"the law library has errors: {problems[0].span.path}:{problems[0].span.line}: "
                                 f"{problems[0].message}")
            self.libraries[jurisdiction] = library
        return self.libraries[jurisdiction]

    def check(self, file: Path, shown: str | None = None) -> Result:
        """Check one protocol file as ``confide check`` would."""
        if not file.is_file():
            raise UsageError(f"no such protocol file: {file}")
        return check_file(file, shown or str(file), file.parent, self.settings, self.library(file))

    def open(self, file: Path, shown: str | None = None) -> Checked | Result:
        """The checked protocol, or its :class:`Result` when it cannot be read (E-codes)."""
        result = self.check(file, shown)
        if result.unit is None or any(f.code.startswith("E") for f in result.findings):
            return result
        return Checked(result, ObligationGraph(result.unit))


def open_protocol(path: str, settings: Settings | None = None) -> Checked | Result:
    """One protocol, checked; a :class:`Result` with its input errors when it cannot be used."""
    return Checker(settings or Settings()).open(Path(path), path)
