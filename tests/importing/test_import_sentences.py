"""Sentence splitting must not break at abbreviations, citations or initials."""
from __future__ import annotations

import pytest
from confide.commands.importing.sentences import split_enumeration, split_sentences


@pytest.mark.parametrize("text, n", [
    ("Under s.115 of the Act we may share. We will tell you.", 2),
    ("Under s. 47 of the Children Act 1989 the council must enquire. We help.", 2),
    ("We share e.g. names and i.e. dates. Then we stop.", 2),
    ("Use form No. 3 for this. Then send it.", 2),
    ("Signed by Det Supt R. Hale and Dr S. Iqbal. Next.", 2),
    ("We work across the UK. We also work in Wales.", 2),
    ("Schedule 2, para. 2 applies (see Art. 9). It is an exemption.", 2),
    ("He said \u201cwe will tell the police.\u201d Then he did.", 2),
    ("There are 3.5 staff. No one else.", 2),
])
def test_split_counts(text: str, n: int) -> None:
    parts = split_sentences(text)
    assert len(parts) == n, parts
    assert all(p in text for p in parts)


def test_enumeration_with_lead_in() -> None:
    lead, items = split_enumeration("We will share without consent where: (a) there is a risk of harm; "
                                    "(b) a court orders it; or (c) the law requires it.")
    assert lead.endswith("where:") and items == ["there is a risk of harm;", "a court orders it; or",
                                                 "the law requires it."]


@pytest.mark.parametrize("text", [
    "Under section 2(a) and section 5(c) we may share information.",
    "We share with (a) nobody.",
])
def test_not_an_enumeration(text: str) -> None:
    assert split_enumeration(text) is None
