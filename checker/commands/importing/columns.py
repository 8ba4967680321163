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


_LABEL = re.compile(r"^(?:YES|NO|Yes|No|Y|N)$")
_MIN_PROSE = 25


def drop_arrow_labels(lines: list[str]) -> list[str]:
    """Blank the YES / NO labels of a flowchart's arrows: a label alone in its run of text is
    layout, not a word of the boxes beside it, and left in place it would glue a question box
    to the outcome box across the page.
    """
    out = []
    for ln in lines:
        segs = segments(ln)
        if any(_LABEL.match(t) for _, t in segs):
            chars = list(ln)
            for s, t in segs:
                if _LABEL.match(t):
                    chars[s:s + len(t)] = " " * len(t)
            ln = "".join(chars).rstrip()
        out.append(ln)
    return out


def _halves(line: str) -> tuple[int, int, int] | None:
    """(end of the left text, start of the right text, segments) of a line of two runs of text;
    a paragraph number and its text ("4.1   Text") count as one run.
    """
    segs = segments(line)
    if len(segs) >= 2 and _LEAD_NUMBER.match(segs[0][1]):
        segs = [(segs[0][0], line[segs[0][0]:segs[1][0] + len(segs[1][1])])] + segs[2:]
    if len(segs) != 2:
        return None
    return segs[0][0] + len(segs[0][1]), segs[1][0], len(segs)


def column_regions(lines: list[str]) -> list[tuple[int, int, int]]:
    """(start, end, split) of each run of lines set in two columns of prose.

    A page may change from one column to two part-way down (a full-width heading or paragraph,
    then two columns), and back. A two-column run is a stretch of lines whose right-hand text
    starts at one common position; it ends at a line that crosses that gutter, at a line whose
    right-hand text starts elsewhere, or at the blank line after its right column ends. It is
    told apart from a table by its shape: both sides are long wrapped prose, not short cells.
    """
    out: list[tuple[int, int, int]] = []
    i, n = 0, len(lines)
    while i < n:
        h = _halves(lines[i])
        if h is None or h[1] - h[0] < 3:
            i += 1
            continue
        split = h[1]
        j, last_right = i, i
        both: list[tuple[int, int]] = []
        while j < n:
            ln = lines[j]
            if not ln.strip():
                j += 1
                continue
            hj = _halves(ln)
            lead = len(ln) - len(ln.lstrip())
            if hj is not None and abs(hj[1] - split) <= TOL and hj[0] < split - 1:
                both.append((len(ln[:hj[1]].strip()), len(ln[hj[1]:].strip())))
                last_right = j
            elif len(segments(ln)) == 1 and abs(lead - split) <= TOL:
                last_right = j                   # the right column alone on this line
            elif len(segments(ln)) == 1 and len(ln.rstrip()) < split - 1:
                pass                             # the left column alone on this line
            else:
                break
            j += 1
        end = last_right + 1
        while end < j and lines[end].strip():
            end += 1                             # the left column's lines after the right one ends
        if len(both) >= 3 and sum(a for a, _ in both) / len(both) >= _MIN_PROSE and \
                sum(b for _, b in both) / len(both) >= _MIN_PROSE:
            out.append((i, end, split))
            i = end
        else:
            i += 1
    return out


def read_columns(lines: list[str]) -> list[str]:
    """The page's lines in reading order: each two-column run read down its left column, then
    down its right one; full-width lines stay where they are.
    """
    out: list[str] = []
    k = 0
    for start, end, split in column_regions(lines):
        out += lines[k:start]
        run = lines[start:end]
        out += [ln[:split].rstrip() for ln in run] + [ln[split:].rstrip() for ln in run]
        k = end
    return out + lines[k:]


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
