"""FDAP rules: the sector's code — consent first, limits explained, safeguards before disclosure."""

from __future__ import annotations

from collections.abc import Iterator

from confide import vocabulary as V
from confide.findings import Finding, Rule, Severity, rule
from confide.graph import ObligationGraph
from confide.language.model import Clause
from confide.language.unparse import assessment_text, records_text
from confide.rules.base import clause_finding, consent_span, faulty, shared_summary


@rule("FDAP001", "limits-not-explained", Severity.ERROR, "protocol")
def limits_not_explained(graph: ObligationGraph) -> Iterator[Finding]:
    """Clients are not told the limits of confidentiality before any service.

    Fires when:
        The protocol has no 'at-assessment' block with 'explain limits-of-confidentiality'.

    Rests on:
        FDAP: the limits of confidentiality are explained before any service is given; UK GDPR
        Arts 13-14 (transparency); Caldicott principle 8 ('no surprises').

    Compliant rewording:
        at-assessment / explain limits-of-confidentiality

    Fires:
        a protocol with no at-assessment block

    Passes:
        at-assessment / explain limits-of-confidentiality
    """
    root = graph.unit.root
    held = root.assessment
    if held and any(e.text == "limits-of-confidentiality" for e in held.explains):
        return
    span = held.span if held else (root.header.span if root.header else None)
    if span is None:
        return
    yield limits_not_explained.finding(span, "clients are not told the limits of confidentiality at assessment",
               suggestion=assessment_text(held, explain=True),
               replaces=(held.span.line, held.end_line) if held else None)


@rule("FDAP002", "no-consent-without-justification", Severity.ERROR, "clause")
def no_consent_without_justification(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """Sharing without consent where neither serious harm nor a legal duty justifies it.

    Fires when:
        The service's own staff share without consent (§3: 'not-required', 'blanket',
        'bundled', or opt-out or best-interests outside their own situations), and under at
        least one of its triggers no binding duty covers it and serious harm does not justify
        it (the standard is not serious harm, the trigger acts below the standard's threshold,
        or a recipient cannot act on the harm). A clause with no 'when' is never justified.
        Lawful powers do not count. Partners' clauses are outside the FDAP code; the service's
        own nominated officer (a 'nominated-officer' recipient, such as its safeguarding lead)
        is not a partner, so what they pass on is judged as staff's.

    Rests on:
        FDAP: disclose without consent only on a sincere belief of serious risk of harm, or
        where the law obliges; W v Egdell [1989] EWCA Civ 13 (public interest).

    Compliant rewording:
        Share with the client's consent; where there is a serious risk of harm, add a trigger
        that means a serious-harm standard instead.

    Fires:
        staff may share identity with police / consent not-required (trigger: police request)

    Passes:
        the same with 'consent required'; or a trigger meaning serious-harm-to-others
    """
    facts = graph.facts(clause)
    if not facts.without_consent or facts.justified or not graph.staff_lines(clause):
        return
    bad = [v for v in facts.verdicts if not v.justified]
    gaps = "; ".join(v.harm_gap for v in bad if v.harm_gap)
    yield clause_finding(
        no_consent_without_justification, clause, consent_span(clause),
        f"clause {clause.ref.text} shares {shared_summary(graph, clause)} without consent under {faulty(graph, bad)}, "
        "which no legal obligation covers and no serious risk of harm justifies" + (f" ({gaps})" if gaps else ""),
    )


def _missing_step(check: Rule, step: str, why: str, clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """The FDAP step rules: the service's own staff share without consent and the step is missing.

    Partners are not bound by the FDAP code (LANGUAGE.md §3); a step the law forbids, or that
    ``except-where-unsafe`` waives, under every trigger of the clause is not asked for.
    """
    if not graph.without_consent(clause) or not graph.staff_lines(clause):
        return
    if step in {s.text for s in clause.steps} or not graph.step_needed(clause, step):
        return
    yield clause_finding(
        check, clause, consent_span(clause),
        f"clause {clause.ref.text} shares without consent but staff are not asked to {why}",
    )


@rule("FDAP003", "no-seek-consent-step", Severity.WARNING, "clause")
def no_seek_consent(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """Sharing without consent, and staff are not asked to seek consent first.

    Fires when:
        The service's own staff share without consent, the steps lack 'seek-consent', and the
        step is not waived under every one of the clause's triggers: the law covering it
        forbids asking (tipping off), or 'except-where-unsafe' applies because asking could put
        someone at risk (serious harm to others, a child at risk, high-risk domestic abuse, an
        adult at risk, modern slavery).

    Rests on:
        FDAP: even where disclosure without consent is justified, seek consent first.

    Compliant rewording:
        Add 'seek-consent' to the clause's steps.

    Fires:
        consent not-required / steps consult-supervisor

    Passes:
        consent not-required / steps seek-consent, consult-supervisor
    """
    yield from _missing_step(no_seek_consent, "seek-consent", "seek consent first (seek-consent)", clause, graph)


@rule("FDAP004", "no-supervisor-step", Severity.WARNING, "clause")
def no_supervisor(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """Sharing without consent, and staff are not asked to consult a supervisor.

    Fires when:
        The service's own staff share without consent and the steps lack 'consult-supervisor'.

    Rests on:
        FDAP: consult a supervisor before disclosing without consent; Terrorism Act 2000
        s.19(4) recognises an employer's internal procedure; DPA 2018 s.170 protects staff who
        act with the controller's authority.

    Compliant rewording:
        Add 'consult-supervisor' to the clause's steps.

    Fires:
        consent not-required / steps seek-consent

    Passes:
        consent not-required / steps seek-consent, consult-supervisor
    """
    yield from _missing_step(no_supervisor, "consult-supervisor", "consult a supervisor (consult-supervisor)",
                             clause, graph)


@rule("FDAP005", "no-inform-client-step", Severity.WARNING, "clause")
def no_inform_client(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """Sharing without consent, and the client is not told.

    Fires when:
        The service's own staff share without consent, the steps lack 'inform-client', and the
        step is not waived under every one of the clause's triggers: the law covering it
        forbids telling (tipping off), or 'except-where-unsafe' applies because telling could
        put someone at risk.

    Rests on:
        FDAP: tell the client what was shared and why; Caldicott principle 8 ('no surprises').

    Compliant rewording:
        Add 'inform-client' to the clause's steps.

    Fires:
        consent not-required / steps consult-supervisor

    Passes:
        consent not-required / steps consult-supervisor, inform-client
    """
    yield from _missing_step(no_inform_client, "inform-client", "tell the client (inform-client)", clause, graph)


@rule("FDAP006", "publish-identifying-without-written-consent", Severity.ERROR, "clause")
def publish_identifying(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """Identifying information published without the client's written agreement.

    Fires when:
        A 'publish' line (or a share with a recipient of kind 'public') includes identifying
        data (identity, contact details, location or the case file) and the clause's consent is
        not 'written'.

    Rests on:
        FDAP: never publish identifying information without written agreement; W v Egdell
        [1989] EWCA Civ 13 (no publication without concealing identity).

    Compliant rewording:
        consent written

    Fires:
        staff may publish identity / consent required

    Passes:
        staff may publish identity / consent written
    """
    if clause.consent_mode == "written":
        return
    for share in clause.shares:
        named = [d for d in share.data if graph.data_kind(d.text) in V.IDENTIFYING]
        if graph.publishes(share) and share.modality.text != "must-not" and named:
            yield clause_finding(
                publish_identifying, clause, share.span,
                f"clause {clause.ref.text} publishes identifying data ({', '.join(d.text for d in named)}) "
                "without the client's written agreement",
            )
            return


@rule("FDAP007", "records-not-secure", Severity.WARNING, "protocol")
def records_not_secure(graph: ObligationGraph) -> Iterator[Finding]:
    """The protocol does not say records are stored securely.

    Fires when:
        There is no 'records' block with 'storage secure'.

    Rests on:
        FDAP: records are kept securely and in line with data protection law; UK GDPR
        Art 5(1)(f) (security).

    Compliant rewording:
        records / storage secure

    Fires:
        a protocol with no records block

    Passes:
        records / storage secure
    """
    root = graph.unit.root
    held = root.records
    if held and held.storage:
        return
    span = held.span if held else (root.header.span if root.header else None)
    if span is None:
        return
    yield records_not_secure.finding(span, "the protocol does not say records are stored securely",
               suggestion=records_text(held, secure=True),
               replaces=(held.span.line, held.end_line) if held else None)
