"""The language server's own arithmetic, without a client: positions and the order of fixes."""

from __future__ import annotations

from confide.commands.fix import Edit, apply, edits, rewordings
from confide.commands.lsp.fixes import title
from confide.commands.lsp.positions import Lines
from confide.findings import Finding, Severity
from confide.source import Span
from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec


def test_columns_are_counted_in_the_clients_units() -> None:
    lines = ['  retention "😀 é" polize', "plain"]
    utf16 = Lines(lines, PositionCodec(types.PositionEncodingKind.Utf16))
    utf8 = Lines(lines, PositionCodec(types.PositionEncodingKind.Utf8))
    column = lines[0].index("polize") + 1
    assert utf16.position(1, column) == types.Position(line=0, character=column - 1 + 1)  # the emoji is 2 units
    assert utf8.position(1, column) == types.Position(line=0, character=column - 1 + 3 + 1)  # 4 + 2 bytes
    assert utf16.point(types.Position(line=0, character=column)) == (1, column)
    assert utf16.position(2, 99) == types.Position(line=1, character=5)  # clamped to the line
    assert utf16.whole_lines(1, 1).end == types.Position(line=1, character=0)
    assert utf16.whole_lines(2, 2).end == types.Position(line=1, character=5)  # the last line has no break


def finding(code: str, replaces: tuple[int, int] | None, text: str = "x", severity: Severity = Severity.ERROR,
            path: str = "p") -> Finding:
    return Finding(code, severity, Span(path, 1, 1, 1, 2), "m", suggestion=text, replaces=replaces)


def test_fixes_go_bottom_up_additions_first_and_only_this_files_warnings_and_errors() -> None:
    found = (finding("CON002", (2, 4), "high"), finding("LAW001", (10, 12), "low"),
             finding("FDAP001", None, "block"), finding("GRAPH003", (6, 6), "", Severity.INFO),
             finding("LAW001", (3, 3), "elsewhere", path="shared.protocol"))
    assert [e.text for e in edits(found, "p", Severity.WARNING)] == ["block", "low", "high"]
    assert [e.text for e in rewordings(found, "p")] == ["high", "low", "block", ""]  # quick fixes offer all


def test_a_rewording_replaces_its_lines_deletes_them_or_is_added_at_the_end() -> None:
    text = "one\ntwo\nthree\n"
    assert apply(text, Edit((2, 2), "TWO\nand a half", ())) == "one\nTWO\nand a half\nthree\n"
    assert apply(text, Edit((2, 3), "", ())) == "one\n"
    assert apply(text, Edit(None, "four", ())) == "one\ntwo\nthree\n\nfour\n"
    assert title(Edit((2, 3), "", (finding("GRAPH003", (2, 3), "", Severity.INFO),))) == \
        "Remove lines 2-3 as suggested (GRAPH003)"
