"""A rule, a standard, a law, or a checked protocol's clause -> a plain-English explanation.

``confide explain CODE`` prints a rule's documentation; ``confide explain STANDARD`` and
``confide explain LAW`` what the library holds, in words a manager understands.
``confide explain FILE REF`` answers the service manager's question "why does the checker
say this?" as a chain: trigger -> standard -> the laws that could cover it -> whether each
binds this service, and why not -> consent and steps -> each rule's verdict on the clause.
Every link is asked of the obligation graph, so the chain never disagrees with the findings.
"""

from __future__ import annotations

import textwrap

from confide import vocabulary as V
from confide.check import Checked
from confide.commands.situation import shared_text
from confide.findings import Rule
from confide.graph import ObligationGraph, TriggerVerdict
from confide.language.model import Clause, Law, Standard
from confide.library import Library
from confide.rules.base import FDAP_STEPS, law_kind, law_source, law_title


def explain_clause(checked: Checked, clause: Clause) -> str:
    """The whole chain for one clause, as indented plain text."""
    graph = checked.model
    title = f" \"{clause.title.text}\"" if clause.title else ""
    out = [f"Clause {clause.ref.text}{title} ({clause.path}:{clause.span.line})"]
    out += [f"  {s.subject.text} {s.modality.text} {'publish' if s.publish else 'share'} {shared_text(graph, s)}"
            for s in clause.shares]
    out.append(f"  for {graph.client_group(clause).replace('-', ' ')}")
    out.append("")
    without = graph.without_consent(clause)
    if without:
        out.append(f"1. It shares WITHOUT the client's agreement (consent {clause.consent_mode}), so it must be "
                   "justified: a legal duty that binds this service, or a serious risk of harm.")
    else:
        how = {"best-interests": "on a best-interests decision for a client who lacks capacity",
               "unless-objects": "unless the client objects (opt-out, for their direct care)"}
        agreed = "only with the client's agreement"
        out.append(f"1. It shares {how.get(clause.consent_mode, agreed)} (consent {clause.consent_mode}): "
                   "no further justification is needed.")
    out.append("")
    out.append("2. What sets it off, and what could justify it:")
    for verdict in graph.verdicts(clause):
        out.extend(_trigger(graph, clause, verdict))
    out.append("")
    out.extend(_basis(graph, clause))
    out.extend(_steps(graph, clause, without))
    out.append("")
    out.append("5. Verdict")
    if without:
        word = "JUSTIFIED" if graph.justified(clause) else "NOT JUSTIFIED"
        out.append(f"   {word} in sharing without consent"
                   + (" (a legal duty covers every trigger)" if graph.covered(clause) else ""))
    findings = checked.clause_findings(clause.ref.text)
    if not findings:
        out.append("   The checker has no findings on this clause.")
    for finding in findings:
        waived = " (waived)" if finding.waived else ""
        out.append(f"   {finding.severity.label}{waived} {finding.code} (line {finding.span.line}): {finding.message}")
        if finding.rests_on:
            out.append(f"     rests on: {finding.rests_on}")

    fix = next((f for f in findings if f.suggestion and f.clause == clause.ref.text), None)
    if fix is not None:
        out += ["", "6. Suggested rewording (one for the whole clause; it clears every error and warning on it):"]
        out += [f"   {line}" for line in fix.suggestion.splitlines()]
    return "\n".join(out) + "\n"


def _trigger(graph: ObligationGraph, clause: Clause, verdict: TriggerVerdict) -> list[str]:
    if verdict.trigger is None:
        return ["   Always: the clause has no 'when', so it applies to every client all the time. No standard,",
                "   duty or serious-harm justification can cover sharing that needs no reason."]
    name = verdict.trigger.text
    declared = graph.unit.triggers.get(name)
    label = f" \"{declared.label.text}\"" if declared and declared.label else ""
    threshold = graph.trigger_threshold(name)
    out = [f"   Trigger {name}{label}" + (f", acting on {threshold}" if threshold else "")]
    if verdict.standard is None:
        return out + ["   -> means no library standard (no 'means' line), so no law can be matched to it",
                      f"   => under '{name}': nothing justifies sharing without consent"]
    standard = graph.library.standard(verdict.standard)
    title = f" \"{standard.title.text}\"" if standard and standard.title else ""
    harm = "a serious-harm standard (public interest)" if verdict.serious_harm else "not a serious-harm standard"
    out.append(f"   -> means {verdict.standard}{title}: {harm}")
    engaged = graph.engaged_laws(verdict.standard)
    if not engaged:
        out.append("   -> no law in the library is engaged by this standard")
    kinds = graph.facts(clause).recipient_kinds
    for law in engaged:
        out.append(f"   -> {_law_line(graph, law, kinds, verdict)}")
    if verdict.harm_gap:
        out.append(f"   -> but {verdict.harm_gap}")
    reason = ("a binding duty covers it" if verdict.duties else
              "serious harm justifies it" if verdict.harm else "nothing justifies sharing without consent")
    out.append(f"   => under '{name}': {reason}")
    return out


KIND_WORDS = {
    "power": "a power: it lets staff share case by case but never makes them",
    "exemption": "an exemption: it permits sharing but never compels it",
    "offence": "an offence: it creates no duty to report",
    "constraint": "a constraint: it restricts sharing (for example tipping off)",
    "guidance": "guidance, not a legal duty",
    "proposed": "proposed, not in force: it counts for nothing yet",
}


def _law_line(graph: ObligationGraph, law: Law, kinds: frozenset[str], verdict: TriggerVerdict) -> str:
    """One law: its kind, whether it binds this service (and why not), whether it names these recipients."""
    kind = law.kind.text if law.kind else "unknown"
    if not graph.binds(law):
        return f"{law.id.text} ({kind}): does NOT bind this service: {_why_not_bound(graph, law)}"
    head = f"{law.id.text} ({kind}): binds this service"
    if kind != "duty":
        return f"{head}, but it is {KIND_WORDS.get(kind, 'not a duty')}"
    if law in verdict.duties:
        return f"{head} and covers every recipient ({', '.join(sorted(kinds))})"
    named = ", ".join(r.text for r in law.recipients) or "no one"
    return f"{head}, but names only {named} as recipients, not {', '.join(sorted(kinds))}"


def _why_not_bound(graph: ObligationGraph, law: Law) -> str:
    header = graph.unit.root.header
    staff = ", ".join(n.text for n in header.staff_include) if header and header.staff_include else "none listed"
    service = f"service {graph.service or 'not given'}, sector {graph.sector or 'not given'}, staff {staff}"
    return (f"it binds {', '.join(b.text for b in law.binds)}; this protocol ({service}) "
            f"falls only in {', '.join(sorted(graph.groups))}")


def _basis(graph: ObligationGraph, clause: Clause) -> list[str]:
    out = ["3. The legal basis the clause claims:"]
    if not clause.basis:
        out.append("   none ('basis' line missing)")
    kinds = graph.facts(clause).recipient_kinds
    for name in clause.basis:
        law = graph.library.laws.get(name.text)
        if law is None:
            out.append(f"   {name.text}: not in the law library")
            continue
        kind = law.kind.text if law.kind else "unknown"
        bound = ("binds this service" if graph.binds(law)
                 else f"does NOT bind this service: {_why_not_bound(graph, law)}")
        out.append(f"   {name.text} ({kind}), {bound}")
        out.append(f"     {law_source(law)}")
        musts = any(s.modality.text == "must" for s in graph.sharing(clause))
        if musts and kind != "duty":
            out.append(f"     it is {KIND_WORDS.get(kind, 'not a duty')}, so it cannot make sharing automatic ('must')")
        elif kind == "duty" and not any(law in v.duties for v in graph.verdicts(clause)):
            out.append(f"     it does not cover this clause's triggers and recipients ({', '.join(sorted(kinds))})")
    return out + [""]


def _steps(graph: ObligationGraph, clause: Clause, without: bool) -> list[str]:
    held = [s.text for s in clause.steps]
    out = [f"4. Safeguards: steps {', '.join(held) if held else 'none'}"
           + ("; may follow in an emergency" if clause.except_in_emergency else "")]
    if not without:
        return out
    for step in FDAP_STEPS:
        if step in held:
            continue
        if not graph.step_needed(clause, step):
            out.append(f"   {step} is left out rightly: the law forbids it here (tipping off)")
        elif step == "record-decision":
            out.append(f"   {step} is missing: data protection accountability asks for the decision to be recorded")
        else:
            out.append(f"   {step} is missing: FDAP asks for it before sharing without consent")
    return out


def explain_rule(rule: Rule) -> str:
    """A rule's documentation, as ``confide explain CODE`` prints it."""
    return f"{rule.code} {rule.symbol} ({rule.severity.label})\n\n{rule.doc}\n"


def explain_standard(standard: Standard, library: Library) -> str:
    """What a library standard means, when it justifies sharing, and the laws it engages."""
    title = standard.title.text if standard.title else standard.id.text
    out = [f"{standard.id.text}: {title}", ""]
    if standard.is_serious_harm:
        least = standard.threshold.text if standard.threshold else "belief"
        out.append(f"A serious-harm standard: where staff have at least a {least} that it is happening, the public "
                   "interest can justify sharing without the client's agreement, case by case (W v Egdell). It "
                   "never makes sharing compulsory.")
        if standard.acts:
            acts = ", ".join(a.text for a in standard.acts)
            out.append(f"It justifies telling only those who can act on the harm: {acts}.")
    else:
        out.append("Not a serious-harm standard: on its own it never justifies sharing without consent; only a "
                   "legal duty that names it can.")
    if standard.necessary:
        out.append(f"The most that may be shared without consent: {', '.join(n.text for n in standard.necessary)}.")
    if standard.signals:
        out.append("A trigger labelled with it should use words such as: "
                   + ", ".join(f"'{s.text}'" for s in standard.signals) + ".")
    laws = [law for law in library.laws.values() if any(w.text == standard.id.text for w in law.when)]
    # §3: only duties and constraints are 'engaged' (they can forbid a step); the rest apply to it.
    engaged = [law for law in laws if law.kind_word in {"duty", "constraint"}]
    for heading, group in (("Laws it engages (duties and constraints):", engaged),
                           ("Other laws and guidance about it:", [law for law in laws if law not in engaged])):
        if group:
            out += ["", heading]
            out += [f"  {law.id.text} ({law_kind(law)}): {law_title(law)}" for law in group]
    out += [f"Note: {n.text}" for n in standard.notes]
    out += [f"Source: {s.text}" for s in standard.sources]
    return _wrapped(out)


def explain_law(law: Law, library: Library) -> str:
    """What a library law is, who it binds, when, and whether it is a duty or not."""
    kind = law_kind(law)
    out = [f"{law.id.text}: {law_title(law)}", "", f"Kind: {kind} — {KIND_MEANING.get(kind, '')}".rstrip(" —")]
    out.append(f"Binds: {', '.join(b.text for b in law.binds) or 'nobody listed'}")
    if law.when:
        on = f", on {law.threshold.text}" if law.threshold else ""
        out.append(f"When: {', '.join(w.text for w in law.when)}{on}")
    if law.recipients:
        out.append(f"To: {', '.join(r.text for r in law.recipients)}")
    if law.discloses:
        out.append(f"What: {', '.join(d.text for d in law.discloses)}")
    if law.forbids:
        out.append(f"Forbids: {', '.join(f.text for f in law.forbids)} (tipping off)")
    if law.unless_objects:
        out.append("Lifts where the person objects.")
    if law.special_category:
        out.append("A UK GDPR Art 9(2) / DPA 2018 Sch 1 condition for health and other special category data.")
    out += [f"Note: {n.text}" for n in law.notes]
    out += [f"Source: {s.text}" for s in law.sources]
    out += ["", f"From the {library.jurisdiction} law library: a research aid, not legal advice."]
    return _wrapped(out)


def _wrapped(lines: list[str]) -> str:
    """Paragraphs wrapped for a terminal, continuation lines indented under their label."""
    out = []
    for line in lines:
        indent = " " * (len(line) - len(line.lstrip()) + (2 if line.startswith(("Note:", "Source:")) else 0))
        out.append(textwrap.fill(line, 96, subsequent_indent=indent, break_long_words=False,
                                 break_on_hyphens=False) if line else "")
    return "\n".join(out) + "\n"


KIND_MEANING = {
    "duty": "a legal obligation to disclose (possibly only when a demand is served)",
    "power": "it lets staff share, case by case, but never makes them",
    "exemption": "it permits sharing but never compels it",
    "offence": "it creates pressure to act, but no duty to report",
    "constraint": "it restricts sharing (for example, tipping off)",
    "guidance": "statutory or professional guidance: have regard to it; it obliges no disclosure",
    "proposed": "not in force: it counts for nothing yet",
    "enquiry": "a body's duty to make its own enquiries: it obliges nobody else to disclose",
    "condition": "a UK GDPR / DPA 2018 lawful basis or condition: it answers 'is this processing lawful', "
                 "never 'may I break confidence'",
}


def explain_word(word: str) -> str | None:
    """What a built-in word of the language means (a bound group, a recipient kind, a step ...),
    or None: the editor's hover text, for the command line.
    """
    found = [f"{word} ({what}): {meanings[word]}" for what, meanings in V.MEANINGS.items() if word in meanings]
    return "\n".join(found) + "\n" if found else None
