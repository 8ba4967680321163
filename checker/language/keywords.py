"""The language's keywords, once: which words open a block and which lines each block holds.

``grammar/protocol.lark`` is the definition of the language; this table is what the rest of
confide needs to know of it without a parser (friendly E001 messages, the formatter, editor
completion and highlighting). ``tests/test_keywords.py`` holds the two equal, so a keyword
added to the grammar and not here (or the reverse) fails the suite.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Words that open a block, in the grammar's order. No block line is also one of these, so a
# block ends where the next one starts (LANGUAGE.md, introduction).
TOP_LEVEL: tuple[str, ...] = (
    "protocol", "library", "include", "recipient", "data", "trigger", "at-assessment", "records",
    "clause", "law", "standard", "scenario",
)

# The words that may start a line inside each block. A clause's share line starts with its
# subject (`staff`, or a partner's name), so only `staff` is listed for it.
BLOCK_LINES: dict[str, tuple[str, ...]] = {
    "protocol": ("version", "organisation", "service", "sector", "jurisdiction", "clients",
                 "staff-include", "review-by", "owner"),
    "library": ("jurisdiction", "status", "principle", "note"),
    "include": (),
    "recipient": ("kind", "named-by", "onward-sharing"),
    "data": ("kind",),
    "trigger": ("means", "threshold"),
    "at-assessment": ("explain", "record", "assess"),
    "records": ("storage", "log", "retention", "access"),
    "clause": ("clients", "when", "staff", "consent", "consent-from", "steps", "except-in-emergency",
               "except-where-unsafe", "assess", "timing", "basis", "condition", "allow"),
    "law": ("kind", "binds", "when", "threshold", "recipients", "discloses", "forbids", "unless-objects",
            "special-category", "source", "note"),
    "standard": ("serious-harm", "threshold", "necessary", "acts", "signals", "source", "note"),
    "scenario": ("protocol-file", "client", "events", "consent", "expect"),
}

# Words that appear after the first word of a line (share lines, waivers, scenario traits).
INNER: tuple[str, ...] = ("must", "may", "must-not", "share", "publish", "with", "until", "age", "no-share")

KEYWORDS: frozenset[str] = frozenset(TOP_LEVEL) | {w for lines in BLOCK_LINES.values() for w in lines}
MODALITIES: tuple[str, ...] = ("must", "may", "must-not")


def terminal(keyword: str) -> str:
    """The grammar's terminal name for ``keyword`` (``at-assessment`` -> ``AT_ASSESSMENT``)."""
    return keyword.upper().replace("-", "_")


BLOCK_TERMINALS: frozenset[str] = frozenset(terminal(k) for k in TOP_LEVEL)


def block_of_line(word: str) -> tuple[str, ...]:
    """The blocks in which ``word`` may start a line (for "it belongs in: ..." messages)."""
    return tuple(block for block, lines in BLOCK_LINES.items() if word in lines)


_FIRST_WORD = re.compile(r"\s*([^\s,\"#]+)")


def first_word(text: str) -> str:
    """The word a line starts with (a keyword, a name or a clause number); '' for a blank or comment line."""
    match = _FIRST_WORD.match(text)
    return match.group(1) if match else ""


def block_at(lines: Sequence[str], number: int) -> tuple[str | None, int]:
    """The top-level block that 1-based line ``number`` falls in, and the line it opened on.

    A line belongs to the block opened by the last top-level keyword above it (LANGUAGE.md),
    so this holds for text that does not parse: the parser's messages and an editor's
    completion both ask it of a half-typed line.
    """
    for above in range(min(number, len(lines) + 1) - 1, 0, -1):
        word = first_word(lines[above - 1])
        if word in TOP_LEVEL:
            return word, above
    return None, 0
