"""Small inputs for the shapes of the audits' systematic misses: steps declared once for all
sharing without consent, or in a cited section; privacy-notice furniture; a run-in heading;
a condition in the sentence before; trigger descriptions cut cleanly.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from import_helpers import import_items


def _clauses(tmp_path: Path, name: str, text: str) -> list[dict[str, Any]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [d for d in import_items(path) if d.get("kind") in ("share-clause", "prohibition")]


def _by_quote(clauses: list[dict[str, Any]], start: str) -> dict[str, Any]:
    return next(d for d in clauses if d["quotes"][0].startswith(start))


def test_steps_declared_for_all_sharing_without_consent_reach_the_sections_rules(tmp_path: Path) -> None:
    text = ("# Policy\n\n## Sharing without your agreement\n\n"
            "We will only share information without your agreement where the law allows it. Before we do, your "
            "worker will talk to the safeguarding lead, and we will normally tell you first unless that would put "
            "someone at risk. We will write down what we shared, who with and why.\n\n"
            "We will make a referral to Children's Services if we believe a child is at risk of significant harm.\n")
    d = _by_quote(_clauses(tmp_path, "p.md", text), "We will make a referral")
    assert set(d["steps"]) == {"consult-supervisor", "inform-client", "record-decision"}, d
    assert any(f.startswith("steps-from:") for f in d["flags"]), d


def test_a_log_of_disclosures_alone_is_not_a_declaration_of_steps(tmp_path: Path) -> None:
    text = ("# Policy\n\n## Police\n\nStaff will call the police if a guest is violent towards staff.\n\n"
            "Staff must record every disclosure made without consent in the incident log.\n")
    assert _by_quote(_clauses(tmp_path, "p.md", text), "Staff will call")["steps"] == []


def test_a_cited_procedure_section_gives_its_steps(tmp_path: Path) -> None:
    text = ("5. SHARING WITHOUT CONSENT\n\n"
            "5.1  Staff may share information without a resident's consent only in the circumstances set out\n"
            "     below, and must follow the procedure in section 7.\n\n"
            "5.2  The scheme manager will tell the police if a resident is supplying drugs from the scheme.\n\n"
            "6. OTHER\n\n6.1  Staff will tell the fire service about a resident's oxygen cylinders.\n\n"
            "7. PROCEDURE\n\n7.1  Staff must discuss the decision with the scheme manager.\n\n"
            "7.2  The resident will be told what has been shared and why, unless this would put someone at risk.\n")
    clauses = _clauses(tmp_path, "p.txt", text)
    assert set(_by_quote(clauses, "The scheme manager")["steps"]) == {"consult-supervisor", "inform-client"}
    assert _by_quote(clauses, "Staff will tell the fire")["steps"] == []


def test_privacy_notice_furniture_is_not_a_sharing_rule(tmp_path: Path) -> None:
    text = ("# Privacy notice\n\nThis privacy notice explains how we collect, use and share your information.\n\n"
            "Your information is shared within your care team, including doctors and nurses.\n\n"
            "| Purpose | Lawful basis | Special category |\n|---|---|---|\n"
            "| National reporting | 6(1)(e) public task | 9(2)(i) public health |\n\n"
            "Under data protection law you have the right to:\n\n- be told how we use your information;\n"
            "- ask us to correct it.\n\n"
            "We will share information with the police if someone is at immediate risk of serious harm.\n")
    clauses = _clauses(tmp_path, "p.md", text)
    assert [d["quotes"][0][:20] for d in clauses] == ["We will share inform"], clauses


def test_a_rule_after_a_run_in_heading_is_read(tmp_path: Path) -> None:
    text = ("8. OTHER SHARING\n\n8.1  Moving on. Where a resident is moving on, information about rent arrears and\n"
            "     breaches of the licence will be passed to their new landlord.\n")
    d = _by_quote(_clauses(tmp_path, "p.txt", text), "Where a resident is moving on")
    assert d["recipient_kinds"] == ["housing-provider"], d


def test_a_condition_in_the_sentence_before_is_the_rules(tmp_path: Path) -> None:
    text = ("# Policy\n\n## Exploitation\n\nIf you tell us you are being made to carry drugs for someone else, we "
            "will treat this as exploitation. We will share it with the Children's Services exploitation team.\n")
    d = _by_quote(_clauses(tmp_path, "p.md", text), "If you tell us")
    assert d["quotes"][0].endswith("exploitation team.") and "condition-from-previous-sentence" in d["flags"], d
    assert d["trigger"].startswith("If you tell us you are being made to carry drugs"), d


def test_trigger_descriptions_have_no_dangling_words(tmp_path: Path) -> None:
    text = ("# Policy\n\n## MARAC\n\nWe will tell the MARAC about you only if you are 16 or over, are experiencing "
            "domestic abuse from a partner, and the risk is high.\n")
    d = _clauses(tmp_path, "p.md", text)[0]
    assert "the risk is high" in d["trigger"] and ", ," not in d["trigger"], d
    assert not d["trigger"].rstrip(" .").endswith((" and", " but", ",")), d
