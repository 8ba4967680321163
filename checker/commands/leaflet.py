"""Checked protocol -> :class:`Leaflet`: the client's own explanation of confidentiality.

FDAP asks that clients are told, before any service, what stays private, what is shared only
with their agreement, and when the service may have to share without it. Writing that
leaflet by hand lets it drift from the protocol; generating it from the clauses means it
always says what the protocol says. Words come from a small plain-English vocabulary, in
short sentences (a test holds every leaflet to Flesch reading ease 60 or more). Rendered
by the report templates' escaping environment: protocol text is data, never markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from confide import vocabulary as V
from confide.check import Checked
from confide.graph import ObligationGraph
from confide.language.model import Clause, Share

DATA_WORDS = {
    "identity": "your name and date of birth", "contact-details": "how to contact you",
    "location": "where you are", "attendance": "whether you come to appointments",
    "drug-test-results": "your drug test results", "treatment-content": "what you talk about in treatment",
    "health": "your health", "risk-information": "what the risk is", "suspected-activity": "what we think is going on",
    "criminal-record": "any criminal record", "case-file": "your records",
    "third-party": "what you tell us about other people, such as your children",
    "as-required": "only what an order or request asks for", "anonymised": "information that does not name you",
}
RECIPIENT_WORDS = {
    "police": "the police", "probation": "probation", "childrens-social-care": "children's social care",
    "adult-social-care": "adult social care", "jobcentre-plus": "the Jobcentre", "gp": "your GP",
    "health": "health services", "family": "your family", "parent": "your parents or carers",
    "other-treatment-service": "another drug or alcohol service", "housing-provider": "your housing provider",
    "court": "a court", "coroner": "a coroner", "safeguarding-adults-board": "the Safeguarding Adults Board",
    "marac": "a meeting that plans safety for people at risk of domestic abuse", "public": "the public",
    "dwp": "the DWP (benefits)", "mappa": "the team that manages people who may be a risk to others (MAPPA)",
    "idva": "a domestic abuse adviser (IDVA)", "channel-panel": "a Channel panel", "home-office": "the Home Office",
    "nca": "the National Crime Agency", "dvla": "the DVLA", "school": "your school",
    "commissioner": "the council that pays for your place", "nominated-officer": "our safeguarding lead",
    "other": "another organisation",
}
STANDARD_WORDS = {
    "serious-harm-to-self": "your life or safety is at serious risk",
    "serious-harm-to-others": "someone else is at serious risk of harm",
    "child-at-risk-of-significant-harm": "a child is at risk of serious harm",
    "adult-at-risk-of-abuse-or-neglect": "an adult who cannot protect themselves is being hurt or neglected",
    "terrorism-information": "we learn something that could help stop terrorism",
    "terrorist-property": "we learn that someone may be funding terrorism",
    "money-laundering": "we learn that someone may be hiding the money from crime",
    "fgm-under-18": "a girl under 18 has had FGM (female genital mutilation)",
    "court-order": "a court orders us to",
    "coroner-notice": "a coroner orders us to",
    "safeguarding-adults-board-request": "the Safeguarding Adults Board asks us to",
    "police-driver-identity-requirement": "the police need to know who was driving a car",
    "direct-care": "another service needs it to care for you",
    "notifiable-disease": "a doctor must report an illness that could spread",
    "modern-slavery": "someone may be a victim of slavery",
    "child-sexual-abuse": "a child is being sexually abused",
    "drug-supply-on-premises": "we think drugs are being sold or made here",
    "investigation-of-offence": "the police ask us for help with a crime",
    "crime-prevention": "it could stop a crime",
    "client-missing": "you go missing",
    "benefits-conditionality": "the Jobcentre asks about your treatment",
    "radicalisation-concern": "someone may be drawn into terrorism",
    "young-person-substance-use": "you are using drugs or alcohol",
    "live-investigation-notified": "we are told of a police case about you",
    "domestic-abuse-high-risk": "you are at high risk of serious harm from a partner or family member",
    "adult-lacking-capacity": "you cannot make a decision for yourself",
    "local-authority-request": "the council asks us for help it is owed by law",
    "safeguarding-partners-request": "the local safeguarding partners ask us for information",
    "mappa-offender": "you are managed under MAPPA",
    "serious-violence-prevention": "it could help prevent serious violence",
    "child-in-need": "a child needs extra support",
}
CONTACT = "Questions or a complaint? Contact:"
STEP_WORDS = {
    "seek-consent": "We will ask you first, if we can.",
    "consult-supervisor": "We will talk to a senior member of staff.",
    "inform-client": "We will tell you what we are sharing, and why.",
    "record-decision": "We will write down what we shared, with whom, and why.",
}


@dataclass(frozen=True)
class Section:
    """A heading, short paragraphs and a list of points; ``level`` 2 or 3."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    points: tuple[str, ...] = ()
    level: int = 2


@dataclass(frozen=True)
class Leaflet:
    """What the client reads: title, sections, and where it came from."""

    title: str
    organisation: str
    sections: tuple[Section, ...]
    source: str
    contact: str = ""  # who to ask or complain to: the protocol's owner and organisation

    def text(self) -> str:
        """The words alone, one sentence or point a line (what readability is measured on)."""
        lines = [self.title]
        for section in self.sections:
            lines += [section.heading, *section.paragraphs, *section.points]
        if self.contact:
            lines.append(f"{CONTACT} {self.contact}.")
        return "\n".join(lines)


@dataclass(frozen=True)
class Sentence:
    """A sentence about sharing, kept in parts so that sentences saying the same thing merge.

    ``frame`` holds ``{data}`` and ``{who}``; ``head`` is said before it as it stands (it may
    quote the protocol). Clauses that differ only in who receives, or only in what they share,
    say one thing to the client: "We share X with the police and probation".
    """

    frame: str
    data: tuple[str, ...]
    who: tuple[str, ...] = ()
    head: str = ""

    def text(self) -> str:
        """The sentence in words."""
        return self.head + self.frame.replace("{data}", _list(list(self.data))).replace("{who}", _list(list(self.who)))


def merged(sentences: Iterable[Sentence]) -> list[str]:
    """The sentences in words, those that differ only in recipients (then only in data) as one."""
    recipients: dict[tuple[str, str, tuple[str, ...]], list[str]] = {}
    for sentence in sentences:
        recipients.setdefault((sentence.head, sentence.frame, sentence.data), []).extend(sentence.who)
    data: dict[tuple[str, str, tuple[str, ...]], list[str]] = {}
    for (head, frame, what), who in recipients.items():
        data.setdefault((head, frame, tuple(dict.fromkeys(who))), []).extend(what)
    return list(dict.fromkeys(Sentence(frame, tuple(dict.fromkeys(what)), who, head).text()
                              for (head, frame, who), what in data.items()))


def _list(items: list[str]) -> str:
    """'a, b and c'."""
    items = list(dict.fromkeys(items))
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _data(graph: ObligationGraph, share: Share) -> tuple[str, ...]:
    return tuple(dict.fromkeys(DATA_WORDS.get(graph.data_kind(d.text), d.text.replace("-", " ")) for d in share.data))


def _recipients(graph: ObligationGraph, share: Share) -> tuple[str, ...]:
    words = []
    for name in graph.recipients_of(share):
        declared = graph.unit.recipients.get(name)
        if declared is not None and declared.named_by_client is not None:
            words.append("the people you name")
        else:
            words.append(RECIPIENT_WORDS.get(graph.recipient_kind(name), name.replace("-", " ")))
    return tuple(dict.fromkeys(words))


def _when(graph: ObligationGraph, clause: Clause) -> str:
    """'If someone else is at serious risk of harm', or the protocol's own words for its triggers."""
    plain, own = [], []
    for trigger in clause.when:
        standard = graph.trigger_standard(trigger.text)
        declared = graph.unit.triggers.get(trigger.text)
        if declared is not None and declared.label is not None and standard not in STANDARD_WORDS:
            own.append(declared.label.text.rstrip("."))
        else:
            plain.append(STANDARD_WORDS.get(standard or "", trigger.text.replace("-", " ")))
    if not clause.when:
        return "In every case"
    if own:
        return "When this happens: " + "; or ".join(dict.fromkeys([*own, *plain]))
    return "If " + " or if ".join(dict.fromkeys(plain))


def _sharing(graph: ObligationGraph, share: Share, how: str = "") -> str:
    """The frame of 'We may share X with Y', or 'The police may then share X with Y' for a partner."""
    if share.by_staff:
        subject = "We"
    else:
        kind = graph.recipient_kind(share.subject.text)
        words = RECIPIENT_WORDS.get(kind, share.subject.text.replace("-", " "))
        subject = words[:1].upper() + words[1:]
        how = f"{how} then" if how else "then"
    verb = f"{subject} {how} " if how else f"{subject} "
    return f"{verb}make {{data}} public" if share.publish else f"{verb}share {{data}} with {{who}}"


def _sentence(graph: ObligationGraph, share: Share, frame: str, head: str = "") -> Sentence:
    return Sentence(frame, _data(graph, share), () if share.publish else _recipients(graph, share), head)


def build(checked: Checked) -> Leaflet:
    """The leaflet for one protocol, section by section."""
    graph = checked.model
    header = graph.unit.root.header
    organisation = graph.organisation
    sections = [_private(graph), _with_agreement(graph)]
    without = [c for c in graph.clauses if graph.facts(c).regardless and graph.sharing(c)]
    if without:
        sections.append(Section("When we may have to share without your agreement", (
            "Sometimes the law, or a serious risk to someone, means we may have to share.",
            "This is what we do then.")))
        # Clauses for the same situation with the same steps are one section for the client.
        situations: dict[tuple[str, tuple[str, ...]], list[Sentence]] = {}
        for clause in without:
            heading, shares, steps = _without(graph, clause)
            situations.setdefault((heading, steps), []).extend(shares)
        sections += [Section(heading, (), (*merged(shares), *steps), level=3)
                     for (heading, steps), shares in situations.items()]
    if graph.clients in {"young-people", "all"}:
        sections.append(_young(graph))
    sections.append(_ask(graph))
    version = f" version {header.version.text}" if header and header.version else ""
    title = header.title.text if header else checked.path
    return Leaflet("What happens to what you tell us", organisation, tuple(sections),
                   f"Made from the protocol \"{title}\"{version}.", contact(graph))


def _private(graph: ObligationGraph) -> Section:
    never = []
    for clause in graph.clauses:
        for share in clause.shares:
            if share.modality.text == "must-not" and share.by_staff:
                if clause.when:
                    never.append(_sentence(graph, share, "we will not share {data} with {who}.",
                                           f"{_when(graph, clause)}, "))
                else:
                    never.append(_sentence(graph, share, "We will never share {data} with {who}."))
    records = graph.unit.root.records
    safe = ("We keep your records safe.",) if records and records.storage else ()
    # Who may read the records (the protocol's `access` line): said as that, never as a contact.
    readers = (f"Who can read your records: {records.access.text.rstrip('.')}.",) if records and records.access else ()
    return Section("What stays private", (
        "What you tell us stays private.",
        "We only share it in the ways set out in this leaflet.",
        *safe,
        *readers,
    ), tuple(merged(never)))


def _young(graph: ObligationGraph) -> Section:
    """Competence and parents: said only where the protocol provides for it."""
    assessment = graph.unit.root.assessment
    lines = []
    if assessment and any(a.text == "competence" for a in assessment.assesses):
        lines += ["We will check that you understand your choices.", "If you do, you can make them yourself."]
    told = any(graph.without_consent(c) and graph.applies_to_young_people(c)
               and any(graph.recipient_kind(r) in V.FAMILY_RECIPIENTS for s in graph.sharing(c)
                       for r in graph.recipients_of(s)) for c in graph.clauses)
    if not told:
        lines.append("We will not tell your parents or carers unless you agree.")
    return Section("If you are under 18", tuple(lines))


def _with_agreement(graph: ObligationGraph) -> Section:
    sentences = []
    for clause in graph.clauses:
        if graph.facts(clause).regardless:
            continue
        for share in graph.sharing(clause):
            frame = _sharing(graph, share, "" if share.by_staff else share.modality.text)
            if clause.consent_mode == "preferences" and share.by_staff and not share.publish:
                frame = "You choose if we tell {who} about {data}."
            elif clause.consent_mode == "unless-objects":
                frame = f"{frame} to help care for you, unless you tell us not to."
            elif clause.consent_mode == "best-interests":
                frame = (f"If you cannot decide for yourself, {frame[:1].lower()}{frame[1:]} "
                         "when it is in your best interests.")
            elif clause.consent_mode == "written":
                frame = f"{frame} only if you agree in writing."
            else:
                frame = f"{frame} only if you agree."
            sentences.append(_sentence(graph, share, frame))
    points = merged(sentences)
    paragraphs = ("We share these things only if you say yes.",
                  "You can change your mind at any time. Just tell your worker.") if points else (
                  "We do not share anything else about you unless you agree.",)
    return Section("What we share only if you agree", paragraphs, tuple(points))


def _without(graph: ObligationGraph, clause: Clause) -> tuple[str, list[Sentence], tuple[str, ...]]:
    """What one clause does without agreement: its situation, what is shared, and the steps."""
    shares = [_sentence(graph, share, f"{_sharing(graph, share, share.modality.text)}.")
              for share in graph.sharing(clause)]
    steps = [STEP_WORDS[s.text] for s in clause.steps if s.text in STEP_WORDS]
    if graph.forbidden_steps(clause):
        steps.append("The law says we must not tell you first in this case.")
    if clause.except_in_emergency and clause.steps:
        steps.append("In an emergency, we may do these things after we share.")
    if not clause.steps:
        steps.append("We may not tell you first.")
    return _when(graph, clause), shares, tuple(dict.fromkeys(steps))


def _ask(graph: ObligationGraph) -> Section:
    return Section("Questions, and seeing your records", (
        "You can ask your worker about any of this, at any time.",
        "You have the right to see the records we keep about you.",
        "Ask your worker and we will show you. It is free.",
    ))


def contact(graph: ObligationGraph) -> str:
    """Whom to contact about the leaflet: the protocol's owner, at the organisation.

    The owner is whoever keeps the protocol up to date, so questions and complaints about how
    information is shared reach them; without one, the organisation is named on its own.
    """
    header = graph.unit.root.header
    owner = header.owner.text.strip().rstrip(".") if header and header.owner else ""
    organisation = header.organisation.text.strip().rstrip(".") if header and header.organisation else ""
    return ", ".join(p for p in (owner, organisation) if p)


def render(leaflet: Leaflet, fmt: str) -> str:
    """The leaflet as HTML (autoescaped) or Markdown (escaped), from the report templates' environment."""
    from confide.report.templates import environment

    env = environment(fmt == "markdown")
    name = "leaflet.md.j2" if fmt == "markdown" else "leaflet.html.j2"
    return env.get_template(name).render(leaflet=leaflet)
