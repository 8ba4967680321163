"""Rule catalogue -> docs/rules.md: the rule catalogue, generated so that it can never drift from the code.

Run ``python scripts/gen_rules_doc.py`` after changing a rule's docstring (or adding a rule);
``--check`` exits 1 without writing when docs/rules.md is out of date (tests/test_rules_doc.py
does the same comparison).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from confide.findings import DOC_HEADINGS, Rule
from confide.rules import CATALOGUE as REGISTRY
from confide.rules import RETIRED

TARGET = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
HEADER = """\
<!-- Generated from the rule catalogue by scripts/gen_rules_doc.py: do not edit by hand.
     To regenerate after changing a rule's docs: .venv/bin/python scripts/gen_rules_doc.py
     (tests/test_rules_doc.py fails while this file is out of date). -->

# Rule catalogue

Every finding carries one of these codes. Codes are stable: a withdrawn code is retired, never
reused, so an old `allow CODE` waiver cannot silence a new rule. `confide rules` lists the
catalogue and `confide explain CODE` prints one entry. Input codes (E...) come from reading the
protocol text; the others from the checks. This is a research aid, not legal advice.
"""


def _intro(rule: Rule) -> str:
    """Any text between the summary line and the first section heading."""
    lines = rule.doc.strip().splitlines()[1:]
    out: list[str] = []
    for line in lines:
        if line.rstrip(":").strip() in DOC_HEADINGS and line.endswith(":"):
            break
        out.append(line)
    return "\n".join(out).strip()


def section(rule: Rule) -> str:
    """One code's entry: code, symbol, severity, scope, summary, then every docs section."""
    parts = [
        f"## {rule.code} `{rule.symbol}`",
        "",
        f"**Severity:** {rule.severity.label} · **Checked on:** {rule.scope}",
        "",
        rule.summary,
    ]
    intro = _intro(rule)
    if intro:
        parts += ["", intro]
    for heading in DOC_HEADINGS:
        body = rule.section(heading)
        if not body:
            continue
        parts += ["", f"### {heading}", ""]
        if heading in {"Fires", "Passes"}:
            parts += ["```", body, "```"]
        else:
            parts.append(body)
    return "\n".join(parts)


def _family(code: str) -> tuple[int, str]:
    """Input codes first, then the families in the order of LANGUAGE.md section 6."""
    order = ("E", "WAIVER", "LAW", "FDAP", "DP", "YP", "CON", "GRAPH", "VAGUE")
    prefix = code.rstrip("0123456789")
    return (order.index(prefix) if prefix in order else len(order), code)


def render() -> str:
    """The whole of docs/rules.md."""
    rules = sorted(REGISTRY.values(), key=lambda r: _family(r.code))
    index = ["| code | symbol | severity | summary |", "|---|---|---|---|"]
    index += [f"| [{r.code}](#{r.code.lower()}-{r.symbol}) | `{r.symbol}` | {r.severity.label} | {r.summary} |"
              for r in rules]
    retired = ", ".join(sorted(RETIRED)) or "none"
    body = "\n\n".join(section(r) for r in rules)
    return f"{HEADER}\n" + "\n".join(index) + f"\n\nRetired codes: {retired}.\n\n{body}\n"


def main(argv: list[str] | None = None) -> int:
    """Write docs/rules.md, or with ``--check`` report whether it is up to date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/rules.md is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.is_file() else ""
        if current != text:
            print(f"{TARGET} is out of date: run python scripts/gen_rules_doc.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
