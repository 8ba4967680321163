"""Input codes: problems with the protocol text itself, raised by the parser and loader.

They are rule codes like any other, so that every format, ``confide rules`` and ``confide
explain`` treat them the same way; they have no check function because the language and the
loader raise them. They sit below the rules in the pipeline, so the parser needs no rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from confide.findings import Finding, Rule, Severity, input_code
from confide.source import Span, suggestion_suffix


class Name(Protocol):
    """A name as written (the model's ``Name``, which sits above this module in the pipeline)."""

    @property
    def text(self) -> str:
        """The name as written."""

    @property
    def span(self) -> Span:
        """Where it is written."""

SYNTAX = input_code("E001", "syntax-error", Severity.ERROR, """
    The text does not follow the protocol language's grammar.

    Fires when:
        A line cannot be read: an unclosed quote, 'must not' written as two words, a clause
        line before any clause, a misspelt keyword, a value where none belongs.

    Rests on:
        The protocol language (docs/language.md). A protocol nobody can read reliably cannot
        be relied on by staff either.

    Compliant rewording:
        Follow the message: it names the keyword expected and, where it can, the one you meant.

    Fires:
        staff must not share identity with police

    Passes:
        staff must-not share identity with police
    """)

UNKNOWN_NAME = input_code("E002", "unknown-name", Severity.ERROR, """
    A name is used that is neither declared nor part of the built-in vocabulary.

    Fires when:
        A clause, trigger, recipient, data category, law, standard or scenario names a trigger,
        data category, recipient, kind, standard, step or bound group that does not exist.

    Rests on:
        The protocol language: every name must mean one thing, so that the checker and staff
        read the same obligation.

    Compliant rewording:
        Declare the name (for example 'recipient police' with 'kind police'), or use the
        vocabulary word the message suggests.

    Fires:
        staff may share identiy with police

    Passes:
        staff may share identity with police
    """)

INCLUDE = input_code("E003", "include-problem", Severity.ERROR, """
    An included file cannot be used.

    Fires when:
        An include names a missing file, a path outside the folder being checked (also through
        a symbolic link), forms a cycle, or nests more than 16 deep.

    Rests on:
        Safety: a protocol may only bring in files from the folder being checked, so checking a
        folder never reads anything else.

    Compliant rewording:
        Use a path relative to the including file that stays inside the checked folder.

    Fires:
        include "../../etc/passwd"

    Passes:
        include "partnership.protocol"
    """)

DUPLICATE = input_code("E004", "duplicate-declaration", Severity.ERROR, """
    The same name, clause number or single block is declared twice.

    Fires when:
        Two recipients, data categories, triggers, clauses, laws or standards share a name
        across a protocol and its includes, or a block has two lines of a kind it allows once.

    Rests on:
        The protocol language: a name must mean one thing.

    Compliant rewording:
        Rename or remove one of the two declarations.

    Fires:
        recipient police (twice)

    Passes:
        recipient police, recipient probation
    """)

INVALID = input_code("E005", "invalid-value", Severity.ERROR, """
    A value is not one the language allows in that place.

    Fires when:
        A threshold, consent mode, modality, service kind, sector, date or other fixed-choice
        value is not one of its choices; a waiver has no justification; a clause shares nothing;
        a declaration's name is a reserved word ('none', 'staff', 'with').

    Rests on:
        The protocol language: fixed-choice values carry the meaning the checks rely on.

    Compliant rewording:
        Use one of the choices the message lists.

    Fires:
        threshold maybe

    Passes:
        threshold belief
    """)

UNREADABLE = input_code("E006", "unreadable-file", Severity.ERROR, """
    A file cannot be read as protocol text.

    Fires when:
        The file is not UTF-8 text, is binary, is a folder named as a file, is too large, or
        cannot be opened; a folder below the one checked cannot be listed; the file links out
        of the folder being checked; or checking it took more processor time or memory than
        its budget ('time-budget', 'memory-budget': docs/security.md).

    Rests on:
        The protocol language is UTF-8 text; a check that could not read everything must not
        pass in silence.

    Compliant rewording:
        Save the protocol as plain UTF-8 text with the .protocol extension; split a file over
        its budget into smaller files joined with 'include'.

    Fires:
        a word-processor file renamed to .protocol

    Passes:
        a plain-text .protocol file
    """)

UNUSED_WAIVER = input_code("WAIVER001", "unused-waiver", Severity.INFO, """
    An allow line waives a rule that does not fire in its clause.

    Fires when:
        A clause's 'allow CODE ...' matches no finding of that code in that clause.

    Rests on:
        Good housekeeping: a stale waiver would silently hide the rule if the clause changed.

    Compliant rewording:
        Remove the allow line.

    Fires:
        allow LAW001 "agreed" until 2027-01-01 (on a clause with no LAW001)

    Passes:
        allow LAW001 "agreed" until 2027-01-01 (on a clause where LAW001 fires)
    """)

CODES: tuple[Rule, ...] = (SYNTAX, UNKNOWN_NAME, INCLUDE, DUPLICATE, INVALID, UNREADABLE, UNUSED_WAIVER)
# A protocol with one of these was not (wholly) checked: no setting may hide them, or a typo
# would turn "could not check" into "checked and clean" (docs/security.md, "Never silence").
UNCHECKED = frozenset(r.code for r in (SYNTAX, UNKNOWN_NAME, INCLUDE, DUPLICATE, INVALID, UNREADABLE))


def unknown_names(names: Iterable[Name], allowed: Iterable[str], what: str, where: str = "") -> Iterator[Finding]:
    """E002 for each of ``names`` not among ``allowed``, with a "did you mean" when one is close.

    ``where`` names the protocol the names were looked up in, when that is not their own file.
    """
    # A set passed in is used as it is: this runs for every list of names in every clause.
    options = allowed if isinstance(allowed, (set, frozenset)) else set(allowed)
    for name in names:
        if name.text not in options:
            place = f" in {where}" if where else ""
            yield UNKNOWN_NAME.finding(name.span, f"unknown {what} '{name.text}'{place}"
                                       f"{suggestion_suffix(name.text, options)}")
