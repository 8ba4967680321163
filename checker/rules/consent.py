"""CON rules: what counts as consent, and who counts as family."""

from __future__ import annotations

from typing import Iterator

from confide.findings import Finding, Severity, make, register
from confide.graph import ObligationGraph
from confide.language.model import Clause
from confide.language.unparse import ClauseEdit, recipient_text
from confide.rules.base import clause_finding, consent_span


@register("CON001", "blanket-consent", Severity.ERROR, "clause")
def blanket_consent(clause: Clause, graph: ObligationGraph) -> Iterator[Finding]:
    """Consent assumed from using the service.

    Fires when:
        The clause says 'consent blanket'.

    Rests on:
        UK GDPR Art 4(11) and Art 7: consent must be freely given, specific, informed and
        withdrawable; consent implied by accepting a service is none of these.

    Compliant rewording:
        consent required (or 'consent preferences', what the client chose at assessment)

    Fires:
        consent blanket

    Passes:
        consent preferences
    """
    if clause.consent_mode == "blanket":
        yield clause_finding(
            "CON001", clause, consent_span(clause),
            f"clause {clause.ref.text} assumes consent from using the service; that consent is not freely given",
            "UK GDPR Art 4(11), Art 7 (conditions for consent)",
            ClauseEdit(consent="required"),
        )


@register("CON002", "family-not-named-by-client", Severity.WARNING, "protocol")
def family_not_named(graph: ObligationGraph) -> Iterator[Finding]:
    """Staff decide who counts as the client's family.

    Fires when:
        A recipient of kind 'family' has no 'named-by client' line, or a clause shares with the
        vocabulary word 'family' without declaring who that is.

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
            yield make("CON002", recipient.id.span,
                       f"recipient '{recipient.id.text}' is family, but the client does not name who that is",
                       rests_on="FDAP: the client chooses who is told what",
                       suggestion=recipient_text(recipient, named_by_client=True),
                       replaces=(recipient.span.line, recipient.end_line))
    if "family" in graph.unit.recipients:
        return
    for clause in root.clauses:
        for share in graph.sharing(clause):
            for name in share.recipients:
                if name.text == "family":
                    yield make("CON002", name.span,
                               f"clause {clause.ref.text} shares with 'family' without the client naming who that is",
                               clause=clause.ref.text,
                               rests_on="FDAP: the client chooses who is told what",
                               suggestion=('recipient family "People the client names"\n'
                                           "  kind family\n  named-by client"))
