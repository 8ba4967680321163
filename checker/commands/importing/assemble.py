"""Assemble a document's statements: sentences, list items and table rows, in order.

This is the structural half of statement-making. A body paragraph is split into sentences
(an inline "(a) ... (b) ..." enumeration into a lead-in and its items); a sentence that only
makes sense with the one before it is joined to it ("This means ...", "If they refuse, ...",
"We will only do this with ..."); list items and table rows are read with their lead-in.
Classifying each statement is the job of `statements`.
"""
from __future__ import annotations

import re

from confide.commands.importing import cues
from confide.commands.importing.documents import Document, Paragraph
from confide.commands.importing.kinds import ANAPHORIC_START, REFUSAL_START, SKIP_SECTION
from confide.commands.importing.sentences import split_enumeration, split_sentences
from confide.commands.importing.statements import SHARE, Statement, classify
from confide.commands.importing.tables import row_statement

_BACK = re.compile(r"(?:all )?(?:such|these|this|that) (?:requests?|referrals?|disclosures?|information|decisions?)\b|"
                   r"the (?:request|referral|disclosure)s?\b", re.I)


def _units(p: Paragraph) -> list[tuple[str, str]]:
    """(role, text) units of a body paragraph: an inline enumeration gives a lead-in and items;
    otherwise sentences, with anaphoric and refusal sentences joined to the one before.
    """
    enum = split_enumeration(p.text)
    if enum:
        lead, items = enum
        return [("lead-in", lead)] + [("list-item", it) for it in items]
    units: list[tuple[str, str]] = []
    for s in split_sentences(p.text):
        if units and (ANAPHORIC_START.match(s) or REFUSAL_START.match(s)):
            role, prev = units.pop()
            start = p.text.find(prev)
            units.append((role, p.text[start:p.text.find(s, start) + len(s)]))
        else:
            units.append(("sentence", s))
    return units


def build(doc: Document, defined: dict[str, str] | None = None) -> list[Statement]:
    """All statements of a document, classified. A list item with no lead-in and several
    sentences (Word's automatic numbering often makes every clause a "list item") is read like
    a paragraph, sentence by sentence.
    """
    out: list[Statement] = []
    lead_of_para: dict[int, int] = {}
    for pi, p in enumerate(doc.paragraphs):
        if p.role in ("heading", "table-header"):
            continue
        skip = bool(SKIP_SECTION.match(p.heading))
        if p.role == "table-row":
            lead = lead_of_para.get(p.lead_in) if p.lead_in is not None else None
            lead_text = doc.paragraphs[p.lead_in].text if p.lead_in is not None else None
            st = row_statement(p, pi, lead_text, defined)
            if skip:
                st.kind = "irrelevant"
            st.lead_in = lead
            out.append(st)
            continue
        lead = lead_of_para.get(p.lead_in) if p.lead_in is not None else None
        if p.role == "list-item" and (lead is not None or len(split_sentences(p.text)) == 1):
            st = Statement(quote=p.text, para=pi, page=p.page, page_end=p.page_end, number=p.number,
                           role="list-item", item=p.item, lead_in=lead)
            classify(st, out[lead] if lead is not None else None, None, defined)
            if skip:
                st.kind = "irrelevant"
            out.append(st)
            continue
        units = _units(p)                        # a body paragraph, or a numbered item that is one
        prev: Statement | None = None
        enum_lead: int | None = None
        for k, (role, text) in enumerate(units, start=1):
            st = Statement(quote=text, para=pi, page=p.page, page_end=p.page_end, number=p.number, role=role,
                           sentence=k)
            if role == "list-item":
                st.lead_in, st.item = enum_lead, k - 1
                classify(st, out[enum_lead] if enum_lead is not None else None, None, defined)
            else:
                classify(st, None, prev, defined)
            if skip:
                st.kind = "irrelevant"
            if prev is not None and _continues(prev, st):
                _merge(prev, st, p.text)
                continue
            if prev is not None and out and out[-1] is prev and _conditions(prev, st):
                _take_condition(prev, st, p.text)
                out.pop()
            out.append(st)
            if role == "lead-in":
                enum_lead = len(out) - 1
            prev = st
        if out and out[-1].para == pi:
            lead_of_para[pi] = len(out) - 1
    return out


def _continues(prev: Statement, st: Statement) -> bool:
    """A sentence that adds a condition to the sharing rule before it, without naming a
    recipient of its own ("We will only give a reference with the former resident's written
    consent"; "We will try to get the resident's agreement first, but a referral can be made
    without it"), belongs to that rule.
    """
    if prev.kind not in SHARE or st.role != "sentence":
        return False
    if prev.kind == "prohibition" and st.kind == "share-clause" and set(st.recipients) <= set(prev.recipients) \
            and st.consent in ("required", "written", "preferences"):
        return True                                  # "We will not tell X. ... with their agreement, tell X"
    if st.kind == prev.kind and set(st.flags) & {"recipient-unnamed", "recipient-from-previous-sentence"}:
        # "... only with your agreement. If a court orders it, we will ...": a new condition, a second rule
        return not (prev.consent in ("required", "written", "preferences") and st.consent is None
                    and st.trigger.strip() != "")
    if st.kind == "procedure" and _BACK.search(st.quote[:50]):
        return True                                  # "All such requests must be passed to the manager"
    return st.kind in ("consent-rule", "procedure") and st.consent is not None and not st.records


_CONDITION_START = re.compile(r"\s*((?:if|where|when|whenever|once|should)\b[^.;]*?),\s", re.I)
_PRONOUN_OBJECT = re.compile(r"\b(?:share|report|pass|tell|give|send|refer|disclose|forward)\w* (?:it|this|that|"
                             r"this information|these details)\b", re.I)


def _conditions(prev: Statement, st: Statement) -> bool:
    """A sharing rule with no condition of its own that refers back with a pronoun ("We will share
    it with ...") to the sentence before, which is no rule but opens with one ("If you tell us you
    are being made to carry drugs, we will treat this as exploitation."): that condition is the rule's.
    """
    return st.kind in SHARE and st.role == "sentence" and not st.trigger.strip() and prev.kind not in SHARE \
        and prev.role == "sentence" and bool(_CONDITION_START.match(prev.quote)) \
        and bool(_PRONOUN_OBJECT.search(st.quote))


def _take_condition(prev: Statement, st: Statement, para_text: str) -> None:
    """Give the rule the previous sentence's condition, and quote both sentences."""
    m = _CONDITION_START.match(prev.quote)
    assert m is not None
    start = para_text.find(prev.quote)
    st.quote = para_text[start:para_text.find(st.quote, start) + len(st.quote)]
    st.trigger = m.group(1)
    st.wording = st.trigger + " " + st.quote
    st.threshold = cues.threshold_of(st.trigger)
    st.sentence = prev.sentence
    st.flags.append("condition-from-previous-sentence")


def _merge(prev: Statement, st: Statement, para_text: str) -> None:
    start = para_text.find(prev.quote)
    end = para_text.find(st.quote, start) + len(st.quote)
    prev.quote = para_text[start:end]
    if prev.kind == "prohibition" and st.consent:
        prev.consent = prev.consent or "required"
    if prev.kind == "share-clause":
        if st.consent and (prev.consent is None or st.consent == "not-required"):
            prev.consent = st.consent
    prev.steps = [x for x in ("seek-consent", "consult-supervisor", "inform-client", "record-decision")
                  if x in set(prev.steps) | set(st.steps)]
    prev.flags.append("joined-next-sentence")
