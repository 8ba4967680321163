"""Helpers every rule family shares: where a clause finding points, and how laws are named.

Rules only detect and explain. The one suggested rewording of a clause is worked out once, by
:mod:`confide.rules.rewording`, for all the findings on that clause together; a rule that
fixes something outside the clause (a protocol block, a trigger, an onward limit) gives its own
suggestion.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from confide.findings import Finding, Rule
from confide.graph import ObligationGraph, TriggerVerdict
from confide.language.model import Clause, Law
from confide.source import Span

FDAP_STEPS = ("seek-consent", "consult-supervisor", "inform-client", "record-decision")


def consent_span(clause: Clause) -> Span:
    """Findings about sharing without consent point at the consent line (or the clause head)."""
    return clause.line("consent") or clause.span


def clause_finding(rule: Rule, clause: Clause, span: Span, message: str, rests_on: str = "",
                   **extra: Any) -> Finding:
    """A finding of ``rule`` on ``clause`` (its REF set; its rewording attached by the check core)."""
    return rule.finding(span, message, clause=clause.ref.text, rests_on=rests_on, **extra)


def law_title(law: Law) -> str:
    """The law's plain title, or its id."""
    return law.title.text if law.title else law.id.text


def law_source(law: Law) -> str:
    """A law's title and its first source, for 'rests on'."""
    source = f" ({law.sources[0].text})" if law.sources else ""
    return f"{law_title(law)}{source}"


def law_kind(law: Law) -> str:
    """The law's kind word (duty, power...), or 'unknown'."""
    return law.kind_word or "unknown"


def shared_summary(graph: ObligationGraph, clause: Clause) -> str:
    """'identity, suspected-activity with police' for a message (what the clause discloses)."""
    return "; ".join(f"{', '.join(n.text for n in d.data)} with {', '.join(d.recipients)}"
                     for d in graph.facts(clause).disclosures)


def sharer(graph: ObligationGraph, clause: Clause) -> str:
    """Who shares under the clause, for a message: 'staff', or a partner in a partnership clause."""
    subjects = dict.fromkeys(d.share.subject.text for d in graph.facts(clause).disclosures)
    return " and ".join(subjects) or "staff"


def faulty(graph: ObligationGraph, verdicts: Iterable[TriggerVerdict]) -> str:
    """The triggers at fault, named for a message, each with its own wording and the standard it
    claims: a label only signals can test (§4), so every finding shows what the label stands on.
    """
    return ", ".join(_worded(graph, v) if v.trigger else "every situation (the clause has no 'when')"
                     for v in verdicts)


def _worded(graph: ObligationGraph, verdict: TriggerVerdict) -> str:
    """'dealing' ("Staff suspect a resident of dealing", taken as drug-supply-on-premises)."""
    name = verdict.label
    declared = graph.unit.triggers.get(name)
    said = [f'"{declared.label.text}"'] if declared is not None and declared.label is not None else []
    if verdict.standard and verdict.standard != name:
        said.append(f"taken as {verdict.standard}")
    return f"'{name}' ({', '.join(said)})" if said else f"'{name}'"


def article(word: str) -> str:
    """'an' before a vowel, else 'a'."""
    return "an" if word[:1] in "aeiou" else "a"
