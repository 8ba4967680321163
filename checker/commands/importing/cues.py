"""Consent, steps, data, standards and thresholds from a statement's wording.

Each function reads one field from cue words. They are separate so that a list item can take
its consent from the lead-in while its standard comes from its own words, and so that each cue
list can be tested with short prose snippets and near-misses.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from confide.commands.importing.words import DATA_PATTERNS, find_mentions, plain
from confide.language.model import Standard
from confide.rules.vague import signals_used

_WHO = r"(?:the |their |your |a |his |her |its |that )?(?:[\w-]+(?:'s|s')? ){0,3}"
_CLIENT = (r"(?:you|they|he|she|(?:the|a|each) (?:former )?(?:resident|young person|client|person|individual|adult|"
           r"patient|service user|tenant|child|parent|carer)s?(?: shown| concerned)?)")
_AGREE = r"(?:consent|agreement|permission|authori[sz]ation|say-so)"
CONSENT_CUES: tuple[tuple[str, str], ...] = (
    ("unless-objects", r"unless " + _CLIENT + r" (?:object|objects|tells? us not|asks? us not|opts? out|says? no)|"
                       r"(?<!even )(?:if|unless " + _CLIENT + r" tells? us(?: that)?) " + _CLIENT +
                       r" (?:do|does) not want us to|you can say no|opt(?:ed|s)? out|"
                       r"(?:has|have) the right to object|unless (?:you|they) say otherwise"),
    ("bundled", r"by signing (?:the|their|your|a|this) (?:[\w-]+ ){0,3}(?:agreement|form|contract)|"
                r"agrees? to this when (?:they|you) sign|condition of (?:the|their|your|a) (?:licence|tenancy|place|"
                r"room|service|support|admission|accommodation)|cannot be (?:offered|given|provided)|"
                r"will not be (?:offered|able to (?:stay|use|have))|(?:no|cannot have a) (?:room|place|bed) without"),
    ("written", r"written " + _AGREE + r"|" + _AGREE + r" in writing|signed " + _AGREE),
    ("preferences", r"(?:told|tells?) us (?:we can|that we can|who)|named on (?:your|their|the) consent form|"
                    r"(?:people|person) (?:you|they) (?:name|have named)|who (?:they|you) (?:are happy|agree|want) "
                    r"(?:for )?us to|(?:your|their) (?:choices|preferences)|what (?:we|you) can tell them|"
                    r"record(?:s|ed)? (?:who|their choices|what we can tell)|(?:organisations|agencies|people) "
                    r"(?:the \w+|they|you) (?:agrees?|agreed) we (?:may|can)"),
    ("not-required", r"without " + _WHO + r"(?:express |explicit |prior )?" + _AGREE + r"|"
                     r"even if " + _CLIENT + r" (?:do|does|did) not (?:want|agree|consent)|"
                     r"even (?:if|where|when|though) " + _CLIENT + r" (?:has|have) asked|(?:asks?|asked) us not to|"
                     r"even (?:if|though|when) " + _CLIENT + r" (?:has|have|do|does|did) not (?:agreed?|"
                                                             r"consent(?:ed)?)|"
                     r"whether or not " + _CLIENT + r" (?:agree|agrees|consents?)|"
                     r"with or without " + _AGREE + r"|without (?:waiting for|asking for|asking) |"
                     r"(?:do|does|did) not need to (?:consent|agree)|" + _AGREE + r" is not (?:required|needed|"
                                                                                  r"necessary)|"
                     r"not (?:need|require) (?:your|their|the \w+'s) " + _AGREE + r"|without it\b|"
                     r"(?:refuses?|withdraws?|withheld|refused)[^.]{0,40}(?:may|can|will) still|"
                     r"over(?:ride|rides|ridden) (?:your|their|the)|"
                     r"if (?:you|they|he|she) (?:do|does) not,|"
                     r"goes ahead (?:even )?if " + _CLIENT + r" (?:refuses?|objects?|says? no)"),
    ("required", r"with " + _WHO + r"(?:express |explicit |prior |informed )?" + _AGREE + r"|"
                 r"(?:if|where|once|provided|when) " + _CLIENT + r" (?:agree|agrees|consent|consents|"
                 r"ha(?:s|ve) (?:agreed|consented|given (?:their|your|his|her) (?:explicit )?" + _AGREE + r"))|"
                 r"unless " + _CLIENT + r" (?:agree|agrees|consent|consents|asks?|ask us|want|wants|"
                 r"ha(?:s|ve) (?:agreed|asked|told us))|only (?:if|when|with)[^.]{0,40}(?:agree|consent|request|ask)|"
                 r"at (?:your|their|the \w+'s) request|if (?:you|they) (?:ask|want it|would like)|"
                 r"(?:where|if|when) " + _CLIENT + r" (?:has|have) asked|"
                 r"(?:needs?|requires?) (?:the \w+(?: \w+)?'s|your|their) (?:consent|agreement) to|"
                 r"(?:you|they) ask us to|with (?:their|your) agreement|"
                 r"ask (?:for )?(?:your|their|the \w+'s) " + _AGREE +
                 r"|(?:asked|ask) to sign (?:a|the) consent form|consent form|(?:asked|ask (?:them|you|him|her))"
                 r"(?: \w+){0,3} whether (?:we|they|you) (?:may|can|agree)"),
)
_CONSENT = [(mode, re.compile(pat)) for mode, pat in CONSENT_CUES]


def consent_of(text: str) -> str | None:
    """The consent mode the wording states, or None when it is silent. Order matters: an
    opt-out or a licence condition is more specific than plain "consent", and "without your
    consent" must be read before "your consent".
    """
    low = plain(text)
    only = _ONLY_IF_AGREED.search(low)
    for mode, pat in _CONSENT:
        m = pat.search(low)
        if m:
            if mode == "not-required" and only is not None and only.start() < m.start():
                return "required"            # "share it only when the resident agrees, or when ... without consent"
            return mode
    return None


_ONLY_IF_AGREED = re.compile(r"\bonly (?:if|when|where|with)\b[^.,;]{0,40}\b(?:agrees?|consents?|agreement|"
                             r"permission)\b")


def prohibition_consent(text: str) -> str | None:
    """For a must-not sentence, "without consent" and "unless you agree" mean the sharing needs
    consent; "written" is kept.
    """
    mode = consent_of(text)
    if mode in ("not-required", "required"):
        return "required"
    return mode


STEP_CUES: tuple[tuple[str, str], ...] = (
    ("seek-consent", r"(?:seek|ask for|try to get|get|obtain|gain)\s+(?:the \w+(?: \w+)?'s |your |their |his |her )?"
                     r"(?:agreement|consent|permission)(?: first)?|(?:agreement|consent) (?:should|will|must) be "
                     r"sought|"
                     r"talk to (?:you|them|the \w+(?: \w+)?) first|try to persuade|prefer to do this with|"
                     r"with (?:your|their) agreement (?:first|where possible)|wherever possible,? (?:with|get)|"
                     r"discuss\w* (?:it|this|the (?:concern|referral|matter)) with (?:you|them|him|her|the "
                     r"(?:guest|resident|"
                     r"client|young person|tenant|person|customer))"),
    ("consult-supervisor", r"(?:discuss|talk\w* to|speak\w* to|"
                           r"agreed?|decid(?:e|es|ed)|decisions?|authori[sz]ed?|approved?|consult\w*|"
                           r"check\w* with|"
                           r"made by|dealt with by|passed to|refer (?:it|the request|this) to)\b[^.]{0,60}"
                           r"(?:manager|designated safeguarding lead|\bdsl\b|supervisor|senior|on-call|lead|clinician|"
                           r"caldicott|director)|(?:manager|designated safeguarding lead|senior clinician|"
                           r"\bdsl)s?,? who (?:will )?decides?|"
                           r"(?:manager|designated safeguarding lead|senior clinician)s? (?:will |must |may |"
                           r"should )?review|"
                           r"(?:manager|designated safeguarding lead|senior clinician)s? (?:will|must|may|"
                           r"should)? ?(?:decide|agree|make|approve|authori[sz]e|then|also decide|report)"),
    ("inform-client", r"tell (?:the (?:resident|young person|client|guest|tenant|customer|person|individual|"
                      r"service user)|"
                      r"you|them)(?: that| what| about| before| why| first|, or their)|"
                      r"(?:resident|young person|client|you|they|service user|customer|person|individual)s? "
                      r"(?:should|will|must|would) (?:normally |always |usually )?be told|inform (?:the \w+(?: "
                      r"\w+)?|you|them) (?:that|of|about)|"
                      r"we will tell you\b|let (?:you|them|the \w+) know (?:that|what|before)"),
    ("record-decision", r"record(?:s|ed|ing)? (?:the|every|their|its|all|what|our|this|a|any)\b[^.]{0,40}"
                        r"(?:decision|reason|request|disclosure|shared|referral|what was)|reasons? (?:will|must|"
                        r"should) be "
                        r"recorded|(?:decision|request|disclosure)s?[^.]{0,50}(?:recorded|logged|kept on file|noted)|"
                        r"kept on file|keep a record|logged in|record (?:its|the|their) decision|"
                        r"(?:record|write down|note)\b[^.]{0,40}\bwhat (?:was|we|has been|they) shared|"
                        r"(?:decision|reasons?)\b[^.]{0,40}\b(?:written (?:down|in|on)|noted)|"
                        r"note (?:the|their|our) reasons?"),
)
_STEPS = [(step, re.compile(pat)) for step, pat in STEP_CUES]
NOT_INFORM = re.compile(r"(?:will not|won't|may not be able to|do not|does not|not normally) (?:be )?tell|"
                        r"(?:not|never) (?:be )?(?:told|informed)|no need to tell")


def steps_of(text: str) -> list[str]:
    """FDAP steps the wording requires, in the language's order."""
    low = plain(text)
    found = {step for step, pat in _STEPS if pat.search(low)}
    if "inform-client" in found and NOT_INFORM.search(low) and \
            not re.search(r"\bunless\b|\bnormally\b|\bwill tell\b", low):
        found.discard("inform-client")
    return [s for s in ("seek-consent", "consult-supervisor", "inform-client", "record-decision") if s in found]


def data_of(text: str) -> tuple[list[str], bool]:
    """(data kinds, specified?): `case-file` and False when the text says only "information"."""
    if _ANONYMOUS.search(plain(text)):
        return ["anonymised"], True          # "numbers only, no names": a negated name is no identity
    kinds = sorted({k for _, _, k, _ in find_mentions(text, DATA_PATTERNS)})
    if not kinds:
        return ["case-file"], False
    return kinds, True


_ANONYMOUS = re.compile(r"\b(?:no|without) (?:real )?names\b|\b(?:numbers|figures|totals|statistics|counts) only\b|"
                        r"\bonly (?:numbers|figures|totals|statistics)\b|\banonymi[sz]ed\b|\bstatistics\b")


THRESHOLDS = (("suspicion", r"\bsuspect|\bsuspicion|\bconcern|\bworried|\bmay be\b|\bmight be\b|\bcould be\b|"
                            r"\bpossibl|\breasonable cause|\bif there is a risk\b"),
              ("belief", r"\bbelie(?:f|ve|ves|ved)|\bgrounds to\b|\bthink\b|\bassessed as\b|\bjudge\b|\bconsiders?\b"),
              ("knowledge", r"\bknows?\b|\bknowledge\b|\baware\b|\bwitness|\bdiscloses|\bhas told us\b|\bconfirmed\b"))


def threshold_of(text: str) -> str | None:
    """The lowest certainty the trigger wording names: "know or suspect" is suspicion."""
    low = plain(text)
    for level, pat in THRESHOLDS:
        if re.search(pat, low):
            return level
    return None


# Ordered (standard, cue) rules: the first whose cue matches the trigger wording, and whose own
# signals the wording uses, gives the standard. Cues are narrower than signals ("harm" alone
# is a signal of five standards), which is why both are needed.
STANDARD_CUES: tuple[tuple[str, str], ...] = (
    ("coroner-notice", r"coroner|inquest"),
    ("safeguarding-adults-board-request", r"safeguarding adults? board|\bsab\b"),
    ("court-order", r"court order|courts? orders?|order of (?:a|the) court|ordered by|(?:court|judge)s? (?:can|may|"
                    r"might|could) order|production order|summons|warrant|"
                    r"condition of (?:a|the|their) (?:court|community|order)|requirement of (?:a|the|their) "
                    r"(?:court )?order"),
    ("police-driver-identity-requirement", r"section 172|s\.\s?172|driver identity|who was driving"),
    ("fgm-under-18", r"\bfgm\b|female genital|mutilat"),
    ("terrorist-property", r"terrorist (?:property|funding|finance)"),
    ("terrorism-information", r"terroris"),
    ("money-laundering", r"launder"),
    ("modern-slavery", r"traffick|modern slavery|slavery|forced labour|national referral mechanism"),
    ("radicalisation-concern", r"radicali|extremis"),
    ("notifiable-disease", r"notifiable|infectious disease|outbreak|tuberculosis"),
    ("mappa-offender", r"\bmappa\b"),
    ("domestic-abuse-high-risk", r"domestic (?:abuse|violence)|\bmarac\b|\bdash\b|coercive control|controlling "
                                 r"behaviour"),
    ("serious-violence-prevention", r"\bknife|\bknives|weapon|\bgang|serious violence"),
    ("drug-supply-on-premises", r"(?:deal|dealing|supply|supplying|selling)\b[^.]{0,60}(?:premises|building|hostel|"
                                r"on site|in or around|in or near|project|shelter|scheme)|drug dealing|"
                                r"(?:deal\w*|suppl\w*|sell\w*) (?:drugs|substances)"),
    ("serious-harm-to-others", r"(?:someone else|others|other people|the public|another person|anyone else)[^.]{0,40}"
                               r"(?:harm|danger|risk|injur)|(?:harm|danger|risk|injur)[^.]{0,40}(?:someone else|others|"
                               r"other people|the public|another person|anyone else)|threat to kill|seriously injure|"
                               r"(?:seriously )?(?:hurt|harm|injure|attack) (?:someone|somebody|another|others|anyone)|"
                               r"(?:someone|somebody|anyone|another person)(?: else)?'s (?:life|safety)|"
                               r"\bkill\b|violen|assault"),
    ("child-at-risk-of-significant-harm", r"(?:child|children|young person|young people|under (?:1[0-8])|baby|"
                                          r"unborn|pupil)"
                                          r"[^.]{0,80}(?:harm|abus|neglect|exploit|danger|unsafe|groom|sexual|"
                                          r"protect|at risk)|"
                                          r"(?:harm|abus|neglect|exploit|protect)[^.]{0,40}(?:child|children|"
                                          r"young person)|"
                                          r"safeguarding concern(?![^.]{0,30}\badult)|child protection|sexual activity|"
                                          r"(?:suffering|likely to suffer),? significant harm|significant harm"),
    ("adult-at-risk-of-abuse-or-neglect", r"(?:adult|care and support needs|vulnerable)[^.]{0,60}(?:abus|neglect|"
                                          r"exploit)|"
                                          r"adults? at risk"),
    ("serious-harm-to-self", r"suicid|self-harm|overdos|unconscious|(?:life|lives) (?:is |are )?(?:at risk|in danger)|"
                             r"end (?:their|his|her|your) (?:own )?life|emergency|serious (?:injury|illness)|"
                             r"seriously (?:unwell|ill|injured)|"
                             r"risk of serious harm|serious harm|danger"),
    ("client-missing", r"not been seen|missing|whereabouts (?:are )?unknown|not returned|lost contact|cannot be "
                       r"contacted"),
    ("investigation-of-offence", r"investigat|apprehend|arrest|prosecut|fraud|theft|offender"),
    ("crime-prevention", r"crime|criminal|offence|anti-social|reoffend"),
    ("direct-care", r"prescri|pharmac|medication|dispens|\bdos(?:e|ing)\b|start treatment|in treatment with"),
    ("benefits-conditionality", r"work coach|jobcentre|universal credit|benefit (?:claim|conditionality)"),
    ("young-person-substance-use", r"(?:young person|child|children)'?s? (?:own )?(?:drug|alcohol|substance)|"
                                   r"(?:aged|age) \d{1,2} (?:and|or) under|under[ -]1[0-8]s?\b"),
    ("child-in-need", r"child in need|young carer|support (?:them|the child|children)"),
)
_STANDARDS = [(std, re.compile(pat)) for std, pat in STANDARD_CUES]


def standard_of(text: str, standards: Mapping[str, Standard]) -> str | None:
    """The library standard the trigger wording points to, or None.

    The cue says which standard the wording is about; the library decides whether the wording
    may carry that label: a standard is given only where the wording uses one of its ``signals``,
    the same test VAGUE002 applies, so the draft never invents a label the check would refuse.
    """
    low = plain(text)
    for name, pattern in _STANDARDS:
        standard = standards.get(name)
        if standard is not None and pattern.search(low) and signals_used(standard, low):
            return name
    return None
