"""The catalogue as users read it: docs/rules.md, `confide rules` and `confide explain`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from confide.findings import DOC_HEADINGS
from confide.rules import CATALOGUE as REGISTRY

ROOT = Path(__file__).resolve().parent.parent
Cli = Callable[..., tuple[int, str, str]]


def test_docs_rules_md_is_up_to_date(script: Callable[[str], ModuleType]) -> None:
    expected = script("gen_rules_doc").render()
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == expected, "docs/rules.md is out of date: run .venv/bin/python scripts/gen_rules_doc.py"


def test_docs_have_one_section_per_code_with_every_heading(script: Callable[[str], ModuleType]) -> None:
    text = script("gen_rules_doc").render()
    assert "scripts/gen_rules_doc.py" in text.split("\n", 3)[0] + text.split("\n", 3)[1]
    for code, rule in REGISTRY.items():
        entry = text.split(f"\n## {code} `{rule.symbol}`\n", 1)[1].split("\n## ", 1)[0]
        assert rule.severity.label in entry and rule.summary in entry
        for heading in DOC_HEADINGS:
            assert f"### {heading}\n" in entry, f"{code} lacks '{heading}' in docs/rules.md"


def test_rules_lists_the_whole_catalogue(cli: Cli) -> None:
    code, out, _ = cli("rules")
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines() if line.strip()]
    assert sorted(listed) == sorted(REGISTRY)
    assert "automatic-referral-exceeds-duty" in out


def test_explain_prints_the_full_docs(cli: Cli) -> None:
    code, out, _ = cli("explain", "LAW001")
    assert code == 0
    assert out.startswith("LAW001 automatic-referral-exceeds-duty (error)")
    for heading in DOC_HEADINGS:
        assert f"{heading}:" in out


def test_explain_accepts_a_symbol_in_any_case(cli: Cli) -> None:
    code, out, _ = cli("explain", "blanket-consent")
    assert code == 0 and out.startswith("CON001")
    assert cli("explain", "law001")[1].startswith("LAW001")


def test_explain_unknown_code_exits_2_and_suggests(cli: Cli) -> None:
    code, _, err = cli("explain", "LAW01")
    assert code == 2 and "did you mean 'LAW001'?" in err
    code, _, err = cli("explain", "NOPE")
    assert code == 2
    assert "no rule, standard or law 'NOPE'" in err and "confide rules" in err
