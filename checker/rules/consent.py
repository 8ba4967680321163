"""CON rules: what counts as consent, and who counts as family."""

from __future__ import annotations

from collections.abc import Iterator

from confide import vocabulary as V
from confide.findings import Finding, Severity, rule
from confide.graph import ObligationGraph
from confide.language.model import Clause
from confide.language.unparse import recipient_text
from confide.rules.base import clause_finding, consent_span


@rule("CON001", "blanket-consent", Severity.ERROR, "clause")
def blanket_consent(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """Consent assumed from using the service, or made a condition of getting it.

    Fires when:
        A clause that discloses something says 'consent blanket' (consent assumed because the
        client uses the service) or 'consent bundled' (consent signed with the licence, tenancy
        or referral form as the price of a place, for every agency, for as long as the client
        stays). Both count as sharing without consent for every other rule.

    Rests on:
        UK GDPR Art 4(11) and Art 7(4): consent must be freely given, specific, informed and
        withdrawable; consent that is a condition of a service is none of these.

    Compliant rewording:
        Ask for consent each time ('consent required'), or record what the client chooses
        ('consent preferences'); where the law or serious harm justifies sharing anyway, say
        'consent not-required' and keep the FDAP steps.

    Fires:
        consent bundled

    Passes:
        consent preferences
    """
    if clause.consent_mode in {"blanket", "bundled"} and graph.facts(clause).discloses:
        how = ("assumes consent from using the service" if clause.consent_mode == "blanket"
               else "makes consent a condition of the service")
        yield clause_finding(blanket_consent, clause, consent_span(clause),
                             f"clause {clause.ref.text} {how}; that consent is not freely given")


@rule("CON002", "family-not-named-by-client", Severity.WARNING, "protocol")
def family_not_named(graph: ObligationGraph) -> Iterator[Finding]:
    """Staff decide who counts as the client's family.

    Fires when:
        A recipient of kind 'family' has no 'named-by client' line, or clauses share with the
        vocabulary word 'family' without declaring who that is (one finding, at the first use).

    Rests on:
        FDAP: the client decides who is told what; the personalised consent model.

    Compliant rewording:
        recipient family / kind family / named-by client

    Fires:
        recipient relatives / kind family

    Passes:
        recipient relatives / kind family / named-by client
    """
    root = graph.unit.root
    for recipient in root.recipients:
        if recipient.kind and recipient.kind.text == "family" and recipient.named_by_client is None:
            yield family_not_named.finding(
                recipient.id.span,
                f"recipient '{recipient.id.text}' is family, but the client does not name who that is",
                suggestion=recipient_text(recipient, named_by_client=True),
                replaces=(recipient.span.line, recipient.end_line))
    if "family" in graph.unit.recipients:
        return
    # The vocabulary word used undeclared: one finding for the protocol (the remedy is one
    # declaration, whatever the number of clauses), at its first use.
    uses = [(clause, name) for clause in root.clauses for d in graph.facts(clause).disclosures
            for name in d.share.recipients if name.text == "family"]
    if uses:
        refs = ", ".join(dict.fromkeys(c.ref.text for c, _ in uses))
        yield family_not_named.finding(
            uses[0][1].span, f"clause{'s' if ',' in refs else ''} {refs} share{'' if ',' in refs else 's'} with "
            "'family' without the client naming who that is",
            suggestion='recipient family "People the client names, for what the client chooses"\n'
                       "  kind family\n  named-by client")


@rule("CON003", "opt-out-outside-direct-care", Severity.ERROR, "clause")
def opt_out_outside_direct_care(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """Opt-out consent ('unless-objects') used outside direct care between care providers.

    Fires when:
        A clause that discloses something says 'consent unless-objects' and it does not count
        as consent (§3): the clause has no 'when', a trigger's standard is not 'direct-care',
        or a recipient is not a care provider (gp, health, other-treatment-service,
        adult-social-care). It then counts as sharing without consent.

    Rests on:
        Implied (opt-out) consent is valid only for direct care: Caldicott principles; Health
        and Social Care Act 2012 s.251B, which obliges sharing for direct care and lifts where
        the person objects (s.251B(4)). A DWP office, a funder or the police give no care.

    Compliant rewording:
        Ask for consent ('consent required'); keep opt-out only for care providers caring for
        the client.

    Fires:
        when discharge (direct-care) / staff may share identity with gp, dwp / consent unless-objects

    Passes:
        when discharge (direct-care) / staff may share identity with gp / consent unless-objects
    """
    if clause.consent_mode != "unless-objects" or not graph.without_consent(clause):
        return
    facts = graph.facts(clause)
    reasons = []
    if not clause.when:
        reasons.append("it has no 'when'")
    reasons += [f"'{v.label}' is not direct care" for v in facts.verdicts if v.trigger and v.standard != "direct-care"]
    others = sorted(facts.recipient_kinds - V.CARE_PROVIDERS)
    if others:
        reasons.append(f"{', '.join(others)} {'is' if len(others) == 1 else 'are'} not a care provider")
    yield clause_finding(opt_out_outside_direct_care, clause, consent_span(clause),
                         f"clause {clause.ref.text} relies on the client not objecting, but {'; '.join(reasons)}: "
                         "opt-out is not consent outside direct care")


@rule("CON004", "best-interests-without-incapacity", Severity.ERROR, "clause")
def best_interests(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """A best-interests decision used for a client who has not been found to lack capacity.

    Fires when:
        A clause that discloses something says 'consent best-interests' and it does not count
        as consent (§3): the clause has no 'when', or a trigger's standard is not
        'adult-lacking-capacity'. It then counts as sharing without consent.

    Rests on:
        Mental Capacity Act 2005 ss.1-4: a person is assumed to have capacity; only for someone
        who lacks capacity to make the decision may others decide in their best interests (the
        Act applies from 16). An adult with capacity decides for themselves.

    Compliant rewording:
        Ask for consent ('consent required'); keep best interests for a trigger that means
        adult-lacking-capacity.

    Fires:
        staff may share health with family / consent best-interests (no 'when')

    Passes:
        when lacks-capacity (adult-lacking-capacity) / staff may share health with family / consent best-interests
    """
    if clause.consent_mode != "best-interests" or not graph.without_consent(clause):
        return
    wrong = [v.label for v in graph.verdicts(clause) if v.standard != "adult-lacking-capacity"]
    yield clause_finding(best_interests, clause, consent_span(clause),
                         f"clause {clause.ref.text} decides in the client's best interests under "
                         f"{', '.join(repr(w) for w in wrong)}, where nothing says the client lacks capacity",
                         _capacity_law(graph))


def _capacity_law(graph: ObligationGraph) -> str:
    """What CON004 rests on where the protocol's library does not hold the Mental Capacity Act
    2005 (it does not extend to Northern Ireland): the library's own sources for a client who
    lacks capacity; '' keeps the rule's own text.
    """
    standard = graph.library.standards.get("adult-lacking-capacity")
    if "mental-capacity-act-2005-s4" in graph.library.laws or standard is None or not standard.sources:
        return ""
    return ("Capacity is presumed: only for someone who lacks capacity to make the decision may others decide "
            "in their best interests. The Mental Capacity Act 2005 is not law here; this library rests on: "
            + "; ".join(source.text for source in standard.sources) + ".")
