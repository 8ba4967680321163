"""A situation (events, client, consent) + graph -> the clauses that apply in it, and why not.

The one reading of LANGUAGE.md §5 that ``confide test`` and ``confide simulate`` share: a
clause applies when one of its triggers happened (or it has none), its clients include this
client, and consent permits it. The semantics are the graph's (``applies_in``); this module
only names the situation and says in plain words why a clause stays out of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from confide.graph import ObligationGraph
from confide.language.model import Clause, Scenario, Share

CONSENT_STATES = ("given", "refused", "not-asked")
GROUP_WORDS = {"adults": "an adult", "young-people": "a young person", "all": "a client"}
CONSENT_WORDS = {"given": "the client agreed", "refused": "the client refused",
                 "not-asked": "the client has not been asked"}


@dataclass(frozen=True)
class Situation:
    """What happened, to whom, and what the client said about sharing."""

    events: frozenset[str]
    group: str
    consent: str = "not-asked"
    age: int | None = None
    competent: bool | None = None

    @classmethod
    def of(cls, scenario: Scenario, graph: ObligationGraph) -> Situation:
        """The situation a scenario describes (no consent line: not asked)."""
        return cls(frozenset(e.text for e in scenario.events if e.text != "none"),
                   graph.situation_group(scenario.age), scenario.consent.text if scenario.consent else "not-asked",
                   scenario.age, scenario.competent)

    def describe(self) -> str:
        """'a young person (15, not competent); events: dealing; the client refused'."""
        traits = [str(self.age)] if self.age is not None else []
        if self.competent is not None:
            traits.append("competent" if self.competent else "not competent")
        who = GROUP_WORDS[self.group] + (f" ({', '.join(traits)})" if traits else "")
        events = ", ".join(sorted(self.events)) or "none"
        return f"{who}; events: {events}; {CONSENT_WORDS[self.consent]}"


def applicable(graph: ObligationGraph, situation: Situation) -> list[Clause]:
    """The clauses that let or make staff share in ``situation``, in protocol order."""
    return [c for c in graph.clauses if any(s.by_staff for s in graph.sharing(c))
            and graph.applies_in(c, situation.events, situation.group, situation.consent, situation.competent)]


def partners(graph: ObligationGraph, situation: Situation) -> list[tuple[Clause, Share]]:
    """What partners (a named recipient as subject) then do in ``situation``: partnership clauses,
    less what the protocol's declaration of the partner forbids it to pass on (``onward-sharing
    prohibited``, or ``requires-consent`` where the client did not agree).
    """
    def allowed(partner: str) -> bool:
        limit = graph.onward_limit(partner)
        return limit == "allowed" or (limit == "requires-consent" and situation.consent == "given")

    return [(c, s) for c in graph.clauses for s in graph.sharing(c) if not s.by_staff and allowed(s.subject.text)
            and graph.applies_in(c, situation.events, situation.group, situation.consent, situation.competent)]


def prohibitions(graph: ObligationGraph, situation: Situation) -> list[tuple[Clause, Share]]:
    """The ``must-not`` lines in force: a prohibition holds whatever the client said."""
    return [(c, s) for c in graph.clauses for s in c.shares if s.modality.text == "must-not" and s.by_staff
            and graph.triggered(c, situation.events) and graph.serves(c, situation.group)]


def why_not(graph: ObligationGraph, clause: Clause, situation: Situation) -> str:
    """Why ``clause`` does not apply in ``situation``, in plain words ('' when it does)."""
    if not graph.triggered(clause, situation.events):
        return f"applies only when {', '.join(t.text for t in clause.when)}"
    if not graph.serves(clause, situation.group):
        return f"is for {graph.client_group(clause)}, not {GROUP_WORDS[situation.group]}"
    if not graph.consent_permits(clause, situation.consent, situation.group, situation.competent):
        if situation.consent == "given":
            return "needs the agreement of a young person able to give it, and this one was assessed as not competent"
        return f"needs the client's agreement (consent {clause.consent_mode}) and {CONSENT_WORDS[situation.consent]}"
    return ""


def shared_text(graph: ObligationGraph, share: Share) -> str:
    """'identity, location with police' for one line."""
    return f"{', '.join(d.text for d in share.data)} with {', '.join(graph.recipients_of(share))}"


def verb(share: Share) -> str:
    """'makes staff share' for must, 'lets staff share' for may, 'forbids sharing' for must-not."""
    return {"must": "makes staff share", "may": "lets staff share"}.get(share.modality.text, "forbids sharing")
