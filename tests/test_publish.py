"""`confide publish`: the staff policy written from a protocol, as HTML or Word, with the client leaflet appended."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
Cli = Callable[..., tuple[int, str, str]]
PROTOCOLS = sorted((ROOT / "protocols").glob("*.protocol"))


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.stem)
def test_every_clause_is_in_the_policy_with_the_leaflet(cli: Cli, tmp_path: Path, protocol: Path) -> None:
    import docx

    code, html, err = cli("publish", str(protocol))
    assert code == 0, err
    refs = re.findall(r"^clause (\S+)", protocol.read_text(encoding="utf-8"), re.M)
    for ref in refs:
        assert f"<h3>{ref}" in html
    assert "Appendix: What happens to what you tell us" in html and "<script" not in html
    out = tmp_path / "policy.docx"
    assert cli("publish", str(protocol), "-o", str(out))[0] == 0
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert "Appendix: What happens to what you tell us" in headings
    assert all(any(h.startswith(ref) for h in headings) for ref in refs)


def test_the_policy_says_must_may_never_with_whom_when_and_why(cli: Cli) -> None:
    code, html, _ = cli("publish", str(ROOT / "protocols" / "criminal-justice-drug-service.protocol"))
    assert code == 0
    text = re.sub(r"<[^>]+>", "", html)
    assert "What staff must share" in text and "When:" in text and "Safeguards:" in text
    assert re.search(r"Why: the law requires it: [^\n]+\(source: [^\n]+https://www\.legislation\.gov\.uk/", text)


def test_protocol_text_is_data_in_html_and_word(cli: Cli, tmp_path: Path) -> None:
    import docx

    protocol = tmp_path / "evil.protocol"
    protocol.write_text('protocol "<script>alert(1)</script> {{ 7*7 }} \x07bell"\n  service outreach\n'
                        '  clients adults\n\nat-assessment\n  explain limits-of-confidentiality\n\n'
                        'clause 1 "<b>bold</b>"\n  staff may share attendance with gp\n  consent required\n',
                        encoding="utf-8")
    code, html, err = cli("publish", str(protocol))
    assert code == 0, err
    assert "<script>alert" not in html and "&lt;script&gt;" in html and "{{ 7*7 }}" in html and "<b>bold" not in html
    out = tmp_path / "evil.docx"
    assert cli("publish", str(protocol), "-o", str(out))[0] == 0
    assert docx.Document(str(out)).paragraphs[0].text.startswith("<script>alert(1)</script> {{ 7*7 }}")


def test_a_protocol_with_errors_is_published_with_a_note(cli: Cli) -> None:
    code, _, err = cli("publish", str(ROOT / "protocols" / "hostel-blanket-police-referral.protocol"))
    assert code == 0 and "error finding" in err


def test_a_serious_harm_justification_cites_the_common_law_not_the_statute_defining_the_harm(
        cli: Cli, tmp_path: Path) -> None:
    # Children Act 1989 s.47 is the council's duty to enquire, no one's permission to share: the
    # public-interest justification is the common law (W v Egdell), whatever the situation.
    protocol = tmp_path / "p.protocol"
    protocol.write_text('protocol "Youth service"\n  service young-peoples-service\n  clients adults\n\n'
                        'clause 1 "Child at risk"\n  when child-at-risk-of-significant-harm\n'
                        '  staff may share identity, risk-information with childrens-social-care\n'
                        '  consent not-required\n  steps seek-consent, consult-supervisor, inform-client, '
                        'record-decision\n', encoding="utf-8")
    code, html, err = cli("publish", str(protocol))
    assert code == 0, err
    text = re.sub(r"<[^>]+>", "", html)
    why = text[text.index("Why: a serious risk of harm"):]
    assert re.match(r"Why: a serious risk of harm [^\n]+\nJustified by: [^\n]+public-interest[^\n]+"
                    r"https://www\.bailii\.org/ew/cases/EWCA/Civ/1989/13\.html", why)
    assert "section/47" not in text
