"""DP rules: data protection — minimum necessary, special category data, recorded decisions."""

from __future__ import annotations

from typing import Iterator

from confide import vocabulary as V
from confide.findings import Finding, Severity, register
from confide.graph import ObligationGraph
from confide.language.model import Clause, Name
from confide.language.unparse import ClauseEdit
from confide.rules.base import clause_finding, consent_span


def _unnecessary(clause: Clause, graph: ObligationGraph) -> tuple[list[Name], list[str]]:
    """Data items some trigger's standard does not list as necessary, and those triggers."""
    items: list[Name] = []
    triggers: list[str] = []
    for verdict in graph.verdicts(clause):
        std = graph.library.standard(verdict.standard) if verdict.standard else None
        if std is None:
            continue
        needed = {n.text for n in std.necessary}
        if V.EVERYTHING in needed:
            continue
        for share in graph.sharing(clause):
            for item in share.data:
                if graph.data_kind(item.text) not in needed:
                    if item.text not in {i.text for i in items}:
                        items.append(item)
                    if verdict.label not in triggers:
                        triggers.append(verdict.label)
    return items, triggers


@register("DP001", "more-than-necessary", Severity.WARNING, "clause")
def more_than_necessary(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """Sharing without consent includes data the situation does not need.

    Fires when:
        The clause shares without consent and a data kind it shares is not in the 'necessary'
        list of one of its triggers' standards (a 'case-file' in that list admits everything).
        One finding per clause, at the first such data item.

    Rests on:
        UK GDPR Art 5(1)(c) data minimisation; Caldicott principles 2-3 (minimum necessary).

    Compliant rewording:
        Remove the data the standard does not list as necessary.

    Fires:
        drug-supply trigger / staff must share identity, drug-test-results with police

    Passes:
        drug-supply trigger / staff must share identity, suspected-activity with police
    """
    if not graph.without_consent(clause):
        return
    items, triggers = _unnecessary(clause, graph)
    if not items:
        return
    names = {i.text for i in items}
    left = [d for s in graph.sharing(clause) for d in s.data if d.text not in names]
    edit = ClauseEdit(drop_data=frozenset(names)) if left else ClauseEdit(consent="required")
    yield clause_finding(
        "DP001", clause, items[0].span,
        f"clause {clause.ref.text} shares {', '.join(sorted(names))} without consent, more than "
        f"{', '.join(repr(t) for t in triggers)} needs",
        "UK GDPR Art 5(1)(c) data minimisation; Caldicott principle 3 (use the minimum necessary)",
        edit,
    )


@register("DP002", "special-category-without-basis", Severity.WARNING, "clause")
def special_category_without_basis(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """Health data shared without consent and with no legal basis named.

    Fires when:
        The clause shares special category data (drug test results, treatment content, health,
        the case file) without consent and has no 'basis' line.

    Rests on:
        UK GDPR Art 9 and DPA 2018 s.10 and Sch 1: special category data needs an Art 9(2)
        condition, which the protocol must be able to name.

    Compliant rewording:
        Name the legal basis: a binding duty that covers the clause, or for a 'may' clause a
        power that covers it (for example DPA 2018 Sch 1 para 18 for safeguarding). Where
        no law in the library covers it, leave the health data out.

    Fires:
        staff must share treatment-content with childrens-social-care / consent not-required

    Passes:
        the same with 'basis' naming the law relied on
    """
    if not graph.without_consent(clause) or clause.basis:
        return
    special = [d for s in graph.sharing(clause) for d in s.data if graph.data_kind(d.text) in V.SPECIAL_CATEGORY]
    if not special:
        return
    automatic = any(s.modality.text == "must" for s in graph.sharing(clause))
    # A 'must' clause may only rest on a duty (LAW002); a 'may' clause on a power as well.
    bases = [law for law in graph.lawful_bases(clause) if not automatic or law.kind and law.kind.text == "duty"]
    if bases:
        edit = ClauseEdit(basis=(bases[0].id.text,))
    else:
        drop = frozenset(d.text for d in special)
        left = [d for s in graph.sharing(clause) for d in s.data if d.text not in drop]
        edit = ClauseEdit(drop_data=drop) if left else ClauseEdit(consent="required")
    yield clause_finding(
        "DP002", clause, special[0].span,
        f"clause {clause.ref.text} shares special category data ({', '.join(d.text for d in special)}) "
        "without consent and names no legal basis",
        "UK GDPR Art 9(2); DPA 2018 s.10 and Sch 1",
        edit,
    )


@register("DP003", "decision-not-recorded", Severity.WARNING, "clause")
def decision_not_recorded(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """Sharing without consent, and nothing records the decision.

    Fires when:
        The clause shares without consent, its steps lack 'record-decision', and the
        protocol's records block does not 'log disclosures'.

    Rests on:
        UK GDPR Art 5(2) accountability; information-sharing advice 2018 and 2024 (golden rule:
        record the decision and the reasons, whether or not you share).

    Compliant rewording:
        Add 'record-decision' to the clause's steps.

    Fires:
        consent not-required / no record-decision / no 'log disclosures'

    Passes:
        consent not-required / steps record-decision
    """
    if not graph.without_consent(clause) or "record-decision" in {s.text for s in clause.steps}:
        return
    records = graph.unit.root.records
    if records is not None and records.log is not None:
        return
    yield clause_finding(
        "DP003", clause, consent_span(clause),
        f"clause {clause.ref.text} shares without consent but neither a step nor the records block "
        "records the decision",
        "UK GDPR Art 5(2) accountability; information-sharing advice (record decisions and reasons)",
        ClauseEdit(add_steps=("record-decision",)),
    )
