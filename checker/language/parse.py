"""Text -> lark tree, and E001 syntax findings that teach.

The grammar (``grammar/protocol.lark``) is parsed with lark's LALR parser and contextual
lexer. A syntax error never stops the report: the offending line (or, for a misspelt block
keyword, its whole block) is set aside and the text parsed again, so one run shows every
syntax error with a message written for a service manager, not a parser author. Messages
come from the most specific diagnosis that fits (an unclosed quote, 'must not', a dd/mm/yyyy
date, a misspelt or misplaced keyword, a broken share line) before lark's expected tokens.
"""

from __future__ import annotations

import gc
import hashlib
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from confide.budget import checkpoint
from confide.findings import Finding
from confide.inputs import SYNTAX
from confide.language.keywords import BLOCK_LINES, KEYWORDS, MODALITIES, TOP_LEVEL, block_at, block_of_line
from confide.language.keywords import first_word as _first_word
from confide.language.lookalikes import QUOTES, stray_character
from confide.language.lookalikes import Diagnosis as _Diagnosis
from confide.language.slips import (
    article,
    date_slip,
    expect_slip,
    joined_words,
    line_start_slip,
    list_slip,
    split_word,
)
from confide.resources import grammar_path, private_cache_dir
from confide.source import SourceFile, Span, did_you_mean

if TYPE_CHECKING:  # lark is imported when a file needs it: the line parser reads most files alone
    from lark import Lark, Token, Tree
    from lark.exceptions import UnexpectedInput

MAX_SYNTAX_ERRORS = 20


@dataclass(frozen=True)
class Parsed:
    """The outcome of parsing one file: a tree when the text is valid, findings when not.

    ``comments`` holds the comment tokens of a valid text when they were asked for (the
    formatter keeps them; nothing else needs them).
    """

    source: SourceFile
    tree: Tree[Token] | None
    errors: tuple[Finding, ...]
    comments: tuple[Token, ...] = ()


class _Comments(threading.local):
    """The lexer hands every comment here; kept only while a caller asked for them.

    Thread-local, because the parser is shared: a language server may format one file while
    it checks another.
    """

    tokens: list[Token] | None = None

    def __call__(self, token: Token) -> Token:
        if self.tokens is not None:
            self.tokens.append(token)
        return token


_COMMENTS = _Comments()


@lru_cache(maxsize=1)
def parser() -> Lark:
    """The LALR parser, built once per process.

    lark can keep the built parser on disk between runs, but it loads that file with pickle:
    it is kept only in this user's private cache folder (never the shared temporary folder,
    where another user could plant one), and not at all when there is no safe folder.
    """
    from lark import Lark

    grammar = grammar_path().read_text(encoding="utf-8")
    folder = private_cache_dir("grammar")
    cache: str | bool = False
    if folder is not None:
        digest = hashlib.sha256(grammar.encode()).hexdigest()[:16]
        cache = str(folder / f"grammar-{digest}.lark-cache")
    return Lark(grammar, parser="lalr", lexer="contextual", maybe_placeholders=False, cache=cache,
                lexer_callbacks={"COMMENT": _COMMENTS})


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a file is turned into a tree or model.

    Parsing allocates many small objects that all stay alive, so the collector's repeated
    passes over them find nothing to free; on a 10,000-clause file they cost more than the
    parse itself (docs/performance.md). Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse(source: SourceFile, comments: bool = False) -> Parsed:
    """Parse ``source``; on syntax errors, set the bad lines aside and retry to find the rest.

    With ``comments``, a valid text's comment tokens come back too (for ``confide fmt``).
    A retry parses only from the block the error was in: everything above it parsed, and a
    block starts afresh whatever came before (``start: _block*``), so the rest of the file
    reads the same; a 5 MB file with 20 errors at its end is parsed about once, not 20 times.
    """
    from lark.exceptions import UnexpectedInput

    text = source.text
    if text.startswith("\ufeff"):  # a byte-order mark is not text: a space keeps the columns right
        text = " " + text[1:]
    lines = text.split("\n")
    errors: list[Finding] = []
    set_aside: set[int] = set()
    start = 0  # lines before this one parsed without error
    while True:
        try:
            _COMMENTS.tokens = [] if comments and not errors else None
            with collector_paused():
                tree = parser().parse("\n".join(lines[start:]) + "\n")
        except UnexpectedInput as exc:
            checkpoint()
            line_no = _error_line(exc, start, len(lines))
            errors.append(_explain(exc, source, line_no))
            if len(errors) >= MAX_SYNTAX_ERRORS or not 0 < line_no <= len(lines) or line_no in set_aside:
                break
            for number in _lines_to_skip(source, line_no):
                if 0 < number <= len(lines):
                    lines[number - 1] = _stand_in(source, number) if number == line_no else ""
                    set_aside.add(number)
            start = _block_start(lines, line_no)
            continue
        found = tuple(_COMMENTS.tokens or ())
        _COMMENTS.tokens = None
        return Parsed(source, None if errors else tree, tuple(errors), found)
    _COMMENTS.tokens = None
    return Parsed(source, None, tuple(errors))


# A block's opening line with an error is replaced by a valid one of the same kind, so the
# lines below it stay in their block and are checked (instead of all failing as misplaced).
STAND_INS = {
    "protocol": 'protocol ""', "library": 'library ""', "include": 'include ""', "recipient": "recipient x",
    "data": "data x", "trigger": "trigger x", "at-assessment": "at-assessment", "records": "records",
    "clause": "clause 0", "law": "law x", "standard": "standard x", "scenario": 'scenario ""',
}


def _stand_in(source: SourceFile, number: int) -> str:
    """What replaces bad line ``number`` on the next attempt: a stand-in block head, or nothing.

    A first line that opens no block stands in for the file's opening block (a title written
    'title "..."'), and a lone unindented word close to a block keyword for that block ('record'
    for 'records'): the lines below are then read where their author meant them.
    """
    text = source.line(number)
    word = _first_word(text)
    if word not in STAND_INS and not text[:1].isspace() and text.strip() == word:
        word = did_you_mean(word.lower(), TOP_LEVEL) or word
    if word not in STAND_INS and _block_of(source, number)[0] is None:
        word = "scenario" if source.path.endswith(".scenario") else "protocol"
    return STAND_INS.get(word, "")


def _error_line(exc: UnexpectedInput, start: int, last: int) -> int:
    """The file's line number of an error met parsing from line ``start + 1`` on (the end: ``last``)."""
    line = getattr(exc, "line", -1)
    return line + start if isinstance(line, int) and line > 0 else last


def _block_start(lines: list[str], line_no: int) -> int:
    """The index of the line opening the block that line ``line_no`` (1-based) is in, or 0."""
    for index in range(min(line_no, len(lines)) - 1, -1, -1):
        if _first_word(lines[index]) in TOP_LEVEL:
            return index
    return 0


def _block_of(source: SourceFile, line_no: int) -> tuple[str | None, int]:
    """The top-level block that line ``line_no`` falls in, and the line it opened on."""
    return block_at(source.lines, line_no)


def _lines_to_skip(source: SourceFile, line_no: int) -> list[int]:
    """The bad line; for a misspelt block keyword, the whole block it would have opened."""
    word = _first_word(source.line(line_no))
    if word not in KEYWORDS and did_you_mean(word, TOP_LEVEL) and not source.line(line_no)[:1].isspace():
        end = line_no + 1
        while end <= len(source.lines) and _first_word(source.line(end)) not in TOP_LEVEL:
            end += 1
        return list(range(line_no, end))
    return [line_no]


PATTERN_WORDS = {
    "NAME": "a name", "STRING": 'a "quoted text"', "DATE": "a date (YYYY-MM-DD)", "REF": "a clause number",
    "INT": "a number", "MODALITY": "must, may or must-not", "_NL": "the end of the line",
}


def _expected_words(exc: UnexpectedInput) -> list[str]:
    words = []
    terminals = {t.name: t for t in parser().terminals}
    for name in sorted(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or ()):
        term = terminals.get(name)
        if name in PATTERN_WORDS:
            words.append(PATTERN_WORDS[name])
        elif term is not None and term.pattern.type == "str":
            words.append(f"'{term.pattern.value}'")
    return words


def _explain(exc: UnexpectedInput, source: SourceFile, line_no: int) -> Finding:
    """Turn a lark exception into an E001 finding with a message a manager can act on."""
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

    text = source.line(line_no)
    column = getattr(exc, "column", -1)
    if not isinstance(column, int) or column < 1 or isinstance(exc, UnexpectedEOF):
        column = max(1, len(text) - len(text.lstrip()) + 1)
    token = exc.token if isinstance(exc, UnexpectedToken) else None
    found = str(token) if token is not None and token.type not in {"$END", "_NL"} else ""
    if isinstance(exc, UnexpectedCharacters):
        found = _first_word(text[column - 1:]) or text[column - 1: column]
    diagnosis = _diagnose(exc, source, line_no, column, found)
    return SYNTAX.finding(Span.point(source.path, line_no, diagnosis.column, diagnosis.width), diagnosis.message)


# A quoted text, closed or not. Written as an unrolled loop: the obvious ``(?:[^"\\]|\\.)*`` keeps
# a backtracking record per character, 1 GB for a 5 MB unclosed quote.
QUOTED = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?')


def _code(text: str) -> str:
    """A line with quoted texts blanked and any comment cut off: only what the grammar reads."""
    return QUOTED.sub(lambda m: " " * len(m.group()), text).split("#", 1)[0]


def _words(text: str) -> list[tuple[int, str]]:
    """The words of a line outside quotes and comments, each with its 1-based column."""
    return [(m.start() + 1, m.group()) for m in re.finditer(r"[^\s,]+", _code(text))]


def _diagnose(exc: UnexpectedInput, source: SourceFile, line_no: int, column: int, found: str) -> _Diagnosis:
    """The most helpful explanation we can give, from the most specific to the generic."""
    from lark.exceptions import UnexpectedCharacters

    text = source.line(line_no)
    width = max(1, len(found))
    stray = stray_character(_code(text))
    if stray:  # text pasted from a word processor: say which character it is, and where
        return stray
    if isinstance(exc, UnexpectedCharacters) and text[column - 1: column] == '"':
        curly = next((c for c in text[column:] if c in QUOTES), None)
        ends = f": it ends with a curly quote {curly}; replace it with a straight quote \"" if curly else ""
        return _Diagnosis('unclosed quote: a text in double quotes must end on the same line with "' + ends,
                          column, max(1, len(text.rstrip()) - column + 1))
    must_not = re.search(r"\bmust\s+not\b", text)
    if must_not and found in {"not", "must"}:
        return _Diagnosis("write 'must-not' as one word with a hyphen (e.g. 'staff must-not share ...')",
                          must_not.start() + 1, len(must_not.group()))
    words = _words(text)
    slip = date_slip(text, _code(text), column) or joined_words(words, column)
    if slip:
        return slip
    block, opened = _block_of(source, line_no)
    first_column, first = words[0] if words else (column, "")
    misspelt = did_you_mean(first, list(TOP_LEVEL) + list(BLOCK_LINES.get(block or "", ())))
    if first and first not in KEYWORDS and misspelt and (column > first_column or found == first):
        return _Diagnosis(f"unknown keyword '{first}'; did you mean '{misspelt}'?", first_column, len(first))
    if found and found == first:
        placed = _misplaced(source, line_no, found, block, opened)
        if placed:
            return _Diagnosis(placed, column, width)
    slip = (line_start_slip(words) or expect_slip(words)) if words else None
    if slip:
        return slip
    shares = block == "clause" and (first == "staff" or first not in KEYWORDS)
    if shares:
        share = _share_line_problem(text, words, column)
        if share:
            return share
    if found and found == first and found not in KEYWORDS:
        if block is None:
            return _Diagnosis(_not_a_start(source, text, found), column, width)
        return _Diagnosis(f"unknown keyword '{found}' at the start of a line in the '{block}' block"
                          f" (it holds: {', '.join(BLOCK_LINES.get(block, ())) or 'no lines'})",
                          column, width)
    expected = _expected_words(exc)
    if not (shares or first == "expect"):  # 'with' is only ever expected on a share or expect line
        expected = [word for word in expected if word != "'with'"]
    if words and expected:
        slip = (_expected_hint(text, found, words, expected, column) or list_slip(_code(text), words, found, column)
                or split_word(words, column, [w.strip("'") for w in expected if w.startswith("'")]))
        if slip:
            return slip
    shown = f"'{found}'" if found else "end of line"
    if expected:
        plain = [w.strip("'") for w in expected if w.startswith("'")]
        guess = did_you_mean(found.lower(), plain) if found else None
        hint = f"; did you mean '{guess}'?" if guess else ""
        return _Diagnosis(f"unexpected {shown}; expected {' or '.join(expected[:8])}{hint}", column, width)
    return _Diagnosis(f"unexpected {shown}", column, width)


def _expected_hint(text: str, found: str, words: list[tuple[int, str]], expected: list[str],
                   column: int) -> _Diagnosis | None:
    """Common slips the parser's 'expected' list alone explains badly."""
    width = max(1, len(found))
    if found in KEYWORDS and found != words[0][1]:
        return _Diagnosis(f"'{found}' starts a line of its own: put it on a new line", column, width)
    if not found and words[-1][1] in KEYWORDS:
        block = did_you_mean(words[0][1], TOP_LEVEL) if len(words) == 1 and not text[:1].isspace() else None
        meant = f"; or did you mean to open {article(block)} '{block}' block?" if block else ""
        return _Diagnosis(f"'{words[-1][1]}' needs a value after it ({' or '.join(expected[:3])}){meant}",
                          words[-1][0], len(words[-1][1]))
    if found.startswith('"') and "a name" in expected:
        return _Diagnosis(f"expected a name (lower-case words joined by hyphens) before any quoted text, "
                          f"not {found}", column, width)
    if found and expected == ['a "quoted text"']:
        unquoted = _code(text)[column - 1:].strip()
        return _Diagnosis(f'put this text in double quotes: "{unquoted}"', column, len(unquoted))
    return None


def _not_a_start(source: SourceFile, text: str, found: str) -> str:
    """What a file must start with, for a first line that is not a keyword (a title, some prose)."""
    opening = "scenario" if source.path.endswith(".scenario") else "protocol"
    quoted = QUOTED.search(text)
    title = quoted.group().strip('"') if quoted else _code(text).strip()
    example = f' (here perhaps: {opening} "{title}")' if (quoted or " " in title) and '"' not in title else ""
    return f"unknown keyword '{found}': a {opening} file starts with the line {opening} \"TITLE\"{example}"


def _misplaced(source: SourceFile, line_no: int, found: str, block: str | None, opened: int) -> str | None:
    """A keyword that is real but sits in the wrong place: before any clause, or in another block."""
    if found in BLOCK_LINES["clause"] and found not in KEYWORDS - set(BLOCK_LINES["clause"]) and not any(
        _first_word(source.line(n)) == "clause" for n in range(1, line_no)
    ):
        return (f"'{found}' is a clause line, but no clause has started yet; "
                "begin one with: clause REF \"TITLE\"")
    if found in KEYWORDS and block is not None and found not in BLOCK_LINES.get(block, ()):
        homes = block_of_line(found)
        allowed = ", ".join(BLOCK_LINES[block]) or "no lines"
        return (f"'{found}' does not belong in the '{block}' block opened on line {opened} "
                f"(it belongs in: {', '.join(homes)}; {article(block)} '{block}' block holds: {allowed})")
    return None


def _share_line_problem(text: str, words: list[tuple[int, str]], column: int) -> _Diagnosis | None:
    """Explain a broken ``SUBJECT must|may|must-not share DATA with RECIPIENT`` line."""
    if len(words) < 2:
        return None
    (_, subject), (mod_column, modality) = words[0], words[1]
    if modality not in MODALITIES:
        guess = did_you_mean(modality.lower(), MODALITIES)
        hint = f"; did you mean '{guess}'?" if guess else ""
        return _Diagnosis(f"after '{subject}' write must (automatic), may (case by case) or must-not "
                          f"(prohibited), not '{modality}'{hint}", mod_column, len(modality))
    if len(words) < 3:
        return _Diagnosis(f"say what '{subject} {modality}' do: 'share DATA with RECIPIENT' or 'publish DATA'",
                          mod_column, len(modality))
    verb_column, verb = words[2]
    if verb not in {"share", "publish"}:
        guess = did_you_mean(verb.lower(), ["share", "publish"])
        hint = f"; did you mean '{guess}'?" if guess else ""
        return _Diagnosis(f"after '{modality}' write 'share' or 'publish', not '{verb}'{hint}", verb_column,
                          len(verb))
    comma = re.search(r",\s*(with\b|$)", _code(text).rstrip())
    if comma:
        return _Diagnosis("a list cannot end with a comma: add the missing name or remove the comma",
                          comma.start() + 1, 1)
    rest = [w for _, w in words[3:]]
    if verb == "share" and rest[:1] == ["with"]:
        return _Diagnosis("say what is shared before 'with': 'share DATA with RECIPIENT'", words[3][0], 4)
    if verb == "share" and "with" not in rest:
        wrong = next(((c, w) for c, w in words[3:] if w in {"to", "for", "and"}), None)
        if wrong:
            return _Diagnosis(f"write 'with' before the recipients, not '{wrong[1]}'", wrong[0], len(wrong[1]))
        return _Diagnosis("a share line must say who receives the information: add 'with RECIPIENT'",
                          column, 1)
    if verb == "share" and rest[-1] == "with":
        return _Diagnosis("name who receives the information after 'with'", words[-1][0], 4)
    return None
