"""Find the sharing action in a sentence: its verb, whether it is negated, its modality, who
shares (the subject) and who receives.

A policy sentence usually has the shape [trigger,] subject modal VERB object [to/with
RECIPIENT] [where/if/unless trigger]. Reading it in that order, rather than collecting words
from anywhere in the sentence, keeps the police who *ask* ("If the police telephone asking...")
apart from the police who are *told*, and the partner who shares ("SRP will tell the panel")
apart from the one who receives. The trigger clauses are kept as the trigger text, where
standards and thresholds are looked for.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from confide.commands.importing.words import RECIPIENT_PATTERNS, find_mentions, plain

_LEAD = re.compile(
    r"^(?:(?:if|where|when|whenever|unless|once|before|after|because|although|while|whilst|as soon as|"
    r"in exceptional circumstances|for example|with (?:the|their|your|his|her)[^,]{0,40}(?:consent|agreement|"
    r"permission))\b[^,]*,\s*|in (?:an?|the) (?:medical |life-threatening )?emergenc\w*,?\s*)")
_ASIDE = re.compile(r"^(?:for example|such as|e\.g\.|including|or if|and if|or where|and where|or when|"
                    r"or|and|but|wherever possible|where possible|if possible|as a rule|normally|usually)\b[^,]*,\s*")
_TRAIL = re.compile(r"\s(?:where|if|when|whenever|unless|because|so that|in order to|to prevent|to protect|"
                    r"to help|to support|even if|even where|even when|even though|although|whether or not|before|"
                    r"after|provided that|"
                    r"as long as|except|other than)\b|[,;]\s*(?:unless|except|even if|but)\b")
_SEGMENT = re.compile(r";\s+|,\s+but\s+|,\s+and\s+(?=(?:we|staff|they|it|he|she|(?:the|their|your|his|her|our|a) "
                      r"\w+|copies|"
                      r"information)\s+(?:\w+\s+)?(?:will|must|may|should|can|are|is|do|does)\b)")
VERB = re.compile(
    r"\b(?:shar(?:e|es|ed|ing)|disclos(?:e|es|ed|ing)|pass(?:es|ed|ing)?(?= (?:[\w-]+ ){0,2}?(?:on|to|it|this|them|"
    r"that|information|details|names?|a message)\b)|tell(?:s|ing)?|told|inform(?:s|ed|ing)?|"
    r"report(?:s|ed|ing)?|refer(?:s|red|ring)?|(?:make|makes|made|making) (?:a|the|an?) (?:\w+ )?referrals?|"
    r"referrals? (?:will|must|should|may|can|is|are)(?: \w+)? (?:be )?made|"
    r"notif(?:y|ies|ied|ying)|giv(?:e|es|en|ing)|gave|provid(?:e|es|ed|ing)|send(?:s|ing)?|sent|"
    r"contact(?:s|ed|ing)?|confirm(?:s|ed|ing)?|discuss(?:es|ed|ing)?|let(?= [^.]{1,60}\bknow\b)|"
    r"keep(?:s)?(?= [^.]{1,40}\binformed\b)|kept informed|show(?:s|n|ed|ing)?|releas(?:e|es|ed|ing)|"
    r"alert(?:s|ed|ing)?|forward(?:s|ed|ing)?|call(?:s|ed|ing)?(?= (?:the police|999|112|an ambulance|the emergency|"
    r"emergency))|writ(?:e|es|ing) to|wrote to|suppl(?:y|ies|ied)|bring(?:s)? to|brought to|"
    r"look(?:s)? at|view(?:s|ed)?|access(?:es|ed)?|inspect(?:s|ed)?|publish(?:es|ed|ing)?|"
    r"(?:make|makes|made) (?:a |an )?(?:written |formal )?requests? for|request(?:s|ed)? (?:information|details|"
    r"access|to (?:see|view))|requests? for (?:[\w-]+ ){0,2}(?:information|details|records|disclosure)|us(?:e|es|"
    r"ed|ing)(?=[^.]{0,60}\b(?:newsletter|website|social media|publicity|"
    r"research|marketing|stories|photograph))|co-?operate (?:fully )?with|"
    r"(?:talk|speak)(?:s|ing)? (?:about (?:you|them|him|her|residents|customers|clients|young people) )?(?:to|with)|"
    r"ask(?:s|ed)?(?= [^.]{1,60}?\bto (?:consider |make )?(?:making )?(?:a |an )?(?:\w+ )?referral)|"
    r"referrals? to(?= (?:an?|the|their|your) )|"
    r"rais(?:e|es|ed|ing) (?:a |an |any |the |their )?(?:[\w-]+ ){0,2}(?:concerns?|alerts?)(?= (?:with|to)\b)|"
    r"answer(?:s|ed|ing)? (?:any |all )?(?:requests?|questions?|enquiries|queries)(?: for information)? from|"
    r"see(?= (?:[\w'-]+ ){0,3}(?:records?|files?|notes|information|footage|details)\b))(?![a-z])")
_NOT_INFO = re.compile(r"^\s*(?:(?:the|a|an|some|any|general|further|more|our|your|their|them|you|him|her|"
                       r"practical|free|specialist|extra)\s+){0,3}(?:advice|support|help|guidance|training|a "
                       r"copy|copies of (?:the|our) "
                       r"(?:leaflet|policy)|a leaflet|leaflets|treatment|a service|services|care|a final warning|"
                       r"notice to quit|a warning|harm reduction|procedures?|polic(?:y|ies)|induction|"
                       r"(?:this|these|that) (?:procedure|policy|guidance|leaflet|statement|form)s?)\b")
NOMINAL_PREV = {"a", "an", "the", "of", "for", "about", "on", "in", "information", "data", "direct", "any", "this",
                "such", "our", "their", "your", "its", "no", "under", "into", "who", "which", "delay", "limit",
                "those", "these", "secure", "subject", "initial", "first", "allowed", "given", "gain", "have", "has",
                "grant", "granted", "regular", "close", "personal", "little", "without"}
_COMPOUND_NEXT = re.compile(r"^\s*(?:details|numbers?|forms?|records?|dates?|points?|centres?|logs?|teams?|"
                            r"officers?|requests?|arrangements?|routes?)\b")
_INFO = re.compile(r"\b(?:information|details|data|names?|records?|reports?|copies|copy|notes|footage|images?|"
                   r"references?|summar\w+|results?|files?|it|this|them|that|address\w*|whereabouts|dates?|"
                   r"assistance|anything|everything|prescriptions?|referrals?|letters?|alerts?|figures|returns|"
                   r"history|concerns?|reasons?|risks?|evidence|statements?|access|books?|logs?|registers?|cctv|statistics|"
                   r"what (?:the |it |they )?(?:\w+ )?(?:asks? for|requires?))\b")
_PARTICIPLES = {"given", "sent", "shown", "provided", "passed", "released", "supplied"}
_CONDITION_PASSIVE = re.compile(r"\b(?:when|if|once|after|before|until|while)\s+(?:[\w']+\s+){1,3}(?:is|are|was|were|"
                                r"has been|have been|gets?|got)\s+(?:\w+ly\s+)?$")
_PAST = re.compile(r"\b(?:was|were|had(?: been)?)\s+(?:\w+ly\s+)?$")
_DEFINITION = re.compile(r"\b(?:means?|is defined as|refers? to|includes)\s*$|^\s*[\w\"' -]{1,40}:\s*$")
_SUBORDINATE = re.compile(r"\b(?:unless|because|so that|although|except|whereas|otherwise)\b")
_MODAL_ANY = re.compile(r"\b(?:will|must|may|can|cannot|should|shall|would|could|do|does|is|are)\b")
_INBOUND = re.compile(r"^\s*(?:to |with )?us\b|^(?:\s+[\w']+){0,3}?\s+(?:with|to) us\b|^(?:\s*on)? (?:a|the) message|"
                      r"^\s*it on\b|^\s*them on\b|^(?:\s+[\w'.]+){1,5}?\s+(?:yourself|themselves|himself|herself)\b")
NEGATION = re.compile(r"\b(?:not|never|no one|nobody|nothing|neither|nor|cannot|can't|won't|don't|doesn't|"
                      r"shouldn't|mustn't|isn't|aren't)\b")
MAY = re.compile(r"\b(?:may|can|could|might|is able to|are able to|is allowed to|are allowed to|are happy to|"
                 r"is happy to|should consider|will consider|consider(?:s|ing)? (?:making|whether)|"
                 r"at (?:their|our|its|the \w+'s) discretion|are entitled to|is entitled to|reserves? the right to)\b")
MUST = re.compile(r"\b(?:must|will|shall|should|have to|has to|need to|needs to|required to|requires? \w+(?: \w+)? to|"
                  r"duty to|obliged to|always|is expected to|are expected to|is to|are to)\b")
PASSIVE = re.compile(r"\b(?:be|been|being|is|are|was|were)\s+(?:\w+ly\s+)?(?:told|informed|kept informed|"
                     r"notified|contacted|made aware|alerted|given|sent|shown|asked)\b(?!\s+(?:to|with)\b)")
ACCESS = re.compile(r"^(?:look|view|access|inspect|see|make|made|request|co-?operate)")
_SOURCE = re.compile(r"\b(?:from|received from|provided by|through|via|on behalf of|by)\s+(?:the\s+|their\s+|its\s+)?"
                     r"(?:(?:[\w'-]+\s+){1,3}(?:or|and)\s+(?:the\s+)?|[\w' -]+,\s+)?$|"
                     r"\b(?:agreement|consent|permission|approval|authority) of (?:the\s+)?$|"
                     r"\b(?:outside|except|other than|within)\s+(?:the\s+|our\s+)?$")


@dataclass
class Frame:
    """The sharing action of one sentence, as found."""

    verb: str = ""
    verb_at: int = -1
    negated: bool = False
    modality: str | None = None
    subject: str = ""
    main: str = ""
    trigger: str = ""
    recipients: list[str] = field(default_factory=list)     # kinds, in order of mention
    recipient_words: list[str] = field(default_factory=list)
    requesters: list[str] = field(default_factory=list)     # kinds named in the trigger clauses
    pronoun: bool = False                                   # the recipient is "them"/"it"
    others: list[str] = field(default_factory=list)         # kinds named in the sentence's other clauses
    antecedent: list[str] = field(default_factory=list)     # kinds named before the verb (what "them" may mean)
    clause_at: int = 0                                      # where the verb's own clause starts in `main`
    past: bool = False                                      # "was shared", "were giving": history, not a rule
    definition: bool = False                                # "'sharing' means giving ...", "Disclosure: passing ..."


def split_trigger(text: str) -> tuple[str, str]:
    """(main clause, trailing trigger): a condition after the sharing verb ("where ...", "unless
    ...") is trigger wording, not part of what is shared or with whom.
    """
    low = plain(text)
    verbs = _verbs(low)
    verb_end = verbs[0].end() if verbs else None
    for m in _TRAIL.finditer(low):
        if verb_end is None or m.start() >= verb_end:
            return text[:m.start()], text[m.start():].strip()
    return text, ""


def modality_of(before: str, negated: bool) -> str | None:
    """Modality from the words before the verb: the nearest modal wins."""
    if negated:
        return "must-not"
    low = plain(before)
    cands = [(m.end(), "may") for m in MAY.finditer(low)] + [(m.end(), "must") for m in MUST.finditer(low)]
    if not cands:
        return None
    return max(cands)[1]


def _verbs(low: str) -> list[re.Match[str]]:
    """Sharing verbs in verbal use: not "information sharing", not "who contact us", not "tell us"."""
    out: list[re.Match[str]] = []
    for m in VERB.finditer(low):
        prev = re.findall(r"[a-z'-]+", low[:m.start()])[-1:] or [""]
        if prev[0] in NOMINAL_PREV and not m.group().startswith(("make", "made", "referral")):
            continue
        if re.search(r"\b(?:decisions? (?:about whether |whether )?to|whether to|what (?:you|they|he|she|[a-z]+s?)"
                     r"(?: \w+)?)\s*$", low[:m.start()]) and \
                m.group().startswith(("shar", "disclos", "tell", "told", "refer")):
            continue                              # "the decision to share", "what they tell staff"
        after = low[m.end():]
        if (m.group().startswith(("contact", "report", "refer", "releas", "access", "view", "request", "call", "suppl"))
                and _COMPOUND_NEXT.match(after)) or _subordinate(low[:m.start()]):
            continue
        if _INBOUND.match(after) or _not_information(m, low):
            continue
        if out and re.search(r"\b(?:that|whether|what|when|how)\b", low[out[-1].end():m.start()]) and \
                out[-1].group().startswith(("tell", "told", "inform", "confirm", "let", "notif")):
            continue                              # "tell the resident that we have shared it": what is told
        if re.search(r"\b(?:encourag|help|support|enabl|allow|invit)\w* (?:[\w']+ ){0,4}to\s*$", low[:m.start()]):
            continue                              # "encourage a young person to talk to their parents"
        if m.group() == "referred" and re.match(r"[^.;]{0,60}?\bby\b", after):
            continue                              # "referred to us by their school": inbound
        if re.match(r"[^.;]{0,40}?\bto explain (?:why|that|our|the (?:decision|reason))", after):
            continue                              # "write to the agency to explain why": a refusal, no disclosure
        if _CONDITION_PASSIVE.search(low[:m.start()]):
            continue                              # "when you are referred": a condition, not an action
        out.append(m)
    return out


def _not_information(m: re.Match[str], low: str) -> bool:
    """"Give", "provide", "send" and "show" disclose only when what they hand over is
    information ("give advice", "provide accommodation", "show their warrant card" do not). In
    the passive ("Footage will not be shown to ...") the information is the subject.
    """
    if not m.group().startswith(("giv", "gave", "provid", "send", "sent", "show")):
        return False
    after = low[m.end():]
    if _NOT_INFO.match(after):
        return True
    around = after[:160] + " " + (low[max(0, m.start() - 120):m.start()] if m.group() in _PARTICIPLES else "")
    return not _INFO.search(around)


def _subordinate(before: str) -> bool:
    """Is a verb inside an "unless"/"because" clause that follows a main clause of its own ("we
    cannot prescribe ... unless we can share information with your GP")?
    """
    subs = list(_SUBORDINATE.finditer(before))
    return bool(subs) and bool(_MODAL_ANY.search(before[:subs[-1].start()]))


def _frame(main: str, trigger: str, extra: dict[str, str] | None, k: int) -> Frame | None:
    """The frame of the k-th sharing verb of a clause. Its recipients are looked for between
    the verb and the next sharing verb that starts a new action ("tell the DSL and a referral
    will be made to X" has two actions; "call 999 and give the crew" shares one subject).
    """
    low = plain(main)
    verbs = _verbs(low)
    if len(verbs) <= k:
        return None
    m = verbs[k]
    f = Frame(verb=m.group(), verb_at=m.start(), main=main, trigger=trigger)
    before = low[:m.start()]
    sentence_start = max(before.rfind(". "), before.rfind(", and "), before.rfind(", but "))
    local = before[sentence_start + 1:] if sentence_start >= 0 else before
    bound = [b.end() for b in re.finditer(r"\b(?:unless|if|where|when|whether|because|so that|although)\b|[,;:]",
                                          local)]
    if bound:
        local = local[bound[-1]:]
    f.negated = bool(NEGATION.search(local)) and not re.search(r"\bwhether or not\b|\bnot only\b", local)
    f.modality = modality_of(local, f.negated)
    f.past = f.modality is None and bool(_PAST.search(local))
    if re.search(r"request", m.group()) and not m.group().startswith("answer") and not f.negated:
        f.modality = "may"                        # they may ask; we decide what to release
    if f.modality is None and re.search(r"\b(?:we|staff|they|it|he|she|the \w+|\w+s)\s+(?:\w+ly\s+)?$", local):
        f.modality = "must"                       # present tense: "We send", "The council gives"
    f.subject = main[max(0, sentence_start + 1):m.start()]
    f.clause_at = max(0, sentence_start + 1)

    f.definition = bool(_DEFINITION.search(plain(f.subject).strip()))
    passive = bool(PASSIVE.search(low[max(0, m.start() - 30):m.end() + 1]))
    subject_receives = passive or bool(ACCESS.match(m.group()))
    region_end = len(low)
    nxt = [v.start() for v in verbs[k + 1:] if not re.search(r"\b(?:and|or)\s+$", low[m.end():v.start()])]
    cut = re.search(r"\band (?:must|will|should|may|can)\b", low[m.end():])
    if m.group().startswith("ask"):
        cut = re.search(r"\bto\b", low[m.end():])
    elif m.group().startswith(("talk", "speak")):
        cut = re.search(r"\babout\b", low[m.end():]) or cut     # "talk to them about moving to a service"
    region_end = min([region_end] + nxt + ([m.end() + cut.start()] if cut else []))
    joined = [v.start() for v in verbs[k + 1:] if v.start() < region_end]
    kinds, words = [], []
    for s, e, kind, w in find_mentions(main, RECIPIENT_PATTERNS, extra):
        in_subject = s < m.start()
        if s >= region_end or (low[e:e + 2] == "'s" and kind in ("anyone", "other", "client")):
            continue                              # "someone else's safety" names no recipient
        if kind in ("internal", "client") and any(v < s for v in joined):
            continue                              # "give what it requires and tell the manager": a step
        to_in_subject = in_subject and s > sentence_start and bool(re.search(r"\bto (?:the |our |their |its )?$",
                                                                             low[max(0, s - 12):s]))
        if in_subject and not to_in_subject and (not subject_receives or s < sentence_start):
            continue                              # ("Returns to the commissioner give ...": the commissioner receives)
        if not in_subject and (_SOURCE.search(low[max(m.end(), s - 30):s]) or _content(low[m.end():s])
                               or re.match(r",? as (?:our|the|their|its) ", low[e:])):
            continue                              # "the Council, as our commissioner": the role names it
        kinds.append(kind)
        words.append(main[s:e] if len(main) == len(low) else w)
    f.recipients, f.recipient_words = kinds, words
    after = low[m.end():]
    f.pronoun = bool(re.match(r"\s*(?:it|this|them|him|her|that|one)\b", after) or
                     re.search(r"\b(?:to|with) (?:them|him|her)\b", after))
    return f


_CONTENT = re.compile(r"\b(?:that|whether|who|what|whose|about)\b")
_LINK = re.compile(r"\b(?:to|with|and|or|including|includes|such as)\b|,")


def _content(between: str) -> bool:
    """Is a mention after the verb part of what is said ("tell the police whether the person is
    a resident", "who their next of kin is") rather than who is told?
    """
    c = [m.end() for m in _CONTENT.finditer(between)]
    link = [m.end() for m in _LINK.finditer(between)]
    return bool(c) and (not link or max(c) > max(link))


def find_frame(text: str, extra: dict[str, str] | None = None) -> Frame | None:
    """The sharing action of a sentence, or None if it describes none. A sentence of several
    clauses ("..., but it will not be passed to anyone outside") gives the clause that names an
    outside recipient, else the first clause with a sharing verb.
    """
    low = plain(text)
    lead: list[str] = []
    start = 0
    for _ in range(3):
        m = _LEAD.match(low[start:]) or (_ASIDE.match(low[start:]) if lead else None)
        if not m:
            break
        lead.append(text[start:start + m.end()])
        start += m.end()
    rest = text[start:]
    bounds = [0] + [m.end() for m in _SEGMENT.finditer(plain(rest))] + [len(rest)]
    frames: list[Frame] = []
    segments = [rest[a:b] for a, b in pairwise(bounds)]
    for n, seg in enumerate(segments):
        main, trail = split_trigger(seg)
        if trail and _DANGLING_AND.search(plain(trail)) and n + 1 < len(segments) and \
                not _verbs(plain(segments[n + 1])):
            trail += " " + segments[n + 1]           # "only if you are 16, ..., and | the risk is high."
        for k in range(len(_verbs(plain(main)))):
            f = _frame(main, " ".join(lead + [trail]).strip(), extra, k)
            if f is not None:
                frames.append(f)
    if not frames:
        return None
    best = next((f for f in frames if external(f.recipients)), None) or \
        next((f for f in frames if f.pronoun), None) or \
        next((f for f in frames if not f.recipients), None) or frames[0]
    best.trigger = tidy_trigger(best.trigger)
    best.requesters = [k for _, _, k, _ in find_mentions(best.trigger, RECIPIENT_PATTERNS, extra)]
    before = " ".join(lead) + " " + best.subject
    best.antecedent = [k for _, _, k, _ in find_mentions(before, RECIPIENT_PATTERNS, extra)]
    at = text.find(best.main) + best.clause_at       # a sentence before the verb's own one is context
    best.others = [k for s, e, k, _ in find_mentions(text, RECIPIENT_PATTERNS, extra)
                   if not (at <= s < at + len(best.main) - best.clause_at) and plain(text)[e:e + 2] != "'s"]
    return best


_DANGLING_AND = re.compile(r"(?:,\s*|\s)(?:and|or)\s*$")
_DANGLING = re.compile(r"(?:[\s,;:]|\b(?:and|but|or|so|then|yet)\b)+$", re.I)


def tidy_trigger(text: str) -> str:
    """A trigger description as a reviewer reads it: where the sharing clause was cut out of the
    sentence, no ", ," and no dangling "and"/"but" ("If you are 16 or over, , except in ...").
    """
    t = re.sub(r"\s+", " ", text).strip()
    t = re.sub(r"\s*,(?:\s*,)+", ",", t)
    t = re.sub(r"^[\s,;:]+", "", t)
    return _DANGLING.sub("", t) if _DANGLING.search(t) and not t.endswith(".") else t


def external(kinds: list[str]) -> list[str]:
    """Recipient kinds that are disclosures: not our own staff and not the client."""
    return [k for k in kinds if k not in ("internal", "client", "nominated-officer")]
