"""Lark tree -> blocks of lines (:mod:`confide.language.block`), for the files lark parses.

The line parser reads almost every valid file; the rest (and every file with a syntax error)
are parsed by lark (:mod:`confide.language.parse`), and this module turns lark's tree into the
same blocks, so one builder makes the model from either. Kept apart so that a check that
never needs lark never imports it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from confide.language.block import Block, Line, joined, unquote
from confide.language.keywords import BLOCK_TERMINALS
from confide.language.model import Expectation, Name, Share, Text
from confide.source import Span
from lark import Token, Transformer, Tree


def span_of(token: Token, path: str) -> Span:
    """The span of one token."""
    return Span(path, token.line or 1, token.column or 1, token.end_line or token.line or 1,
                token.end_column or (token.column or 1) + len(token))


class _ToLines(Transformer[Token, Any]):
    """Lark's tree -> blocks: every line becomes a :class:`Line`; every block a :data:`Block`."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def _name(self, token: Token) -> Name:
        return Name(str(token), span_of(token, self.path))

    def _text(self, token: Token) -> Text:
        return Text(unquote(str(token)), span_of(token, self.path))

    def _value(self, item: Any) -> Any:
        if isinstance(item, Token):
            if item.type == "STRING":
                return self._text(item)
            return self._name(item)
        return item

    def _line(self, children: list[Any]) -> Line:
        head = children[0]
        values = [self._value(c) for c in children[1:]]
        last = _last_token(children)
        first = span_of(head, self.path)
        span = Span(self.path, first.line, first.column, last.end_line or first.line,
                    last.end_column or first.end_column)
        return Line(str(head).lower() if head.type != "STAFF" else "staff", span, values)

    def names(self, children: list[Token]) -> tuple[Name, ...]:
        return tuple(self._name(t) for t in children)

    def strings(self, children: list[Token]) -> tuple[Text, ...]:
        return tuple(self._text(t) for t in children)

    protocol_line = library_line = recipient_line = data_line = trigger_line = _line
    assessment_line = records_line = law_line = standard_line = scenario_setting = _line

    def clause_setting(self, children: list[Any]) -> Line:
        # An ``allow`` line arrives already built (it is its own rule in the grammar).
        if len(children) == 1 and isinstance(children[0], Line):
            return children[0]
        return self._line(children)

    def allow(self, children: list[Any]) -> Line:
        return self._line(children)

    def subject(self, children: list[Token]) -> Name:
        return self._name(children[0])

    def share(self, children: list[Any]) -> Share:
        subject, modality, data, recipients = children
        return Share(subject, self._name(modality), data, recipients,
                     joined(subject.span, recipients[-1].span))

    def publish(self, children: list[Any]) -> Share:
        subject, modality, data = children
        return Share(subject, self._name(modality), data, (), joined(subject.span, data[-1].span), publish=True)

    def client_trait(self, children: list[Token]) -> Any:
        if len(children) == 2:
            return ("age", int(children[1]), span_of(children[1], self.path))
        return self._name(children[0])

    def client_traits(self, children: list[Any]) -> list[Any]:
        return children

    def _expect(self, kind: str, children: list[Any]) -> Expectation:
        head = span_of(children[0], self.path)
        lists = [c for c in children[1:] if isinstance(c, tuple)]
        last = lists[-1][-1].span
        span = joined(head, last)
        if kind == "share":
            return Expectation(kind, span, data=lists[0], recipients=lists[1])
        if kind == "no-share":  # `expect no-share [DATA] with RECIPIENTS`
            return Expectation(kind, span, data=lists[0] if len(lists) == 2 else (), recipients=lists[-1])
        return Expectation(kind, span, steps=lists[0])

    def expect_share(self, children: list[Any]) -> Expectation:
        return self._expect("share", children)

    def expect_no_share(self, children: list[Any]) -> Expectation:
        return self._expect("no-share", children)

    def expect_steps(self, children: list[Any]) -> Expectation:
        return self._expect("steps", children)

    def __default__(self, data: Any, children: list[Any], meta: Any) -> Any:
        # Blocks: ("clause", [head values...], [lines...], span of the block's keyword).
        tokens = [c for c in children if isinstance(c, Token)]
        body = [c for c in children if not isinstance(c, Token)]
        if not tokens or tokens[0].type not in BLOCK_TERMINALS:  # `start`: the whole file
            return (str(data), [], body, Span(self.path, 1, 1, 1, 2))
        keyword = tokens[0]
        return (str(data), [self._value(c) for c in tokens[1:]], body, span_of(keyword, self.path))


def _last_token(children: Iterable[Any]) -> Token:
    last: Any = None
    for child in children:
        if isinstance(child, Token):
            last = child
        elif (isinstance(child, tuple) and child and isinstance(child[-1], Name)) or (
                isinstance(child, list) and child):
            last = child[-1]
    if isinstance(last, Name):
        return Token("NAME", last.text, line=last.span.line, column=last.span.column,
                     end_line=last.span.end_line, end_column=last.span.end_column)
    if isinstance(last, tuple):  # ("age", n, span)
        span = last[2]
        return Token("INT", str(last[1]), line=span.line, column=span.column, end_line=span.end_line,
                     end_column=span.end_column)
    return last  # type: ignore[no-any-return]


def blocks_of(tree: Tree[Token], path: str) -> list[Block]:
    """The blocks of one file parsed by lark."""
    return _ToLines(path).transform(tree)[2]  # type: ignore[no-any-return]  # ("start", head, body, span)
