"""Blocks of lines -> :class:`~confide.language.model.Document`, and E004/E005 findings.

Two front ends read text into the same blocks (:mod:`confide.language.block`): the line parser
(:mod:`confide.language.lines`), which reads most files several times faster than lark, and
lark's tree (:mod:`confide.language.tree`) for the rest. :func:`assemble` groups the lines of
either into the model, so the model and its findings are built by one code path.

The grammar accepts any name where a fixed set of values is allowed (a threshold, a consent
mode, a date), so that here a wrong value gets a message naming the choices and the closest
one, rather than a bare syntax error. Names that refer to declarations or the vocabulary are
checked later by the loader (E002), once includes and the library are known.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import TYPE_CHECKING, Any

from confide import vocabulary as V
from confide.findings import Finding
from confide.inputs import DUPLICATE, INVALID
from confide.language.block import Block, Line
from confide.language.model import (
    Assessment,
    Clause,
    DataCategory,
    Document,
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
    Waiver,
)
from confide.language.parse import collector_paused
from confide.source import Span, suggestion_suffix

if TYPE_CHECKING:
    from lark import Token, Tree


# Words a declaration may not be named with, because a line reading them would mean two things:
# 'staff may share identity with staff' (a recipient named 'staff'), 'events none' in a scenario
# (a trigger named 'none'), and the words of a share line itself. Other keywords stay usable as
# names ('data records'): the contextual grammar reads them by place, and LANGUAGE.md reserves none.
RESERVED = frozenset({"staff", "none", "must", "may", "must-not", "share", "publish", "with"})
_DECLARED = {"recipient": "recipient", "data": "data category", "trigger": "trigger", "law": "law",
             "standard": "standard"}


class _Builder:
    """Second pass: group lines into model objects, checking fixed-choice values (E005)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.findings: list[Finding] = []

    def invalid(self, span: Span, message: str) -> None:
        self.findings.append(INVALID.finding(span, message))

    def choice(self, name: Name | None, allowed: Collection[str], what: str) -> Name | None:
        """Keep ``name`` if it is one of ``allowed``; otherwise report E005 and drop it."""
        if name is None:
            return None
        if name.text not in allowed:
            options = sorted(allowed)
            self.invalid(name.span, f"'{name.text}' is not a valid {what} (choose from: "
                         f"{', '.join(options)}){suggestion_suffix(name.text, options)}")
            return None
        return name

    def declared(self, kind: str, name: Name) -> None:
        """E005 for a declaration whose name would make a line read two ways (:data:`RESERVED`)."""
        if name.text.lower() in RESERVED:
            self.invalid(name.span, f"'{name.text}' is a reserved word of the protocol language; "
                         f"choose another name for this {_DECLARED[kind]}")

    def date(self, name: Name, what: str) -> date | None:
        try:
            return date.fromisoformat(name.text)
        except ValueError:
            self.invalid(name.span, f"'{name.text}' is not a real date for {what} (use YYYY-MM-DD)")
            return None

    def single(self, lines: list[Line], keyword: str) -> Line | None:
        """The one ``keyword`` line of a block; a second one is a duplicate (E004)."""
        found = [line for line in lines if line.keyword == keyword]
        for extra in found[1:]:
            self.findings.append(DUPLICATE.finding(extra.span, f"'{keyword}' is given twice in this block "
                                      f"(first on line {found[0].span.line})"))
        return found[0] if found else None

    def value(self, lines: list[Line], keyword: str) -> Any:
        line = self.single(lines, keyword)
        return line.values[0] if line and line.values else None

    def all_values(self, lines: list[Line], keyword: str) -> tuple[Any, ...]:
        out: list[Any] = []
        for line in lines:
            if line.keyword == keyword:
                for value in line.values:
                    out.extend(value if isinstance(value, tuple) else [value])
        return tuple(out)

    # ---- blocks ---------------------------------------------------------------------
    def header(self, head: list[Any], lines: list[Line], span: Span) -> Header:
        review = self.value(lines, "review-by")
        return Header(
            title=head[0], span=span,
            version=self.value(lines, "version"),
            organisation=self.value(lines, "organisation"),
            service=self.choice(self.value(lines, "service"), V.SERVICE_KINDS, "service kind"),
            sector=self.choice(self.value(lines, "sector"), V.SECTORS, "sector"),
            jurisdiction=self.choice(self.value(lines, "jurisdiction"), V.JURISDICTIONS, "jurisdiction"),
            clients=self.choice(self.value(lines, "clients"), V.CLIENT_GROUPS, "client group"),
            staff_include=tuple(n for n in self.all_values(lines, "staff-include")
                                if self.choice(n, V.STAFF_GROUPS, "staff group")),
            review_by=self.date(review, "review-by") if review else None,
            review_span=review.span if review else None,
            owner=self.value(lines, "owner"),
        )

    def library(self, head: list[Any], lines: list[Line], span: Span) -> LibraryHeader:
        return LibraryHeader(
            title=head[0], span=span,
            jurisdiction=self.choice(self.value(lines, "jurisdiction"), V.JURISDICTIONS, "jurisdiction"),
            status=self.choice(self.value(lines, "status"), V.LIBRARY_STATUSES, "library status"),
            principle=self.value(lines, "principle"),
            notes=self.all_values(lines, "note"),
        )

    def recipient(self, head: list[Any], lines: list[Line], span: Span) -> Recipient:
        return Recipient(
            id=head[0], span=span, end_line=_end(span, lines), label=head[1] if len(head) > 1 else None,
            kind=self.value(lines, "kind"),
            named_by_client=self.choice(self.value(lines, "named-by"), V.NAMED_BY, "named-by value"),
            onward_sharing=self.choice(self.value(lines, "onward-sharing"), V.ONWARD_MODES, "onward-sharing mode"),
        )

    def data(self, head: list[Any], lines: list[Line], span: Span) -> DataCategory:
        return DataCategory(id=head[0], span=span, label=head[1] if len(head) > 1 else None,
                            kind=self.value(lines, "kind"))

    def trigger(self, head: list[Any], lines: list[Line], span: Span) -> Trigger:
        return Trigger(
            id=head[0], span=span, end_line=_end(span, lines), label=head[1] if len(head) > 1 else None,
            means=self.value(lines, "means"),
            threshold=self.choice(self.value(lines, "threshold"), V.THRESHOLDS, "threshold"),
        )

    def assessment(self, lines: list[Line], span: Span) -> Assessment:
        groups: dict[str, list[Name]] = {"explain": [], "record": [], "assess": []}
        for line in lines:
            name = self.choice(line.values[0], V.ASSESSMENT_LINES[line.keyword], f"'{line.keyword}' item")
            if name:
                groups[line.keyword].append(name)
        return Assessment(span, _end(span, lines), tuple(groups["explain"]), tuple(groups["record"]),
                          tuple(groups["assess"]))

    def records(self, lines: list[Line], span: Span) -> Records:
        return Records(
            span, _end(span, lines),
            storage=self.choice(self.value(lines, "storage"), V.RECORDS_LINES["storage"], "storage value"),
            log=self.choice(self.value(lines, "log"), V.RECORDS_LINES["log"], "log value"),
            retention=self.value(lines, "retention"),
            access=self.value(lines, "access"),
        )

    def clause(self, head: list[Any], body: list[Any], span: Span) -> Clause:
        lines = [b for b in body if isinstance(b, Line)]
        shares = tuple(b for b in body if isinstance(b, Share))
        # A clause is the block every file has most of: its lines are sorted by keyword once,
        # rather than looked through again for each setting.
        keyword: dict[str, list[Line]] = {}
        for line in lines:
            keyword.setdefault(line.keyword, []).append(line)
        for share in shares:
            self.choice(share.modality, V.MODALITIES, "modality")
        if not shares:
            self.invalid(head[0].span, f"clause {head[0].text} says nothing about sharing: add a line "
                         "such as 'staff may share DATA with RECIPIENT'")
        timing = self.value(keyword.get("timing", []), "timing")
        if isinstance(timing, Name):
            timing = self.choice(timing, V.TIMINGS, 'timing (or a "quoted text")')
        waivers = tuple(w for w in (self.waiver(line) for line in keyword.get("allow", [])) if w)
        self.single(keyword.get("except-in-emergency", []), "except-in-emergency")
        self.single(keyword.get("except-where-unsafe", []), "except-where-unsafe")
        ends = [span.end_line] + [ln.span.end_line for ln in lines] + [s.span.end_line for s in shares]
        keyed = [(ln.keyword, ln.span) for ln in lines] + [("share", s.span) for s in shares]
        return Clause(
            ref=head[0], span=span, path=self.path, title=head[1] if len(head) > 1 else None,
            clients=self.choice(self.value(keyword.get("clients", []), "clients"), V.CLIENT_GROUPS, "client group"),
            when=self.all_values(keyword.get("when", []), "when"),
            shares=shares,
            consent=self.choice(self.value(keyword.get("consent", []), "consent"), V.CONSENT_MODES, "consent mode"),
            consent_from=self.choice(self.value(keyword.get("consent-from", []), "consent-from"), V.CONSENT_FROM,
                                     "consent-from value"),
            steps=self.all_values(keyword.get("steps", []), "steps"),
            except_in_emergency="except-in-emergency" in keyword,
            except_where_unsafe="except-where-unsafe" in keyword,
            assess=self.all_values(keyword.get("assess", []), "assess"),
            timing=timing,
            basis=self.all_values(keyword.get("basis", []), "basis"),
            condition=self.all_values(keyword.get("condition", []), "condition"),
            waivers=waivers,
            lines=tuple(sorted(keyed, key=lambda kv: (kv[1].line, kv[1].column))),
            end_line=max(ends),
        )

    def waiver(self, line: Line) -> Waiver | None:
        """An ``allow`` line; which rule it names is resolved by the check core (E005 there)."""
        rule_name = line.values[0]
        texts = [v for v in line.values if isinstance(v, Text)]
        dates = [v for v in line.values[1:] if isinstance(v, Name) and v.text != "until"]
        if not texts or not texts[0].text.strip():
            self.invalid(rule_name.span, f"a waiver of {rule_name.text} needs a justification in quotes, "
                         f'e.g. allow {rule_name.text} "agreed with the commissioner" until 2027-03-31')
            return None
        until = self.date(dates[0], "until") if dates else None
        if dates and until is None:
            return None
        return Waiver(rule_name, texts[0], until, line.span)

    def law(self, head: list[Any], lines: list[Line], span: Span) -> Law:
        kind = self.value(lines, "kind")
        if kind is None:  # a kind written wrong is reported once, by choice(), with its did-you-mean
            self.invalid(head[0].span, f"law {head[0].text} needs a 'kind' line ({', '.join(sorted(V.LAW_KINDS))})")
        return Law(
            id=head[0], span=span, path=self.path, title=head[1] if len(head) > 1 else None,
            kind=self.choice(kind, V.LAW_KINDS, "law kind"),
            binds=self.all_values(lines, "binds"),
            when=self.all_values(lines, "when"),
            threshold=self.choice(self.value(lines, "threshold"), V.THRESHOLDS, "threshold"),
            recipients=self.all_values(lines, "recipients"),
            discloses=self.all_values(lines, "discloses"),
            forbids=self.all_values(lines, "forbids"),
            unless_objects=self.single(lines, "unless-objects") is not None,
            special_category=_yes(self.choice(self.value(lines, "special-category"), V.SERIOUS_HARM_VALUES,
                                              "special-category value")),
            sources=self.all_values(lines, "source"),
            notes=self.all_values(lines, "note"),
        )

    def standard(self, head: list[Any], lines: list[Line], span: Span) -> Standard:
        return Standard(
            id=head[0], span=span, path=self.path, title=head[1] if len(head) > 1 else None,
            serious_harm=self.choice(self.value(lines, "serious-harm"), V.SERIOUS_HARM_VALUES, "serious-harm value"),
            threshold=self.choice(self.value(lines, "threshold"), V.THRESHOLDS, "threshold"),
            necessary=self.all_values(lines, "necessary"),
            acts=self.all_values(lines, "acts"),
            signals=self.all_values(lines, "signals"),
            sources=self.all_values(lines, "source"),
            notes=self.all_values(lines, "note"),
        )

    def scenario(self, head: list[Any], body: list[Any], span: Span) -> Scenario:
        lines = [b for b in body if isinstance(b, Line)]
        age: int | None = None
        competent: bool | None = None
        client = self.single(lines, "client")
        for trait in (client.values[0] if client else []):
            if isinstance(trait, tuple):
                age = trait[1]
                if age > V.OLDEST_CLIENT:  # a typo (300 for 30) would test a situation nobody is in
                    self.invalid(trait[2], f"age {age} is not a person's age (0 to {V.OLDEST_CLIENT})")
                    age = None
            elif self.choice(trait, V.CLIENT_TRAITS, "client trait"):
                competent = trait.text == "competent"
        return Scenario(
            title=head[0], span=span, path=self.path,
            protocol_file=self.value(lines, "protocol-file"),
            age=age, competent=competent,
            events=self.all_values(lines, "events"),
            consent=self.choice(self.value(lines, "consent"), V.SCENARIO_CONSENT, "scenario consent"),
            expectations=tuple(b for b in body if isinstance(b, Expectation)),
        )


def build(tree: Tree[Token], path: str) -> tuple[Document, list[Finding]]:
    """Build the :class:`Document` for one file parsed by lark, with its E004/E005 findings."""
    from confide.language.tree import blocks_of  # lark is imported only when a file needs it

    with collector_paused():
        return _assemble(blocks_of(tree, path), path)


def assemble(blocks: list[Block], path: str) -> tuple[Document, list[Finding]]:
    """Build the :class:`Document` from one file's blocks (either front end's), with E004/E005."""
    with collector_paused():
        return _assemble(blocks, path)


def _assemble(blocks: list[Block], path: str) -> tuple[Document, list[Finding]]:
    builder = _Builder(path)
    parts: dict[str, list[Any]] = {}
    for kind, head, body, span in blocks:
        if kind == "assessment":
            item: Any = builder.assessment(body, span)
        elif kind == "records":
            item = builder.records(body, span)
        elif kind == "include":
            item = Include(head[0], span)
        elif kind in {"clause", "scenario"}:
            item = getattr(builder, kind)(head, body, span)
        else:
            if kind in _DECLARED:
                builder.declared(kind, head[0])
            item = getattr(builder, "header" if kind == "protocol" else kind)(head, body, span)
        parts.setdefault(kind, []).append(item)
    for kind in ("protocol", "library", "assessment", "records"):
        for extra in parts.get(kind, [])[1:]:
            builder.findings.append(DUPLICATE.finding(extra.span, f"a file may have only one '{_keyword(kind)}' block "
                                         f"(the first is on line {parts[kind][0].span.line})"))
    first = {k: (v[0] if v else None) for k, v in parts.items()}
    document = Document(
        path=path,
        header=first.get("protocol"),
        library=first.get("library"),
        includes=tuple(parts.get("include", ())),
        recipients=tuple(parts.get("recipient", ())),
        data=tuple(parts.get("data", ())),
        triggers=tuple(parts.get("trigger", ())),
        assessment=first.get("assessment"),
        records=first.get("records"),
        clauses=tuple(parts.get("clause", ())),
        laws=tuple(parts.get("law", ())),
        standards=tuple(parts.get("standard", ())),
        scenarios=tuple(parts.get("scenario", ())),
    )
    return document, builder.findings


def _end(span: Span, lines: list[Line]) -> int:
    """The last line a block's content reaches (blank lines and comments after it excluded)."""
    return max([span.end_line, *(line.span.end_line for line in lines)])


def _yes(name: Name | None) -> bool:
    return name is not None and name.text == "yes"


def _keyword(kind: str) -> str:
    return {"assessment": "at-assessment"}.get(kind, kind)
