"""Clause + graph + the codes found on it -> the one suggested rewording of that clause.

LANGUAGE.md §6: suggestions are per clause, not per finding. Every finding on a clause carries
the same rewording, and that rewording, put in place of the clause, checks with no error or
warning on it. So the fixes are made together, in an order that cannot undo one another:

1. laws the clause cannot rest on (LAW004, LAW008) are dropped from its citations;
2. who consents (YP003), publication (FDAP006) and contradictions (GRAPH001) are settled;
3. the consent decision: a clause that shares without consent and is not justified (or is
   justified only by a label its trigger's wording does not bear out, VAGUE002), or whose
   opt-out does not count as consent and no duty covers it (CON003: its author meant an
   objection to count), becomes the clean consent-based form — a case-by-case 'may' with the
   client's agreement — because only its author knows a fact that could justify more;
   a clause justified under some of its triggers only is split in two: those triggers keep
   sharing without consent, the others ask the client (§3 judges trigger by trigger); so is an
   opt-out or best-interests clause that counts as consent under some of its triggers only, and
   a clause justified for some of its recipients only (those who can act on the harm);
4. a justified clause keeps sharing without consent and gains what the law and FDAP ask (one
   clause per trigger where the triggers need different data):
   valid consent wording, the duty's threshold, honest citations, only the necessary data, an
   Art 9 condition, every step that is not forbidden or waived, the youth assessment;
5. steps the law forbids are removed (tipping off), splitting the clause where they are
   forbidden under only some of its triggers.

The result is then checked against the clause rules with the same graph; a rewording that
would still draw a finding falls back to the consent-based form. Last, the draft drops the
waivers it has made stale, and a consent-based draft under a trigger whose law forbids asking
(tipping off) says so: asking could itself be the offence, which only the author can weigh.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from confide import vocabulary as V
from confide.findings import Rule, Severity
from confide.graph import Contradiction, ObligationGraph, data_overlap
from confide.language.model import Clause, Name, Share, Text
from confide.language.unparse import ClauseEdit, clause_text
from confide.rules.base import FDAP_STEPS
from confide.rules.dp import has_condition, logs_disclosures, special_data, unnecessary
from confide.rules.law import raises_threshold, unusable
from confide.rules.structure import yield_to_agreement, yields
from confide.source import replaced

REPAIRABLE_CONSENT = frozenset({"blanket", "bundled", "unless-objects", "best-interests"})


@dataclass(frozen=True)
class Rewording:
    """The text that replaces a clause, and the clause's lines (1-based, inclusive)."""

    text: str
    replaces: tuple[int, int]


def reword(clause: Clause, graph: ObligationGraph, rules: Sequence[Rule],
           unlabelled: frozenset[str] = frozenset()) -> Rewording | None:
    """The rewording of ``clause`` that leaves it clean, or None when it would change nothing.

    Asked for a clause that has error or warning findings. ``rules`` are the clause rules it
    must satisfy; ``unlabelled`` the triggers whose label their own wording does not bear out
    (VAGUE002): they justify nothing here.
    """
    where = (clause.span.line, clause.end_line)
    repaired = _repaired(clause, graph, unlabelled)
    if isinstance(repaired, str):  # a prohibition yielding to an agreement or a duty (GRAPH001)
        return Rewording(repaired, where)
    found = repaired
    if any(_has_problem(c, graph, rules) for c, _ in found):
        found = _consent_based_with_cleanup(clause, graph, unlabelled)
    found = [(_without_stale_waivers(c, graph, rules), (*notes, *_tipping_off_note(c, graph))) for c, notes in found]
    text = "\n\n".join(clause_text(c, ClauseEdit(comments=notes)) if notes else clause_text(c) for c, notes in found)
    return None if text == clause_text(clause) else Rewording(text, where)


Draft = list[tuple[Clause, tuple[str, ...]]]


def _has_problem(clause: Clause, graph: ObligationGraph, rules: Sequence[Rule]) -> bool:
    """Whether a clause rule finds an error or a warning on ``clause`` (with this graph).

    Rules yield their findings one by one, so the search stops at the first. A rule's findings
    carry its own severity (``Rule.finding``), so a rule below a warning (LAW007) is not asked:
    it could not change the answer. Run for most clauses with findings, on their rewording.
    """
    for rule in rules:
        if rule.check is None or rule.severity < Severity.WARNING:
            continue
        for finding in rule.check(clause, graph):
            if finding.severity >= Severity.WARNING:
                return True
    return False


def _without_stale_waivers(c: Clause, graph: ObligationGraph, rules: Sequence[Rule]) -> Clause:
    """The draft without the waivers of clause rules that no longer fire on it: a waiver that
    matches nothing is itself reported (WAIVER001), and an expired one fails the check.
    """
    if not c.waivers:
        return c
    judged = {rule.code for rule in rules if rule.check is not None}
    fired = {finding.code for rule in rules if rule.check is not None for finding in rule.check(c, graph)}
    kept = tuple(w for w in c.waivers if w.rule.text not in judged or w.rule.text in fired)
    return c if kept == c.waivers else replaced(c, waivers=kept)


def _tipping_off_note(c: Clause, graph: ObligationGraph) -> tuple[str, ...]:
    """A consent-based draft under a trigger whose law forbids asking (tipping off): asking for
    the client's agreement could itself be the offence, which only the author can weigh.
    """
    if c.consent_mode not in V.ASKING_CONSENT or not graph.facts(c).discloses:
        return ()
    laws = graph.forbidden_steps(c).get("seek-consent", ())
    if not laws:
        return ()
    named = ", ".join(law.id.text for law in laws)
    return (f"asking for consent here could tip the client off ({named}): decide with the nominated "
            "officer whether the law requires sharing without asking",)


def _relies_on(graph: ObligationGraph, clause: Clause, unlabelled: frozenset[str]) -> bool:
    """The clause's verdict rests on a label its trigger's wording does not bear out: it shares
    without consent under it, or the label makes opt-out or best interests count as consent.
    """
    rests = graph.without_consent(clause) or clause.consent_mode in V.CONDITIONAL_CONSENT
    return rests and graph.facts(clause).discloses and any(t.text in unlabelled for t in clause.when)


def _repaired(clause: Clause, graph: ObligationGraph, unlabelled: frozenset[str]) -> Draft | str:
    """Steps 1 to 5 of the module docstring; a part split off that no longer meets the
    prohibition a 'must' was softened for is automatic again, without the note saying why not.
    """
    softened = [found for found in graph.contradictions() if found.must is clause and not yields(graph, found)]
    drafts = _drafted(clause, graph, unlabelled, softened)
    if isinstance(drafts, str) or not softened:
        return drafts
    out: Draft = []
    for draft, notes in drafts:
        for found in softened:
            if not graph.situations_overlap(found.must_not, draft):
                draft = replaced(draft, shares=tuple(
                    replaced(s, modality=found.required.modality) if s.span == found.required.span else s
                    for s in draft.shares))
                notes = tuple(n for n in notes if n != _softened_note(found.must_not))
        out.append((draft, notes))
    return out


def _softened_note(must_not: Clause) -> str:
    return f"decided case by case: clause {must_not.ref.text} forbids some of this"


def _drafted(clause: Clause, graph: ObligationGraph, unlabelled: frozenset[str],
             softened: list[Contradiction]) -> Draft | str:
    """Steps 1 to 5 of the module docstring."""
    notes: list[str] = []
    c = _drop_citations(clause, unusable(graph, clause))
    if c.consent_giver == "parent" and graph.applies_to_young_people(c):
        c = replaced(c, consent_from=_name("competent-client", c))
    if _publishes_identity(c, graph) and c.consent_mode != "written":
        c = replaced(c, consent=_name("written", c))
    for found in softened:  # the 'must' gives way to a prohibition (GRAPH001)
        c = _soften(c, found.required)
        notes.append(_softened_note(found.must_not))
    for found in graph.contradictions():
        if found.must_not is clause and yields(graph, found):
            return yield_to_agreement(graph, found.must, found.required, clause, found.forbidden)
    facts = graph.facts(c)
    if facts.without_consent and c.consent_mode in V.CONDITIONAL_CONSENT and (
            split := _split_by_consent(c, graph, notes, unlabelled)):
        return split
    if _relies_on(graph, c, unlabelled):
        return _split_by_justification(c, graph, notes, unlabelled) or _finish(graph, _consent_based(c, graph), notes)
    if facts.without_consent:
        if c.consent_mode == "unless-objects" and not facts.covered:
            # An opt-out that does not count as consent (CON003) becomes asking: the author
            # meant the client's objection to count, and no duty overrides it.
            return _finish(graph, _consent_based(c, graph), notes)
        if not facts.justified:
            return (_split_by_justification(c, graph, notes, unlabelled)
                    or _split_by_recipient(c, graph, notes, unlabelled)
                    or _finish(graph, _consent_based(c, graph), notes))
        if by_trigger := _by_trigger(c, graph, notes):
            return by_trigger
        whole = _justified(c, graph)
        if whole is None:
            return _finish(graph, _consent_based(clause, graph), notes)
        return _finish(graph, whole, notes)
    return _finish(graph, _at_duty_thresholds(c, graph), notes)


def _split_by_justification(c: Clause, graph: ObligationGraph, notes: list[str],
                            unlabelled: frozenset[str]) -> Draft | None:
    """A clause justified under some of its triggers only, as two: the justified triggers keep
    sharing without consent (made whole, step 4), the others ask the client. None when every
    trigger or none is justified, or nothing would be left to share.

    §3 judges a clause trigger by trigger; asking a young person's agreement before referring
    their exploitation, because the same clause also covers their cannabis use, would drop a
    referral the law justifies.
    """
    justified = tuple(v.trigger for v in graph.verdicts(c)
                      if v.trigger is not None and v.justified and v.trigger.text not in unlabelled)
    if not justified or len(justified) == len(c.when):
        return None
    part = replaced(c, when=justified)
    if kept := _by_trigger(part, graph, notes):
        return _split_off(c, graph, part, kept)
    whole = _justified(part, graph)
    return _split_off(c, graph, whole, _finish(graph, _cited_afresh(whole, graph), notes)) if whole else None


def _by_trigger(c: Clause, graph: ObligationGraph, notes: list[str]) -> Draft | None:
    """A justified clause whose triggers need different data (DP001 under some of them), as one
    clause per trigger, each sharing what its own situation needs; None when one clause does.

    Narrowed together, a terrorism report and a threat to life would each keep only what both
    need: the s.38B report would lose the suspected activity the duty is about.
    """
    if len(c.when) < 2 or not unnecessary(c, graph)[0]:
        return None
    out: Draft = []
    for number, trigger in enumerate(c.when):
        part = _justified(replaced(c, when=(trigger,)), graph)
        if part is None:
            return None
        if number:
            part = replaced(part, ref=_name(_unused_ref(graph, f"{c.ref.text}-{trigger.text}"), c),
                            title=Text(f"{_title(c)} ({trigger.text})", c.span))
        out += _finish(graph, _cited_afresh(part, graph), notes if not number else [])
    return out


def _split_by_recipient(c: Clause, graph: ObligationGraph, notes: list[str],
                        unlabelled: frozenset[str]) -> Draft | None:
    """A clause justified for some of its recipients only: those keep the sharing without
    consent (made whole) under the triggers that justify telling them all, and the client is
    asked for the rest (the other recipients; those recipients under the other triggers). None
    when it does not split so.

    'Tell children's social care and the parents' about a child at risk: the public interest
    justifies telling those who can act on the harm (§3 (b)), and the parents' part needs the
    young person's agreement; the referral itself should not.
    """
    if any(t.text in unlabelled for t in c.when) or any(s.publish or s.modality.text == "must-not" for s in c.shares):
        return None
    names = list(dict.fromkeys(r.text for s in c.shares for r in s.recipients))
    if len(names) < 2:
        return None
    justified_for = {name: {v.trigger.text for v in graph.verdicts(_only_to(c, {name}))
                            if v.trigger is not None and v.justified} for name in names}
    able = {name for name, triggers in justified_for.items() if triggers}
    when = set.intersection(*(justified_for[name] for name in able)) if able else set()
    if not when or len(able) == len(names):
        return None
    part = _only_to(c, able)
    whole = _justified(replaced(part, when=tuple(t for t in c.when if t.text in when)), graph)
    if whole is None:
        return None
    out = [*_finish(graph, _cited_afresh(whole, graph), notes), *_asking(graph, c, _only_to(c, set(names) - able))]
    if len(when) < len(c.when):  # and those recipients under the triggers that do not justify telling them
        rest = replaced(part, when=tuple(t for t in c.when if t.text not in when))
        out += _asking(graph, c, rest, {draft.ref.text for draft, _ in out})
    return out


def _only_to(c: Clause, recipients: set[str]) -> Clause:
    """``c`` sharing only with ``recipients`` (a line left with none of them is dropped)."""
    shares = (replaced(s, recipients=tuple(r for r in s.recipients if r.text in recipients)) for s in c.shares)
    return replaced(c, shares=tuple(s for s in shares if s.recipients))


def _split_by_consent(c: Clause, graph: ObligationGraph, notes: list[str], unlabelled: frozenset[str]) -> Draft | None:
    """An opt-out or best-interests clause that counts as consent under some of its triggers
    only (§3: direct care among care providers; a client who lacks capacity), as two: those
    triggers keep it as written, the others ask the client. None when no split does that.

    Asking instead under every trigger would stop a GP being told about an unconscious client
    after an overdose, because the same clause also covers a conscious one.
    """
    wanted = V.CONDITIONAL_CONSENT[c.consent_mode]
    kept = tuple(v.trigger for v in graph.verdicts(c)
                 if v.trigger is not None and v.standard == wanted and v.trigger.text not in unlabelled)
    if not kept or len(kept) == len(c.when):
        return None
    part = replaced(c, when=kept)
    if graph.without_consent(part):
        return None
    return _split_off(c, graph, part, _finish(graph, _cited_afresh(part, graph), notes))


def _split_off(c: Clause, graph: ObligationGraph, part: Clause, kept: Draft) -> Draft:
    """``kept`` (the drafts of ``part``: ``c`` under some of its triggers, made sound) and a
    clause asking the client under the rest, with a REF and a title of its own.
    """
    held = {t.text for t in part.when}
    return [*kept, *_asking(graph, c, replaced(c, when=tuple(t for t in c.when if t.text not in held)))]


def _asking(graph: ObligationGraph, c: Clause, rest: Clause, taken: Collection[str] = ()) -> Draft:
    """The half of split ``c`` that asks the client (``rest``: what is left of it), under a REF
    (not one of ``taken``, made by the same split) and a title of its own; nothing where a
    prohibition covers all of it.
    """
    asked = _unforbidden(graph, replaced(rest, title=Text(f"{_title(c)}, with the client's agreement", c.span),
                                         ref=_name(_unused_ref(graph, f"{c.ref.text}-with-consent", taken), c)))
    return _finish(graph, _cited_afresh(_consent_based(asked, graph), graph), []) if asked else []


def _title(c: Clause) -> str:
    """The clause's title, or 'Clause REF': what a clause split from it is titled after."""
    return c.title.text if c.title else f"Clause {c.ref.text}"


def _unforbidden(graph: ObligationGraph, asked: Clause) -> Clause | None:
    """The asking half of a split under the triggers no prohibition of the protocol covers for
    what it shares (a 'may, with consent' beside a 'must-not' would tell staff and the leaflet
    both); None when none is left. A clause with no 'when' is left as it is.
    """
    wanted = {(graph.data_kind(d.text), r) for s in graph.sharing(asked)
              for d in s.data for r in graph.recipients_of(s)}
    barred = set()
    for clause in graph.clauses:
        for line in clause.shares:
            if line.modality.text != "must-not" or not graph.situations_overlap(clause, asked):
                continue
            kinds = frozenset(graph.data_kind(d.text) for d in line.data)
            if any(r in graph.recipients_of(line) and data_overlap(kinds, frozenset({k})) for k, r in wanted):
                barred |= {t.text for t in asked.when if graph.situations_overlap(clause, replaced(asked, when=(t,)))}
    if not barred or not asked.when:
        return asked
    left = tuple(t for t in asked.when if t.text not in barred)
    return replaced(asked, when=left) if left else None


def _consent_based_with_cleanup(clause: Clause, graph: ObligationGraph, unlabelled: frozenset[str]) -> Draft:
    """The fallback: the consent-based form, without any citation the clause cannot rest on."""
    c = _drop_citations(clause, unusable(graph, clause))
    if c.consent_giver == "parent" and graph.applies_to_young_people(c):
        c = replaced(c, consent_from=_name("competent-client", c))
    return _finish(graph, _consent_based(c, graph), [])


def _consent_based(c: Clause, graph: ObligationGraph) -> Clause:
    """Share case by case with the client's agreement: every 'must' a 'may', consent required."""
    shares = tuple(replaced(s, modality=_name("may", c)) if s.modality.text == "must" else s for s in c.shares)
    consent = "written" if c.consent_mode == "written" or _publishes_identity(c, graph) else "required"
    c = _at_duty_thresholds(replaced(c, shares=shares, consent=_name(consent, c)), graph)
    return _drop_citations(c, unusable(graph, c))


def _justified(c: Clause, graph: ObligationGraph) -> Clause | None:
    """A justified clause made whole (step 4); None when nothing would be left to share."""
    if c.consent_mode in REPAIRABLE_CONSENT:
        c = replaced(c, consent=_name("not-required", c))
    c = _honest_basis(_at_duty_thresholds(c, graph), graph)
    gone = {i.text for i in unnecessary(c, graph)[0]}
    kept = _drop_data(c, gone) or _narrowed(c, graph, gone)
    if kept is None:
        return None
    c = kept
    if _needs_condition(c, graph):
        cited = _fitting_condition(c, graph) or _drop_data(c, {d.text for d in special_data(c, graph)})
        if cited is None:
            return None
        c = cited
    wanted = [s for s in FDAP_STEPS[:3] if graph.staff_lines(c) and graph.step_needed(c, s)]
    if not logs_disclosures(graph):
        wanted.append("record-decision")
    c = _add_steps(c, wanted)
    referral = any(graph.recipient_kind(r) in V.REFERRAL_RECIPIENTS for d in graph.facts(c).disclosures
                   for r in d.recipients)
    if graph.applies_to_young_people(c) and referral and not graph.covered(c):
        c = replaced(c, assess=tuple(_name(p, c) for p in V.YOUTH_PARAMETERS))
    return c


def _at_duty_thresholds(c: Clause, graph: ObligationGraph) -> Clause:
    """Each trigger acting below the duty that covers it replaced by the duty's standard, named
    directly and so taken at its own threshold (LAW003); a trigger named twice, once.
    """
    when = []
    for verdict in graph.verdicts(c):
        name = verdict.trigger.text if verdict.trigger else ""
        if verdict.standard and raises_threshold(graph, name, verdict.duties):
            name = verdict.standard
        if name and name not in when:
            when.append(name)
    if when == [t.text for t in c.when]:
        return c
    return replaced(c, when=tuple(_name(w, c) for w in when))


def _honest_basis(c: Clause, graph: ObligationGraph) -> Clause:
    """Drop 'basis' laws a 'must' clause cannot rest on (LAW002); cite one that applies if none is left."""
    if not graph.facts(c).automatic:
        return c
    verdicts = graph.verdicts(c)

    def supports(name: str) -> bool:
        law = graph.library.laws.get(name)
        if law is None or law.kind_word == "duty":
            return True
        whens = {w.text for w in law.when}
        return all(v.duties or (v.harm and law.kind_word != "enquiry" and (not whens or v.standard in whens))
                   for v in verdicts)

    kept = tuple(b for b in c.basis if supports(b.text))
    if kept == c.basis:
        return c
    if not kept:
        candidates = [law for law in graph.library.laws.values()
                      if law.kind_word in {"duty", "power", "exemption", "guidance"} and graph.binds(law)
                      and supports(law.id.text) and not graph.fits(law, c)]
        candidates.sort(key=lambda law: law.kind_word != "duty")
        kept = tuple(_name(law.id.text, c) for law in candidates[:1])
    return replaced(c, basis=kept)


def _finish(graph: ObligationGraph, c: Clause, notes: list[str]) -> Draft:
    """Step 5: remove forbidden steps, splitting the clause where they are forbidden only sometimes."""
    forbidden = graph.forbidden_steps(c)
    bad = tuple(s.text for s in c.steps if s.text in forbidden)
    if not bad:
        return [(c, tuple(notes))]
    barred = graph.tipping_off_triggers(c, bad)
    free = tuple(t for t in c.when if t not in barred)
    quiet = _add_steps(_drop_steps(c, bad), ["consult-supervisor", "record-decision"])
    if not barred or not free:
        return [(quiet, tuple(notes))]
    other = replaced(quiet, when=barred, ref=_name(_unused_ref(graph, f"{c.ref.text}-tipping-off"), c),
                    title=Text(f"{_title(c)}, where asking or telling would tip off", c.span))
    return [(_cited_afresh(replaced(c, when=free), graph), tuple(notes)), (_cited_afresh(other, graph), ())]


def _cited_afresh(half: Clause, graph: ObligationGraph) -> Clause:
    """One half of a split clause, citing only what fits its own triggers.

    A law cited for the whole clause may be about the other half's situation only (a
    terrorism condition kept on the half about suicide: LAW008); a special-category condition
    that went with it is replaced by one that fits, where the library has one (DP002).
    """
    half = _drop_citations(half, unusable(graph, half))
    return (_fitting_condition(half, graph) or half) if _needs_condition(half, graph) else half


def _needs_condition(c: Clause, graph: ObligationGraph) -> bool:
    """Special category data shared without consent, no duty covering it, no fitting condition cited (DP002)."""
    return (graph.without_consent(c) and bool(special_data(c, graph)) and not graph.covered(c)
            and not has_condition(c, graph))


def _fitting_condition(c: Clause, graph: ObligationGraph) -> Clause | None:
    """``c`` citing the first special-category condition that fits it; None when none does."""
    fitting = graph.conditions(c, special=True)
    return replaced(c, condition=(*c.condition, _name(fitting[0].id.text, c))) if fitting else None


def _unused_ref(graph: ObligationGraph, ref: str, also: Collection[str] = ()) -> str:
    """``ref``, or ``ref`` numbered on until no clause of the unit has it (E004: declared twice),
    nor one of ``also``.
    """
    taken = {c.ref.text for c in graph.clauses} | set(also)
    found, number = ref, 1
    while found in taken:
        number += 1
        found = f"{ref}-{number}"
    return found


def _drop_citations(c: Clause, bad: Iterable[str]) -> Clause:
    gone = set(bad)
    if not gone:
        return c
    return replaced(c, basis=tuple(b for b in c.basis if b.text not in gone),
                   condition=tuple(x for x in c.condition if x.text not in gone))


def _drop_data(c: Clause, names: set[str]) -> Clause | None:
    """The clause without ``names`` in its sharing lines; None when no sharing line is left."""
    if not names:
        return c
    shares = []
    for share in c.shares:
        if share.modality.text == "must-not":
            shares.append(share)
            continue
        data = tuple(d for d in share.data if d.text not in names)
        if data:
            shares.append(replaced(share, data=data))
    if not any(s.modality.text != "must-not" for s in shares):
        return None
    return replaced(c, shares=tuple(shares))


def _narrowed(c: Clause, graph: ObligationGraph, gone: set[str]) -> Clause | None:
    """A justified clause whose every datum is more than its situations need (the whole case
    file under a duty, DP001) sharing instead what every one of its triggers' standards lists as
    necessary; None when there is no such list or no name to write it with.

    Narrowing keeps the duty; asking consent instead would drop a disclosure the law requires.
    """
    needed: list[str] | None = None
    for verdict in graph.verdicts(c):
        standard = graph.library.standards.get(verdict.standard) if verdict.standard else None
        if standard is None:
            return None
        kinds = [n.text for n in standard.necessary if n.text != V.EVERYTHING]
        needed = kinds if needed is None else [k for k in needed if k in kinds]
    names = [name for kind in needed or () if (name := _data_name(graph, kind))]
    if not names:
        return None
    shares = tuple(s if s.modality.text == "must-not" else
                   replaced(s, data=tuple(d for d in s.data if d.text not in gone) or tuple(_name(n, c) for n in names))
                   for s in c.shares)
    return replaced(c, shares=shares)


def _data_name(graph: ObligationGraph, kind: str) -> str | None:
    """The name this protocol writes data of ``kind`` with: its own declaration of that kind, or
    the vocabulary word where the protocol has not given that word another meaning.
    """
    declared = [name for name, d in graph.unit.data.items() if d.kind is not None and d.kind.text == kind]
    if declared:
        return declared[0]
    return kind if graph.data_kind(kind) == kind else None


def _soften(c: Clause, required: Share) -> Clause:
    return replaced(c, shares=tuple(replaced(s, modality=_name("may", c)) if s == required else s for s in c.shares))


def _add_steps(c: Clause, steps: Iterable[str]) -> Clause:
    held = [s.text for s in c.steps]
    extra = [s for s in steps if s not in held]
    if not extra:
        return c
    order = {s: i for i, s in enumerate(FDAP_STEPS)}
    names = sorted([*held, *extra], key=lambda s: order.get(s, len(order)))
    return replaced(c, steps=tuple(_name(s, c) for s in names))


def _drop_steps(c: Clause, steps: Iterable[str]) -> Clause:
    gone = set(steps)
    return replaced(c, steps=tuple(s for s in c.steps if s.text not in gone))


def _publishes_identity(c: Clause, graph: ObligationGraph) -> bool:
    return any(graph.publishes(s) and s.modality.text != "must-not"
               and any(graph.data_kind(d.text) in V.IDENTIFYING for d in s.data) for s in c.shares)


def _name(text: str, c: Clause) -> Name:
    """A name the rewording writes: placed at the clause, since it is not in the source yet."""
    return Name(text, c.span)
