"""`confide leaflet`: the client's explanation, generated from the protocol, plain and escaped."""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import textstat
from confide.check import Checked, Checker
from confide.commands.leaflet import Leaflet, Section, build, render

ROOT = Path(__file__).resolve().parent.parent
PROTOCOLS = sorted((ROOT / "protocols").glob("*.protocol"))
Cli = Callable[..., tuple[int, str, str]]


HEADER = """\
    protocol "Leaflet test"
      organisation "Harbour Housing"
      service homeless-hostel
      sector voluntary
      jurisdiction england-and-wales
      clients {clients}
      staff-include support-workers

    at-assessment
      explain limits-of-confidentiality
      assess competence

    """


def leaflet_of(tmp_path: Path, body: str, clients: str = "adults") -> Leaflet:
    """The leaflet of a small protocol: the header above, then ``body``."""
    path = tmp_path / "p.protocol"
    path.write_text(HEADER.format(clients=clients) + textwrap.dedent(body), encoding="utf-8")
    return build(checked(path))


def under(leaflet: Leaflet, heading: str) -> list[Section]:
    """The section with ``heading`` and those that carry on under it (no heading of their own)."""
    start = [s.heading for s in leaflet.sections].index(heading)
    rest = leaflet.sections[start + 1:]
    return [leaflet.sections[start], *itertools.takewhile(lambda s: s.heading == "", rest)]


def section(leaflet: Leaflet, heading: str) -> tuple[str, ...]:
    """The paragraphs and points under one heading, in order."""
    found = [s for s in leaflet.sections if s.heading == heading]
    assert len(found) == 1, [s.heading for s in leaflet.sections]
    return (*found[0].paragraphs, *found[0].points)


def checked(path: Path | str) -> Checked:
    opened = Checker().open(str(path))
    assert opened.graph is not None
    return opened


@pytest.mark.parametrize("path", PROTOCOLS, ids=lambda p: p.name)
def test_every_leaflet_is_easy_to_read(path: Path) -> None:
    leaflet = build(checked(path))
    score = textstat.flesch_reading_ease(leaflet.text())
    assert score >= 60, f"{path.name}: Flesch reading ease {score:.0f}"


@pytest.mark.parametrize("path", PROTOCOLS, ids=lambda p: p.name)
def test_leaflet_names_every_recipient_and_situation_in_the_protocols_own_words(path: Path) -> None:
    protocol = checked(path)
    graph = protocol.graph
    leaflet = build(protocol)
    text = leaflet.text().lower()
    headings = {s.heading for s in leaflet.sections if s.level == 3}
    for clause in graph.clauses:
        for share in graph.sharing(clause):
            for name in graph.recipients_of(share):
                declared = graph.unit.recipients.get(name)
                if share.publish or (declared and declared.named_by_client):
                    continue
                if declared and declared.label:
                    assert declared.label.text.lower() in text, f"{path.name}: {clause.ref.text} shares with {name}"
            for data in share.data:
                category = graph.unit.data.get(data.text)
                if category and category.label:
                    assert category.label.text.lower() in text, f"{path.name}: clause {clause.ref.text} shares {data}"
        if clause.consent_mode in {"not-required", "blanket", "bundled", "best-interests"} and graph.sharing(clause) \
                and graph.facts(clause).discloses:  # what discloses nothing is told after the limits
            for trigger in clause.when:
                declared_trigger = graph.unit.triggers.get(trigger.text)
                if declared_trigger and declared_trigger.label:
                    assert declared_trigger.label.text.rstrip(".") in headings, f"{path.name}: {trigger.text}"


@pytest.mark.parametrize("path", PROTOCOLS, ids=lambda p: p.name)
def test_no_leaflet_makes_an_ambiguous_or_generic_promise(path: Path) -> None:
    text = build(checked(path)).text()
    assert "We may not tell you first" not in text  # 'might not' or 'not allowed to': say which
    assert "another organisation" not in text  # every recipient of kind other is named by the protocol
    assert "Sometimes the law, or a serious risk to someone" not in text  # each flow says what it rests on


def test_personalised_leaflet_says_what_fdap_asks() -> None:
    text = build(checked(ROOT / "protocols" / "personalised-consent-model.protocol")).text()
    for sentence in (
        "Apart from what this leaflet says, what you tell us stays private.",
        "You choose if we tell the people you name about whether you come to appointments and your drug test results.",
        "You can change your mind at any time. Just tell your worker.",
        # Two triggers, two situations, each in the protocol's words and each told as case by case.
        "A serious risk of harm to another person\n"
        "We share this only if we judge that someone is at serious risk. We decide each time.\n"
        "We may share your name and date of birth; how to contact you; where you are; and what the risk is with the "
        "police and the Adult social care safeguarding team.\nWe will ask you first, unless it is an emergency.",
        "A serious risk to the client's own life\n",
        # Tipping off: no promise to ask or tell, and the reason.
        "Information that may help prevent an act of terrorism\nThe law says we must share this.\n"
        "We will share your name and date of birth, and what we think is going on with the police.\n"
        "We will talk to a senior member of staff first.\nThe law says we are not allowed to tell you about it.",
        "You have the right to see the records we keep about you.",
    ):
        assert sentence in text


def test_automatic_referral_is_not_hidden() -> None:
    leaflet = build(checked(ROOT / "protocols" / "youth-automatic-referral.protocol"))
    first, every = leaflet.sections[:2]
    assert first.heading == "When we share without your agreement"
    assert "Some things we share in every case. They come first." in first.paragraphs
    assert every.heading == "In every case" and every.paragraphs == ("This is our own rule, not the law.",)
    assert every.points == ("We will share your name and date of birth; whether you come to appointments; and what "
                            "you talk about in treatment with Children's social care front door.",
                            "We might share without asking you or telling you.")
    assert "A young person tells staff they are dealing, or being made to deal, drugs" in leaflet.text()


def test_protocol_text_is_escaped(tmp_path: Path) -> None:
    path = tmp_path / "h.protocol"
    path.write_text(textwrap.dedent("""\
        protocol "<script>alert(1)</script> {{ 7*7 }}"
          organisation "Org <b>bold</b> *star*"
          clients adults
          owner "Ms [Link](http://x) & Co"

        trigger odd "Something <img src=x onerror=alert(1)> happens"

        at-assessment
          explain limits-of-confidentiality

        clause 1 "Odd"
          when odd
          staff may share identity with police
          consent not-required
        """), encoding="utf-8")
    leaflet = build(checked(path))
    html = render(leaflet, "html")
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "{{ 7*7 }}" in html
    markdown = render(leaflet, "markdown")
    assert "<b>" not in markdown and "\\[Link\\]" in markdown and "\\*star\\*" in markdown


def test_cli_writes_html_and_markdown(tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "leaflet.html"
    protocol = str(ROOT / "protocols" / "personalised-consent-model.protocol")
    assert cli("leaflet", protocol, "--output", str(target))[0] == 0
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in html
    code, markdown, _ = cli("leaflet", protocol, "--format", "markdown")
    assert code == 0 and markdown.startswith("# What happens to what you tell us")
    code, _, err = cli("leaflet", str(ROOT / "protocols"))  # a leaflet is for one protocol
    assert code == 2 and "is a folder; this command takes one protocol file" in err


@pytest.mark.parametrize("path", PROTOCOLS, ids=lambda p: p.name)
def test_no_leaflet_says_the_same_thing_twice(path: Path) -> None:
    leaflet = build(checked(path))
    for section in leaflet.sections:
        lines = [*section.paragraphs, *section.points]
        assert len(lines) == len(set(lines)), f"{path.name}: '{section.heading}' repeats a line"
    sharing = ("We will share", "We may share")
    situations = [(s.heading, s.paragraphs, tuple(p for p in s.points if not p.startswith(sharing)))
                  for s in leaflet.sections if s.level == 3]
    assert len(situations) == len(set(situations)), f"{path.name}: one situation told twice"


def test_clauses_for_the_same_situation_become_one_section(tmp_path: Path) -> None:
    leaflet = leaflet_of(tmp_path, """\
        trigger risk-to-others "Staff believe a resident may seriously hurt someone"
          means serious-harm-to-others
          threshold belief

        clause 1 "Police"
          when risk-to-others
          staff may share identity with police
          consent not-required
          steps seek-consent, consult-supervisor, inform-client, record-decision
        clause 2 "Probation"
          when risk-to-others
          staff may share identity with probation
          consent not-required
          steps seek-consent, consult-supervisor, inform-client, record-decision
        """)
    situations = [s for s in leaflet.sections if s.level == 3]
    assert [s.heading for s in situations] == ["Staff believe a resident may seriously hurt someone"]
    assert situations[0].points[0] == "We may share your name and date of birth with the police and probation."


def test_clauses_saying_the_same_to_the_client_become_one_line(tmp_path: Path) -> None:
    path = tmp_path / "p.protocol"
    path.write_text(textwrap.dedent("""\
        protocol "Two clauses, one sentence"
          organisation "Harbour Housing"
          service homeless-hostel
          clients adults

        at-assessment
          explain limits-of-confidentiality

        clause 1 "Police"
          staff may share attendance with police
        clause 2 "Probation"
          staff may share attendance with probation
        clause 3 "Probation, results"
          staff may share drug-test-results with probation
        """), encoding="utf-8")
    points = next(s for s in build(checked(path)).sections if s.heading == "What we share only if you agree").points
    assert points == ("We share whether you come to appointments with the police and probation only if you agree.",
                      "We share your drug test results with probation only if you agree.")


def test_the_contact_is_the_owner_at_the_organisation_never_the_records_access_line() -> None:
    leaflet = build(checked(ROOT / "protocols" / "criminal-justice-drug-service.protocol"))
    assert leaflet.contact == "Criminal justice team manager, Northshire Recovery Partnership (lead provider)"
    text = leaflet.text()
    assert "Questions or a complaint? Contact: Criminal justice team manager, Northshire Recovery" in text
    # The records' access line says who may read them; it is not whom the client asks.
    assert "Who can read your records: Criminal justice team and the Caldicott guardian." in text
    assert "ask: Criminal justice team and the Caldicott guardian" not in text
    html = render(leaflet, "html")
    assert "Contact: Criminal justice team manager, Northshire Recovery Partnership (lead provider)." in html


def test_without_an_owner_the_organisation_is_the_contact() -> None:
    leaflet = build(checked(ROOT / "protocols" / "womens-housing-marac-idva.protocol"))
    assert leaflet.contact == leaflet.organisation and leaflet.contact
    assert "Named MARAC representative" not in leaflet.contact


# Audit round 2, items 1-5: what a client reads must be what the protocol does.

def test_a_situation_is_the_triggers_own_words_never_the_standard_it_claims(tmp_path: Path) -> None:
    leaflet = leaflet_of(tmp_path, """\
        recipient housing-options "Council housing options (homelessness prevention) team"
          kind other
        data arrears "Rent account balance and arrears history"
          kind risk-information
        trigger arrears "Rent arrears reach four weeks or more"
          means serious-harm-to-self
          threshold belief

        clause 3.1 "Arrears"
          when arrears
          staff must share identity, arrears with housing-options
          consent not-required
          steps seek-consent, consult-supervisor, inform-client, record-decision
        """)
    text = leaflet.text()
    assert section(leaflet, "Rent arrears reach four weeks or more")[:2] == (
        "This is our own rule, not the law.",
        "We will share your name and date of birth, and rent account balance and arrears history with the Council "
        "housing options (homelessness prevention) team.")
    assert "serious risk" not in text and "another organisation" not in text


def test_two_triggers_of_one_standard_are_two_situations(tmp_path: Path) -> None:
    leaflet = leaflet_of(tmp_path, """\
        trigger suicidal "Staff believe a resident is at serious risk of suicide"
          means serious-harm-to-self
          threshold belief
        trigger overdose "Staff believe a resident is in danger of dying from an overdose"
          means serious-harm-to-self
          threshold belief
        trigger collapse
          means serious-harm-to-self
          threshold belief
        trigger fall
          means serious-harm-to-self
          threshold belief

        clause 1 "Suicide"
          when suicidal
          staff may share identity, health with gp
          consent not-required
          steps seek-consent, consult-supervisor, inform-client, record-decision
        clause 2 "Overdose, or a collapse, or a fall"
          when overdose, collapse, fall
          staff may share location with ambulance
          consent not-required
          steps consult-supervisor
          except-in-emergency
        recipient ambulance "Ambulance service"
          kind health
        """)
    headings = [s.heading for s in leaflet.sections if s.level == 3]
    assert headings == ["Staff believe a resident is at serious risk of suicide",
                        "Staff believe a resident is in danger of dying from an overdose",
                        "If your life or safety is at serious risk (collapse)",
                        "If your life or safety is at serious risk (fall)"]
    assert section(leaflet, "Staff believe a resident is in danger of dying from an overdose")[1:] == (
        "We may share where you are with the Ambulance service.",
        "We will talk to a senior member of staff first, unless it is an emergency.",
        "We might share without asking you or telling you.")


def test_a_must_not_protects_exactly_whom_the_protocol_names_and_never_contradicts_the_leaflet(
        tmp_path: Path) -> None:
    leaflet = leaflet_of(tmp_path, """\
        recipient callers "Anyone who phones asking whether a woman lives here"
          kind other
        recipient marac "Wrenfield MARAC"
          kind marac
        trigger high-risk "Staff believe a resident is at high risk of serious harm from a partner"
          means domestic-abuse-high-risk
          threshold belief

        clause 4.1 "MARAC"
          when high-risk
          staff must share identity, location with marac
          consent not-required
          steps consult-supervisor, record-decision
        clause 4.2 "Police never told where she lives"
          staff must-not share location with police
        clause 4.3 "Callers"
          staff must-not share identity, location with callers
        clause 4.4 "Police, when she is at high risk"
          when high-risk
          staff may share location with police
          consent not-required
          steps consult-supervisor, record-decision
        """)
    never = section(leaflet, "What stays private")
    assert "We will never share your name and date of birth, and where you are with anyone who phones asking " \
           "whether a woman lives here." in never
    # Clause 4.4 shares with the police what 4.2 forbids: the promise is not made whole.
    assert "Apart from what this leaflet says above, we will never share where you are with the police." in never
    assert "another organisation" not in leaflet.text()


def test_a_young_person_is_told_where_a_parent_decides(tmp_path: Path) -> None:
    leaflet = leaflet_of(tmp_path, """\
        recipient school "The young person's school"
          kind school

        clause 3.2 "School, when the young person agrees"
          staff may share attendance with school
          consent required
          consent-from competent-client
        clause 3.3 "Schools programme: the parent signs the school's form"
          staff may share attendance, risk-information with school
          consent written
          consent-from parent
        """, clients="young-people")
    assert section(leaflet, "What we share if your parent or carer agrees") == (
        "For these, your parent or carer decides, not you.",
        "We share whether you come to appointments and what the risk is with the young person's school only if "
        "your parent or carer agrees in writing.")
    assert "If you are under 18 and cannot decide for yourself yet, your parent or carer decides." in section(
        leaflet, "What we share only if you agree")
    assert "If you do, you can make them yourself, except where this leaflet says your parent or carer decides." \
        in section(leaflet, "If you are under 18")
    assert "what the risk is with the young person's school only if you agree" not in leaflet.text()


def test_a_parent_who_decides_is_not_hidden_behind_a_promise_about_parents(tmp_path: Path) -> None:
    leaflet = leaflet_of(tmp_path, """\
        clause 1 "Parents, with a parent's consent"
          staff may share attendance with parent
          consent required
          consent-from parent
        """, clients="young-people")
    assert "We will not tell your parents or carers unless you agree." not in leaflet.text()


def test_no_promise_to_ask_or_tell_where_the_clause_lets_staff_skip_it(tmp_path: Path) -> None:
    leaflet = leaflet_of(tmp_path, """\
        trigger hurt-at-home "A child says a parent is hurting them"
          means child-at-risk-of-significant-harm
          threshold suspicion
        trigger terror "Information that may help prevent an act of terrorism"
          means terrorism-information
          threshold belief
        trigger dealing "Staff believe a resident is dealing drugs on the premises"
          means drug-supply-on-premises
          threshold belief

        clause 8.1 "Referral without warning them first"
          when hurt-at-home
          staff must share identity, risk-information with childrens-social-care
          consent not-required
          steps seek-consent, consult-supervisor, inform-client, record-decision
          except-where-unsafe
        clause 8.2 "Terrorism"
          when terror
          staff must share identity, suspected-activity with police
          consent not-required
          steps consult-supervisor, record-decision
        clause 8.3 "Dealing, with no word to the resident"
          when dealing
          staff may share identity with police
          consent not-required
          steps consult-supervisor, record-decision
          except-where-unsafe
        """)
    child = section(leaflet, "A child says a parent is hurting them")
    assert "We will ask you first, unless asking could put someone at risk." in child
    assert "We will tell you what we are sharing, and why, unless telling you could put someone at risk." in child
    assert "We will tell you what we are sharing, and why." not in leaflet.text()
    assert "The law says we are not allowed to tell you about it." in section(
        leaflet, "Information that may help prevent an act of terrorism")
    # No inform-client step, and except-where-unsafe waives nothing for dealing: no promise either way.
    dealing = section(leaflet, "Staff believe a resident is dealing drugs on the premises")
    assert "We might share without asking you or telling you." in dealing
    assert not any(line.startswith(("We will tell you", "We will ask you")) for line in dealing)


def test_each_flow_says_what_it_rests_on(tmp_path: Path) -> None:
    leaflet = leaflet_of(tmp_path, """\
        trigger court "An order of a court"
          means court-order
          threshold knowledge
        trigger risk-to-others "Staff believe a resident may seriously hurt someone"
          means serious-harm-to-others
          threshold belief
        trigger incident "Any incident involving a resident"
          means crime-prevention
          threshold suspicion

        clause 1 "Court"
          when court
          staff must share as-required with court
          consent not-required
          steps consult-supervisor, inform-client, record-decision
        clause 2 "Risk to others, case by case"
          when risk-to-others
          staff may share identity with police
          consent not-required
          steps seek-consent, consult-supervisor, inform-client, record-decision
        clause 3 "Risk to others: every time"
          when risk-to-others
          staff must share identity with probation
          consent not-required
          steps seek-consent, consult-supervisor, inform-client, record-decision
        clause 4 "Incidents to the police"
          when incident
          staff must share identity with police
          consent not-required
          steps seek-consent, consult-supervisor, inform-client, record-decision
        """)
    assert section(leaflet, "An order of a court")[0] == "The law says we must share this."
    risk = under(leaflet, "Staff believe a resident may seriously hurt someone")
    assert [s.paragraphs for s in risk] == [
        ("The law lets us share this when someone is at serious risk. It does not make us.",
         "Our own rule is to share every time."),
        ("We share this only if we judge that someone is at serious risk. We decide each time.",)]
    assert section(leaflet, "Any incident involving a resident")[0] == "This is our own rule, not the law."
    assert "If you say no, we will still share." in section(leaflet, "Any incident involving a resident")
    # The automatic flows come before the case-by-case one.
    assert [s.heading for s in leaflet.sections if s.level == 3][:2] == [
        "An order of a court", "Staff believe a resident may seriously hurt someone"]


def test_bundled_and_opt_out_sharing_are_told_as_what_they_are(tmp_path: Path) -> None:
    leaflet = leaflet_of(tmp_path, """\
        recipient funder "The placing council's commissioning team"
          kind commissioner
        recipient dwp "DWP, for residents claiming Universal Credit"
          kind dwp
        trigger discharge "A resident leaves treatment, planned or unplanned"
          means direct-care

        clause 5.1 "Weekly reports, agreed in the admission agreement"
          staff must share identity, treatment-content with funder
          consent bundled
          steps record-decision
        clause 5.2 "Discharge letters, unless the resident objects"
          when discharge
          staff may share identity with gp, dwp
          consent unless-objects
          steps inform-client, record-decision
        """)
    assert section(leaflet, "In every case") == (
        "This is our own rule, not the law.",
        "You agree to it when you sign up with us. We do not offer the service without it.",
        "We will share your name and date of birth, and what you talk about in treatment with the placing council's "
        "commissioning team.",
        "We might share without asking you or telling you.",
        "We will write down what we shared, with whom, and why.")
    assert section(leaflet, "What we share unless you say no") == (
        "We share these things unless you tell us not to.",
        "To say no, just tell your worker. You can say no at any time.",
        "A resident leaves treatment, planned or unplanned: we may share your name and date of birth with your GP, "
        "and the DWP, for residents claiming Universal Credit.")
    assert section(leaflet, "What we share only if you agree") == (
        "We do not share anything else about you unless you agree.",)


def test_the_limits_come_first_and_privacy_is_never_promised_before_them(tmp_path: Path) -> None:
    leaflet = leaflet_of(tmp_path, """\
        trigger risk-to-others "Staff believe a resident may seriously hurt someone"
          means serious-harm-to-others
          threshold belief

        clause 1 "Risk to others"
          when risk-to-others
          staff may share identity with police
          consent not-required
          steps seek-consent, consult-supervisor, inform-client, record-decision
        clause 2 "Everything, always"
          staff must share case-file with childrens-social-care
          consent blanket
        """)
    headings = [s.heading for s in leaflet.sections]
    assert headings[:3] == ["When we share without your agreement", "In every case",
                            "Staff believe a resident may seriously hurt someone"]
    assert "What you tell us stays private." not in leaflet.text()
    assert section(leaflet, "In every case")[:2] == (
        "This is our own rule, not the law.", "We take it that you agree to it when you use our service.")
    assert headings.index("What stays private") > headings.index("What we share only if you agree")


def test_a_protocol_that_shares_only_with_consent_opens_with_privacy(tmp_path: Path) -> None:
    leaflet = leaflet_of(tmp_path, """\
        clause 1 "GP"
          staff may share attendance with gp
        """)
    assert leaflet.sections[0].heading == "What stays private"
    assert leaflet.sections[0].paragraphs[:2] == ("What you tell us stays private.",
                                                  "We only share it in the ways set out in this leaflet.")


def test_sharing_that_discloses_nothing_says_why(tmp_path: Path) -> None:
    leaflet = leaflet_of(tmp_path, """\
        recipient dsl "Our designated safeguarding lead"
          kind nominated-officer
        data ms1 "The MS1 notification, with no name"
          kind anonymised
        trigger trafficked "Staff believe a resident has been trafficked"
          means modern-slavery
          threshold belief

        clause 1 "Safeguarding lead"
          when trafficked
          staff must share identity with dsl
          consent not-required
        clause 2 "Home Office"
          when trafficked
          staff must share ms1 with home-office
          consent not-required
        """)
    # Neither is a disclosure (§3): told after the limits, never as one of them.
    assert [s.heading for s in leaflet.sections if s.level == 3] == []
    headings = [s.heading for s in leaflet.sections]
    inside = leaflet.sections[headings.index("What stays inside our organisation, or does not name you")]
    assert headings.index("What stays private") < headings.index(inside.heading)
    assert any("our designated safeguarding lead" in p.lower() and "believe a resident has been trafficked" in p
               for p in inside.points)
    assert any("the ms1 notification, with no name" in p.lower() for p in inside.points)


def test_a_partners_sharing_is_told_only_where_the_clients_information_reaches_it(tmp_path: Path) -> None:
    # Probation passes on only what it has: nothing of this client's goes to probation here.
    body = """\
        recipient probation "The Probation Service"
          kind probation
        trigger terror "A resident talks of planning a bomb attack"
          means terrorism-information
          threshold belief
        clause 1.3 "Probation onward"
          when terror
          probation must share identity with police
          consent not-required
        clause 1.4 "Police on terror"
          when terror
          staff must share identity, suspected-activity with {to}
          consent not-required
          steps consult-supervisor, record-decision
        """
    alone = leaflet_of(tmp_path, body.format(to="police")).text()
    assert "The Probation Service" not in alone
    told = leaflet_of(tmp_path, body.format(to="police, probation"))
    assert [s.heading for s in told.sections].count("A resident talks of planning a bomb attack") == 1
    points = [p for s in under(told, "A resident talks of planning a bomb attack") for p in s.points]
    assert "The Probation Service will then share" in points[-2]  # what a partner does next comes after


def test_a_clause_for_adults_only_says_so_in_an_all_ages_leaflet_and_policy(tmp_path: Path, cli: Cli) -> None:
    body = """\
        recipient police "The police"
          kind police
        trigger dealing "Staff suspect a client of dealing"
          means drug-supply-on-premises
        clause 1
          clients adults
          when dealing
          staff must share identity with police
          consent not-required
        """
    assert "Only if you are 18 or over." in section(leaflet_of(tmp_path, body, clients="all"),
                                                    "Staff suspect a client of dealing")
    assert "Only if you are 18 or over." not in leaflet_of(tmp_path, body, clients="adults").text()
    code, html, _ = cli("publish", str(tmp_path / "p.protocol"))
    assert code == 0 and "Only for" not in html  # the last one written serves adults only
    leaflet_of(tmp_path, body, clients="all")
    assert "Only for: clients aged 18 or over." in cli("publish", str(tmp_path / "p.protocol"))[1]
