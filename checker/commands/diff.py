"""Two checked protocols (old, new) -> :class:`Diff`: what a redraft changes in obligations.

A text diff of two protocols shows edited lines; a commissioner needs to know what the
edit *does*: which flows of information appear or go, which ``may`` became ``must``, where
consent was weakened, which safeguards were dropped, and which findings the redraft
introduces or resolves. Flows are compared by what is shared with whom under which
triggers, so renumbering or reordering clauses is not a change.

The changes that make sharing less safe (LANGUAGE.md §7) carry a stable code and a severity
(:data:`CHANGES`, documented in docs/ci.md), so ``confide diff`` is a gate: it fails when one is
at or above ``--fail-on``. The others (a flow shared with consent, a safeguard added, a
finding resolved) are reported without a code and never fail.
"""

from __future__ import annotations

import inspect
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from confide import __version__
from confide import vocabulary as V
from confide.check import Checked
from confide.display import visible
from confide.findings import Catalogue, Finding, Rule, Severity
from confide.graph import NOT_DISCLOSED, ObligationGraph
from confide.language.model import Clause


def _change(code: str, symbol: str, severity: Severity, doc: str) -> Rule:
    return Rule(code, symbol, severity, "diff", inspect.cleandoc(doc))


# The catalogue of diff changes: codes are the contract, as rule codes are; never reuse one.
HARDENED = _change("DIFF001", "hardened-to-must", Severity.ERROR, """\
    A case-by-case power became automatic: 'may share' is now 'must share'.""")
CONSENT_WEAKENED = _change("DIFF002", "consent-weakened", Severity.ERROR, """\
    The client keeps less say: the consent mode is weaker (written > required, preferences >
    unless-objects, best-interests > not-required > blanket, bundled).""")
SAFEGUARD_REMOVED = _change("DIFF003", "safeguard-removed", Severity.ERROR, """\
    A step before sharing (seek-consent, consult-supervisor, inform-client, record-decision) or a
    youth assessment parameter was dropped, the steps may now be skipped in an emergency or where
    asking or telling is unsafe, or a recipient's onward-sharing limit was loosened. A step
    the law forbids under every trigger of the clause (tipping off, LAW006) is listed, not coded.""")
NEW_WITHOUT_CONSENT = _change("DIFF004", "new-sharing-without-consent", Severity.ERROR, """\
    A recipient now receives a data kind without the client's consent that it did not before
    (a new recipient, a new data kind, consent dropped on a flow, or a declared kind changed
    under the same name).""")
RELABELLED = _change("DIFF005", "trigger-means-changed", Severity.ERROR, """\
    A trigger now means another library standard: the label decides which laws and which
    serious-harm justification apply, so it decides the verdicts.""")
THRESHOLD_LOWERED = _change("DIFF006", "threshold-lowered", Severity.ERROR, """\
    A trigger acts on less certainty (knowledge > belief > suspicion): sharing starts sooner.""")
THRESHOLD_RAISED = _change("DIFF007", "threshold-raised", Severity.WARNING, """\
    A trigger acts only on more certainty: sharing starts later, which can miss a duty's threshold.""")
NEW_FINDING = _change("DIFF008", "new-finding", Severity.INFO, """\
    The new draft has a finding the old one did not (compared by code and clause); the change
    takes the finding's own severity.""")
CHANGES = Catalogue([HARDENED, CONSENT_WEAKENED, SAFEGUARD_REMOVED, NEW_WITHOUT_CONSENT, RELABELLED,
                     THRESHOLD_LOWERED, THRESHOLD_RAISED, NEW_FINDING])

# How much say the client keeps, from most to least (LANGUAGE.md §3 consent modes).
CONSENT_STRENGTH = {"written": 4, "required": 3, "preferences": 3, "unless-objects": 2, "best-interests": 2,
                    "not-required": 1, "blanket": 0, "bundled": 0}
MODALITY_STRENGTH = {"may": 1, "must": 2}


@dataclass(frozen=True)
class Term:
    """One datum going from a subject to a recipient under a set of triggers, and its terms."""

    subject: str
    data: str
    recipient: str
    when: tuple[str, ...]
    prohibited: bool
    modality: str
    consent: str
    steps: frozenset[str]
    assess: frozenset[str]
    emergency: bool
    clause: str
    without_consent: bool = False
    data_kind: str = ""  # what the data and the recipient are judged as (their declared kinds)
    recipient_kind: str = ""
    forbidden: frozenset[str] = frozenset()  # steps the law forbids under every trigger (tipping off)
    unsafe: bool = False  # except-where-unsafe: asking and telling may be skipped

    @property
    def key(self) -> tuple[str, str, str, tuple[str, ...], bool]:
        """What makes two flows 'the same flow' across drafts."""
        return (self.subject, self.data, self.recipient, self.when, self.prohibited)

    def where(self) -> str:
        """'with police when dealing' for a message."""
        when = f"when {', '.join(self.when)}" if self.when else "always"
        return f"{self.recipient} {when}"


@dataclass(frozen=True)
class Change:
    """One change in obligations: its section, a sentence, the data it concerns, and its code
    and severity when it makes sharing less safe (None otherwise: it never fails the gate).
    """

    section: str
    text: str
    data: str = ""
    code: str | None = None
    severity: Severity | None = None


@dataclass(frozen=True)
class Diff:
    """Every change from ``old`` to ``new``, grouped for printing."""

    old: str
    new: str
    changes: tuple[Change, ...]

    def failing(self, fail_on: Severity) -> list[Change]:
        """The coded changes at or above ``fail_on``: what makes the gate fail."""
        return [c for c in self.changes if c.severity is not None and c.severity >= fail_on]


SECTIONS = ("Protocols added", "Protocols removed", "Flows added", "Flows removed", "Hardened (may -> must)",
            "Softened (must -> may)", "Consent weakened", "Consent strengthened", "Safeguards removed",
            "Safeguards added", "Triggers changed", "Findings introduced", "Findings resolved")


# A flow with consent, forbidden, or disclosing nothing (internal, anonymised) is not sharing without consent.
NOT_WITHOUT_CONSENT = frozenset({"consent", "prohibited"}) | NOT_DISCLOSED


def terms(graph: ObligationGraph) -> dict[tuple[str, str, str, tuple[str, ...], bool], Term]:
    """Every datum of every flow of a protocol (its own clauses and its includes'), with its terms."""
    out: dict[tuple[str, str, str, tuple[str, ...], bool], Term] = {}
    for flow in graph.flows:
        clause, share = flow.clause, flow.share
        for data in share.data:
            term = Term(flow.subject, data.text, flow.recipient, tuple(sorted(t.text for t in clause.when)),
                        flow.prohibited, share.modality.text, clause.consent_mode,
                        frozenset(s.text for s in clause.steps), frozenset(a.text for a in clause.assess),
                        clause.except_in_emergency, clause.ref.text, flow.status not in NOT_WITHOUT_CONSENT,
                        graph.data_kind(data.text), graph.recipient_kind(flow.recipient), _forbidden(graph, clause),
                        clause.except_where_unsafe)
            out.setdefault(term.key, term)
    return out


def _forbidden(graph: ObligationGraph, clause: Clause) -> frozenset[str]:
    """The steps the law forbids under every trigger of ``clause`` (LAW006): dropping one is
    what the law asks, not a safeguard lost (a step forbidden under only some triggers is
    dropped by splitting the clause, which changes its flows' triggers instead).
    """
    verdicts = graph.verdicts(clause)
    return frozenset(step for step in graph.forbidden_steps(clause)
                     if verdicts and all(graph.laws_forbidding(v.standard, step) for v in verdicts))


def diff(old: Checked | None, new: Checked | None) -> Diff:
    """What changes in obligations from ``old`` to ``new`` (None: the protocol is added or removed).

    A side with input errors has no obligation graph: only its findings are compared.
    """
    before = terms(old.graph) if old is not None and old.graph is not None else {}
    after = terms(new.graph) if new is not None and new.graph is not None else {}
    changes: list[Change] = []
    if old is None and new is not None:
        changes.append(Change("Protocols added", f"{new.path} is new"))
    if new is None and old is not None:
        changes.append(Change("Protocols removed", f"{old.path} is gone"))
    unconsented = {(t.subject, t.data, t.recipient) for t in before.values() if t.without_consent}
    # Who already received the whole case file without consent: any narrower datum is not new to them.
    everything = {(t.subject, t.recipient) for t in before.values()
                  if t.without_consent and t.data_kind == V.EVERYTHING}
    # The same flow by name, but what it carries or whom it reaches judged as another kind.
    kinds = {(t.subject, t.data_kind, t.recipient_kind) for t in before.values() if t.without_consent}
    for key in after.keys() - before.keys():
        f = after[key]
        verb = "must not share" if f.prohibited else f"{f.subject} {f.modality} share"
        text = f"{verb} with {f.where()} (clause {f.clause}, consent {f.consent})"
        gate = f.without_consent and (f.subject, f.data, f.recipient) not in unconsented \
            and (f.subject, f.recipient) not in everything
        changes.append(_coded(NEW_WITHOUT_CONSENT, "Flows added", text, f.data) if gate
                       else Change("Flows added", text, f.data))
    for key in before.keys() - after.keys():
        f = before[key]
        verb = "must not share" if f.prohibited else f"{f.subject} {f.modality} share"
        changes.append(Change("Flows removed", f"{verb} with {f.where()} (was clause {f.clause})", f.data))
    for key in before.keys() & after.keys():
        changes.extend(_compare(before[key], after[key], kinds))
    if old is not None and new is not None and old.graph is not None and new.graph is not None:
        changes.extend(_triggers(old.graph, new.graph))
        changes.extend(_onward(old.graph, new.graph))
    changes.extend(_findings(list(old.findings) if old else [], list(new.findings) if new else []))
    order = {s: i for i, s in enumerate(SECTIONS)}
    changes.sort(key=lambda c: (order[c.section], c.text, c.data))
    return Diff(old.path if old else "(none)", new.path if new else "(none)", tuple(changes))


def _coded(kind: Rule, section: str, text: str, data: str = "", severity: Severity | None = None) -> Change:
    return Change(section, text, data, kind.code, severity if severity is not None else kind.severity)


ONWARD_STRENGTH = {"prohibited": 2, "requires-consent": 1, "allowed": 0}


def _onward(old: ObligationGraph, new: ObligationGraph) -> list[Change]:
    """A recipient of both drafts whose ``onward-sharing`` limit is loosened: what it receives
    may now travel on (GRAPH002 stops looking there), as a partner clause added would.
    """
    out = []
    for name in sorted(old.unit.recipients.keys() & new.unit.recipients.keys()):
        was, now = old.onward_limit(name), new.onward_limit(name)
        if ONWARD_STRENGTH.get(now, 0) < ONWARD_STRENGTH.get(was, 0):
            out.append(_coded(SAFEGUARD_REMOVED, "Safeguards removed",
                              f"{name} may now pass on what it receives (onward-sharing {was} -> {now})"))
    return out


def _triggers(old: ObligationGraph, new: ObligationGraph) -> list[Change]:
    """A trigger of both drafts whose ``means`` or (effective) ``threshold`` changed."""
    out = []
    for name in sorted(old.unit.triggers.keys() & new.unit.triggers.keys()):
        was, now = old.trigger_standard(name), new.trigger_standard(name)
        if was != now:
            out.append(_coded(RELABELLED, "Triggers changed", f"{name} now means {now or 'no standard'} "
                              f"(was {was or 'no standard'})"))
        before, after = old.effective_threshold(name), new.effective_threshold(name)
        if before and after and before != after:
            lower = V.THRESHOLDS.index(after) < V.THRESHOLDS.index(before)
            out.append(_coded(THRESHOLD_LOWERED if lower else THRESHOLD_RAISED, "Triggers changed",
                              f"{name} acts on {after} (was {before})"))
    return out


def _compare(a: Term, b: Term, unconsented: set[tuple[str, str, str]]) -> list[Change]:
    """The changes to one flow; ``unconsented``: (subject, data kind, recipient kind) the old
    draft already shared without consent.
    """
    out = []
    where = f"with {b.where()} (clause {a.clause}" + (f" -> {b.clause})" if a.clause != b.clause else ")")
    received = {(b.subject, kind, b.recipient_kind) for kind in (b.data_kind, V.EVERYTHING)}  # the case file: all
    if b.without_consent and not b.prohibited and (b.data_kind, b.recipient_kind) != (a.data_kind, a.recipient_kind) \
            and not received & unconsented:
        now = [f"{name} is now declared {kind} (was {was})" for name, kind, was in
               ((b.data, b.data_kind, a.data_kind), (b.recipient, b.recipient_kind, a.recipient_kind)) if kind != was]
        out.append(_coded(NEW_WITHOUT_CONSENT, "Flows added",
                          f"{' and '.join(now)}: shared without consent {where}", a.data))
    if a.modality != b.modality and not b.prohibited:
        text = f"{a.modality} -> {b.modality} share {where}"
        out.append(_coded(HARDENED, "Hardened (may -> must)", text, a.data)
                   if MODALITY_STRENGTH[b.modality] > MODALITY_STRENGTH[a.modality]
                   else Change("Softened (must -> may)", text, a.data))
    if CONSENT_STRENGTH[a.consent] != CONSENT_STRENGTH[b.consent]:
        text = f"consent {a.consent} -> {b.consent} {where}"
        out.append(_coded(CONSENT_WEAKENED, "Consent weakened", text, a.data)
                   if CONSENT_STRENGTH[b.consent] < CONSENT_STRENGTH[a.consent]
                   else Change("Consent strengthened", text, a.data))
    if b.without_consent and not a.without_consent and not b.prohibited \
            and CONSENT_STRENGTH[a.consent] == CONSENT_STRENGTH[b.consent]:
        out.append(_coded(NEW_WITHOUT_CONSENT, "Consent weakened", f"now shared without consent {where}", a.data))
    barred = sorted((a.steps - b.steps) & b.forbidden)
    if barred:
        out.append(Change("Safeguards removed", f"no longer {', '.join(barred)} before sharing {where}: "
                          "the law forbids it here (tipping off)", a.data))
    lost = sorted(a.steps - b.steps - b.forbidden) + [f"assess {p}" for p in sorted(a.assess - b.assess)]
    if lost:
        out.append(_coded(SAFEGUARD_REMOVED, "Safeguards removed",
                          f"no longer {', '.join(lost)} before sharing {where}", a.data))
    if b.emergency and not a.emergency:
        out.append(_coded(SAFEGUARD_REMOVED, "Safeguards removed",
                          f"steps may now be skipped in an emergency, sharing {where}", a.data))
    if b.unsafe and not a.unsafe:
        out.append(_coded(SAFEGUARD_REMOVED, "Safeguards removed",
                          f"asking and telling the client may now be skipped where unsafe, sharing {where}", a.data))
    gained = sorted(b.steps - a.steps) + [f"assess {p}" for p in sorted(b.assess - a.assess)]
    if gained:
        out.append(Change("Safeguards added", f"now {', '.join(gained)} before sharing {where}", a.data))
    return out


def _finding_key(finding: Finding) -> tuple[str, str]:
    return (finding.code, finding.clause or "")


def _findings(old: list[Finding], new: list[Finding]) -> list[Change]:
    """Findings compared by code and clause (messages carry line numbers that move)."""
    live_old = Counter(_finding_key(f) for f in old if not f.waived)
    live_new = Counter(_finding_key(f) for f in new if not f.waived)
    out = []
    for section, counts, source in (("Findings introduced", live_new - live_old, new),
                                    ("Findings resolved", live_old - live_new, old)):
        for key in counts:
            finding = next(f for f in source if _finding_key(f) == key and not f.waived)
            where = f" (clause {finding.clause})" if finding.clause else ""
            text = f"{finding.severity.label} {finding.code}{where}: {finding.message}"
            out.append(_coded(NEW_FINDING, section, text, severity=finding.severity) if section == "Findings introduced"
                       else Change(section, text))
    return out


def _grouped(diff: Diff, section: str) -> list[str]:
    """Lines of a section, with the data of otherwise identical changes joined, coded ones marked."""
    joined: dict[tuple[str, str | None, Severity | None], list[str]] = {}
    for change in diff.changes:
        if change.section == section:
            joined.setdefault((change.text, change.code, change.severity), []).append(change.data)
    out = []
    for (text, code, severity), data in joined.items():
        mark = f"[{code} {severity.label}] " if code and severity is not None and code != NEW_FINDING.code else ""
        out.append(mark + (f"{', '.join(d for d in data if d)}: " if any(data) else "") + text)
    return out


def render_text(diffs: Sequence[Diff], fail_on: Severity = Severity.ERROR) -> str:
    """Plain text, one section per kind of change, one part per pair of protocols that differ."""
    out: list[str] = []
    for diff in diffs:
        if out:
            out.append("")
        out.append(f"confide diff {visible(diff.old)} -> {visible(diff.new)}")
        for section in SECTIONS:
            lines = _grouped(diff, section)
            if lines:
                out += ["", f"{section}:"] + [f"  {line}" for line in lines]
        if not diff.changes:
            out.append("No change in obligations or findings.")
    out += ["", _verdict(diffs, fail_on)]
    return "\n".join(out) + "\n"


def render_markdown(diffs: Sequence[Diff], fail_on: Severity = Severity.ERROR) -> str:
    """Markdown for a pull-request comment; protocol text is shown as code, never as markup."""
    out: list[str] = []
    for diff in diffs:
        if out:
            out.append("")
        out.append(f"## Obligation changes: `{_code(diff.old)}` → `{_code(diff.new)}`")
        for section in SECTIONS:
            lines = _grouped(diff, section)
            if lines:
                out += ["", f"### {section}", ""] + [f"- {_escape(line)}" for line in lines]
        if not diff.changes:
            out += ["", "No change in obligations or findings."]
    out += ["", f"**{_escape(_verdict(diffs, fail_on))}**"]
    return "\n".join(out) + "\n"


def render_json(diffs: Sequence[Diff], fail_on: Severity = Severity.ERROR) -> str:
    """``--format json``: every change of every pair, with its code and severity (null: never fails)."""
    files = [{"old": d.old, "new": d.new, "changes": [
        {"section": c.section, "code": c.code, "severity": c.severity.label if c.severity is not None else None,
         "text": c.text, "data": c.data} for c in d.changes]} for d in diffs]
    failing = [c for d in diffs for c in d.failing(fail_on)]
    counts = Counter(c.severity.label for d in diffs for c in d.changes if c.severity is not None)
    document = {"schema_version": 1, "confide": __version__, "fail_on": fail_on.label, "files": files,
                "summary": {"pairs": len(diffs), "changes": sum(len(d.changes) for d in diffs),
                            "error": counts["error"], "warning": counts["warning"], "info": counts["info"],
                            "failing": len(failing)}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _verdict(diffs: Sequence[Diff], fail_on: Severity) -> str:
    # Counted as printed: one change to several data items of one flow is one line.
    failing = list({(d.new, c.section, c.text, c.code): c for d in diffs for c in d.failing(fail_on)}.values())
    if not failing:
        return f"No change makes sharing less safe at or above {fail_on.label}."
    codes = ", ".join(sorted({c.code or "" for c in failing}))
    return (f"{len(failing)} change{'s' if len(failing) != 1 else ''} make{'' if len(failing) != 1 else 's'} "
            f"sharing less safe at or above {fail_on.label} ({codes}).")


def _code(text: str) -> str:
    r"""A file name as a Markdown code span: one line (a line break shown as ``\n``), no backtick."""
    return visible(text).replace("`", "'")


def _escape(text: str) -> str:
    """Escape what Markdown (and the HTML it may become) would otherwise interpret, as every report does."""
    from confide.report.templates import escape_markdown

    return str(escape_markdown(text))
