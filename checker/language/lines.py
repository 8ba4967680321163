"""Protocol text -> blocks of lines, read a line at a time: the fast front end, lark the fallback.

The language is line-oriented and a line's first word decides what it is (LANGUAGE.md: no
keyword that starts a line inside a block is also a top-level keyword). So a file can be read
with one compiled pattern per kind of line and a small state machine for blocks, several times
faster than lark's LALR parser builds its tree. :func:`recognise` gives exactly the blocks that
:mod:`confide.language.tree` makes of lark's tree (the same lines, values and spans),
and :func:`confide.language.build.assemble` turns either into the model, so the model and its
E004/E005 findings are built by one code path.

The grammar (``grammar/protocol.lark``) stays the definition of the language, and lark the
fallback: any line this module does not recognise (a syntax error, spacing it does not expect,
a character outside the patterns) makes :func:`recognise` return None and the whole file goes
to lark, so every E001 message is lark's. The table below is tested against the rules lark
compiles from the grammar (tests/test_keywords.py), and the two front ends against each other
on every file in the repository and on generated and mutated texts (tests/test_lines.py): the
same model, positions included, and nothing accepted here that lark rejects.

How lark reads a line, and so what this module must match: keywords, names and quoted texts
are lark's terminals (the patterns below are the grammar's own). A word at the start of a line
that spells any keyword of the language is that keyword, whatever the block (every line ends
in the same ``_NL+``, so lark's contextual lexer expects every line keyword after it): a share
line's subject is never a keyword. Elsewhere a keyword is an ordinary name, except in the two
places where the grammar expects a name or a keyword (``age`` in a scenario's client traits,
``with`` after ``expect no-share``). This module asks for a space between words where lark
would not (``kind police``, never ``kindpolice``); such lines simply go to lark.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from confide.language.block import Block, Line, joined, unquote
from confide.language.keywords import KEYWORDS, MODALITIES, TOP_LEVEL
from confide.language.model import Expectation, Name, Share, Text
from confide.language.parse import collector_paused
from confide.source import SourceFile, Span

# The grammar's terminals (tests/test_keywords.py holds them equal).
NAME = r"[A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*"
REF = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
INT = r"[0-9]+"
STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'

# What follows the keyword, in the grammar's own words: a terminal, a list (``names``,
# ``strings``), nothing, or a choice. ``share``, ``allow``, ``client`` and ``expect`` lines
# have patterns of their own (below).
HEADS: dict[str, str] = {
    "protocol": "STRING", "library": "STRING", "include": "STRING", "recipient": "NAME STRING?",
    "data": "NAME STRING?", "trigger": "NAME STRING?", "at-assessment": "", "records": "",
    "clause": "REF STRING?", "law": "NAME STRING?", "standard": "NAME STRING?", "scenario": "STRING",
}
LINES: dict[str, dict[str, str]] = {
    "protocol": {"version": "STRING", "organisation": "STRING", "service": "NAME", "sector": "NAME",
                 "jurisdiction": "NAME", "clients": "NAME", "staff-include": "names", "review-by": "DATE",
                 "owner": "STRING"},
    "library": {"jurisdiction": "NAME", "status": "NAME", "principle": "STRING", "note": "STRING"},
    "include": {},
    "recipient": {"kind": "NAME", "named-by": "NAME", "onward-sharing": "NAME"},
    "data": {"kind": "NAME"},
    "trigger": {"means": "NAME", "threshold": "NAME"},
    "at-assessment": {"explain": "NAME", "record": "NAME", "assess": "NAME"},
    "records": {"storage": "NAME", "log": "NAME", "retention": "STRING", "access": "STRING"},
    "clause": {"clients": "NAME", "when": "names", "staff": "share", "consent": "NAME", "consent-from": "NAME",
               "steps": "names", "except-in-emergency": "", "except-where-unsafe": "", "assess": "names",
               "timing": "NAME|STRING", "basis": "names", "condition": "names", "allow": "allow"},
    "law": {"kind": "NAME", "binds": "names", "when": "names", "threshold": "NAME", "recipients": "names",
            "discloses": "names", "forbids": "names", "unless-objects": "", "special-category": "NAME",
            "source": "STRING", "note": "STRING"},
    "standard": {"serious-harm": "NAME", "threshold": "NAME", "necessary": "names", "acts": "names",
                 "signals": "strings", "source": "STRING", "note": "STRING"},
    "scenario": {"protocol-file": "STRING", "client": "client", "events": "names", "consent": "NAME",
                 "expect": "expect"},
}

_NAMES = rf"{NAME}(?:[ \t]*,[ \t]*{NAME})*"
_STRINGS = rf"{STRING}(?:[ \t]*,[ \t]*{STRING})*"
_TRAIT = rf"age[ \t]+{INT}|{NAME}"
_MODALITY = "|".join(re.escape(m) for m in sorted(MODALITIES, key=len, reverse=True))  # must-not before must
_VALUES = {
    "": "", "NAME": rf"[ \t]+({NAME})", "STRING": rf"[ \t]+({STRING})", "DATE": rf"[ \t]+({DATE})",
    "names": rf"[ \t]+({_NAMES})", "strings": rf"[ \t]+({_STRINGS})", "NAME|STRING": rf"[ \t]+({NAME}|{STRING})",
    "NAME STRING?": rf"[ \t]+({NAME})(?:[ \t]+({STRING}))?", "REF STRING?": rf"[ \t]+({REF})(?:[ \t]+({STRING}))?",
    "share": rf"[ \t]+({_MODALITY})[ \t]+(?:share[ \t]+({_NAMES})[ \t]+with[ \t]+({_NAMES})"
             rf"|publish[ \t]+({_NAMES}))",
    "allow": rf"[ \t]+({NAME})(?:[ \t]+({STRING}))?(?:[ \t]+(until)[ \t]+({DATE}))?",
    "client": rf"[ \t]+((?:{_TRAIT})(?:[ \t]*,[ \t]*(?:{_TRAIT}))*)",
    "expect": rf"[ \t]+(?:(share)[ \t]+({_NAMES})[ \t]+with[ \t]+({_NAMES})"
              rf"|(no-share)(?:[ \t]+({_NAMES}))?[ \t]+with[ \t]+({_NAMES})|(steps)[ \t]+({_NAMES}))",
}
_END = r"[ \t]*(?:#.*)?"
# A line's first word (a keyword, or a share line's subject), or nothing but space and a comment.
_FIRST = re.compile(rf"[ \t]*(?:({NAME})|(?:#.*)?$)")
_NAME = re.compile(NAME)
_STRING = re.compile(STRING)
_ITEM = re.compile(rf"(age)[ \t]+({INT})|{NAME}")
# The grammar's rule name for each block (``at-assessment`` is the rule ``assessment``).
_KIND = {word: "assessment" if word == "at-assessment" else word for word in TOP_LEVEL}


def _compiled(shape: str) -> re.Pattern[str]:
    return re.compile(_VALUES[shape] + _END)


_HEAD_PATTERNS = {word: _compiled(shape) for word, shape in HEADS.items()}
_LINE_PATTERNS = {block: {word: (_compiled(shape), shape) for word, shape in lines.items()}
                  for block, lines in LINES.items()}


class _Reader:
    """One file's lines -> blocks; any line it does not recognise raises :class:`_NotMine`."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.number = 0

    def span(self, start: int, end: int) -> Span:
        """Columns ``start``..``end`` (0-based, end exclusive) of the current line."""
        return Span(self.path, self.number, start + 1, self.number, end + 1)

    # name, text and names build a Name or Text for every value written: the spans are made
    # here directly rather than through span().
    def name(self, match: re.Match[str], group: int) -> Name:
        start, end = match.span(group)
        return Name(match.group(group), Span(self.path, self.number, start + 1, self.number, end + 1))

    def text(self, match: re.Match[str], group: int) -> Text:
        start, end = match.span(group)
        return Text(unquote(match.group(group)), Span(self.path, self.number, start + 1, self.number, end + 1))

    def value(self, match: re.Match[str], group: int) -> Name | Text:
        """A ``NAME`` or a ``STRING`` (a quoted text starts with its quote)."""
        return self.text(match, group) if match.group(group)[0] == '"' else self.name(match, group)

    def names(self, match: re.Match[str], group: int) -> tuple[Name, ...]:
        path, number = self.path, self.number
        start, end = match.span(group)
        written = match.group(group)
        if "," not in written:  # one name (the pattern is names separated by commas)
            return (Name(written, Span(path, number, start + 1, number, end + 1)),)
        return tuple([Name(m.group(), Span(path, number, m.start() + 1, number, m.end() + 1))
                      for m in _NAME.finditer(match.string, start, end)])

    def texts(self, match: re.Match[str], group: int) -> tuple[Text, ...]:
        path, number = self.path, self.number
        return tuple([Text(unquote(m.group()), Span(path, number, m.start() + 1, number, m.end() + 1))
                      for m in _STRING.finditer(match.string, match.start(group), match.end(group))])

    # ---- one line ---------------------------------------------------------------------------------
    def head(self, word: str, match: re.Match[str]) -> list[Any]:
        """The values on a block's first line."""
        shape = HEADS[word]
        if not shape:
            return []
        if shape == "STRING":
            return [self.text(match, 1)]
        first = self.name(match, 1)  # a NAME, or a clause's REF
        return [first] if match.group(2) is None else [first, self.text(match, 2)]

    def line(self, word: str, shape: str, match: re.Match[str], start: int, end: int) -> Any:
        """A line inside a block: a :class:`Line`, or a share or expectation."""
        if shape == "":
            return Line(word, self.span(start, end), [])
        if shape in _SIMPLE:
            values = _SIMPLE[shape](self, match, 1)
            if shape == "strings":  # lark's tree gives such a line its keyword's span (tree._last_token)
                return Line(word, self.span(start, end), [values])
            return Line(word, self.span(start, match.end(1)), [values])
        return _SPECIAL[shape](self, word, match, start)

    def share(self, subject: str, match: re.Match[str], start: int) -> Share:
        who = Name(subject, self.span(start, start + len(subject)))
        modality = self.name(match, 1)
        if match.group(4) is not None:  # publish
            data = self.names(match, 4)
            return Share(who, modality, data, (), joined(who.span, data[-1].span), publish=True)
        recipients = self.names(match, 3)
        return Share(who, modality, self.names(match, 2), recipients, joined(who.span, recipients[-1].span))

    def allow(self, word: str, match: re.Match[str], start: int) -> Line:
        values: list[Any] = [self.name(match, 1)]
        if match.group(2) is not None:
            values.append(self.text(match, 2))
        if match.group(3) is not None:
            values += [self.name(match, 3), self.name(match, 4)]
        last = max(g for g in (1, 2, 4) if match.group(g) is not None)
        return Line(word, self.span(start, match.end(last)), values)

    def client(self, word: str, match: re.Match[str], start: int) -> Line:
        traits: list[Any] = []
        for item in _ITEM.finditer(match.string, match.start(1), match.end(1)):
            if item.group(1) is not None:
                traits.append(("age", int(item.group(2)), self.span(item.start(2), item.end(2))))
            elif item.group() == "age":  # lark reads it as the keyword, which needs a number after it
                raise _NotMine
            else:
                traits.append(Name(item.group(), self.span(item.start(), item.end())))
        return Line(word, self.span(start, match.end(1)), [traits])

    def expect(self, word: str, match: re.Match[str], start: int) -> Expectation:
        head = self.span(start, start + len(word))
        if match.group(1) is not None:
            data, recipients = self.names(match, 2), self.names(match, 3)
            return Expectation("share", joined(head, recipients[-1].span), data=data, recipients=recipients)
        if match.group(4) is not None:
            data = self.names(match, 5) if match.group(5) is not None else ()
            if data and data[0].text == "with":  # lark reads it as the keyword: the line means something else
                raise _NotMine
            recipients = self.names(match, 6)
            return Expectation("no-share", joined(head, recipients[-1].span), data=data, recipients=recipients)
        steps = self.names(match, 8)
        return Expectation("steps", joined(head, steps[-1].span), steps=steps)

    # ---- the file -----------------------------------------------------------------------------------
    def blocks(self, lines: tuple[str, ...]) -> list[Block]:
        out: list[Block] = []
        block: str | None = None
        body: list[Any] = []
        patterns: dict[str, tuple[re.Pattern[str], str]] = {}
        for number, text in enumerate(lines, 1):
            self.number = number
            first = _FIRST.match(text)
            if first is None:
                raise _NotMine
            word = first.group(1)
            if word is None:  # blank, or only a comment
                continue
            start, end = first.span(1)
            if word in _HEAD_PATTERNS:
                match = _HEAD_PATTERNS[word].fullmatch(text, end)
                if match is None:
                    raise _NotMine
                block, body, patterns = word, [], _LINE_PATTERNS[word]
                out.append((_KIND[word], self.head(word, match), body, self.span(start, end)))
                continue
            found = patterns.get(word)
            if found is None and block == "clause" and word not in KEYWORDS:  # a partner's share line
                found = patterns["staff"]
            if found is None:
                raise _NotMine
            match = found[0].fullmatch(text, end)
            if match is None:
                raise _NotMine
            if found[1] == "share":
                body.append(self.share(word, match, start))
            else:
                body.append(self.line(word, found[1], match, start, end))
        return out


class _NotMine(Exception):
    """A line the fast path does not recognise: the file goes to lark."""


_SIMPLE: dict[str, Callable[[_Reader, re.Match[str], int], Any]] = {
    "NAME": _Reader.name, "DATE": _Reader.name, "STRING": _Reader.text, "NAME|STRING": _Reader.value,
    "names": _Reader.names, "strings": _Reader.texts,
}
_SPECIAL: dict[str, Callable[[_Reader, str, re.Match[str], int], Any]] = {
    "allow": _Reader.allow, "client": _Reader.client, "expect": _Reader.expect,
}


def recognise(source: SourceFile) -> list[Block] | None:
    """The blocks of ``source`` as lark's tree would give them, or None if any line is not one
    this module recognises (then lark parses the file, and explains any error).
    """
    try:
        with collector_paused():  # many small objects, all kept: the collector's passes would free nothing
            return _Reader(source.path).blocks(source.lines)
    except _NotMine:
        return None

