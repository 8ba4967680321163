"""The line parser against lark: the same blocks (so the same model, positions included) on every
file in the repository and on generated and mutated text, and never a text lark rejects.

The line parser (confide.language.lines) reads most files; whatever line it does not recognise
sends the file to lark. So the properties are: when it answers, lark accepts the text and its
tree gives exactly the same blocks; and on text written the usual way (words separated by
spaces) it does answer, so the fast path is the one that runs.

The normal suite runs a fixed-seed sample in seconds. For a long, randomised run:
``CONFIDE_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/test_lines.py`` (recorded in
docs/performance.md).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from confide.language import keywords, lines
from confide.language.block import Block
from confide.language.build import build
from confide.language.parse import parse
from confide.language.tree import blocks_of
from confide.loader import parse_source, source_text
from confide.source import SourceFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rules_cases import CASES

ROOT = Path(__file__).resolve().parent.parent
REPOSITORY = sorted([*(ROOT / "protocols").glob("*.protocol"), *(ROOT / "checker" / "laws").glob("*.protocol"),
                     *(ROOT / "tests" / "golden").glob("*.protocol")])
LONG_RUN = int(os.environ.get("CONFIDE_FUZZ_EXAMPLES", "0"))


def fuzz(examples: int) -> Any:
    """Fixed seed and ``examples`` cases in the normal suite; random and many in a long run."""
    return settings(max_examples=LONG_RUN or examples, derandomize=not LONG_RUN, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def lark_blocks(source: SourceFile) -> list[Block] | None:
    """What lark makes of ``source``: its blocks, or None when it rejects the text."""
    tree = parse(source).tree
    return None if tree is None else blocks_of(tree, source.path)


def read_alike(text: str, path: str = "t.protocol") -> bool:
    """Assert the two front ends agree on ``text``; True when the line parser answered."""
    source = SourceFile(path, text)
    fast = lines.recognise(source)
    if fast is None:
        return False
    slow = lark_blocks(source)
    assert slow is not None, f"the line parser accepted what lark rejects:\n{text}"
    assert fast == slow
    return True


# ---- every file we have ---------------------------------------------------------------------------------
@pytest.mark.parametrize("path", REPOSITORY, ids=lambda p: p.name)
def test_repository_files_read_alike_and_by_the_line_parser(path: Path) -> None:
    source = source_text(path.read_text(encoding="utf-8"), str(path))
    assert read_alike(source.text, source.path), "a valid file of the repository fell back to lark"
    tree = parse(source).tree
    assert tree is not None
    assert parse_source(source) == build(tree, source.path)  # the model and its E004/E005 findings


def test_rule_fixtures_read_alike() -> None:
    answered = 0
    for case in CASES:
        texts = [case.protocol, *case.files.values()]
        for text in texts:
            answered += read_alike(source_text(text, "case.protocol").text, "case.protocol")
        if case.code == "E001" and case.fires:
            assert lines.recognise(SourceFile("case.protocol", case.protocol)) is None, case.test_id
    assert answered > 0.9 * len(CASES)


@pytest.mark.parametrize("text", [
    'protocol "P"\nclause 1\n  expect no-share with with police\n',  # a misplaced scenario line
    'scenario "S"\n  expect no-share with with police\n',  # `with` is the keyword there: lark rejects
    'scenario "S"\n  expect no-share with police\n',
    'scenario "S"\n  client age\n',  # `age` is the keyword there and needs a number
    'scenario "S"\n  client adults, age 17, agex, age-1\n',
    'recipient p\n  kindpolice\n',  # lark needs no space between words; the line parser leaves these to it
    'clause 1\n  staff mayshare a with b\n',
    'clause 1\n  kind must share kind, with with with\n',  # keywords of other blocks are names here
    'clause 1\n  staff may share a#x\n  staff may share a with b#x\n',
    'standard s\n  signals "a, \\"b\\"", "c # d"  # the span of this line is its keyword (as lark gives it)\n',
    'clause 4.2"T"\n  staff may share a with b\n',
    'clause 1\n\tstaff\tmust-not\tshare\ta ,b\twith\tc\n  allow LAW001 "why" until 2027-01-01\n',
    'clause 1\n  allow x until 2027-1-1\n',
    "law l\n  unless-objects\n  unless-objects # twice\n",
    'protocol "P"\n  review-by 2027-03-311\n',
    '\ufeffprotocol "P"\n',
    'protocol "P"\r\n  version "1"\n',
    'protocol "P"\n  version "1"\x0c\n',
])
def test_edge_cases_read_alike(text: str) -> None:
    read_alike(text)


@pytest.mark.parametrize("word", sorted(keywords.KEYWORDS | set(keywords.INNER) | set(keywords.MODALITIES)))
def test_every_keyword_at_the_start_of_a_line_reads_alike(word: str) -> None:
    # lark expects every line keyword after a line break, so none can be a partner's name there
    for block in keywords.TOP_LEVEL:
        read_alike(f"{block} x\n  {word} must share a with b\n  {word} x\n")
    read_alike(f'clause 1\n  staff may share {word}, {word} with {word}\n  when {word}, {word}\n')


# ---- generated text ----------------------------------------------------------------------------------------
WORDS = sorted(keywords.KEYWORDS | set(keywords.INNER) | {"police", "identity", "adults", "client", "yes"})


def sometimes(good: st.SearchStrategy[str], bad: list[str], canonical: bool) -> st.SearchStrategy[str]:
    """``good``; in text not written the usual way, one time in thirty-two one of ``bad``."""
    if canonical:
        return good
    # not 0: hypothesis favours it
    return st.integers(0, 31).flatmap(lambda n: st.sampled_from(bad) if n == 17 else good)


def tokens(canonical: bool) -> dict[str, st.SearchStrategy[str]]:
    """Names (keywords among them), quoted texts, clause numbers, dates, numbers and separators."""
    name = sometimes(st.one_of(st.sampled_from(WORDS), st.from_regex(
        r"[a-zA-Z][a-zA-Z0-9_]{0,5}(-[a-z0-9_]{1,4}){0,2}", fullmatch=True)),
        ["-x", "1x", "a-", "x.y", "é", "a--b", "_a", "with", "age"], canonical)
    text = st.text(alphabet=st.characters(blacklist_characters='"\\\n\r', blacklist_categories=("Cs",)),
                   max_size=12).map(lambda t: f'"{t}"')
    quoted = sometimes(st.one_of(text, st.sampled_from(['""', '"a \\" b"', '"back\\\\"', '"# no comment"', '"a, b"'])),
                       ['"open', '"x\\"', "'single'"], canonical)
    return {
        "name": name, "quoted": quoted,
        "ref": sometimes(st.one_of(st.from_regex(r"[0-9a-z][0-9a-z_.-]{0,5}", fullmatch=True), st.just("4.2")),
                         [".1", '"1"'], canonical),
        "date": sometimes(st.just("2027-03-31"), ["2027-3-31", "31/03/2027", "2027-03-311", "9999-99-99"], canonical),
        "number": sometimes(st.sampled_from(["17", "0", "017"]), ["x", "1.5"], canonical),
        # lark needs no space between some words; the line parser always does (the rest go to lark)
        "space": st.just(" ") if canonical else sometimes(st.sampled_from([" ", "\t", "  "]), [""], canonical),
        "comma": st.sampled_from([", ", ",", " , ", ",\t", " ,"]),
        "ending": st.sampled_from(["", "", " # note", "#note", " ", "\t# x, y \"z\""]),
        "modality": sometimes(st.sampled_from(["must", "may", "must-not"]), ["must not", "shall"], canonical),
    }


@st.composite
def listing(draw: st.DrawFn, item: st.SearchStrategy[str], comma: st.SearchStrategy[str], most: int = 3) -> str:
    items = draw(st.lists(item, min_size=1, max_size=most))
    return "".join(x if i == 0 else draw(comma) + x for i, x in enumerate(items))


def shapes(canonical: bool) -> dict[str, st.SearchStrategy[str]]:
    """Text in the shape of each entry of the line parser's table (now and then not quite)."""
    t = tokens(canonical)
    name, quoted, gap, date = t["name"], t["quoted"], t["space"], t["date"]
    names = listing(name, t["comma"])
    return {
        "": st.just(""), "NAME": name, "STRING": quoted, "DATE": date, "names": names,
        "strings": listing(quoted, t["comma"]), "NAME|STRING": st.one_of(name, quoted),
        "NAME STRING?": st.one_of(name, st.tuples(name, gap, quoted).map("".join)),
        "REF STRING?": st.one_of(t["ref"], st.tuples(t["ref"], gap, quoted).map("".join)),
        "share": st.tuples(t["modality"], gap, st.one_of(
            st.tuples(st.just("share "), names, st.just(" with "), names).map("".join),
            st.tuples(st.just("publish "), names).map("".join),
            *([] if canonical else [st.sampled_from(["share a", "share with b", "publish"])]))).map("".join),
        "allow": st.tuples(name, st.sampled_from(["", ' "why"', ' ""']),
                           st.one_of(st.just(""), date.map(lambda d: " until " + d))).map("".join),
        "client": listing(st.one_of(name, t["number"].map(lambda n: "age " + n)), t["comma"]),
        "expect": st.one_of(
            st.tuples(st.just("share "), names, st.just(" with "), names).map("".join),
            st.tuples(st.just("no-share "), st.one_of(st.just(""), names.map(lambda t: t + " ")),
                      st.just("with "), names).map("".join),
            st.tuples(st.just("steps "), names).map("".join)),
    }


SUBJECT = st.from_regex(r"[a-zA-Z][a-zA-Z0-9_]{0,5}(-[a-z0-9_]{1,4}){0,2}", fullmatch=True)
SHAPES = {canonical: shapes(canonical) for canonical in (False, True)}
TOKENS = {canonical: tokens(canonical) for canonical in (False, True)}


@st.composite
def line_of(draw: st.DrawFn, block: str, canonical: bool) -> str:
    """One line for ``block``: one of its own; now and then another block's, or a stray word."""
    stray = 0 if canonical else draw(st.integers(0, 31))
    if stray == 17:
        return draw(st.sampled_from(["", "   ", "# just a comment", "x", "staff", "must", '"text"']))
    table = lines.LINES[block] if stray != 18 else lines.LINES[draw(st.sampled_from(keywords.TOP_LEVEL))]
    if not table:
        return ""
    keyword = draw(st.sampled_from(sorted(table)))
    shape = table[keyword]
    if shape == "share" and draw(st.booleans()):  # a partner as the subject; a keyword now and then (lark refuses it)
        keyword = draw(st.one_of(SUBJECT, st.sampled_from(WORDS)) if draw(st.integers(0, 7)) == 5 else SUBJECT)
    rest = draw(SHAPES[canonical][shape])
    indent = draw(st.sampled_from(["  ", "    ", "\t", ""]))
    return indent + keyword + (draw(TOKENS[canonical]["space"]) + rest if rest else "") + draw(
        TOKENS[canonical]["ending"])


@st.composite
def text_of(draw: st.DrawFn, canonical: bool = False) -> str:
    """A file of blocks in any order, each with lines, blank lines and comments between them."""
    out = []
    for block in draw(st.lists(st.sampled_from(keywords.TOP_LEVEL), max_size=6)):
        rest = draw(SHAPES[canonical][lines.HEADS[block]])
        space, ending = TOKENS[canonical]["space"], TOKENS[canonical]["ending"]
        out.append(block + (draw(space) + rest if rest else "") + draw(ending))
        out += draw(st.lists(line_of(block, canonical), max_size=6))
        if draw(st.booleans()):
            out.append(draw(st.sampled_from(["", "# a comment", "  "])))
    return "\n".join(out) + draw(st.sampled_from(["\n", "", "\n\n"]))


@fuzz(600)
@given(text_of())
def test_generated_texts_read_alike(text: str) -> None:
    read_alike(text)


@fuzz(200)
@given(text_of(canonical=True))
def test_text_written_the_usual_way_is_read_by_the_line_parser(text: str) -> None:
    if not read_alike(text):
        assert lark_blocks(SourceFile("t.protocol", text)) is None, f"fell back to lark on valid text:\n{text}"


# ---- mutated text ---------------------------------------------------------------------------------------
INSERTS = [" ", "\t", ",", '"', "#", "-", "\\", "\n", "\r", "\x0c", "\x0b", "\u00a0", "x", "1", ".", "with", "age"]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A repository file or a generated one, with a few characters or lines changed."""
    if draw(st.booleans()):
        path = draw(st.sampled_from(REPOSITORY))
        text = source_text(path.read_text(encoding="utf-8"), str(path)).text
    else:
        text = draw(text_of(canonical=True))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(0, len(text) - 1)))
        operation = draw(st.integers(0, 4))
        if operation == 0:
            text = text[:at] + text[at + 1:]
        elif operation == 1:
            text = text[:at] + draw(st.sampled_from(INSERTS)) + text[at:]
        elif operation == 2:
            text = text[:at] + draw(st.sampled_from(INSERTS)) + text[at + 1:]
        else:
            rows = text.split("\n")
            row = draw(st.integers(0, len(rows) - 1))
            other = draw(st.integers(0, len(rows) - 1))
            if operation == 3:
                rows.insert(other, rows[row])
            else:
                rows[row], rows[other] = rows[other], rows[row]
            text = "\n".join(rows)
    return text


@fuzz(600)
@given(mutated())
def test_mutated_texts_read_alike(text: str) -> None:
    read_alike(text)
