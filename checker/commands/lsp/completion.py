"""The text before the cursor + the last model + the library -> what may be written there.

The line being typed seldom parses, so completion works from the language's line structure
(LANGUAGE.md: a line belongs to the block opened by the last top-level keyword; its first word
says what follows) and the keyword table, never from a parse of the line. At the start of a
line it offers the keywords valid in that block; after a keyword, the values that keyword
takes: built-in words, the protocol's declared names (from the last check that had a model),
law ids with their kind, standards with their serious-harm flag.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from confide import vocabulary as V
from confide.language.keywords import BLOCK_LINES, TOP_LEVEL, block_at
from confide.library import Library
from confide.rules import CATALOGUE
from confide.unit import Unit
from lsprotocol import types

Kind = types.CompletionItemKind


@dataclass(frozen=True)
class Known:
    """What completion draws on: the library, and the last model of the protocol (if any)."""

    library: Library
    unit: Unit | None

    def declared(self, what: str) -> list[str]:
        """The names the protocol and its includes declare of ``what`` (recipient, data, trigger)."""
        if self.unit is None:
            return []
        names: dict[str, list[str]] = {"recipient": list(self.unit.recipients), "data": list(self.unit.data),
                                       "trigger": list(self.unit.triggers)}
        return sorted(names[what])


Offer = Callable[[Known], list[types.CompletionItem]]


def words(what: str, names: Iterable[str]) -> Offer:
    """Built-in words of one category, each with its meaning."""
    return lambda known: [types.CompletionItem(label=w, kind=Kind.EnumMember, detail=what,
                                               documentation=(V.meaning(w, what) or ("", ""))[1] or None)
                          for w in sorted(names)]


def declared(what: str, builtin: str | None = None, names: Iterable[str] = ()) -> Offer:
    """The protocol's own names of ``what``, then the built-in ones that may stand in their place."""
    def offer(known: Known) -> list[types.CompletionItem]:
        own = [types.CompletionItem(label=n, kind=Kind.Variable, detail=f"declared {what}", sort_text=f"0{n}")
               for n in known.declared(what)]
        return own + [ranked(i, "1") for i in (words(builtin, names)(known) if builtin else [])]
    return offer


def ranked(item: types.CompletionItem, prefix: str) -> types.CompletionItem:
    """``item`` placed in the list by ``prefix`` (0: the protocol's own names first, then 1, 2...)."""
    item.sort_text = prefix + item.label
    return item


def standards(known: Known) -> list[types.CompletionItem]:
    """The library's standards, each saying whether it is serious harm (and so can justify sharing)."""
    out = []
    for name, standard in sorted(known.library.standards.items()):
        harm = "serious harm: can justify sharing without consent" if standard.is_serious_harm else \
            "not serious harm: only a duty naming it justifies sharing"
        title = standard.title.text if standard.title else name
        out.append(types.CompletionItem(label=name, kind=Kind.Constant, detail=f"standard, {harm}",
                                        documentation=title, sort_text=f"2{name}"))
    return out


def laws(known: Known) -> list[types.CompletionItem]:
    """The library's laws, each with its kind (a duty, a power...) shown beside it."""
    return [types.CompletionItem(label=name, kind=Kind.Module, detail=f"law ({law.kind_word or 'no kind'})",
                                 documentation=law.title.text if law.title else None)
            for name, law in sorted(known.library.laws.items())]


def triggers(known: Known) -> list[types.CompletionItem]:
    """Declared triggers first, then the standards a `when` may name directly."""
    return declared("trigger")(known) + standards(known)


def rules(known: Known) -> list[types.CompletionItem]:
    """Rule codes, for a waiver."""
    return [types.CompletionItem(label=code, kind=Kind.Reference, detail=rule.symbol, documentation=rule.summary)
            for code, rule in CATALOGUE.items()]


def fixed(*choices: str) -> Offer:
    """A keyword with a fixed choice of words."""
    return lambda known: [types.CompletionItem(label=c, kind=Kind.Keyword) for c in choices]


RECIPIENTS = declared("recipient", "recipient kind", V.RECIPIENT_KINDS)
DATA = declared("data", "data kind", V.DATA_KINDS)
# (block, keyword) -> what comes after it; True: a comma-separated list.
VALUES: dict[tuple[str, str], tuple[Offer, bool]] = {
    ("protocol", "service"): (words("service kind", V.SERVICE_KINDS), False),
    ("protocol", "sector"): (words("sector", V.SECTORS), False),
    ("protocol", "jurisdiction"): (words("jurisdiction", V.JURISDICTIONS), False),
    ("protocol", "clients"): (words("client group", V.CLIENT_GROUPS), False),
    ("protocol", "staff-include"): (words("staff group", V.STAFF_GROUPS), True),
    ("library", "jurisdiction"): (words("jurisdiction", V.JURISDICTIONS), False),
    ("library", "status"): (fixed(*sorted(V.LIBRARY_STATUSES)), False),
    ("recipient", "kind"): (words("recipient kind", V.RECIPIENT_KINDS), False),
    ("recipient", "named-by"): (fixed(*sorted(V.NAMED_BY)), False),
    ("recipient", "onward-sharing"): (words("onward sharing", V.ONWARD_MODES), False),
    ("data", "kind"): (words("data kind", V.DATA_KINDS), False),
    ("trigger", "means"): (standards, False),
    ("trigger", "threshold"): (words("threshold", V.THRESHOLDS), False),
    ("records", "storage"): (fixed(*sorted(V.RECORDS_LINES["storage"])), False),
    ("records", "log"): (fixed(*sorted(V.RECORDS_LINES["log"])), False),
    ("clause", "clients"): (words("client group", V.CLIENT_GROUPS), False),
    ("clause", "when"): (triggers, True),
    ("clause", "consent"): (words("consent mode", V.CONSENT_MODES), False),
    ("clause", "consent-from"): (words("consent from", V.CONSENT_FROM), False),
    ("clause", "steps"): (words("step", V.STEPS), True),
    ("clause", "assess"): (words("assessment parameter", V.YOUTH_PARAMETERS), True),
    ("clause", "timing"): (words("timing", V.TIMINGS), False),
    ("clause", "basis"): (laws, True),
    ("clause", "condition"): (laws, True),
    ("clause", "allow"): (rules, False),
    ("law", "kind"): (fixed(*sorted(V.LAW_KINDS)), False),
    ("law", "binds"): (words("bound group", V.BOUND_GROUPS), True),
    ("law", "when"): (standards, True),
    ("law", "threshold"): (words("threshold", V.THRESHOLDS), False),
    ("law", "recipients"): (words("recipient kind", V.RECIPIENT_KINDS), True),
    ("law", "discloses"): (words("data kind", V.DATA_KINDS), True),
    ("law", "forbids"): (words("step", V.STEPS), True),
    ("law", "special-category"): (fixed(*sorted(V.SERIOUS_HARM_VALUES)), False),
    ("standard", "serious-harm"): (fixed(*sorted(V.SERIOUS_HARM_VALUES)), False),
    ("standard", "threshold"): (words("threshold", V.THRESHOLDS), False),
    ("standard", "necessary"): (words("data kind", V.DATA_KINDS), True),
    ("standard", "acts"): (words("recipient kind", V.RECIPIENT_KINDS), True),
    ("scenario", "events"): (triggers, True),
    ("scenario", "consent"): (fixed(*sorted(V.SCENARIO_CONSENT)), False),
    ("scenario", "client"): (fixed("age", *sorted(V.CLIENT_TRAITS)), True),
} | {("at-assessment", line): (fixed(*sorted(values)), False) for line, values in V.ASSESSMENT_LINES.items()}

_TEXT = re.compile(r'"(?:[^"\\]|\\.)*"?')  # quoted text, closed or still open
_CLOSED = re.compile(r'"(?:[^"\\]|\\.)*"')
_PARTIAL = re.compile(r"[A-Za-z0-9_.-]*$")


def _typed(before: str) -> tuple[list[str], bool] | None:
    """The words before the cursor and whether one is being typed; None inside a text or a comment."""
    for match in _TEXT.finditer(before):
        if match.end() == len(before) and not _CLOSED.fullmatch(match.group()):
            return None
    code = _TEXT.sub(lambda m: " " * len(m.group()), before)
    if "#" in code:
        return None
    return code.replace(",", " , ").split(), bool(code) and not code[-1].isspace() and code[-1] != ","


def complete(lines: Sequence[str], line: int, column: int, known: Known) -> tuple[list[types.CompletionItem], int]:
    """What may be written at 1-based ``line``/``column``, and the column where the word being
    typed starts (what a chosen item replaces).
    """
    if not 0 < line <= len(lines):
        return [], column
    before = lines[line - 1][: column - 1]
    start = column - len(_PARTIAL.search(before).group())  # type: ignore[union-attr]
    found = _typed(before)
    return (_offer(lines, line, found, known) if found is not None else []), start


def _offer(lines: Sequence[str], line: int, found: tuple[list[str], bool], known: Known) -> list[types.CompletionItem]:
    typed, partial = found
    if len(typed) - partial == 0:  # the first word of the line
        block, _ = block_at(lines, line)
        inside = BLOCK_LINES.get(block, ()) if block else ()
        items = [types.CompletionItem(label=k, kind=Kind.Keyword, detail=f"{block} line", sort_text=f"0{k}")
                 for k in inside]
        items += [types.CompletionItem(label=k, kind=Kind.Keyword, detail="block", sort_text=f"1{k}")
                  for k in TOP_LEVEL if k != "library"]
        if block == "clause":  # a partner clause's share line starts with the partner
            items += [ranked(i, "2") for i in declared("recipient")(known)]
        return items
    keyword = typed[0]
    if keyword in TOP_LEVEL:
        return []  # a block's head names something new: nothing to choose from
    block = block_at(lines, line)[0]
    done = typed[1:len(typed) - partial]
    if block == "clause" and (keyword == "staff" or keyword not in BLOCK_LINES["clause"]):
        return _share_line(done, known)
    if block == "scenario" and keyword == "expect":
        return _expectation(done, known)
    offer = VALUES.get((block or "", keyword))
    if offer is None or (not offer[1] and done):
        return []
    if offer[1] and done and done[-1] != ",":
        return []  # a list continues only after a comma
    return offer[0](known)


def _share_line(done: list[str], known: Known) -> list[types.CompletionItem]:
    """``SUBJECT must|may|must-not share DATA, ... with RECIPIENT, ...`` (or ``publish DATA``)."""
    if not done:
        return words("modality", V.MODALITIES)(known)
    if len(done) == 1:
        return fixed("share", "publish")(known)
    if "with" in done:
        return RECIPIENTS(known) if done[-1] in ("with", ",") else []
    if done[-1] in ("share", "publish", ","):
        return DATA(known)
    return fixed("with")(known) if done[1] == "share" else []


def _expectation(done: list[str], known: Known) -> list[types.CompletionItem]:
    """``expect share|no-share DATA with RECIPIENT`` or ``expect steps STEP, ...``."""
    if not done:
        return fixed("share", "no-share", "steps")(known)
    if done[0] == "steps":
        return words("step", V.STEPS)(known) if done[-1] in ("steps", ",") else []
    if "with" in done:
        return RECIPIENTS(known) if done[-1] in ("with", ",") else []
    if done[-1] in ("share", "no-share", ","):
        return DATA(known) + (fixed("with")(known) if done[-1] == "no-share" else [])
    return fixed("with")(known)
