"""Every construct of LANGUAGE.md lands in the model with its value and its 1-based place.

One protocol holding every block and line is built once; each test reads one part of it.
Positions matter because every later finding points at them.
"""

from __future__ import annotations

import dataclasses
import inspect
import pickle
import textwrap
from datetime import date

import pytest
from confide.findings import Finding, Related, Severity
from confide.graph import ClauseFacts, Disclosure, Flow, TriggerVerdict
from confide.language.build import build
from confide.language.model import Clause, Document, Name, Share, Text
from confide.language.parse import parse
from confide.resources import library_path
from confide.source import SourceFile, Span, replaced

FULL = textwrap.dedent("""\
    protocol "Riverside House: drugs and information sharing"
      version "2.1"
      organisation "Riverside Housing Trust"
      service supported-housing
      sector voluntary
      jurisdiction england-and-wales
      clients adults
      staff-include support-workers, social-workers
      review-by 2027-03-31
      owner "Head of Housing"
    include "partnership.protocol"
    recipient police "Northumbria Police"
      kind police
    recipient family
      kind family
      named-by client
    recipient hub "City safeguarding hub"
      kind childrens-social-care
      onward-sharing requires-consent
    data results "Drug test results"
      kind drug-test-results
    trigger dealing "Staff suspect dealing"
      means drug-supply-on-premises
      threshold suspicion
    at-assessment
      explain limits-of-confidentiality
      record client-preferences
      assess competence
    records
      storage secure
      log disclosures
      retention "6 years after last contact"
      access "Named managers only"
    clause 4.2 "Suspected dealing"
      clients all
      when dealing, terrorism-information
      staff must share identity, suspected-activity with police
      hub may share risk-information with family
      staff may publish attendance
      consent not-required
      steps consult-supervisor, record-decision
      except-in-emergency
      assess age-maturity, severity, risk, context
      timing immediately
      basis crime-and-disorder-act-1998-s115, common-law-public-interest
      allow LAW001 "agreed with the commissioner" until 2027-03-31
      allow automatic-referral-exceeds-duty "pending review"
    clause 5 "Case by case"
      staff may share identity with family
      timing "within one working day"
    scenario "15-year-old discloses dealing"
      protocol-file "riverside.protocol"
      client age 15, competent
      events dealing
      consent refused
      expect share risk-information with hub
      expect no-share with police
      expect steps consult-supervisor, inform-client
    """)


@pytest.fixture(scope="module")
def doc() -> Document:
    parsed = parse(SourceFile("r.protocol", FULL))
    assert parsed.errors == () and parsed.tree is not None, [e.message for e in parsed.errors]
    built, findings = build(parsed.tree, "r.protocol")
    assert findings == [], [f.message for f in findings]
    return built


def at(item: Name | Text | Span) -> tuple[int, int]:
    """(line, column) of a name, text or span."""
    span = item if isinstance(item, Span) else item.span
    return span.line, span.column


def test_protocol_header_holds_every_line(doc: Document) -> None:
    header = doc.header
    assert header is not None
    assert header.title.text == "Riverside House: drugs and information sharing"
    assert at(header.span) == (1, 1) and at(header.title) == (1, 10)
    assert header.version is not None and header.version.text == "2.1" and at(header.version) == (2, 11)
    assert header.organisation is not None and header.organisation.text == "Riverside Housing Trust"
    assert header.service is not None and header.service.text == "supported-housing" and at(header.service) == (4, 11)
    assert header.sector is not None and header.sector.text == "voluntary"
    assert header.jurisdiction is not None and header.jurisdiction.text == "england-and-wales"
    assert header.clients is not None and header.clients.text == "adults" and at(header.clients) == (7, 11)
    assert [s.text for s in header.staff_include] == ["support-workers", "social-workers"]
    assert at(header.staff_include[1]) == (8, 34)
    assert header.review_by == date(2027, 3, 31)
    assert header.owner is not None and header.owner.text == "Head of Housing"


def test_include_keeps_its_path_and_place(doc: Document) -> None:
    (include,) = doc.includes
    assert include.target.text == "partnership.protocol"
    assert at(include.span) == (11, 1) and at(include.target) == (11, 9)


def test_recipients_with_kind_named_by_and_onward_sharing(doc: Document) -> None:
    police, family, hub = doc.recipients
    assert (police.id.text, police.label.text if police.label else None) == ("police", "Northumbria Police")
    assert police.kind is not None and police.kind.text == "police" and at(police.kind) == (13, 8)
    assert at(police.id) == (12, 11)
    assert family.label is None and family.named_by_client is not None
    assert family.named_by_client.text == "client" and at(family.named_by_client) == (16, 12)
    assert hub.onward_sharing is not None and hub.onward_sharing.text == "requires-consent"
    assert at(hub.onward_sharing) == (19, 18)
    assert police.onward_sharing is None  # the default, allowed, is left to the rules


def test_data_declaration(doc: Document) -> None:
    (results,) = doc.data
    assert results.id.text == "results" and results.label is not None
    assert results.label.text == "Drug test results"
    assert results.kind is not None and results.kind.text == "drug-test-results" and at(results.kind) == (21, 8)


def test_trigger_with_means_and_threshold(doc: Document) -> None:
    (trigger,) = doc.triggers
    assert trigger.id.text == "dealing" and at(trigger.id) == (22, 9)
    assert trigger.means is not None and trigger.means.text == "drug-supply-on-premises"
    assert at(trigger.means) == (23, 9)
    assert trigger.threshold is not None and trigger.threshold.text == "suspicion" and at(trigger.threshold) == (24, 13)


def test_at_assessment_lines(doc: Document) -> None:
    assessment = doc.assessment
    assert assessment is not None and at(assessment.span) == (25, 1)
    assert [n.text for n in assessment.explains] == ["limits-of-confidentiality"]
    assert [n.text for n in assessment.records] == ["client-preferences"]
    assert [n.text for n in assessment.assesses] == ["competence"]
    assert at(assessment.explains[0]) == (26, 11)


def test_records_lines(doc: Document) -> None:
    records = doc.records
    assert records is not None and at(records.span) == (29, 1)
    assert records.storage is not None and records.storage.text == "secure"
    assert records.log is not None and records.log.text == "disclosures"
    assert records.retention is not None and records.retention.text == "6 years after last contact"
    assert records.access is not None and records.access.text == "Named managers only"
    assert at(records.access) == (33, 10)


def test_clause_settings(doc: Document) -> None:
    clause = doc.clauses[0]
    assert clause.ref.text == "4.2" and at(clause.ref) == (34, 8)
    assert clause.title is not None and clause.title.text == "Suspected dealing"
    assert clause.clients is not None and clause.clients.text == "all" and at(clause.clients) == (35, 11)
    assert [w.text for w in clause.when] == ["dealing", "terrorism-information"]
    assert at(clause.when[1]) == (36, 17)
    assert clause.consent is not None and clause.consent_mode == "not-required" and at(clause.consent) == (40, 11)
    assert [s.text for s in clause.steps] == ["consult-supervisor", "record-decision"]
    assert clause.except_in_emergency
    assert [a.text for a in clause.assess] == ["age-maturity", "severity", "risk", "context"]
    assert isinstance(clause.timing, Name) and clause.timing.text == "immediately"
    assert [b.text for b in clause.basis] == ["crime-and-disorder-act-1998-s115", "common-law-public-interest"]
    assert clause.end_line == 47


def test_clause_share_lines_with_staff_and_a_recipient_as_subject(doc: Document) -> None:
    staff, partner, publish = doc.clauses[0].shares
    assert at(staff.span) == (37, 3) and staff.span.end_column == 60
    assert at(staff.modality) == (37, 9) and at(staff.data[1]) == (37, 30) and at(staff.recipients[0]) == (37, 54)
    assert partner.subject.text == "hub" and not partner.by_staff and at(partner.span) == (38, 3)
    assert publish.publish and at(publish.data[0]) == (39, 21)


def test_clause_remembers_where_each_setting_line_is(doc: Document) -> None:
    clause = doc.clauses[0]
    consent = clause.line("consent")
    assert consent is not None and at(consent) == (40, 3)
    assert clause.line("share") is not None and clause.line("steps") is not None
    assert clause.line("steps").line == 41  # type: ignore[union-attr]


def test_waivers_by_code_and_by_symbol(doc: Document) -> None:
    by_code, by_symbol = doc.clauses[0].waivers
    assert by_code.rule.text == "LAW001" and by_code.until == date(2027, 3, 31)
    assert by_code.justification is not None and by_code.justification.text == "agreed with the commissioner"
    assert at(by_code.span) == (46, 3)
    assert by_symbol.rule.text == "automatic-referral-exceeds-duty"
    assert by_symbol.until is None


def test_defaults_when_lines_are_left_out(doc: Document) -> None:
    clause = doc.clauses[1]
    assert clause.consent is None and clause.consent_mode == "required"
    assert clause.when == () and clause.clients is None and clause.steps == ()
    assert not clause.except_in_emergency
    assert isinstance(clause.timing, Text) and clause.timing.text == "within one working day"


def test_scenario_lines(doc: Document) -> None:
    (scenario,) = doc.scenarios
    assert scenario.title.text == "15-year-old discloses dealing" and at(scenario.span) == (51, 1)
    assert scenario.protocol_file is not None and scenario.protocol_file.text == "riverside.protocol"
    assert scenario.age == 15 and scenario.competent is True
    assert [e.text for e in scenario.events] == ["dealing"]
    assert scenario.consent is not None and scenario.consent.text == "refused"
    share, no_share, steps = scenario.expectations
    assert share.kind == "share" and [d.text for d in share.data] == ["risk-information"]
    assert [r.text for r in share.recipients] == ["hub"] and at(share.span) == (56, 3)
    assert no_share.kind == "no-share" and [r.text for r in no_share.recipients] == ["police"]
    assert steps.kind == "steps" and [s.text for s in steps.steps] == ["consult-supervisor", "inform-client"]
    assert at(steps.steps[1]) == (58, 36)


def test_scenario_client_not_competent_and_no_events() -> None:
    text = 'scenario "adult"\n  client age 30, not-competent\n  events none\n  expect no-share with police\n'
    parsed = parse(SourceFile("s.protocol", text))
    assert parsed.tree is not None
    built, findings = build(parsed.tree, "s.protocol")
    assert findings == []
    scenario = built.scenarios[0]
    assert scenario.age == 30 and scenario.competent is False
    assert [e.text for e in scenario.events] == ["none"]


LIBRARY = textwrap.dedent("""\
    library "Test library"
      jurisdiction england-and-wales
      status partial
      note "Not legal advice."
      note "A second note."
    standard child-at-risk "A child is at risk"
      serious-harm yes
      necessary identity, risk-information
      note "Children Act 1989 s.31(9)."
    law terrorism-act-2000-s38b "Terrorism Act 2000, section 38B"
      kind duty
      binds anyone
      when terrorism-information
      threshold belief
      recipients police
      discloses identity, suspected-activity
      forbids inform-client
      source "Terrorism Act 2000 s.38B"
      note "Tipping off: s.39."
    """)


def test_library_header_standard_and_law() -> None:
    parsed = parse(SourceFile("lib.protocol", LIBRARY))
    assert parsed.tree is not None
    built, findings = build(parsed.tree, "lib.protocol")
    assert findings == []
    library = built.library
    assert library is not None and library.title.text == "Test library"
    assert library.status is not None and library.status.text == "partial"
    assert [n.text for n in library.notes] == ["Not legal advice.", "A second note."]
    (standard,) = built.standards
    assert standard.serious_harm is not None and standard.serious_harm.text == "yes"
    assert [n.text for n in standard.necessary] == ["identity", "risk-information"]
    assert at(standard.necessary[1]) == (8, 23)
    (law,) = built.laws
    assert law.kind is not None and law.kind.text == "duty"
    assert [b.text for b in law.binds] == ["anyone"] and [w.text for w in law.when] == ["terrorism-information"]
    assert law.threshold is not None and law.threshold.text == "belief"
    assert [r.text for r in law.recipients] == ["police"]
    assert [d.text for d in law.discloses] == ["identity", "suspected-activity"]
    assert [f.text for f in law.forbids] == ["inform-client"]
    (source,) = law.sources
    assert source.text == "Terrorism Act 2000 s.38B" and at(source) == (18, 10)
    assert [n.text for n in law.notes] == ["Tipping off: s.39."]


@pytest.mark.parametrize("jurisdiction", ["england-and-wales", "wales", "northern-ireland"])
def test_shipped_libraries_parse_cleanly(jurisdiction: str) -> None:
    path = library_path(jurisdiction)
    parsed = parse(SourceFile(str(path), path.read_text(encoding="utf-8")))
    assert parsed.errors == () and parsed.tree is not None
    built, findings = build(parsed.tree, str(path))
    assert findings == [] and built.laws and built.standards


@pytest.mark.parametrize("kind", [Span, Name, Text, Finding, Clause])
def test_the_classes_built_most_often_stay_frozen_dataclasses_that_set_every_field(kind: type) -> None:
    """Span, Name, Text, Finding and Clause have constructors of their own (they set their slots
    directly, for speed): each takes every field, in order, sets it, and the object stays frozen,
    equal by value, hashable and picklable.
    """
    names = [f.name for f in dataclasses.fields(kind)]
    assert list(inspect.signature(kind.__init__).parameters)[1:] == names
    span = Span("p.protocol", 1, 2, 1, 5)
    values = {Span: ("p.protocol", 1, 2, 1, 5), Name: ("staff", span), Text: ("a text", span),
              Finding: ("LAW001", Severity.ERROR, span, "message", "1.1", "law", "clause 1.1", (1, 2), ("1.1",), (),
                        "agreed", True, ("trigger", "t1")),
              Clause: (Name("1.1", span), span, "p.protocol", Text("t", span), Name("adults", span),
                       (Name("t1", span),), (), Name("required", span), Name("client", span), (Name("s", span),),
                       True, True, (Name("risk", span),), Name("immediately", span), (Name("law", span),),
                       (Name("c", span),), (), (("consent", span),), 7)}[kind]
    built = kind(*values)
    assert tuple(getattr(built, name) for name in names) == values
    assert built == kind(*values) and hash(built) == hash(kind(*values))
    assert pickle.loads(pickle.dumps(built)) == built
    assert dataclasses.replace(built) == built
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(built, names[0], values[0])


def test_a_finding_and_a_clause_take_the_defaults_of_the_language() -> None:
    span = Span("p.protocol", 1, 1, 1, 2)
    finding = Finding("LAW001", Severity.ERROR, span, "m")
    assert (finding.clause, finding.rests_on, finding.suggestion, finding.replaces, finding.path, finding.related,
            finding.waiver, finding.waiver_expired, finding.subject) == (None, "", "", None, (), (), None, False, None)
    clause = Clause(Name("1.1", span), span, "p.protocol")
    assert clause.consent_mode == "required" and clause.consent_giver == "client" and clause.end_line == 0
    assert (clause.when, clause.shares, clause.steps, clause.lines, clause.timing) == ((), (), (), (), None)


def test_a_reworded_finding_is_the_finding_with_its_suggestion_and_nothing_else_changed() -> None:
    span = Span("p.protocol", 1, 1, 1, 2)
    finding = Finding("LAW001", Severity.ERROR, span, "m", "1.1", "law", "old", (1, 1), ("1.1",),
                      (Related(span, "other"),), "agreed", True)  # every field other than its default
    assert finding.reworded("new", (1, 3)) == dataclasses.replace(finding, suggestion="new", replaces=(1, 3))


@pytest.mark.parametrize("kind", [Span, Name, Text, Finding, Clause, Share, TriggerVerdict, Disclosure, ClauseFacts,
                                  Flow])
def test_every_hand_written_constructor_sets_every_field_in_order(kind: type) -> None:
    """The classes built for every clause set their slots themselves: a field added to one
    and not to its constructor would be left unset, which this catches.
    """
    names = [f.name for f in dataclasses.fields(kind) if f.init]
    assert list(inspect.signature(kind.__init__).parameters)[1:] == names
    values = tuple(f"value of {name}" for name in names)
    if kind is ClauseFacts:  # it draws its other answers from these, so they must be of their types
        values = ((), frozenset({"police"}), frozenset({"health"}), True, (), ())
    built = kind(*values)
    assert tuple(getattr(built, name) for name in names) == values
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(built, names[-1], "changed")


def test_the_answers_clause_facts_keep_are_what_their_disclosures_and_verdicts_say() -> None:
    """Kept when the facts are made (the rules ask them again and again), they must be what
    the facts would answer if worked out on asking, on every clause of the example protocols.
    """
    from pathlib import Path

    from confide.check import Checker
    from confide.config import Settings

    checker = Checker(Settings())
    asked = 0
    for path in sorted((Path(__file__).resolve().parent.parent / "protocols").glob("*.protocol")):
        graph = checker.open(str(path)).graph
        for clause in graph.clauses if graph is not None else ():
            facts = graph.facts(clause)
            assert facts.discloses == bool(facts.disclosures)
            assert facts.without_consent == (facts.regardless and bool(facts.disclosures))
            assert facts.justified == all(v.justified for v in facts.verdicts)
            assert facts.covered == all(bool(v.duties) for v in facts.verdicts)
            assert facts.automatic == any(d.share.modality.text == "must" for d in facts.disclosures)
            assert facts.staff_lines == tuple(d for d in facts.disclosures if graph.own(d.share.subject.text))
            asked += facts.without_consent
    assert asked > 10  # enough clauses that share without consent for the answers to differ


@pytest.mark.parametrize("kind", [Clause, Share, Name, Span])
def test_a_copy_with_fields_replaced_is_what_dataclasses_replace_makes(kind: type) -> None:
    """``source.replaced`` (the rewording's copies) sets the slots itself: it must make the same
    object, every field kept or changed, as ``dataclasses.replace``.
    """
    names = [f.name for f in dataclasses.fields(kind)]
    original = kind(*(f"value of {name}" for name in names))
    for name in names:
        assert replaced(original, **{name: "changed"}) == dataclasses.replace(original, **{name: "changed"})
    assert replaced(original) == original and replaced(original) is not original
    both = {names[0]: "first", names[-1]: "last"}
    copy = replaced(original, **both)
    assert copy == dataclasses.replace(original, **both) and type(copy) is kind
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(copy, names[0], "again")
