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
# Sharing only once the client (or a parent) has been asked and agreed.
ASKING_CONSENT = frozenset({"required", "preferences", "written"})
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
# A scenario's `client age`, and simulate's --age, go up to this: more is a typo (300 for 30).
OLDEST_CLIENT = 120

BOUND_GROUPS = frozenset({
    "anyone", "anyone-at-work", "regulated-sector", "regulated-health-professionals",
    "registered-medical-practitioners", "specified-public-authorities", "public-bodies", "premises-managers",
    "local-authorities", "health-and-adult-social-care-providers", "anyone-served",
    "listed-information-providers", "regulated-activity-with-children", "welsh-relevant-partners",
    "social-care-workers-in-wales",
})


def bound_groups(service: str | None, sector: str | None, staff: frozenset[str]) -> frozenset[str]:
    """The bound groups a protocol falls into (law-facts.md, "Bound groups").

    Groups no service kind of ours belongs to (the POCA regulated sector, SSAA listed
    information providers, regulated activity with children under the proposed Bill) are never
    returned: a protocol citing them gets LAW004. ``public-bodies`` and ``welsh-relevant-partners``
    approximate statutory lists (Children Act 1989 s.27(3), Care Act 2014 s.6(7), CJA 2003 s.325,
    SSWB(W)A 2014) by the public sector, as law-facts.md says. ``social-care-workers-in-wales``
    (FGM Act 2003 s.5B(2)(a)(iii)) holds every protocol whose staff include social workers; only
    the Wales library names it, so under the England-and-Wales library they stay outside s.5B.
    """
    groups = {"anyone", "anyone-at-work", "anyone-served"}
    if staff & {"regulated-health-professionals", "teachers"}:
        groups.add("regulated-health-professionals")
    if "registered-medical-practitioners" in staff:
        groups.update({"registered-medical-practitioners", "regulated-health-professionals"})
    if "social-workers" in staff:  # registered social workers are social care workers in Wales
        groups.add("social-care-workers-in-wales")
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


# What each built-in word means, in a manager's words: what an editor shows on hover and beside
# a completion. Law kinds are explained with the laws (confide.commands.explain.KIND_MEANING);
# standards and laws by the library itself.
MEANINGS: dict[str, dict[str, str]] = {
    "service kind": {
        "drug-and-alcohol-treatment": "a drug and alcohol treatment service (in England, a commissioned health "
                                      "and adult social care provider)",
        "supported-housing": "supported housing: accommodation with support workers",
        "homeless-hostel": "a hostel for people who are homeless",
        "young-peoples-service": "a service for young people under 18",
        "outreach": "an outreach service that manages no premises (so MDA 1971 s.8 does not bind it)",
        "criminal-justice-service": "a service working with people in the criminal justice system",
        "local-authority": "a council service (a specified public authority)",
        "other": "another kind of service",
    },
    "staff group": {
        "support-workers": "support workers",
        "volunteers": "volunteers",
        "social-workers": "registered social workers",
        "regulated-health-professionals": "nurses, doctors, pharmacists and other regulated health professionals",
        "registered-medical-practitioners": "doctors on the medical register",
        "teachers": "teachers (bound, like health professionals, by the FGM reporting duty)",
    },
    "bound group": {
        "anyone": "everyone: every protocol", "anyone-at-work": "anyone who meets the information at work: every "
                                                                "protocol",
        "anyone-served": "whoever is served with the order, notice or request: every protocol",
        "regulated-sector": "POCA 2002 Sch 9 businesses (banks, accountants, lawyers, estate agents): no service "
                            "kind of ours",
        "regulated-health-professionals": "services whose staff include regulated health professionals, "
                                          "registered medical practitioners or teachers",
        "registered-medical-practitioners": "services whose staff include doctors on the medical register",
        "specified-public-authorities": "councils (service local-authority): the Modern Slavery Act 2015 s.52 and "
                                        "Counter-Terrorism and Security Act 2015 Sch 6 lists",
        "public-bodies": "public-sector services: approximates the Children Act 1989 s.27(3), Care Act 2014 s.6(7) "
                         "and Criminal Justice Act 2003 s.325(6) lists",
        "premises-managers": "services that manage premises (every service kind but outreach: MDA 1971 s.8)",
        "local-authorities": "public-sector council services (service local-authority, sector public)",
        "health-and-adult-social-care-providers": "drug and alcohol treatment services (commissioned providers, "
                                                  "England: HSCA 2012 s.251B)",
        "listed-information-providers": "the persons SSAA 1992 s.109B lists (banks, employers, utilities, "
                                        "landlords' records): no service kind of ours",
        "regulated-activity-with-children": "adults in regulated activity with children under the proposed Crime "
                                            "and Policing Bill: no protocol falls into it while it is not in force",
        "welsh-relevant-partners": "public-sector services: approximates the relevant partners of SSWB(W)A 2014 "
                                   "s.162(4)",
        "social-care-workers-in-wales": "services whose staff include social workers, who in Wales are social care "
                                        "workers bound by the FGM reporting duty (FGM Act 2003 s.5B(2)(a)(iii)); "
                                        "only the Wales library names this group",
    },
    "sector": {
        "public": "a public body (council, NHS trust, probation)",
        "voluntary": "a charity or other voluntary organisation",
        "private": "a private company",
    },
    "client group": {
        "adults": "clients aged 18 or over",
        "young-people": "clients under 18",
        "all": "clients of any age, young people included",
    },
    "jurisdiction": {
        "england-and-wales": "the law of England and Wales",
        "wales": "the law of England and Wales with the Welsh statutes (SSWB(W)A 2014)",
        "northern-ireland": "the law of Northern Ireland (which has a general duty to report serious offences)",
    },
    "recipient kind": {
        "police": "the police", "probation": "the probation service",
        "childrens-social-care": "children's social care (the council's children's services)",
        "adult-social-care": "adult social care (the council's adult services)",
        "jobcentre-plus": "Jobcentre Plus", "dwp": "the Department for Work and Pensions",
        "gp": "the client's GP", "health": "health services (NHS trusts, clinics)",
        "family": "the client's family, as the client names them (add 'named-by client')",
        "parent": "a young person's parent or carer",
        "other-treatment-service": "another drug or alcohol treatment service",
        "housing-provider": "a landlord or housing provider", "court": "a court",
        "coroner": "a coroner", "safeguarding-adults-board": "the Safeguarding Adults Board",
        "marac": "a multi-agency risk assessment conference (domestic abuse)",
        "mappa": "multi-agency public protection arrangements (offenders)",
        "idva": "an independent domestic violence adviser", "channel-panel": "a Channel panel (Prevent)",
        "home-office": "the Home Office", "nca": "the National Crime Agency",
        "dvla": "the Driver and Vehicle Licensing Agency", "school": "a school",
        "commissioner": "the service's commissioner or funder", "public": "the public (publication)",
        "nominated-officer": "the organisation's own safeguarding lead, data protection or nominated officer: "
                             "telling them is internal, not a disclosure",
        "other": "another recipient",
    },
    "data kind": {
        "identity": "name, date of birth and other identifying details",
        "contact-details": "address, telephone, e-mail", "location": "where the client is or is staying",
        "attendance": "whether and when the client attends",
        "drug-test-results": "drug test results (special category: health data)",
        "treatment-content": "what is said and done in treatment (special category: health data)",
        "health": "health information (special category)",
        "risk-information": "what staff know of a risk", "suspected-activity": "what the client is suspected of",
        "criminal-record": "convictions and offences", "third-party": "information about other people, such as "
                                                                       "the client's children",
        "as-required": "only what an order, notice or demand specifies (always the minimum necessary)",
        "anonymised": "information that identifies no one: not personal data, sharing it discloses nothing",
        "case-file": "everything held on the client (special category)",
    },
    "step": {
        "seek-consent": "ask the client's agreement first, even where sharing may go ahead without it",
        "consult-supervisor": "talk it through with a supervisor or manager before sharing",
        "inform-client": "tell the client what was shared, with whom and why",
        "record-decision": "record the decision: what was shared, with whom, why, by whom",
    },
    "assessment parameter": {
        "age-maturity": "the young person's age and maturity", "severity": "how serious the matter is",
        "risk": "the risk to the young person or others", "context": "the young person's circumstances",
    },
    "modality": {
        "must": "automatic: staff have no discretion", "may": "a case-by-case power",
        "must-not": "a prohibition",
    },
    "consent mode": {
        "required": "the client agrees each time (the default)",
        "preferences": "only what the client chose at assessment (the personalised model)",
        "written": "the client's written agreement (needed to publish anything identifying)",
        "not-required": "sharing goes ahead without the client's agreement: it must be justified",
        "blanket": "consent assumed from using the service: not freely given, so sharing without consent",
        "bundled": "consent made a condition of the service (UK GDPR Art 7(4)): sharing without consent",
        "unless-objects": "opt-out: counts as consent only for direct care among care providers",
        "best-interests": "a best-interests decision: counts as consent only for an adult who lacks capacity",
    },
    "consent from": {
        "client": "the client gives consent (the default)",
        "parent": "a parent decides, even for a young person who may be competent (Gillick)",
        "competent-client": "the young person if competent, otherwise a parent",
    },
    "threshold": {
        "suspicion": "staff suspect it", "belief": "staff believe it, on reasonable grounds",
        "knowledge": "staff know it",
    },
    "onward sharing": {
        "allowed": "the recipient may pass the information on (the default)",
        "requires-consent": "the recipient passes nothing on without the client's consent",
        "prohibited": "the recipient may not pass it on",
    },
    "timing": {"immediately": "share at once", "case-by-case": "decide the timing case by case"},
}


def meaning(word: str, what: str | None = None) -> tuple[str, str] | None:
    """What built-in ``word`` is (its category: ``what`` when given) and what it means, or None."""
    groups = [(what, MEANINGS.get(what, {}))] if what is not None else list(MEANINGS.items())
    return next(((group, words[word]) for group, words in groups if word in words), None)
