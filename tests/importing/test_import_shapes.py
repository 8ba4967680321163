"""Small inputs for the shapes the third held-out round (prose6) showed: sub-items that complete
their clause's sentence, recipient lists under a lead-in, opt-out lead-ins, a web page's
navigation links and a contact-list appendix.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from import_helpers import import_items


def _items(tmp_path: Path, name: str, text: str) -> list[dict[str, Any]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_items(path)


def _clauses(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [d for d in items if d.get("kind") in ("share-clause", "prohibition")]


def test_sub_items_complete_an_unfinished_sentence(tmp_path: Path) -> None:
    text = ("1. SHARING\n\n"
            "1.1  The manager must inform the police where staff\n"
            "     (a) know that a resident is supplying drugs from the scheme;\n"
            "     (b) have information that may help prevent an act of terrorism; or\n"
            "     (c) find a weapon in a resident's room.\n")
    clauses = _clauses(_items(tmp_path, "policy.txt", text))
    quotes = [d["quotes"][0] for d in clauses]
    assert any(q.startswith("know that a resident is supplying drugs") for q in quotes), quotes
    assert any(q.startswith("find a weapon") for q in quotes), quotes
    assert all(d["recipient_kinds"] == ["police"] and d["modality"] == "must" for d in clauses
               if not d["quotes"][0].startswith("The manager")), clauses


def test_each_listed_recipient_is_the_items_recipient(tmp_path: Path) -> None:
    text = ("# Privacy notice\n\n## Who do you share my information with?\n\n"
            "We will only share your information with the following if you have given us your written consent:\n\n"
            "- your GP, so that they know about your treatment;\n"
            "- your housing provider or landlord;\n"
            "- Jobcentre Plus or your work coach.\n")
    clauses = {d["quotes"][0]: d for d in _clauses(_items(tmp_path, "notice.md", text))}
    assert clauses["your GP, so that they know about your treatment;"]["recipient_kinds"] == ["gp"]
    assert clauses["your housing provider or landlord;"]["recipient_kinds"] == ["housing-provider"]
    assert clauses["Jobcentre Plus or your work coach."]["recipient_kinds"] == ["jobcentre-plus"]
    assert {d["consent"] for d in clauses.values()} == {"written"}


def test_an_opt_out_lead_in_gives_its_items_opt_out_consent(tmp_path: Path) -> None:
    text = ("# Notice\n\n## Your care\n\n"
            "Where it helps your treatment, we will share relevant information with the following, "
            "unless you tell us you do not want us to:\n\n"
            "- your GP;\n- the community pharmacy that dispenses your medication.\n")
    clauses = _clauses(_items(tmp_path, "notice.md", text))
    assert len(clauses) == 2 and {d["consent"] for d in clauses} == {"unless-objects"}, clauses


def test_navigation_links_are_not_statements(tmp_path: Path) -> None:
    text = ("[Skip to main content](#main)\n\n# How we use your information\n\nOn this page:\n\n"
            "- [Who do you share my information with?](#who)\n- [Will you tell the police?](#police)\n\n"
            "## Will you tell the police?\n\n"
            "We will contact the police if we believe that someone is at immediate risk of serious harm.\n\n"
            "[Back to top](#main)\n")
    items = _items(tmp_path, "notice.md", text)
    quotes = [q for d in items for q in d["quotes"]]
    assert not any(q.endswith("?") or "Back to top" in q or "Skip to" in q for q in quotes), quotes
    assert len(_clauses(items)) == 1


def test_a_contact_list_is_not_a_list_of_sharing_rules(tmp_path: Path) -> None:
    text = ("APPENDIX A - AGENCIES\n\n"
            "Staff may share information with the agencies below only where the resident has named them "
            "on their consent form.\n\n\n"
            "Agency                                        Telephone\n"
            "Wyvern Drug and Alcohol Service               01632 960411\n"
            "Jobcentre Plus, Wyvern                        0800 169 0190\n"
            "Probation Service, Wyvern office              01632 960634\n")
    clauses = _clauses(_items(tmp_path, "policy.txt", text))
    assert [d["quotes"][0][:20] for d in clauses] == ["Staff may share info"], clauses
