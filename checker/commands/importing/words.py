"""The word lists that map a policy's phrases onto confide's vocabulary (recipient and data kinds).

Only names from ``confide.vocabulary`` (LANGUAGE.md §4) may appear in a draft item; the tests
check every word list against it, and the standards and their signals come from the law library
(see ``cues.standard_of``), never from a list kept here. Phrases are matched on lower-cased
text with typographic apostrophes straightened. Where two phrases overlap, the longer one wins,
so "the school's designated safeguarding lead" is a school and not our own safeguarding lead,
and "housing benefit team" is a benefits office and not a housing provider.

Three pseudo-kinds are used inside the importer and never written out: `internal` (our own
managers and staff: telling them is not a disclosure), `client` (the person the information
is about: telling them is the inform-client step, not a disclosure), `emergency` (a phone
number such as 999: the service it reaches, or `other` when the text names none) and `anyone`
("anyone", "someone": `other`, unless the sentence names who it means).
"""
from __future__ import annotations

import re

# (pattern, kind). Unnamed or unlisted bodies are `other`; see the module docstring for the rest.
RECIPIENTS: tuple[tuple[str, str], ...] = (
    (r"school'?s? (?:own )?designated safeguarding lead|school staff|schools?|colleges?|teachers?|head ?teachers?|"
     r"education welfare", "school"),
    (r"designated safeguarding lead|\bdsl\b|(?:designated |named )?safeguarding (?:lead|officer|manager|coordinator)s?|"
     r"nominated officer|data protection officer|information governance (?:officer|lead)|"
     r"\bdpo\b|caldicott guardian|money laundering reporting officer", "nominated-officer"),
    (r"(?:hostel|service|deputy|duty|on-call|senior|line|team|project|operations|house|scheme|centre) managers?|"
     r"managers? on call|\bmanagers?\b|supervisors?|senior clinicians?|team leaders?|key ?workers?|"
     r"duty workers?|colleagues|staff team|staff on (?:the )?next shift|our (?:own )?(?:clinical |administrative "
     r")?staff|"
     r"(?:our|the) doctor|prescribers?|recovery workers?|operations director|(?:the )?trustees|"
     r"(?:your|their|the|a|his|her|our) (?:support |recovery |key |drug |case |project |outreach )?workers?|"
     r"(?:duty|case|press) officers?|(?:support|project|housing support|tenancy support|resettlement|welfare rights|"
     r"key|outreach) (?:officers?|workers?|coordinators?)|(?:shelter|hostel|project|scheme|our) staff|"
     r"shift leaders?|team leaders?|senior workers?|night (?:manager|worker)s?|head of [a-z]+", "internal"),
    (r"(?:the|a|each|every|any|this|that|new|former) (?:new |former )?(?:resident|young person|client|service user|"
     r"individual|patient|tenant|adult|child|customer|guest)\b|\byou\b|\byourself\b|young people themselves|"
     r"(?:the |our |all |any )?(?:residents|customers|service users|clients|tenants|patients|guests)", "client"),
    (r"national crime agency|\bnca\b", "nca"),
    (r"police officers?|(?:the )?police(?! (?:raids?|stations?|checks?|cautions?|custody|records?|involvement)\b)|"
     r"constabulary|\bcid\b|drug intervention team|arresting officers?|"
     r"attending officers?|other (?:police )?forces|officers?", "police"),
    (r"youth justice(?: service)?|youth offending(?: team| service)?|\byot\b|\byjs\b", "other"),
    (r"probation(?: service| officer| practitioner| delivery unit| regions?)?|offender managers?|"
     r"responsible officer|approved premises", "probation"),
    (r"children'?s social care|children'?s services|children'?s social work(?:ers?)?|children'?s front door|"
     r"front door|\bmash\b|multi-agency safeguarding hub|child protection team|\blado\b|"
     r"local authority designated officer|early help", "childrens-social-care"),
    (r"adult social care|adult safeguarding(?: team)?|safeguarding adults team|adults'? services|"
     r"social services", "adult-social-care"),
    (r"safeguarding adults? board|\bsab\b", "safeguarding-adults-board"),
    (r"jobcentre(?: plus)?|job centre|work coach(?:es)?|\bjcp\b", "jobcentre-plus"),
    (r"housing benefits? (?:team|officers?|staff|office)|benefits? (?:team|office|agency|section)|"
     r"revenues and benefits", "other"),
    (r"\bdwp(?: officers?| staff)?\b|department for work and pensions|(?:benefit )?fraud hotline|"
     r"pension service", "dwp"),
    (r"\bgps?\b|general practi\w+|family doctors?|(?:your|their|his|her) doctor|gp surgery", "gp"),
    (r"emergency services", "other"),
    (r"\b999\b|\b112\b", "emergency"),
    (r"any ?one(?: else)?|any ?body(?: else)?|someone(?: else)?|any other (?:person|body|individual)", "anyone"),
    (r"information commissioner'?s?(?: office)?|\bico\b", "other"),
    (r"hospitals?|a&e|accident and emergency|paramedics?|ambulance(?: crew| service)?|midwi\w+|health visitors?|"
     r"camhs|sexual health(?: services?)?|(?:community )?mental health (?:team|services?)|\bcmht\b|"
     r"pharmac\w+|chemists?|nhs (?:trust|services?|bodies)|(?:other )?health (?:professionals?|services?|staff|teams?)|"
     r"nurses?|dentists?|hospital staff", "health"),
    (r"drug (?:and|&) alcohol (?:services?|teams?|workers?|treatment(?: services?)?)|treatment (?:services?|"
     r"providers?)|"
     r"recovery (?:services?|partnership|teams?)|substance (?:misuse|use) services?|residential rehab\w*|"
     r"rehab(?:ilitation)? (?:units?|centres?|services?|placements?)|"
     r"detox\w*(?: units?)?|(?:another|an|other) adult (?:drug )?services?|treatment agenc\w+",
     "other-treatment-service"),
    (r"housing options|housing providers?|supported housing(?: providers?| schemes?)?|other hostels|hostels|landlords?|"
     r"housing associations?|housing (?:team|department|officers?)|homeless(?:ness)? (?:teams?|services?|pathway)|"
     r"pathway providers?|accommodation providers?|local housing authority|(?:council'?s? )?housing (?:team|"
     r"officers?|services?)|"
     r"homeless\w* (?:[a-z]+ )?(?:teams?|services?|units?|officers?)",
     "housing-provider"),
    (r"\bcourts?\b(?!\s*-?\s*order)|magistrates|tribunals?|judges?", "court"),
    (r"coroners?", "coroner"),
    (r"\bmarac\b|multi-agency risk assessment conference", "marac"),
    (r"\bmappa\b|multi-agency public protection", "mappa"),
    (r"\bidvas?\b|independent domestic (?:violence|abuse) advo\w+|"
     r"domestic abuse (?:services?|workers?|advocates?)", "idva"),
    (r"channel panel|\bchannel\b|prevent (?:team|officers?|lead)", "channel-panel"),
    (r"home office|national referral mechanism|\bnrm\b|immigration (?:enforcement|service)", "home-office"),
    (r"\bdvla\b|driver and vehicle licensing", "dvla"),
    (r"(?:local authority |council |our )?commissioners?|commissioning (?:team|officers?|managers?)|"
     r"public health(?: team)?|funders?", "commissioner"),
    (r"the public|general public|newsletters?|websites?|social media|the press|the media|annual reports?|"
     r"journalists?|reporters?|newspapers?", "public"),
    (r"parents?(?: or carers?| and carers?)?|carers?(?! leavers?)|parental responsibility|guardians?|"
     r"mothers?|fathers?|step-?parents?", "parent"),
    (r"next of kin|famil(?:y|ies)(?: members?)?|relatives?|partners?(?! agenc| organi[sz]| to this)|"
     r"former partners?|spouses?|husbands?|wives|wife|siblings?", "family"),
    (r"friends|solicitors?|employers?|researchers?|auditors?|inspectors?|care quality commission|\bcqc\b|ofsted|"
     r"national drug treatment monitoring system|\bndtms\b|crown prosecution service|\bcps\b|prisons?|"
     r"(?:multi-agency |exploitation )?hub|panels?|relevant authorities|(?:other |statutory |partner )?agenc(?:y|ies)|"
     r"other organi[sz]ations?|organi[sz]ations|other professionals|professionals|third part(?:y|ies)|"
     r"other (?:residents|tenants|guests|customers|service users|clients|young people|people)|visitors?|callers?|"
     r"people outside|outside (?:the|our) \w+|"
     r"the council|(?:borough |county |city |district |local )?council|local authority|"
     r"the party|insurers?|the person (?:at risk|making the request)|other services", "other"),
)

DATA: tuple[tuple[str, str], ...] = (
    (r"anonymi[sz]ed|anonymous|cannot identify (?:you|them)|statistic\w*|aggregate\w*|de-identified", "anonymised"),
    (r"any information (?:the|that the) (?:coroner|court|order|notice|board) (?:asks? for|requires?|needs?)|"
     r"what the (?:order|notice|court) requires|produce (?:records|documents)|as-required|"
     r"(?:exactly |only )?what (?:the (?:order|notice|court|warrant)|it|they) (?:asks? for|requires?)", "as-required"),
    (r"drug tests?(?: results?)?|test results?|tests? positive|positive tests?|toxicology|"
     r"urine (?:tests?|screens?)", "drug-test-results"),
    (r"contact details|(?:phone|telephone|mobile) numbers?|email address\w*", "contact-details"),
    (r"whereabouts|address\w*|room numbers?|where (?:they|he|she|the \w+) (?:is|are|lives?|stays?|is staying)|"
     r"location|lives at|staying at|in the building|is staying", "location"),
    (r"\bnames?\b|date of birth|\bdob\b|nhs number|initials|photographs?|identif\w+|nicknames?|"
     r"whether (?:a|the|that|their) \w+(?: \w+)? (?:is|has been) (?:a resident|known|staying|using|attending)|"
     r"is (?:or has been )?a resident|is known to", "identity"),
    (r"attend\w*|appointments?|engag\w*|disengag\w*|missed|misses|discharged|stop attending|progress|"
     r"move-in|move-out|moves? on|date of leaving|dates", "attendance"),
    (r"treatment history|what (?:they|a person|the young person|the resident|you|he|she) (?:has|have|had) "
     r"(?:said|told)|"
     r"in sessions|session notes|prescriptions?|medication|support plan|care plan|transfer summary|"
     r"details of (?:their|your|the) treatment|about (?:their|your) treatment|contents? of|treatment",
     "treatment-content"),
    (r"health|medical|diagnos\w+|(?:drug|alcohol|substance)(?: or alcohol| and alcohol)? use|pregnan\w+|"
     r"overdose|what (?:the resident|they|you|he|she) (?:has|have) taken|intoxicat\w*", "health"),
    (r"risks?\b|risk assessment|behaviour|incidents?|safety plan|reason for (?:the )?(?:eviction|leaving)|"
     r"threats?|violen\w+", "risk-information"),
    (r"offending|convictions?|criminal records?|licence conditions|bail conditions|outstanding warrants|"
     r"criminal history", "criminal-record"),
    (r"dealing|drug dealing|fraud|anti-social behaviour|exploit\w+|suspected|arrested|theft|"
     r"names of those involved|warnings|crimes?\b|offences?", "suspected-activity"),
    (r"other people|third part\w+|about adults who|(?:their|your) children|vehicles", "third-party"),
)

def plain(text: str) -> str:
    """Lower-case with straight apostrophes and quotes: the form all word lists are matched on."""
    return (text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
            .replace("\u201d", '"').replace("\u2013", "-").lower())


def _compile(table: tuple[tuple[str, str], ...]) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(r"(?<![a-z0-9])(?:" + pat + r")(?![a-z0-9])"), kind) for pat, kind in table]


RECIPIENT_PATTERNS = _compile(RECIPIENTS)
DATA_PATTERNS = _compile(DATA)


def find_mentions(text: str, patterns: list[tuple[re.Pattern[str], str]],
                  extra: dict[str, str] | None = None) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, words) of every mention, longest first where mentions overlap.

    `extra` maps further phrases (acronyms the document defines) to kinds.
    """
    low = plain(text)
    found = []
    for pat, kind in patterns:
        found += [(m.start(), m.end(), kind, m.group()) for m in pat.finditer(low)]
    for phrase, kinds in sorted((extra or {}).items()):
        found += [(m.start(), m.end(), kinds, m.group())
                  for m in re.finditer(r"(?<![a-z0-9])" + re.escape(phrase.lower()) + r"(?![a-z0-9])", low)]
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0], "," not in f[2], f[2]))   # declared names win ties
    taken: list[tuple[int, int]] = []
    out = []
    for s, e, kinds, words in found:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        out += [(s, e, kind, words) for kind in kinds.split(",")]
    return sorted(out)
