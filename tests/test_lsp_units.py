"""The language server's own arithmetic, without a client: positions and the order of fixes."""

from __future__ import annotations

from confide.commands.lsp.fixes import Rewording, apply, bottom_up
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


def finding(code: str, replaces: tuple[int, int] | None, text: str = "x",
            severity: Severity = Severity.ERROR) -> Finding:
    return Finding(code, severity, Span("p", 1, 1, 1, 2), "m", suggestion=text, replaces=replaces)


def test_fixes_go_bottom_up_additions_first_and_overlaps_are_left_out() -> None:
    low = Rewording("low", (10, 12), (finding("LAW001", (10, 12)),))
    high = Rewording("high", (2, 4), (finding("CON002", (2, 4)),))
    overlapping = Rewording("other", (11, 14), (finding("GRAPH002", (11, 14)),))
    added = Rewording("block", None, (finding("FDAP001", None),))
    assert [r.text for r in bottom_up([high, low, overlapping, added])] == ["block", "other", "high"]


def test_a_rewording_replaces_its_lines_deletes_them_or_is_added_at_the_end() -> None:
    text = "one\ntwo\nthree\n"
    assert apply(text, Rewording("TWO\nand a half", (2, 2), ())) == "one\nTWO\nand a half\nthree\n"
    assert apply(text, Rewording("", (2, 3), ())) == "one\n"
    assert apply(text, Rewording("four", None, ())) == "one\ntwo\nthree\n\nfour\n"
    assert Rewording("", (2, 3), (finding("GRAPH003", (2, 3), "", Severity.INFO),)).title == \
        "Remove lines 2-3 as suggested (GRAPH003)"
