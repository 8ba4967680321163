"""Slips of the pen that a parser explains badly, each with the message that fixes it (E001).

A date written the British way, in quotes or with a time; two words that the language writes
as one with a hyphen (``not required``); a word the lexer split because it starts with a
keyword (``untill`` read as ``until`` and ``l``); ``or`` between the names of a list; a bullet
point or a modality where a line's keyword belongs. language/parse.py asks these after its own
checks of the line and before lark's list of expected words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from confide import vocabulary as V
from confide.language.keywords import INNER, KEYWORDS, MODALITIES
from confide.language.lookalikes import Diagnosis
from confide.source import did_you_mean

Words = list[tuple[int, str]]  # the words of a line outside quotes and comments, with 1-based columns

# Every word of the language, and every fixed value, that is written with a hyphen.
HYPHENATED: frozenset[str] = frozenset(w for w in (
    *KEYWORDS, *INNER, *V.CONSENT_MODES, *V.CONSENT_FROM, *V.TIMINGS, *V.STEPS, *V.YOUTH_PARAMETERS,
    *V.ONWARD_MODES, *V.SERVICE_KINDS, *V.STAFF_GROUPS, *V.CLIENT_GROUPS, *V.JURISDICTIONS,
    *V.RECIPIENT_KINDS, *V.DATA_KINDS, *V.SCENARIO_CONSENT, *V.CLIENT_TRAITS,
) if "-" in w)
_DAY_FIRST = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_WITH_TIME = re.compile(r"\b(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?")
_QUOTED_DATE = re.compile(r'"(\d{4}-\d{2}-\d{2})"')
BULLETS = {"-", "*", "+", "o", ">"}
LIST_LINES = frozenset({"when", "steps", "assess", "basis", "condition", "staff-include", "binds", "recipients",
                        "discloses", "forbids", "necessary", "acts", "events"})


def date_slip(text: str, code: str, column: int) -> Diagnosis | None:
    """A date written day first, in quotes or with a time, at or after ``column``."""
    day_first = _DAY_FIRST.search(code, max(0, column - 1))
    if day_first:
        day, month, year = day_first.groups()
        return Diagnosis(f"dates are written year-month-day: {year}-{int(month):02}-{int(day):02}, "
                         f"not '{day_first.group()}'", day_first.start() + 1, len(day_first.group()))
    timed = _WITH_TIME.search(code, max(0, column - 12))
    if timed:
        return Diagnosis(f"dates are written year-month-day with no time: {timed.group(1)}, "
                         f"not '{timed.group()}'", timed.start() + 1, len(timed.group()))
    quoted = _QUOTED_DATE.match(text, column - 1)
    if quoted:
        return Diagnosis(f"dates are written year-month-day with no quotes: {quoted.group(1)}, "
                         f"not '{quoted.group()}'", column, len(quoted.group()))
    return None


def joined_words(words: Words, column: int) -> Diagnosis | None:
    """Two or three words the language writes as one with hyphens (``consent not required``)."""
    at = next((i for i, (start, _) in enumerate(words) if start == column), None)
    if at is None:
        return None
    for size in (3, 2):
        if at + 1 >= size:
            part = words[at + 1 - size: at + 1]
            joined = "-".join(w for _, w in part)
            if joined in HYPHENATED:
                start = part[0][0]
                return Diagnosis(f"write '{joined}' as one word with hyphens", start,
                                 part[-1][0] + len(part[-1][1]) - start)
    return None


def split_word(words: Words, column: int, expected: Iterable[str]) -> Diagnosis | None:
    """A word the lexer read as a keyword and a rest (``untill`` as ``until`` and ``l``)."""
    word = next(((start, w) for start, w in words if start < column < start + len(w)), None)
    if word is None:
        return None
    guess = did_you_mean(word[1], [*expected, *INNER, *KEYWORDS])
    if guess is None:
        return None
    return Diagnosis(f"unknown word '{word[1]}'; did you mean '{guess}'?", word[0], len(word[1]))


def list_slip(code: str, words: Words, found: str, column: int) -> Diagnosis | None:
    """A list's names written with spaces: ``when missed or serious-harm-to-self`` (commas go
    between names) or ``basis crime and disorder act 1998`` (hyphens go inside one).
    """
    if len(words) < 3 or words[0][1] not in LIST_LINES or found.startswith('"') or "," in code:
        return None
    keyword, rest = words[0][1], [w for _, w in words[1:]]
    names, joins = rest[::2], rest[1::2]
    if all(j.lower() in {"or", "and", "&", "/", "+"} for j in joins):
        return Diagnosis(f"separate the names in a '{keyword}' list with commas, not '{found}' "
                         f"(e.g. '{keyword} {', '.join(names)}')", column, len(found))
    if any("-" in w for w in rest):  # names written whole, the commas left out
        return Diagnosis(f"put commas between the names in a '{keyword}' list (e.g. '{keyword} {', '.join(rest)}')",
                         column, len(found))
    start, end = words[1][0], words[-1][0] + len(words[-1][1])
    return Diagnosis(f"a name has no spaces: join its words with hyphens, and put commas between names "
                     f"(e.g. '{'-'.join(w.lower() for w in rest)}')", start, end - start)


def line_start_slip(words: Words) -> Diagnosis | None:
    """A bullet point, or a modality with no one before it, where a line's first word belongs."""
    (column, first), rest = words[0], [w for _, w in words[1:]]
    if first in BULLETS or re.fullmatch(r"\(?(\d{1,2}|[a-z])[.)]", first):
        return Diagnosis(f"remove '{first}' at the start of the line: lines need no bullets or numbers, "
                         "each starts with its keyword", column, len(first))
    if first in MODALITIES and rest[:1] in (["share"], ["publish"]):
        return Diagnosis(f"a share line starts with who shares: 'staff {first} {' '.join(rest[:1])} ...' (or a "
                         f"partner's name)", column, len(first))
    return None


def expect_slip(words: Words) -> Diagnosis | None:
    """``expect shares ...``: an expectation is one of three kinds."""
    if len(words) < 2 or words[0][1] != "expect" or words[1][1] in {"share", "no-share", "steps"}:
        return None
    column, kind = words[1]
    guess = did_you_mean(kind.lower(), ["share", "no-share", "steps"])
    hint = f"; did you mean '{guess}'?" if guess else ""
    return Diagnosis(f"after 'expect' write share, no-share or steps, not '{kind}'{hint}", column, len(kind))


def article(word: str) -> str:
    """'a' or 'an' before ``word`` (a keyword in a message): "an 'at-assessment' block"."""
    return "an" if word[:1] in set("aeiou") else "a"
