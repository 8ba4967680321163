"""Split a paragraph into sentences, and an inline enumeration into its items.

Policies are full of full stops that do not end sentences: legal citations ("s.115", "s. 47",
"Sch. 2 para. 2", "Art. 9"), "e.g.", "i.e.", "No. 3", initials ("R. Hale") and titles ("Dr").
Splitting there would cut a rule in half and break its quote, so the splitter only breaks after
a full stop, question or exclamation mark that is followed by space and the start of a new
sentence, and never after a known abbreviation or a single capital initial.

Every sentence returned is an exact substring of the paragraph, because quotes must be.
"""
from __future__ import annotations

import re

ABBREVIATIONS = {
    "e.g", "i.e", "etc", "eg", "ie", "cf", "viz", "vs", "v", "no", "nos", "s", "ss", "para", "paras",
    "pt", "sch", "art", "arts", "reg", "regs", "r", "rr", "ch", "chap", "sec", "sect", "subs", "fig",
    "vol", "p", "pp", "ed", "approx", "dept", "govt", "gov", "ltd", "co", "inc", "plc", "mr", "mrs",
    "ms", "mx", "dr", "prof", "st", "supt", "det", "insp", "sgt", "cllr", "rev", "hon", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "tel", "ext", "ref", "al",
    "incl", "min", "max", "est", "nb", "n.b", "a.m", "p.m",
}
# Abbreviations that are also ordinary words end a sentence unless a number follows ("No. 3").
BEFORE_NUMBER = {"no", "nos", "p", "pp", "art", "para", "paras", "s", "ss", "reg", "sch", "pt", "ch"}
_END = re.compile(r"([.!?])([\"'\u201d\u2019)\]]*)(\s+)(?=[\"'\u201c\u2018(\[]?[A-Z0-9\u00c0-\u00de])")
_WORD_BEFORE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z.]*)$")


def _is_abbreviation(text: str, dot: int) -> bool:
    """Is the full stop at `dot` the end of an abbreviation or an initial?"""
    m = _WORD_BEFORE.search(text[:dot])
    if not m:
        return False
    word = m.group(1)
    if len(word) == 1 and word.isupper():
        return True                       # an initial: "R. Hale", "A. Okafor"
    key = word.lower().rstrip(".")
    if key in BEFORE_NUMBER:
        return bool(re.match(r"\.\s*\(?\d", text[dot:]))
    return key in ABBREVIATIONS


def split_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`, trimmed of surrounding space."""
    spans, start = [], 0
    for m in _END.finditer(text):
        if m.group(1) == "." and _is_abbreviation(text, m.start(1)):
            continue
        end = m.end(2)
        if text[start:end].strip():
            spans.append((start, end))
        start = m.end(3)
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return [(s, e) for s, e in spans if e > s]


def split_sentences(text: str) -> list[str]:
    """The sentences of a paragraph, each an exact substring of it."""
    return [text[s:e] for s, e in split_spans(text)]


_ENUM_MARK = re.compile(r"(?:(?<=\s)|^)(\(([a-z]|[ivx]{1,4}|\d{1,2})\)|([a-z]|\d{1,2})\))\s+")


def split_enumeration(text: str) -> tuple[str, list[str]] | None:
    """An inline enumeration, "... where: (a) x; (b) y; or (c) z.", as (lead-in, items).

    Real policies often write a list inside one paragraph. The lead-in then carries the rule for
    every item, exactly as for a bulleted list, so the items are split out the same way. The
    markers must run in sequence (a, b, c or i, ii, iii or 1, 2, 3) so that a stray "(b)" in a
    citation is not taken for a list.
    """
    marks = list(_ENUM_MARK.finditer(text))
    if len(marks) < 2:
        return None
    labels = [(m.group(2) or m.group(3)) for m in marks]
    if not _in_sequence(labels):
        return None
    lead = text[:marks[0].start()].rstrip()
    if not lead or not re.search(r"[:\u2013\u2014-]$|\b(?:where|if|when|following|to)$", lead):
        return None
    items = []
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        item = text[m.end():end].strip()
        if item:
            items.append(item)
    return lead, items


def _in_sequence(labels: list[str]) -> bool:
    romans = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]
    if all(lb.isdigit() for lb in labels):
        return [int(lb) for lb in labels] == list(range(int(labels[0]), int(labels[0]) + len(labels)))
    if all(lb in romans for lb in labels) and labels[0] == "i":
        return labels == romans[:len(labels)]
    if all(len(lb) == 1 and lb.isalpha() for lb in labels):
        return labels == [chr(ord(labels[0]) + k) for k in range(len(labels))]
    return False
