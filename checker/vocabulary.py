"""The built-in vocabulary of the protocol language (LANGUAGE.md §4).

Plain data, no behaviour beyond membership: which words a protocol may use for service
kinds, staff groups, recipient and data kinds, steps and fixed-choice values, and how a
protocol falls into the "bound groups" that laws name in ``binds`` (law-facts.md).
The law library extends standards and laws; these lists stay fixed.
"""

from __future__ import annotations

SERVICE_KINDS = frozenset({
    "drug-and-alcohol-treatment", "supported-housing", "homeless-hostel", "young-peoples-service",
    "outreach", "criminal-justice-service", "local-authority", "other",
})
STAFF_GROUPS = frozenset({
    "support-workers", "volunteers", "social-workers", "regulated-health-professionals",
    "registered-medical-practitioners", "teachers",
})
SECTORS = frozenset({"public", "voluntary", "private"})
CLIENT_GROUPS = frozenset({"adults", "young-people", "all"})
JURISDICTIONS = frozenset({"england-and-wales", "wales", "northern-ireland"})

RECIPIENT_KINDS = frozenset({
    "police", "probation", "childrens-social-care", "adult-social-care", "jobcentre-plus", "dwp", "gp",
    "health", "family", "parent", "other-treatment-service", "housing-provider", "court", "coroner",
    "safeguarding-adults-board", "marac", "mappa", "idva", "channel-panel", "home-office", "nca", "dvla",
    "school", "commissioner", "public", "nominated-officer", "other",
})
# The organisation's own designated safeguarding lead, data protection or nominated officer:
# telling them is internal, not a disclosure (LANGUAGE.md §3).
INTERNAL = "nominated-officer"
# Those who give care: opt-out consent counts only for direct care among them (Caldicott; HSCA
# 2012 s.251B).
CARE_PROVIDERS = frozenset({"gp", "health", "other-treatment-service", "adult-social-care"})
# Social care and police: the recipients of a youth referral (YP001).
REFERRAL_RECIPIENTS = frozenset({"police", "childrens-social-care", "adult-social-care"})
FAMILY_RECIPIENTS = frozenset({"parent", "family"})

DATA_KINDS = frozenset({
    "identity", "contact-details", "location", "attendance", "drug-test-results",
    "treatment-content", "health", "risk-information", "suspected-activity", "criminal-record",
    "third-party", "as-required", "anonymised", "case-file",
})
# Not personal data: sharing it discloses nothing (LANGUAGE.md §3).
ANONYMISED = "anonymised"
# Only what an order, notice or demand specifies: always the minimum necessary (DP001).
AS_REQUIRED = "as-required"
# UK GDPR Art 9 special category (health data); `case-file` is everything held, so it too.
SPECIAL_CATEGORY = frozenset({"drug-test-results", "treatment-content", "health", "case-file"})
# What identifies a person if published (FDAP: never publish identifying information
# without written agreement; W v Egdell on publication).
IDENTIFYING = frozenset({"identity", "contact-details", "location", "case-file"})
# `case-file` means everything held: in a `necessary` list it admits every data kind.
EVERYTHING = "case-file"

STEPS = ("seek-consent", "consult-supervisor", "inform-client", "record-decision")
YOUTH_PARAMETERS = ("age-maturity", "severity", "risk", "context")

MODALITIES = frozenset({"must", "may", "must-not"})
CONSENT_MODES = frozenset({"required", "preferences", "written", "not-required", "blanket", "bundled",
                           "unless-objects", "best-interests"})
# Always sharing without the client's agreement (§3); `bundled` is consent made a condition of
# the service, not freely given (UK GDPR Art 4(11), Art 7(4)).
WITHOUT_CONSENT = frozenset({"not-required", "blanket", "bundled"})
# Consent only in their own situations (§3): opt-out for direct care among care providers, a
# best-interests decision for an adult who lacks capacity; otherwise sharing without consent.
CONDITIONAL_CONSENT = {"unless-objects": "direct-care", "best-interests": "adult-lacking-capacity"}
CONSENT_FROM = frozenset({"client", "parent", "competent-client"})
# Where asking the client or telling them could put someone at risk (`except-where-unsafe`, §3).
UNSAFE_TO_ASK = frozenset({
    "serious-harm-to-others", "child-at-risk-of-significant-harm", "domestic-abuse-high-risk",
    "adult-at-risk-of-abuse-or-neglect", "modern-slavery",
})
THRESHOLDS = ("suspicion", "belief", "knowledge")  # in rising order of certainty
ONWARD_MODES = frozenset({"allowed", "requires-consent", "prohibited"})
TIMINGS = frozenset({"immediately", "case-by-case"})
LAW_KINDS = frozenset({"duty", "power", "exemption", "offence", "constraint", "guidance", "proposed", "enquiry",
                       "condition"})
SERIOUS_HARM_VALUES = frozenset({"yes", "no"})
LIBRARY_STATUSES = frozenset({"complete", "partial"})

ASSESSMENT_LINES = {
    "explain": frozenset({"limits-of-confidentiality"}),
    "record": frozenset({"client-preferences"}),
    "assess": frozenset({"competence"}),
}
RECORDS_LINES = {"storage": frozenset({"secure"}), "log": frozenset({"disclosures"})}
NAMED_BY = frozenset({"client"})
SCENARIO_CONSENT = frozenset({"given", "refused", "not-asked"})
CLIENT_TRAITS = frozenset({"competent", "not-competent"})

BOUND_GROUPS = frozenset({
    "anyone", "anyone-at-work", "regulated-sector", "regulated-health-professionals",
    "registered-medical-practitioners", "specified-public-authorities", "public-bodies", "premises-managers",
    "local-authorities", "health-and-adult-social-care-providers", "anyone-served",
    "listed-information-providers", "regulated-activity-with-children", "welsh-relevant-partners",
})


def bound_groups(service: str | None, sector: str | None, staff: frozenset[str]) -> frozenset[str]:
    """The bound groups a protocol falls into (law-facts.md, "Bound groups").

    Groups no service kind of ours belongs to (the POCA regulated sector, SSAA listed
    information providers, regulated activity with children under the proposed Bill) are never
    returned: a protocol citing them gets LAW004. ``public-bodies`` and ``welsh-relevant-partners``
    approximate statutory lists (Children Act 1989 s.27(3), Care Act 2014 s.6(7), CJA 2003 s.325,
    SSWB(W)A 2014) by the public sector, as law-facts.md says.
    """
    groups = {"anyone", "anyone-at-work", "anyone-served"}
    if staff & {"regulated-health-professionals", "teachers"}:
        groups.add("regulated-health-professionals")
    if "registered-medical-practitioners" in staff:
        groups.update({"registered-medical-practitioners", "regulated-health-professionals"})
    if service == "local-authority":  # councils (MSA 2015 s.52(5); CTSA 2015 Sch 6)
        groups.add("specified-public-authorities")
    if sector == "public":
        groups.update({"public-bodies", "welsh-relevant-partners"})
        if service == "local-authority":
            groups.add("local-authorities")
    if service == "drug-and-alcohol-treatment":
        groups.add("health-and-adult-social-care-providers")
    if service != "outreach":  # anyone concerned in managing premises (MDA 1971 s.8)
        groups.add("premises-managers")
    return frozenset(groups)
