"""`confide leaflet`: the client's explanation, generated from the protocol, plain and escaped."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import textstat
from confide.check import Checked, Checker
from confide.commands.leaflet import RECIPIENT_WORDS, build, render

ROOT = Path(__file__).resolve().parent.parent
PROTOCOLS = sorted((ROOT / "protocols").glob("*.protocol"))
Cli = Callable[..., tuple[int, str, str]]


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
def test_leaflet_names_every_recipient_the_protocol_shares_with(path: Path) -> None:
    protocol = checked(path)
    graph = protocol.graph
    text = build(protocol).text()
    for clause in graph.clauses:
        for share in graph.sharing(clause):
            for name in graph.recipients_of(share):
                declared = graph.unit.recipients.get(name)
                word = ("the people you name" if declared and declared.named_by_client
                        else "public" if share.publish else RECIPIENT_WORDS.get(graph.recipient_kind(name), name))
                assert word in text, f"{path.name}: clause {clause.ref.text} shares with {name}"


def test_personalised_leaflet_says_what_fdap_asks() -> None:
    text = build(checked(ROOT / "protocols" / "personalised-consent-model.protocol")).text()
    for sentence in (
        "What you tell us stays private.",
        "You choose if we tell the people you name about whether you come to appointments and your drug test results.",
        "You can change your mind at any time. Just tell your worker.",
        "If someone else is at serious risk of harm or if your life or safety is at serious risk",
        "We may share your name and date of birth, how to contact you, where you are and what the risk is with "
        "the police and adult social care.",
        "We will ask you first, if we can.",
        "The law says we must not tell you first in this case.",
        "You have the right to see the records we keep about you.",
    ):
        assert sentence in text


def test_automatic_referral_is_not_hidden() -> None:
    text = build(checked(ROOT / "protocols" / "youth-automatic-referral.protocol")).text()
    assert "In every case\nWe must share your name and date of birth, whether you come to appointments and what you " \
           "talk about in treatment with children's social care.\nWe may not tell you first." in text


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
    situations = [(s.heading, tuple(p for p in s.points if p.startswith(("We will", "The law", "In an", "We may not"))))
                  for s in leaflet.sections if s.level == 3]
    assert len(situations) == len(set(situations)), f"{path.name}: one situation told twice"


def test_clauses_for_the_same_situation_become_one_section() -> None:
    text = build(checked(ROOT / "protocols" / "supported-housing-arrears-labelled-harm.protocol")).text()
    assert text.count("If your life or safety is at serious risk") == 1
    text = build(checked(ROOT / "protocols" / "criminal-justice-drug-service.protocol")).text()
    assert text.count("If someone else is at serious risk of harm") == 1


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
