"""Cue lists for the kinds of statement that are not sharing rules.

A sentence can mention sharing without being a sharing rule: "There are times when we will have
to share information without your consent" explains the limits of confidentiality; "Every
disclosure must be recorded" is a records rule; "consent is not required for sharing under this
agreement" is a consent rule. These cues decide such cases before a sentence is taken for a
clause, because a clause made from them would be a false rule in the draft protocol.
"""
from __future__ import annotations

import re

from confide.commands.importing.words import plain

META = re.compile(
    r"^(?:this|the|our) (?:[a-z-]+ )?(?:policy|agreement|statement|procedure|protocol|document|section|table|"
    r"appendix|leaflet|form|page|guide|notice|list|chart|diagram|flowchart)\b[^.]{0,60}\b"
    r"(?:sets? out|explains?|describes?|applies|covers?|"
    r"lists?|shows?|tells?|sums? up|summari[sz]es|gives|is (?:about|for)|takes account|"
    r"will be reviewed|contains)|should be read (?:alongside|with|in conjunction)|"
    r"^in this (?:policy|agreement|statement|procedure|protocol|document)|"
    r"\b(?:is|are) not (?:sharing|a disclosure|disclosing)\b|\bcounts? as (?:sharing|a disclosure)|"
    r"is a data controller|lawful basis|is made between|signed on behalf|\bcomplain|purposes? of sharing|"
    r"^(?:we|the \w+) (?:use|uses|process|processes|collect|collects) (?:your|their|the|personal) (?:personal )?"
    r"(?:information|data) (?:to|for|so that|in order)|"
    r"^(?:section|s\.|article|regulation|schedule|part) ?\d|\bcolumns?\b|rather than (?:under )?(?:this|these)|"
    r"\bbreach(?:es)? of (?:this|these|the|our|your) (?:\w+ )?(?:policy|agreement|protocol|procedure|code|"
    r"confidentiality|law|act|data protection|gdpr)|breach(?:es)? of (?:confidentiality|data protection)|"
    r"will apply instead|"
    # a privacy notice's data-protection furniture: the data subject's rights, a lawful-basis
    # table row ("| 6(1)(e) public task |"), use for planning, how to ask for one's own records
    r"(?:^|^under [a-z ]{0,30}law,? )(?:you|they|residents?|clients?|service users?|patients?) (?:also )?"
    r"(?:have|has) (?:the |a )?rights?\b|"
    r"\|\s*(?:article\s*)?[69]\s*\(\s*[12]\s*\)\s*\(\s*[a-j]\s*\)|"
    r"^(?:the )?(?:information|data|details)\b[^.]{0,40}\b(?:is|are|be) (?:also )?used (?:to|for)\b|"
    r"^to (?:ask for|request|get|see) (?:a copy|your (?:own )?records?|the information we hold)")
MINIMUM = re.compile(r"only the (?:minimum )?information (?:that is |that they |they )?(?:needed|necessary|need)|"
                     r"only the minimum|minimum (?:information|necessary)")
LAW_SUBJECT = re.compile(r"^(?:(?:section|s\.|article|regulation|schedule|part)\s*\d[\w()]*(?: of)? )?(?:the )?"
                         r"(?:[a-z,()]+ ){0,8}(?:act|regulations?|code)(?: (?:19|20)\d\d)?(?: \([^)]*\))? "
                         r"(?:also )?(?:places|makes|requires|gives|allows|permits|provides|says|states|imposes|"
                         r"creates|"
                         r"means|sets)")

PUBLICATION = re.compile(r"newsletters?|annual reports?|websites?|social media|publicity|case stud|\bstories\b|"
                         r"\bstory\b|photograph|\bpublish|press releases?|\bfaces\b|marketing|\bfilm")
RECORDS = {
    "retention": re.compile(r"\b(?:kept|retained|keep|retain|held|hold|stored)\b[^.]{0,50}\b(?:for|until)\b[^.]{0,40}"
                            r"(?:years?|months?|days?|birthday|last contact|leaves?|left)|\bdestroy|\bdeleted|shredded|"
                            r"overwritten|no longer than (?:is )?necessary"),
    "storage": re.compile(r"locked|encrypt|password|secure(?:ly)? (?:[\w-]+ ){0,2}(?:system|email|storage|server|"
                          r"cabinet)|"
                          r"kept securely|keep [^.]{0,40}securely|case management system|marked official|"
                          r"stored securely|secure email|need-to-know|on a need to know"),
    "log": re.compile(r"(?:recorded|logged|log)\b[^.]{0,60}(?:disclosure|what was shared|with whom|the file|"
                      r"resident's file|client's file)|every disclosure|disclosure log|keep a record of what|"
                      r"record what we (?:have )?shared|every time a record is opened|record every|will record"),
    "access": re.compile(r"right to see|subject access|(?:ask|asks|request) to see (?:their|your|his|her) own|"
                         r"(?:can|may) ask to see (?:the |their |your )?(?:records|information|file|them|footage)|"
                         r"only (?:the )?[^.]{0,110}"
                         r"(?:may|can) (?:view|see|access)|can only see|access to (?:their|your|the) (?:own )?records|"
                         r"correct anything|limit access|handover notes|visitors'? book|record facts"),
}
LIMITS = re.compile(r"not absolute|situations in which|cannot (?:always )?keep (?:information|it|this|everything) "
                    r"confidential|break(?:ing)? confidentiality|explain\w*\b[^.]{0,120}(?:confidential|limits)|"
                    r"limits? (?:of|to) (?:our )?confidentiality|(?:are|be) (?:some )?(?:times|circumstances|"
                    r"situations|occasions) when we|explain(?:s|ed|ing)? (?:this|these|the|our|when|what)\b[^.]{0,100}"
                    r"(?:confidential|share|policy|statement|limits|leaflet)|(?:might|may|would) have to share|"
                    r"have to share information without|we explain this|go through (?:this|the|our) [\w ]{0,30}"
                    r"(?:agreement|statement|policy|leaflet)|only (?:share|disclose|pass on|tell)\b[^.]{0,30}without "
                    r"(?:your|their|the \w+'s) (?:consent|agreement|permission)")
PROMISE = re.compile(r"(?:treated|held|kept) in (?:strict(?:est)? )?confidence|(?:is|are|will be|treated as|kept|"
                     r"remains?|stay|stays) (?:strictly )?(?:treated as )?"
                     r"confidential|(?:what|everything|anything|information)[^.]{0,60}\bstays? (?:within|with)\b|"
                     r"duty of confidentiality|"
                     r"we will keep (?:it|this|your information) (?:private|confidential)")
CONSENT_FOCUS = re.compile(r"\bconsent is not (?:required|needed)|consents? to (?:[\w']+ ){0,3}sharing|agrees? "
                           r"to this when|"
                           r"(?:do|does) not need to consent|wishes should be taken|can withdraw (?:your|their) "
                           r"consent|"
                           r"presumed to be able|can give (?:their|your) own consent|decides? for (?:themselves|"
                           r"yourself)|"
                           r"competent to decide|covers sharing|records? who (?:they|you) (?:agree|are happy)|"
                           r"ask (?:for )?(?:your|their|the \w+'s) consent to|legal responsibility to tell|"
                           r"(?:can|may) withdraw (?:your|their|his|her) consent|"
                           r"\b(?:you|they|he|she|the (?:resident|client|young person|person|service user|tenant|"
                           r"patient|guest)s?) (?:can |will |should )?(?:decides?|chooses?) (?:who|what|whether|which|"
                           r"when)\b|ask (?:[\w']+ ){1,4}for (?:their |your |his |her )?(?:consent|agreement|"
                           r"permission) to|(?:agencies|organisations|people|who) (?:they|you|the \w+) (?:want|wants|"
                           r"would like) us to (?:talk|speak|share|tell)|(?:organisations|agencies|people|who) "
                           r"(?:the \w+|they|you) (?:agrees?|agreed|are happy|is happy)")
CONSENT_WEAK = re.compile(r"consent form|consent[- ]to[- ]share|(?:asked|ask) to sign|who (?:they|you) (?:are "
                          r"happy for us|agree we can)|"
                          r"(?:form|agreement) must be signed")
CONSENT_WORDS = re.compile(r"\bconsent|\bagree(?:s|d|ment)?\b|permission|competen|gillick|\bwishes\b|"
                           r"happy for us to|change (?:their|your) mind|withdraw")
ASSESS = {
    "explain limits-of-confidentiality": re.compile(
        r"(?:first|initial|move-in|moves? in|assessment|induction|start|admission|referral)[^.]{0,80}"
        r"(?:explain|go through|tell (?:them|you) about)|(?:explain|go through)[^.]{0,120}(?:first|initial|move-in|"
        r"assessment|induction|admission) (?:appointment|interview|meeting|session|visit)?|limits of confidentiality"),
    "record client-preferences": re.compile(
        r"(?:record|records|recorded|form records|note)[^.]{0,60}(?:who|choices|preferences|happy|agree)|"
        r"(?:who|choices|preferences)[^.]{0,60}(?:recorded|record)|tell us at any time who"),
    "assess competence": re.compile(r"competen|gillick|understanding and maturity|assess (?:this|their capacity)|"
                                    r"presumed to be able to consent"),
}
PROCEDURE = re.compile(r"decision[s]? to share|decide whether to (?:share|disclose|refer)|before (?:making|we make) "
                       r"(?:a|the) referral|will be (?:dealt with|made|decided) by|must be (?:reported|passed|"
                       r"referred) "
                       r"to|must discuss|(?:should|will|must) be told|will normally tell|will tell you|in writing|"
                       r"single point of contact|must be made in writing|must be asked for identification")
ANAPHORIC_START = re.compile(r"^(?:(?:this|these|that|such|it) [^.]{0,40}:$|(?:for example|for instance|such as|"
                             r"including|e\.g\.|examples include|these are)\s*:$|this means|this is why|"
                             r"therefore|as a result|because of this|so,|(?:if|when|where) (?:this|that) happens|"
                             r"(?:we|they|staff) (?:will|would|can|may|must) (?:only )?do (?:this|so)|"
                             r"this (?:will|must|can) only|this includes|this applies|these include)", re.I)
REFUSAL_START = re.compile(r"^if (?:they|you|he|she|the \w+(?: \w+)?) (?:refuses?|do not agree|does not agree|"
                           r"say no|says no|withdraws?|(?:do|does) not(?: do so)?,)", re.I)
SKIP_SECTION = re.compile(r"^(?:(?:\d+\.?|appendix \w+\.?|annex \w+\.?)\s+)?(?:definitions?|glossary|"
                          r"legislation(?: and guidance)?|related (?:policies|documents)|references|"
                          r"document control|version (?:control|history)|signatures?|review and signatures|"
                          r"request for information form|complaints?)\b", re.I)


def records_lines(text: str) -> list[str]:
    """Which `records` lines a records rule supports (storage, log, retention, access)."""
    low = plain(text)
    return [name for name, pat in RECORDS.items() if pat.search(low)]


def assessment_lines(text: str) -> list[str]:
    """Which `at-assessment` lines the statement supports."""
    low = plain(text)
    return [line for line, pat in ASSESS.items() if pat.search(low)]


def has(pattern: re.Pattern[str], text: str) -> bool:
    """Does the pattern match the text in the form every cue is written for (lower case, straight quotes)?"""
    return bool(pattern.search(plain(text)))
