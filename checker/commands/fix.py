"""A checked protocol's suggestions -> the fixed text (``confide check --fix`` and ``--diff``).

Every finding on a clause carries that clause's one rewording and the lines it replaces
(LANGUAGE.md §6); a protocol-level finding with no lines to replace is added at the end. So a
fix is one :class:`Edit` per clause, never one per finding, and:

- edits are applied from the bottom of the file up, so the line numbers of those still to
  come hold; an edit overlapping one already made is left for the next run;
- after each edit the text is checked again with the same checker; an edit that would bring
  in an input error (E001–E006: two suggestions declaring the same recipient, say) is rolled
  back and reported, and the rest go ahead;
- comments inside the replaced lines are kept, on the rewritten line with the same keyword
  (as ``confide fmt`` places them), or at the end of the clause when that line is gone;
- the file is written once, atomically and never through a link (:func:`confide.files.write_atomic`).

Which findings are fixed: those not waived at warning or above, and info ones too when the run
fails on info (``--fail-on info``); so a fix always aims at what makes the check fail.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from confide.check import INPUT_ERRORS, Checked, Checker
from confide.commands.fmt import canonical_line
from confide.findings import Finding, Severity
from confide.language.parse import parse
from confide.loader import read_source
from confide.source import SourceFile


@dataclass(frozen=True)
class Edit:
    """One rewording: the lines it replaces (None: add at the end), its text, the findings it clears."""

    replaces: tuple[int, int] | None
    text: str
    findings: tuple[Finding, ...]

    @classmethod
    def of(cls, finding: Finding) -> Edit:
        """The rewording one finding carries."""
        return cls(finding.replaces, finding.suggestion, (finding,))

    @property
    def clause(self) -> str | None:
        """The clause it rewrites (None for a protocol-level addition)."""
        return next((f.clause for f in self.findings if f.clause), None)

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes it clears, each once, in the order of the findings."""
        return tuple(dict.fromkeys(f.code for f in self.findings))

    def describe(self) -> str:
        """'clause 4.2 (LAW001, FDAP004)' or 'the protocol (FDAP001)' for a message."""
        where = f"clause {self.clause}" if self.clause else "the protocol"
        return f"{where} ({', '.join(self.codes)})"


@dataclass
class FileFix:
    """What fixing one file did: its text before and after, and the edits made or refused."""

    path: str
    before: str
    after: str
    applied: list[Edit] = field(default_factory=list)
    refused: list[tuple[Edit, str]] = field(default_factory=list)
    checked: Checked | None = None  # the fixed text, checked

    @property
    def changed(self) -> bool:
        """Whether the file's text changes."""
        return self.after != self.before

    def fixed(self) -> int:
        """How many findings the applied edits clear."""
        return sum(len(e.codes) for e in self.applied)


def threshold(fail_on: Severity) -> Severity:
    """The lowest severity a fix applies to: warning, or info when the run fails on info."""
    return min(fail_on, Severity.WARNING)


def rewordings(findings: Iterable[Finding], path: str, lowest: Severity = Severity.INFO,
               waived: bool = True) -> list[Edit]:
    """The distinct rewordings offered for file ``path``, in the order of the findings.

    Only findings at ``lowest`` or above count (and waived ones only when ``waived``); the
    findings of an included file carry that file's lines, so they are never applied here.
    """
    grouped: dict[tuple[tuple[int, int] | None, str], list[Finding]] = {}
    for finding in findings:
        if finding.span.path != path or finding.code in INPUT_ERRORS:
            continue
        if (finding.waived and not waived) or finding.severity < lowest:
            continue
        if finding.suggestion or finding.replaces is not None:
            grouped.setdefault((finding.replaces, finding.suggestion), []).append(finding)
    return [Edit(replaces, text, tuple(found)) for (replaces, text), found in grouped.items()]


def edits(findings: Iterable[Finding], path: str, lowest: Severity) -> list[Edit]:
    """The rewordings a fix makes, in the order to make them: additions, then bottom up."""
    out = rewordings(findings, path, lowest, waived=False)
    # Additions first (they leave every line number as it is), then from the bottom up; of two
    # edits of the same lines, the one that clears more findings (the clause's own rewording).
    return sorted(out, key=lambda e: (e.replaces is not None, -(e.replaces or (0, 0))[0], -len(e.codes)))


def fix_file(checker: Checker, file: Path, shown: str, root: Path, text: str | None = None,
             lowest: Severity = Severity.WARNING) -> FileFix:
    """Apply every fixable finding's rewording to one protocol (read from ``file`` unless ``text``)."""
    if text is None:
        source = read_source(file, shown, checker.settings.max_file_size)
        if isinstance(source, Finding):
            return FileFix(shown, "", "")
        text = source.text
    return fix_text(text, shown, lambda candidate: checker.check(file, shown, root, candidate), lowest)


def fix_text(text: str, shown: str, check: Callable[[str], Checked], lowest: Severity = Severity.WARNING,
             checked: Checked | None = None) -> FileFix:
    """Apply every fixable rewording to ``text``, checking with ``check`` after each one.

    ``checked`` is ``text`` already checked, when the caller has it (the language server does).
    """
    checked = checked or check(text)
    result = FileFix(shown, text, text, checked=checked)
    lowest_line: int | None = None  # the first line of the highest edit made so far
    for edit in edits(checked.findings, shown, lowest):
        if edit.replaces is not None and lowest_line is not None and edit.replaces[1] >= lowest_line:
            result.refused.append((edit, "it overlaps another rewording; run --fix again"))
            continue
        candidate = apply(result.after, edit)
        trial = check(candidate)
        introduced = sorted({f.code for f in trial.analysis.findings if f.code in INPUT_ERRORS})
        if introduced:
            problem = next(f for f in trial.analysis.findings if f.code in INPUT_ERRORS)
            result.refused.append((edit, f"rolled back: it would introduce {', '.join(introduced)} "
                                         f"(line {problem.span.line}: {problem.message})"))
            continue
        result.after, result.checked = candidate, trial
        result.applied.append(edit)
        if edit.replaces is not None:
            lowest_line = edit.replaces[0]
    return result


def apply(text: str, edit: Edit) -> str:
    """``text`` with ``edit`` made, comments in the replaced lines kept."""
    if edit.replaces is None:
        body = text.rstrip("\n")
        return f"{body}\n\n{edit.text.rstrip(chr(10))}\n" if body else f"{edit.text}\n"
    lines = text.split("\n")
    first, last = edit.replaces
    return "\n".join(lines[: first - 1] + replacement(text, edit) + lines[last:])


def replacement(text: str, edit: Edit) -> list[str]:
    """The lines that take the place of ``edit``'s lines in ``text``: its rewording, comments kept.

    The language server sends only these (an edit of the clause's lines, not of the whole file).
    """
    first, last = edit.replaces or (0, 0)
    new = edit.text.rstrip("\n").split("\n") if edit.text else []
    return keep_comments(SourceFile("<fix>", text), first, last, new)


def keep_comments(source: SourceFile, first: int, last: int, new: list[str]) -> list[str]:
    """``new`` (the lines replacing ``first``..``last``) with the comments of those lines put back.

    A comment after code stays after the rewritten line with the same keyword; a comment on a
    line of its own goes before the line that followed it. Where that line is gone, the comment
    goes at the end of the rewritten block, so nothing the author wrote is lost.
    """
    every = [t for t in parse(source, comments=True).comments if t.line is not None]
    tokens = [t for t in every if first <= (t.line or 0) <= last]
    if not tokens:
        return new
    cut = {t.line: (t.column or 1) - 1 for t in every}
    out = list(new)
    before: dict[int, list[str]] = {}
    after: dict[int, str] = {}
    leftover: list[str] = []
    code = [n for n in range(first, last + 1) if source.line(n).strip() and not source.line(n).lstrip().startswith("#")]
    for token in tokens:
        line, column = token.line or first, token.column or 1
        comment = str(token).rstrip()
        head = source.line(line)[: column - 1]
        anchor = line if head.strip() else next((n for n in code if n > line), None)
        index = _matching(out, source.line(anchor)[: cut.get(anchor)], anchor == first) if anchor else None
        if index is None:
            leftover.append(comment)
        elif head.strip():
            after[index] = f"{after[index]}  {comment}" if index in after else comment
        else:
            before.setdefault(index, []).append(comment)
    indent = "  "
    result: list[str] = []
    for i, text in enumerate(out):
        pad = "" if i == 0 else indent
        result.extend(pad + c for c in before.get(i, []))
        result.append(f"{text}  {after[i]}" if i in after else text)
    end = next((i for i, text in enumerate(result) if i and not text.strip()), len(result))
    return result[:end] + [indent + c for c in leftover] + result[end:]


def _matching(lines: list[str], text: str, head: bool) -> int | None:
    """The index of the rewritten line that stands for source line ``text`` (its keyword and words)."""
    if head:
        return 0
    keyword = text.split()[:1]
    candidates = [i for i, line in enumerate(lines) if i and line.split()[:1] == keyword]
    exact = [i for i in candidates if lines[i].strip() == canonical_line(text)]
    found = exact or candidates
    return found[0] if found else None


def unified(fix: FileFix) -> str:
    """The change a fix makes, as a unified diff (``--diff``)."""
    return "".join(difflib.unified_diff(fix.before.splitlines(keepends=True), fix.after.splitlines(keepends=True),
                                        f"a/{fix.path}", f"b/{fix.path}"))


Echo = Callable[[str, bool], None]


def describe(fix: FileFix, echo: Echo, would: bool) -> None:
    """One line per edit made (or that would be made) and per edit refused, on stderr."""
    verb = "would fix" if would else "fixed"
    for edit in fix.applied:
        echo(f"{fix.path}: {verb} {edit.describe()}", True)
    for edit, why in fix.refused:
        echo(f"{fix.path}: not fixed {edit.describe()}: {why}", True)
