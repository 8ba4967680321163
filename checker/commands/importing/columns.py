"""Tables in monospaced layout text (PDF layout extraction, plain text).

A PDF has no table objects in its text layer: a table is text placed in columns. In layout
extraction the columns show as runs of three or more spaces at the same positions on several
lines. Finding them lets each table row become one statement (the README's rule: each table row
is its own entry) instead of a jumble of half-rows read across the page. Pipe tables (`a | b`),
common in plain-text policies, are handled here as well.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

_SEG = re.compile(r"\S+(?: {1,2}\S+)*")
_LEAD_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,3})*\.?|\(?[a-z]\)|[\u2022*-])$", re.I)
TOL = 2


@dataclass
class Region:
    """A run of lines that forms one table: [start, end) in the page's lines, and its columns."""

    start: int
    end: int
    columns: list[int]
    rows: list[list[str]]
    header: bool


def segments(line: str) -> list[tuple[int, str]]:
    """(start column, text) of each run of text separated by three or more spaces."""
    return [(m.start(), m.group()) for m in _SEG.finditer(line)]


def _gapped(line: str) -> bool:
    segs = segments(line)
    if len(segs) >= 2 and _LEAD_NUMBER.match(segs[0][1]):
        return len(segs) >= 3           # "1.1   Text" is a numbered paragraph, not two columns
    return len(segs) >= 2


def _cluster(starts: list[int]) -> list[int]:
    """Column positions used by at least two lines (positions within TOL are one column)."""
    out: list[list[int]] = []
    for s in sorted(starts):
        if out and s - out[-1][-1] <= TOL:
            out[-1].append(s)
        else:
            out.append([s])
    return [min(c) for c in out if len(c) >= 2]


def _col(columns: list[int], start: int) -> int:
    best = 0
    for i, c in enumerate(columns):
        if c <= start + TOL:
            best = i
    return best


def find_regions(lines: list[str]) -> list[Region]:
    """Find aligned-column tables: at least two gapped lines sharing column positions, plus the
    wrapped continuation lines of their cells and single blank lines between rows.
    """
    regions: list[Region] = []
    i, n = 0, len(lines)
    while i < n:
        if not _gapped(lines[i]):
            i += 1
            continue
        j, gapped = i, 0
        starts: list[int] = []
        while j < n:
            line = lines[j]
            if not line.strip():
                if j + 1 < n and lines[j + 1].strip() and (_gapped(lines[j + 1]) or _indented(lines[j + 1], starts)):
                    j += 1
                    continue
                break
            if _gapped(line):
                gapped += 1
                starts += [s for s, _ in segments(line)]
            elif not (_indented(line, starts) or _first_col_wrap(lines, j, starts)):
                break
            j += 1
        columns = _cluster(starts)
        if gapped >= 2 and len(columns) >= 2:
            rows = _rows(lines[i:j], columns)
            regions.append(Region(i, j, columns, rows, _is_header(lines[i:j], rows)))
            i = j
        else:
            i += 1
    return regions


def _indented(line: str, starts: list[int]) -> bool:
    """A continuation line of a cell in a later column: it starts at a known column other than
    the first.
    """
    if not starts:
        return False
    s = len(line) - len(line.lstrip())
    first = min(starts)
    return s > first + TOL and any(abs(s - c) <= TOL for c in starts)


def _first_col_wrap(lines: list[str], j: int, starts: list[int]) -> bool:
    """A short line in the first column that wraps the first cell ("Council" under "Riverside
    Borough"): no final full stop, and it is not followed by ordinary prose.
    """
    if not starts:
        return False
    line = lines[j]
    s = len(line) - len(line.lstrip())
    return abs(s - min(starts)) <= TOL and len(line.split()) <= 4 and not line.rstrip().endswith(".")


def _rows(lines: list[str], columns: list[int]) -> list[list[str]]:
    """Group the region's lines into rows of cells. A row starts at a line with text in the first
    column that follows a blank line, or whose other cells begin a new sentence; anything else
    continues the current row.
    """
    rows: list[list[str]] = []
    blank_before = True
    for line in lines:
        if not line.strip():
            blank_before = True
            continue
        segs = segments(line)
        cols = [(_col(columns, s), t) for s, t in segs]
        first = cols[0][0] == 0
        others = [t for c, t in cols if c > 0]
        new_row = not rows or (first and (blank_before or any(t[:1].isupper() or t[:1].isdigit() for t in others)))
        if new_row:
            rows.append([""] * len(columns))
        for c, t in cols:
            rows[-1][c] = (rows[-1][c] + " " + t).strip()
        blank_before = False
    return rows


def _is_header(lines: list[str], rows: list[list[str]]) -> bool:
    """The first row is a header when it is one line of short labels with no full stops."""
    if len(rows) < 2:
        return False
    first = rows[0]
    filled = [c for c in first if c]
    return (len(filled) >= 2 and all(len(c.split()) <= 6 and not c.endswith(".") for c in filled)
            and sum(1 for line in lines[:2] if line.strip()) >= 1)


def column_split(lines: list[str]) -> int | None:
    """The character column that splits a two-column page, or None.

    A page set in two columns comes out of layout extraction as pairs of unrelated half-lines,
    which would otherwise look like a two-column table. It is told apart from a table by its
    shape: most lines of the page have text on both sides of one common gap, and both sides
    are long wrapped prose rather than short cells.
    """
    filled = [ln for ln in lines if ln.strip()]
    if len(filled) < 8:
        return None
    votes: dict[int, int] = {}
    for ln in filled:
        segs = segments(ln)
        for (s1, t1), (s2, _) in pairwise(segs):
            gap = (s1 + len(t1), s2)
            for c in range(gap[0] + 1, gap[1]):
                votes[c] = votes.get(c, 0) + 1
    if not votes:
        return None
    best = max(sorted(votes), key=lambda c: votes[c])
    both = [ln for ln in filled if len(ln) > best and ln[:best].strip() and ln[best:].strip()]
    if len(both) < 0.6 * len(filled):
        return None
    left = [len(ln[:best].strip()) for ln in both]
    right = [len(ln[best:].strip()) for ln in both]
    if sum(left) / len(left) < 30 or sum(right) / len(right) < 30:
        return None
    return best


_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def pipe_cells(line: str) -> list[str]:
    """Cells of a pipe-table row, without the outer pipes."""
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.strip() for c in s.split("|")]


def is_pipe_separator(line: str) -> bool:
    """The |---|---| line under a Markdown table's header."""
    return bool(_PIPE_SEP.match(line)) and "-" in line


def pipe_row_text(line: str) -> str:
    """The row as written between its outer pipes: the README's quote form for md/txt rows."""
    return " | ".join(pipe_cells(line))
