"""Checked protocol -> :class:`Policy`: the staff-facing policy in plain English, as HTML or Word.

Once a protocol checks, it is the source of truth, and the Word document staff read should be
generated from it rather than kept beside it: the two can then never disagree. The policy says,
clause by clause, what staff must, may and must never share, with whom, when, with which
safeguards, and why, citing the law from the library entries the check itself relied on (a
covering duty, the serious-harm standard, the laws the clause cites). The client leaflet
(:mod:`confide.commands.leaflet`) is its appendix. HTML is rendered in the report templates'
autoescaping environment; Word is written with python-docx, text only, so protocol text can
never become markup in either.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from confide import vocabulary as V
from confide.check import Checked
from confide.commands.annotate import saved, xml_text
from confide.commands.leaflet import Leaflet, Section
from confide.commands.leaflet import build as build_leaflet
from confide.files import write_atomic
from confide.graph import ObligationGraph
from confide.language.model import Clause, Law, Share

DATA = {
    "identity": "name and date of birth", "contact-details": "contact details", "location": "where the client is",
    "attendance": "attendance", "drug-test-results": "drug test results",
    "treatment-content": "what is said in treatment",
    "health": "health information", "risk-information": "the risk assessment", "suspected-activity":
    "what is suspected", "criminal-record": "criminal record", "third-party": "information about other people",
    "as-required": "only what the order or request specifies", "anonymised": "anonymised figures",
    "case-file": "the client's records",
}
CONSENT = {
    "required": "only with the client's agreement", "written": "only with the client's written agreement",
    "preferences": "only as the client chose at assessment",
    "unless-objects": "unless the client objects (they must be told they can)",
    "not-required": "without the client's agreement where this situation arises",
    "blanket": "without asking: consent is assumed from using the service",
    "bundled": "under the consent signed as a condition of the service",
    "best-interests": "as a best-interests decision when the client lacks capacity",
}
STEPS = {
    "seek-consent": "ask for the client's agreement first, where it is safe to",
    "consult-supervisor": "consult a manager or the designated lead before sharing",
    "inform-client": "tell the client what was shared, with whom and why",
    "record-decision": "record the decision, what was shared, with whom and why",
}
MODALITY = {"must": "What staff must share", "may": "What staff may share (a decision each time)",
            "must-not": "What staff must never share"}


@dataclass(frozen=True)
class Policy:
    """The staff policy: title, sections, the client leaflet as appendix, and where it came from."""

    title: str
    organisation: str
    sections: tuple[Section, ...]
    appendix: Leaflet
    source: str


def _list(items: list[str]) -> str:
    items = list(dict.fromkeys(items))
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _party(graph: ObligationGraph, name: str) -> str:
    declared = graph.unit.recipients.get(name)
    if declared is not None and declared.label is not None:
        return declared.label.text
    return name.replace("-", " ")


def _share(graph: ObligationGraph, share: Share) -> str:
    data = _list([DATA.get(graph.data_kind(d.text), d.text.replace("-", " ")) for d in share.data])
    who = "Staff" if share.by_staff else _party(graph, share.subject.text).capitalize()
    verb = {"must": "must", "may": "may", "must-not": "must never"}[share.modality.text]
    if share.publish:
        return f"{who} {verb} publish {data}."
    return f"{who} {verb} share {data} with {_list([_party(graph, r) for r in graph.recipients_of(share)])}."


def _cite(law: Law) -> str:
    title = law.title.text if law.title else law.id.text
    source = f" (source: {law.sources[0].text})" if law.sources else ""
    kind = law.kind_word or "law"
    return f"{title}, {'an' if kind[0] in 'aeiou' else 'a'} {kind}{source}"


def _justification(graph: ObligationGraph, standard: str) -> list[Law]:
    """Where the public-interest justification comes from: the library's powers that bind this
    service in ``standard``'s situation (the common law, W v Egdell), not the statute that
    defines the situation (Children Act 1989 s.47 is a council's enquiry, no one's permission).
    """
    return [law for law in graph.library.laws.values()
            if law.kind_word == "power" and graph.binds(law) and standard in {w.text for w in law.when}]


def _why(graph: ObligationGraph, clause: Clause) -> list[str]:
    """Why the clause may stand: consent, a covering duty, serious harm, and the laws it cites."""
    facts = graph.facts(clause)
    lines = []
    if not facts.regardless:
        lines.append("Why: it rests on the client's own agreement.")
    for verdict in facts.verdicts if facts.regardless and facts.discloses else ():
        lines += [f"Why: the law requires it: {_cite(d)}." for d in verdict.duties]
        standard = graph.library.standards.get(verdict.standard or "")
        if verdict.harm and standard is not None:
            title = standard.title.text if standard.title else standard.id.text
            lines.append(f"Why: a serious risk of harm ({title.lower()}) justifies sharing case by case in the "
                         "public interest; it never obliges it.")
            lines += [f"Justified by: {_cite(law)}." for law in _justification(graph, verdict.standard or "")]
        if not verdict.justified:
            lines.append(f"Check: no legal duty or serious-harm justification covers '{verdict.label}'; "
                         "confide check reports this clause.")
    for name in clause.cited:
        law = graph.library.laws.get(name.text)
        if law is not None:
            lines.append(f"Cited: {_cite(law)}.")
    return lines


def _rule(graph: ObligationGraph, clause: Clause) -> Section:
    points = [_share(graph, s) for s in clause.shares]
    when = []
    for trigger in clause.when:
        declared = graph.unit.triggers.get(trigger.text)
        standard = graph.library.standards.get(graph.trigger_standard(trigger.text) or "")
        words = declared.label.text if declared is not None and declared.label else trigger.text.replace("-", " ")
        known = f" (recognised in law as: {standard.title.text.lower()})" if standard and standard.title else ""
        when.append(f"{words}{known}")
    points.append(f"When: {'; or '.join(when)}." if when else "When: in every case.")
    if clause.clients is not None and clause.clients.text != graph.clients:  # narrower than the service's
        points.append(f"Only for: {V.MEANINGS['client group'].get(clause.clients.text, clause.clients.text)}.")
    if any(s.modality.text != "must-not" for s in clause.shares):
        points.append(f"Consent: {CONSENT.get(clause.consent_mode, clause.consent_mode)}.")
    if clause.steps:
        points.append("Safeguards: " + "; ".join(STEPS.get(s.text, s.text) for s in clause.steps) + ".")
    if clause.except_in_emergency:
        points.append("In an emergency the safeguards may come after sharing.")
    points += _why(graph, clause)
    title = clause.title.text if clause.title else ""
    return Section(f"{clause.ref.text} {title}".strip(), (), tuple(points), level=3)


def build(checked: Checked) -> Policy:
    """The staff policy for one protocol, with its client leaflet."""
    graph = checked.model
    root = graph.unit.root
    header = root.header
    title = header.title.text if header else checked.path
    sections = [Section("About this policy", (
        f"This policy tells {graph.organisation} staff when they must, may and must never share what clients tell "
        "them, with whom, and what to do first. Everything else a client tells us stays confidential.",
        "It is written from the organisation's information-sharing protocol, which is checked against the law "
        "and the FDAP code; change the protocol, not this document."))]
    if root.assessment is not None:
        first = {"limits-of-confidentiality": "Explain the limits of confidentiality before any service is given.",
                 "client-preferences": "Record who the client is happy for us to share with, and what.",
                 "competence": "Assess whether a young person can decide for themselves (Gillick competence)."}
        lines = [first.get(n.text, n.text) for n in (*root.assessment.explains, *root.assessment.records,
                                                    *root.assessment.assesses)]
        sections.append(Section("Before any service", (), tuple(lines)))
    for modality in ("must", "may", "must-not"):
        chosen = [c for c in graph.clauses if c.shares and c.shares[0].modality.text == modality]
        if chosen:
            sections.append(Section(MODALITY[modality]))
            sections += [_rule(graph, c) for c in chosen]
    sections.append(_records(checked))
    version = f" version {header.version.text}" if header and header.version else ""
    return Policy(title, graph.organisation, tuple(sections), build_leaflet(checked),
                  f"Written from the protocol \"{title}\"{version} by confide publish.")


def _records(checked: Checked) -> Section:
    root = checked.model.unit.root
    records, header = root.records, root.header
    lines = []
    if records is not None:
        if records.storage:
            lines.append("Keep records secure: locked away or on a protected system, seen only by those who need to.")
        if records.log:
            lines.append("Log every disclosure: what was shared, with whom, why, and who decided.")
        if records.retention:
            lines.append(f"Keep records for: {records.retention.text}.")
        if records.access:
            lines.append(f"Access: {records.access.text}.")
    if header is not None and header.review_by:
        lines.append(f"This policy is to be reviewed by {header.review_by.isoformat()}.")
    return Section("Records and review", (), tuple(lines) or ("The protocol says nothing about records.",))


def render_html(policy: Policy) -> str:
    """The policy as one HTML page (autoescaped)."""
    from confide.report.templates import environment

    return environment(False).get_template("policy.html.j2").render(policy=policy)


def write_docx(policy: Policy, output: Path) -> None:
    """The policy as a Word document, the leaflet as its appendix."""
    import docx

    document = docx.Document()
    document.core_properties.title = xml_text(policy.title)[:255]
    document.add_heading(xml_text(policy.title), 0)
    document.add_paragraph(xml_text(policy.organisation))
    _sections(document, policy.sections, 1)
    document.add_page_break()  # type: ignore[no-untyped-call]
    document.add_heading(xml_text(f"Appendix: {policy.appendix.title}"), 1)
    _sections(document, policy.appendix.sections, 2)
    document.add_paragraph(xml_text(policy.appendix.source))
    document.add_paragraph(xml_text(policy.source))
    write_atomic(output, saved(document))


def _sections(document: Any, sections: tuple[Section, ...], top: int) -> None:
    for section in sections:
        document.add_heading(xml_text(section.heading), top if section.level == 2 else top + 1)
        for paragraph in section.paragraphs:
            document.add_paragraph(xml_text(paragraph))
        for point in section.points:
            document.add_paragraph(xml_text(point), style="List Bullet")
