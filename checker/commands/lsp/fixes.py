"""Findings' suggested rewordings -> quick fixes, and "fix all" for a file.

Suggestions are per clause (LANGUAGE.md §6): every finding on a clause carries the same
rewording and the lines it replaces, so one quick fix per distinct rewording resolves all the
findings that carry it. A suggestion with no lines to replace (FDAP001, FDAP007, LAW005) is
added at the end of the file; an empty one deletes its lines (an unused declaration, a stale
waiver).

"Fix all" applies every rewording that resolves an error or a warning, bottom-up so that the
line numbers of those above stay true, and keeps each only if the text still has no E-code
(it is checked with the one check core): first all at once, and one by one if that fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from confide.check import INPUT_ERRORS, Checked
from confide.findings import Finding, Severity


@dataclass(frozen=True)
class Rewording:
    """One suggested change: ``text`` in place of lines ``replaces`` (None: added at the end)."""

    text: str
    replaces: tuple[int, int] | None
    findings: tuple[Finding, ...]

    @property
    def codes(self) -> str:
        """The codes it resolves, e.g. "LAW001, FDAP003"."""
        return ", ".join(dict.fromkeys(f.code for f in self.findings))

    @property
    def title(self) -> str:
        """What the editor lists in its quick-fix menu."""
        clause = next((f.clause for f in self.findings if f.clause), None)
        if self.replaces is None:
            return f"Add the suggested block ({self.codes})"
        first, last = self.replaces
        where = f"clause {clause}" if clause and self.text else f"lines {first}-{last}" if first != last \
            else f"line {first}"
        return f"{'Reword' if self.text else 'Remove'} {where} as suggested ({self.codes})"

    @property
    def needed(self) -> bool:
        """Whether it resolves an error or a warning that is not waived ("fix all" applies only these)."""
        return any(f.severity >= Severity.WARNING and not f.waived for f in self.findings)


def rewordings(findings: Iterable[Finding], shown: str) -> list[Rewording]:
    """The distinct suggested changes to file ``shown``, in the order of the findings."""
    grouped: dict[tuple[str, tuple[int, int] | None], list[Finding]] = {}
    for finding in findings:
        if finding.span.path != shown or (not finding.suggestion and finding.replaces is None):
            continue
        grouped.setdefault((finding.suggestion, finding.replaces), []).append(finding)
    return [Rewording(text, replaces, tuple(found)) for (text, replaces), found in grouped.items()]


def apply(text: str, rewording: Rewording) -> str:
    """``text`` (lines split on LF) with one rewording put in place."""
    if rewording.replaces is None:
        return text.rstrip("\n") + "\n\n" + rewording.text.rstrip("\n") + "\n"
    lines = text.split("\n")
    first, last = rewording.replaces
    lines[first - 1:last] = rewording.text.split("\n") if rewording.text else []
    return "\n".join(lines)


def bottom_up(chosen: Sequence[Rewording]) -> list[Rewording]:
    """The rewordings in the order to apply them: additions (at the end) first, then from the
    last lines up, leaving out any that overlaps one below it.
    """
    added = [r for r in chosen if r.replaces is None]
    placed = sorted((r for r in chosen if r.replaces is not None), key=lambda r: r.replaces or (0, 0), reverse=True)
    out: list[Rewording] = []
    floor = None
    for rewording in placed:
        first, last = rewording.replaces or (0, 0)
        if floor is not None and last >= floor:
            continue
        out.append(rewording)
        floor = first
    return added + out


def fix_all(text: str, findings: Iterable[Finding], shown: str, check: Callable[[str], Checked]) -> str:
    """``text`` with every needed rewording applied that keeps it free of E-codes."""
    order = bottom_up([r for r in rewordings(findings, shown) if r.needed])
    if not order:
        return text

    def clean(candidate: str) -> bool:
        return not any(f.code in INPUT_ERRORS for f in check(candidate).analysis.findings)

    together = text
    for rewording in order:
        together = apply(together, rewording)
    if clean(together):
        return together
    for rewording in order:
        candidate = apply(text, rewording)
        if clean(candidate):
            text = candidate
    return text
