r"""Untrusted text -> text that is safe to print, in any output syntax.

Everything a protocol holds (and the name of its file) is data written by someone else: it
must never act on the terminal, the CI runner or the viewer that shows confide's output. Three
things could, and each is shown visibly instead (docs/security.md):

- control and escape characters (ESC, backspace, carriage return, the C1 controls, Unicode
  bidirectional overrides, lone surrogates): a comment could clear the screen and print a
  fake "0 errors". They are written as ``\x1b``, ``\u202e``..., which is also what makes
  XML outputs (JUnit, SVG) valid whatever the input;
- GitHub Actions workflow commands: the runner obeys a line that starts with ``::`` (after
  spaces) and ``##[`` anywhere in a line, so only confide itself may write either;
- the same rules in the escape of each syntax: ``&#91;`` in XML and HTML, ``\u005b`` in
  JSON (the value is unchanged), a backslash in Markdown.

:func:`visible` is for one field (it also shows a line break); :func:`guard` is for a whole
output, whose own line breaks are kept. Both are idempotent.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# C0 controls but tab and line feed, DEL and the C1 controls (U+009B is a one-character CSI),
# the bidirectional marks and overrides ("Trojan Source"), Unicode line and paragraph
# separators, lone surrogates (undecodable bytes of a file name), and the two non-characters
# XML forbids. Then the invisible format characters text pasted from a word processor or web
# page carries (soft hyphen, zero-width space, word joiner and invisible operators, a byte-order
# mark inside a line, interlinear annotations, tag characters): a name with one inside looks
# right and is not, so a message must show it.
_UNSAFE = ("\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
           "\ud800-\udfff\ufffe\uffff\u00ad\u200b\u2060-\u2064\ufeff\ufff9-\ufffb\U000e0000-\U000e007f")
_UNSAFE_CHAR = re.compile(f"[{_UNSAFE}]")
# The same but ESC, for coloured output: every field in it was made visible (ESC included) before
# confide coloured it, so each ESC left is one of confide's own colour codes.
_UNSAFE_BUT_ESC = re.compile("[" + _UNSAFE.replace("\x0b-\x1f", "\x0b-\x1a\x1c-\x1f") + "]")
_UNSAFE_FIELD = re.compile(f"[{_UNSAFE}\n]")
# A workflow command: '::' opening a line (the runner trims leading white space first), or
# '##[' anywhere in a line (the older form, which the runner looks for at any position).
_LINE_COMMAND = re.compile(r"^([ \t]*):(?=:)", re.MULTILINE)
_OLD_COMMAND = "##["
# Tab, line feed and printable ASCII: the bytes a report is mostly made of, none of them unsafe.
_PLAIN_ASCII = bytes([0x09, 0x0A, *range(0x20, 0x7F)])


_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escaped(char: str) -> str:
    code = ord(char)
    if code > 0xFFFF:  # a tag character: eight digits, as Python writes it
        return f"\\U{code:08x}"
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def _json_escaped(char: str) -> str:
    """A character as a JSON string escape; one beyond U+FFFF as its UTF-16 pair, as JSON writes it."""
    code = ord(char)
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def visible(text: str) -> str:
    """One field of untrusted text with every control character (line breaks too) shown visibly.

    Tabs are kept: they move the cursor and nothing else, and a caret line copies them.
    """
    return _UNSAFE_FIELD.sub(lambda m: _escaped(m.group()), text)


# Characters of one message a text report shows: a message quotes names from the protocol, and a
# 300,000-character name would otherwise fill the log (JSON and SARIF keep the whole value).
MESSAGE_LIMIT = 1000


def shortened(message: str) -> str:
    """``message`` cut to :data:`MESSAGE_LIMIT` characters, saying how much was left out."""
    if len(message) <= MESSAGE_LIMIT:
        return message
    return f"{message[:MESSAGE_LIMIT]}… ({len(message) - MESSAGE_LIMIT:,} more characters)"


# How each output syntax writes '[' and ':' without their meaning to the runner, and a control
# character without its effect.
SYNTAXES: dict[str, tuple[str, str | None, Callable[[str], str]]] = {
    "text": ("\\x5b", "\\x3a", _escaped),
    # --format github: every line starting with '::' is one of confide's own annotations, whose
    # untrusted parts render_github escaped; so only '##[' and control characters are left.
    "github": ("\\x5b", None, _escaped),
    "markdown": ("\\[", "\\:", _escaped),
    "xml": ("&#91;", "&#58;", _escaped),
    # JSON: every control character json.dumps leaves raw sits inside a string, where \\uXXXX
    # stands for the same character; and no line of a JSON document starts with '::'.
    "json": ("\\u005b", None, _json_escaped),
}


def guard(text: str, syntax: str = "text", coloured: bool = False) -> str:
    """A whole output made safe to print: control characters visible, workflow commands defused.

    ``syntax`` is one of :data:`SYNTAXES`: how the output writes a character without its meaning.
    ``coloured``: confide's own colour codes are kept (the output shows every field :func:`visible`).
    """
    if _inert(text.encode("utf-8", "surrogatepass"), SYNTAXES[syntax][1] is not None):
        return text
    return _defused(text, syntax, coloured)


def guard_encoded(text: str, syntax: str = "text", coloured: bool = False) -> bytes:
    """:func:`guard`'s text in UTF-8, encoded once: what a report writer writes."""
    data = text.encode("utf-8", "surrogatepass")
    if _inert(data, SYNTAXES[syntax][1] is not None):
        return data
    return _defused(text, syntax, coloured).encode("utf-8")


def _defused(text: str, syntax: str, coloured: bool) -> str:
    bracket, colon, control = SYNTAXES[syntax]
    text = (_UNSAFE_BUT_ESC if coloured else _UNSAFE_CHAR).sub(lambda m: control(m.group()), text)
    text = text.replace(_OLD_COMMAND, "##" + bracket)
    if colon is not None:
        text = _LINE_COMMAND.sub(lambda m: m.group(1) + colon, text)
    return text


def _inert(data: bytes, line_commands: bool) -> bool:
    """Whether a text (``data``, its UTF-8 with any lone surrogate kept) has nothing to guard: no
    unsafe character (ESC counted even where colour keeps it), no ``##[``, and, where
    ``line_commands``, no ``::``. Found without a regular expression over every character.

    A whole report is guarded (85 kB for a 30-clause protocol), and a character-class search
    over it cost as much as encoding its findings. Deleting the plain ASCII bytes (a C loop)
    leaves the non-ASCII characters whole, usually a handful, and only those are searched.
    """
    if b"##[" in data or (line_commands and b"::" in data):
        return False
    rest = data.translate(None, _PLAIN_ASCII)
    return not rest or _UNSAFE_CHAR.search(rest.decode("utf-8", "surrogatepass")) is None
