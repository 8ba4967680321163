"""A protocol's model -> every name as written and what it names; definitions, references, outline.

The model keeps the span of every name, so the server never reads the text again: a name in
a ``when`` line is a trigger when the unit declares one of that name and a library standard
otherwise; a share line names data and recipients (declared, or built-in kinds); ``basis`` and
``condition`` name laws. What a name is decides where its definition is (its declaration, the
library entry, the included file) and which other names are its references.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from confide.language.model import Document, Name, Text
from confide.source import Span
from confide.unit import Unit
from lsprotocol import types

from .positions import Lines, within


@dataclass(frozen=True)
class Mention:
    """A name where the protocol writes it: ``what`` it names (``recipient``, ``data``,
    ``trigger``, ``standard``, ``law``, ``clause``, ``include``, ``rule``, or a category of
    built-in words such as ``consent mode``), and whether it is the declaration itself.
    """

    what: str
    text: str
    span: Span
    declares: bool = False


def mentions(document: Document, unit: Unit) -> Iterator[Mention]:
    """Every name ``document`` writes, in the order of its blocks."""

    def of(what: str, *names: Name | None, declares: bool = False) -> Iterator[Mention]:
        yield from (Mention(what, n.text, n.span, declares) for n in names if n is not None)

    def event(name: Name) -> Iterator[Mention]:
        yield from of("trigger" if name.text in unit.triggers else "standard", name)

    header = document.header
    if header is not None:
        yield from of("service kind", header.service)
        yield from of("sector", header.sector)
        yield from of("jurisdiction", header.jurisdiction)
        yield from of("client group", header.clients)
        yield from of("staff group", *header.staff_include)
    for include in document.includes:
        yield _text("include", include.target)
    for recipient in document.recipients:
        yield from of("recipient", recipient.id, declares=True)
        yield from of("recipient kind", recipient.kind)
        yield from of("onward sharing", recipient.onward_sharing)
    for category in document.data:
        yield from of("data", category.id, declares=True)
        yield from of("data kind", category.kind)
    for trigger in document.triggers:
        yield from of("trigger", trigger.id, declares=True)
        yield from of("standard", trigger.means)
        yield from of("threshold", trigger.threshold)
    for clause in document.clauses:
        yield from of("clause", clause.ref, declares=True)
        yield from of("client group", clause.clients)
        for name in clause.when:
            yield from event(name)
        for share in clause.shares:
            if not share.by_staff:
                yield from of("recipient", share.subject)
            yield from of("modality", share.modality)
            yield from of("data", *share.data)
            yield from of("recipient", *share.recipients)
        yield from of("consent mode", clause.consent)
        yield from of("consent from", clause.consent_from)
        yield from of("step", *clause.steps)
        yield from of("assessment parameter", *clause.assess)
        if isinstance(clause.timing, Name):
            yield from of("timing", clause.timing)
        yield from of("law", *clause.basis, *clause.condition)
        yield from of("rule", *(w.rule for w in clause.waivers))
    for law in document.laws:
        yield from of("law", law.id, declares=True)
        yield from of("law kind", law.kind)
        yield from of("bound group", *law.binds)
        yield from of("standard", *law.when)
        yield from of("threshold", law.threshold)
        yield from of("recipient kind", *law.recipients)
        yield from of("data kind", *law.discloses)
        yield from of("step", *law.forbids)
    for standard in document.standards:
        yield from of("standard", standard.id, declares=True)
        yield from of("threshold", standard.threshold)
        yield from of("data kind", *standard.necessary)
        yield from of("recipient kind", *standard.acts)
    for scenario in document.scenarios:
        for name in scenario.events:
            yield from event(name)
        for expect in scenario.expectations:
            yield from of("data", *expect.data)
            yield from of("recipient", *expect.recipients)
            yield from of("step", *expect.steps)


def _text(what: str, text: Text) -> Mention:
    """A quoted name (an include's path): the span covers the quotes, the text does not."""
    return Mention(what, text.text, text.span)


def at(document: Document, unit: Unit, line: int, column: int) -> Mention | None:
    """The name at 1-based ``line``/``column`` of ``document``, if any."""
    return next((m for m in mentions(document, unit) if within(m.span, line, column)), None)


def declaration(unit: Unit, mention: Mention) -> Span | None:
    """Where what ``mention`` names is declared: the protocol or an include, or the law library."""
    if mention.what == "recipient" and mention.text in unit.recipients:
        return unit.recipients[mention.text].id.span
    if mention.what == "data" and mention.text in unit.data:
        return unit.data[mention.text].id.span
    if mention.what == "trigger" and mention.text in unit.triggers:
        return unit.triggers[mention.text].id.span
    if mention.what == "standard" and mention.text in unit.library.standards:
        return unit.library.standards[mention.text].id.span
    if mention.what == "law" and mention.text in unit.library.laws:
        return unit.library.laws[mention.text].id.span
    if mention.what == "clause":
        return next((c.ref.span for doc in unit.documents for c in doc.clauses if c.ref.text == mention.text), None)
    return None


def references(unit: Unit, mention: Mention, with_declaration: bool) -> list[Span]:
    """Every place in the protocol and its includes that names what ``mention`` names."""
    return [m.span for doc in unit.documents for m in mentions(doc, unit)
            if m.what == mention.what and m.text == mention.text and (with_declaration or not m.declares)]


def symbols(document: Document, lines: Lines) -> list[types.DocumentSymbol]:
    """The outline: the protocol, its includes and declarations, and its clauses by REF and title."""
    found: list[types.DocumentSymbol] = []

    def add(name: str, detail: str | None, kind: types.SymbolKind, block: Any, chosen: Span) -> None:
        whole = types.Range(start=lines.position(block.span.line, 1), end=lines.position(last_line(block), 10**6))
        found.append(types.DocumentSymbol(name=name or detail or "?", detail=detail, kind=kind, range=whole,
                                          selection_range=lines.range(chosen)))

    def label(text: Text | None, otherwise: str) -> str:
        return text.text if text is not None and text.text else otherwise

    if document.header is not None:
        add(document.header.title.text, "protocol", types.SymbolKind.Module, document.header,
            document.header.title.span)
    for include in document.includes:
        add(include.target.text, "include", types.SymbolKind.File, include, include.target.span)
    for recipient in document.recipients:
        add(recipient.id.text, label(recipient.label, "recipient"), types.SymbolKind.Object, recipient,
            recipient.id.span)
    for category in document.data:
        add(category.id.text, label(category.label, "data"), types.SymbolKind.Struct, category, category.id.span)
    for trigger in document.triggers:
        add(trigger.id.text, label(trigger.label, "trigger"), types.SymbolKind.Event, trigger, trigger.id.span)
    for block, name in ((document.assessment, "at-assessment"), (document.records, "records")):
        if block is not None:
            add(name, None, types.SymbolKind.Namespace, block, block.span)
    for clause in document.clauses:
        title = f"{clause.ref.text} {clause.title.text}" if clause.title else clause.ref.text
        add(title, "clause", types.SymbolKind.Function, clause, clause.ref.span)
    for law in document.laws:
        add(law.id.text, label(law.title, "law"), types.SymbolKind.Constant, law, law.id.span)
    for standard in document.standards:
        add(standard.id.text, label(standard.title, "standard"), types.SymbolKind.EnumMember, standard,
            standard.id.span)
    for scenario in document.scenarios:
        add(scenario.title.text, "scenario", types.SymbolKind.Method, scenario, scenario.title.span)
    return sorted(found, key=lambda symbol: (symbol.range.start.line, symbol.range.start.character))


def last_line(node: Any) -> int:
    """The last line a block of the model reaches (its own, or any of its parts' spans)."""
    if isinstance(node, Span):
        return node.end_line
    if isinstance(node, tuple):
        return max((last_line(item) for item in node), default=0)
    if is_dataclass(node) and not isinstance(node, type):
        return max((last_line(getattr(node, f.name)) for f in fields(node)), default=0)
    return 0
