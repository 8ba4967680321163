"""Find and drop page furniture: running headers and footers, page numbers and rules.

Furniture is recognised by what makes it furniture, never by its wording: a line that recurs
near the top or bottom of many pages (after digits are masked, so "Page 3 of 6" and "Page 4 of 6"
are the same line), or a line that is nothing but a page number. Dropping it matters twice over:
it must not end up inside a quote, and the blank space around it must not split a paragraph that
runs on to the next page.
"""
from __future__ import annotations

import re
from collections import Counter

EDGE = 4                    # how many non-blank lines at each end of a page can be furniture
_DIGITS = re.compile(r"\d+")
_PAGE_NO = re.compile(
    r"^\s*(?:[-\u2013\u2014]\s*)?(?:page|p\.|pg\.?)?\s*\d{1,4}\s*(?:(?:of|/)\s*\d{1,4})?\s*"
    r"(?:[-\u2013\u2014])?\s*$", re.I)
_PAGE_OF = re.compile(r"\bpage\s+\d{1,4}\s+(?:of|/)\s*\d{1,4}\b", re.I)
_RULE = re.compile(r"^\s*([-_=*~.\u2014\u2013\u2500])\1{9,}\s*$")


def _key(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split())).lower()


def _edges(lines: list[str]) -> list[int]:
    """Indices of the first and last EDGE non-blank lines of a page."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:EDGE] + filled[-EDGE:]))


def furniture_keys(pages: list[list[str]]) -> set[str]:
    """Masked lines that recur at the page edges of many pages.

    A line counts when it sits at an edge of at least half the pages (and of at least two),
    which catches running headers and footers while leaving alone a heading that merely happens
    to open two pages.
    """
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({_key(lines[i]) for i in _edges(lines)})
    need = max(2, (len(pages) + 1) // 2)
    keys = {k for k, n in seen.items() if n >= need and k.strip("# ")}
    if len(pages) == 2:                   # two pages are thin evidence: only header-like lines count
        keys = {k for k in keys if "#" in k or "|" in k or "page" in k or len(k.split()) <= 8}
    return keys


def is_page_number(line: str) -> bool:
    """A line that is only a page number ("12", "- 12 -", "Page 3 of 6", "3 / 6")."""
    return bool(_PAGE_NO.match(line)) and bool(re.search(r"\d", line))


def strip_pages(pages: list[list[str]]) -> list[list[str]]:
    """Remove furniture from each page's lines.

    Edge lines go when they recur across pages, when they are bare page numbers, or when they
    are a horizontal rule or a "Page N of M" line; such a line in the middle of a page (a table
    rule, a quoted page reference) is kept. Blank lines at the new page edges are trimmed so
    that paragraph joining across the break sees only text.
    """
    keys = furniture_keys(pages)
    out: list[list[str]] = []
    for lines in pages:
        edges = set(_edges(lines))
        kept = []
        for i, line in enumerate(lines):
            underline = bool(_RULE.match(line)) and i > 0 and bool(lines[i - 1].strip())
            if i in edges and not underline and (
                    _key(line) in keys or is_page_number(line) or _RULE.match(line)
                    or _PAGE_OF.search(line) and len(line.split()) <= 20):
                continue
            kept.append(line)
        kept = _drop_orphan_rules(kept)
        while kept and not kept[0].strip():
            kept.pop(0)
        while kept and not kept[-1].strip():
            kept.pop()
        out.append(kept)
    return out


def _drop_orphan_rules(lines: list[str]) -> list[str]:
    """A rule left standing at a page edge once its footer has gone is furniture too, unless it
    underlines a heading (a text line directly above it).
    """
    def orphan(i: int) -> bool:
        return bool(_RULE.match(lines[i])) and (i == 0 or not lines[i - 1].strip())
    while lines and (not lines[-1].strip() or orphan(len(lines) - 1)):
        lines = lines[:-1]
    while lines and (not lines[0].strip() or orphan(0)):
        lines = lines[1:]
    return lines
