"""DP rules: data protection — minimum necessary, special category data, recorded decisions."""

from __future__ import annotations

from collections.abc import Iterator

from confide import vocabulary as V
from confide.findings import Finding, Severity, rule
from confide.graph import ObligationGraph
from confide.language.model import Clause, Name
from confide.rules.base import clause_finding, consent_span


def unnecessary(clause: Clause, graph: ObligationGraph) -> tuple[list[Name], list[str]]:
    """Data items some trigger's standard does not list as necessary, and those triggers.

    ``case-file`` in a standard's list admits everything; ``as-required`` data (only what an
    order or demand specifies) is always the minimum necessary.
    """
    items: list[Name] = []
    triggers: list[str] = []
    for verdict in graph.verdicts(clause):
        std = graph.library.standards.get(verdict.standard) if verdict.standard else None
        if std is None:
            continue
        needed = {n.text for n in std.necessary}
        if V.EVERYTHING in needed:
            continue
        for disclosure in graph.facts(clause).disclosures:
            for item in disclosure.data:
                kind = graph.data_kind(item.text)
                if kind != V.AS_REQUIRED and kind not in needed:
                    if item.text not in {i.text for i in items}:
                        items.append(item)
                    if verdict.label not in triggers:
                        triggers.append(verdict.label)
    return items, triggers


@rule("DP001", "more-than-necessary", Severity.WARNING, "clause")
def more_than_necessary(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """Sharing without consent includes data the situation does not need.

    Fires when:
        The clause shares without consent and a data kind it shares is not in the 'necessary'
        list of one of its triggers' standards ('case-file' in that list admits everything;
        'as-required' data, only what an order or demand specifies, always passes). One finding
        per clause, naming every such item, at the first.

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
    items, triggers = unnecessary(clause, graph)
    if not items:
        return
    names = sorted({i.text for i in items})
    yield clause_finding(
        more_than_necessary, clause, items[0].span,
        f"clause {clause.ref.text} shares {', '.join(names)} without consent, more than "
        f"{', '.join(repr(t) for t in triggers)} needs",
    )


@rule("DP002", "special-category-without-basis", Severity.WARNING, "clause")
def special_category_without_basis(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """Health data shared without consent and with no UK GDPR Art 9 condition that fits.

    Fires when:
        The clause shares special category data (drug test results, treatment content, health,
        the case file) without consent, is not covered by a binding duty (§3 (a)), and neither
        its 'condition' nor its 'basis' line names a library law of kind 'condition' marked
        'special-category yes' that fits the clause (one LAW008 would not report).

    Rests on:
        UK GDPR Art 9 and DPA 2018 s.10 and Sch 1: special category data needs an Art 9(2)
        condition, which the protocol must be able to name.

    Compliant rewording:
        Name the condition on a 'condition' line (for example DPA 2018 Sch 1 para 18 for
        safeguarding a child or an adult at risk, para 10 for preventing crime, UK GDPR
        Art 9(2)(c) where the person cannot consent). Where none fits, leave the health data out.

    Fires:
        staff must share treatment-content with childrens-social-care / consent not-required

    Passes:
        the same with 'condition data-protection-act-2018-sch1-para18' (when a child is at risk)
    """
    special = special_data(clause, graph)
    if not special or not graph.without_consent(clause) or graph.covered(clause) or has_condition(clause, graph):
        return
    yield clause_finding(
        special_category_without_basis, clause, special[0].span,
        f"clause {clause.ref.text} shares special category data ({', '.join(d.text for d in special)}) "
        "without consent and names no UK GDPR Art 9(2) / DPA 2018 Sch 1 condition that fits it",
    )


def special_data(clause: Clause, graph: ObligationGraph) -> list[Name]:
    """The special category data items the clause discloses (health, treatment, test results, the case file)."""
    return [d for x in graph.facts(clause).disclosures for d in x.data if graph.data_kind(d.text) in V.SPECIAL_CATEGORY]


def has_condition(clause: Clause, graph: ObligationGraph) -> bool:
    """The clause names (on 'condition' or 'basis') a special-category condition that fits it."""
    for name in clause.cited:
        law = graph.library.laws.get(name.text)
        if law is not None and law.kind_word == "condition" and law.special_category and not graph.fits(law, clause):
            return True
    return False


@rule("DP003", "decision-not-recorded", Severity.WARNING, "clause")
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
    if logs_disclosures(graph):
        return
    yield clause_finding(
        decision_not_recorded, clause, consent_span(clause),
        f"clause {clause.ref.text} shares without consent but neither a step nor the records block "
        "records the decision",
    )


def logs_disclosures(graph: ObligationGraph) -> bool:
    """The protocol's records block logs every disclosure (so no clause need say 'record-decision')."""
    records = graph.unit.root.records
    return records is not None and records.log is not None
