"""Classifiers on short prose snippets, including near-misses that must not become clauses."""
from __future__ import annotations

import re

import pytest
from confide.commands.importing.cues import consent_of, data_of, standard_of, steps_of, threshold_of
from confide.commands.importing.words import DATA, RECIPIENT_PATTERNS, RECIPIENTS, find_mentions
from confide.vocabulary import DATA_KINDS, RECIPIENT_KINDS
from import_helpers import library

PSEUDO = {"internal", "client", "emergency", "anyone"}


def clauses(items: list[dict]) -> list[dict]:
    return [d for d in items if d["kind"] in ("share-clause", "prohibition")]


def one(md, text: str) -> dict:
    found = clauses(md(text))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, kind, modality, recipients, consent", [
    ("We will tell the police if we believe a child is at risk of significant harm.",
     "share-clause", "must", ["police"], "not-required"),
    ("Staff must not tell callers whether a person lives at the hostel.", "prohibition", "must-not", ["other"], None),
    ("With your consent, we may share information with your GP.", "share-clause", "may", ["gp"], "required"),
    ("We will only share information with your school if you agree.", "share-clause", "may", ["school"], "required"),
    ("Workers should consider making a referral to children's social care.", "share-clause", "may",
     ["childrens-social-care"], "not-required"),
    ("The law requires us to report any knife to the police.", "share-clause", "must", ["police"], "not-required"),
    ("We never pass information to the Jobcentre without your written consent.", "prohibition", "must-not",
     ["jobcentre-plus"], "written"),
    ("We do not tell your family anything unless you have told us we can.", "prohibition", "must-not",
     ["family"], "preferences"),
    ("The key worker will refer the resident to MARAC, even if the resident does not agree.", "share-clause",
     "must", ["marac"], "not-required"),
    ("If a police officer asks to see the footage, the duty worker must show it to them.", "share-clause", "must",
     ["police"], "not-required"),
    ("Information about a tenant's rent arrears will be passed to the council's homelessness team.",
     "share-clause", "must", ["housing-provider"], "not-required"),
])
def test_sharing_statements(md, text: str, kind: str, modality: str, recipients: list[str],
                            consent: str | None) -> None:
    d = one(md, text)
    assert (d["kind"], d["modality"], d["recipient_kinds"]) == (kind, modality, recipients)
    if consent:
        assert d["consent"] == consent


@pytest.mark.parametrize("text", [
    "We provide advice and support to parents and carers.",
    "This policy explains how we share information with other agencies.",
    "Information Sharing and Confidentiality Policy",
    "Your GP may also share information with us about your health.",
    "It is your legal responsibility to tell the DVLA about your drinking.",
    "Staff should offer to take a message and pass it on.",
    "Concerns must be reported to the Designated Safeguarding Lead on the same day.",
    "We will tell the young person that we have made a referral.",
    "Officers who visit must be asked to show their warrant card.",
    "Records are kept for six years after the resident leaves and are then destroyed.",
    "The decision to share will be made by the hostel manager.",
    "Section 115 of the Crime and Disorder Act 1998 places a duty on the parties to share information.",
])
def test_near_misses_are_not_clauses(md, text: str) -> None:
    assert clauses(md(text)) == []


def test_list_lead_in_carries_the_rule(md) -> None:
    items = md("## 4. Exceptions\n\nWe will share information with the relevant authorities without your consent "
               "where:\n\n- we believe you are at risk of serious harm to yourself;\n- a court orders us to; or\n"
               "- we suspect a child is being abused.\n")
    kinds = [d["kind"] for d in items]
    assert kinds == ["lead-in", "share-clause", "share-clause", "share-clause"]
    rows = clauses(items)
    assert all(d["modality"] == "must" and d["consent"] == "not-required" and d["recipient_kinds"] == ["other"]
               for d in rows)
    assert [d["standards"] for d in rows] == [["serious-harm-to-self"], ["court-order"],
                                             ["child-at-risk-of-significant-harm"]]
    assert [d["thresholds"] for d in rows] == [["belief"], [], ["suspicion"]]
    assert [d["ref"] for d in rows] == ["1.1a", "1.1b", "1.1c"]


def test_opt_out_in_next_paragraph(md) -> None:
    items = md("## GP\n\nWhen you start treatment we will write to your GP about your prescription.\n\n"
               "If you do not want us to contact your GP, please tell your worker.\n")
    d = clauses(items)[0]
    assert d["recipient_kinds"] == ["gp"] and d["consent"] == "unless-objects"
    assert any(f.startswith("consent-from") for f in d["flags"])


def test_steps_from_cross_reference(md) -> None:
    items = md("3.1 We will share information with the police without consent where we suspect dealing on the "
               "premises.\n\n3.2 The decision to share under paragraph 3.1 will be made by the manager, the reasons "
               "will be recorded, and we will normally tell the resident that we have shared information.\n")
    d = clauses(items)[0]
    assert d["steps"] == ["consult-supervisor", "inform-client", "record-decision"]


def test_bundled_consent_through_licence(md) -> None:
    items = md("By signing the licence agreement, the resident consents to us sharing information with the "
               "agencies listed in Appendix B.\n\nWhen a resident is evicted we will tell the council's housing "
               "options team.\n\n## Appendix B. Agencies\n\n| Agency | What we share |\n|---|---|\n"
               "| Housing Options | Name and date of leaving |\n")
    assert items[0]["kind"] == "consent-rule" and items[0]["consent"] == "bundled"
    evicted, row = clauses(items)
    assert row["consent"] == "bundled" and row["recipient_kinds"] == ["housing-provider"]
    assert evicted["consent"] == "bundled" and "consent-from:1.1" in evicted["flags"]


def test_no_standard_without_signals(md) -> None:
    d = one(md, "If we believe you are still driving, our doctor may tell the DVLA.")
    assert d["standards"] == [] and d["recipient_kinds"] == ["dvla"]


@pytest.mark.parametrize("text, expected", [
    ("if we suspect that a child is being abused", "suspicion"),
    ("where we are worried about a resident's safety", "suspicion"),
    ("where we believe someone is at risk", "belief"),
    ("if we know that a client is supplying drugs", "knowledge"),
    ("if we know or suspect that a client is involved in terrorism", "suspicion"),
    ("when a court order requires it", None),
])
def test_thresholds(text: str, expected: str | None) -> None:
    assert threshold_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("a resident has not been seen for 48 hours", "client-missing"),
    ("we suspect drug dealing in or around the hostel", "drug-supply-on-premises"),
    ("high risk of domestic abuse", "domestic-abuse-high-risk"),
    ("a court order requires us to", "court-order"),
    ("a child may be at risk of significant harm", "child-at-risk-of-significant-harm"),
    ("it is necessary to protect the health and safety of staff", None),
    ("we believe you are still driving", None),
])
def test_standards_only_with_signals(text: str, expected: str | None) -> None:
    assert standard_of(text, library().standards) == expected


@pytest.mark.parametrize("text, expected", [
    ("without the resident's consent", "not-required"),
    ("even if the young person does not want us to", "not-required"),
    ("with the young person's written agreement", "written"),
    ("unless you agree", "required"),
    ("if you do not want us to contact your GP, please tell us", "unless-objects"),
    ("by signing the licence agreement the resident consents", "bundled"),
    ("the people you name on your consent form", "preferences"),
    ("where a court order requires it", None),
])
def test_consent_cues(text: str, expected: str | None) -> None:
    assert consent_of(text) == expected


def test_steps_cues() -> None:
    text = ("Before making a referral the worker must discuss it with the Designated Safeguarding Lead. "
            "Wherever possible their agreement should be sought and the reasons will be recorded.")
    assert steps_of(text) == ["seek-consent", "consult-supervisor", "record-decision"]


@pytest.mark.parametrize("phrase, kind", [
    ("the police", "police"), ("children's social care", "childrens-social-care"), ("MARAC", "marac"),
    ("your GP", "gp"), ("Jobcentre Plus", "jobcentre-plus"), ("the next of kin", "family"),
    ("the relevant authorities", "other"), ("Adult Social Care", "adult-social-care"), ("the DVLA", "dvla"),
    ("the Youth Offending Team", "other"), ("a parent or carer", "parent"), ("the school's designated "
     "safeguarding lead", "school"), ("the Designated Safeguarding Lead", "nominated-officer"),
    ("the Housing Benefit team", "other"), ("probation practitioner", "probation"), ("the coroner", "coroner"),
])
def test_recipient_word_list(phrase: str, kind: str) -> None:
    assert [k for _, _, k, _ in find_mentions(phrase, RECIPIENT_PATTERNS)] == [kind]


@pytest.mark.parametrize("text, kinds, specified", [
    ("their name and address", ["identity", "location"], True),
    ("drug test results", ["drug-test-results"], True),
    ("information", ["case-file"], False),
    ("anonymised figures", ["anonymised"], True),
])
def test_data_word_list(text: str, kinds: list[str], specified: bool) -> None:
    assert data_of(text) == (kinds, specified)


def test_word_lists_use_only_the_v2_vocabulary() -> None:
    for pat, kind in RECIPIENTS:
        assert kind in RECIPIENT_KINDS or kind in PSEUDO
        assert not re.fullmatch("(?:" + pat + ")", ""), f"pattern for {kind} matches nothing at all"
    for pat, kind in DATA:
        assert kind in DATA_KINDS and not re.fullmatch("(?:" + pat + ")", "")
    from confide.commands.importing.cues import STANDARD_CUES

    for std, _ in STANDARD_CUES:
        assert std in library().standards, f"cue for {std}, which the law library does not have"
