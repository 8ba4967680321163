"""Findings and rule codes: the one currency of every stage.

Syntax errors, unknown names and rule verdicts all travel as :class:`Finding`s to every output
format, so a file with a typo still gets a report. A :class:`Rule` is a code as an object: its
code (the contract), a kebab-case symbol, default severity, scope, and its documentation (the
docstring, with fixed headings: ``confide explain`` prints it). Rule modules create rules with
the :func:`rule` decorator; nothing is registered by importing a module. The explicit
:class:`Catalogue` in :mod:`confide.rules` lists them, as yamllint's rule table does.
"""

from __future__ import annotations

import enum
import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from confide.source import Span, did_you_mean, slot_setters


class Severity(enum.IntEnum):
    """Ordered so that ``>=`` answers "at or above --fail-on"."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        """The lower-case word used in every output format."""
        return _LABELS[self._value_]  # read for every finding counted and written: not name.lower()

    @classmethod
    def parse(cls, word: str) -> Severity:
        """``"error"`` -> ``Severity.ERROR``; raises ``ValueError`` for anything else."""
        try:
            return cls[word.upper()]
        except KeyError:
            raise ValueError(word) from None


_LABELS = tuple(severity.name.lower() for severity in Severity)  # in value order: 0, 1, 2


@dataclass(frozen=True)
class Related:
    """Another place a finding rests on: the other clause of a contradiction, a hop of a path."""

    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing wrong (or worth knowing) about a protocol, at an exact place.

    ``clause`` is the clause REF, or None for a protocol-level finding. ``rests_on`` is the
    law or principle this finding rests on when it is particular to the finding; left empty,
    reports show the rule's own "Rests on" text. ``suggestion`` is the compliant rewording in
    the protocol language, and ``replaces`` the 1-based, inclusive line range it stands in for
    (None: add it to the file). ``path`` is a chain of clause references (GRAPH002) and
    ``related`` the places it points to (for VAGUE002, the clauses the label decides).
    ``subject`` is what a finding with no clause is about, as (kind, id): ``("trigger",
    "arrears")`` for VAGUE001/VAGUE002, ``("recipient", "gp")`` for GRAPH003; it tells apart
    findings whose lines read the same (two ``means serious-harm-to-self`` lines). ``waiver``
    is the justification of an ``allow`` line that covers the finding; ``waiver_expired`` says
    that waiver has run out.
    """

    code: str
    severity: Severity
    span: Span
    message: str
    clause: str | None
    rests_on: str
    suggestion: str
    replaces: tuple[int, int] | None
    path: tuple[str, ...]
    related: tuple[Related, ...]
    waiver: str | None
    waiver_expired: bool
    subject: tuple[str, str] | None

    def __init__(self, code: str, severity: Severity, span: Span, message: str, clause: str | None = None,
                 rests_on: str = "", suggestion: str = "", replaces: tuple[int, int] | None = None,
                 path: tuple[str, ...] = (), related: tuple[Related, ...] = (), waiver: str | None = None,
                 waiver_expired: bool = False, subject: tuple[str, str] | None = None) -> None:
        # About two per clause, and each rewording or waiver makes another (dataclasses.replace):
        # the slots are set directly (see source.Span). The defaults are these.
        _CODE(self, code)
        _SEVERITY(self, severity)
        _SPAN(self, span)
        _MESSAGE(self, message)
        _CLAUSE(self, clause)
        _RESTS_ON(self, rests_on)
        _SUGGESTION(self, suggestion)
        _REPLACES(self, replaces)
        _PATH(self, path)
        _RELATED(self, related)
        _WAIVER(self, waiver)
        _WAIVER_EXPIRED(self, waiver_expired)
        _SUBJECT(self, subject)

    def reworded(self, suggestion: str, replaces: tuple[int, int] | None) -> Finding:
        """This finding with its clause's rewording: ``dataclasses.replace`` spelt out, for the
        check gives most findings one (a test holds the two equal).
        """
        return Finding(self.code, self.severity, self.span, self.message, self.clause, self.rests_on, suggestion,
                       replaces, self.path, self.related, self.waiver, self.waiver_expired, self.subject)

    @property
    def waived(self) -> bool:
        """A waived finding is shown but never fails the check."""
        return self.waiver is not None and not self.waiver_expired

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Findings sort by path, line, column, code (LANGUAGE.md §7), then message."""
        return (self.span.path, self.span.line, self.span.column, self.code, self.message)


(_CODE, _SEVERITY, _SPAN, _MESSAGE, _CLAUSE, _RESTS_ON, _SUGGESTION, _REPLACES, _PATH, _RELATED, _WAIVER,
 _WAIVER_EXPIRED, _SUBJECT) = slot_setters(Finding, *(f.name for f in fields(Finding)))

Scope = str  # "input" (parse/validation), "protocol", "clause" or "graph"
DOC_HEADINGS = ("Fires when", "Rests on", "Compliant rewording", "Fires", "Passes")
Check = Callable[..., Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A rule code as an object. ``check`` is None for input codes (E001...), raised by the loader."""

    code: str
    symbol: str
    severity: Severity
    scope: Scope
    doc: str
    check: Check | None = field(default=None, compare=False, repr=False)

    @property
    def summary(self) -> str:
        """The first line of the docs: the one-line description."""
        return self.doc.strip().splitlines()[0].strip()

    def section(self, heading: str) -> str:
        """The text under ``heading`` in the docs (e.g. "Rests on"), or ''."""
        return _sections(self.doc).get(heading, "")

    def finding(self, span: Span, message: str, **extra: Any) -> Finding:
        """A finding of this rule at its default severity (configuration may change it later)."""
        return Finding(self.code, self.severity, span, message, **extra)


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


def rule(code: str, symbol: str, severity: Severity, scope: Scope) -> Callable[[Check], Rule]:
    """Decorator: turn a check function into a :class:`Rule`, its docstring the rule's docs."""

    def wrap(func: Check) -> Rule:
        return Rule(code, symbol, severity, scope, inspect.cleandoc(func.__doc__ or ""), func)

    return wrap


def input_code(code: str, symbol: str, severity: Severity, doc: str) -> Rule:
    """A code raised by the parser or loader rather than by a rule function."""
    return Rule(code, symbol, severity, "input", inspect.cleandoc(doc))


class Catalogue(Mapping[str, Rule]):
    """Every code, in order: a mapping of code to rule, also found by symbol; retired codes never reused."""

    def __init__(self, rules: Iterable[Rule], retired: frozenset[str] = frozenset()) -> None:
        self.retired = retired
        self._by_code: dict[str, Rule] = {}
        for item in rules:
            if item.code in self._by_code or item.code in retired:
                raise ValueError(f"rule code {item.code} is already used")
            self._by_code[item.code] = item
        self._by_symbol = {r.symbol: r for r in self._by_code.values()}

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_code)

    def __len__(self) -> int:
        return len(self._by_code)

    def __getitem__(self, code: str) -> Rule:
        return self._by_code[code]

    @property
    def codes(self) -> tuple[str, ...]:
        """Every code, in catalogue order."""
        return tuple(self._by_code)

    def lookup(self, code_or_symbol: str) -> Rule | None:
        """Find a rule by code (``LAW001``, any case) or symbol (``automatic-referral-exceeds-duty``)."""
        return self._by_code.get(code_or_symbol.upper()) or self._by_symbol.get(code_or_symbol.lower())

    def guess(self, word: str) -> str | None:
        """The code or symbol closest to a misspelt ``word``, for a "did you mean"."""
        return did_you_mean(word.upper(), self._by_code) or did_you_mean(word.lower(), self._by_symbol)
