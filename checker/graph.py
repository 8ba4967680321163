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
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from confide import vocabulary as V
from confide.language.model import Clause, Law, Name, Share

if TYPE_CHECKING:  # the loader imports the rule registry, which imports this module
    import networkx as nx

    from confide.library import Library
    from confide.loader import Unit

STAFF = "staff"
# Onward chains longer than this are cut: no real partnership passes data on so often, and a
# hostile file must not make the search explode.
MAX_HOPS = 8


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
        # Imported here, not at the top: networkx takes ~100 ms to import, and a run answered
        # from the cache (or `confide rules`) never builds a graph.
        import networkx as nx

        self._verdicts: dict[int, tuple[Clause, tuple[TriggerVerdict, ...]]] = {}
        self.graph: nx.MultiDiGraph[tuple[str, str]] = nx.MultiDiGraph()
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
            for when in clause.when:
                g.add_edge(node, ("trigger", when.text), kind="when")
            for cited in clause.basis:
                g.add_edge(node, ("law", cited.text), kind="cites")
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

    def duties_covered(self) -> frozenset[str]:
        """Ids of the duties that cover some clause of the protocol or its includes."""
        edges: Iterable[tuple[Any, tuple[str, str], str]] = self.graph.edges(data="kind")
        return frozenset(target[1] for _, target, kind in edges if kind == "covered-by")

    def engaged_laws(self, standard: str) -> tuple[Law, ...]:
        """Every library law (of any kind, binding or not) whose ``when`` names ``standard``."""
        return tuple(law for law in self.library.laws.values() if _engages(law, standard))

    def covering_duties(self, standard: str | None, recipient_kinds: frozenset[str]) -> tuple[Law, ...]:
        """Binding duties engaged by ``standard`` that name every one of ``recipient_kinds``."""
        if standard is None:
            return ()
        return tuple(
            law for law in self.binding_duties
            if _engages(law, standard)
            and ({"any"} & {r.text for r in law.recipients} or recipient_kinds <= {r.text for r in law.recipients})
        )

    def sharing(self, clause: Clause) -> tuple[Share, ...]:
        """The lines of a clause that share (``must`` or ``may``), not prohibitions."""
        return tuple(s for s in clause.shares if s.modality.text in {"must", "may"})

    def clause_recipient_kinds(self, clause: Clause) -> frozenset[str]:
        """The kinds of every recipient the clause shares with."""
        return frozenset(self.recipient_kind(r) for s in self.sharing(clause) for r in self.recipients_of(s))

    def verdicts(self, clause: Clause) -> tuple[TriggerVerdict, ...]:
        """One verdict per trigger (a blanket clause has one, for 'always', never justified).

        A clause that shares nothing (only ``must-not`` lines) discharges no duty, so no duty
        covers it: otherwise a prohibition would count as meeting the duty it forbids (LAW005).
        """
        # Every rule asks for these, several times per clause: work them out once per clause.
        known = self._verdicts.get(id(clause))
        if known is not None and known[0] is clause:
            return known[1]
        kinds = self.clause_recipient_kinds(clause)
        if not clause.when:
            verdicts: tuple[TriggerVerdict, ...] = (TriggerVerdict(None, None, (), False),)
            self._verdicts[id(clause)] = (clause, verdicts)
            return verdicts
        out = []
        for trigger in clause.when:
            standard = self.trigger_standard(trigger.text)
            std = self.library.standard(standard) if standard else None
            duties = self.covering_duties(standard, kinds) if kinds else ()
            out.append(TriggerVerdict(trigger, standard, duties, _yes(std.serious_harm) if std else False))
        self._verdicts[id(clause)] = (clause, tuple(out))
        return tuple(out)

    def lawful_bases(self, clause: Clause) -> tuple[Law, ...]:
        """Binding laws that require or permit the clause's sharing under every one of its triggers.

        Duties first, then powers and exemptions; each must name every recipient kind (or
        'any'). What a protocol can honestly cite as its basis (DP002's rewording).
        """
        kinds = self.clause_recipient_kinds(clause)
        standards = [self.trigger_standard(t.text) for t in clause.when]
        if not kinds or not standards or None in standards:
            return ()
        found = [
            law for law in self.library.laws.values()
            if _kind(law) in {"duty", "power", "exemption"} and self.binds(law)
            and set(standards) <= {w.text for w in law.when}
            and ("any" in {r.text for r in law.recipients} or kinds <= {r.text for r in law.recipients})
        ]
        return tuple(sorted(found, key=lambda law: _kind(law) != "duty"))

    def justified(self, clause: Clause) -> bool:
        """Justified in sharing without consent only if every trigger is (LANGUAGE.md §3)."""
        return all(v.justified for v in self.verdicts(clause))

    def covered(self, clause: Clause) -> bool:
        """Covered by a legal duty only if every trigger is."""
        return all(v.duties for v in self.verdicts(clause))

    def without_consent(self, clause: Clause) -> bool:
        """The clause shares (must/may) and its consent mode lets sharing go ahead without agreement."""
        return clause.consent_mode in V.WITHOUT_CONSENT and bool(self.sharing(clause))

    def forbidding_laws(self, trigger: str, step: str) -> tuple[Law, ...]:
        """Binding duties and constraints engaged by ``trigger`` that forbid ``step`` (tipping off)."""
        standard = self.trigger_standard(trigger)
        if standard is None:
            return ()
        return tuple(
            law for law in self._forbidding
            if _engages(law, standard) and step in {f.text for f in law.forbids}
        )

    @cached_property
    def _forbidding(self) -> tuple[Law, ...]:
        """Binding duties and constraints that forbid any step, in library order.

        Worked out once per protocol: asked per clause, trigger and step, scanning the whole
        library each time took a sixth of the time of checking a file (scripts/bench.py).
        """
        return tuple(law for law in self.library.laws.values()
                     if _kind(law) in {"duty", "constraint"} and law.forbids and self.binds(law))

    def forbidden_steps(self, clause: Clause) -> dict[str, tuple[Law, ...]]:
        """Steps the law forbids under any of this clause's triggers, with the laws."""
        out: dict[str, list[Law]] = {}
        for trigger in clause.when:
            for step in V.STEPS:
                for law in self.forbidding_laws(trigger.text, step):
                    if law not in out.setdefault(step, []):
                        out[step].append(law)
        return {step: tuple(laws) for step, laws in out.items() if laws}

    def tipping_off_triggers(self, clause: Clause, steps: tuple[str, ...]) -> tuple[Name, ...]:
        """The clause's triggers under which the law forbids any of ``steps``."""
        return tuple(t for t in clause.when if any(self.forbidding_laws(t.text, s) for s in steps))

    def step_needed(self, clause: Clause, step: str) -> bool:
        """FDAP asks for ``step`` unless the law forbids it under every trigger of the clause."""
        if not clause.when:
            return True
        return len(self.tipping_off_triggers(clause, (step,))) < len(clause.when)

    def client_group(self, clause: Clause) -> str:
        """The clients a clause applies to: its own ``clients`` or the protocol's."""
        return clause.clients.text if clause.clients else self.clients

    def applies_to_young_people(self, clause: Clause) -> bool:
        """``young-people`` and ``all`` both include young people."""
        return self.client_group(clause) in {"young-people", "all"}

    def situations_overlap(self, a: Clause, b: Clause) -> bool:
        """Whether two clauses can apply to the same client at the same time.

        Their clients must overlap (``all`` overlaps both groups) and so must their triggers:
        no ``when`` means always, otherwise a shared trigger or a shared standard (two local
        triggers that mean the same standard describe the same situation).
        """
        ga, gb = self.client_group(a), self.client_group(b)
        if ga != gb and "all" not in {ga, gb}:
            return False
        if not a.when or not b.when:
            return True
        names_a, names_b = {t.text for t in a.when}, {t.text for t in b.when}
        if names_a & names_b:
            return True
        stds_a = {self.trigger_standard(t) for t in names_a} - {None}
        return bool(stds_a & {self.trigger_standard(t) for t in names_b})

    def share_flows(self, share: Share) -> frozenset[tuple[str, str]]:
        """(data kind, recipient) pairs a line is about; prohibitions included."""
        kinds = {self.data_kind(d.text) for d in share.data}
        return frozenset((d, r) for d in kinds for r in self.recipients_of(share))

    def conflicting_flows(self, must: Share, must_not: Share) -> list[tuple[str, str]]:
        """The (data, recipient) pairs one line requires and the other forbids, sorted.

        ``case-file`` (everything held) conflicts with every data kind for the same recipient.
        """
        out = set()
        for data_a, rec_a in self.share_flows(must):
            for data_b, rec_b in self.share_flows(must_not):
                if rec_a == rec_b and data_overlap(frozenset({data_a}), frozenset({data_b})):
                    out.add((data_b if data_a == V.EVERYTHING else data_a, rec_a))
        return sorted(out)

    # ---- situations (scenarios, simulate) ------------------------------------------------
    def situation_group(self, age: int | None) -> str:
        """The client group of a situation: under 18 is a young person; no age, the protocol's clients."""
        if age is None:
            return self.clients
        return "young-people" if age < 18 else "adults"

    def triggered(self, clause: Clause, events: frozenset[str]) -> bool:
        """A clause applies under any of its triggers; with no ``when``, always (§3).

        An event also engages a clause that names its standard directly in ``when``.
        """
        if not clause.when:
            return True
        standards = {self.trigger_standard(e) for e in events} - {None}
        return any(t.text in events or (t.text not in self.unit.triggers and t.text in standards)
                   for t in clause.when)

    def serves(self, clause: Clause, group: str) -> bool:
        """Whether the clause's clients include ``group`` (``all`` is both adults and young people)."""
        return bool(_members(self.client_group(clause)) & _members(group))

    def consent_permits(self, clause: Clause, consent: str) -> bool:
        """Only ``not-required`` and ``blanket`` clauses share whatever the client said (§3)."""
        return clause.consent_mode in V.WITHOUT_CONSENT or consent == "given"

    def applies_in(self, clause: Clause, events: frozenset[str], group: str, consent: str) -> bool:
        """Whether the clause lets or makes staff share in this situation."""
        return self.triggered(clause, events) and self.serves(clause, group) and self.consent_permits(clause, consent)

    def shares_with(self, clause: Clause, recipient: str, data: str | None = None) -> tuple[Share, ...]:
        """The staff ``must``/``may`` lines sharing ``data`` (anything, if None) with ``recipient``.

        A declared name matches by id, a vocabulary name by kind; ``case-file`` covers all data.
        """
        def recipient_matches(name: str) -> bool:
            return name == recipient if recipient in self.unit.recipients else self.recipient_kind(name) == recipient

        def data_matches(name: str) -> bool:
            kind = self.data_kind(name)
            if kind == V.EVERYTHING or name == data:
                return True
            return data not in self.unit.data and kind == data

        return tuple(
            s for s in self.sharing(clause)
            if s.by_staff and any(recipient_matches(r) for r in self.recipients_of(s))
            and (data is None or any(data_matches(d.text) for d in s.data))
        )

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
                carried = data_overlap(data, attrs["data"])
                if carried:
                    yield Hop(clause, node[1], target[1], carried)

    def onward_paths(self, recipient: str, data: frozenset[str], seen: frozenset[str] = frozenset(),
                     hops: int = MAX_HOPS) -> Iterator[tuple[Hop, ...]]:
        """Every maximal chain of onward hops starting at ``recipient`` (no clause used twice).

        Lazy, and at most ``hops`` long, so that a caller taking the first few paths of a
        densely connected partnership never waits for all of them (there can be factorially many).
        """
        for hop in self.onward_hops(recipient, data):
            if hop.clause.ref.text in seen:
                continue
            extended = False
            if hops > 1:
                for tail in self.onward_paths(hop.recipient, hop.data, seen | {hop.clause.ref.text}, hops - 1):
                    extended = True
                    yield (hop, *tail)
            if not extended:
                yield (hop,)


def _yes(name: Name | None) -> bool:
    return name is not None and name.text == "yes"


def _engages(law: Law, standard: str) -> bool:
    """Whether ``standard`` is among the situations that engage ``law``."""
    return any(w.text == standard for w in law.when)


def _kind(law: Law) -> str:
    return law.kind.text if law.kind else ""


def data_overlap(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    """Data kinds in both sets; ``case-file`` (everything held) overlaps any kind."""
    if V.EVERYTHING in a:
        return b
    if V.EVERYTHING in b:
        return a
    return a & b


def _members(group: str) -> frozenset[str]:
    """``all`` stands for both client groups."""
    return frozenset({"adults", "young-people"}) if group == "all" else frozenset({group})
