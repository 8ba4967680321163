"""Findings, the rule registry and waivers.

A :class:`Finding` is the one currency of every stage: syntax errors, unknown names and rule
verdicts all travel as findings to every output format, so a file with a typo still gets a
report. Rules register here with their code (the contract), a kebab-case symbol, default
severity and scope; their docstrings are the rule documentation (``confide explain``).
"""

from __future__ import annotations

import enum
import inspect
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from confide.source import Span

if TYPE_CHECKING:
    from confide.language.model import Waiver


class Severity(enum.IntEnum):
    """Ordered so that ``>=`` answers "at or above --fail-on"."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        """The lower-case word used in every output format."""
        return self.name.lower()

    @classmethod
    def parse(cls, word: str) -> Severity:
        """``"error"`` -> ``Severity.ERROR``; raises ``ValueError`` for anything else."""
        try:
            return cls[word.upper()]
        except KeyError:
            raise ValueError(word) from None


@dataclass(frozen=True)
class Finding:
    """One thing wrong (or worth knowing) about a protocol, at an exact place.

    ``clause`` is the clause REF, or None for a protocol-level finding. ``suggestion`` is a
    compliant rewording in the protocol language; ``replaces`` is the 1-based, inclusive
    line range it stands in for (so a test, or a future ``--fix``, can substitute it).
    ``path`` is a chain of clause references (GRAPH002). ``waiver`` is set when an
    ``allow`` line covers the finding; ``waiver_expired`` when that waiver has run out.
    """

    code: str
    severity: Severity
    span: Span
    message: str
    clause: str | None = None
    rests_on: str = ""
    suggestion: str = ""
    replaces: tuple[int, int] | None = None
    path: tuple[str, ...] = ()
    waiver: Waiver | None = None
    waiver_expired: bool = False

    @property
    def waived(self) -> bool:
        """A waived finding is shown but never fails the check."""
        return self.waiver is not None and not self.waiver_expired

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Findings sort by path, line, column, code (LANGUAGE.md §7), then message."""
        return (self.span.path, self.span.line, self.span.column, self.code, self.message)


Scope = str  # "input" (parse/validation), "protocol", "clause" or "graph"


@dataclass(frozen=True)
class Rule:
    """A registered check. ``check`` is None for input codes (E001...), raised by the loader."""

    code: str
    symbol: str
    severity: Severity
    scope: Scope
    doc: str
    check: Callable[..., Iterable[Finding]] | None = field(default=None, compare=False)

    @property
    def summary(self) -> str:
        """The first line of the docs: the one-line description."""
        return self.doc.strip().splitlines()[0].strip()

    def section(self, heading: str) -> str:
        """The text under ``heading`` in the docs (e.g. "Rests on"), or ''."""
        return _sections(self.doc).get(heading, "")


DOC_HEADINGS = ("Fires when", "Rests on", "Compliant rewording", "Fires", "Passes")
REGISTRY: dict[str, Rule] = {}
# Codes once used and withdrawn: never reuse one, or old waivers would silence new rules.
RETIRED: frozenset[str] = frozenset()


def _sections(doc: str) -> dict[str, str]:
    """Split a docstring into its ``Heading:`` sections (Google style)."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in inspect.cleandoc(doc).splitlines():
        heading = raw.strip().rstrip(":")
        if raw.endswith(":") and heading in DOC_HEADINGS and not raw.startswith(" "):
            current = sections.setdefault(heading, [])
        elif current is not None:
            current.append(raw.strip())
    return {k: "\n".join(v).strip() for k, v in sections.items()}


Check = Callable[..., Iterable[Finding]]


def register(code: str, symbol: str, severity: Severity, scope: Scope) -> Callable[[Check], Check]:
    """Decorator: record a rule function in the registry under its code."""

    def wrap(func: Check) -> Check:
        _add(Rule(code, symbol, severity, scope, inspect.cleandoc(func.__doc__ or ""), func))
        return func

    return wrap


def declare(code: str, symbol: str, severity: Severity, doc: str) -> None:
    """Record an input code (raised by the parser or loader rather than a rule function)."""
    _add(Rule(code, symbol, severity, "input", inspect.cleandoc(doc)))


def _add(rule: Rule) -> None:
    if rule.code in REGISTRY or rule.code in RETIRED:
        raise ValueError(f"rule code {rule.code} is already used")
    REGISTRY[rule.code] = rule


def lookup(code_or_symbol: str) -> Rule | None:
    """Find a rule by code (``LAW001``, any case) or symbol (``automatic-referral-exceeds-duty``)."""
    key = code_or_symbol.upper()
    if key in REGISTRY:
        return REGISTRY[key]
    return next((r for r in REGISTRY.values() if r.symbol == code_or_symbol.lower()), None)


def make(code: str, span: Span, message: str, **extra: object) -> Finding:
    """A finding at the registered default severity of ``code``."""
    return Finding(code, REGISTRY[code].severity, span, message, **extra)  # type: ignore[arg-type]


def apply_waivers(findings: Iterable[Finding], waivers: Iterable[tuple[str, Waiver]], today: date) -> Iterator[Finding]:
    """Mark findings covered by ``allow`` lines; report waivers that match nothing.

    ``waivers`` pairs each waiver with the clause REF it sits in; a waiver covers findings of
    its rule in that clause. An expired waiver leaves the finding failing and says so.
    """
    pending = list(waivers)
    used: set[int] = set()
    for finding in findings:
        match = next(
            (i for i, (ref, w) in enumerate(pending) if ref == finding.clause and w.rule_code == finding.code),
            None,
        )
        if match is None:
            yield finding
            continue
        used.add(match)
        waiver = pending[match][1]
        expired = waiver.until is not None and waiver.until < today
        note = f" (waiver expired on {waiver.until.isoformat()})" if expired and waiver.until else ""
        yield replace(finding, waiver=waiver, waiver_expired=expired, message=finding.message + note)
    for i, (ref, waiver) in enumerate(pending):
        if i not in used:
            yield make(
                "WAIVER001",
                waiver.span,
                f"waiver for {waiver.rule_code} in clause {ref} matches no finding; remove it",
                clause=ref,
                rests_on="A stale waiver would silently hide the rule if the clause changed",
                # The rewording is deleting the allow line: nothing in place of that line.
                replaces=(waiver.span.line, waiver.span.end_line),
            )
