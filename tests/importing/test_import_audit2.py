"""The sentence shapes and PDF layouts of the second import audit, each on a small input, asserting
the clause (or the absence of one) a user would see in the draft.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from confide.commands.importing.documents import read_document
from confide.commands.importing.layout import join_lines

SHARE = ("share-clause", "prohibition")


def clauses(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [d for d in items if d["kind"] in SHARE]


def one(md: Any, text: str) -> dict[str, Any]:
    found = clauses(md(text))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text", [
    "In 2015 case information was routinely shared with the youth offending team.",
    "An inspection found that staff were giving residents' details to callers who said they were relatives.",
    'In this statement, "sharing" means giving information that could identify you to someone outside the team.',
    "Disclosure: passing personal information to anyone outside the Trust.",
    "Talking to another worker, or to your worker's supervisor, is not sharing.",
    "The table below sums up who we most often share information with.",
    "Information from the Council's Early Help Hub may be passed to us when you are referred.",
    "Relief staff are shown this procedure at their induction shift.",
    "If you are 16 or over, you decide who we share information with.",
    "Where you are not able to decide, we will ask your parent or carer for consent to share information with "
    "other services.",
    "At the same meeting the resident completes the form, naming the agencies and people they want us to talk to.",
    "Write to the agency to explain why.",
])
def test_not_a_sharing_rule(md: Any, text: str) -> None:
    """History, definitions, table lead-ins, inbound sharing, training and the client's own
    decision are not rules of ours: at most a comment, never a clause."""
    assert clauses(md(text)) == []


def test_the_clients_decision_is_a_consent_rule(md: Any) -> None:
    items = md("If you are 16 or over, you decide who we share information with.")
    assert [d["kind"] for d in items] == ["consent-rule"]


def test_only_when_the_resident_agrees_is_never_without_consent(md: Any) -> None:
    d = one(md, "Staff share it only when the resident agrees or when this procedure says they may or must share "
                "it without consent.")
    assert (d["modality"], d["consent"]) == ("may", "required")


def test_whether_or_not_they_agree_is_an_automatic_referral(md: Any) -> None:
    d = one(md, "Staff must raise a safeguarding concern with Adult Social Care about any resident they suspect is "
                "being abused or neglected, whether or not the resident agrees.")
    assert (d["modality"], d["recipient_kinds"], d["consent"]) == ("must", ["adult-social-care"], "not-required")
    assert d["standards"] == ["adult-at-risk-of-abuse-or-neglect"]


@pytest.mark.parametrize("text, recipients", [
    ("Monthly returns to the commissioner give numbers only and no names.", ["commissioner"]),
    ("We send the council statistics every quarter.", ["other"]),
])
def test_numbers_only_is_anonymised(md: Any, text: str, recipients: list[str]) -> None:
    d = one(md, text)
    assert (d["data"], d["recipient_kinds"]) == (["anonymised"], recipients)
    assert "subject_kinds" not in d


@pytest.mark.parametrize("text, modality, recipients", [
    ("Staff must not speak to journalists about any resident.", "must-not", ["public"]),
    ("Staff must answer requests from Housing Benefit officers about whether a resident still lives here.",
     "must", ["other"]),
    ("Other Council teams, including Housing, cannot see your records.", "must-not", ["other"]),
    ("The signing-in book is shown to police officers on request.", "must", ["police"]),
    ("If there is no consent and no risk of serious harm, do not share.", "must-not", ["other"]),
])
def test_shapes_that_were_dropped(md: Any, text: str, modality: str, recipients: list[str]) -> None:
    d = one(md, text)
    assert (d["modality"], d["recipient_kinds"]) == (modality, recipients)


def test_if_this_happens_reads_with_the_sentence_before(md: Any) -> None:
    d = one(md, "A court can order us to hand over records. If this happens we will give only what the order "
                "asks for.")
    assert (d["modality"], d["recipient_kinds"], d["data"], d["standards"]) == \
        ("must", ["court"], ["as-required"], ["court-order"])


def test_a_step_after_and_is_not_the_recipient(md: Any) -> None:
    d = one(md, "If there is a court order, give exactly what it requires and tell the Duty Manager.")
    assert (d["modality"], d["data"]) == ("must", ["as-required"])


@pytest.mark.parametrize("text, standard", [
    ("We will make a referral to Children's Services if we believe you are suffering, or are likely to suffer, "
     "significant harm.", "child-at-risk-of-significant-harm"),
    ("We will share information with the police if you tell us you are going to seriously hurt someone.",
     "serious-harm-to-others"),
    ("We will share information with the police without your agreement if someone's life is in danger.",
     "serious-harm-to-others"),
])
def test_standards_in_the_second_person(md: Any, text: str, standard: str) -> None:
    assert one(md, text)["standards"] == [standard]


def test_a_prohibitions_exception_is_flagged_not_claimed(md: Any) -> None:
    d = one(md, "We will not pass it to the police unless the manager decides that someone is at immediate risk of "
                "serious harm.")
    assert d["modality"] == "must-not" and d["standards"] == [] and "exception-dropped" in d["flags"]


def test_police_as_an_adjective_names_no_recipient(md: Any) -> None:
    d = one(md, "Staff must tell the council's commissioning team about any serious incident, including a police "
                "raid.")
    assert d["recipient_kinds"] == ["commissioner"]


def test_soft_hyphens_rejoined() -> None:
    vocab = {"jobcentre", "self-harm", "self", "harm"}
    assert join_lines(["Staff may confirm an address to Jobce-", "ntre Plus."], vocab) == \
        "Staff may confirm an address to Jobcentre Plus."
    assert join_lines(["a risk of self-", "harm"], vocab) == "a risk of self-harm"
    assert join_lines(["the infor-", "mation"], set()) == "the information"
    assert join_lines(["follow-", "up calls"], set()) == "follow-up calls"


def _pdf(path: Path, draw: Any) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    draw(c)
    c.showPage()
    c.save()
    return path


def test_two_columns_below_full_width_text(tmp_path: Path) -> None:
    full = ["1.1 This procedure tells staff what they can share about residents, with whom, and what they",
            "must do before and after sharing, and it applies to every member of staff and every volunteer."]
    left = ["2.1 Staff must not confirm to the police, by phone or", "at the door, whether a named person lives",
            "here, unless the officer has a warrant.", "2.2 Requests for information about a resident must",
            "be made in writing on the force's request form."]
    right = ["2.3 Staff do not report residents to the police for", "using drugs in their rooms, and drugs found",
             "in rooms are removed and disposed of.", "2.4 If a resident is wanted on a warrant, staff may",
             "tell the police whether the resident is in the building."]

    def draw(c: Any) -> None:
        y = 780
        for line in full:
            c.drawString(50, y, line)
            y -= 13
        for a, b in zip(left, right, strict=True):
            c.drawString(50, y, a)
            c.drawString(310, y, b)
            y -= 13
    doc = read_document(_pdf(tmp_path / "cols.pdf", draw))
    texts = {p.number: p.text for p in doc.paragraphs}
    assert texts["2.1"] == ("Staff must not confirm to the police, by phone or at the door, whether a named person "
                            "lives here, unless the officer has a warrant.")
    assert texts["2.3"].startswith("Staff do not report residents to the police for using drugs")
    assert texts["1.1"].endswith("every member of staff and every volunteer.")


def test_flowchart_boxes_stay_whole(tmp_path: Path) -> None:
    def draw(c: Any) -> None:
        c.drawString(50, 780, "Is it in writing and from a named officer?")
        c.drawString(380, 780, "NO")
        c.drawString(220, 750, "YES")
        c.drawString(450, 750, "If the request is not in writing, ask for")
        c.drawString(450, 737, "it in writing.")
        c.drawString(50, 700, "If there is no consent and no risk of serious harm, do not share.")
    doc = read_document(_pdf(tmp_path / "flow.pdf", draw))
    texts = [p.text for p in doc.paragraphs]
    assert "If there is no consent and no risk of serious harm, do not share." in texts
    assert "If the request is not in writing, ask for it in writing." in texts
    assert not any("YES" in t or "NO" in t for t in texts)


def test_a_new_condition_after_a_consent_rule_is_a_rule_of_its_own(md: Any) -> None:
    found = clauses(md("If your youth justice worker asks whether you have been attending, we will only tell them "
                       "with your agreement. If attending is a requirement of a court order, we will confirm whether "
                       "you attended, but not what you talked about."))
    assert [(d["modality"], d["consent"]) for d in found] == [("may", "required"), ("must", "not-required")]
