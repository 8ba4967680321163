"""Helpers every rule family shares: where a clause finding points, and its rewording."""

from __future__ import annotations

from typing import Iterable

from checker.findings import Finding, make
from checker.graph import ObligationGraph, TriggerVerdict
from checker.model import Clause, Law
from checker.render import ClauseEdit, clause_text
from checker.source import Span

FDAP = "FDAP Code of Practice for Drug & Alcohol Professionals (confidentiality)"
FDAP_STEPS = ("seek-consent", "consult-supervisor", "inform-client", "record-decision")


def consent_span(clause: Clause) -> Span:
    """Findings about sharing without consent point at the consent line."""
    return clause.line("consent") or clause.span


def clause_finding(code: str, clause: Clause, span: Span, message: str, rests_on: str,
                   edit: ClauseEdit | None = None, **extra: object) -> Finding:
    """A finding on ``clause`` whose suggestion is the clause rewritten with ``edit``."""
    suggestion = clause_text(clause, edit) if edit is not None else ""
    replaces = (clause.span.line, clause.end_line) if edit is not None else None
    return make(code, span, message, clause=clause.ref.text, rests_on=rests_on, suggestion=suggestion,
                replaces=replaces, **extra)


def law_source(law: Law) -> str:
    """A law's title and source, for 'rests on'."""
    title = law.title.text if law.title else law.id.text
    source = f" ({law.source.text})" if law.source else ""
    return f"{title}{source}"


def law_kind(law: Law) -> str:
    """The law's kind word (duty, power...)."""
    return law.kind.text if law.kind else "unknown"


def shared_summary(graph: ObligationGraph, clause: Clause) -> str:
    """'identity, suspected-activity with police' for a message."""
    parts = []
    for share in graph.sharing(clause):
        data = ", ".join(d.text for d in share.data)
        parts.append(f"{data} with {', '.join(graph.recipients_of(share))}")
    return "; ".join(parts)


def faulty(verdicts: Iterable[TriggerVerdict]) -> str:
    """The triggers at fault, named for a message."""
    return ", ".join(f"'{v.label}'" for v in verdicts)


def missing_step_edit(step: str) -> ClauseEdit:
    """Add one FDAP step to a clause."""
    return ClauseEdit(add_steps=(step,))
