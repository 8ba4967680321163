"""Unit -> :class:`ObligationGraph`: the networkx graph of who shares what with whom, and why.

Nodes are the organisation's staff, recipients, data kinds, triggers, standards, laws and
clauses; edges are sharing flows (subject -> recipient, one per clause line and recipient,
carrying data, modality, consent and steps) and justifications (clause -> law or standard).
Rules ask the named queries here — which duties bind this service, which cover a clause,
whether a clause is justified, which paths carry data onwards — so the semantics of
LANGUAGE.md §3 live in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Iterator

import networkx as nx

from checker import vocabulary as V
from checker.library import Library
from checker.loader import Unit
from checker.model import Clause, Law, Name, Share

STAFF = "staff"


@dataclass(frozen=True)
class TriggerVerdict:
    """How one trigger of a clause stands: the standard it means and what justifies it."""

    trigger: Name | None  # None for a blanket clause (no `when`)
    standard: str | None
    duties: tuple[Law, ...]  # binding duties covering the trigger and every recipient
    serious_harm: bool

    @property
    def justified(self) -> bool:
        """(a) a binding duty covers it, or (b) its standard is serious harm (LANGUAGE.md §3)."""
        return bool(self.duties) or self.serious_harm

    @property
    def label(self) -> str:
        """How a finding names this trigger."""
        return self.trigger.text if self.trigger else "always (no 'when')"


@dataclass(frozen=True)
class Hop:
    """One step of an onward path: ``clause`` makes ``subject`` share ``data`` with ``recipient``."""

    clause: Clause
    subject: str
    recipient: str
    data: frozenset[str]


class ObligationGraph:
    """The obligation graph of one unit, with the queries the rules need."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit
        self.library: Library = unit.library
        header = unit.root.header
        self.service = header.service.text if header and header.service else None
        self.sector = header.sector.text if header and header.sector else None
        self.clients = header.clients.text if header and header.clients else "adults"
        self.organisation = header.organisation.text if header and header.organisation else "the service"
        staff = frozenset(n.text for n in header.staff_include) if header else frozenset()
        self.groups = V.bound_groups(self.service, self.sector, staff)
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        self._build()

    # ---- construction ------------------------------------------------------------------
    def _build(self) -> None:
        g = self.graph
        g.add_node(("party", STAFF), kind="staff", label=self.organisation)
        for law in self.library.laws.values():
            g.add_node(("law", law.id.text), kind="law", law=law)
        for std in self.library.standards.values():
            g.add_node(("standard", std.id.text), kind="standard", serious_harm=_yes(std.serious_harm))
        for name, trigger in self.unit.triggers.items():
            g.add_node(("trigger", name), kind="trigger")
            if trigger.means is not None:
                g.add_edge(("trigger", name), ("standard", trigger.means.text), kind="means")
        for clause in self.clauses:
            node = ("clause", clause.ref.text)
            g.add_node(node, kind="clause", clause=clause)
            for trigger in clause.when:
                g.add_edge(node, ("trigger", trigger.text), kind="when")
            for law in clause.basis:
                g.add_edge(node, ("law", law.text), kind="cites")
            for share in clause.shares:
                for recipient in self.recipients_of(share):
                    g.add_edge(("party", self.party(share.subject.text)), ("party", recipient), kind="flow",
                               clause=clause, share=share, data=frozenset(self.data_kind(d.text) for d in share.data))
            for verdict in self.verdicts(clause):
                for duty in verdict.duties:
                    g.add_edge(node, ("law", duty.id.text), kind="covered-by", trigger=verdict.label)
                if verdict.serious_harm and verdict.standard:
                    g.add_edge(node, ("standard", verdict.standard), kind="serious-harm", trigger=verdict.label)

    # ---- names -----------------------------------------------------------------------
    @property
    def clauses(self) -> Iterator[Clause]:
        """Every clause of the unit, the root's first."""
        for doc in self.unit.documents:
            yield from doc.clauses

    def party(self, name: str) -> str:
        """The graph id of a subject or recipient name."""
        return STAFF if name == STAFF else name

    def recipients_of(self, share: Share) -> tuple[str, ...]:
        """The recipients of a share line; a ``publish`` line's recipient is the public."""
        return ("public",) if share.publish else tuple(r.text for r in share.recipients)

    def recipient_kind(self, name: str) -> str:
        """A declared recipient is judged by its kind, a vocabulary name by itself."""
        declared = self.unit.recipients.get(name)
        if declared is not None:
            return declared.kind.text if declared.kind else "other"
        return name

    def data_kind(self, name: str) -> str:
        """A declared data category is judged by its kind, a vocabulary name by itself."""
        declared = self.unit.data.get(name)
        if declared is not None:
            return declared.kind.text if declared.kind else name
        return name

    def trigger_standard(self, name: str) -> str | None:
        """The library standard a trigger means (a standard named directly means itself)."""
        declared = self.unit.triggers.get(name)
        if declared is not None:
            return declared.means.text if declared.means else None
        return name if name in self.library.standards else None

    def trigger_threshold(self, name: str) -> str | None:
        """The threshold a declared trigger sets, if any."""
        declared = self.unit.triggers.get(name)
        return declared.threshold.text if declared and declared.threshold else None

    # ---- laws ------------------------------------------------------------------------
    def binds(self, law: Law) -> bool:
        """Whether ``law`` binds this service (its ``binds`` group includes the protocol)."""
        return any(group.text in self.groups for group in law.binds)

    @cached_property
    def binding_duties(self) -> tuple[Law, ...]:
        """The duties that bind this service, in library order."""
        return tuple(law for law in self.library.laws.values() if _kind(law) == "duty" and self.binds(law))

    def covering_duties(self, standard: str | None, recipient_kinds: frozenset[str]) -> tuple[Law, ...]:
        """Binding duties engaged by ``standard`` that name every one of ``recipient_kinds``."""
        if standard is None:
            return ()
        return tuple(
            law for law in self.binding_duties
            if standard in {w.text for w in law.when}
            and ({"any"} & {r.text for r in law.recipients} or recipient_kinds <= {r.text for r in law.recipients})
        )

    def sharing(self, clause: Clause) -> tuple[Share, ...]:
        """The lines of a clause that share (``must`` or ``may``), not prohibitions."""
        return tuple(s for s in clause.shares if s.modality.text in {"must", "may"})

    def clause_recipient_kinds(self, clause: Clause) -> frozenset[str]:
        """The kinds of every recipient the clause shares with."""
        return frozenset(self.recipient_kind(r) for s in self.sharing(clause) for r in self.recipients_of(s))

    def verdicts(self, clause: Clause) -> tuple[TriggerVerdict, ...]:
        """One verdict per trigger (a blanket clause has one, for 'always', never justified)."""
        kinds = self.clause_recipient_kinds(clause)
        if not clause.when:
            return (TriggerVerdict(None, None, (), False),)
        out = []
        for trigger in clause.when:
            standard = self.trigger_standard(trigger.text)
            std = self.library.standard(standard) if standard else None
            out.append(TriggerVerdict(trigger, standard, self.covering_duties(standard, kinds),
                                      _yes(std.serious_harm) if std else False))
        return tuple(out)

    def justified(self, clause: Clause) -> bool:
        """Justified in sharing without consent only if every trigger is (LANGUAGE.md §3)."""
        return all(v.justified for v in self.verdicts(clause))

    def covered(self, clause: Clause) -> bool:
        """Covered by a legal duty only if every trigger is."""
        return all(v.duties for v in self.verdicts(clause))

    def without_consent(self, clause: Clause) -> bool:
        """The clause shares (must/may) and its consent mode lets sharing go ahead without agreement."""
        return clause.consent_mode in V.WITHOUT_CONSENT and bool(self.sharing(clause))

    def forbidden_steps(self, clause: Clause) -> dict[str, tuple[Law, ...]]:
        """Steps the law forbids under this clause's triggers (tipping off), with the laws."""
        out: dict[str, list[Law]] = {}
        for trigger in clause.when:
            standard = self.trigger_standard(trigger.text)
            for law in self.library.laws.values():
                if standard in {w.text for w in law.when} and self.binds(law) and _kind(law) in {"duty", "constraint"}:
                    for step in law.forbids:
                        out.setdefault(step.text, []).append(law)
        return {step: tuple(laws) for step, laws in out.items()}

    def step_needed(self, clause: Clause, step: str) -> bool:
        """FDAP asks for ``step`` unless the law forbids it under every trigger of the clause."""
        forbidden = self.forbidden_steps(clause).get(step, ())
        if not forbidden or not clause.when:
            return True
        per_trigger = [self.trigger_standard(t.text) for t in clause.when]
        return not all(any(s in {w.text for w in law.when} for law in forbidden) for s in per_trigger)

    def client_group(self, clause: Clause) -> str:
        """The clients a clause applies to: its own ``clients`` or the protocol's."""
        return clause.clients.text if clause.clients else self.clients

    def applies_to_young_people(self, clause: Clause) -> bool:
        """``young-people`` and ``all`` both include young people."""
        return self.client_group(clause) in {"young-people", "all"}

    # ---- onward sharing ----------------------------------------------------------------
    def onward_hops(self, recipient: str, data: frozenset[str]) -> Iterator[Hop]:
        """Clauses whose subject is ``recipient`` and that pass on any of ``data`` without consent.

        Stops where the recipient's ``onward-sharing`` is ``prohibited`` or ``requires-consent``.
        """
        declared = self.unit.recipients.get(recipient)
        mode = declared.onward_sharing.text if declared and declared.onward_sharing else "allowed"
        if mode != "allowed":
            return
        kind = self.recipient_kind(recipient)
        for node in {("party", recipient), ("party", kind)}:
            if node not in self.graph or (node[1] == kind and kind in self.unit.recipients and kind != recipient):
                continue
            for _, target, attrs in self.graph.out_edges(node, data=True):
                clause: Clause = attrs["clause"]
                share: Share = attrs["share"]
                if share.modality.text == "must-not" or clause.consent_mode not in V.WITHOUT_CONSENT:
                    continue
                carried = _overlap(data, attrs["data"])
                if carried:
                    yield Hop(clause, node[1], target[1], carried)

    def onward_paths(self, recipient: str, data: frozenset[str], seen: frozenset[str] = frozenset()) -> Iterator[tuple[Hop, ...]]:
        """Every maximal chain of onward hops starting at ``recipient`` (no clause used twice)."""
        for hop in self.onward_hops(recipient, data):
            if hop.clause.ref.text in seen:
                continue
            tails = list(self.onward_paths(hop.recipient, hop.data, seen | {hop.clause.ref.text}))
            if not tails:
                yield (hop,)
            for tail in tails:
                yield (hop, *tail)


def _yes(name: Name | None) -> bool:
    return name is not None and name.text == "yes"


def _kind(law: Law) -> str:
    return law.kind.text if law.kind else ""


def _overlap(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    """Data kinds in both sets; ``case-file`` (everything held) overlaps any kind."""
    if V.EVERYTHING in a:
        return b
    if V.EVERYTHING in b:
        return a
    return a & b
