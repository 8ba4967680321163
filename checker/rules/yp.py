"""YP rules: young people — competence, the four referral parameters, and parents."""

from __future__ import annotations

from collections.abc import Iterator

from confide import vocabulary as V
from confide.findings import Finding, Severity, rule
from confide.graph import ObligationGraph
from confide.language.model import Clause
from confide.rules.base import clause_finding, faulty


@rule("YP001", "youth-referral-without-assessment", Severity.ERROR, "clause")
def youth_referral_without_assessment(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """A young person is referred to police or social care without weighing the four parameters.

    Fires when:
        The clause applies to young people (its clients, or the protocol's, are young-people or
        all), shares with police or social care without consent, is not covered by a legal duty
        under every trigger, and does not 'assess' all of age-maturity, severity, risk, context.

    Rests on:
        Gillick v West Norfolk [1986] AC 112 and R (Axon) v SSH [2006] EWHC 37 (Admin): a
        competent young person is owed the same confidence as an adult; DPA 2018 Sch 1 para 18.
        The four parameters are long-standing practice (their original source is unverified;
        current local safeguarding procedures support each one).

    Compliant rewording:
        Add 'assess age-maturity, severity, risk, context'.

    Fires:
        clients young-people / staff must share identity with childrens-social-care / consent not-required

    Passes:
        the same with 'assess age-maturity, severity, risk, context'
    """
    facts = graph.facts(clause)
    if not graph.applies_to_young_people(clause) or not facts.without_consent or facts.covered:
        return
    missing = [p for p in V.YOUTH_PARAMETERS if p not in {a.text for a in clause.assess}]
    if not missing:
        return
    for disclosure in graph.facts(clause).disclosures:
        if any(graph.recipient_kind(r) in V.REFERRAL_RECIPIENTS for r in disclosure.recipients):
            uncovered = [v for v in graph.verdicts(clause) if not v.duties]
            yield clause_finding(
                youth_referral_without_assessment, clause, disclosure.share.span,
                f"clause {clause.ref.text} refers young people without consent under {faulty(graph, uncovered)} "
                f"without assessing {', '.join(missing)}",
            )
            return


@rule("YP002", "parents-told-without-justification", Severity.ERROR, "clause")
def parents_told(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """A young person's information goes to parents or family without consent or justification.

    Fires when:
        The clause applies to young people, shares with a parent or family recipient without
        consent, and is not justified (no covering duty, no serious-harm standard).

    Rests on:
        R (Axon) v SSH [2006] EWHC 37 (Admin): no duty to tell parents; a competent young
        person's confidence is the same as an adult's (Gillick).

    Compliant rewording:
        consent required

    Fires:
        clients young-people / staff may share attendance with parent / consent not-required

    Passes:
        the same with 'consent required'
    """
    if not graph.applies_to_young_people(clause) or not graph.without_consent(clause) or graph.justified(clause):
        return
    for disclosure in graph.facts(clause).disclosures:
        if any(graph.recipient_kind(r) in V.FAMILY_RECIPIENTS for r in disclosure.recipients):
            gaps = "; ".join(v.harm_gap for v in graph.verdicts(clause) if not v.justified and v.harm_gap)
            yield clause_finding(
                parents_told, clause, disclosure.share.span,
                f"clause {clause.ref.text} tells a young person's parents or family without their consent, "
                "which no legal duty covers and no serious risk of harm justifies" + (f" ({gaps})" if gaps else ""),
            )
            return


@rule("YP003", "parent-decides-for-young-person", Severity.ERROR, "clause")
def parent_decides(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """A parent's consent decides for a young person who may be competent to decide.

    Fires when:
        A clause that applies to young people and discloses something takes consent only from
        a parent ('consent-from parent').

    Rests on:
        Gillick v West Norfolk and Wisbech AHA [1986] AC 112; R (Axon) v SSH [2006] EWHC 37
        (Admin): a young person who understands the decision makes it, and is owed the same
        confidence as an adult; a parent decides only for one who cannot.

    Compliant rewording:
        consent-from competent-client (the young person if competent, otherwise a parent), with
        'assess competence' at assessment.

    Fires:
        clients young-people / staff may share attendance with school / consent written / consent-from parent

    Passes:
        the same with 'consent-from competent-client'
    """
    if clause.consent_giver != "parent" or not graph.applies_to_young_people(clause):
        return
    facts = graph.facts(clause)
    if not facts.discloses or facts.regardless:  # no one's consent is taken: nothing for a parent to decide
        return
    span = clause.line("consent-from") or clause.span
    yield clause_finding(parent_decides, clause, span,
                         f"clause {clause.ref.text} lets a parent's consent decide for a young person who may be "
                         "competent to decide for themselves")
