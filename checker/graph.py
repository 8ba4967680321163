"""Unit -> :class:`ObligationGraph`: who shares what with whom, on what footing, and where it goes.

The semantics of LANGUAGE.md §3 live here and nowhere else: what a clause discloses once
internal recipients and anonymised data are set aside, whether it shares without consent
(opt-out and best-interests count as consent only in their own situations), how each of its
triggers is justified (a binding duty that covers it, or serious harm at or above the
standard's threshold towards recipients who can act on it), which steps the law forbids or
``except-where-unsafe`` waives, which clauses contradict each other, which declarations no
clause uses, and which paths carry data on from partner to partner. Rules ask these questions
and never re-derive the answers.

Facts about one clause are worked out once, in plain structures; what depends only on the library
and the kind of service (which laws bind it, engage a standard, forbid a step, cover a recipient)
once per run. networkx holds only the onward-sharing network between parties, built (and imported)
when a question about onward paths is asked, because that is what it is good at: following
paths. Everything else is dictionaries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from confide import vocabulary as V
from confide.budget import checkpoint
from confide.language.model import Clause, Law, Name, Share
from confide.library import Library
from confide.source import slot_setters
from confide.unit import Unit

if TYPE_CHECKING:
    import networkx as nx

STAFF = "staff"
# Onward chains longer than this are cut: no real partnership passes data on so often, and a
# hostile file must not make the search explode.
MAX_HOPS = 8
# How a flow stands. "internal" (to a nominated-officer) and "anonymised" (every datum anonymised)
# disclose nothing (§3), so they are neither with nor without consent.
STATUSES = ("unjustified", "justified", "consent", "internal", "anonymised")
NOT_DISCLOSED = frozenset({"internal", "anonymised"})
T = TypeVar("T")
# What depends only on the law library and the groups a service is in (which laws bind it, which
# of them a standard engages, which forbid a step or cover a recipient): worked out once and
# shared by every protocol of a run with the same library and the same kind of service. Keyed
# by the library's identity (kept, so the identity stays its own); a few dozen at most.
_SHARED: dict[tuple[int, frozenset[str]], tuple[Library, dict[Any, Any]]] = {}
_MAX_SHARED = 64


def _shared(library: Library, groups: frozenset[str]) -> dict[Any, Any]:
    """The answers kept for ``library`` and a service in ``groups``."""
    key = (id(library), groups)
    known = _SHARED.get(key)
    if known is None or known[0] is not library:
        if len(_SHARED) >= _MAX_SHARED:
            _SHARED.clear()
        known = _SHARED[key] = (library, {})
    return known[1]


# The verdicts, disclosures, facts and flows below are made for every clause (and every reworded
# one): frozen slotted classes whose constructors set the slots directly (see source.Span).
@dataclass(frozen=True, slots=True)
class TriggerVerdict:
    """How one trigger of a clause stands: the standard it means and what justifies it.

    ``duties`` are the binding duties that cover it (§3 (a)); ``harm`` says whether serious
    harm justifies it (§3 (b)), and ``harm_gap`` why not, when the standard is serious harm but
    the trigger falls short (its threshold, or a recipient who cannot act on the harm).
    """

    trigger: Name | None  # None for a blanket clause (no `when`)
    standard: str | None
    threshold: str | None
    duties: tuple[Law, ...]
    serious_harm: bool
    harm: bool
    harm_gap: str

    def __init__(self, trigger: Name | None, standard: str | None, threshold: str | None, duties: tuple[Law, ...],
                 serious_harm: bool, harm: bool, harm_gap: str = "") -> None:
        _V_TRIGGER(self, trigger)
        _V_STANDARD(self, standard)
        _V_THRESHOLD(self, threshold)
        _V_DUTIES(self, duties)
        _V_SERIOUS_HARM(self, serious_harm)
        _V_HARM(self, harm)
        _V_HARM_GAP(self, harm_gap)

    @property
    def justified(self) -> bool:
        """(a) a binding duty covers it, or (b) serious harm justifies it (LANGUAGE.md §3)."""
        return bool(self.duties) or self.harm

    @property
    def label(self) -> str:
        """How a finding names this trigger."""
        return self.trigger.text if self.trigger else "always (no 'when')"


_V_TRIGGER, _V_STANDARD, _V_THRESHOLD, _V_DUTIES, _V_SERIOUS_HARM, _V_HARM, _V_HARM_GAP = slot_setters(
    TriggerVerdict, *(f.name for f in fields(TriggerVerdict)))


@dataclass(frozen=True, slots=True)
class Disclosure:
    """A ``must`` or ``may`` line as judged: what it discloses, with internal recipients and
    anonymised data set aside (§3).
    """

    share: Share
    data: tuple[Name, ...]
    recipients: tuple[str, ...]

    def __init__(self, share: Share, data: tuple[Name, ...], recipients: tuple[str, ...]) -> None:
        _D_SHARE(self, share)
        _D_DATA(self, data)
        _D_RECIPIENTS(self, recipients)


_D_SHARE, _D_DATA, _D_RECIPIENTS = slot_setters(Disclosure, *(f.name for f in fields(Disclosure)))


@dataclass(frozen=True, slots=True)
class ClauseFacts:
    """Everything the rules ask of one clause, worked out once.

    The answers drawn from the others (``without_consent``, ``justified``, ``covered``,
    ``automatic``) are kept too, not worked out on each asking: about twenty
    clause rules ask them of every clause and of every reworded one.
    """

    disclosures: tuple[Disclosure, ...]
    recipient_kinds: frozenset[str]
    data_kinds: frozenset[str]
    regardless: bool  # its consent mode lets sharing go ahead whatever the client says (§3)
    verdicts: tuple[TriggerVerdict, ...]
    staff_lines: tuple[Disclosure, ...]  # the disclosures the service's own staff make (ObligationGraph.own)
    # Drawn from the fields above when the facts are made:
    discloses: bool = field(init=False)  # some line shares personal data outside the organisation
    without_consent: bool = field(init=False)  # it discloses, and would without the client's agreement
    justified: bool = field(init=False)  # without consent: only if every trigger is (a blanket clause never is)
    covered: bool = field(init=False)  # by a legal duty: only if every trigger is
    automatic: bool = field(init=False)  # a ``must`` line discloses something: staff have no discretion

    def __init__(self, disclosures: tuple[Disclosure, ...], recipient_kinds: frozenset[str],
                 data_kinds: frozenset[str], regardless: bool, verdicts: tuple[TriggerVerdict, ...],
                 staff_lines: tuple[Disclosure, ...]) -> None:
        _F_DISCLOSURES(self, disclosures)
        _F_RECIPIENT_KINDS(self, recipient_kinds)
        _F_DATA_KINDS(self, data_kinds)
        _F_REGARDLESS(self, regardless)
        _F_VERDICTS(self, verdicts)
        _F_STAFF_LINES(self, staff_lines)
        # Plain loops: generator expressions here cost more than the askings they save.
        justified = covered = True
        for verdict in verdicts:
            if not verdict.duties:
                covered = False
                if not verdict.harm:
                    justified = False
        automatic = False
        for disclosure in disclosures:
            if disclosure.share.modality.text == "must":
                automatic = True
        _F_DISCLOSES(self, bool(disclosures))
        _F_WITHOUT_CONSENT(self, regardless and bool(disclosures))
        _F_JUSTIFIED(self, justified)
        _F_COVERED(self, covered)
        _F_AUTOMATIC(self, automatic)


(_F_DISCLOSURES, _F_RECIPIENT_KINDS, _F_DATA_KINDS, _F_REGARDLESS, _F_VERDICTS, _F_STAFF_LINES, _F_DISCLOSES,
 _F_WITHOUT_CONSENT, _F_JUSTIFIED, _F_COVERED, _F_AUTOMATIC) = slot_setters(
    ClauseFacts, *(f.name for f in fields(ClauseFacts)))


@dataclass(frozen=True, slots=True)
class Flow:
    """One recipient of one share line: the unit of every drawing, diff and onward path."""

    clause: Clause
    share: Share
    subject: str
    recipient: str
    data: frozenset[str]  # data kinds
    status: str  # "prohibited", or one of STATUSES

    def __init__(self, clause: Clause, share: Share, subject: str, recipient: str, data: frozenset[str],
                 status: str) -> None:
        _L_CLAUSE(self, clause)
        _L_SHARE(self, share)
        _L_SUBJECT(self, subject)
        _L_RECIPIENT(self, recipient)
        _L_DATA(self, data)
        _L_STATUS(self, status)

    @property
    def prohibited(self) -> bool:
        """A ``must-not`` line."""
        return self.status == "prohibited"


_L_CLAUSE, _L_SHARE, _L_SUBJECT, _L_RECIPIENT, _L_DATA, _L_STATUS = slot_setters(
    Flow, *(f.name for f in fields(Flow)))


@dataclass(frozen=True)
class Hop:
    """One step of an onward path: ``clause`` makes ``subject`` share ``data`` with ``recipient``."""

    clause: Clause
    subject: str
    recipient: str
    data: frozenset[str]


@dataclass(frozen=True)
class Contradiction:
    """A ``must`` line and a ``must-not`` line that staff cannot both follow."""

    must: Clause
    required: Share
    must_not: Clause
    forbidden: Share
    flows: tuple[tuple[str, str], ...]  # (data kind, recipient), sorted


class ObligationGraph:
    """The obligations of one unit, with the queries the rules, reports and commands need."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit
        self.library = unit.library
        header = unit.root.header
        self.service = header.service.text if header and header.service else None
        self.sector = header.sector.text if header and header.sector else None
        # No 'clients' line: a young people's service serves young people (so the YP rules
        # apply); any other service, adults.
        default = "young-people" if self.service == "young-peoples-service" else "adults"
        self.clients = header.clients.text if header and header.clients else default
        self.organisation = header.organisation.text if header and header.organisation else "the service"
        staff = frozenset(n.text for n in header.staff_include) if header else frozenset()
        self.groups = V.bound_groups(self.service, self.sector, staff)
        # How each declared name is judged, read once: every line of every clause (and of every
        # rewording) asks of each of its recipients and data.
        self._recipient_kinds = {name: r.kind.text if r.kind else "other" for name, r in unit.recipients.items()}
        self._data_kinds = {name: d.kind.text if d.kind else name for name, d in unit.data.items()}
        # Keyed by the clause's identity (a clause's hash would hash every field): the clauses
        # asked about are held in ``_asked``, so no identity is reused while the graph lives.
        self._facts: dict[int, ClauseFacts] = {}
        self._asked: list[Clause] = []
        self._library_answers = _shared(self.library, self.groups)

    def _remember(self, key: tuple[Any, ...], work: Callable[..., T], *args: Any) -> T:
        """``work(*args)``, done once per library and service groups (its answer depends on nothing else)."""
        try:
            return self._library_answers[key]  # type: ignore[no-any-return]
        except KeyError:
            found = self._library_answers[key] = work(*args)
            return found

    # ---- names -----------------------------------------------------------------------
    @cached_property
    def clauses(self) -> tuple[Clause, ...]:
        """Every clause of the unit, the protocol's own first, then its includes'."""
        return tuple(c for doc in self.unit.documents for c in doc.clauses)

    @cached_property
    def own_refs(self) -> frozenset[str]:
        """The REFs of the protocol's own clauses (findings are reported only on these)."""
        return frozenset(c.ref.text for c in self.unit.root.clauses)

    def recipients_of(self, share: Share) -> tuple[str, ...]:
        """The recipients of a share line; a ``publish`` line's recipient is the public."""
        return ("public",) if share.publish else tuple(r.text for r in share.recipients)

    def recipient_kind(self, name: str) -> str:
        """A declared recipient is judged by its kind (``other`` without one), a vocabulary name by itself."""
        return self._recipient_kinds.get(name, name)

    def own(self, subject: str) -> bool:
        """Whether ``subject`` is the service's own: its staff, or its nominated officer.

        A ``nominated-officer`` is the organisation's own safeguarding lead, data protection officer
        or nominated officer (§3): telling them discloses nothing, and what they pass on is the
        service's disclosure, bound by the FDAP code, not a partner's. Otherwise every disclosure
        routed through the safeguarding lead would escape FDAP002-FDAP005.
        """
        return subject == STAFF or self._recipient_kinds.get(subject, subject) == V.INTERNAL

    def data_kind(self, name: str) -> str:
        """A declared data category is judged by its kind (``other``... none: itself), a vocabulary name by itself."""
        return self._data_kinds.get(name, name)

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

    def standard_threshold(self, standard: str | None) -> str:
        """The least certainty at which a standard justifies sharing (default ``belief``)."""
        found = self.library.standards.get(standard) if standard else None
        return found.threshold.text if found and found.threshold else "belief"

    def effective_threshold(self, trigger: str) -> str | None:
        """A trigger's own threshold, or (none given, or a standard named directly) its standard's."""
        standard = self.trigger_standard(trigger)
        return self.trigger_threshold(trigger) or (self.standard_threshold(standard) if standard else None)

    # ---- laws ------------------------------------------------------------------------
    def binds(self, law: Law) -> bool:
        """Whether ``law`` binds this service (its ``binds`` groups include the protocol)."""
        return any(group.text in self.groups for group in law.binds)

    @property
    def binding_duties(self) -> tuple[Law, ...]:
        """The duties that bind this service, in library order (enquiries and conditions never count)."""
        return self._remember(("duties",), lambda: tuple(
            law for law in self.library.laws.values() if law.kind_word == "duty" and self.binds(law)))

    def _engaged(self) -> dict[str, tuple[Law, ...]]:
        """Standard -> every library law whose ``when`` names it (an index, built once)."""
        index: dict[str, list[Law]] = {}
        for law in self.library.laws.values():
            for when in law.when:
                index.setdefault(when.text, []).append(law)
        return {standard: tuple(laws) for standard, laws in index.items()}

    def engaged_laws(self, standard: str | None) -> tuple[Law, ...]:
        """Every library law (of any kind, binding or not) whose ``when`` names ``standard``."""
        return self._remember(("engaged",), self._engaged).get(standard, ()) if standard else ()

    def covering_duties(self, standard: str | None, recipient_kinds: frozenset[str], consent: str) -> tuple[Law, ...]:
        """Binding duties engaged by ``standard`` that name every one of ``recipient_kinds`` (§3 (a)).

        A duty that lifts where the person objects (``unless-objects``) does not cover sharing
        that goes ahead over an objection (consent ``not-required``, ``blanket`` or ``bundled``).
        """
        return self._remember(("covering", standard, recipient_kinds, consent), lambda: tuple(
            law for law in self.engaged_laws(standard)
            if law.kind_word == "duty" and self.binds(law) and _names_every(law, recipient_kinds)
            and not (law.unless_objects and consent in V.WITHOUT_CONSENT)
        ))

    def laws_forbidding(self, standard: str | None, step: str) -> tuple[Law, ...]:
        """Binding duties and constraints engaged by ``standard`` that forbid ``step`` (tipping off)."""
        return self._remember(("forbidding", standard, step), lambda: tuple(
            law for law in self.engaged_laws(standard)
            if law.kind_word in {"duty", "constraint"} and self.binds(law)
            and any(f.text == step for f in law.forbids)))

    def fits(self, law: Law, clause: Clause) -> str:
        """'' when ``law`` has to do with ``clause``; else why not (LAW008's test).

        It must bind this service, its ``when`` must include one of the clause's triggers'
        standards (a clause with no ``when`` matches no law that has one), and its
        ``recipients`` one of the clause's recipients. A missing line does not limit.
        """
        if not self.binds(law):
            return f"it binds only {', '.join(g.text for g in law.binds)}"
        if law.when:
            standards = {self.trigger_standard(t.text) for t in clause.when}
            if not standards & {w.text for w in law.when}:
                return "it is about " + ", ".join(w.text for w in law.when)
        kinds = self.facts(clause).recipient_kinds
        named = {r.text for r in law.recipients}
        if named and "any" not in named and kinds and not kinds & named:
            return "it concerns disclosure to " + ", ".join(sorted(named))
        return ""

    # ---- one clause --------------------------------------------------------------------
    def facts(self, clause: Clause) -> ClauseFacts:
        """The clause's facts, worked out on first asking (every rule asks, several times)."""
        try:
            return self._facts[id(clause)]
        except KeyError:
            found = self._facts[id(clause)] = self._work_out(clause)
            self._asked.append(clause)
            return found

    def _work_out(self, clause: Clause) -> ClauseFacts:
        recipient_kind, data_kind = self._recipient_kinds.get, self._data_kinds.get
        disclosures = []
        for share in clause.shares:
            if share.modality.text == "must-not":
                continue
            recipients = tuple([r for r in self.recipients_of(share) if recipient_kind(r, r) != V.INTERNAL])
            data = tuple([d for d in share.data if data_kind(d.text, d.text) != V.ANONYMISED])
            if recipients and data:
                disclosures.append(Disclosure(share, data, recipients))
        kinds = frozenset([recipient_kind(r, r) for d in disclosures for r in d.recipients])
        data_kinds = frozenset([data_kind(n.text, n.text) for d in disclosures for n in d.data])
        mode = clause.consent_mode
        verdicts = self._verdicts(clause, kinds, mode)
        regardless = mode in V.WITHOUT_CONSENT or (
            mode in V.CONDITIONAL_CONSENT and not _counts_as_consent(mode, clause, verdicts, kinds))
        staff = tuple([d for d in disclosures if self.own(d.share.subject.text)])
        return ClauseFacts(tuple(disclosures), kinds, data_kinds, regardless, verdicts, staff)

    def _verdicts(self, clause: Clause, kinds: frozenset[str], mode: str) -> tuple[TriggerVerdict, ...]:
        if not clause.when:
            return (TriggerVerdict(None, None, None, (), False, False),)
        out = []
        for trigger in clause.when:
            standard = self.trigger_standard(trigger.text)
            found = self.library.standards.get(standard) if standard else None
            threshold = self.effective_threshold(trigger.text)
            duties = self.covering_duties(standard, kinds, mode) if kinds else ()
            serious = found is not None and found.is_serious_harm
            gap = ""
            if serious and found is not None:
                acts = {a.text for a in found.acts}
                least = self.standard_threshold(standard)
                if threshold is not None and V.THRESHOLDS.index(threshold) < V.THRESHOLDS.index(least):
                    gap = f"'{trigger.text}' acts on {threshold}, but serious harm justifies sharing only on {least}"
                elif acts and not kinds <= acts:
                    cannot = ", ".join(sorted(kinds - acts))
                    gap = f"{cannot} cannot act on {standard}: the public interest covers telling only those who can"
            out.append(TriggerVerdict(trigger, standard, threshold, duties, serious, serious and not gap, gap))
        return tuple(out)

    def verdicts(self, clause: Clause) -> tuple[TriggerVerdict, ...]:
        """One verdict per trigger (a blanket clause has one, for 'always', never justified)."""
        return self.facts(clause).verdicts

    def without_consent(self, clause: Clause) -> bool:
        """The clause discloses, and its consent mode lets that go ahead without agreement (§3)."""
        return self.facts(clause).without_consent

    def justified(self, clause: Clause) -> bool:
        """Justified in sharing without consent only if every trigger is."""
        return self.facts(clause).justified

    def covered(self, clause: Clause) -> bool:
        """Covered by a legal duty only if every trigger is."""
        return self.facts(clause).covered

    def publishes(self, share: Share) -> bool:
        """A ``publish`` line, or a line sharing with a recipient of kind ``public``: the same act
        (§3: a publication's recipient is the public), so one cannot dodge what the other must meet.
        """
        return share.publish or any(self.recipient_kind(r.text) == "public" for r in share.recipients)

    def sharing(self, clause: Clause) -> tuple[Share, ...]:
        """The lines of a clause that share (``must`` or ``may``), internal ones included."""
        return tuple(s for s in clause.shares if s.modality.text in {"must", "may"})

    def staff_lines(self, clause: Clause) -> tuple[Disclosure, ...]:
        """The disclosures the service's own staff make (the FDAP code binds them, not partners)."""
        return self.facts(clause).staff_lines

    def forbidden_steps(self, clause: Clause) -> Mapping[str, tuple[Law, ...]]:
        """Steps the law forbids under any of this clause's triggers, with the laws.

        Asked of every clause and reworded clause by LAW006 and the rewording: the answer for
        each set of standards is kept once per run, read-only, and handed out as it is.
        """
        standards = tuple([v.standard for v in self.facts(clause).verdicts])
        return self._remember(("forbidden", standards), self._forbidden, standards)

    def _forbidden(self, standards: tuple[str | None, ...]) -> Mapping[str, tuple[Law, ...]]:
        out: dict[str, list[Law]] = {}
        for standard in standards:
            for step in V.STEPS:
                for law in self.laws_forbidding(standard, step):
                    if law not in out.setdefault(step, []):
                        out[step].append(law)
        return MappingProxyType({step: tuple(laws) for step, laws in out.items() if laws})

    def step_waived(self, clause: Clause, verdict: TriggerVerdict, step: str) -> bool:
        """Under this trigger FDAP does not ask for ``step``: the law forbids it, or asking or
        telling could endanger someone and the clause says so (``except-where-unsafe``).
        """
        if verdict.trigger is None:
            return False
        if self.laws_forbidding(verdict.standard, step):
            return True
        return (clause.except_where_unsafe and step in {"seek-consent", "inform-client"}
                and verdict.standard in V.UNSAFE_TO_ASK)

    def step_needed(self, clause: Clause, step: str) -> bool:
        """FDAP asks for ``step`` unless it is waived under every trigger of the clause."""
        return not all(self.step_waived(clause, v, step) for v in self.verdicts(clause))

    def tipping_off_triggers(self, clause: Clause, steps: Iterable[str]) -> tuple[Name, ...]:
        """The clause's triggers under which the law forbids any of ``steps``."""
        wanted = tuple(steps)
        return tuple(v.trigger for v in self.verdicts(clause)
                     if v.trigger is not None and any(self.laws_forbidding(v.standard, s) for s in wanted))

    def client_group(self, clause: Clause) -> str:
        """The clients a clause applies to: its own ``clients`` or the protocol's."""
        return clause.clients.text if clause.clients else self.clients

    def applies_to_young_people(self, clause: Clause) -> bool:
        """``young-people`` and ``all`` both include young people."""
        return self.client_group(clause) in {"young-people", "all"}

    def conditions(self, clause: Clause, special: bool) -> tuple[Law, ...]:
        """Library conditions (UK GDPR / DPA 2018) that fit the clause; ``special``: Art 9 ones only."""
        return tuple(law for law in self.library.laws.values()
                     if law.kind_word == "condition" and (law.special_category or not special)
                     and not self.fits(law, clause) and clause.when
                     and all(not law.when or v.standard in {w.text for w in law.when} for v in self.verdicts(clause)))

    # ---- the whole protocol -------------------------------------------------------------
    @cached_property
    def flows(self) -> tuple[Flow, ...]:
        """Every recipient of every share line, with its footing; in clause order."""
        out = []
        for clause in self.clauses:
            facts = self.facts(clause)
            if facts.without_consent:
                status = "justified" if facts.justified else "unjustified"
            else:
                status = "consent"
            for share in clause.shares:
                data = frozenset(self.data_kind(d.text) for d in share.data)
                line = "prohibited" if share.modality.text == "must-not" else status
                if line != "prohibited" and data == {V.ANONYMISED}:
                    line = "anonymised"
                for recipient in self.recipients_of(share):
                    internal = line != "prohibited" and self.recipient_kind(recipient) == V.INTERNAL
                    footing = "internal" if internal else line
                    out.append(Flow(clause, share, share.subject.text, recipient, data, footing))
        return tuple(out)

    def duties_covered(self) -> frozenset[str]:
        """Ids of the binding duties some clause covers: not a prohibition, and a trigger means the duty's standard."""
        standards = {self.trigger_standard(t.text) for c in self.clauses
                     if any(s.modality.text != "must-not" for s in c.shares) for t in c.when}
        return frozenset(d.id.text for d in self.binding_duties if {w.text for w in d.when} & standards)

    def situations_overlap(self, a: Clause, b: Clause) -> bool:
        """Whether two clauses can apply to the same client at the same time.

        Their clients must overlap (``all`` overlaps both groups) and so must their triggers:
        no ``when`` means always, otherwise a shared trigger or a shared standard (two local
        triggers that mean the same standard describe the same situation).
        """
        if not _members(self.client_group(a)) & _members(self.client_group(b)):
            return False
        if not a.when or not b.when:
            return True
        names_a, names_b = {t.text for t in a.when}, {t.text for t in b.when}
        if names_a & names_b:
            return True
        stds_a = {self.trigger_standard(t) for t in names_a} - {None}
        return bool(stds_a & {self.trigger_standard(t) for t in names_b})

    def contradictions(self) -> Iterator[Contradiction]:
        """Pairs of a ``must`` and a ``must-not`` line by the same subject about the same data and
        recipient in overlapping situations, once per pair of clauses, at least one of them the
        protocol's own. The case file holds everything, so it conflicts with any data kind.

        Worked out once per graph: the rewording of every clause asks (a scan per clause made a
        10,000-clause protocol quadratic).
        """
        return iter(self._contradictions)

    @cached_property
    def _contradictions(self) -> tuple[Contradiction, ...]:
        """Worked out once: GRAPH001 and every clause's rewording ask."""
        return tuple(self._find_contradictions())

    def _find_contradictions(self) -> Iterator[Contradiction]:
        prohibitions: dict[tuple[str, str], list[Flow]] = {}
        for flow in self.flows:
            if flow.prohibited:
                prohibitions.setdefault((flow.subject, flow.recipient), []).append(flow)
        seen: set[tuple[str, str]] = set()
        own = self.own_refs
        overlapping: dict[tuple[int, int], bool] = {}  # (clause, clause) -> situations_overlap
        for flow in self.flows:
            if flow.share.modality.text != "must":
                continue
            for other in prohibitions.get((flow.subject, flow.recipient), ()):
                pair = (flow.clause.ref.text, other.clause.ref.text)
                # Data kinds belong to a line, not to a recipient: where this recipient's data do
                # not overlap, no recipient's do, and the two lines cannot conflict.
                if pair in seen or (pair[0] not in own and pair[1] not in own):
                    continue
                if not data_overlap(flow.data, other.data):
                    continue
                key = (id(flow.clause), id(other.clause))
                together = overlapping.get(key)
                if together is None:
                    together = overlapping[key] = self.situations_overlap(flow.clause, other.clause)
                if not together:
                    continue
                common = _conflicts(self, flow.share, other.share)
                if common:
                    seen.add(pair)
                    yield Contradiction(flow.clause, flow.share, other.clause, other.share, tuple(common))

    def unused(self) -> Iterator[tuple[str, Any]]:
        """The protocol's own declarations (recipient, data category, trigger) that no clause of the
        unit, and none of its scenarios, uses: ``(what, declaration)``.
        """
        used: set[str] = set()
        for clause in self.clauses:
            used.update(t.text for t in clause.when)
            for share in clause.shares:
                used.add(share.subject.text)
                used.update(d.text for d in share.data)
                used.update(r.text for r in share.recipients)
        for scenario in self.unit.root.scenarios:  # deleting a name a scenario tests would break it
            used.update(e.text for e in scenario.events)
            for expect in scenario.expectations:
                used.update(n.text for n in (*expect.data, *expect.recipients))
        root = self.unit.root
        for what, items in (("recipient", root.recipients), ("data category", root.data), ("trigger", root.triggers)):
            for item in items:
                if item.id.text not in used:
                    yield what, item

    # ---- onward sharing ----------------------------------------------------------------
    @cached_property
    def onward(self) -> nx.MultiDiGraph[str]:
        """Partners passing data on without consent where nothing justifies it: party -> party,
        one edge per clause line, keyed by clause REF. Built (and networkx imported) only when
        an onward path is asked about.
        """
        import networkx as nx

        network: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        for flow in self.flows:
            if not self.own(flow.subject) and flow.status == "unjustified":
                network.add_edge(flow.subject, flow.recipient, key=flow.clause.ref.text, flow=flow)
        return network

    @cached_property
    def _partner_flows(self) -> bool:
        """Whether any flow has a partner, not the service's own, as its subject (once per graph)."""
        return any(not self.own(f.subject) for f in self.flows)

    def onward_limit(self, recipient: str) -> str:
        """What ``recipient`` may pass on (its ``onward-sharing`` line): ``allowed`` unless declared."""
        declared = self.unit.recipients.get(recipient)
        return declared.onward_sharing.text if declared is not None and declared.onward_sharing else "allowed"

    def onward_hops(self, recipient: str, data: frozenset[str]) -> Iterator[Hop]:
        """Clauses whose subject is ``recipient`` (by id) and pass on any of ``data`` unjustified,
        unless the recipient is declared ``onward-sharing prohibited`` or ``requires-consent``.
        """
        if self.onward_limit(recipient) != "allowed":
            return
        if recipient not in self.onward:
            return
        for _, target, attrs in self.onward.out_edges(recipient, data=True):
            flow: Flow = attrs["flow"]
            carried = data_overlap(data, flow.data)
            if carried:
                yield Hop(flow.clause, recipient, target, carried)

    def onward_paths(self, recipient: str, data: frozenset[str], seen: frozenset[str] = frozenset(),
                     hops: int = MAX_HOPS) -> Iterator[tuple[Hop, ...]]:
        """Every maximal chain of onward hops starting at ``recipient`` (no clause used twice).

        Lazy, and at most ``hops`` long, so that a caller taking the first few paths of a
        densely connected partnership never waits for all of them (there can be factorially many).
        """
        if not self._partner_flows:
            return
        for hop in self.onward_hops(recipient, data):
            checkpoint()
            if hop.clause.ref.text in seen:
                continue
            extended = False
            if hops > 1:
                for tail in self.onward_paths(hop.recipient, hop.data, seen | {hop.clause.ref.text}, hops - 1):
                    extended = True
                    yield (hop, *tail)
            if not extended:
                yield (hop,)

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

    def consent_permits(self, clause: Clause, consent: str, group: str = "adults",
                        competent: bool | None = None) -> bool:
        """Whether what the client (or whoever ``consent-from`` names) said lets the clause apply (§5).

        Sharing without consent applies whatever was said; opt-out (``unless-objects``) and a
        best-interests decision (for someone who cannot decide) also when nobody was asked; the
        rest need agreement. A young person assessed as not
        competent cannot give it for themselves (``consent-from client``): their parent decides
        only where the clause says so.
        """
        mode = clause.consent_mode
        if self.facts(clause).regardless:
            return True
        if mode in V.CONDITIONAL_CONSENT:  # opt-out, or a decision for someone who cannot be asked
            return consent != "refused"
        if consent != "given":
            return False
        return not (group == "young-people" and competent is False and clause.consent_giver == "client")

    def applies_in(self, clause: Clause, events: frozenset[str], group: str, consent: str,
                   competent: bool | None = None) -> bool:
        """Whether the clause lets or makes staff share in this situation."""
        return (self.triggered(clause, events) and self.serves(clause, group)
                and self.consent_permits(clause, consent, group, competent))

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
            s for s in clause.shares
            if s.modality.text in {"must", "may"} and s.by_staff
            and any(recipient_matches(r) for r in self.recipients_of(s))
            and (data is None or any(data_matches(d.text) for d in s.data))
        )


def _names_every(law: Law, kinds: frozenset[str]) -> bool:
    """The law's ``recipients`` line names every kind (``any``, or no line, names all)."""
    named = {r.text for r in law.recipients}
    return not named or "any" in named or kinds <= named


def _counts_as_consent(mode: str, clause: Clause, verdicts: tuple[TriggerVerdict, ...], kinds: frozenset[str]) -> bool:
    """Opt-out and best-interests count as consent only in their own situations (§3)."""
    if not clause.when or any(v.standard != V.CONDITIONAL_CONSENT[mode] for v in verdicts):
        return False
    return mode != "unless-objects" or kinds <= V.CARE_PROVIDERS


def _conflicts(graph: ObligationGraph, must: Share, must_not: Share) -> list[tuple[str, str]]:
    """The (data, recipient) pairs one line requires and the other forbids, sorted."""
    def pairs(share: Share) -> set[tuple[str, str]]:
        kinds = {graph.data_kind(d.text) for d in share.data}
        return {(d, r) for d in kinds for r in graph.recipients_of(share)}

    out = set()
    for data_a, rec_a in pairs(must):
        for data_b, rec_b in pairs(must_not):
            if rec_a == rec_b and data_overlap(frozenset({data_a}), frozenset({data_b})):
                out.add((data_b if data_a == V.EVERYTHING else data_a, rec_a))
    return sorted(out)


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
