"""Suggested rewordings as the editor's quick fixes, and "fix all" for a file.

What a rewording is, which ones a fix makes and how (bottom up, comments kept, each checked
for E-codes and rolled back if it brings one in) is ``confide check --fix``'s, in
:mod:`confide.commands.fix`; here is only how the editor shows and sends them.
"""

from __future__ import annotations

from collections.abc import Callable

from confide.check import Checked
from confide.commands.fix import Edit, fix_text, replacement
from confide.findings import Severity
from lsprotocol import types

from .positions import Lines


def title(edit: Edit) -> str:
    """What the editor lists in its quick-fix menu."""
    codes = ", ".join(edit.codes)
    if edit.replaces is None:
        return f"Add the suggested block ({codes})"
    first, last = edit.replaces
    where = f"clause {edit.clause}" if edit.clause and edit.text else f"lines {first}-{last}" if first != last \
        else f"line {first}"
    return f"{'Reword' if edit.text else 'Remove'} {where} as suggested ({codes})"


def text_edit(lines: Lines, edit: Edit) -> types.TextEdit:
    """One rewording as an edit of the buffer: the clause's whole lines, or an addition at the end."""
    count = len(lines.lines)
    if edit.replaces is None:  # after a blank line at the end, as the fix adds it
        end = lines.position(count, 10**6)
        gap = "\n" if lines.lines and not lines.lines[-1] else "\n\n"
        return types.TextEdit(range=types.Range(start=end, end=end), new_text=gap + edit.text.rstrip("\n") + "\n")
    first, last = edit.replaces
    new = "\n".join(replacement("\n".join(lines.lines), edit))
    return types.TextEdit(range=lines.whole_lines(first, last), new_text=new + "\n" if new and last < count else new)


def fix_all(text: str, checked: Checked, check: Callable[[str], Checked]) -> str:
    """``text`` with every rewording made that clears an error or a warning and brings in no E-code."""
    return fix_text(text, checked.path, check, Severity.WARNING, checked=checked).after
