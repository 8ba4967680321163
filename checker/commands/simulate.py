"""Checked protocol + :class:`Situation` -> plain text: what staff must, may and must not do.

``confide simulate`` is for the person who has to act on a protocol (or sign it off): in this
situation, which clauses apply, who receives what, which steps come first, and whether each
action is lawful and FDAP-compliant, citing the clause, the law and the checker's findings.
``--all`` prints the whole decision table so a commissioner sees every outcome, and every
situation the protocol leaves to chance, at once.
"""

from __future__ import annotations

from typing import Any

from confide.check import Checked
from confide.commands.situation import (
    CONSENT_STATES,
    CONSENT_WORDS,
    GROUP_WORDS,
    Situation,
    applicable,
    partners,
    prohibitions,
    shared_text,
    why_not,
)
from confide.findings import Finding, Severity
from confide.graph import ObligationGraph
from confide.language.model import Clause, Share
from confide.rules.base import law_source

STEP_WORDS = {
    "seek-consent": "Ask the client for their agreement first",
    "consult-supervisor": "Talk it through with a supervisor or the named lead",
    "inform-client": "Tell the client what will be shared, with whom, and why",
    "record-decision": "Record what was shared, with whom, why, and who decided",
}
TIPPING_OFF = {"seek-consent": "ask for the client's agreement", "inform-client": "tell the client"}
# Code families about the law itself (duties, data protection, young people, consent);
# FDAP codes are the sector's code of practice; the rest (vague, graph) are drafting concerns.
LAWFUL = ("LAW", "DP", "YP", "CON")
MODALITY_WORDS = {"must": "MUST", "may": "MAY (a judgement, case by case)", "must-not": "MUST NOT"}


def simulate(checked: Checked, situation: Situation) -> str:
    """The step-by-step account of one situation."""
    graph = checked.model
    out = [f"{_title(graph)}: what staff do", f"Situation: {situation.describe()}", ""]
    out.extend(_notes(graph, situation))
    clauses = applicable(graph, situation)
    if not clauses:
        out.append("No clause lets staff share anything here: what the client told the service stays private.")
    for number, clause in enumerate(clauses, 1):
        out.extend(_clause(checked, clause, situation, number))
    onward = partners(graph, situation)
    if onward:
        out.append("Partners then (partnership clauses):")
        out.extend(f"  - {s.subject.text} {s.modality.text} share {shared_text(graph, s)} (clause {c.ref.text})"
                   for c, s in onward)
        out.append("")
    banned = prohibitions(graph, situation)
    if banned:
        out.append("Staff MUST NOT:")
        out.extend(f"  - share {shared_text(graph, s)} (clause {c.ref.text})" for c, s in banned)
        out.append("")
    idle = [f"  - clause {c.ref.text}: {why_not(graph, c, situation)}" for c in graph.clauses
            if any(s.by_staff for s in graph.sharing(c)) and c not in clauses]
    if idle:
        out.append("Clauses that do not apply here:")
        out.extend(idle)
    return "\n".join(out).rstrip() + "\n"


def simulate_record(checked: Checked, situation: Situation) -> dict[str, Any]:
    """The same account as :func:`simulate`, as plain data (``confide simulate --format json``)."""
    graph = checked.model

    def verdict(findings: list[Finding]) -> dict[str, Any]:
        return {"ok": not any(f.severity == Severity.ERROR for f in findings),
                "findings": [{"code": f.code, "severity": f.severity.label, "message": f.message, "waived": f.waived}
                             for f in findings]}

    clauses = []
    for clause in applicable(graph, situation):
        findings = checked.clause_findings(clause.ref.text)
        forbidden = graph.forbidden_steps(clause)
        clauses.append({
            "clause": clause.ref.text, "title": clause.title.text if clause.title else None,
            "when": [t.text for t in clause.when], "line": clause.span.line,
            "shares": [{"modality": s.modality.text, "data": [d.text for d in s.data],
                        "recipients": list(graph.recipients_of(s))} for s in clause.shares if s.by_staff],
            "steps": [s.text for s in clause.steps], "except_in_emergency": clause.except_in_emergency,
            "forbidden_steps": sorted(forbidden), "without_consent": graph.without_consent(clause),
            "basis": _basis(graph, clause, situation),
            "lawful": verdict([f for f in findings if f.code.startswith(LAWFUL)]),
            "fdap": verdict([f for f in findings if f.code.startswith("FDAP")]),
        })
    return {
        "schema_version": 1, "protocol": checked.path, "title": _title(graph),
        "situation": {"events": sorted(situation.events), "group": situation.group, "consent": situation.consent,
                      "age": situation.age, "competent": situation.competent},
        "notes": [n for n in _notes(graph, situation) if n],
        "clauses": clauses,
        "partners": [{"clause": c.ref.text, "subject": s.subject.text, "modality": s.modality.text,
                      "shares": shared_text(graph, s)} for c, s in partners(graph, situation)],
        "must_not": [{"clause": c.ref.text, "shares": shared_text(graph, s)}
                     for c, s in prohibitions(graph, situation)],
        "not_applying": [{"clause": c.ref.text, "why": why_not(graph, c, situation)} for c in graph.clauses
                         if any(s.by_staff for s in graph.sharing(c)) and c not in applicable(graph, situation)],
    }


def _title(graph: ObligationGraph) -> str:
    header = graph.unit.root.header
    return header.title.text if header else graph.unit.source.path


def _notes(graph: ObligationGraph, situation: Situation) -> list[str]:
    notes = []
    if situation.group == "young-people" and situation.competent is False and situation.consent == "given":
        notes.append("Note: the young person was assessed as not competent, so their agreement may not be valid "
                     "consent; seek advice before relying on it.")
    if situation.group == "young-people" and situation.competent is None:
        notes.append("Note: competence has not been assessed; assess it before relying on the young person's "
                     "agreement or refusal.")
    return notes + ([""] if notes else [])


def _clause(checked: Checked, clause: Clause, situation: Situation, number: int) -> list[str]:
    graph = checked.model
    title = f" \"{clause.title.text}\"" if clause.title else ""
    when = f"when {', '.join(t.text for t in clause.when)}" if clause.when else "always (no 'when')"
    out = [f"{number}. Clause {clause.ref.text}{title} applies ({when}; {clause.path}:{clause.span.line})"]
    for share in clause.shares:
        if share.by_staff:
            out.append(f"   Staff {MODALITY_WORDS[share.modality.text]} share {_with(graph, share)}")
    forbidden = graph.forbidden_steps(clause)
    steps = [s.text for s in clause.steps]
    if steps:
        out.append("   First, in this order:")
        out.extend(f"     {i}. {STEP_WORDS.get(s, s)} ({s})" for i, s in enumerate(steps, 1))
        if clause.except_in_emergency:
            out.append("     In an emergency, where delay would risk life or health, these may come after.")
    else:
        out.append("   The protocol asks for no steps before sharing.")
    if forbidden:
        laws = {law.id.text: law for found in forbidden.values() for law in found}
        out.append(f"   Do not {' or '.join(TIPPING_OFF.get(s, s) for s in STEP_WORDS if s in forbidden)}: "
                   "that would be tipping off "
                   f"({'; '.join(law.title.text if law.title else name for name, law in laws.items())}).")
    out.append(f"   Basis: {_basis(graph, clause, situation)}")
    findings = checked.clause_findings(clause.ref.text)
    out.append(f"   Lawful: {_verdict([f for f in findings if f.code.startswith(LAWFUL)])}")
    out.append(f"   FDAP-compliant: {_verdict([f for f in findings if f.code.startswith('FDAP')])}")
    other = [f for f in findings if not f.code.startswith((*LAWFUL, "FDAP"))]
    if other:
        out.append(f"   Also: {_verdict(other)}")
    return out + [""]


def _with(graph: ObligationGraph, share: Share) -> str:
    named = []
    for name in graph.recipients_of(share):
        declared = graph.unit.recipients.get(name)
        named.append(f"{name} ({declared.label.text})" if declared and declared.label else name)
    return f"{', '.join(d.text for d in share.data)} with {', '.join(named)}"


def _basis(graph: ObligationGraph, clause: Clause, situation: Situation) -> str:
    """Consent, a legal duty, or serious harm, for the triggers that happened."""
    if not graph.without_consent(clause):
        return f"the client's agreement ({CONSENT_WORDS['given']}; consent {clause.consent_mode})."
    reasons = []
    for verdict in graph.verdicts(clause):
        if verdict.trigger is not None and verdict.trigger.text not in situation.events:
            continue
        if verdict.duties:
            laws = "; ".join(law_source(d) for d in verdict.duties)
            reasons.append(f"{verdict.label}: a legal duty requires it: {laws}")
        elif verdict.serious_harm and verdict.standard:
            std = graph.library.standard(verdict.standard)
            label = std.title.text if std and std.title else verdict.standard
            reasons.append(f"{verdict.label}: serious harm ({label}); the public interest can justify sharing "
                           "without agreement (W v Egdell [1989] EWCA Civ 13)")
        else:
            cited = ", ".join(b.text for b in clause.basis) or "nothing"
            reasons.append(f"{verdict.label}: no legal duty requires it and it is not serious harm "
                           f"(the clause cites {cited})")
    consent = "; the client agreed as well" if situation.consent == "given" else ""
    return "without the client's agreement. " + " | ".join(reasons) + consent


def _verdict(findings: list[Finding]) -> str:
    """Whether the action is lawful (or FDAP-compliant), with the findings that say not. A waiver
    makes a finding the organisation's accepted exception, not lawful: it is said, not hidden.
    """
    if not findings:
        return "yes, no findings"
    worst = max(f.severity for f in findings)
    word = "NO" if worst == Severity.ERROR else "yes, with concerns"
    return word + "".join(f"\n     - {f.code}{_waived(f)} {f.message}" + (f" [{f.rests_on}]" if f.rests_on else "")
                          for f in findings)


def _waived(finding: Finding) -> str:
    """' (waived: JUSTIFICATION)' for a finding an ``allow`` line covers, else ''."""
    if not finding.waived:
        return ""
    return f" (waived: {finding.waiver})" if finding.waiver else " (waived)"


# ---- decision table ------------------------------------------------------------------------------
def decision_table(checked: Checked) -> str:
    """Every trigger x client group x consent state, and the situations left to chance."""
    graph = checked.model
    groups = [g for g in ("adults", "young-people") if g in {graph.clients, "all"} or graph.clients == "all"]
    named = {t.text for c in graph.clauses for t in c.when}  # standards named directly in `when` too
    events = list(graph.unit.triggers) + sorted(named - set(graph.unit.triggers))
    out = [f"{_title(graph)}: decision table", ""]
    if len(groups) == 1:
        out += [f"This protocol is for {groups[0].replace('-', ' ')} only; for anyone else every situation "
                "is left to chance.", ""]
    out += ["Clauses with no 'when' apply in every situation; they are shown once, under 'When nothing has "
            "happened'.", ""]
    gaps: list[str] = []
    for event in [*events, None]:
        label = graph.unit.triggers[event].label if event in graph.unit.triggers else None
        head = f"When {event}" + (f": {label.text}" if label else "") if event else "When nothing has happened"
        out.append(head)
        for group in groups:
            for consent in CONSENT_STATES:
                situation = Situation(frozenset({event} if event else ()), group, consent)
                cell = _cell(graph, situation)
                if event and not _addressed(graph, event, group):
                    cell = "LEFT TO CHANCE: no clause is written for this" + (f" (only {cell})" if cell else "")
                    gaps.append(f"{event}, {GROUP_WORDS[group]}, {CONSENT_WORDS[consent]}")
                who = f"{GROUP_WORDS[group]}, {CONSENT_WORDS[consent]}:"
                out.append(f"  {who:<46} {cell or 'nothing shared'}")
        out.append("")
    out.append(f"Left to chance: {len(gaps)} situation{'s' if len(gaps) != 1 else ''}")
    out.extend(f"  - {g}" for g in gaps)
    return "\n".join(out).rstrip() + "\n"


def _cell(graph: ObligationGraph, situation: Situation) -> str:
    """What staff share or must not share; '' when nothing. Under an event, only clauses written for it."""
    def shown(clause: Clause) -> bool:
        return bool(clause.when) or not situation.events

    parts = [f"{s.modality.text} share {shared_text(graph, s)} ({c.ref.text})"
             for c in applicable(graph, situation) if shown(c) for s in graph.sharing(c) if s.by_staff]
    parts += [f"must not share {shared_text(graph, s)} ({c.ref.text})"
              for c, s in prohibitions(graph, situation) if shown(c)]
    if parts:
        return "; ".join(parts)
    held = [c.ref.text for c in graph.clauses if any(s.by_staff for s in graph.sharing(c)) and shown(c)
            and graph.triggered(c, situation.events) and graph.serves(c, situation.group)]
    if held:
        return f"nothing shared (clause {', '.join(held)}: only with agreement)"
    return ""


def _addressed(graph: ObligationGraph, event: str, group: str) -> bool:
    """Some clause written for ``event`` (not merely a blanket one) covers this client group."""
    return any(c.when and graph.triggered(c, frozenset({event})) and graph.serves(c, group)
               and any(s.by_staff for s in c.shares) for c in graph.clauses)
