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
    "police", "probation", "childrens-social-care", "adult-social-care", "jobcentre-plus", "gp",
    "health", "family", "parent", "other-treatment-service", "housing-provider", "court", "coroner",
    "safeguarding-adults-board", "marac", "public", "other",
})
# Social care and police: the recipients of a youth referral (YP001).
REFERRAL_RECIPIENTS = frozenset({"police", "childrens-social-care", "adult-social-care"})
FAMILY_RECIPIENTS = frozenset({"parent", "family"})

DATA_KINDS = frozenset({
    "identity", "contact-details", "location", "attendance", "drug-test-results",
    "treatment-content", "health", "risk-information", "suspected-activity", "criminal-record",
    "case-file",
})
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
CONSENT_MODES = frozenset({"required", "preferences", "written", "not-required", "blanket"})
WITHOUT_CONSENT = frozenset({"not-required", "blanket"})
THRESHOLDS = ("suspicion", "belief", "knowledge")  # in rising order of certainty
ONWARD_MODES = frozenset({"allowed", "requires-consent", "prohibited"})
TIMINGS = frozenset({"immediately", "case-by-case"})
LAW_KINDS = frozenset({"duty", "power", "exemption", "offence", "constraint", "guidance", "proposed"})
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
    "registered-medical-practitioners", "specified-public-authorities", "local-authorities",
    "health-and-adult-social-care-providers", "occupiers", "anyone-served",
    "listed-information-providers", "regulated-activity-with-children", "welsh-relevant-partners",
})


def bound_groups(service: str | None, sector: str | None, staff: frozenset[str]) -> frozenset[str]:
    """The bound groups a protocol falls into (law-facts.md, "Bound groups").

    Groups no service kind of ours belongs to (the POCA regulated sector, SSAA listed
    information providers, MSA specified public authorities, regulated activity with
    children under the proposed Bill) are never returned: a protocol citing them gets LAW004.
    """
    groups = {"anyone", "anyone-at-work", "anyone-served"}
    if staff & {"regulated-health-professionals", "teachers"}:
        groups.add("regulated-health-professionals")
    if "registered-medical-practitioners" in staff:
        groups.update({"registered-medical-practitioners", "regulated-health-professionals"})
    if sector == "public" and service == "local-authority":
        groups.add("local-authorities")
    if sector == "public":
        groups.add("welsh-relevant-partners")
    if service == "drug-and-alcohol-treatment":
        groups.add("health-and-adult-social-care-providers")
    if service in {"supported-housing", "homeless-hostel"}:
        groups.add("occupiers")
    return frozenset(groups)
