"""LIB rules: what the reader must know about the law library a protocol was checked against."""

from __future__ import annotations

from collections.abc import Iterator

from confide.findings import Finding, Severity, rule
from confide.graph import ObligationGraph


@rule("LIB001", "partial-library", Severity.INFO, "protocol")
def partial_library(graph: ObligationGraph) -> Iterator[Finding]:
    """The protocol was checked against a law library marked partial.

    Fires when:
        The protocol's jurisdiction (or --jurisdiction) selects a library whose header says
        'status partial' (Wales and Northern Ireland as shipped): its duties and powers are
        incomplete, so a clause it cannot justify may rest on law it does not hold, and a
        duty it lacks is never reported as unmet.

    Rests on:
        The library's own header and notes (law-research.md, section 5): Northern Ireland
        (Criminal Law Act (NI) 1967 s.5) and Wales (Social Services and Well-being (Wales) Act
        2014) differ from England, and their law was researched less fully. Most of their
        entries rest on the research; a few were added from the statute or government guidance
        alone (the Wales Safeguarding Board duty, s.137; the Northern Ireland guidance), and
        those entries say 'unverified' in their own notes. Read each entry with its notes.

    Compliant rewording:
        None: the protocol is not at fault. Read its findings with the library's notes in mind,
        and add local law with --library where you rely on it.

    Fires:
        jurisdiction northern-ireland

    Passes:
        jurisdiction england-and-wales
    """
    header = graph.unit.root.header
    if header is None or not graph.library.partial:
        return
    own = graph.library.headers[0]
    # The library's notes say how it differs and what it leaves out; the disclaimer comes first.
    notes = " ".join(n.text for n in own.notes)
    span = header.jurisdiction.span if header.jurisdiction else header.span
    yield partial_library.finding(span,
               f"checked against a partial law library ({own.title.text}): it may lack law this protocol "
               "relies on, and unmet duties it does not hold are not reported",
               rests_on=notes or "The library is marked 'status partial'.")
