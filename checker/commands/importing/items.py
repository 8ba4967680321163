"""Statements to draft items, in the JSON Lines format that score.py reads.

A sharing rule becomes a clause item (kind share-clause or prohibition); a statement that
explains the limits of confidentiality, records preferences or assesses competence becomes an
`at-assessment` item; storage, logging, retention and access rules become `records` items.
Consent rules, promises, procedures and publication rules are kept as items of their own kind,
because the clauses were built from them and a reviewer needs to see them. Every item carries
its location and the list of what was guessed (``flags``), which the draft turns into
``# review:`` comments; ``trigger`` and ``recipient_names`` keep the document's own words.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from confide import vocabulary as V
from confide.commands.importing.assemble import build
from confide.commands.importing.carry import apply_defaults, carry_consent, carry_steps, definitions
from confide.commands.importing.cues import consent_of, standard_of
from confide.commands.importing.documents import Document, read_document
from confide.commands.importing.statements import SHARE, Statement
from confide.commands.importing.words import plain
from confide.language.model import Standard

_APPENDIX = re.compile(r"(?:appendix|annex|schedule)\s+([a-z0-9]+)", re.I)
NOTE_KINDS = {"consent-rule", "confidentiality-promise", "procedure", "publication-rule", "lead-in",
              "limits-explained"}


def statements(doc: Document, standards: Mapping[str, Standard]) -> list[Statement]:
    """Classified statements of a document, with the library's standards, after the declared carry-over."""
    sts = build(doc, definitions(doc))
    for s in sts:
        s.standard = standard_of(s.wording, standards) if s.wording else None
    carry_consent(sts, doc)
    carry_steps(sts, doc)
    apply_defaults(sts)
    for s in sts:
        _untriggered(s)
    return sts


CONSENTING = frozenset({"required", "written", "preferences"})
_EXCEPTION = re.compile(r"\b(?:unless|except)\b")


def _untriggered(s: Statement) -> None:
    """A prohibition, or a sharing that rests on consent, has no `when` in the draft, so its item
    carries no standard or threshold either: the items are the draft's clauses. A prohibition
    whose exception ("unless the lead decides ...") is not about consent says so for review.
    """
    if s.kind not in ("prohibition", "share-clause") or (s.kind == "share-clause" and s.consent not in CONSENTING):
        return
    if s.kind == "prohibition" and _EXCEPTION.search(plain(s.trigger)) and consent_of(s.trigger) is None:
        s.flags.append("exception-dropped")
    s.standard, s.threshold = None, None


def refs(sts: list[Statement], doc: Document) -> list[str]:
    """A REF for each statement: the document's own clause number; a lead-in's number and a
    letter for a list item (4.1a); a table's own reference or the appendix letter and row (B3);
    otherwise section.paragraph (p3-2 in a document that numbers its own paragraphs, so as not to
    clash with them). A second statement of one paragraph gets a suffix (5.2-2).
    """
    para_no: dict[int, int] = {}
    counts: dict[int, int] = {}
    for i, p in enumerate(doc.paragraphs):
        if p.role != "heading":
            counts[p.page] = counts.get(p.page, 0) + 1
            para_no[i] = counts[p.page]
    numbered = any(p.number for p in doc.paragraphs)
    out: list[str] = []
    seen: dict[str, int] = {}
    for s in sts:
        p = doc.paragraphs[s.para]
        if s.role == "list-item" and s.lead_in is not None:
            base = out[s.lead_in] + _letter(s.item)
        elif s.role == "table-row" and s.number:
            base = s.number
        elif s.role == "table-row" and _APPENDIX.match(p.heading):
            base = _APPENDIX.match(p.heading).group(1).upper() + str(s.item)  # type: ignore[union-attr]
        elif s.number:
            base = s.number
        elif numbered:
            base = f"p{s.page}-{para_no.get(s.para, 0)}"   # cannot be mistaken for the document's own numbers
        else:
            base = f"{s.page}.{para_no.get(s.para, 0)}"
        base = re.sub(r"[^A-Za-z0-9_.-]", "", base) or "x"
        if s.kind == "irrelevant":                       # not emitted: takes no number
            out.append(base)
            continue
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) if n > 0 else ""


def item(s: Statement, ref: str, stem: str, paragraph: int = 0) -> dict[str, Any] | None:
    """The draft item of one statement (None for a statement that is not about sharing).
    `paragraph` is the statement's paragraph number within its page or section.
    """
    where: dict[str, int | str | None] = {"page": s.page, "paragraph": paragraph, "sentence": s.sentence,
                                          "number": s.number}
    if s.page_end:
        where["page_end"] = s.page_end
    base: dict[str, object] = {"ref": ref, "doc": stem, "quotes": [s.quote]}
    if s.kind in SHARE:
        d = dict(base, kind=s.kind, modality=s.modality, recipient_kinds=sorted(s.recipients),
                 data=sorted(s.data), consent=s.consent, steps=list(s.steps),
                 standards=[s.standard] if s.standard else [], thresholds=[s.threshold] if s.threshold else [])
        if s.subject:
            d["subject_kinds"] = sorted(k for k in s.subject if k in V.RECIPIENT_KINDS)
        d["trigger"] = s.trigger
        d["recipient_names"] = {k: s.names[k] for k in sorted(s.names)}
        flags = list(s.flags) + ([] if s.data_specified else ["data-unspecified"])
    elif s.kind == "records-rule":
        lines = [_records_line(name, s.quote) for name in s.records] or ["access \"" + s.quote + "\""]
        d, flags = dict(base, kind="records", lines=lines), list(s.flags)
    elif s.assessment or s.kind == "limits-explained":
        lines = s.assessment or ["explain limits-of-confidentiality"]
        d, flags = dict(base, kind="at-assessment", lines=lines, source_kind=s.kind), list(s.flags)
        if s.consent:
            d["consent"] = s.consent
    elif s.kind in NOTE_KINDS:
        d, flags = dict(base, kind=s.kind), list(s.flags)
        if s.consent:
            d["consent"] = s.consent
        if s.steps:
            d["steps"] = list(s.steps)
        if s.para_mentions and s.kind in ("consent-rule", "publication-rule"):
            d["recipient_kinds"] = list(s.para_mentions)
    else:
        return None
    d["location"] = where
    d["flags"] = sorted(set(flags))
    return d


def _records_line(name: str, quote: str) -> str:
    if name == "storage":
        return "storage secure"
    if name == "log":
        return "log disclosures"
    return f"{name} \"{quote}\""


def import_document(path: str | Path, standards: Mapping[str, Standard]) -> list[dict[str, Any]]:
    """Draft items of one document, in document order."""
    return document_items(read_document(path), standards)


def document_items(doc: Document, standards: Mapping[str, Standard]) -> list[dict[str, Any]]:
    """Draft items of a document already read, in document order."""
    sts = statements(doc, standards)
    all_refs = refs(sts, doc)
    out = []
    for s, ref in zip(sts, all_refs, strict=True):
        d = item(s, ref, doc.stem, doc.paragraphs[s.para].index)
        if d is not None:
            d["flags"] = [re.sub(r"#(\d+)$", lambda m: all_refs[int(m.group(1))], f) for f in d["flags"]]
            out.append(d)
    return out


def to_jsonl(items: list[dict[str, Any]]) -> str:
    """One JSON object per line, keys in a fixed order so that output is byte-for-byte stable."""
    return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in items)
