"""VAGUE rules: triggers that map onto nothing, labels the wording does not bear out, clauses that apply always."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from confide.findings import Finding, Related, Severity, rule
from confide.graph import ObligationGraph
from confide.language.model import Clause, Standard, Trigger
from confide.language.unparse import trigger_text
from confide.rules.base import clause_finding


def wording(trigger: Trigger) -> str:
    """What a trigger says: its description, or without one its id (hyphens separate words)."""
    return trigger.label.text if trigger.label is not None else trigger.id.text


@lru_cache(maxsize=4096)
def _pattern(signal: str) -> re.Pattern[str]:
    """A signal matches case-insensitively at the start of a word (a run of letters and digits)."""
    return re.compile(r"(?<![a-z0-9])" + re.escape(signal.lower()))


def signals_used(standard: Standard, text: str) -> list[str]:
    """The standard's signals that ``text`` uses (LANGUAGE.md §4)."""
    lowered = text.lower()
    return [s.text for s in standard.signals if _pattern(s.text).search(lowered)]


def best_standard(graph: ObligationGraph, text: str) -> Standard | None:
    """The library standard whose signals ``text`` uses most (library order breaks ties), or None.

    A standard whose signals the text does not use is never proposed, serious harm above all:
    proposing one would make an unsupported label that could justify sharing.
    """
    scored = [(len(signals_used(std, text)), -i, std) for i, std in enumerate(graph.library.standards.values())]
    count, _, best = max(scored, key=lambda item: (item[0], item[1]), default=(0, 0, None))
    return best if count else None


@rule("VAGUE001", "vague-trigger", Severity.WARNING, "graph")
def vague(graph: ObligationGraph) -> Iterator[Finding]:
    """A trigger means nothing the law recognises, or a clause shares without consent always.

    Fires when:
        A declared trigger has no 'means' line; or a clause with no 'when' shares without
        consent (a blanket rule: it applies to every client, every time).

    Rests on:
        FDAP: non-consensual disclosure only for a sincere belief of serious risk of harm or a
        legal obligation; "any concern" or "always" is neither.

    Compliant rewording:
        Map the trigger onto the library standard whose signal words its wording uses ('means');
        the suggestion proposes the best match, never a serious-harm standard the wording does
        not bear out. A clause that shares without consent always needs a 'when' only its
        author can give: the suggestion shares it with consent instead.

    Fires:
        trigger concern "Any concern" (no means)

    Passes:
        trigger missing "The client has not been seen for two weeks" / means client-missing
    """
    root = graph.unit.root
    for trigger in root.triggers:
        if trigger.means is not None:
            continue
        best = best_standard(graph, wording(trigger))
        hint = (f"; its wording matches {best.id.text}" if best is not None
                else "; no library standard's words match it, so say which situation it means")
        yield vague.finding(trigger.id.span, f"trigger '{trigger.id.text}' does not say which recognised situation "
                            f"it means{hint}",
                            suggestion=trigger_text(trigger, means=best.id.text) if best is not None else "",
                            replaces=(trigger.span.line, trigger.end_line) if best is not None else None,
                            subject=("trigger", trigger.id.text))
    for clause in root.clauses:
        if clause.when or not graph.without_consent(clause):
            continue
        yield clause_finding(vague, clause, clause.span,
                             f"clause {clause.ref.text} shares without consent always: it has no 'when'")


def unborne(graph: ObligationGraph) -> dict[str, tuple[Trigger, Standard, list[Clause]]]:
    """The protocol's own triggers whose label their wording does not bear out, where the label
    decides a verdict (VAGUE002): trigger id -> (trigger, its standard, the clauses it decides).

    The label decides a clause that discloses under the trigger and shares without consent, or
    that it makes opt-out (direct care) or best interests count as consent. The clauses are
    looked through once for all the triggers (the check and the rewording both ask).
    """
    labelled: dict[str, tuple[Trigger, Standard]] = {}
    for trigger in graph.unit.root.triggers:
        if trigger.means is None:
            continue
        standard = graph.library.standards.get(trigger.means.text)
        if standard is None or not standard.signals or signals_used(standard, wording(trigger)):
            continue
        labelled[trigger.id.text] = (trigger, standard)
    if not labelled:
        return {}
    decided: dict[str, list[Clause]] = {name: [] for name in labelled}
    for clause in graph.clauses:
        names = [t.text for t in clause.when if t.text in decided]
        if not names or not graph.facts(clause).discloses:
            continue
        if graph.without_consent(clause) or clause.consent_mode in {"unless-objects", "best-interests"}:
            for name in dict.fromkeys(names):
                decided[name].append(clause)
    return {name: (*labelled[name], clauses) for name, clauses in decided.items() if clauses}


@rule("VAGUE002", "label-not-borne-out", Severity.ERROR, "graph")
def label_not_borne_out(graph: ObligationGraph) -> Iterator[Finding]:
    """A trigger is labelled with a standard its own wording does not bear out, and the label decides.

    Fires when:
        A trigger's 'means' names a standard whose 'signals' its wording (description, or id
        without one) does not use, and the label matters: a clause shares without consent under
        the trigger, or the label is what makes 'unless-objects' (direct-care) or
        'best-interests' (adult-lacking-capacity) count as consent. One finding per trigger, at
        its 'means' line; not for a trigger used only by clauses that disclose nothing.

    Rests on:
        A label the situation does not meet must not make an automatic referral look justified:
        "any suspicion of dealing" is not a serious risk of harm to others, and "under 18" is
        not a child at risk of significant harm (FDAP; Children Act 1989 s.47; W v Egdell).
        Signals catch a careless or habitual label, not a determined one: every report shows
        the trigger's own wording beside the standard it claims.

    Compliant rewording:
        Decide whether the situation really is what the label says. If it is, describe it in
        the trigger's words; if not, share with consent (the suggestion is the consent-based
        form of the clause the label decides).

    Fires:
        trigger dealing "Any suspicion that a resident is dealing" / means serious-harm-to-others

    Passes:
        trigger threats "A resident threatens to hurt a named person" / means serious-harm-to-others
    """
    for trigger, standard, clauses in unborne(graph).values():
        title = standard.title.text if standard.title else standard.id.text
        words = ", ".join(f"'{s.text}'" for s in standard.signals[:6])
        refs = ", ".join(c.ref.text for c in clauses)
        yield label_not_borne_out.finding(
            trigger.means.span if trigger.means else trigger.id.span,
            f"trigger '{trigger.id.text}' (\"{wording(trigger)}\") is labelled {standard.id.text} ({title}), but its "
            f"wording uses none of that standard's words ({words}…), and the label decides "
            f"clause{'s' if len(clauses) > 1 else ''} {refs}: decide whether the situation really is {title.lower()}",
            clause=None, subject=("trigger", trigger.id.text),
            related=tuple(Related(c.span, f"clause {c.ref.text}: the label decides it") for c in clauses),
        )
