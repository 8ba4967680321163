"""Protocols built from the language's own constructs and vocabulary, for property tests.

Mostly valid words, so the rules run on many shapes of protocol; one time in thirty a near miss
or a made-up word (E002, E005); quoted texts with hostile and template syntax. Shared by the
fuzz tests (whatever a protocol holds, findings and never a crash) and the suggestion tests
(every rewording checks clean), and loaded by conftest.py.

``fuzz(n)``: a fixed seed and ``n`` examples in the normal suite; with CONFIDE_FUZZ_EXAMPLES
set, that many random examples (scripts/fuzz.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from confide import vocabulary as V
from confide.rules import CATALOGUE as REGISTRY
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
LONG_RUN = int(os.environ.get("CONFIDE_FUZZ_EXAMPLES", "0"))


def fuzz(examples: int) -> Callable[[Any], Any]:
    """Fixed seed and ``examples`` cases in the normal suite; random and many in a long run."""
    return settings(
        max_examples=LONG_RUN or examples,
        derandomize=not LONG_RUN,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


def standards() -> list[str]:
    """The standards of the shipped library, read as text so this module stays cheap to import."""
    text = (ROOT / "checker" / "laws" / "england-and-wales.protocol").read_text(encoding="utf-8")
    return sorted({line.split()[1] for line in text.splitlines() if line.startswith("standard ")})


def laws() -> list[str]:
    """The laws of the shipped library."""
    text = (ROOT / "checker" / "laws" / "england-and-wales.protocol").read_text(encoding="utf-8")
    return sorted({line.split()[1] for line in text.splitlines() if line.startswith("law ")})


STANDARDS = standards()
TIMINGS = ["immediately", "case-by-case", '"within a day"']
LAWS = laws()

ident = st.from_regex(r"[a-z][a-z0-9]{0,7}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
# Quoted text: anything but a quote, backslash or line break, including template syntax.
text = st.text(alphabet=st.characters(blacklist_characters='\x00"\\\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029',
                                      blacklist_categories=("Cs",)), max_size=40) | st.sampled_from(
    ["{{ 7*7 }}", "{% for x in y %}", "<script>alert(1)</script>", "Riverside: ‘quotes’ — é", ""])
date = st.integers(0, 29).flatmap(lambda n: st.sampled_from(["2027-02-30", "2027-13-01", "31/03/2027"]) if n == 29
                                  else st.dates().map(lambda d: d.isoformat()))


def one_of_or_unknown(choices: list[str] | frozenset[str] | tuple[str, ...]) -> st.SearchStrategy[str]:
    """Mostly a valid word (so the rules run), one time in thirty a near miss or a made-up one (E002/E005)."""
    ordered = sorted(choices)
    wrong = st.one_of(st.sampled_from(ordered).map(lambda w: w[:-1] or "x"), ident)
    return st.integers(0, 29).flatmap(lambda n: wrong if n == 29 else st.sampled_from(ordered))


def names(pool: list[str], most: int = 3) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pool), min_size=1, max_size=most).map(", ".join)


# A clause's optional lines after its shares, each whole (a line may name a made-up law or rule).
CLAUSE_LINES: list[st.SearchStrategy[str]] = [
    one_of_or_unknown(V.CONSENT_MODES).map("consent {}".format),
    names(list(V.STEPS), 4).map("steps {}".format),
    st.just("except-in-emergency"),
    names(list(V.YOUTH_PARAMETERS), 4).map("assess {}".format),
    st.sampled_from(TIMINGS).map("timing {}".format),
    names([*LAWS, "made-up-act"], 2).map("basis {}".format),
    st.tuples(st.sampled_from([*sorted(REGISTRY), "automatic-referral-exceeds-duty", "NOPE001"]),
              text.filter(str.strip), date).map(lambda a: f'allow {a[0]} "{a[1]}" until {a[2]}'),
]


@st.composite
def protocol(draw: st.DrawFn) -> str:
    """A protocol in the language: header, declarations, assessment, records, clauses, scenarios."""
    out = [f'protocol "{draw(text)}"']
    optional: list[tuple[str, st.SearchStrategy[str]]] = [
        ("version", text.map(lambda t: f'"{t}"')), ("organisation", text.map(lambda t: f'"{t}"')),
        ("service", one_of_or_unknown(V.SERVICE_KINDS)), ("sector", one_of_or_unknown(V.SECTORS)),
        ("jurisdiction", one_of_or_unknown(V.JURISDICTIONS)), ("clients", one_of_or_unknown(V.CLIENT_GROUPS)),
        ("staff-include", names(sorted(V.STAFF_GROUPS))), ("review-by", date),
        ("owner", text.map(lambda t: f'"{t}"')),
    ]
    for keyword, values in optional:
        if draw(st.booleans()):
            out.append(f"  {keyword} {draw(values)}")
    recipients = draw(st.lists(ident, max_size=4, unique=True))
    for name in recipients:
        out.append(f"recipient {name}" + (f' "{draw(text)}"' if draw(st.booleans()) else ""))
        out.append(f"  kind {draw(one_of_or_unknown(V.RECIPIENT_KINDS))}")
        if draw(st.booleans()):
            out.append(f"  onward-sharing {draw(one_of_or_unknown(V.ONWARD_MODES))}")
        if draw(st.booleans()):
            out.append("  named-by client")
    data = draw(st.lists(ident, max_size=4, unique=True))
    for name in data:
        out += [f"data {name}", f"  kind {draw(one_of_or_unknown(V.DATA_KINDS))}"]
    triggers = draw(st.lists(ident, max_size=4, unique=True))
    for name in triggers:
        out.append(f'trigger {name} "{draw(text)}"')
        if draw(st.booleans()):
            out.append(f"  means {draw(one_of_or_unknown(STANDARDS))}")
        out.append(f"  threshold {draw(one_of_or_unknown(V.THRESHOLDS))}")
    if draw(st.booleans()):
        out += ["at-assessment", "  explain limits-of-confidentiality"]
        if draw(st.booleans()):
            out.append(f"  assess {draw(one_of_or_unknown(['competence']))}")
    if draw(st.booleans()):
        out += ["records", f"  storage {draw(one_of_or_unknown(['secure']))}", "  log disclosures",
                f'  retention "{draw(text)}"']
    recipient_pool = recipients + sorted(V.RECIPIENT_KINDS)
    data_pool = data + sorted(V.DATA_KINDS)
    trigger_pool = triggers + STANDARDS
    for ref in draw(st.lists(st.from_regex(r"[0-9]{1,2}(\.[0-9]{1,2})?", fullmatch=True), max_size=6)):
        out.append(f"clause {ref}" + (f' "{draw(text)}"' if draw(st.booleans()) else ""))
        if draw(st.booleans()):
            out.append(f"  when {draw(names(trigger_pool, 2))}")
        for _ in range(draw(st.integers(0, 29).map(lambda n: 0 if n == 29 else 1 + n % 3))):
            subject = draw(st.sampled_from(["staff", "staff", *recipients[:2], "police"]))
            modality = draw(st.sampled_from(sorted(V.MODALITIES)))
            if draw(st.integers(0, 5)) == 0:
                out.append(f"  staff may publish {draw(names(data_pool))}")
            else:
                out.append(f"  {subject} {modality} share {draw(names(data_pool))} with {draw(names(recipient_pool))}")
        for line in CLAUSE_LINES:  # each optional line, in this order, half the time
            if draw(st.booleans()):
                out.append(f"  {draw(line)}")
    if draw(st.booleans()):
        out += [f'scenario "{draw(text)}"', f"  client age {draw(st.integers(0, 120))}, competent",
                f"  events {draw(names(triggers + ['none'] if triggers else ['none'], 2))}",
                f"  consent {draw(one_of_or_unknown(V.SCENARIO_CONSENT))}",
                f"  expect share {draw(names(data_pool, 1))} with {draw(names(recipient_pool, 1))}",
                f"  expect no-share with {draw(names(recipient_pool, 1))}"]
    indent = draw(st.sampled_from(["  ", "    ", "\t", ""]))
    return "\n".join(line.replace("  ", indent, 1) if line.startswith("  ") else line for line in out) + "\n"
