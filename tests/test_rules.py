"""Every rule against its fixture cases (tests/rules/<CODE>.yaml), and the catalogue's own docs.

Each case is a whole protocol; the findings of that file's code must be exactly the expected
(line, column) list, so a rule that fires in the wrong place, too often or not at all fails.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from confide.batch import check_paths as check
from confide.findings import DOC_HEADINGS, Finding
from confide.rules import CATALOGUE as REGISTRY

rules_cases = sys.modules["rules_cases"]  # loaded by conftest.py
CheckText = Callable[..., list[Finding]]
CASES = rules_cases.CASES


@pytest.mark.parametrize("case", CASES, ids=[c.test_id for c in CASES])
def test_rule_case(case: rules_cases.Case, check_text: CheckText, tmp_path: Path) -> None:
    if case.encoding == "utf-8":
        findings = check_text(case.protocol, settings=case.settings(), extra=case.files)
        target = tmp_path / "t.protocol"
    else:  # a file saved in another encoding cannot go through the text fixture
        target = case.write(tmp_path)
        findings = [f for r in check([str(target)], case.settings()) for f in r.findings]
    # Only the case's own file: a tiny max-file-size also trips the built-in library's E006.
    mine = [f for f in findings if f.span.path == str(target)]
    got = sorted((f.code, f.span.line, f.span.column) for f in mine if f.code == case.code)
    assert got == sorted(case.expect), "\n".join(f"{f.code} {f.span.line}:{f.span.column} {f.message}" for f in mine)


def test_every_registered_code_has_fixtures_that_fire_and_stay_silent() -> None:
    firing = Counter(c.code for c in CASES if c.fires)
    silent = Counter(c.code for c in CASES if not c.fires)
    for code in REGISTRY:
        assert (rules_cases.RULES_DIR / f"{code}.yaml").is_file(), f"tests/rules/{code}.yaml is missing"
        assert firing[code] >= 2, f"{code} needs at least two cases that fire"
        assert silent[code] >= 2, f"{code} needs at least two near misses that stay silent"


def test_every_fixture_names_a_real_code() -> None:
    for path in rules_cases.RULES_DIR.glob("*.yaml"):
        assert path.stem in REGISTRY, f"{path.name} is not a registered code"
    for case in CASES:
        assert all(code == case.code for code, _, _ in case.expect), f"{case.test_id} expects another code"


def test_case_ids_are_unique() -> None:
    ids = Counter(c.test_id for c in CASES)
    assert [i for i, n in ids.items() if n > 1] == []


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_rule_docs_have_summary_and_every_section(code: str) -> None:
    rule = REGISTRY[code]
    assert rule.summary and rule.summary.endswith("."), f"{code}: first line must be a one-line summary"
    first_block = rule.doc.strip().split("\n\n")[0]
    assert "\n" not in first_block.strip(), f"{code}: the summary must fit on one line"
    for heading in DOC_HEADINGS:
        assert rule.section(heading), f"{code}: docs lack the '{heading}' section"
