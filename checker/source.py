"""Source text and positions: ``str`` in, :class:`SourceFile` and :class:`Span` out.

Every stage after parsing speaks in spans, so that a finding from any stage can be shown
the same way: ``path:line:col``, the source line, and a caret under the exact place.
Lines and columns are 1-based, as editors, lark and SARIF count them.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, TypeVar

from confide.display import visible

T = TypeVar("T")


@dataclass(frozen=True, order=True, slots=True)
class Span:
    """A 1-based region of a file; ``end_column`` is exclusive, as in SARIF."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __init__(self, path: str, line: int, column: int, end_line: int, end_column: int) -> None:
        # Every name written has a span (a few dozen per clause), so the frozen dataclass's own
        # __init__, which goes through object.__setattr__ field by field, was a tenth of a check.
        _SPAN_PATH(self, path)
        _SPAN_LINE(self, line)
        _SPAN_COLUMN(self, column)
        _SPAN_END_LINE(self, end_line)
        _SPAN_END_COLUMN(self, end_column)

    @classmethod
    def point(cls, path: str, line: int, column: int, width: int = 1) -> Span:
        """A span on one line, ``width`` characters wide."""
        return cls(path, line, column, line, column + max(width, 1))


def slot_setters(cls: type, *names: str) -> tuple[Callable[[Any, Any], None], ...]:
    """The setters of ``cls``'s slots ``names``, for the ``__init__`` of a frozen class built often.

    A frozen dataclass stays immutable (its ``__setattr__`` refuses), but its generated
    ``__init__`` sets each field through ``object.__setattr__``; setting the slots directly
    builds the same object in half the time.
    """
    return tuple(cls.__dict__[name].__set__ for name in names)


def replaced(value: T, **changes: Any) -> T:
    """``dataclasses.replace(value, **changes)`` for a frozen slotted class whose ``__init__`` only
    sets its slots (with :func:`slot_setters`): the copy's slots are set straight from the
    original's. The rewording makes a clause and its lines over again at each step (about two
    per clause), and ``dataclasses.replace`` costs half again as much (tests/test_model.py).
    """
    kind: type = type(value)
    read, setters, by_name = _slots(kind)
    copy: T = object.__new__(kind)
    for setter, item in zip(setters, read(value), strict=True):
        setter(copy, item)
    for name, item in changes.items():
        by_name[name](copy, item)
    return copy


@functools.cache
def _slots(kind: type) -> tuple[Callable[[Any], tuple[Any, ...]], tuple[Callable[[Any, Any], None], ...],
                                dict[str, Callable[[Any, Any], None]]]:
    """A class's fields read all at once, and their setters in order and by name."""
    names = [f.name for f in fields(kind)]
    setters = slot_setters(kind, *names)
    return attrgetter(*names), setters, dict(zip(names, setters, strict=True))


_SPAN_PATH, _SPAN_LINE, _SPAN_COLUMN, _SPAN_END_LINE, _SPAN_END_COLUMN = slot_setters(
    Span, "path", "line", "column", "end_line", "end_column")


@dataclass(frozen=True)
class SourceFile:
    """The text of one protocol file, as read, with the path it is shown under."""

    path: str
    text: str
    lines: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Split on "\n" only, as the grammar does: str.splitlines() also breaks on form feeds and
        # Unicode separators, which would make line numbers disagree with the parser's.
        object.__setattr__(self, "lines", tuple(self.text.split("\n")))

    def line(self, number: int) -> str:
        """The text of line ``number`` (1-based), or '' past the end."""
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def excerpt(self, span: Span) -> str:
        """The source line under ``span`` with a caret line below it (tabs copied)."""
        return excerpt(self.line(span.line), span)


# Characters of one source line a report quotes at most, around the place a finding points at.
SHOWN = 200


def excerpt(text: str, span: Span) -> str:
    r"""Line ``text`` (the line ``span`` starts on) with a caret line below it (tabs copied).

    The line is shown with any control character written visibly (``\x1b``: protocol text
    is data, confide.display), and the caret measured on what is shown. A line longer than
    :data:`SHOWN` characters is shown around the place, cut with an ellipsis at either end.
    """
    gutter = f"{span.line:>5} | "
    start, end = 0, len(text)
    if len(text) > SHOWN:  # a generated or hostile line must not fill the log (300,000 characters)
        start = max(0, min(span.column - 1 - SHOWN // 4, len(text) - SHOWN))
        end = start + SHOWN
    head, tail = ("…" if start else ""), ("…" if end < len(text) else "")
    piece, column = text[start:end], span.column - start
    width = span.end_column - span.column if span.end_line == span.line else len(text) - span.column + 1
    width = max(1, min(width, max(1, len(piece) - column + 1)))
    before = head + visible(piece[: column - 1])
    width = _cells(visible(piece[column - 1: column - 1 + width])) or 1
    # Copy tabs from the source so the caret lines up in any terminal; a wide character (CJK, an
    # emoji) takes two cells, a combining mark none.
    lead = "".join("\t" if ch == "\t" else " " * _cells(ch) for ch in before)
    return f"{gutter}{head}{visible(piece)}{tail}\n{' ' * 5} | {lead}{'^' * width}"


def _cells(text: str) -> int:
    """How many terminal cells ``text`` takes (ASCII, the usual case, one a character)."""
    if text.isascii():
        return len(text)
    import unicodedata  # only for the rare line that is not ASCII

    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to ``word``, if one is close enough to be a likely typo.

    Capitals and underscores do not count (``GP`` -> ``gp``, ``CLAUSE`` -> ``clause``: a short
    word is otherwise too far from its lower-case spelling to match), and a word that is the
    start of exactly one candidate gets it (``england`` -> ``england-and-wales``).
    """
    options = sorted(set(candidates))
    folded = _folded(word)
    same = [c for c in options if _folded(c) == folded and c != word]
    if same:
        return same[0]
    matches = difflib.get_close_matches(word, options, n=1, cutoff=0.7)
    if not matches and folded != word:
        matches = difflib.get_close_matches(folded, options, n=1, cutoff=0.7)
    if not matches and len(word) >= 3:
        matches = [c for c in options if c.startswith(folded + "-")][:2]
        matches = matches if len(matches) == 1 else []
    return matches[0] if matches else None


def _folded(word: str) -> str:
    return word.lower().replace("_", "-")


def suggestion_suffix(word: str, candidates: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` or ``""``: the tail every unknown-name message shares."""
    guess = did_you_mean(word, candidates)
    return f"; did you mean '{guess}'?" if guess else ""
