"""Spans (1-based lines, columns in characters) <-> LSP positions (0-based, in the client's code units).

confide counts lines as the grammar does (LF, with CRLF and a lone CR read as LF; form feeds
and Unicode separators are not line breaks) and columns in characters. An editor counts
columns in UTF-16 code units unless it negotiated otherwise, so every conversion goes through
the position codec pygls agreed with the client, over the lines as confide numbers them (never
pygls' own ``splitlines``, which also breaks on form feeds).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from confide.source import Span
from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec, ServerTextPosition


@dataclass(frozen=True)
class Lines:
    """One buffer's lines as confide numbers them, and the client's way of counting columns."""

    lines: Sequence[str]
    codec: PositionCodec

    def position(self, line: int, column: int) -> types.Position:
        """The client position of 1-based ``line`` and ``column`` (clamped to the text)."""
        if line > len(self.lines):
            return types.Position(line=max(len(self.lines) - 1, 0), character=self._width(len(self.lines)))
        line = max(line, 1)
        text = self.lines[line - 1]
        characters = min(max(column - 1, 0), len(text))
        if text.isascii():  # one unit per character in every encoding (and a hundred times quicker)
            return types.Position(line=line - 1, character=characters)
        return self.codec.position_to_client_units(self.lines, ServerTextPosition(line - 1, characters))

    def range(self, span: Span) -> types.Range:
        """The client range of ``span`` (its end column is exclusive, as an LSP range's end is)."""
        return types.Range(start=self.position(span.line, span.column),
                           end=self.position(span.end_line, span.end_column))

    def whole_lines(self, first: int, last: int) -> types.Range:
        """Lines ``first`` to ``last`` (1-based, inclusive) with the line break after them."""
        if last < len(self.lines):
            return types.Range(start=types.Position(line=first - 1, character=0),
                               end=types.Position(line=last, character=0))
        return types.Range(start=types.Position(line=first - 1, character=0),
                           end=types.Position(line=max(len(self.lines) - 1, 0), character=self._width(len(self.lines))))

    def everything(self) -> types.Range:
        """The whole buffer."""
        return self.whole_lines(1, len(self.lines))

    def point(self, position: types.Position) -> tuple[int, int]:
        """The 1-based line and character column of a client position (clamped to the text)."""
        if not self.lines:
            return 1, 1
        if position.line >= len(self.lines):
            return len(self.lines), len(self.lines[-1]) + 1
        found = self.codec.position_from_client_units(
            self.lines, types.Position(line=position.line, character=position.character))
        return found.line + 1, found.character + 1

    def _width(self, line: int) -> int:
        """The length of 1-based ``line`` in client units."""
        if not 0 < line <= len(self.lines):
            return 0
        text = self.lines[line - 1]
        return len(text) if text.isascii() else int(self.codec.client_num_units(text))


def within(span: Span, line: int, column: int) -> bool:
    """Whether 1-based ``line``/``column`` falls in ``span`` (its end counts: the cursor just after a word)."""
    if not span.line <= line <= span.end_line:
        return False
    if line == span.line and column < span.column:
        return False
    return not (line == span.end_line and column > span.end_column)
