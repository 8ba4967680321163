"""GRAPH rules: what only the whole obligation graph shows — contradictions, onward paths, dead names."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from itertools import islice
from pathlib import Path

from confide.findings import Finding, Related, Severity, rule
from confide.graph import Contradiction, Hop, ObligationGraph, data_overlap
from confide.language.model import Clause, DataCategory, Name, Recipient, Share, Text, Trigger
from confide.language.unparse import ClauseEdit, clause_text, recipient_text, with_clause
from confide.rules.base import clause_finding

# Paths reported per shared recipient: enough to show every route in a real partnership,
# few enough that a densely connected (or hostile) file still checks in moments.
MAX_PATHS = 20


@rule("GRAPH001", "contradictory-clauses", Severity.ERROR, "graph")
def contradictory(graph: ObligationGraph) -> Iterator[Finding]:
    """Two clauses contradict each other: one says must share, the other must not.

    Fires when:
        A 'must' line and a 'must-not' line share the same data kind with the same recipient,
        by the same subject, for overlapping clients and overlapping triggers (the same
        trigger, triggers meaning the same standard, or a clause with no 'when'). The case
        file holds everything, so it conflicts with any data kind. Reported at the 'must'
        clause, or at the 'must-not' when the 'must' is in an included agreement, discharges
        a binding legal duty (a local prohibition cannot forbid what the law requires) or
        shares on a serious risk of harm (a prohibition must not stop staff protecting someone).

    Rests on:
        Legal certainty: staff cannot follow both; a protocol that contradicts itself leaves
        the decision to chance (FDAP: consult a supervisor when in doubt).

    Compliant rewording:
        Make the 'must' clause a 'may' clause decided case by case, or narrow its triggers.
        Where the 'must' is in an included agreement, the prohibition gives up what the
        agreement requires (or becomes 'may ... consent required'), to be settled with the
        partners.

    Fires:
        4.1 staff must share identity with police / 4.2 staff must-not share identity with police

    Passes:
        the same under different triggers
    """
    for found in graph.contradictions():
        must, mustnot = found.must, found.must_not
        data, recipient = found.flows[0]
        who = "staff" if found.required.by_staff else found.required.subject.text
        if must is mustnot:
            message = (f"clause {must.ref.text} contradicts itself: {who} must share {data} with "
                       f"{recipient}, and must not")
        else:
            message = (f"clauses {must.ref.text} and {mustnot.ref.text} contradict: {must.ref.text} says "
                       f"{who} must share {data} with {recipient}, {mustnot.ref.text} says they must not")
        # Reported on the side that must give way: the 'must', unless the law (a binding duty that
        # covers it, or serious harm that justifies it) or an included agreement stands behind it;
        # then the prohibition.
        here, line, other, other_line = ((mustnot, found.forbidden, must, found.required) if yields(graph, found)
                                         else (must, found.required, mustnot, found.forbidden))
        yield clause_finding(contradictory, here, line.span, message, path=(must.ref.text, mustnot.ref.text),
                             related=(Related(other_line.span, f"clause {other.ref.text}"),))


def yields(graph: ObligationGraph, found: Contradiction) -> bool:
    """The prohibition gives way: the 'must' is an included agreement's, or it shares without
    consent where that is justified (a duty covers it, or a serious risk of harm: a prohibition
    that stops staff protecting someone is the side to mend).
    """
    must = found.must
    return must.ref.text not in graph.own_refs or (graph.facts(must).justified and graph.without_consent(must))


def yield_to_agreement(graph: ObligationGraph, must: Clause, required: Share, mustnot: Clause,
                       line: Share) -> str:
    """The prohibition rewritten so that it no longer forbids what an included agreement requires.

    This protocol cannot rewrite the partnership agreement it signs, and the agreement binds
    it: the prohibition gives up the data the agreement requires, or, where nothing would be
    left of it, becomes a consent-based 'may' line, with a note to settle it with the partners.
    """
    kinds = frozenset(graph.data_kind(d.text) for d in required.data)
    drop = frozenset(d.text for d in line.data if data_overlap(frozenset({graph.data_kind(d.text)}), kinds))
    outside = _outside(graph, must, mustnot)
    note = (f"clause {must.ref.text} in {must.path} requires this: settle with the partners which applies"
            if must.ref.text not in graph.own_refs else
            f"clause {must.ref.text} discharges a legal duty that requires this; the prohibition gives way to it"
            if graph.covered(must) else
            f"clause {must.ref.text} shares this on a serious risk of harm, as the law permits; the prohibition "
            "gives way to it")
    if outside:  # the prohibition keeps every situation the 'must' does not reach
        return clause_text(with_clause(mustnot, when=outside), ClauseEdit(comments=(note,)))
    if any(d.text not in drop for s in mustnot.shares for d in s.data):
        return clause_text(mustnot, ClauseEdit(drop_data=drop, comments=(note,)))
    shares = tuple(replace(s, modality=Name("may", s.modality.span)) if s is line else s for s in mustnot.shares)
    return clause_text(with_clause(mustnot, shares=shares), ClauseEdit(consent="required", comments=(note,)))


def _outside(graph: ObligationGraph, must: Clause, mustnot: Clause) -> tuple[Name, ...]:
    """The prohibition's triggers that do not overlap the 'must' clause's (not the same trigger,
    not the same standard); () when it has none to keep, or either side applies always.
    """
    if not must.when or not mustnot.when:
        return ()
    theirs = {t.text for t in must.when}
    standards = {graph.trigger_standard(t.text) for t in must.when} - {None}
    kept = tuple(t for t in mustnot.when if t.text not in theirs and graph.trigger_standard(t.text) not in standards)
    return kept if len(kept) < len(mustnot.when) else ()


@rule("GRAPH002", "onward-sharing-without-consent", Severity.WARNING, "graph")
def onward_sharing(graph: ObligationGraph) -> Iterator[Finding]:
    """What the service shares travels on to someone else, without the client's consent.

    Fires when:
        A clause of the service's own staff shares data with a recipient, and another clause
        (here or in an included protocol) whose subject is that recipient passes any of that
        data on without consent where nothing justifies that hop (no duty binding this service
        covers it, and no serious harm), and the recipient is not declared 'onward-sharing
        prohibited' or 'requires-consent'.
        The finding shows the whole path, clause by clause. One finding per path, at most 20
        per recipient of a line, and paths are followed for at most 8 hops.

    Rests on:
        UK GDPR Art 5(1)(b) purpose limitation; FDAP: the client knows who will hold their
        information; ICO Data Sharing Code (data-sharing agreements set onward limits).

    Compliant rewording:
        Declare the recipient with 'onward-sharing requires-consent'. Where the recipient is
        declared in an included agreement this protocol cannot rewrite, share with a local
        declaration of the same party on that condition (and ask the partners to amend the
        agreement).

    Fires:
        4.1 staff may share identity with police; P1 police must share identity with probation, consent not-required

    Passes:
        the same with recipient police 'onward-sharing requires-consent'
    """
    for clause in graph.unit.root.clauses:
        for disclosure in graph.staff_lines(clause):
            data = frozenset(graph.data_kind(d.text) for d in disclosure.data)
            for recipient in disclosure.recipients:
                for path in islice(graph.onward_paths(recipient, data, frozenset({clause.ref.text})), MAX_PATHS):
                    hops = " -> ".join(f"{h.recipient} (clause {h.clause.ref.text})" for h in path)
                    carried = ", ".join(sorted(path[-1].data))
                    suggestion, replaces = _stop_onward(graph, clause, recipient, path[0])
                    yield clause_finding(
                        onward_sharing, clause, disclosure.share.span,
                        f"{carried} shared with {recipient} under clause {clause.ref.text} travels on without "
                        f"consent, where nothing justifies it: {recipient} -> {hops}",
                        suggestion=suggestion, replaces=replaces,
                        path=(clause.ref.text, *(h.clause.ref.text for h in path)),
                        related=tuple(Related(h.clause.span, f"clause {h.clause.ref.text}: {h.subject} -> "
                                                             f"{h.recipient}") for h in path),
                    )


def _stop_onward(graph: ObligationGraph, clause: Clause, recipient: str,
                 first: Hop) -> tuple[str, tuple[int, int] | None]:
    """The rewording that stops the first onward hop, and the lines it replaces (None: append).

    Where the recipient is declared in an included agreement this protocol cannot rewrite,
    the clause shares instead with a local declaration of the same party on condition that it
    passes nothing on without consent: the ICO's advice to set onward limits when disclosing,
    and it keeps every item the clause needs (leaving out, say, the risk information of a
    child-protection referral would be worse than the onward flow).
    """
    declared = graph.unit.recipients.get(recipient)
    if declared is None:
        return f"recipient {recipient}\n  kind {recipient}\n  onward-sharing requires-consent", None
    if declared.span.path == clause.path:
        return recipient_text(declared, onward="requires-consent"), (declared.span.line, declared.end_line)
    local = Name(f"{recipient}-consent-onward", declared.id.span)
    name = declared.label.text if declared.label else recipient
    label = f"{name}, on condition it passes nothing on without consent"
    condition = recipient_text(replace(declared, id=local, label=Text(label, declared.span)), onward="requires-consent")
    shares = tuple(replace(s, recipients=tuple(local if r.text == recipient else r for r in s.recipients))
                   for s in clause.shares)
    # Named as the protocol's include line names it (relative to the protocol), wherever it is checked from.
    where = Path(os.path.relpath(declared.span.path, os.path.dirname(clause.path) or ".")).as_posix()
    note = f"{recipient} is declared in {where}, where clause {first.clause.ref.text} passes this on without consent"
    rewritten = clause_text(with_clause(clause, shares=shares), ClauseEdit(comments=(note,)))
    return f"{condition}\n\n{rewritten}", (clause.span.line, clause.end_line)


@rule("GRAPH003", "unused-declaration", Severity.INFO, "graph")
def unused_declaration(graph: ObligationGraph) -> Iterator[Finding]:
    """A declared recipient, data category or trigger is never used.

    Fires when:
        A recipient, data category or trigger declared in the protocol appears in no clause of
        the protocol or its includes, and in none of its scenarios.

    Rests on:
        Clarity: a protocol should describe only the sharing it provides for.

    Compliant rewording:
        Remove the declaration (the suggestion is to delete its lines), or add the clause it
        was meant for.

    Fires:
        recipient probation (never used)

    Passes:
        recipient probation, used in a clause
    """
    for what, item in graph.unused():
        yield unused_declaration.finding(
            item.id.span, f"{what} '{item.id.text}' is declared but no clause uses it",
            suggestion="", replaces=(item.span.line, _last_line(item)), subject=(what, item.id.text))


def _last_line(item: Recipient | DataCategory | Trigger) -> int:
    """The last line of a declaration block, so that deleting it removes the whole block.

    A data block records no end line of its own, so it is taken from its last value.
    """
    parts = [item.span, item.id.span] + [n.span for n in (item.label,) if n is not None]
    if isinstance(item, Trigger):
        parts += [n.span for n in (item.means, item.threshold) if n is not None]
    elif isinstance(item, Recipient):
        parts += [n.span for n in (item.kind, item.named_by_client, item.onward_sharing) if n is not None]
    else:
        parts += [n.span for n in (item.kind,) if n is not None]
    return max(getattr(item, "end_line", 0), *(p.end_line for p in parts))
