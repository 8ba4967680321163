"""Findings -> the one-line verdict on a protocol that a commissioner forwards.

"2 automatic referrals no law requires; safeguards missing from 3 clauses; overdue for review":
the most serious kinds of problem, counted, in plain words. Only errors and warnings that are
not waived count; a protocol with none gets "No errors or warnings". The words live here, one
entry per code (the steps FDAP asks for share one), so the HTML and Markdown reports agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from confide.findings import Finding, Severity
from confide.rules import CATALOGUE

# code -> (one, many); "{n}" is the count. Codes sharing a phrase are counted together.
PHRASES: dict[str, tuple[str, str]] = {
    "LAW001": ("{n} automatic referral no law requires", "{n} automatic referrals no law requires"),
    "LAW002": ("{n} power cited as a duty", "{n} powers cited as duties"),
    "LAW003": ("{n} clause acts on less certainty than the law asks",
               "{n} clauses act on less certainty than the law asks"),
    "LAW004": ("{n} law cited that does not apply here", "{n} laws cited that do not apply here"),
    "LAW006": ("{n} step that would tip someone off", "{n} steps that would tip someone off"),
    "LAW008": ("{n} law cited for the wrong situation", "{n} laws cited for the wrong situation"),
    "REVIEW001": ("overdue for review", "overdue for review"),
    "FDAP001": ("limits of confidentiality not explained", "limits of confidentiality not explained"),
    "FDAP002": ("{n} clause shares without consent or justification",
                "{n} clauses share without consent or justification"),
    "FDAP003": ("safeguards missing from {n} clause", "safeguards missing from {n} clauses"),
    "FDAP006": ("identifying details published without written consent",
                "identifying details published without written consent"),
    "FDAP007": ("records not said to be kept securely", "records not said to be kept securely"),
    "DP001": ("{n} clause shares more than it needs", "{n} clauses share more than they need"),
    "DP002": ("{n} clause shares health data with no UK GDPR condition",
              "{n} clauses share health data with no UK GDPR condition"),
    "YP001": ("{n} youth referral without weighing the four factors",
              "{n} youth referrals without weighing the four factors"),
    "YP002": ("{n} clause tells parents without consent or justification",
              "{n} clauses tell parents without consent or justification"),
    "YP003": ("{n} clause lets parents decide for a young person", "{n} clauses let parents decide for young people"),
    "CON001": ("{n} clause assumes consent or makes it a condition",
               "{n} clauses assume consent or make it a condition"),
    "CON002": ("staff decide who counts as family", "staff decide who counts as family"),
    "CON003": ("{n} opt-out used outside direct care", "{n} opt-outs used outside direct care"),
    "CON004": ("{n} best-interests decision without a lack of capacity",
               "{n} best-interests decisions without a lack of capacity"),
    "GRAPH001": ("{n} contradiction between clauses", "{n} contradictions between clauses"),
    "GRAPH002": ("{n} onward flow without consent", "{n} onward flows without consent"),
    "VAGUE001": ("{n} vague trigger", "{n} vague triggers"),
    "VAGUE002": ("{n} trigger labelled as a risk its wording does not show",
                 "{n} triggers labelled as risks their wording does not show"),
    "E": ("{n} input error stops the check", "{n} input errors stop the check"),
}
# The FDAP steps and the record of the decision: "safeguards missing", counted by clause.
SAME_PHRASE = {"FDAP004": "FDAP003", "FDAP005": "FDAP003", "DP003": "FDAP003"}
ALWAYS_SAID = "REVIEW001"  # an overdue review is said even when other problems fill the line
# A clause already counted as an automatic referral is not counted again as sharing without
# justification: LAW001 is the same fault seen from the law, FDAP002 from the FDAP code.
COUNTED_BY = {"FDAP002": "LAW001"}
SHOWN = 2
NOTHING = "No errors or warnings"


@dataclass
class _Kind:
    key: str
    severity: Severity
    order: int
    things: set[tuple[str, int, str]] = field(default_factory=set)


def phrase_key(code: str) -> str:
    """The entry of :data:`PHRASES` a code is said with (input codes share ``E``)."""
    if code.startswith("E") and code[1:].isdigit():
        return "E"
    return SAME_PHRASE.get(code, code)


def verdict(findings: Sequence[Finding], shown: int = SHOWN) -> str:
    """The verdict: up to ``shown`` kinds of problem, most serious first, then how many more."""
    kinds: dict[str, _Kind] = {}
    order = {code: i for i, code in enumerate(CATALOGUE.codes)}
    live = [f for f in findings if not f.waived and f.severity >= Severity.WARNING]
    counted = {(f.code, f.span.path, f.clause) for f in live if f.clause}
    for finding in live:
        other = COUNTED_BY.get(finding.code)
        if other and (other, finding.span.path, finding.clause) in counted:
            continue
        key = phrase_key(finding.code)
        kind = kinds.setdefault(key, _Kind(key, finding.severity, order.get(finding.code, len(order))))
        kind.severity = max(kind.severity, finding.severity)
        # The safeguards are counted by clause; anything else by finding.
        thing = (finding.clause or "", 0, "") if key == "FDAP003" else \
            (finding.clause or "", finding.span.line, finding.message)
        kind.things.add(thing)
    if not kinds:
        waived = sum(1 for f in findings if f.waived and f.severity >= Severity.WARNING)
        return f"{NOTHING} ({waived} waived)" if waived else NOTHING
    ranked = sorted(kinds.values(), key=lambda k: (-k.severity, k.key == ALWAYS_SAID, k.order))
    review = next((k for k in ranked if k.key == ALWAYS_SAID), None)
    others = [k for k in ranked if k is not review]
    words = [_say(k) for k in others[:shown]]
    if len(others) > shown:
        left = len(others) - shown
        words.append(f"{left} other kind{'s' if left != 1 else ''} of problem")
    if review is not None:
        words.append(_say(review))
    return "; ".join(words)


def _say(kind: _Kind) -> str:
    count = len(kind.things)
    one, many = PHRASES.get(kind.key) or (_summary(kind.key),) * 2
    return (one if count == 1 else many).format(n=count)


def _summary(code: str) -> str:
    """A rule with no phrase of its own (a re-graded info rule) is said with its summary."""
    rule = CATALOGUE.get(code)
    text = rule.summary.rstrip(".") if rule else code
    return text[:1].lower() + text[1:]
