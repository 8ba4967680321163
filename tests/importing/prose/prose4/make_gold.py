"""Write own_gold4.jsonl: my reading of kestrel.docx, written before the importer was run on it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "prose"))
from make_gold import G, S  # noqa: E402

D = "kestrel"
ST = ["consult-supervisor", "record-decision"]
ENTRIES = [
    G(D, "What a young person tells their support worker is treated in confidence by the staff team.",
      "confidentiality-promise"),
    G(D, "At the sign-up meeting the support worker explains when we might have to share information without "
      "agreement, and records which people and services the young person is happy for us to speak to.",
      "limits-explained"),
    G(D, "We check that a 16 or 17 year old understands what they are agreeing to.", "consent-rule"),
    S(D, "With the young person's agreement, the support worker may talk to their college about attendance and any "
      "support they need.", "may", "school", "required", data=["attendance"]),
    S(D, "We will not contact a young person's family unless the young person has told us we can.", "must-not",
      "family", "preferences", calt=["required"]),
    S(D, "When a young person moves on, we may send a short summary of their support plan to their new landlord.",
      "may", "housing-provider", "required", data=["treatment-content"]),
    G(D, "The young person will always be asked first, and nothing is sent if they say no.", "consent-rule"),
    G(D, "Staff will pass information to the appropriate agency, even without the young person's agreement, if:",
      "other"),
    S(D, "a young person tells us they intend to seriously hurt someone;", "must", "unspecified", "not-required",
      "serious-harm-to-others", ST),
    S(D, "we believe a child living at or visiting the scheme is being abused or neglected;", "must", "unspecified",
      "not-required", "child-at-risk-of-significant-harm", ST),
    S(D, "a young person has not been seen for 72 hours and we are worried about them;", "must", "unspecified",
      "not-required", "client-missing", ST),
    S(D, "we are served with a court order.", "must", "unspecified", "not-required", "court-order", ST),
    G(D, "In each case the scheme manager decides whether to share, and the decision and the reasons are written on "
      "the file.", "other"),
    S(D, "Staff must not share anything about a young person's sexual health with their parents or carers.",
      "must-not", "parent", "unstated", calt=["required"], data=["health"]),
    S(D, "Where a young person is on a youth justice order, staff will tell the Youth Justice Service if the young "
      "person stops attending their appointments.", "must", "youth-justice", "unstated", "court-order",
      data=["attendance"], salt=[None]),
    S(D, "Staff must not confirm to callers or visitors whether a young person lives at Kestrel Court.", "must-not",
      "anyone", "unstated", calt=["required"], data=["identity", "location"]),
    S(D, "The police are entitled to see the signing-in book whenever they visit.", "must", "police", "unstated",
      data=["location", "attendance"]) | {"modality_alt": ["may"]},
    S(D, "Any other request from the police for information must be made in writing and will be decided by the "
      "scheme manager.", "may", "police", "unstated", None, ["consult-supervisor"]),
    S(D, "We report anyone we suspect of dealing drugs in the building to the police.", "must", "police", "unstated",
      "drug-supply-on-premises", data=["suspected-activity"], salt=["crime-prevention"]),
    S(D, "Leaving care team Progress with the support plan and any concerns Yes", "may", "childrens-social-care",
      "required", data=["treatment-content", "risk-information"], alt=["other", "adult-social-care"]),
    S(D, "Housing Benefit office Rent account and move-in date No", "must", "benefits-agency", "not-required",
      data=["attendance"], calt=["bundled"]),
    S(D, "Local authority commissioners Anonymised monthly figures No", "must", "commissioner", "not-required",
      data=["anonymised"]),
    G(D, "Files are kept on a password-protected system and destroyed six years after the young person leaves.",
      "records-rule"),
    G(D, "Young people can ask to see their own file at any time.", "records-rule"),
]


def main() -> None:
    for n, e in enumerate(ENTRIES, start=1):
        e["id"] = f"{D}-{n:02d}"
    with open(HERE / "own_gold4.jsonl", "w", encoding="utf-8") as fh:
        for e in ENTRIES:
            fh.write(json.dumps(e, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
