"""Write own_gold3.jsonl: my reading of the third batch, written before the importer was run on
it, with the importer's rules frozen (final held-out check)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "prose"))
from make_gold import G, S  # noqa: E402

ST = ["consult-supervisor", "record-decision"]
ENTRIES = [
    S("clearwater", "We ask for your permission before we share anything with other services.", "must-not", "anyone",
      "required") | {"modality_alt": ["may"]},
    G("clearwater", "You can say who we may speak to, and you can change your mind.", "consent-rule"),
    S("clearwater", "With your permission we can talk to your housing officer or landlord about your recovery.", "may",
      "housing-provider", "required"),
    G("clearwater", "There may be times when we need to share information even though you have not agreed.",
      "limits-explained"),
    S("clearwater", "if we are concerned that you or someone else is at serious risk;", "may", "unspecified",
      "not-required", "serious-harm-to-others", ST, salt=["serious-harm-to-self"]) | {"modality_alt": ["must"]},
    S("clearwater", "if there is a concern that a child is being harmed or neglected;", "may", "unspecified",
      "not-required", "child-at-risk-of-significant-harm", ST) | {"modality_alt": ["must"]},
    S("clearwater", "if the information is needed to prevent or detect a serious crime.", "may", "unspecified",
      "not-required", "crime-prevention", ST, salt=["investigation-of-offence"]) | {"modality_alt": ["must"]},
    G("clearwater", "A senior manager will review every decision to share without consent, and we will note the "
      "reasons in your records.", "other"),
    S("clearwater", "Your prescription is shared with your community pharmacy so that it can be dispensed.", "must",
      "health", "unstated", "direct-care", calt=["not-required", "unless-objects"], salt=[None],
      data=["treatment-content"]),
    S("clearwater", "We will also let your GP know what we prescribe, unless you object.", "must", "gp",
      "unless-objects", "direct-care", salt=[None], data=["treatment-content"]),
    S("clearwater", "If your treatment is part of a court order, such as a Drug Rehabilitation Requirement, your "
      "attendance and test results will be sent to your probation officer every week.", "must", "probation",
      "unstated", "court-order", data=["attendance", "drug-test-results"]),
    S("clearwater", "We will not speak to family members about you unless you have given us permission.", "must-not",
      "family", "required"),
    S("clearwater", "Clearwater staff do not pass information to the police unless there is a court order or a risk "
      "of serious harm.", "must-not", "police", "unstated"),
    S("clearwater", "If someone dies while in our care we will co-operate fully with the Coroner.", "must", "coroner",
      "unstated", "coroner-notice", salt=[None]),
    G("lanterns", "The address of the refuge is confidential. Residents must not give the address to anyone, "
      "including family and friends.", "other"),
    S("lanterns", "Staff will never confirm to callers that a woman is staying at Lanterns.", "must-not", "anyone",
      "unstated", data=["identity", "location"]),
    S("lanterns", "With your agreement, your key worker will contact agencies such as housing, benefits and your "
      "children's school to support you.", "may", "school", "required", also=["housing-provider", "other", "dwp"]),
    S("lanterns", "We will refer you to the local MARAC if our risk assessment shows that you are at high risk; we "
      "will always discuss this with you first.", "must", "marac", "unstated", "domestic-abuse-high-risk",
      ["seek-consent"], calt=["not-required", "required"]),
    S("lanterns", "Information about your children may be shared with children's social care where there are "
      "concerns about their welfare.", "may", "childrens-social-care", "unstated",
      "child-at-risk-of-significant-harm", salt=["child-in-need", None], data=["third-party"]),
    G("lanterns", "If you want to report abuse to the police, we will support you to do so.", "other"),
    S("lanterns", "We will only give information to the police without your consent if a court orders us to or "
      "someone's life is at risk.", "may", "police", "not-required", "court-order",
      salt=["serious-harm-to-self", "serious-harm-to-others"]),
    S("lanterns", "If you leave the refuge without telling us and we are worried about your safety, we will tell the "
      "police that you are missing.", "must", "police", "unstated", "client-missing"),
]


def main() -> None:
    with open(HERE / "own_gold3.jsonl", "w", encoding="utf-8") as fh:
        for n, e in enumerate(ENTRIES, 1):
            fh.write(json.dumps(dict(id=f"{e['doc']}-{n:02d}", **e), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
