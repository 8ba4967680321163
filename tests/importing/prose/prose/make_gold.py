"""Write own_gold.jsonl: my reading of the three home-made test policies, in the import-gold
schema that /work/shared/prose/score.py reads (only the fields it scores)."""
from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent


def S(doc, quote, mod, rk, consent, std=None, steps=(), alt=None, also=None, calt=None, salt=None, data=None):
    kind = "prohibition" if mod == "must-not" else "share-clause"
    e = dict(doc=doc, quote=quote, kind=kind, tier="core", modality=mod, recipient_kind=rk, consent=consent,
             standard=std, steps=list(steps), data=data or ["case-file"], data_specified=bool(data))
    if alt:
        e["recipient_kind_alt"] = alt
    if also:
        e["recipient_kind_also"] = also
    if consent == "unstated":
        e["consent_alt"] = calt or ["not-required"]
    elif calt:
        e["consent_alt"] = calt
    if salt:
        e["standard_alt"] = salt
    return e


def G(doc, quote, kind):
    return dict(doc=doc, quote=quote, kind=kind, tier="core")


ST = ["consult-supervisor", "record-decision"]
ENTRIES = [
    G("harbour", "Anything a customer tells their support worker is kept confidential within the Foyer team.",
      "confidentiality-promise"),
    S("harbour", "We will not pass personal information to other agencies, employers or colleges unless the customer "
      "has given their permission on the Consent to Share form.", "must-not", "anyone", "required", also=["school"]),
    G("harbour", "Customers are told at their sign-up meeting that there are some situations in which we cannot keep "
      "information confidential.", "limits-explained"),
    G("harbour", "Information may be passed on without a customer's permission in the following circumstances:",
      "limits-explained"),
    S("harbour", "where we think a customer or another person is in danger of serious harm;", "may", "unspecified",
      "not-required", "serious-harm-to-others", ST, salt=["serious-harm-to-self"]),
    S("harbour", "where a customer under 18 may be at risk of abuse or exploitation;", "may", "unspecified",
      "not-required", "child-at-risk-of-significant-harm", ST),
    S("harbour", "where a court or the law requires it; or", "may", "unspecified", "not-required", "court-order", ST,
      also=["court"], salt=[None]),
    S("harbour", "where we believe a serious crime has been or will be committed.", "may", "unspecified",
      "not-required", "crime-prevention", ST, salt=["investigation-of-offence", None]),
    G("harbour", "Any decision to share without permission must be agreed with the Duty Manager first.", "other"),
    G("harbour", "The support worker will record what was shared, who it went to and the reason on the customer's "
      "file.", "records-rule"),
    S("harbour", "We do not give information to parents or relatives about customers aged 18 or over.", "must-not",
      "parent", "unstated", also=["family"]),
    S("harbour", "For customers aged 16 or 17, a parent or carer may be contacted if the customer agrees, or without "
      "agreement if the customer is at risk.", "may", "parent", "unstated", calt=["required", "not-required"],
      salt=[None, "child-at-risk-of-significant-harm"]),
    S("harbour", "Staff will not confirm whether a named young person lives at the Foyer.", "must-not", "anyone",
      "unstated", alt=["police"], data=["identity", "location"]),
    S("harbour", "Where the police need information for a criminal investigation they must make the request in "
      "writing to the Foyer Manager, who decides what, if anything, is released.", "may", "police", "unstated",
      "investigation-of-offence", ["consult-supervisor"], salt=["crime-prevention"]),
    S("harbour", "The Housing Benefit office will be told when a customer moves in or out, because this is a "
      "condition of the tenancy agreement.", "must", "benefits-agency", "bundled", alt=["dwp"],
      calt=["not-required"], salt=[None, "benefits-conditionality"], data=["attendance"]),
    G("harbour", "By signing the tenancy agreement customers agree to this.", "consent-rule"),
    G("harbour", "Paper files are stored in a locked cabinet in the staff office.", "records-rule"),
    G("harbour", "Files are destroyed five years after the customer leaves.", "records-rule"),
    G("northgate", "What you tell our outreach workers stays with the outreach team.", "confidentiality-promise"),
    S("northgate", "We don't talk about you with anyone else unless you ask us to.", "must-not", "anyone", "required"),
    G("northgate", "We'll explain all of this the first time we meet you, including when we might have to break "
      "confidentiality.", "limits-explained"),
    G("northgate", "We may share information without your consent if:", "limits-explained"),
    S("northgate", "you are at serious risk of dying, for example from cold or an overdose;", "may", "unspecified",
      "not-required", "serious-harm-to-self", ["seek-consent"] + ST),
    S("northgate", "someone else is at risk of serious harm from you;", "may", "unspecified", "not-required",
      "serious-harm-to-others", ["seek-consent"] + ST),
    S("northgate", "a child is at risk of significant harm; or", "may", "unspecified", "not-required",
      "child-at-risk-of-significant-harm", ["seek-consent"] + ST),
    S("northgate", "a court orders us to.", "may", "unspecified", "not-required", "court-order", ["seek-consent"] + ST),
    G("northgate", "We will always try to talk to you first, unless that would put someone in danger.", "other"),
    G("northgate", "The outreach manager must agree before anything is shared, and we log every disclosure.", "other"),
    S("northgate", "If you agree, we will send a referral to the council's housing team with your name, date of birth "
      "and where you are sleeping.", "may", "housing-provider", "required", data=["identity", "location"]),
    S("northgate", "We tell the StreetLink service where we have found people sleeping rough, but we never give your "
      "name without your permission.", "must", "other", "unstated", calt=["not-required", "required"],
      data=["location"]),
    S("northgate", "If you have not been seen at your usual spot for a week and we are worried about you, we will "
      "report you as missing to the police.", "must", "police", "unstated", "client-missing"),
    S("northgate", "Council housing team | Name, date of birth, rough sleeping history | Yes", "may",
      "housing-provider", "required", alt=["other"], data=["identity"]),
    S("northgate", "Your GP or a walk-in clinic | Health concerns | Yes", "may", "gp", "required", also=["health"],
      data=["health"]),
    S("northgate", "The police | Only if you are reported missing or someone is in danger | No", "may", "police",
      "not-required", "client-missing",
      salt=["serious-harm-to-others", "serious-harm-to-self", None]) | {"modality_alt": ["must"]},
    G("brightwater", "Practitioners will assess whether a young person under 16 is Gillick competent at the first "
      "session and record the outcome.", "consent-rule"),
    S("brightwater", "Information will only be shared with a young person's school with the young person's consent.",
      "may", "school", "required"),
    G("brightwater", "Practitioners must pass any safeguarding concern to the Safeguarding Officer on the same day.",
      "other"),
    S("brightwater", "The Safeguarding Officer will refer to the Multi-Agency Safeguarding Hub where a young person is "
      "at risk of significant harm, even if the young person does not agree.", "must", "childrens-social-care",
      "not-required", "child-at-risk-of-significant-harm", ["consult-supervisor"]),
    G("brightwater", "Brightwater will share information with the Youth Offending Team when:", "other"),
    S("brightwater", "the young person is subject to a court order that requires attendance;", "must", "youth-justice",
      "unstated", "court-order", alt=["other", "probation"], salt=[None]),
    S("brightwater", "the young person has signed the YOT consent form.", "must", "youth-justice", "required",
      alt=["other", "probation"], salt=[None]),
    S("brightwater", "We do not report young people's cannabis use to the police.", "must-not", "police", "unstated",
      data=["health", "suspected-activity"]),
    S("brightwater", "CAMHS Referral details and risk assessment Yes", "may", "health", "required",
      data=["risk-information"]),
    S("brightwater", "Children's Social Care Safeguarding concerns No", "must", "childrens-social-care",
      "not-required", salt=["child-at-risk-of-significant-harm", None]),
    S("brightwater", "Local Authority commissioners Anonymised monthly figures No", "must", "commissioner",
      "not-required", data=["anonymised"]),
    G("brightwater", "Case notes are kept for eight years after the young person's 18th birthday.", "records-rule"),
]


def main() -> None:
    with open(HERE / "own_gold.jsonl", "w", encoding="utf-8") as fh:
        for n, e in enumerate(ENTRIES, 1):
            fh.write(json.dumps(dict(id=f"{e['doc']}-{n:02d}", **e), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
