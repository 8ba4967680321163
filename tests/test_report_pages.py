"""The commissioner's report and the Markdown comment: sorted by severity, one card per clause,
a verdict per protocol, notes folded away, and a comment that never passes GitHub's limit.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from confide.batch import check_paths as check
from confide.check import FileReport
from confide.config import Settings
from confide.findings import Severity
from confide.report import pages, render
from confide.report.records import rests_on
from confide.report.verdict import NOTHING, PHRASES, phrase_key, verdict
from confide.rules import CATALOGUE
from markupsafe import escape as html_escape

ROOT = Path(__file__).resolve().parent.parent
PROTOCOLS = ROOT / "protocols"
SAMPLE = ROOT / "tests" / "golden" / "sample.protocol"


@pytest.fixture(scope="module")
def demo() -> list[FileReport]:
    return list(check([str(PROTOCOLS)], Settings(today=date(2026, 6, 1))))


def test_the_portfolio_is_most_serious_first(demo: list[FileReport]) -> None:
    protocols = pages.portfolio(pages.portfolio_entry(r) for r in demo)
    keys = [(-p["counts"]["error"], -p["counts"]["warning"]) for p in protocols]
    assert keys == sorted(keys) and len(protocols) == len(list(PROTOCOLS.glob("*.protocol")))
    html = render("html", demo)
    titles = re.findall(r'<th scope="row"><a href="#(protocol-\d+)">', html)
    sections = re.findall(r'<section class="protocol" id="(protocol-\d+)"', html)
    assert titles == sections == [p["id"] for p in protocols]  # the sections follow the table's order


def test_each_protocol_has_a_one_line_verdict(demo: list[FileReport]) -> None:
    by_path = {p["path"]: p for p in pages.portfolio(pages.portfolio_entry(r) for r in demo)}
    young = by_path[str(PROTOCOLS / "youth-automatic-referral.protocol")]["verdict"]
    assert young.startswith("1 automatic referral no law requires; 2 youth referrals without weighing")
    overdue = by_path[str(PROTOCOLS / "outreach-overdue-review-misread-law.protocol")]
    assert overdue["overdue"] and overdue["verdict"].endswith("overdue for review")
    assert by_path[str(PROTOCOLS / "personalised-consent-model.protocol")]["verdict"] == NOTHING
    for protocol in by_path.values():
        assert "\n" not in protocol["verdict"] and len(protocol["verdict"]) < 140


def test_overdue_reviews_are_flagged_in_words(demo: list[FileReport]) -> None:
    html = render("html", demo)
    row = next(r for r in html.split("<tr>") if "Kestrel Street Outreach" in r and "2024-10-31" in r)
    assert '<span class="badge overdue">overdue</span>' in row


def test_one_card_per_clause_holds_all_its_findings_and_one_rewording(demo: list[FileReport]) -> None:
    for result in demo:
        shown, folded = pages.cards(result, "p")
        every = shown + folded
        assert sum(c["count"] for c in every) == len(result.findings)  # each finding in exactly one card
        clauses = [c["clause"] for c in every]
        assert len(clauses) == len(set(clauses))  # one card per clause, one for the protocol itself
        for card in every:
            found = [f for f in result.findings if f.clause == card["clause"]]
            assert len(found) == card["count"]
            rewordings = {f.suggestion for f in found if f.clause and f.suggestion and f.code != "GRAPH002"}
            assert len(rewordings) <= 1, f"{result.path} clause {card['clause']}: one rewording per clause"
            if rewordings:
                assert card["suggestion"] == rewordings.pop() and card["rewords"]
            severities = {f.severity for f in found if not f.waived}
            if card in folded:  # only notes: folded away
                assert severities <= {Severity.INFO}
            elif severities:
                assert card["severity"] == max(severities).label


def test_protocol_level_findings_have_their_own_card() -> None:
    html = render("html", list(check([str(PROTOCOLS / "hostel-cctv-identification.protocol")], Settings())))
    card = html[html.index("The protocol as a whole"):]
    card = card[:card.index("</article>")]
    assert "FDAP007" in card and "Suggested change" in card and "records" in card


def test_notes_are_folded_away(demo: list[FileReport]) -> None:
    html = render("html", demo)
    for section in html.split('<section class="protocol"')[1:]:
        unfolded = re.sub(r'<details class="notes">.*', "", section, flags=re.S)
        unfolded = re.sub(r"<details>.*?</details>", "", unfolded, flags=re.S)
        assert "LAW005" not in unfolded and "LAW007" not in unfolded  # notes show only inside a fold
    assert '<details class="notes">' in html and "notes for awareness</summary>" in html


def test_grounds_are_quoted_once_per_protocol(demo: list[FileReport]) -> None:
    html = render("html", demo)
    section = next(s for s in html.split('<section class="protocol"') if "criminal-justice-drug-service" in s)
    fdap = html_escape(rests_on(next(f for r in demo for f in r.findings if f.code == "FDAP004")))
    assert section.count(fdap) == 1 and section.count("rests on <a href=") > 10


def test_markdown_quotes_grounds_once_for_the_whole_comment(demo: list[FileReport]) -> None:
    """Read top to bottom in one comment, a law quoted for one protocol is referred to by its
    number in the next: each ground once, every number used pointing at a quoted one.
    """
    text = render("markdown", demo)
    quoted = re.findall(r"^\\\[(\d+)\\\] \*Rests on:\* (.*)$", text, re.MULTILINE)
    grounds = [g for _, g in quoted]
    assert len(grounds) == len(set(grounds)) > 10
    cited = {int(n) for n in re.findall(r" \\\[(\d+)\\\]$", text, re.MULTILINE)}
    assert cited == {int(n) for n, _ in quoted}
    fdap = rests_on(next(f for r in demo for f in r.findings if f.code == "FDAP004"))
    protocols_citing = [p for p in text.split("\n### ")[1:] if "FDAP004" in p]
    assert len(protocols_citing) > 1 and text.count(fdap.replace("[", "\\[").replace("]", "\\]")) == 1


def test_every_serious_rule_has_verdict_words() -> None:
    for code, rule in CATALOGUE.items():
        if rule.severity >= Severity.WARNING:
            assert phrase_key(code) in PHRASES, f"{code} needs words in report/verdict.py"


def test_the_verdict_counts_an_automatic_referral_once(demo: list[FileReport]) -> None:
    sample = list(check([str(SAMPLE)], Settings()))[0]
    # LAW001 and FDAP002 on the same clause are one fault: said once.
    assert verdict(sample.findings) == "1 automatic referral no law requires; safeguards missing from 1 clause"
    assert verdict([f for f in sample.findings if f.code == "LAW005"]) == NOTHING
    assert verdict([f for f in sample.findings if f.waived]) == f"{NOTHING} (1 waived)"
    review = next(f for r in demo for f in r.findings if f.code == "REVIEW001")
    lots = list(sample.findings) + [replace(review, span=replace(review.span, path=sample.path))]
    assert verdict(lots, shown=1).endswith("; 1 other kind of problem; overdue for review")


def test_markdown_of_the_demo_fits_a_comment(demo: list[FileReport]) -> None:
    text = render("markdown", demo)
    assert len(text) <= pages.COMMENT_LIMIT and "Cut short" not in text
    assert text.count("#### Clause ") == sum(1 for r in demo for c in pages.cards(r, "p")[0] if c["clause"])


def test_markdown_past_the_limit_stops_and_says_what_it_left_out(demo: list[FileReport]) -> None:
    limit = 20_000
    text = pages.render_markdown(demo, limit=limit)
    assert len(text) <= limit
    note = text[text.index("**Cut short to fit a GitHub comment**"):]
    found = re.search(r"\(at most 20,000 characters\): (\d+) findings? of (\d+) protocols?", note)
    assert found is not None
    left, protocols = int(found.group(1)), int(found.group(2))
    shown = re.findall(r"^- \*\*(?:error|warning|info)", text, re.M)  # every finding is one item
    assert left + len(shown) == sum(len(r.findings) for r in demo) and left > 0 and protocols > 0
    assert "`--format html`" in note and text.rstrip().endswith("`--format text`.")
    assert text.index("| Protocol | Verdict |") < text.index("**Cut short")  # the summary table is always there


def test_element_ids_are_unique_across_the_portfolio(demo: list[FileReport]) -> None:
    ids = re.findall(r' id="([^"]+)"', render("html", demo))
    assert len(ids) == len(set(ids))
    for target in re.findall(r'aria-labelledby="([^"]+)"', render("html", demo)):
        assert all(part in ids for part in target.split()), target


ARREARS = PROTOCOLS / "supported-housing-arrears-labelled-harm.protocol"


def _printed(html: str) -> str:
    """What print CSS leaves of a report: the spelt-out messages are hidden on paper."""
    assert ".message { display: none; }" in html.replace("figcaption, .print-hidden, .message", ".message")
    return re.sub(r'<span class="message">.*?</span>', "", html, flags=re.S)


def test_printed_trigger_findings_show_the_triggers_wording_beside_the_standard_it_claims() -> None:
    """LANGUAGE.md §4: a report shows a trigger's own wording beside the standard it claims, on
    paper too, where a finding is given by its rule's title and its message is not printed."""
    paper = _printed(render("html", list(check([str(ARREARS)], Settings(today=date(2026, 6, 1))))))
    vague = next(li for li in re.findall(r"<li>.*?</li>", paper, flags=re.S) if "VAGUE002" in li)
    assert "Rent arrears reach four weeks or more" in vague and "(serious-harm-to-self)" in vague
    assert "A real risk of death or serious harm to the client themselves" in vague
    assert "Path: clause" not in vague  # a trigger is not an onward path (graph_path is GRAPH001/GRAPH002's)
    card = paper.split("Clause 3.1<span", 1)[1].split("</article>", 1)[0]  # and each clause card, beside its lines
    assert re.search(r"Acts when <q>Rent arrears reach four weeks or more</q>.*labelled.*\(serious-harm-to-self\)",
                     card, flags=re.S)


def test_trigger_text_in_the_report_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "t.protocol"
    path.write_text(ARREARS.read_text(encoding="utf-8").replace(
        '"Rent arrears reach four weeks or more"', '"<b>arrears</b> https://evil.example/"'), encoding="utf-8")
    html = render("html", list(check([str(path)], Settings(today=date(2026, 6, 1)))))
    assert "<q>&lt;b&gt;arrears&lt;/b&gt; https://evil.example/</q>" in html and "<b>arrears" not in html
    assert 'href="https://evil' not in html


def test_law_sources_are_links_and_nothing_else_is() -> None:
    """A commissioner opens and forwards the Act a finding rests on (law-facts.md); only https
    addresses on the official sources the libraries cite become links, escaped, opened apart."""
    from confide.report.templates import law_links

    text = ('Care Act 2014, s.45 (https://www.legislation.gov.uk/ukpga/2014/23/section/45). '
            'W v Egdell https://www.bailii.org/ew/cases/EWCA/Civ/1989/13.html; NI https://www.health-ni.gov.uk/x; '
            'not http://www.legislation.gov.uk/a, https://www.legislation.gov.uk.evil.example/b, https://evilgov.uk/c, '
            'javascript:alert(1), <b>https://www.gov.uk/"onmouseover=x</b>')
    html = str(law_links(text))
    assert re.findall(r'<a href="([^"]*)" rel="noopener noreferrer">\1</a>', html) == [
        "https://www.legislation.gov.uk/ukpga/2014/23/section/45", "https://www.bailii.org/ew/cases/EWCA/Civ/1989/13.html",
        "https://www.health-ni.gov.uk/x", "https://www.gov.uk/"]
    assert html.count("<a ") == 4 and "&lt;b&gt;" in html and "&#34;onmouseover=x&lt;/b&gt;" in html


def test_the_report_links_the_law_a_finding_rests_on_but_never_protocol_text(tmp_path: Path) -> None:
    path = tmp_path / "t.protocol"
    path.write_text(ARREARS.read_text(encoding="utf-8").replace(
        '"Rent arrears reach four weeks or more"', '"Arrears, see https://www.legislation.gov.uk/fake"'),
        encoding="utf-8")
    html = render("html", list(check([str(path)], Settings(today=date(2026, 6, 1)))))
    assert "https://www.legislation.gov.uk/fake" in html and 'href="https://www.legislation.gov.uk/fake' not in html
    links = re.findall(r'<a href="(https://[^"]*)" rel="noopener noreferrer">', html)
    assert links and all(link.startswith("https://www.legislation.gov.uk/") for link in links)
