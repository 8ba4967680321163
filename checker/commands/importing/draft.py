"""Draft items -> the text of a draft protocol, every line traceable to the document.

The draft is meant to be checked at once (``confide check``) and then edited by its author, so
it says where each line came from and what was guessed: each clause, trigger, ``at-assessment``
and ``records`` line is preceded by ``# from: policy.pdf p.6 ¶3: "…"`` quoting its source (``§``
for the section of a Word, Markdown or text file), and each guess by a ``# review:`` comment.
``confide check --format docx`` reads the ``# from:`` comments back to put findings on the
paragraphs they came from. A trigger gets a ``means`` only where its own wording uses that
standard's signals, so a label is never invented: otherwise VAGUE001 asks the author.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from confide import vocabulary as V
from confide.commands.importing.documents import Document
from confide.commands.importing.header import Header, guess_header
from confide.commands.importing.items import CONSENTING
from confide.language.keywords import INNER, KEYWORDS
from confide.language.unparse import INDENT, quote
from confide.library import Library
from confide.rules.vague import signals_used

SHARE = ("share-clause", "prohibition")
FLAG_NOTES = {
    "consent-unstated": "the text does not say whether consent is needed: the consent line is a guess",
    "recipient-unnamed": "the text names no recipient: 'other' stands for whoever it means",
    "recipient-from-condition": "the recipient is read from the sentence's condition (who asks)",
    "recipient-from-previous-sentence": "the recipient is read from the sentence before",
    "modality-guessed": "no modal verb: 'must' is a guess",
    "data-unspecified": "the text says only \"information\": case-file (everything held) is the convention; narrow it",
    "from-lead-in": "read with its list's lead-in, which carries the rule",
    "consent-from-lead-in": "consent is read from the paragraph above the table",
    "joined-next-sentence": "joined with the sentence after it, which adds a condition",
    "condition-from-previous-sentence": "the condition is read from the sentence before, which this one refers "
                                        "back to ('it', 'this')",
    "exception-dropped": "the text makes an exception ('unless ...'), which a 'when' here would reverse: as written "
                         "the prohibition is absolute; add a clause for the exception",
}


def clean(text: str) -> str:
    """Text safe on one protocol line: control and format characters become spaces."""
    return " ".join("".join(" " if unicodedata.category(c)[0] == "C" else c for c in text).split())


def where(item: dict[str, Any], name: str, fmt: str) -> str:
    """'policy.pdf p.6 ¶3' (a PDF page) or 'policy.docx §6 ¶3' (a section)."""
    loc = item["location"]
    page = f"p.{loc['page']}" if fmt == "pdf" else f"§{loc['page']}"
    return f"{clean(name)} {page} ¶{loc['paragraph']}"


def source_line(item: dict[str, Any], name: str, fmt: str) -> str:
    """The ``# from:`` comment quoting an item's source."""
    return f"# from: {where(item, name, fmt)}: \"{clean(' … '.join(item['quotes']))}\""


class Names:
    """Ids for declarations: kebab-case words, never a keyword, a vocabulary name or a repeat."""

    def __init__(self, library: Library) -> None:
        vocabulary = V.RECIPIENT_KINDS | V.DATA_KINDS | {"staff"}
        self.taken: set[str] = set(KEYWORDS) | set(INNER) | set(library.standards) | set(library.laws) | vocabulary

    def new(self, words: str, fallback: str) -> str:
        """An id from the first significant words of ``words``."""
        plain = re.sub(r"['\u2019]s\b", "", clean(words).lower())
        tokens = [t for t in re.findall(r"[a-z0-9]+", plain) if t not in _FILLER][:4]
        base = "-".join(tokens) or fallback
        if not base[0].isalpha():
            base = f"{fallback}-{base}"
        ident, n = base, 1
        while ident in self.taken:
            n += 1
            ident = f"{base}-{n}"
        self.taken.add(ident)
        return ident


_FILLER = {"a", "an", "the", "of", "to", "or", "and", "if", "where", "when", "that", "is", "are", "be", "we",
           "they", "there", "it", "in", "on", "for", "by", "with", "this", "their", "our", "any", "has", "have"}


def write_draft(doc: Document, items: list[dict[str, Any]], name: str, library: Library) -> str:
    """The whole draft protocol for one document."""
    head = guess_header(doc, name)
    names = Names(library)
    clauses = [i for i in items if i["kind"] in SHARE]
    triggers, when = _triggers(clauses, names, library)
    out = [f"# Draft protocol imported by `confide import` from {clean(name)}.",
           "# Every clause quotes its source (# from:) and every guess is marked (# review:). Check it with",
           "# `confide check`, correct what the review comments ask about, then delete them.", ""]
    out += _header(head)
    parties = Parties(clauses, names)
    out += parties.lines()
    for trig_id, (description, std, threshold, first) in triggers.items():
        out += ["", source_line(first, name, doc.fmt)]
        if std is None:
            out.append("# review: no standard recognised in this wording: say which situation it means")
        out.append(f"trigger {trig_id} {quote(clean(description))}")
        if std is not None:
            out.append(f"{INDENT}means {std}")
        if threshold is not None:
            out.append(f"{INDENT}threshold {threshold}")
    out += _assessment(items, name, doc.fmt)
    out += _records(items, name, doc.fmt)
    for n, clause in enumerate(clauses):
        out += ["", *_clause(clause, when.get(n), parties, name, doc.fmt)]
    out += _not_encoded(items, name, doc.fmt)
    return "\n".join(out).rstrip() + "\n"


def _header(head: Header) -> list[str]:
    lines = [f"# review: {clean(note)}" for note in head.notes]
    lines.append(f"protocol {quote(clean(head.title))}")
    if head.version:
        lines.append(f"{INDENT}version {quote(head.version)}")
    if head.organisation:
        lines.append(f"{INDENT}organisation {quote(clean(head.organisation))}")
    lines += [f"{INDENT}service {head.service}", f"{INDENT}sector {head.sector}",
              f"{INDENT}jurisdiction {head.jurisdiction}", f"{INDENT}clients {head.clients}",
              f"{INDENT}staff-include {', '.join(head.staff)}"]
    if head.review_by:
        lines.append(f"{INDENT}review-by {head.review_by.isoformat()}")
    return lines


class Parties:
    """The recipients a draft declares: one per kind, named in the document's words, except ``other``,
    which is declared once for each body the text names ("relevant authorities", "friends"), so the
    author sees who each clause means and the published policy can name them.
    """

    def __init__(self, clauses: list[dict[str, Any]], names: Names) -> None:
        self.names = names
        self.ids: dict[tuple[str, str], str] = {}
        self.declared: dict[str, tuple[str, str, list[str]]] = {}  # id -> (kind, label, other words used)
        for clause in clauses:
            for kind in clause["recipient_kinds"] + clause.get("subject_kinds", []):
                self.id_for(clause, kind)

    def id_for(self, clause: dict[str, Any], kind: str) -> str:
        """The declared id for one of the clause's recipient (or subject) kinds."""
        label = _label(clause.get("recipient_names", {}).get(kind, ""))
        key = (kind, label.lower() if kind == "other" else "")
        if key not in self.ids:
            ident = self.names.new(label, "other") if kind == "other" and label else kind
            self.ids[key] = ident
            self.declared[ident] = (kind, label, [])
        ident = self.ids[key]
        _, first, also = self.declared[ident]
        if label and not first:
            self.declared[ident] = (kind, label, also)
        elif label and label.lower() != first.lower() and label.lower() not in [w.lower() for w in also]:
            also.append(label)
        return ident

    def lines(self) -> list[str]:
        """The ``recipient`` declarations, each with its review notes."""
        out: list[str] = []
        for ident in sorted(self.declared):
            kind, label, also = self.declared[ident]
            out.append("")
            if kind == "family":
                out.append("# review: who counts as family? Add 'named-by client' if the client names them")
            if also:
                out.append(f"# review: the text also says: {'; '.join(also[:4])}")
            if kind == "other" and not label:
                out.append("# review: the text names no recipient here: say who it means")
                label = "someone the text does not name"
            out += [f"recipient {ident}" + (f" {quote(label)}" if label else ""), f"{INDENT}kind {kind}"]
        return out


def _label(words: str) -> str:
    """The document's words for a recipient, without a leading article ("the police" -> "police")."""
    words = clean(words)
    return re.sub(r"^(?:the|a|an|any|our|their|your|his|her|its)\s+", "", words, flags=re.I)


def _needs_trigger(clause: dict[str, Any]) -> bool:
    return clause["kind"] == "share-clause" and clause["consent"] not in CONSENTING and \
        bool(clause.get("trigger") or clause["standards"])


Triggers = dict[str, tuple[str, str | None, str | None, dict[str, Any]]]


def _triggers(clauses: list[dict[str, Any]], names: Names, library: Library) -> tuple[Triggers, dict[int, str]]:
    """Trigger id -> (description, standard, threshold, first clause), one per distinct wording,
    and the trigger of each clause (by position) that has one.

    The description is the clause's condition ("where we believe ...") or, when the condition
    does not carry the standard's signal words, the whole quote; ``means`` is kept only where
    the description uses the library standard's signals (the VAGUE002 test).
    """
    found: Triggers = {}
    seen: dict[tuple[str, str | None, str | None], str] = {}
    when: dict[int, str] = {}
    for n, clause in enumerate(clauses):
        if not _needs_trigger(clause):
            continue
        std = clause["standards"][0] if clause["standards"] else None
        standard = library.standards.get(std) if std else None
        description = clean(clause.get("trigger") or clause["quotes"][0])
        if standard is not None and not signals_used(standard, description):
            description = clean(clause["quotes"][0])
        if standard is None or not signals_used(standard, description):
            std = None
        threshold = clause["thresholds"][0] if clause["thresholds"] else None
        key = (description.lower(), std, threshold)
        if key not in seen:
            seen[key] = names.new(description, "situation")
            found[seen[key]] = (description, std, threshold, clause)
        when[n] = seen[key]
    return found, when


def _clause(clause: dict[str, Any], trigger: str | None, parties: Parties, name: str, fmt: str) -> list[str]:
    lines = [source_line(clause, name, fmt)]
    notes = [FLAG_NOTES.get(f, "") for f in clause["flags"]]
    notes += [f"{'consent' if f.startswith('consent-from:') else 'the steps'} are carried over from "
              f"{f.split(':', 1)[1]}" for f in clause["flags"] if f.startswith(("consent-from:", "steps-from:"))]
    if clause["kind"] == "share-clause" and clause["consent"] not in CONSENTING and trigger is None:
        notes.append("no condition found: as written this shares without consent in every case")
    subject = "staff"
    partners = clause.get("subject_kinds", [])
    if len(partners) == 1 and partners[0] not in clause["recipient_kinds"]:
        subject = parties.id_for(clause, partners[0])
    elif partners:
        notes.append(f"the text says who shares ({', '.join(partners)}): write it as a partner clause if it is not "
                     "your own staff")
    lines += [f"# review: {n}" for n in notes if n]
    title = clean(clause["quotes"][0])
    title = title if len(title) <= 60 else title[:57].rsplit(" ", 1)[0] + "…"
    lines.append(f"clause {clause['ref']} {quote(title)}")
    if trigger is not None:
        lines.append(f"{INDENT}when {trigger}")
    data = ", ".join(clause["data"])
    recipients = ", ".join(dict.fromkeys(parties.id_for(clause, k) for k in clause["recipient_kinds"]))
    lines.append(f"{INDENT}{subject} {clause['modality']} share {data} with {recipients}")
    lines.append(f"{INDENT}consent {clause['consent']}")
    if clause["steps"]:
        lines.append(f"{INDENT}steps {', '.join(clause['steps'])}")
    return lines


def _block(keyword: str, entries: Iterable[tuple[str, dict[str, Any]]], name: str, fmt: str) -> list[str]:
    """An ``at-assessment`` or ``records`` block: each line once, after its first source."""
    body: list[str] = []
    done: set[str] = set()
    for line, item in entries:
        key = line.split(" ", 1)[0] if line.startswith(("retention", "access")) else line
        if key in done:
            continue
        done.add(key)
        body += [f"{INDENT}{source_line(item, name, fmt)}", f"{INDENT}# review: read from this sentence",
                 f"{INDENT}{line}"]
    return ["", keyword, *body] if body else []


def _assessment(items: list[dict[str, Any]], name: str, fmt: str) -> list[str]:
    return _block("at-assessment", ((line, i) for i in items if i["kind"] == "at-assessment" for line in i["lines"]),
                  name, fmt)


def _records(items: list[dict[str, Any]], name: str, fmt: str) -> list[str]:
    def line(text: str) -> str:
        keyword, _, value = text.partition(" ")
        return f"{keyword} {quote(clean(value.strip(chr(34))))}" if keyword in ("retention", "access") else text
    return _block("records", ((line(t), i) for i in items if i["kind"] == "records" for t in i["lines"]), name, fmt)


def _not_encoded(items: list[dict[str, Any]], name: str, fmt: str) -> list[str]:
    """The relevant sentences no clause or block line encodes, for the author to place."""
    rest = [i for i in items if i["kind"] not in (*SHARE, "at-assessment", "records")]
    if not rest:
        return []
    lines = ["", "# Recognised as relevant but not encoded: consent rules, confidentiality promises, procedures,",
             "# publication rules and list lead-ins. Each may change a clause above; decide where it belongs."]
    for item in rest:
        lines.append(f"# - {item['kind']}, {where(item, name, fmt)}: \"{clean(' … '.join(item['quotes']))}\"")
    return lines
