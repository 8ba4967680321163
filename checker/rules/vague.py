"""VAGUE rules: triggers that map onto nothing, and clauses that apply always."""

from __future__ import annotations

from typing import Iterator

from confide.findings import Finding, Severity, make, register
from confide.graph import ObligationGraph
from confide.language.unparse import ClauseEdit, trigger_text
from confide.rules.base import FDAP, clause_finding


@register("VAGUE001", "vague-trigger", Severity.WARNING, "graph")
def vague(graph: ObligationGraph) -> Iterator[Finding]:
    """A trigger means nothing the law recognises, or a clause shares without consent always.

    Fires when:
        A declared trigger has no 'means' line; or a clause with no 'when' shares without
        consent (a blanket rule: it applies to every client, every time).

    Rests on:
        FDAP: non-consensual disclosure only for a sincere belief of serious risk of harm or a
        legal obligation; "any concern" or "always" is neither.

    Compliant rewording:
        Map the trigger onto a library standard with 'means'; give the clause a 'when'. The
        suggestion offers the serious-harm standard at 'threshold belief' (FDAP's sincere
        belief of serious risk of harm); if the trigger means something narrower, such as a
        court order or a police request, name that standard instead.

    Fires:
        trigger concern "Any concern" (no means)

    Passes:
        trigger concern "Any concern" / means serious-harm-to-self
    """
    root = graph.unit.root
    # FDAP allows sharing without consent for a sincere belief of serious risk of harm: the
    # rewording names that standard and that threshold, so it narrows rather than widens.
    harm = "child-at-risk-of-significant-harm" if graph.clients in {"young-people"} else "serious-harm-to-others"
    for trigger in root.triggers:
        if trigger.means is None:
            yield make("VAGUE001", trigger.id.span,
                       f"trigger '{trigger.id.text}' does not say which recognised situation it means",
                       rests_on=f"{FDAP}: only serious risk of harm or a legal obligation",
                       suggestion=trigger_text(trigger, means=harm,
                                               threshold=None if trigger.threshold else "belief"),
                       replaces=(trigger.span.line, trigger.end_line))
    for clause in root.clauses:
        if clause.when or not graph.without_consent(clause):
            continue
        standard = ("child-at-risk-of-significant-harm" if graph.applies_to_young_people(clause)
                    else "serious-harm-to-others")
        yield clause_finding(
            "VAGUE001", clause, clause.span,
            f"clause {clause.ref.text} shares without consent always: it has no 'when'",
            f"{FDAP}: only serious risk of harm or a legal obligation",
            ClauseEdit(when=(standard,)),
        )
