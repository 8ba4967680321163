"""Model -> protocol text, in one canonical layout.

Suggested rewordings are generated from the clause itself: a rule takes the clause, changes
what is wrong (``may`` for ``must``, an added step, a narrower data list) and renders it
here, so the suggestion is always valid protocol text that can replace the original lines.
The same layout is what ``confide fmt`` writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from confide.language.model import (
    Assessment,
    Clause,
    DataCategory,
    Expectation,
    Header,
    Include,
    Law,
    LibraryHeader,
    Name,
    Recipient,
    Records,
    Scenario,
    Share,
    Standard,
    Text,
    Trigger,
)

INDENT = "  "


def quote(text: str) -> str:
    """A quoted text literal, escaping what would end it."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def names(items: Iterable[Name | str]) -> str:
    """A comma-separated list of names."""
    return ", ".join(str(i) for i in items)


def _head(keyword: str, ident: str, label: Text | None) -> str:
    return f"{keyword} {ident}" + (f" {quote(label.text)}" if label else "")


@dataclass(frozen=True)
class ClauseEdit:
    """What a rewording changes in a clause; ``None`` means "keep as is"."""

    modality: str | None = None
    consent: str | None = None
    consent_from: str | None = None
    add_steps: tuple[str, ...] = ()
    drop_steps: tuple[str, ...] = ()
    drop_data: frozenset[str] = frozenset()
    assess: tuple[str, ...] | None = None
    basis: tuple[str, ...] | None = None
    condition: tuple[str, ...] | None = None
    when: tuple[str, ...] | None = None
    drop_unsafe: bool = False
    comments: tuple[str, ...] = field(default_factory=tuple)


def share_line(share: Share, modality: str | None = None, drop_data: frozenset[str] = frozenset()) -> str | None:
    """One share/publish line; None when every data item was dropped."""
    data = [d.text for d in share.data if d.text not in drop_data]
    if not data:
        return None
    verb = "publish" if share.publish else "share"
    tail = "" if share.publish else f" with {', '.join([r.text for r in share.recipients])}"
    return f"{share.subject.text} {modality or share.modality.text} {verb} {', '.join(data)}{tail}"


_STEP_ORDER = {"seek-consent": 0, "consult-supervisor": 1, "inform-client": 2, "record-decision": 3}


def clause_text(clause: Clause, edit: ClauseEdit = ClauseEdit()) -> str:
    """The clause in canonical layout, with ``edit`` applied.

    Written for speed as well as clarity: the rewording renders every clause with findings
    and each of its drafts (plain list comprehensions, one join of the indented body).
    """
    body = [f"# {c}" for c in edit.comments]
    if clause.clients:
        body.append(f"clients {clause.clients.text}")
    when = edit.when if edit.when is not None else [n.text for n in clause.when]
    if when:
        body.append(f"when {', '.join(when)}")
    for share in clause.shares:
        modality = edit.modality if edit.modality and share.modality.text == "must" else None
        text = share_line(share, modality, edit.drop_data)
        if text:
            body.append(text)
    consent = edit.consent or (clause.consent.text if clause.consent else None)
    if consent:
        body.append(f"consent {consent}")
    giver = edit.consent_from or (clause.consent_from.text if clause.consent_from else None)
    if giver:
        body.append(f"consent-from {giver}")
    steps = [s.text for s in clause.steps if s.text not in edit.drop_steps]
    steps += [s for s in edit.add_steps if s not in steps]
    if steps:
        steps.sort(key=lambda s: _STEP_ORDER.get(s, len(_STEP_ORDER)))
        body.append(f"steps {', '.join(steps)}")
    if clause.except_in_emergency:
        body.append("except-in-emergency")
    if clause.except_where_unsafe and not edit.drop_unsafe:
        body.append("except-where-unsafe")
    assess = edit.assess if edit.assess is not None else [a.text for a in clause.assess]
    if assess:
        body.append(f"assess {', '.join(assess)}")
    if isinstance(clause.timing, Text):
        body.append(f"timing {quote(clause.timing.text)}")
    elif clause.timing is not None:
        body.append(f"timing {clause.timing.text}")
    basis = edit.basis if edit.basis is not None else [b.text for b in clause.basis]
    if basis:
        body.append(f"basis {', '.join(basis)}")
    condition = edit.condition if edit.condition is not None else [c.text for c in clause.condition]
    if condition:
        body.append(f"condition {', '.join(condition)}")
    for waiver in clause.waivers:
        until = f" until {waiver.until.isoformat()}" if waiver.until else ""
        body.append(f"allow {waiver.rule.text} {quote(waiver.justification.text)}{until}")
    return ("\n" + INDENT).join([_head("clause", clause.ref.text, clause.title), *body])


def recipient_text(recipient: Recipient, *, named_by_client: bool = False, onward: str | None = None) -> str:
    """A recipient block, optionally with ``named-by client`` or an onward-sharing mode added."""
    lines = [_head("recipient", recipient.id.text, recipient.label)]
    if recipient.kind:
        lines.append(f"{INDENT}kind {recipient.kind.text}")
    if recipient.named_by_client or named_by_client:
        lines.append(f"{INDENT}named-by client")
    mode = onward or (recipient.onward_sharing.text if recipient.onward_sharing else None)
    if mode:
        lines.append(f"{INDENT}onward-sharing {mode}")
    return "\n".join(lines)


def trigger_text(trigger: Trigger, *, means: str | None = None, threshold: str | None = None) -> str:
    """A trigger block, optionally with a new ``means`` or ``threshold``."""
    lines = [_head("trigger", trigger.id.text, trigger.label)]
    standard = means or (trigger.means.text if trigger.means else None)
    if standard:
        lines.append(f"{INDENT}means {standard}")
    level = threshold or (trigger.threshold.text if trigger.threshold else None)
    if level:
        lines.append(f"{INDENT}threshold {level}")
    return "\n".join(lines)


def assessment_text(assessment: Assessment | None, *, explain: bool = False) -> str:
    """An at-assessment block, keeping what it had and adding the limits explanation."""
    held = assessment or Assessment(span=None)  # type: ignore[arg-type]
    explains = [n.text for n in held.explains] + (["limits-of-confidentiality"] if explain else [])
    lines = ["at-assessment"]
    lines += [f"{INDENT}explain {e}" for e in dict.fromkeys(explains)]
    lines += [f"{INDENT}record {n.text}" for n in held.records]
    lines += [f"{INDENT}assess {n.text}" for n in held.assesses]
    return "\n".join(lines)


def records_text(records: Records | None, *, secure: bool = False) -> str:
    """A records block, keeping what it had and adding secure storage."""
    lines = ["records"]
    if secure or (records and records.storage):
        lines.append(f"{INDENT}storage secure")
    if records and records.log:
        lines.append(f"{INDENT}log {records.log.text}")
    if records and records.retention:
        lines.append(f"{INDENT}retention {quote(records.retention.text)}")
    if records and records.access:
        lines.append(f"{INDENT}access {quote(records.access.text)}")
    return "\n".join(lines)


def with_clause(clause: Clause, **changes: object) -> Clause:
    """A copy of ``clause`` with fields replaced (used to test a rewording before offering it)."""
    return replace(clause, **changes)  # type: ignore[arg-type]


def _lines(head: str, body: Iterable[str | None]) -> str:
    """A block: its head line, then each present body line indented."""
    return "\n".join([head] + [INDENT + line for line in body if line])


def _opt(keyword: str, value: Name | Text | None) -> str | None:
    if value is None:
        return None
    return f"{keyword} {quote(value.text) if isinstance(value, Text) else value.text}"


def _list(keyword: str, values: Iterable[Name]) -> str | None:
    items = [v.text for v in values]
    return f"{keyword} {', '.join(items)}" if items else None


def header_text(header: Header) -> str:
    """The ``protocol`` block, its lines in the grammar's order."""
    return _lines(f"protocol {quote(header.title.text)}", [
        _opt("version", header.version), _opt("organisation", header.organisation), _opt("service", header.service),
        _opt("sector", header.sector), _opt("jurisdiction", header.jurisdiction), _opt("clients", header.clients),
        _list("staff-include", header.staff_include),
        f"review-by {header.review_by.isoformat()}" if header.review_by else None, _opt("owner", header.owner),
    ])


def library_text(library: LibraryHeader) -> str:
    """The ``library`` block that heads a law-library file."""
    return _lines(f"library {quote(library.title.text)}", [
        _opt("jurisdiction", library.jurisdiction), _opt("status", library.status),
        _opt("principle", library.principle), *(_opt("note", n) for n in library.notes),
    ])


def include_text(include: Include) -> str:
    """An ``include`` line."""
    return f"include {quote(include.target.text)}"


def data_text(data: DataCategory) -> str:
    """A ``data`` block."""
    return _lines(_head("data", data.id.text, data.label), [_opt("kind", data.kind)])


def law_text(law: Law) -> str:
    """A library ``law`` block."""
    return _lines(_head("law", law.id.text, law.title), [
        _opt("kind", law.kind), _list("binds", law.binds), _list("when", law.when), _opt("threshold", law.threshold),
        _list("recipients", law.recipients), _list("discloses", law.discloses), _list("forbids", law.forbids),
        "unless-objects" if law.unless_objects else None, "special-category yes" if law.special_category else None,
        *(_opt("source", t) for t in law.sources), *(_opt("note", n) for n in law.notes),
    ])


def standard_text(standard: Standard) -> str:
    """A library ``standard`` block."""
    return _lines(_head("standard", standard.id.text, standard.title), [
        _opt("serious-harm", standard.serious_harm), _opt("threshold", standard.threshold),
        _list("necessary", standard.necessary), _list("acts", standard.acts),
        f"signals {', '.join(quote(t.text) for t in standard.signals)}" if standard.signals else None,
        *(_opt("source", t) for t in standard.sources), *(_opt("note", n) for n in standard.notes),
    ])


def expectation_text(expect: Expectation) -> str:
    """One ``expect`` line of a scenario."""
    if expect.kind == "share":
        return f"expect share {names(expect.data)} with {names(expect.recipients)}"
    if expect.kind == "no-share":
        data = f"{names(expect.data)} " if expect.data else ""
        return f"expect no-share {data}with {names(expect.recipients)}"
    return f"expect steps {names(expect.steps)}"


def scenario_text(scenario: Scenario) -> str:
    """A ``scenario`` block (a policy test)."""
    traits = ([f"age {scenario.age}"] if scenario.age is not None else []) + (
        [] if scenario.competent is None else ["competent" if scenario.competent else "not-competent"])
    return _lines(f"scenario {quote(scenario.title.text)}", [
        _opt("protocol-file", scenario.protocol_file), f"client {', '.join(traits)}" if traits else None,
        _list("events", scenario.events), _opt("consent", scenario.consent),
        *(expectation_text(e) for e in scenario.expectations),
    ])
