"""Write own_gold2.jsonl: my reading of the second batch of home-made test policies, written
before the importer was run on them (held-out data)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "prose"))
from make_gold import G, S  # noqa: E402

LIST_M = ["inform-client", "consult-supervisor", "record-decision"]
LIST_F = ["consult-supervisor", "inform-client"]
ENTRIES = [
    G("meadowbank", "Personal information will be kept securely and will only be used for the purpose for which it "
      "was given.", "records-rule"),
    G("meadowbank", "The form lists the organisations the tenant agrees we may contact.", "consent-rule"),
    G("meadowbank", "Tenants may withdraw their consent at any time by telling their Support Officer.", "consent-rule"),
    S("meadowbank", "Staff must never discuss a tenant's circumstances with other tenants.", "must-not",
      "other-residents", "unstated"),
    G("meadowbank", "In exceptional circumstances Meadowbank reserves the right to disclose information to relevant "
      "agencies without a tenant's consent.", "limits-explained"),
    S("meadowbank", "there is a risk to the life of the tenant or another person;", "may", "unspecified",
      "not-required", "serious-harm-to-self", LIST_M, salt=["serious-harm-to-others"]),
    S("meadowbank", "a child is believed to be at risk of harm;", "may", "unspecified", "not-required",
      "child-at-risk-of-significant-harm", LIST_M),
    S("meadowbank", "the information relates to a serious criminal offence; or", "may", "unspecified",
      "not-required", "crime-prevention", LIST_M, salt=["investigation-of-offence", None]),
    S("meadowbank", "disclosure is required under an Act of Parliament.", "may", "unspecified", "not-required",
      None, LIST_M, salt=["court-order"]),
    G("meadowbank", "Wherever possible the tenant will be informed before information is disclosed.", "other"),
    G("meadowbank", "All such disclosures must be authorised by the Scheme Manager and a note of the disclosure kept "
      "on the tenant's file.", "other"),
    S("meadowbank", "Meadowbank will co-operate with police enquiries within the limits of the law.", "must",
      "police", "unstated") | {"modality_alt": ["may"]},
    S("meadowbank", "Requests for personal information must be made on the standard police disclosure form and will "
      "be considered by the Head of Housing.", "may", "police", "unstated", None, ["consult-supervisor"],
      salt=["investigation-of-offence", "crime-prevention"]),
    S("meadowbank", "Staff should not disclose a tenant's address or room number to anyone claiming to be a "
      "relative, friend or professional without first checking with the tenant.", "must-not", "anyone", "required",
      also=["family"], data=["location"]),
    S("meadowbank", "Where a tenant falls into rent arrears of more than eight weeks, details of the arrears will be "
      "passed to the Local Authority's homelessness prevention team.", "must", "housing-provider", "unstated",
      alt=["other"]),
    S("meadowbank", "Reports of anti-social behaviour will be shared with the police and the Community Safety team "
      "at the monthly ASB panel.", "must", "police", "unstated", "crime-prevention", also=["other"],
      salt=[None], data=["suspected-activity"]),
    G("meadowbank", "Tenant files are retained for six years after the end of the tenancy.", "records-rule"),
    G("fenwick", "What you say to your Fenwick worker is private.", "confidentiality-promise"),
    S("fenwick", "We will not tell your parents, your teachers or your social worker that you come to Fenwick "
      "unless you want us to.", "must-not", "parent", "required", also=["school", "childrens-social-care"],
      alt=["other"]),
    G("fenwick", "Your worker will go through the confidentiality agreement with you at your first session, and "
      "check that you understand it.", "limits-explained"),
    G("fenwick", "Fenwick staff will pass information to Children's Services or the police, even if you ask us not "
      "to, if:", "limits-explained"),
    S("fenwick", "you tell us that someone is hurting you or abusing you;", "must", "childrens-social-care",
      "not-required", "child-at-risk-of-significant-harm", LIST_F, also=["police"],
      salt=["serious-harm-to-others"]),
    S("fenwick", "you are being made to carry or sell drugs for someone else;", "must", "childrens-social-care",
      "not-required", "child-at-risk-of-significant-harm", LIST_F, also=["police"], salt=["modern-slavery"]),
    S("fenwick", "your life is in danger.", "must", "childrens-social-care", "not-required", "serious-harm-to-self",
      LIST_F, also=["police"]),
    G("fenwick", "The decision to share will be taken by the team leader, and we will always tell you first unless "
      "that would put you or someone else in more danger.", "other"),
    S("fenwick", "If you are under 13 we will need to talk to your parent or carer before we can work with you.",
      "must", "parent", "unstated", "young-person-substance-use", salt=[None]),
    S("fenwick", "Parents can phone us for advice, but we will not give them any information about you without "
      "your say-so.", "must-not", "parent", "required"),
    S("fenwick", "Your school Whether you are attending sessions Yes", "may", "school", "required",
      data=["attendance"]),
    S("fenwick", "Youth Offending Service Attendance, if it is part of your court order No", "must", "youth-justice",
      "not-required", "court-order", data=["attendance"], salt=[None]),
    S("fenwick", "Hospital A&E Anything they need in an emergency No", "must", "health", "not-required",
      "serious-harm-to-self", salt=[None]),
    G("fenwick", "Your records are kept on a password-protected computer system.", "records-rule"),
    G("causeway", "Guests can expect that what they tell shelter staff will be treated in confidence.",
      "confidentiality-promise"),
    S("causeway", "We do not share a guest's details with other agencies unless the guest agrees or one of the "
      "exceptions in section 3 applies.", "must-not", "anyone", "required"),
    S("causeway", "Guests are asked on arrival whether we may pass their details to the Street Outreach Team and to "
      "the local authority's housing service, so that they can be helped into accommodation.", "may",
      "housing-provider", "required", also=["other"], calt=["preferences"]),
    S("causeway", "Staff will call the police if a guest is violent or threatening towards staff or other guests.",
      "must", "police", "unstated", "serious-harm-to-others"),
    S("causeway", "Where staff suspect that a guest is selling drugs in or near the shelter, the shift leader may "
      "report it to the police.", "may", "police", "unstated", "drug-supply-on-premises", ["consult-supervisor"],
      salt=["investigation-of-offence", "crime-prevention"]),
    S("causeway", "If a guest appears to be an adult at risk of abuse or neglect, the shift leader will make a "
      "safeguarding referral to Adult Social Care, having first discussed it with the guest where this is safe.",
      "must", "adult-social-care", "unstated", "adult-at-risk-of-abuse-or-neglect",
      ["seek-consent", "consult-supervisor"]),
    S("causeway", "If a guest is seriously unwell, staff will call an ambulance and tell the crew what they know "
      "about the guest's drug use.", "must", "emergency-services", "unstated", "serious-harm-to-self",
      alt=["health"], data=["health"]),
    G("causeway", "Staff must record every disclosure made without consent in the incident log, noting the date, the "
      "recipient and the reason for sharing, so that the manager can review it at the next supervision.",
      "records-rule"),
    S("causeway", "Guests' names are never given to callers, including people who say they are family members, and "
      "staff will neither confirm nor deny that a person is staying at the shelter.", "must-not", "anyone",
      "unstated", also=["family"], data=["identity", "location"]),
    S("causeway", "Information about a guest's health or drug use will not be passed to the Jobcentre or the DWP.",
      "must-not", "jobcentre-plus", "unstated", also=["dwp"], data=["health"]),
]


def main() -> None:
    with open(HERE / "own_gold2.jsonl", "w", encoding="utf-8") as fh:
        for n, e in enumerate(ENTRIES, 1):
            fh.write(json.dumps(dict(id=f"{e['doc']}-{n:02d}", **e), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
