"""What both front ends give the model builder: each file as blocks of lines.

The line parser (:mod:`confide.language.lines`) and lark's tree (:mod:`confide.language.tree`)
read a file into the same :data:`Block` tuples, and :func:`confide.language.build.assemble` turns
them into the model; tests/test_lines.py holds the two front ends equal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from confide.source import Span


@dataclass
class Line:
    """One line inside a block: its keyword and its values, before grouping."""

    keyword: str
    span: Span
    values: list[Any] = field(default_factory=list)


# One block as both front ends give it: its kind (the grammar's rule name: ``assessment`` for
# ``at-assessment``), the values on its first line, its lines (Line, Share, Expectation) and the
# span of its keyword.
Block = tuple[str, list[Any], list[Any], Span]


def unquote(token: str) -> str:
    """A quoted text as written, with its quotes and escapes -> the text it stands for."""
    return token[1:-1].replace('\\"', '"').replace("\\\\", "\\")


def joined(first: Span, last: Span) -> Span:
    """The span from the start of ``first`` to the end of ``last``."""
    return Span(first.path, first.line, first.column, last.end_line, last.end_column)
