"""Unit -> E002 findings: every name a protocol uses must mean something (E003 for an include's).

A name means something when the protocol or one of its includes declares it, or it is a
word of the built-in vocabulary, or the law library knows it (standards). Laws named on a
``basis`` or ``condition`` line are not checked here: an unknown law is LAW004, with the
library's own "did you mean". Scenarios in a ``*.scenario`` file are checked against the
protocol they name, with the same function, by ``confide test``.
"""

from __future__ import annotations

from collections.abc import Iterator

from confide import vocabulary as V
from confide.findings import Finding
from confide.inputs import INCLUDE, INVALID, unknown_names
from confide.language.model import Document, Scenario
from confide.loader import at_include_line
from confide.unit import Unit

# As sets, looked up as they are (unknown_names copies anything else, once per list of names).
_STEPS = frozenset(V.STEPS)
_YOUTH_PARAMETERS = frozenset(V.YOUTH_PARAMETERS)


def check_names(unit: Unit) -> Iterator[Finding]:
    """E002 for every name in the unit's own file that means nothing, and E003 at the include
    line for an included file that has one (as for its syntax errors: the loader's).

    An included file is not reported on itself (it is checked where it is checked on its own),
    but a misspelt kind or standard in it would otherwise be judged as written, silently.
    """
    yield from _unknown(unit.root, unit)
    doc = unit.root
    # Scenarios in a protocol's own file are checked here; those in a *.scenario file name
    # another protocol's triggers and recipients, so `confide test` checks them against it.
    if doc.header is not None:
        for scenario in doc.scenarios:
            yield from check_scenario(scenario, unit)
    first = (next(_unknown(included, unit), None) for included in unit.documents[1:])
    yield from at_include_line((INCLUDE.finding(f.span, f"an included file has errors: {f.message}")
                                for f in first if f is not None), unit.documents)


def _unknown(doc: Document, unit: Unit) -> Iterator[Finding]:
    """E002 for every name in ``doc`` (one of the unit's files) that means nothing in the unit."""
    standards = set(unit.library.standards)
    triggers = set(unit.triggers) | standards
    data = set(unit.data) | V.DATA_KINDS
    recipients = set(unit.recipients) | V.RECIPIENT_KINDS
    subjects = recipients | {"staff"}  # a share line's subject: 'staf may share' is 'staff' misspelt
    for recipient in doc.recipients:
        if recipient.kind is not None:
            yield from unknown_names([recipient.kind], V.RECIPIENT_KINDS, "recipient kind")
    for category in doc.data:
        if category.kind is not None:
            yield from unknown_names([category.kind], V.DATA_KINDS, "data kind")
    for trigger in doc.triggers:
        if trigger.means is not None:
            yield from unknown_names([trigger.means], standards, "standard")
    for clause in doc.clauses:
        yield from unknown_names(clause.when, triggers, "trigger")
        for share in clause.shares:
            if not share.by_staff:
                yield from unknown_names([share.subject], subjects, "recipient")
            yield from unknown_names(share.data, data, "data category")
            yield from unknown_names(share.recipients, recipients, "recipient")
        yield from unknown_names(clause.steps, _STEPS, "step")
        yield from unknown_names(clause.assess, _YOUTH_PARAMETERS, "assessment parameter")


def check_scenario(scenario: Scenario, unit: Unit, where: str = "") -> Iterator[Finding]:
    """E002 for the events, data, recipients and steps of ``scenario`` that ``unit`` does not know;
    E005 for a scenario with no ``expect`` line, which would pass while testing nothing.
    """
    if not scenario.expectations:
        yield INVALID.finding(scenario.title.span, f"scenario \"{scenario.title.text}\" has no 'expect' line, so it "
                              "tests nothing; add 'expect share …', 'expect no-share …' or 'expect steps …'")
    triggers = set(unit.triggers) | set(unit.library.standards) | {"none"}
    data = set(unit.data) | V.DATA_KINDS
    recipients = set(unit.recipients) | V.RECIPIENT_KINDS
    yield from unknown_names(scenario.events, triggers, "trigger", where)
    for expect in scenario.expectations:
        yield from unknown_names(expect.data, data, "data category", where)
        yield from unknown_names(expect.recipients, recipients, "recipient", where)
        yield from unknown_names(expect.steps, _STEPS, "step", where)
