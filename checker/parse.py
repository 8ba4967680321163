"""Text -> lark tree, and E001 syntax findings that teach.

The grammar (``grammar/protocol.lark``) is parsed with lark's LALR parser and contextual
lexer. A syntax error never stops the report: the offending line (or, for a misspelt block
keyword, its whole block) is blanked and the text parsed again, so one run shows every
syntax error with a message written for a service manager, not a parser author.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from checker.findings import Finding, make
from checker.resources import grammar_path
from checker.source import SourceFile, Span, did_you_mean

MAX_SYNTAX_ERRORS = 20

TOP_LEVEL = (
    "protocol", "library", "include", "recipient", "data", "trigger", "at-assessment", "records",
    "clause", "law", "standard", "scenario",
)
# The lines each block may hold: used to say where a misplaced line belongs.
BLOCK_LINES = {
    "protocol": ("version", "organisation", "service", "sector", "jurisdiction", "clients",
                 "staff-include", "review-by", "owner"),
    "library": ("jurisdiction", "status", "note"),
    "include": (),
    "recipient": ("kind", "named-by", "onward-sharing"),
    "data": ("kind",),
    "trigger": ("means", "threshold"),
    "at-assessment": ("explain", "record", "assess"),
    "records": ("storage", "log", "retention", "access"),
    "clause": ("clients", "when", "staff", "consent", "steps", "except-in-emergency", "assess",
               "timing", "basis", "allow"),
    "law": ("kind", "binds", "when", "threshold", "recipients", "discloses", "forbids", "source", "note"),
    "standard": ("serious-harm", "necessary", "note"),
    "scenario": ("protocol-file", "client", "events", "consent", "expect"),
}
KEYWORDS = frozenset(TOP_LEVEL) | {w for lines in BLOCK_LINES.values() for w in lines}


@dataclass(frozen=True)
class Parsed:
    """The outcome of parsing one file: a tree when the text is valid, findings when not."""

    source: SourceFile
    tree: Tree[Token] | None
    errors: tuple[Finding, ...]


@lru_cache(maxsize=1)
def parser() -> Lark:
    """The LALR parser, built once per process (and cached on disk by lark between runs)."""
    return Lark(
        grammar_path().read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=False,
        cache=True,
    )


def parse(source: SourceFile) -> Parsed:
    """Parse ``source``; on syntax errors, blank the bad lines and retry to find the rest."""
    lines = source.text.split("\n")
    errors: list[Finding] = []
    while True:
        try:
            tree = parser().parse("\n".join(lines) + "\n")
        except UnexpectedInput as exc:
            line_no = _error_line(exc, len(lines))
            errors.append(_explain(exc, source, line_no))
            if len(errors) >= MAX_SYNTAX_ERRORS or not 0 < line_no <= len(lines):
                break
            for number in _lines_to_skip(source, exc, line_no):
                if 0 < number <= len(lines):
                    lines[number - 1] = ""
            continue
        return Parsed(source, None if errors else tree, tuple(errors))
    return Parsed(source, None, tuple(errors))


def _error_line(exc: UnexpectedInput, last: int) -> int:
    line = getattr(exc, "line", -1)
    return line if isinstance(line, int) and line > 0 else last


def _first_word(text: str) -> str:
    match = re.match(r"\s*([^\s,\"#]+)", text)
    return match.group(1) if match else ""


def _block_of(source: SourceFile, line_no: int) -> tuple[str | None, int]:
    """The top-level block that line ``line_no`` falls in, and the line it opened on."""
    for number in range(line_no - 1, 0, -1):
        word = _first_word(source.line(number))
        if word in TOP_LEVEL:
            return word, number
    return None, 0


def _lines_to_skip(source: SourceFile, exc: UnexpectedInput, line_no: int) -> list[int]:
    """The bad line; for a misspelt block keyword, the whole block it would have opened."""
    word = _first_word(source.line(line_no))
    if word not in KEYWORDS and did_you_mean(word, TOP_LEVEL) and not source.line(line_no)[:1].isspace():
        end = line_no + 1
        while end <= len(source.lines) and _first_word(source.line(end)) not in TOP_LEVEL:
            end += 1
        return list(range(line_no, end))
    return [line_no]


def _expected_words(exc: UnexpectedInput) -> list[str]:
    words = []
    terminals = {t.name: t for t in parser().terminals}
    for name in sorted(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or ()):
        term = terminals.get(name)
        if term is not None and term.pattern.type == "str":
            words.append(term.pattern.value)
        elif name in {"NAME", "STRING", "DATE", "REF", "INT"}:
            words.append({"NAME": "a name", "STRING": 'a "quoted text"', "DATE": "a date (YYYY-MM-DD)",
                          "REF": "a clause number", "INT": "a number"}[name])
    return words


def _explain(exc: UnexpectedInput, source: SourceFile, line_no: int) -> Finding:
    """Turn a lark exception into an E001 finding with a message a manager can act on."""
    text = source.line(line_no)
    column = getattr(exc, "column", -1)
    if not isinstance(column, int) or column < 1 or isinstance(exc, UnexpectedEOF):
        column = max(1, len(text) - len(text.lstrip()) + 1)
    token = exc.token if isinstance(exc, UnexpectedToken) else None
    found = str(token) if token is not None and token.type != "$END" else ""
    if isinstance(exc, UnexpectedCharacters):
        found = _first_word(text[column - 1:]) or text[column - 1: column]
    width = max(1, len(found))
    message = _message(exc, source, line_no, column, found)
    return make("E001", Span.point(source.path, line_no, column, width), message)


def _message(exc: UnexpectedInput, source: SourceFile, line_no: int, column: int, found: str) -> str:
    text = source.line(line_no)
    at_start = not text[: column - 1].strip()
    block, opened = _block_of(source, line_no)
    if isinstance(exc, UnexpectedCharacters) and text[column - 1: column] == '"':
        return 'unclosed quote: a text in double quotes must end on the same line with "'
    if re.search(r"\bmust\s+not\b", text) and found in {"not", "must"}:
        return "write 'must-not' as one word with a hyphen (e.g. 'staff must-not share ...')"
    if isinstance(exc, UnexpectedCharacters) and re.match(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}", found):
        return f"dates are written year-month-day, e.g. 2027-03-31, not '{found}'"
    if at_start and found:
        if found in BLOCK_LINES["clause"] and found not in KEYWORDS - set(BLOCK_LINES["clause"]) and not any(
            _first_word(source.line(n)) == "clause" for n in range(1, line_no)
        ):
            return (f"'{found}' is a clause line, but no clause has started yet; "
                    "begin one with: clause REF \"TITLE\"")
        if found in KEYWORDS and block is not None and found not in BLOCK_LINES.get(block, ()):
            homes = [b for b, lines in BLOCK_LINES.items() if found in lines]
            allowed = ", ".join(BLOCK_LINES[block]) or "no lines"
            return (f"'{found}' does not belong in the '{block}' block opened on line {opened} "
                    f"(it belongs in: {', '.join(homes)}; a '{block}' block holds: {allowed})")
        if found not in KEYWORDS:
            candidates = list(TOP_LEVEL) + list(BLOCK_LINES.get(block or "", ()))
            guess = did_you_mean(found, candidates)
            if guess:
                return f"unknown keyword '{found}'; did you mean '{guess}'?"
            return f"unknown keyword '{found}' at the start of a line in the '{block or 'file'}' block"
    expected = _expected_words(exc)
    shown = f"'{found}'" if found else "end of line"
    if expected:
        guess = did_you_mean(found, [w for w in expected if not w.startswith("a ")]) if found else None
        hint = f"; did you mean '{guess}'?" if guess else ""
        return f"unexpected {shown}; expected {' or '.join(expected[:8])}{hint}"
    return f"unexpected {shown}"
