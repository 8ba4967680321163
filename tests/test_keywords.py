"""The grammar is the definition of the language: the keyword table and the line parser's table
are held equal to the rules lark compiles from ``grammar/protocol.lark``.

A keyword or a line added to the grammar and not to the tables (or the reverse) fails here,
before the line parser could read a file differently from lark (tests/test_lines.py then
compares what the two make of real and generated text).
"""

from __future__ import annotations

import re
from collections import defaultdict

from confide.language import keywords, lines
from confide.language.parse import parser
from lark.grammar import NonTerminal, Rule, Terminal

NL = "__start_star_0"  # the helper rule lark makes for `_NL+`
# How each of the line parser's shapes is written in the grammar (terminals by their literal).
SHAPE_FORMS: dict[str, set[tuple[str, ...]]] = {
    "": {()}, "NAME": {("NAME",)}, "STRING": {("STRING",)}, "DATE": {("DATE",)}, "names": {("names",)},
    "strings": {("strings",)}, "NAME|STRING": {("NAME",), ("STRING",)},
    "NAME STRING?": {("NAME",), ("NAME", "STRING")}, "REF STRING?": {("REF",), ("REF", "STRING")},
    "share": {("MODALITY", '"share"', "names", '"with"', "names"), ("MODALITY", '"publish"', "names")},
    "allow": {("NAME",), ("NAME", "STRING"), ("NAME", '"until"', "DATE"), ("NAME", "STRING", '"until"', "DATE")},
    "client": {("client_traits",)},
    "expect": {('"share"', "names", '"with"', "names"), ('"no-share"', "names", '"with"', "names"),
               ('"no-share"', '"with"', "names"), ('"steps"', "names")},
}


def rules() -> dict[str, list[Rule]]:
    found: dict[str, list[Rule]] = defaultdict(list)
    for rule in parser().rules:
        found[rule.origin.name].append(rule)
    return found


def literal(symbol: Terminal | NonTerminal) -> str:
    """A keyword terminal by its word in quotes; a pattern terminal or a rule by its name."""
    if isinstance(symbol, Terminal):
        pattern = next(t.pattern for t in parser().terminals if t.name == symbol.name)
        if pattern.type == "str" and symbol.name not in {"STAFF"}:
            return f'"{pattern.value}"'
    return str(symbol.name)


def word(symbol: Terminal | NonTerminal) -> str:
    return literal(symbol).strip('"')


def body_lines(block_rule: str) -> dict[str, set[tuple[str, ...]]]:
    """Keyword -> the forms of what follows it, for every line a block holds (from the grammar)."""
    table = rules()
    helpers = {r.expansion[-1].name for r in table[block_rule] if r.expansion[-1].name != NL}
    line_rules = {r.expansion[-1].name for helper in helpers for r in table[helper]} - helpers
    out: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    todo = list(line_rules)
    while todo:
        for rule in table[todo.pop()]:
            symbols = [s for s in rule.expansion if s.name != NL]
            first = symbols[0]
            if isinstance(first, NonTerminal) and first.name == "subject":
                out["staff"].add(tuple(literal(s) for s in symbols[1:]))
            elif isinstance(first, NonTerminal):
                todo.append(first.name)
            else:
                out[word(first)].add(tuple(literal(s) for s in symbols[1:]))
    return out


def heads() -> dict[str, set[tuple[str, ...]]]:
    """Block keyword -> the forms of its first line."""
    table = rules()
    out: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for choice in table["_block"]:
        for rule in table[choice.expansion[0].name]:
            head = []
            for symbol in rule.expansion[1:]:
                if symbol.name == NL:
                    break
                head.append(literal(symbol))
            out[word(rule.expansion[0])].add(tuple(head))
    return out


def block_rule(keyword: str) -> str:
    return next(c.expansion[0].name for c in rules()["_block"]
                if word(rules()[c.expansion[0].name][0].expansion[0]) == keyword)


def test_top_level_keywords_are_the_grammars_blocks_in_order() -> None:
    assert keywords.TOP_LEVEL == tuple(heads())


def test_block_lines_are_the_grammars() -> None:
    for keyword in keywords.TOP_LEVEL:
        assert set(keywords.BLOCK_LINES[keyword]) == set(body_lines(block_rule(keyword))), keyword


def test_every_keyword_of_the_grammar_is_in_the_table() -> None:
    strings = {t.pattern.value for t in parser().terminals if t.pattern.type == "str"} - {","}
    assert strings == keywords.KEYWORDS | set(keywords.INNER) - set(keywords.MODALITIES)
    modality = next(t.pattern.value for t in parser().terminals if t.name == "MODALITY")
    assert set(re.sub(r"[()?:\\]", "", modality).split("|")) == set(keywords.MODALITIES)
    assert keywords.terminal("at-assessment") == "AT_ASSESSMENT"


def test_line_parser_heads_are_the_grammars() -> None:
    assert set(lines.HEADS) == set(keywords.TOP_LEVEL)
    for keyword, forms in heads().items():
        assert SHAPE_FORMS[lines.HEADS[keyword]] == forms, keyword


def test_line_parser_lines_are_the_grammars() -> None:
    assert set(lines.LINES) == set(keywords.TOP_LEVEL)
    for keyword in keywords.TOP_LEVEL:
        grammar = body_lines(block_rule(keyword))
        assert set(lines.LINES[keyword]) == set(grammar), keyword
        for line, forms in grammar.items():
            assert SHAPE_FORMS[lines.LINES[keyword][line]] == forms, (keyword, line)


def test_line_parser_lists_and_traits_are_the_grammars() -> None:
    table = rules()
    assert {tuple(literal(s) for s in r.expansion) for r in table["subject"]} == {("STAFF",), ("NAME",)}
    assert {tuple(literal(s) for s in r.expansion) for r in table["client_trait"]} == {('"age"', "INT"), ("NAME",)}
    for rule, item in (("names", "NAME"), ("strings", "STRING"), ("client_traits", "client_trait")):
        forms = {tuple(literal(s) for s in r.expansion) for r in table[rule]}
        helper = next(f[1] for f in forms if len(f) == 2)
        assert forms == {(item,), (item, helper)}
        assert {tuple(literal(s) for s in r.expansion) for r in table[helper]} == {
            ('","', item), (helper, '","', item)}


def test_line_parser_terminals_are_the_grammars() -> None:
    patterns = {t.name: t.pattern for t in parser().terminals}
    for name in ("NAME", "REF", "DATE", "INT", "STRING"):
        # The same pattern, with groups not captured (lark keeps `\n` as the character itself).
        grammar = re.sub(r"\((?!\?)", "(?:", patterns[name].value).replace("\n", "\\n")
        assert getattr(lines, name) == grammar, name
    ignored = {patterns[name].value for name in parser().lexer_conf.ignore}
    # Comments as the line parser reads them, and the only characters lark skips between words
    # (the line parser accepts spaces and tabs; a line with a form feed or carriage return goes to lark).
    assert ignored == {"#[^\n]*", "[ \t\f\r]+"}
