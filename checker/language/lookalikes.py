"""Characters that look like the language's own and are not: what text pasted from Word carries.

The grammar reads plain ASCII outside quoted texts and comments (names are ``a-z``, digits and
hyphens), so a curly quote, a non-breaking space, an en dash, an invisible zero-width space or a
Cyrillic 'а' in a keyword or name is a syntax error that the parser alone explains badly: the
line looks right on screen. :func:`stray_character` finds the first such character of a line
and says what it is, where it is, and what to type instead (E001, language/parse.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Curly and other typographic quotes, and the straight quote each stands for.
QUOTES = {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"',
          "\u00bb": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'"}
DASHES = {"\u2010": "a Unicode hyphen (\u2010)", "\u2011": "a non-breaking hyphen (\u2011)",
          "\u2012": "a figure dash (\u2012)", "\u2013": "an en dash (\u2013)", "\u2014": "an em dash (\u2014)",
          "\u2015": "a horizontal bar (\u2015)", "\u2212": "a minus sign (\u2212)",
          "\ufe63": "a small hyphen-minus (\ufe63)", "\uff0d": "a full-width hyphen (\uff0d)"}
SPACES = {"\u00a0": "a non-breaking space (U+00A0)", "\u202f": "a narrow non-breaking space (U+202F)",
          "\u2007": "a figure space (U+2007)", "\u3000": "an ideographic space (U+3000)",
          "\u1680": "an ogham space mark (U+1680)", **{chr(c): f"a typographic space (U+{c:04X})"
                                                       for c in range(0x2000, 0x200B)}}
INVISIBLE = {"\u200b": "a zero-width space", "\u200c": "a zero-width non-joiner", "\u200d": "a zero-width joiner",
             "\u2060": "a word joiner", "\ufeff": "a zero-width no-break space (byte-order mark)",
             "\u00ad": "a soft hyphen", "\u180e": "a Mongolian vowel separator",
             **{chr(c): "an invisible operator" for c in range(0x2061, 0x2065)},
             **{chr(c): "an interlinear annotation mark" for c in range(0xFFF9, 0xFFFC)}}
# Cyrillic and Greek letters drawn like Latin ones: the usual homoglyphs of a keyword or name.
_LATIN_TWINS = str.maketrans("аеорсухіјѕԁһӏԛԝАВЕКМНОРСТХІЈЅαονικρυϲΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
                             "aeopcyxijsdhlqwABEKMHOPCTXIJSaovikpucABEZHIKMNOPTYX")
# Where a word ends: white space (a non-breaking one too), a comma, a comment or a quote.
_WORD_END = re.compile(r"[\s,#\"" + "".join(QUOTES) + "]")


@dataclass(frozen=True)
class Diagnosis:
    """What an E001 says and where its caret goes (here, and for every message of language/parse.py)."""

    message: str
    column: int
    width: int


def stray_character(code: str) -> Diagnosis | None:
    """The first character of ``code`` (a line with quoted texts blanked and its comment cut
    off) that the grammar cannot read and a reader would not notice, explained; None if none.
    """
    index = next((i for i, char in enumerate(code) if not char.isascii()), None)
    if index is None:
        return None
    char = code[index]
    if char in QUOTES:
        return _curly_quotes(code, index)
    if char in SPACES:
        return Diagnosis(f"{SPACES[char]} where an ordinary space belongs: retype it as a plain space",
                     index + 1, 1)
    start, end = _word_around(code, index)
    word = code[start:end]
    plain = _plain(word)
    hint = f"; did you mean '{plain}'?" if plain and plain != word and plain.isascii() else ""
    if char in INVISIBLE or 0xE0000 <= ord(char) <= 0xE007F:
        what = INVISIBLE.get(char, "an invisible tag character")
        return Diagnosis(f"{what} (U+{ord(char):04X}), which does not show on screen, is inside this word: "
                     f"delete it{hint}", index + 1, 1)
    if char in DASHES:
        return Diagnosis(f"{DASHES[char]} where a hyphen (-) belongs{hint}", index + 1, 1)
    twin = char.translate(_LATIN_TWINS)
    if twin != char:
        script = unicodedata.name(char, "").split(" ")[0].capitalize()
        return Diagnosis(f"a {script} '{char}' that looks like a Latin '{twin}'{hint}", index + 1, 1)
    folded = _folded(char)
    if folded and folded.isascii() and folded.isprintable():
        name = unicodedata.name(char, "").lower()
        return Diagnosis(f"'{char}' ({name}, U+{ord(char):04X}) looks like '{folded}' but is not it{hint}",
                     index + 1, 1)
    return Diagnosis(f"'{char}' (U+{ord(char):04X}) cannot be read here: keywords and names are written with "
                 f"the letters a-z, digits and hyphens{hint}", index + 1, 1)


def _curly_quotes(code: str, index: int) -> Diagnosis:
    """Curly quotes where straight ones belong: the whole quoted text under the caret."""
    closing = next((i for i in range(len(code) - 1, index, -1) if code[i] in QUOTES), None)
    pair = "\u201c \u201d" if QUOTES[code[index]] == '"' else "\u2018 \u2019"
    message = f'replace the curly quotes {pair} with straight quotes "'
    if closing is None:
        return Diagnosis(message, index + 1, 1)
    return Diagnosis(f'{message}: "{code[index + 1:closing]}"', index + 1, closing - index + 1)


def _word_around(code: str, index: int) -> tuple[int, int]:
    """The start and end of the word holding ``code[index]``."""
    start = index
    while start > 0 and not _WORD_END.match(code[start - 1]):
        start -= 1
    end = _WORD_END.search(code, index + 1)
    return start, end.start() if end else len(code.rstrip())


def _plain(word: str) -> str:
    """``word`` as it was meant: look-alikes as the ASCII they imitate, invisible characters gone."""
    out = []
    for char in word:
        if char.isascii():
            out.append(char)
        elif char in DASHES:
            out.append("-")
        elif char in INVISIBLE or 0xE0000 <= ord(char) <= 0xE007F:
            continue
        elif char.translate(_LATIN_TWINS) != char:
            out.append(char.translate(_LATIN_TWINS))
        else:
            out.append(_folded(char))
    return "".join(out)


def _folded(char: str) -> str:
    """A full-width or accented letter as the ASCII it is drawn from ('ｒ' -> 'r', 'é' -> 'e')."""
    compatible = unicodedata.normalize("NFKC", char)
    if compatible.isascii():
        return compatible
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
