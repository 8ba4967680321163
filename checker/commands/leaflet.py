"""Checked protocol -> :class:`Leaflet`: the client's own explanation of confidentiality.

FDAP asks that the limits of confidentiality are explained to clients before any service.
Writing that leaflet by hand lets it drift from the protocol; generating it from the clauses
means it says what the protocol says, and promises nothing the protocol does not do:

- the limits come first, the most far-reaching first: what is shared in every case, then what
  is shared automatically, then what staff decide case by case; then what the client can say
  no to, what is shared only if they (or, where the clause says so, a parent) agree, and last
  what stays private;
- each situation is the trigger's own description, each recipient and each kind of data its
  declared name: plain vocabulary words stand in only where the protocol gives none, so two
  triggers are never told as one and a mislabelled trigger is told as what it is;
- each flow says what it rests on, as the check judges it (LANGUAGE.md §3): the law where a
  duty covers it, a serious risk judged each time, or otherwise the organisation's own rule;
- a safeguard is promised only as far as the clause keeps it: where ``except-where-unsafe``,
  ``except-in-emergency`` or a tipping-off law lets staff skip a step, the promise says so, and
  a step the clause does not have is said to be missing, not promised.

Words are short and plain (a test holds every leaflet to Flesch reading ease 60 or more).
Rendered by the report templates' escaping environment: protocol text is data, never markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from confide import vocabulary as V
from confide.check import Checked
from confide.graph import ObligationGraph, TriggerVerdict
from confide.language.model import Clause, DataCategory, Recipient, Share, Trigger

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
# Plain words for a standard: said only for a trigger the protocol gives no words of its own.
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
# Consent modes under which the sharing goes ahead whatever the client says: listed with the
# limits. A best-interests decision is taken for the client, not with their agreement, even
# where it counts as consent for the rules (§3).
WITHOUT_AGREEMENT = V.WITHOUT_CONSENT | {"best-interests"}
# First words of a declared name that are plainly not part of a proper name: written in lower
# case inside a sentence ("with anyone who phones", "the client's GP practice").
LEADING_WORDS = frozenset({"a", "an", "the", "any", "anyone", "anybody", "someone", "somebody", "everyone",
                           "all", "each", "every", "only", "our", "your", "their", "what", "whether", "where",
                           "how", "when", "who"})
OWN_RULE = "This is our own rule, not the law."
OWN_RULE_MODES = {
    "bundled": "You agree to it when you sign up with us. We do not offer the service without it.",
    "blanket": "We take it that you agree to it when you use our service.",
    "best-interests": "We may do it when we think you cannot decide for yourself.",
}
RECORD = "We will write down what we shared, with whom, and why."


@dataclass(frozen=True)
class Section:
    """A heading, short paragraphs and a list of points; ``level`` 2 or 3."""

    heading: str  # '' for more under the heading before it
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

    ``frame`` holds ``{data}`` and ``{who}``; ``head`` and ``tail`` are said before and after
    it as they stand (they may quote the protocol). Clauses that differ only in who receives,
    or only in what they share, say one thing to the client: "We share X with A and B".
    """

    frame: str
    data: tuple[str, ...]
    who: tuple[str, ...] = ()
    head: str = ""
    tail: str = ""

    def text(self) -> str:
        """The sentence in words."""
        body = self.frame.replace("{data}", _list(list(self.data))).replace("{who}", _list(list(self.who)))
        return self.head + body + self.tail


def merged(sentences: Iterable[Sentence]) -> list[str]:
    """The sentences in words, those that differ only in recipients (then only in data) as one."""
    recipients: dict[tuple[str, str, str, tuple[str, ...]], list[str]] = {}
    for sentence in sentences:
        key = (sentence.head, sentence.frame, sentence.tail, sentence.data)
        recipients.setdefault(key, []).extend(sentence.who)
    data: dict[tuple[str, str, str, tuple[str, ...]], list[str]] = {}
    for (head, frame, tail, what), who in recipients.items():
        data.setdefault((head, frame, tail, tuple(dict.fromkeys(who))), []).extend(what)
    return list(dict.fromkeys(Sentence(frame, tuple(dict.fromkeys(what)), who, head, tail).text()
                              for (head, frame, tail, who), what in data.items()))


def _list(items: list[str]) -> str:
    """'a, b and c'; 'a; b, c and d; and e' when an item is itself a list (a declared name often is)."""
    items = list(dict.fromkeys(items))
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if any("," in item or " and " in item for item in items):
        return f"{items[0]}, and {items[1]}" if len(items) == 2 else "; ".join(items[:-1]) + "; and " + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


def _inline(text: str, ordinary_nouns: bool) -> str:
    """A declared name as it reads inside a sentence: 'The client's GP' -> 'the client's GP'.

    Only a first word that is plainly not part of a proper name loses its capital: one of
    LEADING_WORDS, or (``ordinary_nouns``, for data) any capitalised word not followed by
    another ('Rent account balance'); 'Northshire Police', 'DWP' and 'Universal Credit claim'
    stay as written.
    """
    words = text.split(" ")
    first, second = words[0], words[1] if len(words) > 1 else ""
    if first.lower() in LEADING_WORDS or (
            ordinary_nouns and first[:1].isupper() and first[1:] == first[1:].lower() and not second[:1].isupper()):
        return text[:1].lower() + text[1:]
    return text


def _own_words(declared: Recipient | DataCategory | Trigger | None) -> str:
    """A declaration's own description, without a closing full stop ("" when it has none)."""
    return declared.label.text.strip().rstrip(".").strip() if declared is not None and declared.label else ""


def _party(graph: ObligationGraph, name: str) -> str:
    """A recipient in the protocol's own words: its declared name, else plain words for its kind.

    A declared name is a name, so it reads with 'the' ('with the Local neighbourhood policing
    team'), unless it starts with a word of its own that needs none ('anyone who phones',
    "Brackenbury's designated safeguarding lead").
    """
    declared = graph.unit.recipients.get(name)
    if declared is not None and declared.named_by_client is not None:
        return "the people you name"
    if own := _own_words(declared):
        words = _inline(own, ordinary_nouns=False)
        first = words.split(" ", 1)[0]
        return words if first.lower() in LEADING_WORDS or first.endswith(("'s", "s'")) else f"the {words}"
    kind = graph.recipient_kind(name)
    return RECIPIENT_WORDS[kind] if kind in RECIPIENT_WORDS and kind != "other" else name.replace("-", " ")


def _thing(graph: ObligationGraph, name: str) -> str:
    """A kind of data in the protocol's own words: its declared name, else plain words for its kind."""
    declared = graph.unit.data.get(name)
    if own := _own_words(declared):
        return _inline(own, ordinary_nouns=True)
    kind = graph.data_kind(name)
    return DATA_WORDS[kind] if kind in DATA_WORDS else name.replace("-", " ")


def _data(graph: ObligationGraph, share: Share) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_thing(graph, d.text) for d in share.data))


def _recipients(graph: ObligationGraph, share: Share) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_party(graph, name) for name in graph.recipients_of(share)))


def _situation(graph: ObligationGraph, trigger: str | None) -> str:
    """A trigger in its own words; a standard's plain words only where the protocol gives none."""
    if trigger is None:
        return "In every case"
    declared = graph.unit.triggers.get(trigger)
    if own := _own_words(declared):
        return own
    words = STANDARD_WORDS.get(graph.trigger_standard(trigger) or "")
    if words is None:
        return trigger.replace("-", " ").capitalize()
    if declared is not None:  # the protocol's own name says which of several such triggers this is
        return f"If {words} ({trigger.replace('-', ' ')})"
    return f"If {words}"


def _situations(graph: ObligationGraph, clause: Clause) -> str:
    return "; or ".join(dict.fromkeys(_situation(graph, t.text) for t in clause.when))


def _sharing(graph: ObligationGraph, share: Share, how: str = "") -> str:
    """The frame of 'We may share X with Y', or 'The police may then share X with Y' for a partner."""
    if share.by_staff:
        subject = "We"
    else:
        party = _party(graph, share.subject.text)
        subject = party[:1].upper() + party[1:]
        how = f"{how} then" if how else "then"
    verb = f"{subject} {how} " if how else f"{subject} "
    return f"{verb}make {{data}} public" if share.publish else f"{verb}share {{data}} with {{who}}"


def _sentence(graph: ObligationGraph, share: Share, frame: str, head: str = "", tail: str = "") -> Sentence:
    return Sentence(frame, _data(graph, share), () if share.publish else _recipients(graph, share), head, tail)


def build(checked: Checked) -> Leaflet:
    """The leaflet for one protocol: the limits first, then consent, then what stays private."""
    graph = checked.model
    header = graph.unit.root.header
    clauses = _reaching(graph)
    inside = [c for c in clauses if not graph.facts(c).discloses]
    without = [c for c in clauses if c.consent_mode in WITHOUT_AGREEMENT and c not in inside]
    opt_out = [c for c in clauses if c.consent_mode == "unless-objects" and c not in inside]
    agreed = [c for c in clauses if c not in without and c not in opt_out and c not in inside]
    limits = bool(without or opt_out)
    sections = [] if limits else [_private(graph, limits)]
    sections += _without(graph, without) if without else []
    sections += [_opt_out(graph, opt_out)] if opt_out else []
    sections += _with_agreement(graph, agreed)
    sections += [_private(graph, limits)] if limits else []
    sections += [_inside(graph, inside)] if inside else []
    if graph.clients in {"young-people", "all"}:
        sections.append(_young(graph))
    sections.append(_ask(graph))
    version = f" version {header.version.text}" if header and header.version else ""
    title = header.title.text if header else checked.path
    return Leaflet("What happens to what you tell us", graph.organisation, tuple(sections),
                   f"Made from the protocol \"{title}\"{version}.", contact(graph))


def _reaching(graph: ObligationGraph) -> list[Clause]:
    """The clauses that share what the client tells the service: its own, and a partner's only
    where the client's information reaches that partner (from the service, or on from another
    partner); in an agreement with no clause of the service's own, every partner's.
    """
    clauses = [c for c in graph.clauses if graph.sharing(c)]
    own = [c for c in clauses if all(graph.own(s.subject.text) for s in graph.sharing(c))]
    if not own:
        return clauses
    def reached(told: set[str]) -> list[Clause]:
        return [c for c in clauses if c in own or any(s.subject.text in told for s in graph.sharing(c))]

    told: set[str] = set()
    while True:  # on to whom those partners tell, until no one new is told
        more = {r for c in reached(told) for s in graph.sharing(c) for r in graph.recipients_of(s)}
        if more <= told:
            return reached(told)
        told |= more


def _inside(graph: ObligationGraph, clauses: list[Clause]) -> Section:
    """Sharing that is no disclosure (§3): to the organisation's own safeguarding lead or
    officer, or of data that does not name the client. Told, but after the limits: it is not one.
    """
    sentences = [_sentence(graph, s, f"{_sharing(graph, s, 'will' if s.modality.text == 'must' else 'may')}"
                 f"{', when this happens: ' + _situations(graph, c) if c.when else ''}.")
                 for c in clauses for s in graph.sharing(c)]
    return Section("What stays inside our organisation, or does not name you",
                   ("Some things go only to people inside our organisation, such as our safeguarding lead, "
                    "or are counts and facts that do not name you.",), tuple(merged(sentences)))


def _without(graph: ObligationGraph, clauses: list[Clause]) -> list[Section]:
    """The limits of confidentiality: one section per situation, the most far-reaching first.

    A clause with several triggers applies under each (§3), so it is told under each: what it
    rests on, and which safeguards hold, can differ from one trigger to the next. Clauses that
    come to the same situation, basis and safeguards are one section.
    """
    groups: dict[tuple[str | None, tuple[str, ...], tuple[str, ...]], list[Sentence]] = {}
    reach: dict[str | None, tuple[bool, bool]] = {}  # in every case first, then automatic, then case by case
    automatic: dict[tuple[str | None, tuple[str, ...], tuple[str, ...]], bool] = {}
    partners: dict[tuple[str | None, tuple[str, ...], tuple[str, ...]], bool] = {}  # what partners do next: after
    for clause in clauses:
        facts = graph.facts(clause)
        for verdict in facts.verdicts:
            trigger = verdict.trigger.text if verdict.trigger is not None else None
            key = (trigger, _basis(graph, clause, verdict) + _only_for(graph, clause), _steps(graph, clause, verdict))
            groups.setdefault(key, []).extend(
                _sentence(graph, s, f"{_sharing(graph, s, 'will' if s.modality.text == 'must' else 'may')}.")
                for s in graph.sharing(clause))
            rank = (trigger is not None, not facts.automatic)
            reach[trigger] = min(reach.get(trigger, rank), rank)
            automatic[key] = automatic.get(key, False) or facts.automatic
            partners[key] = partners.get(key, True) and not facts.staff_lines
    order = list(reach)  # a situation's sections stay together, the automatic ones first
    keys = sorted(groups, key=lambda k: (reach[k[0]], order.index(k[0]), partners[k], not automatic[k]))
    every = None in reach
    lead = Section("When we share without your agreement", (
        "We share some things about you even if you do not agree.",
        *(("Some things we share in every case. They come first.",) if every else ()),
        "Each heading below says when, in the words of our own policy.",
    ))
    sections: list[Section] = []
    previous: tuple[str, tuple[str, ...]] | None = None  # the situation and basis of the last section
    for trigger, basis, steps in keys:  # one heading a situation; what rests on the same thing, together
        situation = _situation(graph, trigger)
        points = (*merged(groups[trigger, basis, steps]), *steps)
        if previous == (situation, basis):
            last = sections.pop()
            sections.append(Section(last.heading, basis, (*last.points, *points), 3))
        else:
            sections.append(Section("" if previous and previous[0] == situation else situation, basis, points, 3))
        previous = (situation, basis)
    return [lead, *sections]


def _only_for(graph: ObligationGraph, clause: Clause) -> tuple[str, ...]:
    """Whom a clause narrower than the service applies to ('Only if you are 18 or over.')."""
    if clause.clients is None or clause.clients.text == graph.clients or clause.clients.text == "all":
        return ()
    return ("Only if you are 18 or over.",) if clause.clients.text == "adults" else ("Only if you are under 18.",)


def _basis(graph: ObligationGraph, clause: Clause, verdict: TriggerVerdict) -> tuple[str, ...]:
    """What the flow rests on under this trigger, as the check judges it (LANGUAGE.md §3)."""
    facts = graph.facts(clause)
    if verdict.duties:  # (a) a binding duty covers it
        return ("The law says we must share this.",) if facts.automatic else ("The law can make us share this.",)
    if verdict.harm:  # (b) serious harm permits it, case by case; it never obliges
        if facts.automatic:
            return ("The law lets us share this when someone is at serious risk. It does not make us.",
                    "Our own rule is to share every time.")
        return ("We share this only if we judge that someone is at serious risk. We decide each time.",)
    mode = clause.consent_mode
    if mode == "best-interests" and not facts.regardless:
        return ("We do this only if you cannot decide for yourself, and only if it is best for you.",)
    if not facts.staff_lines:  # a partner's clause: the rule is one the partners agreed, not ours alone
        return ("This is a rule our partners agreed, not the law.",)
    return (OWN_RULE, *((OWN_RULE_MODES[mode],) if mode in OWN_RULE_MODES else ()))


def _steps(graph: ObligationGraph, clause: Clause, verdict: TriggerVerdict) -> tuple[str, ...]:
    """The safeguards promised under this trigger, each with the condition that lets staff skip it."""
    named = {s.text for s in clause.steps}
    barred = {step for step in ("seek-consent", "inform-client")
              if verdict.trigger is not None and graph.laws_forbidding(verdict.standard, step)}
    unsafe = clause.except_where_unsafe and verdict.trigger is not None and verdict.standard in V.UNSAFE_TO_ASK
    emergency = clause.except_in_emergency

    def unless(doing: str) -> str:
        reasons = [*(("it is an emergency",) if emergency else ()), *((f"{doing} could put someone at risk",)
                                                                       if unsafe and doing else ())]
        return f", unless {' or '.join(reasons)}" if reasons else ""

    lines = []
    if "seek-consent" in named and "seek-consent" not in barred:
        lines += [f"We will ask you first{unless('asking')}.",
                  f"If you say no, we {'will' if graph.facts(clause).automatic else 'may'} still share."]
    if "consult-supervisor" in named:
        lines.append(f"We will talk to a senior member of staff first{unless('')}.")
    if "inform-client" in named and "inform-client" not in barred:
        lines.append(f"We will tell you what we are sharing, and why{unless('telling you')}.")
    if "inform-client" in barred:
        lines.append("The law says we are not allowed to tell you about it.")
    elif "seek-consent" in barred:
        lines.append("The law says we are not allowed to ask you first.")
    missing = [s for s in ("seek-consent", "inform-client") if s not in named and s not in barred]
    if len(missing) == 2:
        lines.append("We might share without asking you or telling you.")
    elif missing == ["seek-consent"]:
        lines.append("We might not ask you first.")
    elif missing:
        lines.append("We might not tell you that we have shared it.")
    if "record-decision" in named:
        lines.append(RECORD)
    if not any(share.by_staff for share in graph.sharing(clause)):  # the partner named just above does it
        lines = [line.replace("We ", "They ", 1).replace(" we ", " they ") for line in lines]
    return tuple(lines)


def _opt_out(graph: ObligationGraph, clauses: list[Clause]) -> Section:
    """Opt-out sharing: it happens unless the client says no, so the client is told how to."""
    sentences = []
    for clause in clauses:
        head = f"{_situations(graph, clause)}: " if clause.when else ""
        for share in graph.sharing(clause):
            frame = _sharing(graph, share, "will" if share.modality.text == "must" else "may")
            frame = frame[:1].lower() + frame[1:] if head else frame
            sentences.append(_sentence(graph, share, f"{frame}.", head))
    return Section("What we share unless you say no", (
        "We share these things unless you tell us not to.",
        "To say no, just tell your worker. You can say no at any time.",
    ), tuple(merged(sentences)))


def _with_agreement(graph: ObligationGraph, clauses: list[Clause]) -> list[Section]:
    """Opt-in sharing, saying whose agreement counts: the client's, or a parent's where the clause says so."""
    own, parents = [], []
    competent = False
    for clause in clauses:
        written = " in writing" if clause.consent_mode == "written" else ""
        who = clause.consent_from.text if clause.consent_from else "client"
        competent = competent or (who == "competent-client" and graph.applies_to_young_people(clause))
        for share in graph.sharing(clause):
            frame = _sharing(graph, share, "" if share.by_staff else share.modality.text)
            if who == "parent":
                parents.append(_sentence(graph, share, f"{frame} only if your parent or carer agrees{written}."))
            elif clause.consent_mode == "preferences" and share.by_staff and not share.publish:
                own.append(_sentence(graph, share, "You choose if we tell {who} about {data}."))
            else:
                own.append(_sentence(graph, share, f"{frame} only if you agree{written}."))
    sections = []
    if own:
        sections.append(Section("What we share only if you agree", (
            "We share these things only if you say yes.",
            "You can change your mind at any time. Just tell your worker.",
            *(("If you are under 18 and cannot decide for yourself yet, your parent or carer decides.",)
              if competent else ()),
        ), tuple(merged(own))))
    elif not parents:
        sections.append(Section("What we share only if you agree",
                                ("We do not share anything else about you unless you agree.",)))
    if parents:
        sections.append(Section("What we share if your parent or carer agrees", (
            "For these, your parent or carer decides, not you.",
        ), tuple(merged(parents))))
    return sections


def _private(graph: ObligationGraph, limits: bool) -> Section:
    """What stays private, and what the protocol forbids, qualified where another clause shares it."""
    shared = {(graph.data_kind(d.text), r) for c in graph.clauses for s in graph.sharing(c)
              for d in s.data for r in graph.recipients_of(s)}
    never = []
    for clause in graph.clauses:
        for share in clause.shares:
            if share.modality.text != "must-not" or not share.by_staff:
                continue
            forbidden = {(graph.data_kind(d.text), r) for d in share.data for r in graph.recipients_of(share)}
            head = "Apart from what this leaflet says above, we" if forbidden & shared else "We"
            tail = f", when this happens: {_situations(graph, clause)}." if clause.when else "."
            what = "make {data} public" if share.publish else "share {data} with {who}"
            never.append(_sentence(graph, share, f"{head} will never {what}", tail=tail))
    records = graph.unit.root.records
    safe = ("We keep your records safe.",) if records and records.storage else ()
    # Who may read the records (the protocol's `access` line): said as that, never as a contact.
    readers = (f"Who can read your records: {records.access.text.rstrip('.')}.",) if records and records.access else ()
    opening = (("Apart from what this leaflet says, what you tell us stays private.",) if limits else
               ("What you tell us stays private.", "We only share it in the ways set out in this leaflet."))
    return Section("What stays private", (*opening, *safe, *readers), tuple(merged(never)))


def _young(graph: ObligationGraph) -> Section:
    """Competence and parents: said only where the protocol provides for it, and only as it does."""
    assessment = graph.unit.root.assessment
    young = [c for c in graph.clauses if graph.applies_to_young_people(c) and graph.sharing(c)]
    parent_decides = any(c.consent_from is not None and c.consent_from.text == "parent"
                         and c.consent_mode not in WITHOUT_AGREEMENT for c in young)
    lines = []
    if assessment and any(a.text == "competence" for a in assessment.assesses):
        lines += ["We will check that you understand your choices.",
                  "If you do, you can make them yourself, except where this leaflet says your parent or carer decides."
                  if parent_decides else "If you do, you can make them yourself."]
    told = any(not _own_agreement(c) and any(graph.recipient_kind(r) in V.FAMILY_RECIPIENTS
                                             for s in graph.sharing(c) for r in graph.recipients_of(s))
               for c in young)
    if not told:
        lines.append("We will not tell your parents or carers unless you agree.")
    return Section("If you are under 18", tuple(lines))


def _own_agreement(clause: Clause) -> bool:
    """The clause shares only with the client's own agreement (not a parent's, not by opting out)."""
    who = clause.consent_from.text if clause.consent_from else "client"
    return clause.consent_mode in {"required", "written", "preferences"} and who != "parent"


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
