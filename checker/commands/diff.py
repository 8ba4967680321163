"""Two checked protocols (old, new) -> :class:`Diff`: what a redraft changes in obligations.

A text diff of two protocols shows edited lines; a commissioner needs to know what the
edit *does*: which flows of information appear or go, which ``may`` became ``must``, where
consent was weakened, which safeguards were dropped, and which findings the redraft
introduces or resolves. Flows are compared by what is shared with whom under which
triggers, so renumbering or reordering clauses is not a change.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from confide.check import Checked
from confide.findings import Finding, Severity
from confide.graph import ObligationGraph

# How much say the client keeps, from most to least (LANGUAGE.md §3 consent modes).
CONSENT_STRENGTH = {"written": 4, "required": 3, "preferences": 3, "unless-objects": 2, "best-interests": 2,
                    "not-required": 1, "blanket": 0, "bundled": 0}
MODALITY_STRENGTH = {"may": 1, "must": 2}


@dataclass(frozen=True)
class Term:
    """One datum going from a subject to a recipient under a set of triggers, and its terms."""

    subject: str
    data: str
    recipient: str
    when: tuple[str, ...]
    prohibited: bool
    modality: str
    consent: str
    steps: frozenset[str]
    assess: frozenset[str]
    emergency: bool
    clause: str

    @property
    def key(self) -> tuple[str, str, str, tuple[str, ...], bool]:
        """What makes two flows 'the same flow' across drafts."""
        return (self.subject, self.data, self.recipient, self.when, self.prohibited)

    def where(self) -> str:
        """'with police when dealing' for a message."""
        when = f"when {', '.join(self.when)}" if self.when else "always"
        return f"{self.recipient} {when}"


@dataclass(frozen=True)
class Change:
    """One change in obligations: its section, a sentence, and the data it concerns."""

    section: str
    text: str
    data: str = ""
    severity: str = ""


@dataclass(frozen=True)
class Diff:
    """Every change from ``old`` to ``new``, grouped for printing."""

    old: str
    new: str
    changes: tuple[Change, ...]

    @property
    def introduces_error(self) -> bool:
        """The redraft brings in at least one error finding."""
        return any(c.section == "Findings introduced" and c.severity == "error" for c in self.changes)


SECTIONS = ("Flows added", "Flows removed", "Hardened (may -> must)", "Softened (must -> may)", "Consent weakened",
            "Consent strengthened", "Safeguards removed", "Safeguards added", "Findings introduced",
            "Findings resolved")


def terms(graph: ObligationGraph) -> dict[tuple[str, str, str, tuple[str, ...], bool], Term]:
    """Every datum of every flow of a protocol (its own clauses and its includes'), with its terms."""
    out: dict[tuple[str, str, str, tuple[str, ...], bool], Term] = {}
    for flow in graph.flows:
        clause, share = flow.clause, flow.share
        for data in share.data:
            term = Term(flow.subject, data.text, flow.recipient, tuple(sorted(t.text for t in clause.when)),
                        flow.prohibited, share.modality.text, clause.consent_mode,
                        frozenset(s.text for s in clause.steps), frozenset(a.text for a in clause.assess),
                        clause.except_in_emergency, clause.ref.text)
            out.setdefault(term.key, term)
    return out


def diff(old: Checked, new: Checked) -> Diff:
    """What changes in obligations from ``old`` to ``new``."""
    if old.graph is None or new.graph is None:
        raise ValueError("diff needs two protocols without input errors")
    before, after = terms(old.graph), terms(new.graph)
    changes: list[Change] = []
    for key in after.keys() - before.keys():
        f = after[key]
        verb = "must not share" if f.prohibited else f"{f.subject} {f.modality} share"
        text = f"{verb} with {f.where()} (clause {f.clause}, consent {f.consent})"
        changes.append(Change("Flows added", text, f.data))
    for key in before.keys() - after.keys():
        f = before[key]
        verb = "must not share" if f.prohibited else f"{f.subject} {f.modality} share"
        changes.append(Change("Flows removed", f"{verb} with {f.where()} (was clause {f.clause})", f.data))
    for key in before.keys() & after.keys():
        changes.extend(_compare(before[key], after[key]))
    changes.extend(_findings(list(old.findings), list(new.findings)))
    order = {s: i for i, s in enumerate(SECTIONS)}
    changes.sort(key=lambda c: (order[c.section], c.text, c.data))
    return Diff(old.path, new.path, tuple(changes))


def _compare(a: Term, b: Term) -> list[Change]:
    out = []
    where = f"with {b.where()} (clause {a.clause}" + (f" -> {b.clause})" if a.clause != b.clause else ")")
    if a.modality != b.modality and not b.prohibited:
        section = ("Hardened (may -> must)" if MODALITY_STRENGTH[b.modality] > MODALITY_STRENGTH[a.modality]
                   else "Softened (must -> may)")
        out.append(Change(section, f"{a.modality} -> {b.modality} share {where}", a.data))
    if CONSENT_STRENGTH[a.consent] != CONSENT_STRENGTH[b.consent]:
        weaker = CONSENT_STRENGTH[b.consent] < CONSENT_STRENGTH[a.consent]
        section = "Consent weakened" if weaker else "Consent strengthened"
        out.append(Change(section, f"consent {a.consent} -> {b.consent} {where}", a.data))
    lost = sorted(a.steps - b.steps) + [f"assess {p}" for p in sorted(a.assess - b.assess)]
    if lost:
        out.append(Change("Safeguards removed", f"no longer {', '.join(lost)} before sharing {where}", a.data))
    if b.emergency and not a.emergency:
        out.append(Change("Safeguards removed", f"steps may now be skipped in an emergency, sharing {where}", a.data))
    gained = sorted(b.steps - a.steps) + [f"assess {p}" for p in sorted(b.assess - a.assess)]
    if gained:
        out.append(Change("Safeguards added", f"now {', '.join(gained)} before sharing {where}", a.data))
    return out


def _finding_key(finding: Finding) -> tuple[str, str]:
    return (finding.code, finding.clause or "")


def _findings(old: list[Finding], new: list[Finding]) -> list[Change]:
    """Findings compared by code and clause (messages carry line numbers that move)."""
    live_old = Counter(_finding_key(f) for f in old if not f.waived)
    live_new = Counter(_finding_key(f) for f in new if not f.waived)
    out = []
    for section, counts, source in (("Findings introduced", live_new - live_old, new),
                                    ("Findings resolved", live_old - live_new, old)):
        for key in counts:
            finding = next(f for f in source if _finding_key(f) == key and not f.waived)
            where = f" (clause {finding.clause})" if finding.clause else ""
            out.append(Change(section, f"{finding.severity.label} {finding.code}{where}: {finding.message}",
                              severity=finding.severity.label))
    return out


def _grouped(diff: Diff, section: str) -> list[str]:
    """Lines of a section, with the data of otherwise identical changes joined."""
    joined: dict[str, list[str]] = {}
    for change in diff.changes:
        if change.section == section:
            joined.setdefault(change.text, []).append(change.data)
    return [(f"{', '.join(d for d in data if d)}: " if any(data) else "") + text for text, data in joined.items()]


def render_text(diff: Diff) -> str:
    """Plain text, one section per kind of change."""
    out = [f"confide diff {diff.old} -> {diff.new}"]
    for section in SECTIONS:
        lines = _grouped(diff, section)
        if lines:
            out += ["", f"{section}:"] + [f"  {line}" for line in lines]
    if not diff.changes:
        out.append("No change in obligations or findings.")
    return "\n".join(out) + "\n"


def render_markdown(diff: Diff) -> str:
    """Markdown for a pull-request comment; protocol text is shown as code, never as markup."""
    out = [f"## Obligation changes: `{_code(diff.old)}` → `{_code(diff.new)}`"]
    for section in SECTIONS:
        lines = _grouped(diff, section)
        if lines:
            out += ["", f"### {section}", ""] + [f"- {_escape(line)}" for line in lines]
    if not diff.changes:
        out += ["", "No change in obligations or findings."]
    if diff.introduces_error:
        out += ["", f"**The new draft introduces {_count(diff, Severity.ERROR)} error finding(s).**"]
    return "\n".join(out) + "\n"


def _count(diff: Diff, severity: Severity) -> int:
    return sum(c.section == "Findings introduced" and c.severity == severity.label for c in diff.changes)


def _code(text: str) -> str:
    return text.replace("`", "'")


def _escape(text: str) -> str:
    """Escape what Markdown (and the HTML it may become) would otherwise interpret, as every report does."""
    from confide.report.templates import escape_markdown

    return str(escape_markdown(text))
