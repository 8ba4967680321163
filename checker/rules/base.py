"""Helpers every rule family shares: where a clause finding points, and its rewording."""

from __future__ import annotations

from typing import Iterable

from confide.findings import Finding, make
from confide.graph import ObligationGraph, TriggerVerdict
from confide.language.model import Clause, Law, Name, Text
from confide.language.unparse import ClauseEdit, clause_text, with_clause
from confide.source import Span

FDAP = "FDAP Code of Practice for Drug & Alcohol Professionals (confidentiality)"
FDAP_STEPS = ("seek-consent", "consult-supervisor", "inform-client", "record-decision")


def consent_span(clause: Clause) -> Span:
    """Findings about sharing without consent point at the consent line."""
    return clause.line("consent") or clause.span


def clause_finding(code: str, clause: Clause, span: Span, message: str, rests_on: str,
                   edit: ClauseEdit | str | None = None, **extra: object) -> Finding:
    """A finding on ``clause`` whose suggestion is the clause rewritten with ``edit``.

    ``edit`` may instead be ready-made text that replaces the clause (a clause split in two).
    """
    suggestion = edit if isinstance(edit, str) else clause_text(clause, edit) if edit is not None else ""
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


def sharer(graph: ObligationGraph, clause: Clause) -> str:
    """Who shares under the clause, for a message: 'staff', or a partner in a partnership clause."""
    subjects = dict.fromkeys(s.subject.text for s in graph.sharing(clause))
    return " and ".join(subjects) or "staff"


def faulty(verdicts: Iterable[TriggerVerdict]) -> str:
    """The triggers at fault, named for a message."""
    return ", ".join(f"'{v.label}'" if v.trigger else "every situation (the clause has no 'when')" for v in verdicts)


def tipping_off_split(clause: Clause, graph: ObligationGraph, steps: tuple[str, ...],
                      add: tuple[str, ...] = ()) -> str | None:
    """The clause split in two where the law forbids ``steps`` under only some of its triggers.

    One clause cannot both ask for a step (FDAP) and omit it (tipping off): the clause keeps
    the triggers where the steps are allowed (with ``add`` added), and a new clause takes the
    others, without any forbidden step. None when no split is needed.
    """
    barred = graph.tipping_off_triggers(clause, steps)
    free = tuple(t.text for t in clause.when if t not in barred)
    if not barred or not free:
        return None
    kept = clause_text(clause, ClauseEdit(when=free, add_steps=add))
    name = clause.title.text if clause.title else f"Clause {clause.ref.text}"
    title = f"{name}, where asking or telling would tip off"
    other = with_clause(clause, ref=Name(f"{clause.ref.text}-tipping-off", clause.ref.span),
                        title=Text(title, clause.title.span if clause.title else clause.ref.span))
    forbidden = tuple(graph.forbidden_steps(with_clause(clause, when=barred)))
    split = clause_text(other, ClauseEdit(when=tuple(t.text for t in barred), drop_steps=forbidden,
                                          add_steps=("consult-supervisor", "record-decision")))
    return f"{kept}\n\n{split}"
