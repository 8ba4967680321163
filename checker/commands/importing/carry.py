"""Declared carry-over between statements: what one statement says about others.

Policies state a rule in one place and its conditions in another: the steps for a list of
exceptions in the next paragraph ("the decision to share information under paragraph 4.1 will
be made by the manager"), an opt-out in the paragraph after a GP letter ("If you do not want us
to contact your GP, tell your worker"), consent signed with a licence for "the agencies listed
in Appendix B". Each carry-over below follows an explicit link in the text (a cross-reference,
a reference back such as "for this", a named list of agencies, a scope such as "decisions to
share without your consent", or the same paragraph or section), and each is flagged on the item
it changes ("consent-from:#7", statement 7, which `items` turns into that statement's REF), so a
reviewer can see where a field came from.
"""
from __future__ import annotations

import re

from confide.commands.importing.documents import Document
from confide.commands.importing.statements import SHARE, Statement
from confide.commands.importing.words import plain

_XREF = re.compile(r"\b(?:paragraphs?|sections?|clauses?|para\.?)\s+(\d{1,2}(?:\.\d{1,3})*)", re.I)
_SCOPE_NO_CONSENT = re.compile(r"(?:decisions?|decide|decided) (?:to|whether to) (?:share|disclose)[^.]{0,40}without|"
                               r"(?:share|disclose|sharing|disclosure)[^.]{0,40}without (?:your |their |the "
                               r"\w+'s |a \w+'s )?"
                               r"(?:consent|agreement|permission)")
_PROCEDURE_ABOUT = re.compile(r"referr|refer\b|shar|disclos|decision|decide")
_EMERGENCY = re.compile(r"immediate danger|emergenc|\b999\b|life is in danger|life-threatening")
_BACK_REF = re.compile(r"\bfor this\b|\bto do this\b|\bthis information\b|\bdo so\b|\bthis\b")
_LISTED_IN = re.compile(r"(?:listed|set out|named|shown) in (appendix|annex|schedule|table)\s+([a-z0-9]+)", re.I)
_ENFORCEMENT = {"police", "court", "nca"}
# A cross-reference from a rule to the section that gives its procedure: "must follow the procedure
# in section 7", "(see section 7)", "as set out in paragraph 9.2".
_CITES = re.compile(r"\b(?:see|in|under|follow\w*|set out in|described in)\s+(?:the procedure (?:in|at)\s+)?"
                    r"(?:sections?|paragraphs?|paras?\.?|clauses?|part)\s+(\d{1,2}(?:\.\d{1,3})*)\b")
# A declaration whose subject is every sharing the section or document makes ("in all these cases").
_SCOPE_ALL = re.compile(r"\bin (?:all|each|any) (?:of )?(?:these|those|such) (?:cases|situations|circumstances)\b")
_STEP_ORDER = ("seek-consent", "consult-supervisor", "inform-client", "record-decision")


def carry_steps(sts: list[Statement], doc: Document) -> None:
    """Add the steps of procedure statements to the sharing rules they govern."""
    for i, proc in enumerate(sts):
        if not proc.steps or proc.kind in SHARE or proc.kind == "lead-in":
            continue
        text = plain(" ".join(s.quote for s in sts if s.para == proc.para))
        targets: list[int] = []
        refs = set(_XREF.findall(text))
        if refs:
            targets = [j for j, s in enumerate(sts) if s.kind in SHARE and
                       (s.number in refs or (s.lead_in is not None and sts[s.lead_in].number in refs))]
        elif _SCOPE_NO_CONSENT.search(plain(proc.quote)):
            targets = [j for j, s in enumerate(sts) if s.kind in SHARE and s.consent == "not-required"
                       and "consent-unstated" not in s.flags and not _EMERGENCY.search(plain(s.quote))]
        else:
            same_para = [j for j in range(i) if sts[j].para == proc.para and sts[j].kind in SHARE]
            targets = same_para
            if not same_para and _PROCEDURE_ABOUT.search(plain(proc.quote)):
                targets = [j for j in range(i) if sts[j].page == proc.page and sts[j].kind == "share-clause"
                           and doc.paragraphs[sts[j].para].heading == doc.paragraphs[proc.para].heading
                           and not _EMERGENCY.search(plain(sts[j].quote))]
        _add_steps(sts, targets, proc.steps, i)
    _carry_declared(sts, doc)


def _add_steps(sts: list[Statement], targets: list[int], steps: list[str], source: int) -> None:
    """Add `steps` to each target sharing clause, flagged with the statement they came from."""
    for j in targets:
        new = [s for s in steps if s not in sts[j].steps]
        if new and sts[j].kind == "share-clause":
            sts[j].steps = [s for s in _STEP_ORDER if s in set(sts[j].steps) | set(new)]
            sts[j].flags.append(f"steps-from:#{source}")


def _section(s: Statement, doc: Document) -> str:
    """The top-level section of a statement: its own number's first part, else its heading's
    number, else the heading itself (a document that does not number its sections).
    """
    if s.number:
        return s.number.split(".")[0]
    heading = doc.paragraphs[s.para].heading
    m = re.match(r"\s*(?:section\s+)?(\d{1,2})\b", heading, re.I)
    return m.group(1) if m else "heading:" + heading


_COMPELLED = {"court-order", "coroner-notice"}


def _without_consent(s: Statement) -> bool:
    """A sharing clause that does not rest on consent, and is neither an emergency call nor
    compelled (a court order or coroner's notice is complied with, not decided).
    """
    return s.kind == "share-clause" and s.consent in (None, "not-required") and \
        not _EMERGENCY.search(plain(s.quote)) and s.standard not in _COMPELLED and "anonymised" not in s.data


def _carry_declared(sts: list[Statement], doc: Document) -> None:
    """Steps a paragraph or section declares for every sharing without consent, and steps a rule
    takes from the numbered section it cites.

    A declaration is a paragraph that states steps (its own sentences, its list items) and whose
    subject is sharing without consent ("Before we share information without your consent, ...",
    "Every disclosure without consent must be agreed by ...", "We will only share without your
    agreement where ... Before we do, ..."), or that says "in all these cases"; a section whose
    heading is such a subject ("Procedure for sharing without consent") declares the steps of all
    its procedure statements. A declaration names more than a record (a log of disclosures is a
    records rule). Its steps go to the clauses of its section that do not rest on consent, and to
    every clause of the document that says it shares without consent. A rule that cites a section
    ("see section 7") whose statements state steps takes them; a sentence about
    all sharing without consent that cites one gives them to its section.
    """
    def stated(js: list[int]) -> list[str]:
        return sorted({x for j in js if sts[j].kind not in SHARE or "recipient-unnamed" in sts[j].flags
                       for x in sts[j].steps})

    by_para: dict[int, list[int]] = {}
    for j, s in enumerate(sts):
        by_para.setdefault(sts[s.lead_in].para if s.lead_in is not None else s.para, []).append(j)
    for para, js in by_para.items():
        heading = plain(doc.paragraphs[para].heading)
        scoped = _SCOPE_NO_CONSENT.search(heading) and "procedure" in heading
        if scoped:
            js = [j for j, s in enumerate(sts) if doc.paragraphs[s.para].heading == doc.paragraphs[para].heading]
        text = plain(" ".join(sts[j].quote for j in js))
        steps = stated(js)
        declares = scoped or _SCOPE_NO_CONSENT.search(text) or _SCOPE_ALL.search(text)
        if set(steps) - {"record-decision"} and declares:
            source = next(j for j in js if sts[j].steps)
            home = _section(sts[source], doc)
            _add_steps(sts, [t for t, s in enumerate(sts) if _without_consent(s) and
                             (s.consent == "not-required" or _section(s, doc) == home)], steps, source)
    for i, st in enumerate(sts):
        for number in _CITES.findall(plain(st.quote)):
            cited = [j for j, s in enumerate(sts) if s.kind not in SHARE and s.steps and
                     (s.number == number or (s.number or "").startswith(number + ".") or
                      ("." not in number and not s.number and _section(s, doc) == number))]
            steps = stated(cited)
            if not steps:
                continue
            if st.kind == "share-clause":
                _add_steps(sts, [i], steps, cited[0])
            if (st.kind not in SHARE or "recipient-unnamed" in st.flags) and \
                    (_SCOPE_NO_CONSENT.search(plain(st.quote)) or st.kind in ("lead-in", "limits-explained")):
                home = _section(st, doc)
                _add_steps(sts, [t for t, s in enumerate(sts) if _without_consent(s) and _section(s, doc) == home],
                           steps, cited[0])


def carry_consent(sts: list[Statement], doc: Document) -> None:
    """Consent stated after a rule, and consent signed for a named list of agencies."""
    for i, st in enumerate(sts):
        if st.kind != "consent-rule" or st.consent is None or st.sentence != 1:
            continue
        prev_para = [j for j in range(i) if sts[j].para < st.para]
        if not prev_para:
            continue
        last = sts[prev_para[-1]].para
        if sts[prev_para[-1]].page != st.page:
            continue
        low = plain(st.quote)
        for j in prev_para:
            s = sts[j]
            if s.para != last or s.kind != "share-clause" or s.consent is not None:
                continue
            if _BACK_REF.search(low) or set(s.recipients) & set(st.para_mentions):
                s.consent = st.consent
                s.flags.append(f"consent-from:#{i}")
    for i, st in enumerate(sts):
        if st.kind == "consent-rule" and st.consent == "bundled":
            scope = _listed_agencies(st, sts, doc)
            for s in sts:
                if (s.kind == "share-clause" and s.consent is None and s.recipients and not s.standard
                        and set(s.recipients) <= scope and not set(s.recipients) & _ENFORCEMENT):
                    s.consent = "bundled"
                    s.flags.append(f"consent-from:#{i}")


def _listed_agencies(st: Statement, sts: list[Statement], doc: Document) -> set[str]:
    """Recipient kinds of the table rows under the appendix or table a consent statement names."""
    m = _LISTED_IN.search(st.quote)
    if not m:
        return set()
    label = re.compile(r"^\s*" + re.escape(m.group(1)) + r"\s+" + re.escape(m.group(2)) + r"\b", re.I)
    kinds: set[str] = set()
    for s in sts:
        if s.role == "table-row" and s.kind == "share-clause" and label.match(doc.paragraphs[s.para].heading):
            kinds |= set(s.recipients)
    return kinds


def apply_defaults(sts: list[Statement]) -> None:
    """A sharing rule silent about consent: `not-required` for a rule that shares (it is an
    exception to confidentiality, the gold's convention), `required` for a prohibition (the
    language's default). Both are flagged as guesses.
    """
    for s in sts:
        if s.kind in SHARE and s.consent is None:
            s.consent = "not-required" if s.kind == "share-clause" else "required"
            s.flags.append("consent-unstated")


def definitions(doc: Document) -> dict[str, str]:
    """Names the document defines: acronyms for a recipient ("Riverside Recovery Service
    (RRS)"), so that a later "RRS" is read as the kind of body its full name names, and the
    parties of an agreement ("all parties"). A value may list several kinds, comma-separated.
    """
    from confide.commands.importing.words import RECIPIENT_PATTERNS, find_mentions
    out: dict[str, str] = {}
    for p in doc.paragraphs:
        for m in re.finditer(r"((?:[A-Z][\w'\u2019&-]*\s+){1,8}?(?:[A-Z][\w'\u2019&-]*))\s*\(([A-Z]{2,6})\)", p.text):
            kinds = [k for _, _, k, _ in find_mentions(m.group(1), RECIPIENT_PATTERNS)
                     if k not in ("internal", "client", "anyone", "emergency")]
            if kinds and m.group(2).lower() not in out:
                out[m.group(2).lower()] = kinds[0]
    group = parties(doc)
    if group:
        out.update({phrase: group for phrase in _ALL_PARTIES})
    return out


_PARTIES_LEAD = re.compile(r"(?:made|agreed|entered into|signed) between (?:the following|these)|"
                           r"\bthe (?:parties|partners|signatories) (?:to|of) this (?:agreement|protocol) are\b|"
                           r"\bthe following (?:parties|partners|organisations)\b", re.I)
_ALL_PARTIES = ("all parties", "all the parties", "all of the parties", "all other parties", "the other parties",
                "any of the other parties", "other parties", "each other party", "all partners", "the other partners",
                "all partner agencies")


def parties(doc: Document) -> str | None:
    """The recipient kinds of an agreement's parties, from the table or list that follows the
    sentence naming them ("This agreement is made between the following parties:"), so that
    "all parties" and "the other parties" can be read as those bodies. Comma-separated.
    """
    from confide.commands.importing.words import RECIPIENT_PATTERNS, find_mentions
    for i, p in enumerate(doc.paragraphs):
        if p.role != "body" or not _PARTIES_LEAD.search(p.text):
            continue
        kinds: list[str] = []
        for q in doc.paragraphs[i + 1:]:
            if q.role == "table-header":
                continue
            if q.role not in ("table-row", "list-item"):
                break
            cells = list(q.cells) or [q.text]
            if re.search(r"\bcouncil\b|\blocal authority\b", cells[0], re.I):
                kinds.append("other")
                continue
            found = [k for _, _, k, _ in find_mentions(cells[0], RECIPIENT_PATTERNS)
                     if k not in ("internal", "client", "anyone", "emergency")] or \
                [k for _, _, k, _ in find_mentions(" ".join(cells[1:]), RECIPIENT_PATTERNS)
                 if k not in ("internal", "client", "anyone", "emergency", "other")]
            kinds.append(found[0] if found else "other")
        if len(kinds) >= 2:
            return ",".join(sorted(set(kinds)))
    return None


