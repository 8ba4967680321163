"""GRAPH rules: what only the whole obligation graph shows — contradictions, onward paths, dead names."""

from __future__ import annotations

from itertools import product
from typing import Iterator

from checker.findings import Finding, Severity, make, register
from checker.graph import ObligationGraph
from checker.model import Clause, Share
from checker.render import ClauseEdit, recipient_text
from checker.rules.base import clause_finding


def _triggers_overlap(a: Clause, b: Clause, graph: ObligationGraph) -> bool:
    """No 'when' means always; otherwise a shared trigger or a shared standard."""
    if not a.when or not b.when:
        return True
    names_a, names_b = {t.text for t in a.when}, {t.text for t in b.when}
    if names_a & names_b:
        return True
    stds_a = {graph.trigger_standard(t) for t in names_a} - {None}
    return bool(stds_a & {graph.trigger_standard(t) for t in names_b})


def _clients_overlap(a: Clause, b: Clause, graph: ObligationGraph) -> bool:
    ga, gb = graph.client_group(a), graph.client_group(b)
    return ga == gb or "all" in {ga, gb}


def _flows(share: Share, graph: ObligationGraph) -> set[tuple[str, str]]:
    kinds = {graph.data_kind(d.text) for d in share.data}
    return {(d, r) for d, r in product(kinds, graph.recipients_of(share))}


@register("GRAPH001", "contradictory-clauses", Severity.ERROR, "graph")
def contradictory(graph: ObligationGraph) -> Iterator[Finding]:
    """Two clauses contradict each other: one says must share, the other must not.

    Fires when:
        A 'must' line and a 'must-not' line share the same data kind with the same recipient,
        by the same subject, for overlapping clients and overlapping triggers (a clause with no
        'when' overlaps everything). Reported at the 'must' clause, naming both.

    Rests on:
        Legal certainty: staff cannot follow both; a protocol that contradicts itself leaves
        the decision to chance (FDAP: consult a supervisor when in doubt).

    Compliant rewording:
        Make the 'must' clause a 'may' clause decided case by case, or narrow its triggers.

    Fires:
        4.1 staff must share identity with police / 4.2 staff must-not share identity with police

    Passes:
        the same under different triggers
    """
    root_refs = {c.ref.text for c in graph.unit.root.clauses}
    clauses = list(graph.clauses)
    for must, mustnot in product(clauses, clauses):
        if must.ref.text not in root_refs and mustnot.ref.text not in root_refs:
            continue
        if not _triggers_overlap(must, mustnot, graph) or not _clients_overlap(must, mustnot, graph):
            continue
        for s1, s2 in product(must.shares, mustnot.shares):
            if s1.modality.text != "must" or s2.modality.text != "must-not" or s1.subject.text != s2.subject.text:
                continue
            common = _flows(s1, graph) & _flows(s2, graph)
            if not common:
                continue
            data, recipient = sorted(common)[0]
            other = mustnot if must.ref.text in root_refs else must
            here = must if other is mustnot else mustnot
            message = (f"clauses {must.ref.text} and {mustnot.ref.text} contradict: {must.ref.text} says staff must "
                       f"share {data} with {recipient}, {mustnot.ref.text} says they must not")
            rests = "Staff cannot follow both; FDAP: consult a supervisor when in doubt"
            if here is must:
                yield clause_finding("GRAPH001", must, s1.span, message, rests, ClauseEdit(
                    modality="may", comments=(f"decided case by case: clause {mustnot.ref.text} forbids some of this",)),
                    path=(must.ref.text, mustnot.ref.text))
            else:
                yield make("GRAPH001", s2.span, message, clause=here.ref.text, rests_on=rests,
                           path=(must.ref.text, mustnot.ref.text))
            break


@register("GRAPH002", "onward-sharing-without-consent", Severity.WARNING, "graph")
def onward_sharing(graph: ObligationGraph) -> Iterator[Finding]:
    """What the service shares travels on to someone else, without the client's consent.

    Fires when:
        A clause shares data with a recipient, and another clause (here or in an included
        protocol) whose subject is that recipient passes any of that data on without consent,
        and the recipient is not declared 'onward-sharing prohibited' or 'requires-consent'.
        The finding shows the whole path, clause by clause.

    Rests on:
        UK GDPR Art 5(1)(b) purpose limitation; FDAP: the client knows who will hold their
        information; ICO Data Sharing Code (data-sharing agreements set onward limits).

    Compliant rewording:
        Declare the recipient with 'onward-sharing requires-consent'.

    Fires:
        4.1 staff may share identity with police; P1 police must share identity with probation, consent not-required

    Passes:
        the same with recipient police 'onward-sharing requires-consent'
    """
    for clause in graph.unit.root.clauses:
        for share in graph.sharing(clause):
            if not share.by_staff:
                continue
            data = frozenset(graph.data_kind(d.text) for d in share.data)
            for recipient in graph.recipients_of(share):
                for path in graph.onward_paths(recipient, data, frozenset({clause.ref.text})):
                    hops = " -> ".join(f"{h.recipient} (clause {h.clause.ref.text})" for h in path)
                    carried = ", ".join(sorted(path[-1].data))
                    declared = graph.unit.recipients.get(recipient)
                    in_root = declared is not None and declared.span.path == clause.path
                    if declared is not None:
                        suggestion = recipient_text(declared, onward="requires-consent")
                    else:
                        suggestion = f"recipient {recipient}\n  kind {recipient}\n  onward-sharing requires-consent"
                    yield make(
                        "GRAPH002", share.span,
                        f"{carried} shared with {recipient} under clause {clause.ref.text} travels on without "
                        f"consent: {recipient} -> {hops}",
                        clause=clause.ref.text,
                        rests_on="UK GDPR Art 5(1)(b) purpose limitation; ICO Data Sharing Code of Practice",
                        suggestion=suggestion,
                        replaces=(declared.span.line, declared.end_line) if declared is not None and in_root else None,
                        path=(clause.ref.text, *(h.clause.ref.text for h in path)),
                    )


@register("GRAPH003", "unused-declaration", Severity.INFO, "graph")
def unused_declaration(graph: ObligationGraph) -> Iterator[Finding]:
    """A declared recipient, data category or trigger is never used.

    Fires when:
        A recipient, data category or trigger declared in the protocol appears in no clause of
        the protocol or its includes.

    Rests on:
        Clarity: a protocol should describe only the sharing it provides for.

    Compliant rewording:
        Remove the declaration, or add the clause it was meant for.

    Fires:
        recipient probation (never used)

    Passes:
        recipient probation, used in a clause
    """
    used: set[str] = set()
    for clause in graph.clauses:
        used.update(t.text for t in clause.when)
        for share in clause.shares:
            used.add(share.subject.text)
            used.update(d.text for d in share.data)
            used.update(r.text for r in share.recipients)
    root = graph.unit.root
    for what, items in (("recipient", root.recipients), ("data category", root.data), ("trigger", root.triggers)):
        for item in items:
            if item.id.text not in used:
                yield make("GRAPH003", item.id.span, f"{what} '{item.id.text}' is declared but no clause uses it",
                           rests_on="Clarity: describe only the sharing the protocol provides for",
                           suggestion="", replaces=(item.span.line, item.end_line))
