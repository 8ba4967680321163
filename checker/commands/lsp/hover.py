"""A position in a checked protocol -> what a manager wants to know there, as Markdown.

On a finding: its rule's documentation (what fires it, what it rests on, how to reword). On a
name: a standard's or law's meaning, kind, who it binds and its source (as ``confide explain``
prints them); a declaration's own lines and what its kind means; a built-in word's meaning.
Protocol text is untrusted, so every piece of it is escaped (or fenced) before it reaches the
editor's Markdown renderer: a title cannot become a link or an image.
"""

from __future__ import annotations

import re

from confide import vocabulary as V
from confide.check import Checked
from confide.commands.explain import KIND_MEANING, explain_law, explain_standard
from confide.config import Settings
from confide.findings import DOC_HEADINGS, Finding
from confide.rules import CATALOGUE
from confide.source import SourceFile
from confide.unit import Unit

from .diagnostics import rule_href
from .navigation import Mention, at, declaration, last_line
from .positions import within

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")  # emphasis, code, links, HTML, tables, strike-through
_LEADING = re.compile(r"^(\s*\d*)([#>+=.)-])")  # headings, quotes, lists at the start of a line
DECLARED_KINDS = {"recipient": "recipient kind", "data": "data kind"}


def escape(text: str) -> str:
    """``text`` shown literally by a Markdown renderer: no emphasis, link, image, HTML or list."""
    return _LEADING.sub(lambda m: m.group(1) + "\\" + m.group(2), _SPECIAL.sub(r"\\\1", text))


def fenced(text: str) -> str:
    """``text`` as a code block no line of it can close."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text}\n{fence}"


def paragraphs(text: str) -> str:
    """Plain text from ``confide explain`` as escaped Markdown: its first line bold, line breaks kept."""
    lines = [escape(line.strip()) for line in text.strip().splitlines()]
    return "  \n".join([f"**{lines[0]}**", *lines[1:]]) if lines else ""


def rule_docs(finding: Finding, settings: Settings) -> str:
    """A finding's rule: code, symbol, severity, and the sections of its documentation."""
    rule = CATALOGUE.get(finding.code)
    if rule is None:
        return f"**{escape(finding.code)}**"
    href = rule_href(rule, settings)
    head = f"**{rule.code}** `{rule.symbol}` ({finding.severity.label})"
    parts = [f"[{head}]({href})" if href else head, escape(rule.summary)]
    for heading in DOC_HEADINGS[:3]:  # the examples ("Fires", "Passes") are for the catalogue
        body = rule.section(heading)
        if body:
            parts.append(f"*{heading}:* {escape(' '.join(body.split()))}")
    if finding.rests_on:
        parts.append(f"*Here it rests on:* {escape(finding.rests_on)}")
    return "\n\n".join(parts)


def name_docs(mention: Mention, unit: Unit, source: SourceFile | None) -> str | None:
    """What the name ``mention`` stands for, or None when there is nothing to add."""
    library = unit.library
    if mention.what == "standard" and mention.text in library.standards:
        return paragraphs(explain_standard(library.standards[mention.text], library))
    if mention.what == "law" and mention.text in library.laws:
        return paragraphs(explain_law(library.laws[mention.text], library))
    if mention.what == "rule":
        rule = CATALOGUE.lookup(mention.text)
        return f"**{rule.code}** `{rule.symbol}`: {escape(rule.summary)}" if rule else None
    if mention.what == "law kind":
        return f"**{escape(mention.text)}**: {escape(KIND_MEANING.get(mention.text, 'not a kind of law'))}"
    if mention.what in ("recipient", "data", "trigger"):
        return _declared(mention, unit, source)
    if mention.what == "include":
        return f"Includes **{escape(mention.text)}**: its declarations and clauses count as part of this protocol."
    found = V.meaning(mention.text, mention.what)
    return f"**{escape(mention.text)}** ({found[0]}): {escape(found[1])}" if found else None


def _declared(mention: Mention, unit: Unit, source: SourceFile | None) -> str | None:
    """A declared name: its declaration as written; else the built-in word it is."""
    span = declaration(unit, mention)
    if span is None:
        if mention.what == "trigger":
            return None
        found = V.meaning(mention.text, DECLARED_KINDS[mention.what])
        return f"**{escape(mention.text)}** (built-in {found[0]}): {escape(found[1])}" if found else None
    declared = unit.recipients.get(mention.text) if mention.what == "recipient" else \
        unit.data.get(mention.text) if mention.what == "data" else unit.triggers.get(mention.text)
    if declared is None:
        return None
    text = _block_text(source, declared.span.path, declared.span.line, last_line(declared))
    parts = [fenced(text)] if text else []
    where = "" if source is not None and declared.span.path == source.path else f" in {escape(declared.span.path)}"
    parts.append(f"Declared{where} on line {declared.span.line}.")
    kind = getattr(declared, "kind", None)
    if kind is not None and (found := V.meaning(kind.text, DECLARED_KINDS[mention.what])):
        parts.append(f"**{escape(kind.text)}**: {escape(found[1])}")
    means = getattr(declared, "means", None)
    if means is not None and means.text in unit.library.standards:
        standard = unit.library.standards[means.text]
        harm = "a serious-harm standard" if standard.is_serious_harm else "not a serious-harm standard"
        title = standard.title.text if standard.title else standard.id.text
        parts.append(f"Means **{escape(means.text)}**: {escape(title)} ({harm}).")
    return "\n\n".join(parts)


def _block_text(source: SourceFile | None, path: str, first: int, last: int) -> str:
    """Lines ``first`` to ``last`` of ``path`` when it is this buffer (included files are not kept)."""
    if source is None or path != source.path:
        return ""
    return "\n".join(source.line(n).rstrip() for n in range(first, last + 1))


def hover(checked: Checked, settings: Settings, line: int, column: int, model: Checked | None) -> str | None:
    """Everything worth showing at 1-based ``line``/``column``; ``model``: the check whose model
    names are looked up in (the current one, or the last that had a model).
    """
    parts = [rule_docs(f, settings) for f in checked.report.findings
             if f.span.path == checked.path and within(f.span, line, column)]
    if model is not None and model.unit is not None:
        mention = at(model.unit.root, model.unit, line, column)
        words = name_docs(mention, model.unit, model.source) if mention is not None else None
        if words:
            parts.append(words)
    return "\n\n---\n\n".join(parts) or None
