"""The typed, immutable model of a protocol file: what the transformer builds from the tree.

Every element keeps its :class:`~confide.source.Span`, so a finding raised at any later
stage points at the exact line and column. After this module, no stage sees lark trees.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from confide.source import Span, slot_setters


@dataclass(frozen=True, slots=True)
class Name:
    """A name as written in the protocol, with where it was written."""

    text: str
    span: Span

    def __init__(self, text: str, span: Span) -> None:  # built for every name written: see Span
        _NAME_TEXT(self, text)
        _NAME_SPAN(self, span)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Text:
    """A quoted text (title, description, source) without its quotes."""

    text: str
    span: Span

    def __init__(self, text: str, span: Span) -> None:
        _TEXT_TEXT(self, text)
        _TEXT_SPAN(self, span)


_NAME_TEXT, _NAME_SPAN = slot_setters(Name, "text", "span")
_TEXT_TEXT, _TEXT_SPAN = slot_setters(Text, "text", "span")


@dataclass(frozen=True)
class Header:
    """The ``protocol`` block: who the protocol belongs to and whom it serves."""

    title: Text
    span: Span
    version: Text | None = None
    organisation: Text | None = None
    service: Name | None = None
    sector: Name | None = None
    jurisdiction: Name | None = None
    clients: Name | None = None
    staff_include: tuple[Name, ...] = ()
    review_by: date | None = None
    review_span: Span | None = None  # where the review-by date is written (REVIEW001 points there)
    owner: Text | None = None


@dataclass(frozen=True)
class LibraryHeader:
    """The ``library`` block that heads a law-library file."""

    title: Text
    span: Span
    jurisdiction: Name | None = None
    status: Name | None = None
    principle: Text | None = None
    notes: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Include:
    """An ``include "PATH"`` line, unresolved."""

    target: Text
    span: Span


@dataclass(frozen=True)
class Recipient:
    """A party that may receive information; judged by its ``kind``."""

    id: Name
    span: Span
    end_line: int = 0
    label: Text | None = None
    kind: Name | None = None
    named_by_client: Name | None = None
    onward_sharing: Name | None = None


@dataclass(frozen=True)
class DataCategory:
    """A category of information the service holds; judged by its ``kind``."""

    id: Name
    span: Span
    label: Text | None = None
    kind: Name | None = None


@dataclass(frozen=True)
class Trigger:
    """A local event that can lead to sharing, mapped (by ``means``) onto a library standard."""

    id: Name
    span: Span
    end_line: int = 0
    label: Text | None = None
    means: Name | None = None
    threshold: Name | None = None


@dataclass(frozen=True)
class Assessment:
    """The ``at-assessment`` block: what happens before any service is given."""

    span: Span
    end_line: int = 0
    explains: tuple[Name, ...] = ()
    records: tuple[Name, ...] = ()
    assesses: tuple[Name, ...] = ()


@dataclass(frozen=True)
class Records:
    """The ``records`` block: how records are kept."""

    span: Span
    end_line: int = 0
    storage: Name | None = None
    log: Name | None = None
    retention: Text | None = None
    access: Text | None = None


@dataclass(frozen=True, slots=True)
class Share:
    """One ``SUBJECT must|may|must-not share|publish DATA with RECIPIENTS`` line.

    ``subject`` is ``staff`` (the protocol's own staff) or a recipient name. A ``publish``
    line has no recipients: its recipient is the public.
    """

    subject: Name
    modality: Name
    data: tuple[Name, ...]
    recipients: tuple[Name, ...]
    span: Span
    publish: bool

    def __init__(self, subject: Name, modality: Name, data: tuple[Name, ...], recipients: tuple[Name, ...],
                 span: Span, publish: bool = False) -> None:  # one per share line, and per reworded one
        _S_SUBJECT(self, subject)
        _S_MODALITY(self, modality)
        _S_DATA(self, data)
        _S_RECIPIENTS(self, recipients)
        _S_SPAN(self, span)
        _S_PUBLISH(self, publish)

    @property
    def by_staff(self) -> bool:
        """True when the protocol's own staff do the sharing."""
        return self.subject.text == "staff"


_S_SUBJECT, _S_MODALITY, _S_DATA, _S_RECIPIENTS, _S_SPAN, _S_PUBLISH = slot_setters(
    Share, *(f.name for f in fields(Share)))


@dataclass(frozen=True)
class Waiver:
    """An ``allow RULE "WHY" until DATE`` line: a finding reported, not failed, until then.

    ``rule`` is a code or a symbol as written; the check core resolves it against the rule
    catalogue (the language knows no rules).
    """

    rule: Name
    justification: Text
    until: date | None
    span: Span


@dataclass(frozen=True, slots=True)
class Clause:
    """A numbered clause: who must, may or must not share what, when, with which safeguards.

    Settings left out take the language defaults (LANGUAGE.md §3): no ``consent`` line means
    consent required, no ``consent-from`` the client; no ``when`` means always. ``lines`` keeps
    the span of each setting line by keyword, so a finding about a missing step can point at
    the consent line that lacks it.
    """

    ref: Name
    span: Span
    path: str
    title: Text | None
    clients: Name | None
    when: tuple[Name, ...]
    shares: tuple[Share, ...]
    consent: Name | None
    consent_from: Name | None
    steps: tuple[Name, ...]
    except_in_emergency: bool
    except_where_unsafe: bool
    assess: tuple[Name, ...]
    timing: Name | Text | None
    basis: tuple[Name, ...]
    condition: tuple[Name, ...]
    waivers: tuple[Waiver, ...]
    lines: tuple[tuple[str, Span], ...]
    end_line: int

    def __init__(self, ref: Name, span: Span, path: str, title: Text | None = None, clients: Name | None = None,
                 when: tuple[Name, ...] = (), shares: tuple[Share, ...] = (), consent: Name | None = None,
                 consent_from: Name | None = None, steps: tuple[Name, ...] = (), except_in_emergency: bool = False,
                 except_where_unsafe: bool = False, assess: tuple[Name, ...] = (), timing: Name | Text | None = None,
                 basis: tuple[Name, ...] = (), condition: tuple[Name, ...] = (), waivers: tuple[Waiver, ...] = (),
                 lines: tuple[tuple[str, Span], ...] = (), end_line: int = 0) -> None:
        # One per clause, and one per step of its rewording (dataclasses.replace): the slots are set
        # directly (see Span). The defaults are these.
        _C_REF(self, ref)
        _C_SPAN(self, span)
        _C_PATH(self, path)
        _C_TITLE(self, title)
        _C_CLIENTS(self, clients)
        _C_WHEN(self, when)
        _C_SHARES(self, shares)
        _C_CONSENT(self, consent)
        _C_CONSENT_FROM(self, consent_from)
        _C_STEPS(self, steps)
        _C_EXCEPT_IN_EMERGENCY(self, except_in_emergency)
        _C_EXCEPT_WHERE_UNSAFE(self, except_where_unsafe)
        _C_ASSESS(self, assess)
        _C_TIMING(self, timing)
        _C_BASIS(self, basis)
        _C_CONDITION(self, condition)
        _C_WAIVERS(self, waivers)
        _C_LINES(self, lines)
        _C_END_LINE(self, end_line)

    @property
    def consent_mode(self) -> str:
        """The consent value, defaulting to ``required``."""
        return self.consent.text if self.consent else "required"

    @property
    def consent_giver(self) -> str:
        """Who gives consent: the ``consent-from`` value, defaulting to ``client``."""
        return self.consent_from.text if self.consent_from else "client"

    @property
    def cited(self) -> tuple[Name, ...]:
        """Every law the clause names, on its ``basis`` and ``condition`` lines."""
        return self.basis + self.condition

    def line(self, keyword: str) -> Span | None:
        """The span of the first ``keyword`` line in this clause, if there is one."""
        return next((span for key, span in self.lines if key == keyword), None)


(_C_REF, _C_SPAN, _C_PATH, _C_TITLE, _C_CLIENTS, _C_WHEN, _C_SHARES, _C_CONSENT, _C_CONSENT_FROM, _C_STEPS,
 _C_EXCEPT_IN_EMERGENCY, _C_EXCEPT_WHERE_UNSAFE, _C_ASSESS, _C_TIMING, _C_BASIS, _C_CONDITION, _C_WAIVERS, _C_LINES,
 _C_END_LINE) = slot_setters(Clause, *(f.name for f in fields(Clause)))


@dataclass(frozen=True)
class Law:
    """A library ``law``: what it makes or lets someone disclose, and its sources.

    ``unless_objects``: the duty lifts where the person objects (HSCA 2012 s.251B(4)).
    ``special_category``: a UK GDPR Art 9(2) / DPA 2018 Sch 1 condition (kind ``condition``).
    """

    id: Name
    span: Span
    path: str
    title: Text | None = None
    kind: Name | None = None
    binds: tuple[Name, ...] = ()
    when: tuple[Name, ...] = ()
    threshold: Name | None = None
    recipients: tuple[Name, ...] = ()
    discloses: tuple[Name, ...] = ()
    forbids: tuple[Name, ...] = ()
    unless_objects: bool = False
    special_category: bool = False
    sources: tuple[Text, ...] = ()
    notes: tuple[Text, ...] = ()

    @property
    def kind_word(self) -> str:
        """The kind (duty, power...), or '' when the entry has none (E005 says so)."""
        return self.kind.text if self.kind else ""


@dataclass(frozen=True)
class Standard:
    """A library ``standard``: a recognised situation, whether it is serious harm, the least
    certainty at which it justifies sharing, the minimum data it needs, who can act on it and
    the words a trigger labelled with it is expected to use (LANGUAGE.md §4).
    """

    id: Name
    span: Span
    path: str
    title: Text | None = None
    serious_harm: Name | None = None
    threshold: Name | None = None
    necessary: tuple[Name, ...] = ()
    acts: tuple[Name, ...] = ()
    signals: tuple[Text, ...] = ()
    sources: tuple[Text, ...] = ()
    notes: tuple[Text, ...] = ()

    @property
    def is_serious_harm(self) -> bool:
        """``serious-harm yes``: a public-interest justification (§3 (b))."""
        return self.serious_harm is not None and self.serious_harm.text == "yes"


@dataclass(frozen=True)
class Expectation:
    """One ``expect`` line of a scenario."""

    kind: str  # "share" | "no-share" | "steps"
    span: Span
    data: tuple[Name, ...] = ()
    recipients: tuple[Name, ...] = ()
    steps: tuple[Name, ...] = ()


@dataclass(frozen=True)
class Scenario:
    """A policy test: a situation and what the protocol should make staff do in it."""

    title: Text
    span: Span
    path: str
    protocol_file: Text | None = None
    age: int | None = None
    competent: bool | None = None
    events: tuple[Name, ...] = ()
    consent: Name | None = None
    expectations: tuple[Expectation, ...] = ()


@dataclass(frozen=True)
class Document:
    """One parsed file: its blocks in source order, grouped by kind."""

    path: str
    header: Header | None = None
    library: LibraryHeader | None = None
    includes: tuple[Include, ...] = ()
    recipients: tuple[Recipient, ...] = ()
    data: tuple[DataCategory, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    assessment: Assessment | None = None
    records: Records | None = None
    clauses: tuple[Clause, ...] = ()
    laws: tuple[Law, ...] = ()
    standards: tuple[Standard, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
