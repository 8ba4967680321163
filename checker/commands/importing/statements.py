"""Statements and their classification.

A statement is the smallest span of whole sentences that states one rule: usually a sentence,
a list item (which inherits its lead-in's rule) or a table row (`assemble` finds them). Each is
classified here: its kind (share-clause, prohibition, consent-rule, records-rule, ...), and for
a sharing rule its modality, recipients, data, consent, steps, standard and threshold.

Classification reads each statement's own words, plus only the declared context it depends on:
its list lead-in, its table's header and lead-in, and the recipients of the sentence before it
when it says "them". Nothing else about the document is consulted, so the same sentence gives
the same statement in any document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from confide.commands.importing import cues
from confide.commands.importing.clauses import Frame, external, find_frame
from confide.commands.importing.kinds import (
    CONSENT_FOCUS,
    CONSENT_WEAK,
    CONSENT_WORDS,
    LAW_SUBJECT,
    LIMITS,
    META,
    MINIMUM,
    PROCEDURE,
    PROMISE,
    PUBLICATION,
    RECORDS,
    assessment_lines,
    has,
    records_lines,
)
from confide.commands.importing.words import RECIPIENT_PATTERNS, find_mentions, plain

SHARE = ("share-clause", "prohibition")
_TERMINAL = re.compile(r"[.!?:;][\"'\u201d\u2019)\]]*\s*$")
_CLIENT_SUBJECT = re.compile(r"(?:^|[,;]\s*|\b(?:whether|that)\s+)(?:the )?(?:residents?|tenants?|you|"
                             r"young people|clients?|service users?|guests?|customers?|patients?)\s+(?:must|should|may|"
                             r"can|will|are not to|do not|cannot)\b(?! be\b)(?!.*\b(?:we|staff)\b)")
_VERBISH = re.compile(r"\b(?:will|must|may|can|should|shall|would|could|is|are|was|were|do|does|have|has)\b")


_WITHIN = re.compile(r"\b(?:shared?|sharing|passed|discussed|seen) (?:\w+ )?within (?:the|our|your|their|this|each)\b"
                     r"[^.,;]{0,40}\b(?:team|service|organisation|trust|staff|scheme|hostel|project)s?\b")
_BEFORE = re.compile(r"before (?:we|staff|you|they|sharing|any|a decision|disclosing|making)\b")


@dataclass
class Statement:
    """One statement with its location, its kind and, for sharing rules, its fields."""

    quote: str
    para: int                          # position of its paragraph in Document.paragraphs
    page: int
    page_end: int | None
    number: str | None
    role: str                          # sentence | lead-in | list-item | table-row
    sentence: int = 1
    item: int = 0
    kind: str = "irrelevant"
    modality: str | None = None
    recipients: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=lambda: ["case-file"])
    data_specified: bool = False
    consent: str | None = None         # as stated in the statement itself (None: silent)
    steps: list[str] = field(default_factory=list)
    standard: str | None = None
    wording: str = ""                  # the words a standard is looked for in (see cues.standard_of)
    threshold: str | None = None
    trigger: str = ""
    subject: list[str] = field(default_factory=list)
    lead_in: int | None = None         # index of the lead-in statement, for list items and rows
    flags: list[str] = field(default_factory=list)
    records: list[str] = field(default_factory=list)
    assessment: list[str] = field(default_factory=list)
    internal_only: bool = False
    para_mentions: list[str] = field(default_factory=list)   # outside recipients its words name
    names: dict[str, str] = field(default_factory=dict)       # recipient kind -> the document's words for it

def classify(st: Statement, lead: Statement | None, prev: Statement | None, defined: dict[str, str] | None) -> None:
    """Set the statement's kind and fields from its words (and its lead-in for a list item)."""
    text = st.quote
    if st.role in ("sentence", "lead-in") and not _TERMINAL.search(text) and not _VERBISH.search(plain(text)):
        return                                       # a title or heading-like fragment, not a rule
    if st.role == "list-item" and lead is not None and lead.kind == "irrelevant" and META.search(plain(lead.quote)):
        return                                       # the items of "You have the right to:" and the like
    frame = find_frame(text, defined)
    if st.role == "list-item" and lead is not None and lead.kind in SHARE + ("lead-in",):
        _inherit(st, lead, frame)
        return
    st.consent = cues.consent_of(text)
    st.steps = cues.steps_of(text)
    st.records = records_lines(text)
    st.assessment = assessment_lines(text)
    kind = _share_kind(st, frame, prev, defined)
    if kind is None:
        kind = _other_kind(st, text)
    st.kind = kind
    st.para_mentions = list(st.recipients) if kind in SHARE else \
        _tidy(external([k for _, _, k, _ in find_mentions(text, RECIPIENT_PATTERNS, defined)]))
    if st.role == "lead-in" or (kind in SHARE and text.rstrip().endswith(":")):
        if kind in SHARE:
            st.kind = "lead-in"


def _recipients(frame: Frame, prev: Statement | None) -> tuple[list[str], list[str]]:
    """(recipient kinds, flags): those the sharing verb names; else "them" resolved to whoever
    the sentence's conditions name ("If the police ask..., staff must show it to them") or the
    previous sentence's recipients; else whoever the sentence's conditions or other clauses name.
    """
    own = external(frame.recipients)
    if own:
        return _tidy(own), []
    if frame.pronoun and frame.antecedent[-1:] == ["client"] and not external(frame.antecedent):
        return [], ["client"]                        # "When a young person turns 18, we will talk to them"
    if frame.pronoun:
        req = _tidy(external(frame.requesters))
        if req:
            return req, ["recipient-from-condition"]
        if prev is not None and prev.kind in SHARE:
            return list(prev.recipients), ["recipient-from-previous-sentence"]
    fallback = [k for k in _tidy(external(frame.requesters) + external(frame.others)) if k != "public"]
    if fallback:
        return fallback, ["recipient-from-condition"]
    if prev is not None and prev.para_mentions:
        return list(prev.para_mentions), ["recipient-from-previous-sentence"]
    return [], []


def _tidy(kinds: list[str]) -> list[str]:
    """Drop a phone number's `emergency` and a quantifier's `anyone` when the sentence names who
    is meant; otherwise both are `other`.
    """
    specific = [k for k in kinds if k not in ("other", "emergency", "anyone")]
    out = [k for k in kinds if k not in ("emergency", "anyone") or not specific]
    return sorted({"other" if k in ("emergency", "anyone") else k for k in out})


def _share_kind(st: Statement, frame: Frame | None, prev: Statement | None,
                defined: dict[str, str] | None) -> str | None:
    """share-clause or prohibition if the statement is a sharing rule, else None."""
    text = st.quote
    low = plain(text)
    if frame is None or META.search(low) or LAW_SUBJECT.match(plain(frame.subject).strip()):
        return None
    if frame.past or frame.definition:
        return None                                  # history ("was shared") or a definition, not a rule
    if (frame.recipients and not external(frame.recipients) and not frame.pronoun) or \
            (frame.recipients[:1] == ["client"] and re.match(r"(?:tell|told|inform)", frame.verb)):
        st.internal_only = True
        return None                                  # only our staff or the client: a step, not a disclosure
    if MINIMUM.search(low):
        return None                                  # "share only the information needed": minimisation
    if _WITHIN.search(low) and not re.search(r"\bbut\b|\boutside\b|\bexcept\b", low):
        st.internal_only = True
        return None                                  # "shared within your care team": internal, not a disclosure
    if _BEFORE.match(low) and st.steps:
        return None                                  # "Before we share ..., the worker will discuss it": a procedure
    kinds, flags = _recipients(frame, prev)
    if flags == ["client"]:
        st.internal_only = True
        return None
    named = bool(external(frame.recipients))
    if has(RECORDS["access"], text) or has(CONSENT_FOCUS, text):
        return None
    if PUBLICATION.search(low) and (not named or re.match(r"us|publish|show|includ|photograph", frame.verb)):
        return None
    if not named and not text.rstrip().endswith(":") and (
            has(CONSENT_WEAK, text) or has(LIMITS, text) or has(PROMISE, text)
            or any(RECORDS[k].search(low) for k in ("log", "storage", "retention"))):
        return None                                  # (a list's lead-in is read for its rule even so)
    if _CLIENT_SUBJECT.search(plain(frame.subject).strip()):
        return None                                  # "Residents must not give the address to anyone"
    if not named and prev is not None and prev.kind in ("records-rule",) and prev.para == st.para:
        return None
    modality = frame.modality or "must"
    if not kinds:
        if modality == "must-not" and not re.match(r"(?:shar|disclos)", frame.verb):
            return None                              # "do not confirm it": no one is named, nor is sharing
        kinds, flags = ["other"], ["recipient-unnamed"]
    st.subject = sorted(set(external(_subject_kinds(frame, defined))))
    if len(set(kinds) - set(st.subject)) >= 2 and re.search(r"\b(?:parties|partners)\b", low):
        kinds = sorted(set(kinds) - set(st.subject))     # "the Probation Service may share with the other parties"
    st.recipients = kinds
    st.names = _names(frame, kinds)
    st.flags += flags
    if frame.modality is None:
        st.flags.append("modality-guessed")
    st.trigger = frame.trigger
    st.data, st.data_specified = cues.data_of(_without_recipients(frame.main if frame.main.strip() else text, defined))
    st.wording = frame.trigger + " " + frame.main if frame.trigger else text
    st.threshold = cues.threshold_of(frame.trigger)
    if modality == "must-not":
        st.consent = cues.prohibition_consent(text)
        st.modality = "must-not"
        return "prohibition"
    if modality == "must" and st.consent in ("required", "written", "preferences") and _conditioned(low):
        modality = "may"                             # "we will only share it if you agree" is a power
    if modality == "must" and re.search(r"\bonly\b", plain(frame.subject)) and re.match(r"\s*(?:if|where|when)\b",
                                                                                    plain(frame.trigger)):
        modality = "may"                             # "we will only give it ... if a court orders us to"
    if st.consent in ("required", "written", "preferences"):
        st.wording = ""                             # it rests on consent: no trigger to justify
    st.modality = modality
    return "share-clause"


def _names(frame: Frame, kinds: list[str]) -> dict[str, str]:
    """The document's own words for each recipient kind (the first mention), for the draft's declarations."""
    names: dict[str, str] = {}
    for kind, words in zip(frame.recipients, frame.recipient_words, strict=True):
        if kind in kinds:
            names.setdefault(kind, words)
    return names


def _without_recipients(text: str, defined: dict[str, str] | None) -> str:
    """The text with recipient names blanked, so "Youth Offending Team" is not read as data
    about offending.
    """
    low = plain(text)
    for s, e, kind, _ in reversed(find_mentions(text, RECIPIENT_PATTERNS, defined)):
        if kind not in ("client", "internal"):
            low = low[:s] + " " * (e - s) + low[e:]
    return low


def _conditioned(low: str) -> bool:
    return any(w in low for w in ("only", "with the", "with their", "with your", "if you agree", "if they agree",
                                  "where a ", "agrees", "with his", "with her", "at your request", "if you want"))


def _subject_kinds(frame: Frame, defined: dict[str, str] | None) -> list[str]:
    from confide.commands.importing.words import RECIPIENT_PATTERNS, find_mentions
    low = plain(frame.subject)
    return [k for s, _, k, _ in find_mentions(frame.subject, RECIPIENT_PATTERNS, defined)
            if not re.search(r"\bto (?:the |our |their |its )?$", low[max(0, s - 12):s])]   # "returns to X": X receives


def _other_kind(st: Statement, text: str) -> str:
    low = plain(text)
    if st.consent == "preferences" and CONSENT_WORDS.search(low + " consent"):
        return "consent-rule"
    if st.steps and PROCEDURE.search(low):
        return "procedure"
    if st.records:
        return "records-rule"
    if PUBLICATION.search(low) and (CONSENT_WORDS.search(low) or "use" in low or "show" in low):
        return "publication-rule"
    if LIMITS.search(low):
        return "limits-explained"
    if PROMISE.search(low):
        return "confidentiality-promise"
    if st.consent in ("unless-objects", "bundled", "not-required") and not st.records:
        return "consent-rule"
    if CONSENT_FOCUS.search(low) or CONSENT_WEAK.search(low) or \
            (CONSENT_WORDS.search(low) and (st.consent or st.assessment)):
        return "consent-rule"
    if st.steps or PROCEDURE.search(low):
        return "procedure"
    return "irrelevant"


# A lead-in that leaves its recipient to the items: "we will share ... with the following:", "... to:".
_RECIPIENT_SLOT = re.compile(r"\b(?:with|to) (?:the following|any of the following|these)\b|\b(?:with|to)\s*:\s*$",
                             re.I)
# Where a list item's opening noun phrase ("your GP, so that ...") ends.
_PHRASE_END = re.compile(r"[,;:.(]|\s(?:if|so|who|which|that|where|when|because|to|for|about)\s", re.I)


def _item_recipients(item: str) -> list[str]:
    """The recipient kinds an item's opening noun phrase names, under a lead-in whose items are
    the recipients ("... with the following:" / "- your GP, so that they can prescribe safely").
    """
    m = _PHRASE_END.search(item)
    head = item[:m.start()] if m else item
    return [k for _, _, k, _ in find_mentions(head, RECIPIENT_PATTERNS)]


def _inherit(st: Statement, lead: Statement, frame: Frame | None) -> None:
    """A list item under a sharing lead-in: the lead-in's modality, recipients, consent and data,
    with the item's own trigger (standard, threshold) and any recipient or data it names.
    """
    st.kind = "prohibition" if lead.modality == "must-not" else "share-clause"
    st.modality = lead.modality
    own = external(frame.recipients) if frame is not None else []
    if not own and _RECIPIENT_SLOT.search(lead.quote):
        own = external(_item_recipients(st.quote))
    st.recipients = sorted(set(own)) if own else list(lead.recipients)
    st.names = _names(frame, st.recipients) if own and frame is not None else dict(lead.names)
    st.consent = cues.consent_of(st.quote) or lead.consent
    data, specified = (cues.data_of(_without_recipients(frame.main, None)) if frame is not None
                       else (["case-file"], False))
    st.data, st.data_specified = (data, specified) if specified else (list(lead.data), lead.data_specified)
    st.steps = sorted(set(lead.steps) | set(cues.steps_of(st.quote)))
    st.wording = st.quote
    st.threshold = cues.threshold_of(st.quote)
    st.trigger = st.quote
    st.flags.append("from-lead-in")
