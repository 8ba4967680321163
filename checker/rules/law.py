"""LAW rules: telling a legal duty from a power, an offence, an enquiry or an unknown statute."""

from __future__ import annotations

from collections.abc import Iterator

from confide import vocabulary as V
from confide.findings import Finding, Severity, rule
from confide.graph import ObligationGraph
from confide.language.model import Clause, Law
from confide.language.unparse import quote
from confide.library import Library
from confide.rules.base import FDAP_STEPS, article, clause_finding, faulty, law_kind, law_source, shared_summary, sharer
from confide.source import suggestion_suffix

COMMON_LAW = ("W v Egdell [1989] EWCA Civ 13: confidence gives way only to a legal obligation, or to a public "
              "interest that outweighs it, judged case by case")


@rule("LAW001", "automatic-referral-exceeds-duty", Severity.ERROR, "clause")
def automatic_referral(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """An automatic referral ('must' share without consent) that no law requires.

    Fires when:
        A clause says staff (or a partner) must share without consent — 'consent not-required',
        'blanket' or 'bundled', or 'unless-objects' / 'best-interests' where they do not count
        as consent — and the clause is not justified: under at least one of its triggers no
        binding duty covers the situation and every recipient, and serious harm does not
        justify it (the standard is not serious harm, the trigger acts below the standard's
        threshold, or a recipient cannot act on the harm). A clause with no 'when' is never
        justified.

    Rests on:
        The jurisdiction's principle, from its law library (England and Wales: no general legal
        duty to report crime, or child or adult abuse). The common-law duty of confidence
        (W v Egdell [1989] EWCA Civ 13): disclosure without consent needs a legal obligation,
        or a public interest that outweighs confidence, judged case by case.

    Compliant rewording:
        Share with the client's agreement, case by case ('may', 'consent required'). Where a
        real risk of serious harm is the reason, say so with a trigger that means a serious-harm
        standard, and keep the FDAP steps.

    Fires:
        when suspected-dealing (drug-supply-on-premises) / staff must share identity with police / consent not-required

    Passes:
        the same with 'may' and 'consent required'; or a 'must' clause under terrorism-information
        (Terrorism Act 2000 s.38B is a duty)
    """
    facts = graph.facts(clause)
    if not facts.without_consent or facts.justified or not facts.automatic:
        return
    bad = [v for v in facts.verdicts if not v.justified]
    must = next(d.share for d in facts.disclosures if d.share.modality.text == "must")
    gaps = "; ".join(v.harm_gap for v in bad if v.harm_gap)
    yield clause_finding(
        automatic_referral, clause, must.span,
        f"automatic referral: clause {clause.ref.text} makes {sharer(graph, clause)} share "
        f"{shared_summary(graph, clause)} without consent, but no legal duty requires it under {faulty(graph, bad)}"
        + (f" ({gaps})" if gaps else ""),
        f"{graph.library.principle} {COMMON_LAW}".strip(),
    )


@rule("LAW002", "must-cites-non-duty", Severity.ERROR, "clause")
def must_cites_non_duty(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """A 'must' clause rests on a law that is not a duty.

    Fires when:
        A clause with a 'must' share line cites as its basis a law whose kind is not 'duty'
        (a power, exemption, offence, constraint, guidance, enquiry, condition or proposed law),
        one finding per such law. Judged trigger by trigger: not reported when every trigger
        of the clause is either covered by a binding duty (the citation is then a supporting
        gateway) or justified by serious harm with the cited law, not an enquiry, applying to
        it (its 'when' includes the trigger's standard, or it has none). Laws unknown to the
        library or not binding the service get LAW004 instead.

    Rests on:
        Only a duty compels disclosure. Crime and Disorder Act 1998 s.115 is a power; DPA 2018
        Sch 2 para 2 permits but never compels; Misuse of Drugs Act 1971 s.8 creates an offence
        for those managing premises but no duty to report (R v Brock and Wyner [2000] EWCA Crim
        85); Children Act 1989 s.47 and Care Act 2014 s.42 are councils' duties to make their
        own enquiries, not duties on anyone else to refer.

    Compliant rewording:
        Cite the law that really applies (the public interest, or the duty itself), or make the
        sharing a case-by-case decision ('may').

    Fires:
        staff must share identity with police / basis crime-and-disorder-act-1998-s115

    Passes:
        staff may share identity with police / basis crime-and-disorder-act-1998-s115
    """
    facts = graph.facts(clause)
    if not facts.automatic:
        return
    for name in clause.basis:
        law = graph.library.laws.get(name.text)
        if law is None or not graph.binds(law) or law.kind_word == "duty":
            continue
        if all(v.duties or (v.harm and law.kind_word != "enquiry" and (not law.when or v.standard in _whens(law)))
               for v in facts.verdicts):
            continue
        yield clause_finding(
            must_cites_non_duty, clause, name.span,
            f"clause {clause.ref.text} makes sharing automatic ('must') on the strength of {name.text}, "
            f"which is {article(law_kind(law))} {law_kind(law)}, not a duty to disclose",
            law_source(law),
        )


def _whens(law: Law) -> frozenset[str]:
    return frozenset(w.text for w in law.when)


@rule("LAW003", "threshold-below-duty", Severity.WARNING, "clause")
def threshold_below_duty(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """A clause covered by a duty acts on less certainty than the duty requires.

    Fires when:
        A trigger of the clause is covered by a legal duty (§3 (a)), but the trigger's own
        threshold is lower than the threshold of every covering duty (suspicion where the law
        says belief or knowledge), whatever the clause's consent. Judged trigger by trigger: a
        clause whose other triggers no duty covers is still told about this one.

    Rests on:
        A duty extends only as far as its statute: below its threshold the sharing is no longer
        required by law, and needs consent or a serious-harm justification like any other. With
        the client's agreement the sharing is lawful either way, but the protocol still misstates
        what the duty asks, and staff read it as the law.

    Compliant rewording:
        Raise the trigger's threshold to the duty's (the suggestion names the duty's standard
        in 'when', which is taken at its own threshold).

    Fires:
        trigger with threshold suspicion, covered by Terrorism Act 2000 s.38B (belief)

    Passes:
        the same trigger with threshold belief
    """
    for verdict in graph.verdicts(clause):
        low = _below_duty(graph, verdict.trigger.text if verdict.trigger else "", verdict.duties)
        if verdict.trigger is None or low is None:
            continue
        level, needed = low
        yield clause_finding(
            threshold_below_duty, clause, verdict.trigger.span,
            f"trigger '{verdict.trigger.text}' acts on {level}, but "
            f"{', '.join(d.id.text for d in verdict.duties)} requires {needed}",
            "; ".join(law_source(d) for d in verdict.duties),
        )


def _below_duty(graph: ObligationGraph, trigger: str, duties: tuple[Law, ...]) -> tuple[str, str] | None:
    """(the trigger's threshold, the lowest covering duty's) when the first is lower; else None."""
    level = graph.trigger_threshold(trigger)
    needed = [d.threshold.text for d in duties if d.threshold]
    if level is None or not needed:
        return None
    lowest = min(needed, key=V.THRESHOLDS.index)
    return (level, lowest) if V.THRESHOLDS.index(level) < V.THRESHOLDS.index(lowest) else None


def raises_threshold(graph: ObligationGraph, trigger: str, duties: tuple[Law, ...]) -> bool:
    """Whether LAW003 holds for ``trigger`` under ``duties`` (the rewording asks the same question)."""
    return _below_duty(graph, trigger, duties) is not None


@rule("LAW004", "unknown-or-unbinding-law", Severity.ERROR, "clause")
def unknown_or_unbinding_law(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """A clause cites a law the library does not know, or one that does not bind this service.

    Fires when:
        A 'basis' or 'condition' line names a law missing from the jurisdiction's library, or a
        law whose 'binds' groups do not include this service (for example Proceeds of Crime Act
        2002 s.330, which binds only the regulated sector). One finding per such law.

    Rests on:
        A protocol may only rest on law that applies to the service: POCA 2002 s.330 binds
        banks, accountants, lawyers and estate agents, not treatment services or hostels.

    Compliant rewording:
        Remove the law (or correct its id; add local law to the library with --library).

    Fires:
        basis proceeds-of-crime-act-2002-s330 (in a hostel's protocol)

    Passes:
        basis terrorism-act-2000-s38b
    """
    for name in clause.cited:
        law = graph.library.laws.get(name.text)
        if law is None:
            yield clause_finding(
                unknown_or_unbinding_law, clause, name.span,
                f"law '{name.text}' is not in the {graph.library.jurisdiction} library"
                f"{suggestion_suffix(name.text, graph.library.laws)}",
                "The library lists each law with its source; a basis or condition must name one of them "
                "(add your own with --library).")
        elif not graph.binds(law):
            groups = ", ".join(g.text for g in law.binds)
            why = (f"{name.text} is proposed, not in force: it binds no one yet (when in force, only {groups})"
                   if law.kind_word == "proposed"
                   else f"{name.text} binds only {groups}; this service is not among them")
            yield clause_finding(unknown_or_unbinding_law, clause, name.span, why, law_source(law))


def unusable(graph: ObligationGraph, clause: Clause) -> frozenset[str]:
    """The laws a clause cites that LAW004 or LAW008 reports (the rewording drops them)."""
    out = set()
    for name in clause.cited:
        law = graph.library.laws.get(name.text)
        if law is None or not graph.binds(law) or (graph.facts(clause).discloses and graph.fits(law, clause)):
            out.add(name.text)
    return frozenset(out)


@rule("LAW005", "unmet-duty", Severity.INFO, "protocol")
def unmet_duty(graph: ObligationGraph) -> Iterator[Finding]:
    """Legal duties bind this service but no clause says what staff do about them.

    Fires when:
        A duty in the library binds the service (by its service, sector or staff) and no clause
        of the protocol or its includes covers it: a clause covers a duty when it is not a
        prohibition and one of its triggers means the duty's standard. One finding per
        protocol, naming every such duty.

    Rests on:
        FDAP: explain the limits of confidentiality up front, and those limits include every
        legal obligation to disclose. Each duty is cited in the finding.

    Compliant rewording:
        Add a clause for each duty (the suggestion holds one per duty, with the duty's own
        standard, data, recipient and the steps the law allows).

    Fires:
        any protocol with no clause about court orders

    Passes:
        a protocol with a clause 'when court-order / staff must share as-required with court'
    """
    header = graph.unit.root.header
    if header is None:
        return
    covered = graph.duties_covered()
    unmet = [d for d in graph.binding_duties if d.id.text not in covered]
    if not unmet:
        return
    taken = {c.ref.text for c in graph.clauses}
    # What each declared name means here: a trigger is never reused; a recipient or data name
    # declared as another kind no longer means what the vocabulary does (§2: the declared one wins).
    declared = {name: "" for name in graph.unit.triggers}
    declared |= {name: graph.recipient_kind(name) for name in graph.unit.recipients}
    declared |= {name: graph.data_kind(name) for name in graph.unit.data}
    clauses = []
    for number, duty in enumerate(unmet, start=1):
        ref = f"duty-{number}"
        while ref in taken:
            ref += "-new"
        taken.add(ref)
        clauses.append(duty_clause(duty, graph.library, ref, declared))
    yield unmet_duty.finding(
        header.span,
        f"{len(unmet)} legal dut{'y binds' if len(unmet) == 1 else 'ies bind'} this service with no clause saying "
        f"what staff do: {', '.join(d.id.text for d in unmet)}",
        rests_on="; ".join(law_source(d) for d in unmet),
        suggestion="\n\n".join(clauses),
    )


def duty_clause(duty: Law, library: Library, ref: str, declared: dict[str, str] | None = None) -> str:
    """A model clause that discharges ``duty``: its standard, data and recipient, and the steps
    the law allows. Shared by LAW005's suggestion and ``confide init``, so they never disagree.

    ``declared`` maps each name the protocol declares to its kind ('' for a trigger), and gains
    the names this clause declares. The standard is named directly in 'when' (no trigger to
    declare) unless the protocol declares something of that name: a trigger meaning it is then
    declared with the clause. Likewise a vocabulary recipient or data name the protocol declares
    as another kind ('recipient police' of kind probation) is declared afresh with its own kind.
    Only the data the duty discloses that its standard needs; a duty that lifts on objection
    (HSCA 2012 s.251B) is opt-out sharing with a care provider.
    """
    standard = duty.when[0].text if duty.when else "court-order"
    head: list[str] = []
    when = standard
    if declared is not None and standard in declared:
        when = _fresh(f"{standard}-duty", declared, "")
        std_title = library.standards[standard].title if standard in library.standards else None
        head += [f"trigger {when} {quote(std_title.text if std_title else standard)}", f"  means {standard}", ""]
    std = library.standards.get(standard)
    necessary = {n.text for n in std.necessary} if std else set()
    data = [d.text for d in duty.discloses
            if d.text in necessary or d.text in {V.AS_REQUIRED, V.ANONYMISED} or V.EVERYTHING in necessary]
    data = data or sorted(necessary - {V.EVERYTHING}) or [V.AS_REQUIRED]
    named = [r.text for r in duty.recipients if r.text != "any"]
    recipient = next((r for r in named if r in V.CARE_PROVIDERS), None) if duty.unless_objects else None
    recipient = recipient or (named[0] if named else "other")
    recipient = _as_vocabulary("recipient", recipient, declared, head)
    data = [_as_vocabulary("data", d, declared, head) for d in data]
    forbidden = {f.text for f in duty.forbids}
    steps = [s for s in FDAP_STEPS if s not in forbidden]
    lines = [*head, f"clause {ref} {quote(duty.title.text if duty.title else duty.id.text)}", f"  when {when}",
             f"  staff must share {', '.join(data)} with {recipient}"]
    if duty.unless_objects:
        lines.append("  consent unless-objects")
    else:
        lines += ["  consent not-required", f"  steps {', '.join(steps)}"]
    lines.append(f"  basis {duty.id.text}")
    return "\n".join(lines)


def _as_vocabulary(what: str, name: str, declared: dict[str, str] | None, head: list[str]) -> str:
    """A name that means vocabulary ``name`` in this protocol: itself, unless the protocol
    declares it as another kind; then one declared with that kind (once, for every clause).
    """
    if declared is None or declared.get(name, name) == name or name in {V.AS_REQUIRED, "other"}:
        return name
    fresh = next((n for n, kind in declared.items() if kind == f"{what}:{name}"), None)
    if fresh is None:
        fresh = _fresh(f"{name}-duty", declared, f"{what}:{name}")
        head += [f"{what} {fresh}", f"  kind {name}", ""]
    return fresh


def _fresh(name: str, declared: dict[str, str], meaning: str) -> str:
    """``name``, or it with '-new' added until no declaration has it; then declared as ``meaning``."""
    while name in declared:
        name += "-new"
    declared[name] = meaning
    return name


@rule("LAW006", "step-tips-off", Severity.ERROR, "clause")
def step_tips_off(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """A clause requires a step that the law forbids (tipping off).

    Fires when:
        The clause's steps include inform-client or seek-consent, and a law that binds the
        service and is engaged by one of its triggers (a duty or constraint whose 'when' names
        the trigger's standard, whatever the threshold) forbids that step: Terrorism Act 2000
        s.39, Proceeds of Crime Act 2002 ss.333A and 342.

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
    if not graph.facts(clause).discloses:
        return
    forbidden = graph.forbidden_steps(clause)
    for step in clause.steps:
        laws = forbidden.get(step.text)
        if laws:
            names = sorted({law.id.text for law in laws})
            yield clause_finding(
                step_tips_off, clause, step.span,
                f"step '{step.text}' would tip off the client: {' and '.join(names)} "
                f"{'forbid' if len(names) > 1 else 'forbids'} it in this situation",
                "; ".join(law_source(law) for law in laws),
            )


@rule("LAW007", "policy-not-duty", Severity.INFO, "clause")
def policy_not_duty(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """An automatic referral rests on serious harm alone: it is the organisation's policy, not a duty.

    Fires when:
        A 'must' clause shares without consent and is justified, but under at least one of its
        triggers only by serious harm (§3 (b)): no binding duty covers it.

    Rests on:
        W v Egdell [1989] EWCA Civ 13: the public interest permits disclosure without consent,
        case by case; it never obliges it. Making it automatic is a choice the organisation
        may make, and should say is its own.

    Compliant rewording:
        None needed. Say in the protocol (and to clients) that this is the service's policy.

    Fires:
        when high-risk (domestic-abuse-high-risk, belief) / staff must share risk-information with marac /
        consent not-required

    Passes:
        the same with 'may'; or a 'must' clause covered by a duty (Terrorism Act 2000 s.38B)
    """
    facts = graph.facts(clause)
    if not facts.without_consent or not facts.justified or not facts.automatic or facts.covered:
        return
    on_harm = [v for v in facts.verdicts if not v.duties]
    yield clause_finding(
        policy_not_duty, clause, next(d.share for d in facts.disclosures if d.share.modality.text == "must").span,
        f"clause {clause.ref.text} makes sharing automatic under {faulty(graph, on_harm)} on serious harm alone: "
        "the law permits this case by case but does not require it, so this is the organisation's own policy",
    )


@rule("LAW008", "law-not-relevant", Severity.WARNING, "clause")
def law_not_relevant(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """A law cited on the clause has nothing to do with it.

    Fires when:
        A law on a 'basis' or 'condition' line binds the service, but its 'when' includes none
        of the clause's triggers' standards, or its 'recipients' include none of the clause's
        recipients (a line the law does not have does not limit it; a clause with no 'when'
        matches no law that has one). Not reported where LAW004 is.

    Rests on:
        A protocol that cites the wrong law misleads staff about why they may share: DPA 2018
        Sch 2 para 5 (legal proceedings) says nothing about a police question; a crime
        exemption says nothing about telling a GP of missed appointments.

    Compliant rewording:
        Remove the citation, or cite the law that does apply.

    Fires:
        when police-enquiry / basis data-protection-act-2018-sch2-para5

    Passes:
        when court / basis data-protection-act-2018-sch2-para5
    """
    if not graph.facts(clause).discloses:
        return
    for name in clause.cited:
        law = graph.library.laws.get(name.text)
        if law is None or not graph.binds(law):
            continue
        why = graph.fits(law, clause)
        if why:
            yield clause_finding(law_not_relevant, clause, name.span,
                                 f"{name.text} has nothing to do with clause {clause.ref.text}: {why}",
                                 law_source(law))
