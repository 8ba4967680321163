"""LAW rules: telling a legal duty from a power, an offence or an unknown statute."""

from __future__ import annotations

from dataclasses import replace
from typing import Iterator

from confide import vocabulary as V
from confide.findings import Finding, Severity, make, register
from confide.graph import ObligationGraph
from confide.language.model import Clause, Law, Name, Trigger
from confide.language.unparse import ClauseEdit, clause_text, trigger_text
from confide.rules.base import (
    FDAP_STEPS,
    clause_finding,
    faulty,
    law_kind,
    law_source,
    shared_summary,
    sharer,
    tipping_off_split,
)
from confide.source import suggestion_suffix

NO_GENERAL_DUTY = ("England and Wales have no general legal duty to report crime, or child or adult abuse; "
                   "without a specific duty, sharing without consent is a power to use case by case")


@register("LAW001", "automatic-referral-exceeds-duty", Severity.ERROR, "clause")
def automatic_referral(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """An automatic referral ('must' share, consent not-required) that no law requires.

    Fires when:
        A clause says staff must share without consent ('consent not-required') and the clause
        is not justified: under at least one of its triggers no binding legal duty covers the
        situation and every recipient, and the trigger is not a serious-harm standard.

    Rests on:
        The common-law duty of confidence (W v Egdell [1989] EWCA Civ 13): disclosure without
        consent needs a legal obligation or a public interest that outweighs confidence, judged
        case by case. There is no general duty to report crime in England and Wales; Crime and
        Disorder Act 1998 s.115 and DPA 2018 Sch 2 para 2 are powers, never duties.
        As LANGUAGE.md section 3 requires, a serious-harm standard counts as justified, so a
        'must' under serious harm is not reported here. Strictly, the public-interest
        justification permits disclosure without consent; it never obliges it (Egdell is a
        balancing exercise, case by case). A 'must' citing common-law-public-interest is
        still reported by LAW002.

    Compliant rewording:
        Make it a 'may' clause and add the FDAP steps: seek consent, consult a supervisor,
        inform the client, record the decision (leaving out any step the law forbids in one
        of the clause's situations, see LAW006).

    Fires:
        staff must share identity with police / consent not-required (trigger: drug supply)

    Passes:
        the same clause with 'may'; or a 'must' clause under a terrorism-information trigger
        (Terrorism Act 2000 s.38B is a duty)
    """
    if clause.consent_mode != "not-required" or graph.justified(clause):
        return
    musts = [s for s in graph.sharing(clause) if s.modality.text == "must"]
    if not musts:
        return
    bad = [v for v in graph.verdicts(clause) if not v.justified]
    yield clause_finding(
        "LAW001", clause, musts[0].span,
        f"automatic referral: clause {clause.ref.text} makes {sharer(graph, clause)} share "
        f"{shared_summary(graph, clause)} "
        f"without consent, but no legal duty requires it under {faulty(bad)}",
        NO_GENERAL_DUTY,
        # Never suggest a step the law forbids in one of the clause's situations (LAW006).
        ClauseEdit(modality="may", add_steps=tuple(s for s in FDAP_STEPS if s not in graph.forbidden_steps(clause))),
    )


@register("LAW002", "must-cites-non-duty", Severity.ERROR, "clause")
def must_cites_non_duty(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """A 'must' clause rests on a law that is not a duty.

    Fires when:
        A clause with a 'must' share line cites as its basis a law of kind power, exemption,
        offence, constraint, guidance or proposed (one finding per such law). Laws unknown to
        the library or not binding this service get LAW004 instead.

    Rests on:
        Only a duty compels disclosure. Crime and Disorder Act 1998 s.115 is a power; DPA 2018
        Sch 2 para 2 permits but never compels; Misuse of Drugs Act 1971 s.8 creates an offence
        for occupiers but no duty to report (R v Brock and Wyner [2000] EWCA Crim 85).

    Compliant rewording:
        Change 'must' to 'may': the cited law lets staff share, case by case.

    Fires:
        staff must share identity with police / basis crime-and-disorder-act-1998-s115

    Passes:
        staff may share identity with police / basis crime-and-disorder-act-1998-s115
    """
    if not any(s.modality.text == "must" for s in graph.sharing(clause)):
        return
    for name in clause.basis:
        law = graph.library.laws.get(name.text)
        if law is None or not graph.binds(law) or law_kind(law) == "duty":
            continue
        yield clause_finding(
            "LAW002", clause, name.span,
            f"clause {clause.ref.text} makes sharing automatic ('must') on the strength of {name.text}, "
            f"which is {_article(law_kind(law))} {law_kind(law)}, not a duty",
            law_source(law) + "".join(f"; {n.text}" for n in law.notes[:2]),
            ClauseEdit(modality="may"),
        )


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


@register("LAW003", "threshold-below-duty", Severity.WARNING, "clause")
def threshold_below_duty(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """A clause covered by a duty acts on less certainty than the duty requires.

    Fires when:
        A trigger of the clause is covered by a legal duty, but the trigger's threshold is lower
        than the threshold of every covering duty (suspicion where the law says belief or
        knowledge).

    Rests on:
        A duty extends only as far as its statute: below its threshold the sharing is no longer
        required by law, and needs consent or a serious-harm justification like any other.

    Compliant rewording:
        Raise the trigger's threshold to the duty's.

    Fires:
        trigger with threshold suspicion, covered by Terrorism Act 2000 s.38B (belief)

    Passes:
        the same trigger with threshold belief
    """
    for verdict in graph.verdicts(clause):
        if not verdict.duties or verdict.trigger is None:
            continue
        level = graph.trigger_threshold(verdict.trigger.text)
        needed = [d.threshold.text for d in verdict.duties if d.threshold]
        if level is None or not needed:
            continue
        lowest = min(needed, key=V.THRESHOLDS.index)
        if V.THRESHOLDS.index(level) >= V.THRESHOLDS.index(lowest):
            continue
        trigger = graph.unit.triggers[verdict.trigger.text]
        suggestion, replaces = _raise_threshold(clause, trigger, lowest)
        yield make(
            "LAW003", verdict.trigger.span,
            f"trigger '{verdict.trigger.text}' acts on {level}, but "
            f"{', '.join(d.id.text for d in verdict.duties)} requires {lowest}",
            clause=clause.ref.text,
            rests_on="; ".join(law_source(d) for d in verdict.duties),
            suggestion=suggestion,
            replaces=replaces,
        )


def _raise_threshold(clause: Clause, trigger: Trigger, level: str) -> tuple[str, tuple[int, int]]:
    """The trigger at ``level``, and the lines it replaces.

    A trigger declared in an included agreement cannot be rewritten from this file (and a
    second declaration of it would be E004): the clause then gets a local trigger of its own,
    declared just above it, meaning the same standard at the duty's threshold.
    """
    if trigger.span.path == clause.path:
        return trigger_text(trigger, threshold=level), (trigger.span.line, trigger.end_line)
    local = Name(f"{trigger.id.text}-{level}", trigger.id.span)
    declaration = trigger_text(replace(trigger, id=local), threshold=level)
    when = tuple(local.text if t.text == trigger.id.text else t.text for t in clause.when)
    return f"{declaration}\n\n{clause_text(clause, ClauseEdit(when=when))}", (clause.span.line, clause.end_line)


@register("LAW004", "unknown-or-unbinding-law", Severity.ERROR, "clause")
def unknown_or_unbinding_law(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """A clause cites a law the library does not know, or one that does not bind this service.

    Fires when:
        A 'basis' names a law missing from the jurisdiction's library, or a law whose 'binds'
        groups do not include this service (for example Proceeds of Crime Act 2002 s.330, which
        binds only the regulated sector). One finding per such law.

    Rests on:
        A protocol may only rest on law that applies to the service: POCA 2002 s.330 binds
        banks, accountants, lawyers and estate agents, not treatment services or hostels.

    Compliant rewording:
        Remove the law from the basis (or correct its id).

    Fires:
        basis proceeds-of-crime-act-2002-s330 (in a hostel's protocol)

    Passes:
        basis terrorism-act-2000-s38b
    """
    wrong = [n for n in clause.basis if n.text not in graph.library.laws or not graph.binds(graph.library.laws[n.text])]
    # One rewording for the clause, without every law at fault, so that taking any one of
    # the suggestions leaves no LAW004 behind.
    edit = ClauseEdit(basis=tuple(b.text for b in clause.basis if b not in wrong))
    for name in wrong:
        law = graph.library.laws.get(name.text)
        if law is None:
            yield clause_finding(
                "LAW004", clause, name.span,
                f"law '{name.text}' is not in the {graph.library.jurisdiction} library"
                f"{suggestion_suffix(name.text, graph.library.laws)}",
                "The library lists each law with its source; a basis must name one of them "
                "(add your own with --library).", edit)
        else:
            groups = ", ".join(g.text for g in law.binds)
            yield clause_finding(
                "LAW004", clause, name.span,
                f"{name.text} binds only {groups}; this service is not among them",
                law_source(law), edit)


@register("LAW005", "unmet-duty", Severity.INFO, "protocol")
def unmet_duty(graph: ObligationGraph) -> Iterator[Finding]:
    """A legal duty binds this service but no clause says what staff do about it.

    Fires when:
        A duty in the library binds the service (by its service, sector or staff) and no clause
        of the protocol or its includes is covered by it. A clause that only forbids sharing
        ('must-not') covers no duty: it does not say what staff do when the duty arises.

    Rests on:
        FDAP: explain the limits of confidentiality up front, and those limits include every
        legal obligation to disclose. The duty itself is cited in the finding.

    Compliant rewording:
        Add a clause for the duty, with its standard as the trigger.

    Fires:
        any protocol with no clause about court orders

    Passes:
        a protocol with a clause 'when court-order / staff must share case-file with court'
    """
    covered = graph.duties_covered()
    header = graph.unit.root.header
    if header is None:
        return
    for number, duty in enumerate(graph.binding_duties, start=1):
        if duty.id.text in covered:
            continue
        yield make("LAW005", header.span,
                   f"{duty.id.text} binds this service ({law_kind(duty)}), but no clause covers it",
                   rests_on=law_source(duty), suggestion=_duty_clause(duty, graph, number))


def _duty_clause(duty: Law, graph: ObligationGraph, number: int) -> str:
    """A model clause that discharges ``duty``: its standard, data, recipient and allowed steps."""
    standard = duty.when[0].text if duty.when else "court-order"
    std = graph.library.standard(standard)
    data = [d.text for d in duty.discloses] or [d.text for d in (std.necessary if std else ())] or ["identity"]
    recipients = [r.text for r in duty.recipients if r.text != "any"] or ["other"]
    forbidden = {f.text for f in duty.forbids}
    steps = [s for s in FDAP_STEPS if s not in forbidden]
    title = duty.title.text if duty.title else duty.id.text
    return "\n".join([
        f'clause duty-{number} "{title}"',
        f"  when {standard}",
        f"  staff must share {', '.join(data)} with {recipients[0]}",
        "  consent not-required",
        f"  steps {', '.join(steps)}",
        f"  basis {duty.id.text}",
    ])


@register("LAW006", "step-tips-off", Severity.ERROR, "clause")
def step_tips_off(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """A clause requires a step that the law forbids (tipping off).

    Fires when:
        The clause's steps include inform-client or seek-consent, and a law that binds the
        service and is engaged by one of its triggers forbids that step (Terrorism Act 2000
        s.39; Proceeds of Crime Act 2002 s.333A and s.342). LANGUAGE.md speaks of "the covering
        law"; a tipping-off rule need not be a duty that covers the clause (POCA s.342 is a
        constraint), so any binding duty or constraint engaged by the trigger counts.

    Rests on:
        Tipping-off offences: telling the person, or asking their consent, can prejudice an
        investigation and is itself a crime.

    Compliant rewording:
        Remove the forbidden step; consult a supervisor and record the decision instead.
        Where the step is forbidden under only some of the clause's triggers, split the
        clause: one for the situations where the client may be asked and told, one without.

    Fires:
        when terrorism / steps inform-client

    Passes:
        when terrorism / steps consult-supervisor, record-decision
    """
    forbidden = graph.forbidden_steps(clause)
    at_fault = [s for s in clause.steps if forbidden.get(s.text)]
    names = tuple(s.text for s in at_fault)
    edit = tipping_off_split(clause, graph, names) or ClauseEdit(
        drop_steps=names, add_steps=("consult-supervisor", "record-decision"))
    for step in at_fault:
        laws = forbidden[step.text]
        yield clause_finding(
            "LAW006", clause, step.span,
            f"step '{step.text}' would tip off the client: {', '.join(sorted({law.id.text for law in laws}))} "
            "forbids it in this situation",
            "; ".join(law_source(law) for law in laws),
            edit,
        )
