"""Service kind + client group -> the text of a starter protocol that checks clean.

``confide init`` gives a service manager a first draft that is already right: limits of
confidentiality explained, clients writing their own sharing preferences, a serious-harm
clause with the four FDAP steps, and a clause for every legal duty that binds that kind of
service (asked of the obligation graph, so the draft follows the law library). Each block
carries a plain-English comment saying why it is there.
"""

from __future__ import annotations

import textwrap

from confide.commands.fmt import format_text
from confide.graph import ObligationGraph
from confide.language.build import build
from confide.language.model import Law
from confide.language.parse import parse
from confide.library import Library
from confide.rules.base import FDAP_STEPS
from confide.rules.law import duty_clause
from confide.source import SourceFile
from confide.unit import Unit

SECTOR = {"local-authority": "public", "criminal-justice-service": "public"}
TIPPING_OFF = {"inform-client": "tell the client", "seek-consent": "ask for their agreement"}
HARM_DATA = ("identity", "contact-details", "location", "risk-information")
PREMISES = frozenset({"homeless-hostel", "supported-housing"})  # services with residents on their premises
# Dealing on the premises is not serious harm and no law makes staff report it; Misuse of Drugs
# Act 1971 s.8 makes managers act on it, not tell the police. So sharing is with agreement.
DEALING = [
    "# Dealing on the premises: managers must not knowingly let it go on (Misuse of Drugs Act 1971 s.8),",
    "# so act on it under the licence agreement. No law makes staff report it to the police: tell them",
    "# with the resident's agreement, or without it only where someone is at serious risk of harm (clause 3).",
    'clause 5 "Dealing on the premises"',
    "  when dealing",
    "  staff may share identity, suspected-activity with police",
    "  consent required",
    "  steps consult-supervisor, record-decision",
    "",
]


def header(service: str, clients: str, jurisdiction: str) -> str:
    """The ``protocol`` block (also what the graph needs to know which duties bind)."""
    return "\n".join([
        f'protocol "{service.replace("-", " ").capitalize()}: confidentiality and information sharing"',
        '  version "0.1"',
        '  organisation "Your organisation"',
        f"  service {service}",
        f"  sector {SECTOR.get(service, 'voluntary')}",
        f"  jurisdiction {jurisdiction}",
        f"  clients {clients}",
        "  staff-include support-workers",
    ])


def binding_duties(head: str, library: Library) -> tuple[Law, ...]:
    """The duties that bind a protocol with this header, asked of its obligation graph."""
    source = SourceFile("<init>", head + "\n")
    tree = parse(source).tree
    if tree is None:
        raise ValueError(f"the starter header does not parse:\n{head}")
    document, _ = build(tree, source.path)
    return ObligationGraph(Unit.of(source, (document,), library)).binding_duties


def starter(service: str, clients: str, library: Library) -> str:
    """The whole starter protocol."""
    head = header(service, clients, library.jurisdiction)
    young = clients in {"young-people", "all"}
    adults = clients in {"adults", "all"}
    out = [
        "# A starter information-sharing protocol written by `confide init`.",
        "# Fill in your organisation's name, check every clause against how you work, and run",
        "# `confide check` after each change. This is a starting point, not legal advice.",
        "",
        head,
        "",
        "# The client names who counts as family, and what each person may be told.",
        'recipient family "People the client names, for what the client chooses"',
        "  kind family",
        "  named-by client",
        "",
        '# Triggers: the events that can lead to sharing, each tied to a standard in the law library.',
        'trigger risk-to-others "A real risk of death or serious harm to another person"',
        "  means serious-harm-to-others",
        "  threshold belief",
        'trigger risk-to-self "A real risk of death or serious harm to the client"',
        "  means serious-harm-to-self",
        "  threshold belief",
    ]
    if young:
        out += ['trigger child-at-risk "A child is suffering, or likely to suffer, significant harm"',
                "  means child-at-risk-of-significant-harm", "  threshold belief"]
    if adults:
        out += ['trigger adult-at-risk "An adult with care needs is being abused or neglected and cannot protect '
                'themselves"', "  means adult-at-risk-of-abuse-or-neglect", "  threshold belief"]
    if service in PREMISES:
        out += ['trigger dealing "Staff believe a resident is dealing drugs on the premises"',
                "  means drug-supply-on-premises", "  threshold belief"]
    duties = binding_duties(head, library)
    out += [
        "",
        "# FDAP: tell every client, before any service, what stays private and when it may not.",
        "at-assessment",
        "  explain limits-of-confidentiality",
        "  record client-preferences           # the client writes who may be told what",
    ]
    if young:
        out.append("  assess competence                   # can the young person decide for themselves?")
    out += [
        "",
        "records",
        "  storage secure",
        "  log disclosures                     # what was shared, with whom, why, and who decided",
        '  retention "6 years after last contact"',
        "",
        "# Sharing the client has chosen, and only that. They can change their mind at any time.",
        'clause 1 "What the client chooses to share with family"',
        "  staff may share attendance with family",
        "  consent preferences",
        "",
        "# Working with the client's GP, with their agreement each time.",
        'clause 2 "Working with the GP"',
        "  staff may share attendance with gp",
        "  consent required",
        "",
    ]
    out += _harm_clauses(clients)
    for number, duty in enumerate(duties, 1):
        out += _duty_clause(duty, number, library)
    if service in PREMISES:
        out += DEALING
    # The layout `confide fmt` writes, so a new protocol passes `fmt --check` as it stands.
    return format_text(SourceFile("<init>", "\n".join(out).rstrip() + "\n"))


def _harm_clauses(clients: str) -> list[str]:
    """Serious harm: the public-interest exception, a case-by-case power with the four steps."""
    young = clients in {"young-people", "all"}
    steps = ", ".join(FDAP_STEPS)
    assess = ["  assess age-maturity, severity, risk, context"] if young else []
    out = [
        "# Serious harm: staff may share without agreement, case by case, only the minimum needed.",
        "# First they ask the client, talk to a supervisor, tell the client, and record the decision;",
        "# in an emergency, where delay would risk life, these steps may come after.",
        'clause 3 "A serious risk of harm"',
        "  when risk-to-others, risk-to-self",
        f"  staff may share {', '.join(HARM_DATA)} with police",
        "  consent not-required",
        f"  steps {steps}",
        "  except-in-emergency",
        *assess,
        "  basis common-law-public-interest",
        "",
    ]
    if young:
        out += [
            "# Safeguarding a child: a referral to children's social care, decided case by case with the same",
            "# steps; the young person's age and maturity, the severity, the risk and the context are weighed.",
            'clause 3.1 "Safeguarding a child"',
            "  clients young-people",
            "  when child-at-risk",
            f"  staff may share {', '.join(HARM_DATA)} with childrens-social-care",
            "  consent not-required",
            f"  steps {steps}",
            "  except-in-emergency",
            "  assess age-maturity, severity, risk, context",
            "  basis common-law-public-interest",
            "",
        ]
    if clients in {"adults", "all"}:
        out += [
            "# An adult at risk of abuse or neglect decides, if they have capacity, whether to be referred",
            "# (Care and Support Statutory Guidance, ch. 14: make safeguarding personal). Where someone is at",
            "# serious risk, clause 3 applies.",
            'clause 3.2 "Safeguarding an adult at risk, with their agreement"',
            "  clients adults",
            "  when adult-at-risk",
            f"  staff may share {', '.join(HARM_DATA)} with adult-social-care",
            "  consent required",
            "",
        ]
    return out


def _duty_clause(duty: Law, number: int, library: Library) -> list[str]:
    """A clause that discharges one binding duty (the same clause LAW005 suggests), with why."""
    title = duty.title.text if duty.title else duty.id.text
    forbidden = {f.text for f in duty.forbids}
    comment = [f"# The law requires this: {title}."]
    if forbidden:
        comment.append(f"# Do not {' or '.join(TIPPING_OFF[f] for f in sorted(forbidden))}: that could be "
                       "tipping off, itself an offence.")
    comment += [f"# {line}" for note in duty.notes[:2] for line in textwrap.wrap(note.text, 96)]
    return [*comment, duty_clause(duty, library, f"4.{number}"), ""]
